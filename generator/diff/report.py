"""The four faces of a diff: human text, Markdown (a PR comment), JSON, GitHub Actions annotations."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Change
from .rules import RULES, RULES_LIST, SEVERITIES

if TYPE_CHECKING:
    from .engine import DiffResult

FORMATS = ("text", "markdown", "json", "github")
MARKDOWN_ROWS = 60  # per severity: a PR comment stays well under GitHub's 65,536 characters


def render(result: DiffResult, fmt: str, *, fail_on: str = "breaking") -> str:
    if fmt == "text":
        return text(result, fail_on=fail_on)
    if fmt == "markdown":
        return markdown(result, fail_on=fail_on)
    if fmt == "json":
        return as_json(result, fail_on=fail_on)
    if fmt == "github":
        return github(result, fail_on=fail_on)
    raise ValueError(fmt)


def _summary_counts(changes: list[Change]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {
        level: dict.fromkeys(SEVERITIES, 0) for level in ("wire", "python")
    }
    for change in changes:
        counts[change.level][change.severity] += 1
    return counts


def summary_line(result: DiffResult) -> str:
    counts = _summary_counts(result.active)
    parts = []
    for level in ("wire", "python"):
        c = counts[level]
        parts.append(f"{level}: {c['breaking']} breaking, {c['warning']} warning, {c['info']} info")
    ignored = len(result.ignored)
    return "; ".join(parts) + (f"; {ignored} silenced by config" if ignored else "")


def _where(change: Change) -> str:
    return str(change.location) if change.location else ""


def _oasdiff_lines(result: DiffResult) -> list[str]:
    lines = []
    for rule_id, count in sorted(result.oasdiff_misses().items(), key=lambda kv: (-kv[1], kv[0])):
        rule = RULES[rule_id]
        seen = (
            f"ranks it {rule.oasdiff_level} ({rule.oasdiff_id})"
            if rule.oasdiff_level
            else "has no check for it"
        )
        lines.append(f"{rule_id} x{count}: oasdiff {seen}")
    return lines


def verdict(result: DiffResult, fail_on: str) -> str:
    failing = result.failing(fail_on)
    if fail_on == "never":
        return "not failing (--fail-on never)"
    if failing:
        return f"FAIL: {len(failing)} change(s) at or above {fail_on}"
    return f"ok: nothing at or above {fail_on}"


def text(result: DiffResult, *, fail_on: str = "breaking") -> str:
    out = [
        f"apigen diff {result.old} -> {result.new} ({result.seconds:.1f}s)",
        summary_line(result),
    ]
    for severity in SEVERITIES:
        changes = [c for c in result.active if c.severity == severity]
        if not changes:
            continue
        out.append("")
        out.append(f"{severity.upper()} ({len(changes)})")
        for change in changes:
            where = f"{change.where}: " if change.where else ""
            loc = _where(change)
            out.append(f"  [{change.rule}] {where}{change.message}" + (f"  ({loc})" if loc else ""))
    counts = result.counts()
    if counts:
        out.append("")
        out.append("per rule:")
        for rule in RULES_LIST:
            if counts.get(rule.id):
                out.append(f"  {rule.id:<36} {rule.severity:<8} {rule.level:<6} {counts[rule.id]}")
    misses = _oasdiff_lines(result)
    if misses:
        out.append("")
        out.append(
            "Python-API breaks oasdiff would not fail on (its level for the same change; no other ERR covers it):"
        )
        out.extend(f"  {line}" for line in misses)
    if result.ignored:
        out.append("")
        out.append(f"silenced by config ({len(result.ignored)}):")
        for change in result.ignored:
            out.append(
                f"  [{change.rule}] {change.where + ': ' if change.where else ''}{change.message} -- {change.ignored}"
            )
    out.append("")
    out.append(verdict(result, fail_on))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def markdown(result: DiffResult, *, fail_on: str = "breaking") -> str:
    counts = _summary_counts(result.active)
    icon = "❌" if result.failing(fail_on) and fail_on != "never" else "✅"
    out = [
        f"### {icon} apigen diff: `{result.old}` → `{result.new}`",
        "",
        "| level | breaking | warning | info |",
        "|---|---:|---:|---:|",
    ]
    for level in ("wire", "python"):
        c = counts[level]
        out.append(f"| {level} | {c['breaking']} | {c['warning']} | {c['info']} |")
    out.append("")
    out.append(
        f"**{verdict(result, fail_on)}**"
        + (f" · {len(result.ignored)} silenced by config" if result.ignored else "")
    )
    rule_counts = result.counts()
    if rule_counts:
        out += ["", "| rule | severity | level | count | oasdiff |", "|---|---|---|---:|---|"]
        for rule in RULES_LIST:
            if rule_counts.get(rule.id):
                oas = f"{rule.oasdiff_id} {rule.oasdiff_level}" if rule.oasdiff_id else "—"
                out.append(
                    f"| `{rule.id}` | {rule.severity} | {rule.level} | {rule_counts[rule.id]} | {oas} |"
                )
    misses = _oasdiff_lines(result)
    if misses:
        out += [
            "",
            "Python-API breaks oasdiff would not fail on (its level for the same change; no other ERR covers it):",
            "",
        ]
        out += [f"- {_md(line)}" for line in misses]
    for severity in SEVERITIES:
        changes = [c for c in result.active if c.severity == severity]
        if not changes:
            continue
        opened = " open" if severity == "breaking" else ""
        out += [
            "",
            f"<details{opened}><summary>{severity} ({len(changes)})</summary>",
            "",
            "| rule | where | change |",
            "|---|---|---|",
        ]
        for change in changes[:MARKDOWN_ROWS]:
            out.append(f"| `{change.rule}` | {_md(change.where)} | {_md(change.message)} |")
        if len(changes) > MARKDOWN_ROWS:
            out.append(
                f"| … | | {len(changes) - MARKDOWN_ROWS} more (run `apigen diff` locally or see the JSON report) |"
            )
        out += ["", "</details>"]
    return "\n".join(out) + "\n"


def as_json(result: DiffResult, *, fail_on: str = "breaking") -> str:
    data = {
        "old": result.old,
        "new": result.new,
        "seconds": round(result.seconds, 3),
        "stats": result.stats,
        "fail_on": fail_on,
        "failing": len(result.failing(fail_on)),
        "summary": _summary_counts(result.active),
        "counts": dict(sorted(result.counts().items())),
        "oasdiff_misses": dict(sorted(result.oasdiff_misses().items())),
        "changes": [c.to_json() for c in result.active],
        "ignored": [c.to_json() for c in result.ignored],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(Path(os.getcwd()).resolve()).as_posix()
    except ValueError:
        return path


def github(result: DiffResult, *, fail_on: str = "breaking") -> str:
    """Workflow commands: one `::error` / `::warning` per change, at its line in the NEW spec.

    Info-level changes are counted in the summary but not annotated (they would bury the rest)."""
    out = []
    for change in result.active:
        if change.severity == "info":
            continue
        command = "error" if change.severity == "breaking" else "warning"
        props = []
        if change.location is not None:
            props.append(f"file={_escape_property(_relative(change.location.file))}")
            if change.location.line:
                props.append(f"line={change.location.line}")
                if change.location.col:
                    props.append(f"col={change.location.col}")
        props.append(f"title={_escape_property(f'apigen diff: {change.rule}')}")
        where = f"{change.where}: " if change.where else ""
        out.append(f"::{command} {','.join(props)}::{_escape_data(where + change.message)}")
    out.append(f"apigen diff {result.old} -> {result.new}: {summary_line(result)}")
    out.append(verdict(result, fail_on))
    return "\n".join(out) + "\n"


def counts_table(counts: Counter[str]) -> str:
    return "\n".join(
        f"{rule:<36} {n}" for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
