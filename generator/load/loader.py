"""load_spec: entry file -> LoadedSpec (read, parse, check the top level, bundle refs), or ApigenError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..findings import ApigenError, Location, error
from .bundle import Bundler
from .source_map import SourceMap
from .sources import SourceError, Sources
from .spec import LoadedSpec
from .structure import grammar_for


def load_spec(
    path: Path, *, allow_remote_refs: bool = False, allow_refs_outside: tuple[str, ...] = ()
) -> LoadedSpec:
    """`allow_refs_outside`: folders besides the spec's own that local `$ref`s may read from."""
    sources = Sources(path, allow_remote=allow_remote_refs, allowed_roots=allow_refs_outside)
    try:
        entry_key, document = sources.read(sources.entry_uri)
    except SourceError as exc:
        raise ApigenError(
            error(
                exc.code,
                exc.message,
                location=Location(str(path), exc.line, exc.col),
                hint=exc.hint,
            )
        ) from None
    start = Location(str(path), 1, 1)
    _check_top_level(document, start)
    assert isinstance(document, dict)
    version = _version(document, start)

    source_map = SourceMap(sources.files, sources.display, entry_key)
    if "openapi" in document and "swagger" in document:
        raise ApigenError(
            error(
                "version-ambiguous",
                "the document has both an 'openapi' and a 'swagger' field: it cannot be both",
                location=source_map.locate("/swagger"),
                pointer="/swagger",
                hint="keep `openapi: 3.x` for an OpenAPI 3 document, or `swagger: '2.0'` for 2.0",
            )
        )
    bundler = Bundler(document, grammar_for(document), sources, source_map)
    try:
        bundler.run()
    except RecursionError:
        raise ApigenError(
            error(
                "document-too-deep",
                "the document's refs or nesting go too deep to bundle",
                location=start,
            )
        ) from None
    if bundler.findings:
        raise ApigenError(bundler.findings)
    return LoadedSpec(path, sources.files, document, version, source_map)


def _check_top_level(document: Any, start: Location) -> None:
    if document is None:
        raise ApigenError(error("document-invalid", "the document is empty", location=start))
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else f"a {type(document).__name__}"
        raise ApigenError(
            error(
                "document-invalid",
                f"the top level is {kind}, not a mapping",
                location=start,
                hint="an OpenAPI document is a mapping with 'openapi', 'info' and 'paths'",
            )
        )


def _version(document: dict[str, Any], start: Location) -> str:
    for key in ("openapi", "swagger"):
        if key in document and document[key] is not None:
            return str(document[key])
    raise ApigenError(
        error(
            "version-missing",
            "neither an 'openapi' nor a 'swagger' field at the top level",
            location=start,
            hint="start the document with `openapi: 3.1.0` (or the 3.0.x version it follows)",
        )
    )
