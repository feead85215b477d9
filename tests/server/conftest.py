"""Fixtures for the server tests: the OCPPLab package generated into a temporary folder, the
in-memory implementation beside it, and the app served by uvicorn on a real socket on 127.0.0.1."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec" / "ocpplab-gateway.yaml"
PACKAGE = "ocpplab"
HERE = Path(__file__).resolve().parent
IMPL = HERE / "impl_ocpplab.py"


def ocpplab_config(output: Path) -> Any:
    from generator.config import load_config

    return load_config(REPO / "pyproject.toml").with_overrides(output=str(output))


def generate_package(spec: Path, output: Path) -> Path:
    """Generate the package for `spec` into `output/<package>` with apigen's pipeline."""
    from generator.pipeline import generate, write

    config = ocpplab_config(output)
    return write(generate(spec, config), config)


def _purge(prefix: str) -> dict[str, ModuleType]:
    gone = {n: m for n, m in sys.modules.items() if n == prefix or n.startswith(prefix + ".")}
    for name in gone:
        del sys.modules[name]
    return gone


class imported_from:
    """Import `package` from `root` (and `impl_ocpplab` from `implementation_dir`) inside a `with`.

    Other tests may have imported another `ocpplab` (generated/, a golden tree): it is put aside
    and restored afterwards."""

    def __init__(self, root: Path, implementation_dir: Path = HERE, package: str = PACKAGE) -> None:
        self.paths = [str(root), str(implementation_dir)]
        self.modules = (package, "impl_ocpplab")

    def __enter__(self) -> None:
        self.saved: dict[str, ModuleType] = {}
        for name in self.modules:
            self.saved.update(_purge(name))
        sys.path[:0] = self.paths

    def __exit__(self, *exc: object) -> None:
        for path in self.paths:
            if path in sys.path:
                sys.path.remove(path)
        for name in self.modules:
            _purge(name)
        sys.modules.update(self.saved)


@pytest.fixture(scope="package")
def generated_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the freshly generated `ocpplab` package."""
    root = tmp_path_factory.mktemp("server-gen")
    generate_package(SPEC, root)
    return root


@pytest.fixture(scope="package")
def ocpplab(generated_root: Path) -> Iterator[ModuleType]:
    with imported_from(generated_root):
        import ocpplab
        import ocpplab.server

        yield ocpplab


@pytest.fixture(scope="package")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the package's mypy runs: fastapi and pydantic are analysed once."""
    return tmp_path_factory.mktemp("mypy-cache")


def run_mypy(args: list[str], search_path: list[Path], cache: Path) -> tuple[str, int]:
    """`mypy --strict --follow-imports=silent` in-process, with `search_path` as MYPYPATH."""
    from mypy import api

    old = os.environ.get("MYPYPATH")
    os.environ["MYPYPATH"] = os.pathsep.join(str(p) for p in search_path)
    try:
        out, err, status = api.run(
            [
                "--strict",
                "--follow-imports=silent",
                "--no-color-output",
                "--cache-dir",
                str(cache),
                *args,
            ]
        )
    finally:
        if old is None:
            os.environ.pop("MYPYPATH", None)
        else:
            os.environ["MYPYPATH"] = old
    return out + err, status


@dataclass
class LiveServer:
    url: str
    app: Any
    store: Any


class UvicornThread:
    """uvicorn serving `app` on 127.0.0.1 with a port the OS picks; `url` once started."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-test", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="package")
def live_server(ocpplab: ModuleType) -> Iterator[LiveServer]:
    """The generated app over the in-memory chargers and locations, on a real socket."""
    from impl_ocpplab import InMemoryChargers, InMemoryLocations, Store

    store = Store()
    app = ocpplab.server.create_app(
        chargers=InMemoryChargers(store), locations=InMemoryLocations(store)
    )
    with UvicornThread(app) as url:
        yield LiveServer(url, app, store)
