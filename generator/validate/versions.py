"""Which OpenAPI version a document follows, and what apigen says about it."""

from __future__ import annotations

import re

from ..findings import Finding, error, warning
from ..load import LoadedSpec

_FAMILY = re.compile(r"^(2\.0|3\.[0-2])(?:\.|$)")


def family(version: str) -> str | None:
    """ "3.0" | "3.1" | "3.2" | "2.0", or None for a version apigen does not know."""
    found = _FAMILY.match(version.strip())
    return found.group(1) if found else None


def version_findings(spec: LoadedSpec) -> list[Finding]:
    field = (
        "/swagger" if "swagger" in spec.document and "openapi" not in spec.document else "/openapi"
    )
    where = spec.locate(field)
    kind = family(spec.version)
    if kind == "2.0":
        return [
            error(
                "version-unsupported",
                f"Swagger {spec.version} is not OpenAPI 3",
                location=where,
                pointer=field,
                hint="convert to OpenAPI 3 (e.g. swagger2openapi) or run `apigen generate` which converts 2.0 in-process",
            )
        ]
    if kind == "3.2":
        return [
            warning(
                "version-3.2",
                f"OpenAPI {spec.version}: features new in 3.2 other than the query method "
                "(additionalOperations, tag parents, itemSchema...) are ignored",
                location=where,
                pointer=field,
                hint="the document is validated as 3.2 and generated as 3.1",
            )
        ]
    if kind is None:
        return [
            error(
                "version-unsupported",
                f"OpenAPI version {spec.version!r} is not supported",
                location=where,
                pointer=field,
                hint="apigen reads OpenAPI 3.0.x and 3.1.x (3.2.x with a warning)",
            )
        ]
    return []
