"""Renaming a package's self-references: imports and module paths, never spec text."""

from __future__ import annotations

import ast

import pytest

from generator.findings import ApigenError
from generator.vendor import rename_module_source

SOURCE = '''"""Acme client.

    from ocpplab import Client
    >>> import ocpplab.models

Models live in `ocpplab.models`; the SDK `ocpplab` 0.2.2 is the product.
"""

import ocpplab
import ocpplab.models as m
import ocpplab.resources, json
from ocpplab import Client
from ocpplab._runtime import (
    omit,
)
from . import models
from .ocpplab import thing
from ocpplab_extra import other

# `ocpplab.models` is imported lazily; ocpplab is the name
NAME = "ocpplab.models"
DESCRIPTION = "Built from the Fern SDK `ocpplab` 0.2.2 (see `ocpplab.models`)"


def f(x):
    """Uses `ocpplab.models` and from ocpplab import X."""
    return ocpplab.models.Pet, x.ocpplab, m
'''


def test_imports_bound_names_and_module_paths_are_renamed() -> None:
    out, count = rename_module_source(SOURCE, "ocpplab", "acme")
    ast.parse(out)
    assert "import acme\n" in out
    assert "import acme.models as m\n" in out
    assert "import acme.resources, json\n" in out
    assert "from acme import Client\n" in out
    assert "from acme._runtime import (\n" in out
    assert "    from acme import Client\n" in out and ">>> import acme.models" in out
    assert "Models live in `acme.models`; the SDK `ocpplab` 0.2.2 is the product." in out
    assert 'NAME = "acme.models"' in out
    assert "# `acme.models` is imported lazily; ocpplab is the name" in out
    assert "return acme.models.Pet, x.ocpplab, m" in out
    assert '"""Uses `acme.models` and from ocpplab import X."""' in out
    # left alone: relative imports, other packages, spec text in ordinary strings
    assert "from .ocpplab import thing" in out and "from ocpplab_extra import other" in out
    assert 'DESCRIPTION = "Built from the Fern SDK `ocpplab` 0.2.2 (see `ocpplab.models`)"' in out
    assert count == 12


def test_nothing_to_rename_is_returned_unchanged() -> None:
    source = "from . import models\n\nx = 'ocpplab'  # a bare name may be spec text\n"
    assert rename_module_source(source, "ocpplab", "acme") == (source, 0)
    assert rename_module_source(source, "ocpplab", "ocpplab") == (source, 0)


def test_a_name_not_bound_by_import_is_not_renamed() -> None:
    source = "from ocpplab import x\nocpplab = 3\nprint(ocpplab)\n"
    out, _ = rename_module_source(source, "ocpplab", "acme")
    assert out == "from acme import x\nocpplab = 3\nprint(ocpplab)\n"


def test_unparsable_module_is_refused() -> None:
    with pytest.raises(ApigenError, match="does not parse"):
        rename_module_source("import ocpplab\ndef (:\n", "ocpplab", "acme", path="broken.py")
