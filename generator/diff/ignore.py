"""Silencing: `[[tool.apigen.diff.ignore]]` rows, each naming a rule, optionally one operation and/or
one subject, and always a reason.

    [[tool.apigen.diff.ignore]]
    rule = "operation-removed"
    operation = "DELETE /legacy/{id}"
    reason = "announced in the 2024-01 changelog; no client uses it"

A silenced change stays in the JSON report (with `ignored` set to the reason) and never fails CI.
A model-level change reached from several operations loses only the named operation; it is silenced
when no operation is left.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..findings import ApigenError, Location, error
from .model import Change
from .rules import RULES

_KEYS = {"rule", "operation", "subject", "reason"}


@dataclass(frozen=True)
class IgnoreRow:
    rule: str
    reason: str
    operation: str = ""  # "GET /pets/{id}"
    subject: str = ""  # exact subject as reported ("Pet.name", "query parameter limit", ...)


def normalize_operation(text: str) -> str:
    method, _, path = text.strip().partition(" ")
    return f"{method.upper()} {path.strip()}" if path else text.strip()


def read_diff_table(path: Path) -> dict[str, Any]:
    """`[tool.apigen.diff]` of a pyproject.toml (or any TOML file with that table)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ApigenError(
            error("config-invalid", f"cannot read {path}: {exc}", location=Location(str(path)))
        ) from None
    table = data.get("tool", {}).get("apigen", {}).get("diff", {})
    if not isinstance(table, dict):
        raise ApigenError(
            error(
                "config-invalid", "[tool.apigen.diff] must be a table", location=Location(str(path))
            )
        )
    return table


def ignores_from_table(
    table: dict[str, Any], source: str = "pyproject.toml"
) -> tuple[IgnoreRow, ...]:
    where = Location(source)
    unknown = sorted(set(table) - {"ignore"})
    if unknown:
        raise ApigenError(
            error(
                "config-invalid",
                f"unknown [tool.apigen.diff] keys: {', '.join(unknown)}",
                location=where,
                hint="known keys: ignore",
            )
        )
    rows = table.get("ignore", [])
    if not isinstance(rows, list):
        raise ApigenError(
            error(
                "config-invalid",
                "[tool.apigen.diff] ignore must be an array of tables",
                location=where,
            )
        )
    result = []
    for index, row in enumerate(rows):
        label = f"[[tool.apigen.diff.ignore]] #{index + 1}"
        if not isinstance(row, dict):
            raise ApigenError(error("config-invalid", f"{label} is not a table", location=where))
        extra = sorted(set(row) - _KEYS)
        if extra:
            raise ApigenError(
                error(
                    "config-invalid",
                    f"{label}: unknown keys {', '.join(extra)}",
                    location=where,
                    hint="use rule, operation, subject, reason",
                )
            )
        rule = row.get("rule")
        if not isinstance(rule, str) or rule not in RULES:
            raise ApigenError(
                error(
                    "config-invalid",
                    f"{label}: unknown rule {rule!r}",
                    location=where,
                    hint="see docs/diff-rules.md for the rule ids",
                )
            )
        reason = row.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ApigenError(
                error(
                    "config-invalid",
                    f"{label} ({rule}) has no reason",
                    location=where,
                    hint='say why the change is accepted: reason = "..."',
                )
            )
        operation = row.get("operation", "")
        subject = row.get("subject", "")
        if not isinstance(operation, str) or not isinstance(subject, str):
            raise ApigenError(
                error(
                    "config-invalid",
                    f"{label}: operation and subject must be strings",
                    location=where,
                )
            )
        result.append(
            IgnoreRow(
                rule, reason.strip(), normalize_operation(operation) if operation else "", subject
            )
        )
    return tuple(result)


def load_ignores(path: Path | None) -> tuple[IgnoreRow, ...]:
    if path is None or not path.is_file():
        return ()
    return ignores_from_table(read_diff_table(path), str(path))


def apply_ignores(changes: list[Change], rows: tuple[IgnoreRow, ...]) -> list[Change]:
    if not rows:
        return changes
    result = []
    for change in changes:
        for row in rows:
            if row.rule != change.rule or (row.subject and row.subject != change.subject):
                continue
            if not row.operation or row.operation == normalize_operation(change.operation or "-"):
                change = replace(change, ignored=row.reason)
                break
            if not change.operation and row.operation in change.operations:
                left = tuple(op for op in change.operations if op != row.operation)
                change = replace(change, operations=left, ignored="" if left else row.reason)
                if not left:
                    break
        result.append(change)
    return result
