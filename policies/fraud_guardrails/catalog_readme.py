"""The README's generated block: the policies, and the coverage per standard with every control's status."""

from __future__ import annotations

from typing import Any

BEGIN, END = "<!-- BEGIN GENERATED: python -m fraud_guardrails.catalog --write -->", "<!-- END GENERATED -->"
LABELS = {
    "exact": "exact",
    "partial": "partial",
    "exception": "accepted exception",
    "open": "open finding",
    "not-checkable-before-deploy": "not checkable before deploy",
    "account-level": "account-level",
    "not-applicable": "not applicable",
}
COUNTED = ("exact", "partial", "exception", "not-checkable-before-deploy")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


def status_in(entry: dict[str, Any], stack: str) -> str:
    for deviation in entry["deviations"]:
        if "*" in deviation["stacks"] or stack in deviation["stacks"]:
            return "exception" if deviation["kind"] == "accepted" else "open"
    return entry["status"]


def _figures_row(scope: str, f: dict[str, Any]) -> str:
    opened = str(f["open"]) if "open" in f else "-"
    share = f" ({f['percentExact']} %)" if f["percentExact"] is not None else ""
    return (
        f"| {scope} | {f['exact']}{share} | {f['partial']} | {f['excepted']} | {opened} | "
        f"{f['notCheckableBeforeDeploy']} |"
    )


