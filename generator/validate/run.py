"""validate_spec: version check, our checks, openapi-spec-validator, then config suppressions."""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Suppression
from ..findings import Finding, Findings
from ..load import LoadedSpec
from .checks import CHECKS
from .effects import grade
from .nodes import shared_objects
from .spec_errors import spec_findings
from .supersede import drop_superseded
from .suppress import apply_suppressions
from .versions import family, version_findings

# Codes after which the validator's keyword walk (which follows refs) must not run.
_BAD_REFS = frozenset({"ref-dangling", "ref-cycle"})


def validate_spec(
    spec: LoadedSpec, suppressions: Sequence[Suppression] = (), *, strict: bool = False
) -> Findings:
    """Every finding, graded by its effect on the generated code (effects.py), then the config's
    per-code/pointer overrides."""
    findings: list[Finding] = version_findings(spec)
    kind = family(spec.version)
    if kind in ("3.0", "3.1", "3.2"):
        with shared_objects(spec.document):  # several checks visit the same objects
            ours = [finding for check in CHECKS for finding in check(spec)]
        refs_ok = not any(finding.code in _BAD_REFS for finding in ours)
        library = spec_findings(spec, kind, walk_refs=refs_ok)
        findings += ours + drop_superseded(library, ours)
    return Findings(apply_suppressions(grade(findings, strict=strict), suppressions))
