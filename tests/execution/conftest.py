"""Generated packages for the execution tests: generated once per session into a temp folder and
imported from there, so the tests exercise exactly what `apigen generate` writes."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import Config, load_config
from generator.pipeline import generate, write

REPO = Path(__file__).resolve().parents[2]


def _generate(spec: Path, out: Path, config: Config) -> Path:
    config = config.with_overrides(spec=str(spec), output=str(out))
    gen = generate(spec, config)
    return write(gen, config)


@pytest.fixture(scope="session")
def generated_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("generated")
    project = load_config(REPO / "pyproject.toml")
    _generate(REPO / "spec" / "ocpplab-gateway.yaml", root, project)
    _generate(
        REPO / "spec" / "seed-update-charger.yaml",
        root,
        project.with_overrides(package="ocpplab_seed", meta="none"),  # one distribution a folder
    )
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in list(sys.modules):
        if name.split(".")[0] in ("ocpplab", "ocpplab_seed"):
            del sys.modules[name]


@pytest.fixture(scope="session")
def ocpplab(generated_root: Path):  # type: ignore[no-untyped-def]
    return importlib.import_module("ocpplab")


@pytest.fixture(scope="session")
def ocpplab_seed(generated_root: Path):  # type: ignore[no-untyped-def]
    return importlib.import_module("ocpplab_seed")
