"""Format checkers that report a bad value instead of crashing on it.

openapi-schema-validator's `byte` check calls `str.encode("ascii")`, so a default of "café"
raises UnicodeEncodeError out of the validator. Any unexpected error from a format check here
becomes an ordinary "is not a 'byte'" failure.
"""

from __future__ import annotations

from functools import cache

from jsonschema import FormatChecker
from jsonschema.exceptions import FormatError
from openapi_schema_validator import (
    oas30_format_checker,
    oas31_format_checker,
    oas32_format_checker,
)


class SafeFormatChecker(FormatChecker):
    def check(self, instance: object, format: str) -> None:
        try:
            super().check(instance, format)
        except FormatError:
            raise
        except (UnicodeError, ValueError, TypeError, OverflowError) as exc:
            raise FormatError(f"{instance!r} is not a {format!r}", cause=exc) from exc


@cache
def safe(checker: FormatChecker) -> SafeFormatChecker:
    wrapped = SafeFormatChecker(formats=())
    wrapped.checkers = dict(checker.checkers)
    return wrapped


def for_version(version: str) -> SafeFormatChecker:
    if version.startswith("3.0"):
        return safe(oas30_format_checker)
    if version.startswith("3.2"):
        return safe(oas32_format_checker)
    return safe(oas31_format_checker)
