"""Derive the set of taggable AWS resource types from the installed pulumi-aws and write policies/taggable_types.json.

A type is taggable when its resource class's constructor (`_internal_init`) takes a `tags` argument. The provider's
`default_tags` reach a resource through its `tags_all` output; the few taggable types without one are listed apart,
because only their own `tags` count.

The classes are read as source text rather than imported: importing all ~1,750 resource modules takes 15-20 s, the
text scan under a second. The scan is cross-checked against the package's own type registry (the `resource_modules`
JSON in pulumi_aws/__init__.py), so a change of the generated code's shape fails loudly instead of losing types.

Usage: python scripts/gen_taggable_types.py [--check]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "policies" / "taggable_types.json"

_CUSTOM_RESOURCE = "(pulumi.CustomResource)"
_TYPE_TOKEN = re.compile(r"super\((\w+), __self__\)\.__init__\(\s*'([^']+)'")
_INTERNAL_INIT = re.compile(r"def _internal_init\(__self__,(.*?)\):", re.S)
_PARAMETER = re.compile(r"^\s*(\w+):", re.M)
_TAGS_ALL_OUTPUT = re.compile(r"def tags_all\(self\) -> pulumi\.Output")
_REGISTRY = re.compile(r'resource_modules="""(.*?)"""', re.S)


class DerivationError(RuntimeError):
    """The pulumi-aws sources no longer look the way this script expects."""


def package_root() -> Path:
    spec = importlib.util.find_spec("pulumi_aws")
    if spec is None or spec.origin is None:
        raise DerivationError("pulumi_aws is not installed in this interpreter")
    return Path(spec.origin).parent


def registered_types(root: Path) -> set[str]:
    """Every resource type token pulumi-aws registers (its resource_modules table)."""
    match = _REGISTRY.search((root / "__init__.py").read_text(encoding="utf-8"))
    if match is None:
        raise DerivationError("no resource_modules registry in pulumi_aws/__init__.py")
    return {token for module in json.loads(match.group(1)) for token in module["classes"]}


def scan_resource_classes(root: Path) -> dict[str, tuple[bool, bool]]:
    """type token -> (constructor takes `tags`, class has a `tags_all` output), for every resource class."""
    found: dict[str, tuple[bool, bool]] = {}
    for source in sorted(root.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        if _CUSTOM_RESOURCE not in text:
            continue
        tokens = _TYPE_TOKEN.findall(text)
        inits = _INTERNAL_INIT.findall(text)
        if len(tokens) != 1 or len(inits) != 1:
            raise DerivationError(
                f"{source}: expected one resource class, found {len(tokens)} tokens/{len(inits)} inits"
            )
        parameters = set(_PARAMETER.findall(inits[0]))
        found[tokens[0][1]] = ("tags" in parameters, bool(_TAGS_ALL_OUTPUT.search(text)))
    return found


def derive(root: Path | None = None) -> dict[str, object]:
    """The document written to taggable_types.json, derived from the installed pulumi-aws."""
    root = root or package_root()
    scanned = scan_resource_classes(root)
    registry = registered_types(root)
    if set(scanned) != registry:
        missing, extra = sorted(registry - set(scanned)), sorted(set(scanned) - registry)
        raise DerivationError(f"scan and registry disagree: missed {missing[:5]}..., unregistered {extra[:5]}...")
    taggable = sorted(token for token, (tags, _) in scanned.items() if tags)
    return {
        "generatedBy": "scripts/gen_taggable_types.py",
        "pulumiAwsVersion": importlib.metadata.version("pulumi_aws"),
        "criterion": "resource classes whose constructor takes `tags`",
        "resourceTypeCount": len(scanned),
        "types": taggable,
        "withoutDefaultTags": sorted(token for token in taggable if not scanned[token][1]),
    }


def render(document: dict[str, object]) -> str:
    return json.dumps(document, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    options = parser.parse_args(argv)
    document = derive()
    text = render(document)
    if options.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python scripts/gen_taggable_types.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(document['types'])} taggable types of {document['resourceTypeCount']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
