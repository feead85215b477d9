"""A loaded Swagger 2.0 spec -> the same spec as OpenAPI 3.0, still located in the original file.

`as_openapi3(spec)` is what the pipeline calls right after `load_spec`: a spec that is not Swagger 2.0
comes back unchanged; a Swagger 2.0 one comes back with the converted document, version "3.0.3", the
same input files (so `spec.sha256`, and the manifest, still describe the bytes on disk), and a source
map that sends every pointer of the converted document back to where that node was written in the
Swagger file, so FILE:LINE:COL in findings points at the spec the user edits.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..load import LoadedSpec, SourceMap
from .swagger2 import Conversion, convert_with_map, is_swagger2


class ConvertedSourceMap(SourceMap):
    """The original source map, read through the conversion's pointer map."""

    def __init__(self, original: SourceMap, conversion: Conversion) -> None:
        self._original = original
        self._conversion = conversion

    def origin(self, pointer: str) -> tuple[str, tuple[str, ...]]:
        return self._original.origin(self._conversion.source_pointer(pointer))

    def __getattr__(self, name: str) -> Any:  # locate_in_file, mount, ...: the original's
        return getattr(self._original, name)


def as_openapi3(spec: LoadedSpec) -> LoadedSpec:
    if not is_swagger2(spec.document) or not spec.version.startswith("2"):
        return spec
    conversion = convert_with_map(spec.document)
    return dataclasses.replace(
        spec,
        document=conversion.document,
        version=str(conversion.document["openapi"]),
        source_map=ConvertedSourceMap(spec.source_map, conversion),
        converted_from=spec.version,
    )
