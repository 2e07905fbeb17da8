"""Where a SARIF result points: the program line that declared the resource, and the resource itself by URN.

Shared by the pack's run and the outside tools' runs, so code scanning places every result of a resource alike.
"""

from __future__ import annotations

from typing import Any, Protocol


class _Located(Protocol):
    @property
    def location(self) -> Any: ...  # has .path and .line
    @property
    def resource_name(self) -> str: ...
    @property
    def resource_urn(self) -> str: ...


def resource_locations(finding: _Located) -> list[dict[str, Any]]:
    return [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": finding.location.path, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": finding.location.line},
            },
            "logicalLocations": [
                {"name": finding.resource_name, "fullyQualifiedName": finding.resource_urn, "kind": "resource"}
            ],
        }
    ]
