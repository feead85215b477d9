"""The four faces of a diff: human text, Markdown (a PR comment), JSON, GitHub Actions annotations.

Text and Markdown are ordered for a reviewer: a summary that fits one screen (verdict, counts,
what is hit most), then the breaking changes grouped by operation (a model-level change once,
under its model, with the operations reaching it), then everything else, and the per-rule table
last. A change found at both levels (a response field removed: the wire rule and the Python model
field) is one row naming both rules. JSON keeps every change as found.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Change
from .rules import RULES, RULES_LIST, SEVERITIES, SEVERITY_RANK

if TYPE_CHECKING:
    from .engine import DiffResult

FORMATS = ("text", "markdown", "json", "github")
MARKDOWN_ROWS = 150  # per section: a PR comment stays under GitHub's 65,536 characters
MAX_ANNOTATIONS = 10  # the GitHub UI shows about 10 annotations per step
SUMMARY_TOP = 5  # rules and operations named in the summary

# Rules reporting one event from two sides: folded into one row (the first is the row's lead).
_TWINS: tuple[tuple[str, ...], ...] = (
    ("operation-removed", "python-method-removed"),
    ("operation-added", "server-operation-added"),
    ("parameter-added-required", "parameter-added-optional", "server-parameter-added"),
    ("parameter-became-optional", "server-parameter-became-optional"),
    ("parameter-removed", "server-parameter-removed"),
    (
        "response-required-property-removed",
        "response-optional-property-removed",
        "request-property-removed",
        "python-model-field-removed",
    ),
    ("response-enum-value-added", "python-response-enum-widened"),
)
_TWIN_CLASS = {rule: group[0] for group in _TWINS for rule in group}
_ROOT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NOTE = re.compile(r" \(in place of ([^)]*)\)")


def render(
    result: DiffResult,
    fmt: str,
    *,
    fail_on: str = "breaking",
    max_annotations: int = MAX_ANNOTATIONS,
) -> str:
    if fmt == "text":
        return text(result, fail_on=fail_on)
    if fmt == "markdown":
        return markdown(result, fail_on=fail_on)
    if fmt == "json":
        return as_json(result, fail_on=fail_on)
    if fmt == "github":
        return github(result, fail_on=fail_on, max_annotations=max_annotations)
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


# ---- rows and groups ------------------------------------------------------------------------------
@dataclass
class Row:
    """One change as a reviewer reads it: the rules that found it, its worst severity."""

    changes: list[Change] = field(default_factory=list)

    @property
    def lead(self) -> Change:
        return max(self.changes, key=lambda c: SEVERITY_RANK[c.severity])

    @property
    def severity(self) -> str:
        return self.lead.severity

    @property
    def rules(self) -> list[str]:
        return sorted(
            {c.rule for c in self.changes}, key=lambda r: (-SEVERITY_RANK[RULES[r].severity], r)
        )

    @property
    def message(self) -> str:
        """The lead's message; a change found for the class itself and for uses that held another
        class (" (in place of Old)") is one row naming both."""
        base = _NOTE.sub("", self.lead.message)
        notes = sorted({m.group(1) for c in self.changes for m in _NOTE.finditer(c.message)})
        if not notes:
            return base
        plain = any(not _NOTE.search(c.message) for c in self.changes)
        return f"{base} ({'also ' if plain else ''}in place of {', '.join(notes)})"

    @property
    def reason(self) -> str:
        return next((c.reason for c in self.changes if c.reason), "")


@dataclass
class Group:
    title: str  # "GET /pets", "model Pet", "the generated package"
    kind: str  # "operation", "model", "package"
    rows: list[Row] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)  # for a model: the operations reaching it

    def worst(self) -> int:
        return max(SEVERITY_RANK[r.severity] for r in self.rows)


def _group_of(change: Change) -> tuple[str, str]:
    if change.operation:
        return "operation", change.operation
    if RULES[change.rule].family == "schemas":
        match = _ROOT.match(change.subject)
        return "model", match.group(0) if match else change.subject
    return "package", ""


def grouped(changes: list[Change]) -> list[Group]:
    """Changes folded into rows (twins at the same place become one) and grouped by operation;
    model-level changes once under their model. Groups are ordered worst first, then by name."""
    groups: dict[tuple[str, str], Group] = {}
    rows: dict[tuple[str, str, str, str, str], Row] = {}
    for change in changes:
        kind, name = _group_of(change)
        group = groups.get((kind, name))
        if group is None:
            title = {"operation": name, "model": f"model {name}", "package": "the API as a whole"}
            group = groups[(kind, name)] = Group(title[kind], kind)
        group.operations.update(change.operations)
        twin = _TWIN_CLASS.get(change.rule)
        if twin is None:
            key = (kind, name, change.rule, change.subject, _NOTE.sub("", change.message))
        else:  # the same event seen by several rules: one row
            same_op = twin in ("operation-removed", "operation-added")
            key = (kind, name, twin, "" if same_op else change.subject, "")
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row()
            group.rows.append(row)
        row.changes.append(change)
    for group in groups.values():
        group.rows.sort(key=lambda r: (-SEVERITY_RANK[r.severity], r.rules[0], r.message))
    order = {"operation": 0, "model": 1, "package": 2}
    return sorted(groups.values(), key=lambda g: (-g.worst(), order[g.kind], g.title))


def _split(groups: list[Group], breaking: bool) -> list[Group]:
    result = []
    for group in groups:
        rows = [r for r in group.rows if (r.severity == "breaking") == breaking]
        if rows:
            result.append(Group(group.title, group.kind, rows, group.operations))
    return result


def _reach(group: Group) -> str:
    if group.kind == "operation" or not group.operations:
        return ""
    ops = sorted(group.operations)
    more = f" +{len(ops) - 2} more" if len(ops) > 2 else ""
    return f" (reached by {len(ops)} operation(s): {', '.join(ops[:2])}{more})"


def _summary_facts(result: DiffResult, groups: list[Group]) -> list[str]:
    """Three short lines: operations hit, the most frequent breaking rules, the worst operations."""
    counts = result.counts()
    ops_breaking = [g for g in groups if g.kind == "operation" and g.worst() == 2]
    removed = counts.get("operation-removed", 0)
    added = max(counts.get("operation-added", 0), counts.get("server-operation-added", 0))
    breaking_rules = Counter(c.rule for c in result.active if c.severity == "breaking")
    top = ", ".join(f"{rule} x{n}" for rule, n in breaking_rules.most_common(SUMMARY_TOP))
    worst = sorted(
        ops_breaking,
        key=lambda g: (-sum(r.severity == "breaking" for r in g.rows), g.title),
    )[:SUMMARY_TOP]
    lines = [
        f"operations: {removed} removed, {added} added, {len(ops_breaking)} with breaking changes",
    ]
    if top:
        lines.append(f"most frequent breaking: {top}")
    if worst:
        lines.append(
            "most hit: "
            + ", ".join(
                f"{g.title} ({sum(r.severity == 'breaking' for r in g.rows)})" for g in worst
            )
        )
    return lines


def _row_text(row: Row) -> str:
    lead = row.lead
    rules = ", ".join(row.rules)
    reason = f" -- {row.reason}" if row.reason else ""
    loc = _where(lead)
    return f"[{rules}] {row.message}{reason}" + (f"  ({loc})" if loc else "")


def text(result: DiffResult, *, fail_on: str = "breaking") -> str:
    groups = grouped(result.active)
    out = [
        f"apigen diff {result.old} -> {result.new} ({result.seconds:.1f}s, audience {result.audience})",
        verdict(result, fail_on),
        summary_line(result),
        *_summary_facts(result, groups),
    ]
    for title, breaking in (("BREAKING", True), ("WARNING AND INFO", False)):
        part = _split(groups, breaking)
        if not part:
            continue
        out += ["", f"{title} ({sum(len(g.rows) for g in part)})"]
        for group in part:
            out.append(f"  {group.title}{_reach(group)}")
            out.extend(f"    {_row_text(row)}" for row in group.rows)
    if result.ignored:
        out.append("")
        out.append(f"silenced by config ({len(result.ignored)}):")
        for change in result.ignored:
            out.append(
                f"  [{change.rule}] {change.where + ': ' if change.where else ''}{change.message} -- {change.ignored}"
            )
    counts = result.counts()
    if counts:
        out.append("")
        out.append("per rule:")
        for rule in RULES_LIST:
            if counts.get(rule.id):
                out.append(f"  {rule.id:<40} {rule.severity:<8} {rule.level:<6} {counts[rule.id]}")
    misses = _oasdiff_lines(result)
    if misses:
        out.append("")
        out.append(
            "Breaking changes oasdiff would not fail on (its level for the same change; no other ERR covers it):"
        )
        out.extend(f"  {line}" for line in misses)
    out.append("")
    out.append(verdict(result, fail_on))
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")


def _md_rows(groups: list[Group], limit: int) -> list[str]:
    out: list[str] = []
    shown = 0
    total = sum(len(g.rows) for g in groups)
    for group in groups:
        if shown >= limit:
            break
        out += ["", f"**{_md(group.title)}**{_md(_reach(group))}", ""]
        for row in group.rows:
            if shown >= limit:
                break
            shown += 1
            rules = " ".join(f"`{r}`" for r in row.rules)
            reason = f" — _{_md(row.reason)}_" if row.reason else ""
            out.append(f"- {rules} {_md(row.message)}{reason}")
    if total > shown:
        out += ["", f"… {total - shown} more (run `apigen diff` locally or see the JSON report)"]
    return out


def markdown(result: DiffResult, *, fail_on: str = "breaking") -> str:
    counts = _summary_counts(result.active)
    groups = grouped(result.active)
    icon = "❌" if result.failing(fail_on) and fail_on != "never" else "✅"
    out = [
        f"### {icon} apigen diff: `{result.old}` → `{result.new}`",
        "",
        f"**{verdict(result, fail_on)}** · audience: {result.audience}"
        + (f" · {len(result.ignored)} silenced by config" if result.ignored else ""),
        "",
        "| level | breaking | warning | info |",
        "|---|---:|---:|---:|",
    ]
    for level in ("wire", "python"):
        c = counts[level]
        out.append(f"| {level} | {c['breaking']} | {c['warning']} | {c['info']} |")
    out.append("")
    out += [f"- {_md(line)}" for line in _summary_facts(result, groups)]
    misses = sum(result.oasdiff_misses().values())
    if misses:
        out.append(f"- {misses} breaking change(s) oasdiff would not fail on (see the rule table)")
    breaking = _split(groups, True)
    if breaking:
        out += ["", f"#### Breaking changes ({sum(len(g.rows) for g in breaking)})"]
        out += _md_rows(breaking, MARKDOWN_ROWS)
    rest = _split(groups, False)
    if rest:
        out += [
            "",
            f"<details><summary>Warnings and info ({sum(len(g.rows) for g in rest)})</summary>",
        ]
        out += _md_rows(rest, MARKDOWN_ROWS)
        out += ["", "</details>"]
    if result.ignored:
        out += ["", f"<details><summary>Silenced by config ({len(result.ignored)})</summary>", ""]
        out += [
            f"- `{c.rule}` {_md(c.where + ': ' if c.where else '')}{_md(c.message)} — {_md(c.ignored)}"
            for c in result.ignored[:MARKDOWN_ROWS]
        ]
        out += ["", "</details>"]
    rule_counts = result.counts()
    if rule_counts:
        out += [
            "",
            "<details><summary>Rules</summary>",
            "",
            "| rule | severity | level | count | oasdiff |",
            "|---|---|---|---:|---|",
        ]
        for rule in RULES_LIST:
            if rule_counts.get(rule.id):
                oas = f"{rule.oasdiff_id} {rule.oasdiff_level}" if rule.oasdiff_id else "—"
                out.append(
                    f"| `{rule.id}` | {rule.severity} | {rule.level} | {rule_counts[rule.id]} | {oas} |"
                )
        lines = _oasdiff_lines(result)
        if lines:
            out += [
                "",
                "Breaking changes oasdiff would not fail on (its level for the same change; no other ERR covers it):",
                "",
            ]
            out += [f"- {_md(line)}" for line in lines]
        out += ["", "</details>"]
    return "\n".join(out) + "\n"


def as_json(result: DiffResult, *, fail_on: str = "breaking") -> str:
    data = {
        "old": result.old,
        "new": result.new,
        "audience": result.audience,
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


def _annotation(command: str, change: Change | None, title: str, message: str) -> str:
    props = []
    if change is not None and change.location is not None:
        props.append(f"file={_escape_property(_relative(change.location.file))}")
        if change.location.line:
            props.append(f"line={change.location.line}")
            if change.location.col:
                props.append(f"col={change.location.col}")
    props.append(f"title={_escape_property(title)}")
    return f"::{command} {','.join(props)}::{_escape_data(message)}"


def github(
    result: DiffResult, *, fail_on: str = "breaking", max_annotations: int = MAX_ANNOTATIONS
) -> str:
    """Workflow commands: one `::error` / `::warning` per change (a row: twins once), at its line
    in the NEW spec, breaking first, at most `max_annotations - 1` of them; the last annotation is
    the summary (what was left out, the verdict). Every row is also printed as a plain log line.
    Info-level changes are counted, never annotated (they would bury the rest)."""
    rows = [row for group in grouped(result.active) for row in group.rows if row.severity != "info"]
    rows.sort(key=lambda r: -SEVERITY_RANK[r.severity])
    budget = max(max_annotations - 1, 0)
    out = []
    for row in rows[:budget]:
        lead = row.lead
        command = "error" if row.severity == "breaking" else "warning"
        where = f"{lead.where}: " if lead.where else ""
        reason = f" ({row.reason})" if row.reason else ""
        out.append(
            _annotation(
                command, lead, f"apigen diff: {', '.join(row.rules)}", where + row.message + reason
            )
        )
    left = rows[budget:]
    failing = bool(result.failing(fail_on)) and fail_on != "never"
    summary = f"{summary_line(result)}. {verdict(result, fail_on)}"
    if left:
        more = Counter(r.severity for r in left)
        summary = (
            f"{more['breaking']} more breaking and {more['warning']} more warning change(s) not "
            f"annotated (see the job log or --format markdown). {summary}"
        )
    if max_annotations > 0:
        out.append(
            _annotation(
                "error" if failing else "notice",
                None,
                f"apigen diff {result.old} -> {result.new}",
                summary,
            )
        )
    for row in left:
        lead = row.lead
        where = f"{lead.where}: " if lead.where else ""
        out.append(
            f"  {row.severity} [{', '.join(row.rules)}] {where}{row.message}  ({_where(lead)})"
        )
    out.append(f"apigen diff {result.old} -> {result.new}: {summary_line(result)}")
    out.append(verdict(result, fail_on))
    return "\n".join(out) + "\n"


def counts_table(counts: Counter[str]) -> str:
    return "\n".join(
        f"{rule:<40} {n}" for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
