"""Config suppressions: downgrade or silence findings by code, optionally under a JSON pointer."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from ..config import Suppression
from ..findings import Finding, Severity


def _covers(rule: Suppression, finding: Finding) -> bool:
    if rule.code != finding.code:
        return False
    prefix = rule.pointer.rstrip("/")
    # By whole segments: "/paths/~1pets" covers "/paths/~1pets/get", not "/paths/~1pets~1{id}".
    return not prefix or finding.pointer == prefix or finding.pointer.startswith(prefix + "/")


def apply_suppressions(
    findings: Iterable[Finding], suppressions: Sequence[Suppression]
) -> list[Finding]:
    kept: list[Finding] = []
    for finding in findings:
        rule = next((rule for rule in suppressions if _covers(rule, finding)), None)
        if rule is None:
            kept.append(finding)
        elif rule.severity != "ignore":
            # An override takes the spec as written: no fallback is applied for it.
            kept.append(
                dataclasses.replace(finding, severity=Severity[rule.severity.upper()], drop="")
            )
    return kept
