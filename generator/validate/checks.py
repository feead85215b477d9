"""apigen's own checks, beyond the OpenAPI schema: each a function spec -> findings, each its codes."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..findings import Finding
from ..load import LoadedSpec
from .check_defaults import check_default_formats
from .check_operation_ids import check_operation_ids
from .check_parameters import check_duplicate_parameters
from .check_path_params import check_path_params
from .check_refs import check_refs
from .check_responses import check_response_codes

Check = Callable[[LoadedSpec], Iterable[Finding]]

# check_refs first: the others follow refs, and the validator's walk is skipped on bad refs.
CHECKS: tuple[Check, ...] = (
    check_refs,
    check_operation_ids,
    check_path_params,
    check_duplicate_parameters,
    check_response_codes,
    check_default_formats,
)

__all__ = ["CHECKS", "Check"]
