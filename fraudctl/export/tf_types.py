"""Pulumi type token -> Terraform resource type, derived from the installed pulumi-aws, not typed by hand.

pulumi-aws bridges terraform-provider-aws: every `aws:<module>/<camelName>:<Name>` resource is a Terraform
`aws_<prefix><snake_name>` resource. The installed Python SDK does not carry that Terraform name anywhere as data
(its package metadata, `pulumi-plugin.json` and docstrings were searched; the provider schema with the mapping lives in
the provider plugin, which this machine cannot install). What the SDK does carry:

- every resource token it registers (`pulumi_aws/__init__.py`, `_utilities.register(resource_modules=...)`), and
- in the docstring examples converted from the Terraform docs, references to resources the example does not declare,
  named `<instance>_<terraform type>` (e.g. `example_aws_api_gateway_rest_api["id"]` in `pulumi_aws/apigateway/`).

So the mapping is the bridge's own naming rule (the Name is the camel case of the Terraform name after the module's
prefix) inverted: the prefix of each module is learned from the Terraform types its own docstrings name (`apigateway`
-> `api_gateway_`, `ec2` -> `` as in `aws_vpc`), else the module's name. A few tokens were renamed by hand in the
bridge (`aws:apigateway/response:Response` is `aws_api_gateway_gateway_response`); with a reference list of real
Terraform types (Checkov's, when its environment is there) such a token is repaired when exactly one unclaimed type
of the module ends with its name, and any token still unconfirmed is reported, never silently guessed.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

_REGISTER = re.compile(r'resource_modules="""(.*?)"""', re.S)
# A converted example's reference to an undeclared resource: `<instance>_aws_<type>[`.
_EXAMPLE_REFERENCE = re.compile(r"\b[a-z0-9_]*?_(aws_[a-z0-9_]+?)\[")


def snake(name: str) -> str:
    """`RestApi` -> `rest_api`, `BucketV2` -> `bucket_v2`, `SecurityGroupEgressRule` -> `security_group_egress_rule`."""
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", spaced).lower()


@dataclass(frozen=True)
class Mapping:
    token: str
    terraform_type: str
    evidence: str  # "docstring example", "module prefix <p> (from docstrings)", "module name", "reference list"
    confirmed: bool  # the type is named in the SDK's docstrings or in the reference list


@dataclass
class TerraformTypes:
    """The installed pulumi-aws's resources and what it says about their Terraform types."""

    package_dir: Path
    version: str
    modules: dict[str, dict[str, str]]  # module -> {token: class name}
    module_dirs: dict[str, Path]
    reference: frozenset[str] = frozenset()  # real Terraform types known from elsewhere (may be empty)
    _cache: dict[str, Mapping] = field(default_factory=dict)

    @classmethod
    def installed(cls, reference: Iterable[str] = ()) -> TerraformTypes:
        return cls(*_installed_package(), reference=frozenset(reference))

    @property
    def tokens(self) -> list[str]:
        return sorted(token for classes in self.modules.values() for token in classes)

    def lookup(self, token: str) -> Mapping | None:
        """The Terraform type of a pulumi-aws resource token; None when the installed package has no such resource."""
        if token in self._cache:
            return self._cache[token]
        module = _module_of(token)
        if token not in self.modules.get(module, {}):
            return None
        for candidate in self._module_mappings(module):
            self._cache[candidate.token] = candidate
        return self._cache[token]

    def _module_mappings(self, module: str) -> list[Mapping]:
        classes = self.modules[module]
        seen = _examples_named(self.module_dirs[module])
        prefixes: Counter[str] = Counter()
        for tf_type in seen:
            rest = tf_type.removeprefix("aws_")
            for name in classes.values():
                tail = snake(name)
                if rest == tail or rest.endswith("_" + tail):
                    prefixes[rest[: len(rest) - len(tail)]] += 1
        # The module's own prefix: the one most of its named types share; on a tie the module's own name (`s3_`,
        # not `s3vectors_vector_` from an example that mentions a vector bucket), then the longer one.
        own = module + "_"
        ranked = sorted(prefixes.items(), key=lambda item: (-item[1], item[0] != own, -len(item[0])))
        module_prefix, how = (
            (ranked[0][0], f"module prefix '{ranked[0][0]}' (from docstrings)")
            if ranked
            else (
                module.replace("-", "_") + "_",
                "module name",
            )
        )
        mappings = []
        for token, name in classes.items():
            derived = f"aws_{module_prefix}{snake(name)}"
            if derived in seen:
                mappings.append(Mapping(token, derived, "docstring example", True))
            else:
                mappings.append(Mapping(token, derived, how, derived in self.reference))
        return self._repaired(mappings, module_prefix)

    def _repaired(self, mappings: list[Mapping], module_prefix: str) -> list[Mapping]:
        """Tokens the bridge renamed by hand: the one unclaimed reference type of the module that ends with the name."""
        if not self.reference:
            return mappings
        claimed = {m.terraform_type for m in mappings if m.confirmed}
        pool = [t for t in self.reference if t.startswith(f"aws_{module_prefix}") and t not in claimed]
        repaired = []
        for mapping in mappings:
            if mapping.confirmed:
                repaired.append(mapping)
                continue
            tail = "_" + mapping.terraform_type.removeprefix(f"aws_{module_prefix}")
            matches = [t for t in pool if t.endswith(tail)]
            if len(matches) == 1:
                repaired.append(Mapping(mapping.token, matches[0], "reference list (renamed in the bridge)", True))
            else:
                repaired.append(mapping)
        return repaired


def _module_of(token: str) -> str:
    parts = token.split(":")
    return parts[1].split("/")[0] if len(parts) == 3 and parts[0] == "aws" else ""


@cache
def _installed_package() -> tuple[Path, str, dict[str, dict[str, str]], dict[str, Path]]:
    spec = importlib.util.find_spec("pulumi_aws")  # found, not imported: importing pulumi_aws takes seconds
    if spec is None or spec.origin is None:
        raise LookupError("pulumi-aws is not installed in this environment")
    package_dir = Path(spec.origin).parent
    plugin = json.loads((package_dir / "pulumi-plugin.json").read_text(encoding="utf-8"))
    found = _REGISTER.search((package_dir / "__init__.py").read_text(encoding="utf-8"))
    if found is None:
        raise LookupError(f"{package_dir}/__init__.py registers no resource modules: an unexpected pulumi-aws layout")
    modules: dict[str, dict[str, str]] = defaultdict(dict)
    module_dirs: dict[str, Path] = {}
    for entry in json.loads(found.group(1)):
        for token, class_name in entry["classes"].items():
            module = _module_of(token)
            modules[module][token] = class_name
            module_dirs[module] = package_dir.joinpath(*entry["fqn"].split(".")[1:])
    return package_dir, str(plugin.get("version", "")), dict(modules), module_dirs


@cache
def _examples_named(module_dir: Path) -> frozenset[str]:
    named: set[str] = set()
    for path in module_dir.glob("*.py"):
        named.update(_EXAMPLE_REFERENCE.findall(path.read_text(encoding="utf-8")))
    return frozenset(named)
