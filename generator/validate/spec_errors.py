"""openapi-spec-validator's errors -> "spec-invalid" findings: located, one line, deduplicated."""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterator

from jsonschema.exceptions import ValidationError, relevance
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    ParameterDuplicateError,
    UnresolvableParameterError,
)

from ..findings import Finding, error, warning
from ..load import LoadedSpec
from ..load import pointer as jp
from ..recursion import recursion_limit_at_most, stack_depth
from .effects import judge
from .library import LibraryError, error_order, iter_library_errors
from .messages import describe

CODE = "spec-invalid"

# The library's schema walk has no cycle guard for allOf/anyOf/oneOf chains: on such a cycle it
# stops only by RecursionError. At the interpreter's default limit (1000) that is quick; in a
# process that raised the limit (mypy leaves 16384 in a process that ran it in-process) a
# two-schema cycle took 73 s and 10 GB, and the findings depended on the process. The walk runs
# under the default's bound whatever the process's limit is.
WALK_RECURSION_LIMIT = 1000

# Reported by our own checks, with their own codes and better messages.
_OURS = (DuplicateOperationIDError, UnresolvableParameterError, ParameterDuplicateError)


def spec_findings(spec: LoadedSpec, family: str, *, walk_refs: bool) -> Iterator[Finding]:
    """One finding per distinct (pointer, message). `walk_refs=False` skips the library's
    keyword walk, which follows `$ref`s and would not terminate on a ref cycle."""
    seen: set[tuple[str, str]] = set()
    try:
        # (the bound holds while this generator waits at a `yield` too: its one consumer,
        # validate_spec, takes every finding at once)
        with recursion_limit_at_most(max(WALK_RECURSION_LIMIT, stack_depth() + 100)):
            for found in iter_library_errors(spec.document, family, walk_refs=walk_refs):
                finding = _finding(spec, found)
                if finding is None or (finding.pointer, finding.message) in seen:
                    continue
                seen.add((finding.pointer, finding.message))
                yield finding
    except RecursionError:
        # The library's schema walk has no cycle guard for allOf/anyOf/oneOf chains.
        yield warning(
            "validation-incomplete",
            "openapi-spec-validator could not finish: its schema checks recursed too deeply",
            location=spec.locate(""),
            hint="schemas that include each other through allOf/anyOf/oneOf are not fully checked",
        )
    except Exception as exc:
        yield warning(
            "validation-incomplete",
            f"openapi-spec-validator stopped on a malformed part of the document ({type(exc).__name__}: {exc})",
            location=spec.locate(""),
            hint="fix the errors reported here and validate again",
        )


def _finding(spec: LoadedSpec, found: LibraryError) -> Finding | None:
    err = found.error
    if isinstance(err, _OURS):
        return None
    if found.from_default and err.validator == "format":
        return None  # the default-invalid check reports bad formats of defaults, as warnings
    best = most_specific(err)
    extra = list(best.absolute_path)[len(list(err.absolute_path)) :]
    pointer = found.pointer + jp.join(str(part) for part in extra)
    parts = jp.split(pointer)
    message, hint = describe(best, parts[-1] if parts else "", is_default=found.from_default)
    verdict = judge(
        spec.document,
        pointer,
        str(best.validator),
        best.message,
        from_default=found.from_default,
    )
    return dataclasses.replace(
        error(CODE, message, location=spec.locate(pointer), pointer=pointer, hint=hint),
        effect=verdict.effect,
        fallback=verdict.fallback,
        drop=verdict.drop,
    )


def most_specific(err: ValidationError) -> ValidationError:
    """jsonschema's best_match descent into oneOf/anyOf context, from one error.

    `best_match([err])` cannot be used: openapi-spec-validator re-creates its errors without
    the type checker that best_match's relevance needs. The context errors keep theirs.
    """
    best = err
    while best.context:
        # "'$ref' is a required property" only says the value is not a Reference Object; the
        # other branch (the Schema, the Response...) says what is wrong with it.
        context = [sub for sub in best.context if not _not_a_reference(sub)] or best.context
        try:
            # relevance, then a stable tiebreak: context order can follow set order in jsonschema
            smallest = heapq.nsmallest(
                2, context, key=lambda sub: (relevance(sub), error_order(sub))
            )
        except AttributeError:
            break
        if len(smallest) == 2 and relevance(smallest[0]) == relevance(smallest[1]):
            break  # no sub-error stands out: the oneOf/anyOf error itself says it best
        best = smallest[0]
    return best


def _not_a_reference(err: ValidationError) -> bool:
    return err.validator == "required" and err.validator_value == ["$ref"]
