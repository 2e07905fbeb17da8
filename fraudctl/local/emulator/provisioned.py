"""What provisioning did: the resources created in moto, and the settings left out with the reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Provisioned:
    """What was created, and what was not (with why), for the start-up banner and the docs."""

    created: list[str] = field(default_factory=list)  # "table transactions-dev", ...
    notes: list[str] = field(default_factory=list)  # settings not applied locally, and why
    not_emulated: Counter[str] = field(default_factory=Counter)  # AWS service -> resources left out

    def summary(self) -> str:
        left_out = ", ".join(f"{count} {service}" for service, count in sorted(self.not_emulated.items()))
        return f"created {len(self.created)} resources in moto; not emulated: {left_out or 'none'}"
