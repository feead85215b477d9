"""Fixtures for the runtime tests: a freshly vendored copy of templates/runtime, and a
fault-injecting server on 127.0.0.1."""

from __future__ import annotations

import importlib
import logging
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from .faulty_server import FaultyServer
from .helpers import Flavor

RUNTIME_SRC = Path(__file__).resolve().parents[2] / "templates" / "runtime"
PKG = "sdkpkg"


def _purge() -> None:
    for name in list(sys.modules):
        if name == PKG or name.startswith(PKG + "."):
            del sys.modules[name]


@pytest.fixture(scope="module")
def rt_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """``templates/runtime`` copied to ``<tmp>/sdkpkg/_runtime`` and imported (once per test
    module); removed from ``sys.path`` and ``sys.modules`` afterwards."""
    root = tmp_path_factory.mktemp("vendored")
    pkg = root / PKG
    shutil.copytree(RUNTIME_SRC, pkg / "_runtime", ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "__init__.py").write_text("")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    _purge()
    try:
        yield importlib.import_module(f"{PKG}._runtime")
    finally:
        sys.path.remove(str(root))
        _purge()


@pytest.fixture
def rt(rt_module: ModuleType) -> Iterator[ModuleType]:
    """The vendored runtime, with the package logger reset after each test."""
    try:
        yield rt_module
    finally:
        logger = logging.getLogger(PKG)
        logger.setLevel(logging.NOTSET)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)


@pytest.fixture
def server() -> Iterator[FaultyServer]:
    with FaultyServer() as srv:
        yield srv


@pytest.fixture(params=["sync", "async"])
def flavor(
    request: pytest.FixtureRequest, rt: ModuleType, server: FaultyServer
) -> Iterator[Flavor]:
    """Runs a test body against the sync client and again against the async client."""
    f = Flavor(request.param, rt, server)
    try:
        yield f
    finally:
        f.close()
