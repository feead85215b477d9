"""Response keys must be HTTP status codes (100-599), ranges (1XX-5XX) or "default"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, error
from ..load import LoadedSpec
from ..load import pointer as jp
from .operations import iter_operations

_STATUS = re.compile(r"^[1-5](?:[0-9]{2}|XX)$")


def check_response_codes(spec: LoadedSpec) -> Iterator[Finding]:
    for operation in iter_operations(spec.document):
        responses = operation.value.get("responses")
        if not isinstance(responses, dict):
            continue
        for key in responses:
            code = str(key)
            if code == "default" or code.startswith("x-") or _STATUS.match(code):
                continue
            pointer = jp.child(jp.child(operation.pointer, "responses"), code)
            hint = "use a 3-digit status code (100-599), a range such as 4XX, or 'default'"
            if _STATUS.match(code.upper()):
                hint = f"write the range in capitals: {code.upper()}"
            yield error(
                "response-status-invalid",
                f"{operation.title}: response key {code!r} is not an HTTP status code",
                location=spec.locate(pointer),
                pointer=pointer,
                hint=hint,
            )
