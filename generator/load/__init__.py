"""load: a spec file (YAML or JSON, local refs across files) -> a bundled document + source map."""

from .loader import load_spec
from .source_map import SourceMap
from .spec import LoadedSpec

__all__ = ["LoadedSpec", "SourceMap", "load_spec"]