def _policies_table(document: dict[str, Any]) -> list[str]:
    lines = [f"### Policies ({len(document['policies'])})", ""]
    lines += [
        "| policy | level | severity | origin | checks | controls | Checkov |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for policy in document["policies"]:
        named = ", ".join([*policy["fsbp"], *policy["controls"]])
        lines.append(
            f"| `{policy['name']}` | {policy['enforcementLevel']} | {policy['severity']} | {policy['origin']} | "
            f"{_cell(policy['description'])} | {named} | {', '.join(policy['checkov'])} |"
        )
    return lines


def _detail(entry: dict[str, Any]) -> str:
    if entry["status"] in ("exact", "partial"):
        text = ", ".join(f"`{p}`" for p in entry["policies"])
        return _cell(f"{text}; misses: {entry['gap']}" if entry["gap"] else text)
    return _cell(entry["reason"] or "")


def _standard_section(document: dict[str, Any], standard: str) -> list[str]:
    spec, figures = document["standards"][standard], document["coverage"][standard]
    stacks = document["catalogue"]["stacks"]
    entries = {cid: e for cid, e in document["controls"].items() if standard in e["standards"]}
    counted = {cid: e for cid, e in entries.items() if e["status"] in COUNTED}
    lines = [f"#### {spec['title']} ({standard})", ""]
    if spec["enumerated"]:
        lines.append(
            f"{figures['pack']['applicable']} applicable controls (account-level and not-applicable ones left out)."
        )
    else:
        lines.append("Only the controls listed here are counted: the catalogue does not enumerate this standard.")
    lines += [
        "",
        "| scope | checked exactly | partially | accepted exceptions | open findings | not checkable before deploy |",
        "| --- | --- | --- | --- | --- | --- |",
        _figures_row("pack", figures["pack"]),
        *(_figures_row(f"stack {stack}", figures["stacks"][stack]) for stack in stacks),
        "",
        f"| control | title | status | {' | '.join(f'in {stack}' for stack in stacks)} | checked by / reason |",
        f"| --- | --- | --- | {' | '.join('---' for _ in stacks)} | --- |",
    ]
    for cid, entry in counted.items():
        in_stacks = " | ".join(LABELS[status_in(entry, stack)] for stack in stacks)
        lines.append(
            f"| {cid} | {_cell(entry['title'])} | {LABELS[entry['status']]} | {in_stacks} | {_detail(entry)} |"
        )
    for status in ("account-level", "not-applicable"):
        rest = [f"{cid} ({_cell(e['reason'])})" for cid, e in entries.items() if e["status"] == status]
        if rest:
            lines += ["", f"{LABELS[status].capitalize()}, not counted: " + "; ".join(rest)]
    return [*lines, ""]


def _exceptions(document: dict[str, Any]) -> list[str]:
    """One bullet per reason: controls that share a decision (the interface endpoints) are listed together."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for cid, entry in document["controls"].items():
        if entry["status"] == "exception":
            grouped.setdefault(("every stack, no policy", entry["reason"]), []).append(cid)
        for deviation in entry["deviations"]:
            where = "every stack" if "*" in deviation["stacks"] else ", ".join(deviation["stacks"])
            if deviation["scope"]:
                kind = f"accepted for {deviation['scope']}"
            else:
                kind = "open finding" if deviation["kind"] == "open" else "accepted, the policy reports it"
            grouped.setdefault((f"{where}, {kind}", deviation["reason"]), []).append(cid)
    lines = ["### Accepted exceptions and open findings", ""]
    lines += [f"- **{', '.join(ids)}** ({where}): {_cell(reason)}" for (where, reason), ids in grouped.items()]
    lines += [f"- **{e['check']}**: {_cell(e['reason'])}" for e in document["otherExceptions"]]
    return lines


def _frameworks(document: dict[str, Any]) -> list[str]:
    """Per framework, each requirement Security Hub relates a catalogued control to, with the controls' policies."""
    lines: list[str] = []
    for name, framework in document["frameworks"].items():
        mapped: dict[str, list[str]] = {}
        none, unrecorded = [], []
        for cid, entry in document["controls"].items():
            related = entry["relatedRequirements"].get(name)
            if related is None:
                unrecorded.append(cid)
            elif not related["requirements"]:
                none.append(cid)
            for requirement in related["requirements"] if related else ():
                mapped.setdefault(requirement, []).append(cid)
        lines += [f"### {name}: the requirements Security Hub relates the controls to", "", _cell(framework["caveat"])]
        lines += ["", "| requirement | title (abridged) | controls (status) | policies |", "| --- | --- | --- | --- |"]
        for requirement in sorted(mapped, key=lambda r: tuple(int(p) for p in r.split("."))):
            ids = mapped[requirement]
            controls = ", ".join(f"{cid} ({LABELS[document['controls'][cid]['status']]})" for cid in ids)
            policies = sorted({f"`{p}`" for cid in ids for p in document["controls"][cid]["policies"]})
            title = _cell(framework["requirements"][requirement])
            lines.append(f"| {requirement} | {title} | {controls} | {', '.join(policies) or '-'} |")
        lines += ["", f"No {name} requirement listed for: {', '.join(none)}.", ""]
        if unrecorded:
            lines += [f"Not recorded (no policy names them): {', '.join(unrecorded)}.", ""]
    return lines


def _retired(document: dict[str, Any]) -> list[str]:
    lines = ["### Controls retired by Security Hub", ""]
    lines += [
        f"- **{r['id']}** {_cell(r['title'])} (retired {r['retired']}): {_cell(r['note'])}" for r in document["retired"]
    ]
    return lines


def readme_block(document: dict[str, Any]) -> str:
    catalogue = document["catalogue"]
    lines = [BEGIN, "", *_policies_table(document), ""]
    lines += [
        f"### Coverage (computed from `catalogue.yaml` v{catalogue['version']}, reviewed {catalogue['reviewed']})",
        "",
        "A control is checked **exactly** when policies check what its definition checks (the same check or a "
        "stricter one), proven by its own failing and passing cases in `tests/policies/test_control_cases.py`. In a "
        "stack, a control the pack checks counts as an accepted exception or an open finding when the stack "
        "deviates from it (the policy is advisory there and reports it); the reasons are listed below the tables.",
        "",
    ]
    for standard in document["standards"]:
        lines += _standard_section(document, standard)
    lines += _exceptions(document)
    lines += ["", *_frameworks(document), *_retired(document)]
    lines += ["", "### Checkov checks not implemented", ""]
    lines += [f"- **{check}**: {_cell(reason)}" for check, reason in document["checkovNotImplemented"].items()]
    return "\n".join([*lines, "", END])
