"""Drop validator errors that one of our checks already reports, with a better message.

openapi-spec-validator reports an optional path parameter as "'required' is a required
property" and a bad status key as "Unevaluated properties are not allowed" on the parent
`responses`. Our finding at the same node says what is wrong; showing both is noise.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding, Severity
from ..load import pointer as jp

# Codes whose finding sits one level below where the validator reports the same problem.
_REPORTED_ON_PARENT = frozenset({"response-status-invalid"})


def drop_superseded(library: Iterable[Finding], ours: Iterable[Finding]) -> list[Finding]:
    covered: set[str] = set()
    for finding in ours:
        if finding.severity is not Severity.ERROR:
            continue
        covered.add(finding.pointer)
        if finding.code in _REPORTED_ON_PARENT:
            covered.add(jp.parent(finding.pointer))
    return [finding for finding in library if finding.pointer not in covered]
