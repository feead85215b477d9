"""Conversions of older API description formats into the OpenAPI 3.0 the rest of apigen reads.

`swagger2.convert(document)` turns a Swagger 2.0 document into an equivalent OpenAPI 3.0.3 one,
in-process and deterministically; `swagger2.convert_with_map` also returns a pointer map so that
findings on the converted document can still be located in the original Swagger file, and
`loaded.as_openapi3(spec)` applies both to a `LoadedSpec` (the one call the pipeline makes).
"""

from __future__ import annotations

from .swagger2 import Conversion, convert, convert_with_map, is_swagger2

__all__ = ["Conversion", "as_openapi3", "convert", "convert_with_map", "is_swagger2"]


def __getattr__(name: str) -> object:  # lazy: `convert` alone must not import the loader
    if name == "as_openapi3":
        from .loaded import as_openapi3

        return as_openapi3
    raise AttributeError(name)
