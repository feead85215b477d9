"""Driving the pipeline on in-memory documents, writing without black, importing in a fresh
interpreter with the sentinel armed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.findings import Location
from generator.load import LoadedSpec
from generator.pipeline import Generation, build
from generator.render.runtime import runtime_files
from generator.write import write_package

from .strategies import SENTINEL_ENV

REPO = Path(__file__).resolve().parents[2]


class InMemorySpec(LoadedSpec):
    """A LoadedSpec for a document that never touched the disk (so the loader's own refusals, e.g.
    of a `$ref` to /etc/passwd, do not keep hostile strings from the later stages)."""

    def locate(self, pointer: str) -> Location:
        return Location("spec.json")


def in_memory_spec(document: dict[str, Any]) -> InMemorySpec:
    data = json.dumps(document, ensure_ascii=True, default=str).encode()
    return InMemorySpec(Path("spec.json"), {"spec.json": data}, document, str(document.get("openapi", "")), None)  # type: ignore[arg-type]


def render_document(document: dict[str, Any], config: Config | None = None) -> Generation:
    """load -> (no validation) -> IR -> render -> verify, exactly as `pipeline.build` does it; no
    formatting. Raises ApigenError when the output is refused."""
    return build(in_memory_spec(document), config or Config())


def package_files(gen: Generation) -> dict[str, bytes]:
    """The package as `write` would write it, unformatted: renders + the copied runtime."""
    files = {path: text.encode("utf-8") for path, text in gen.renders.items()}
    files.update({path: text.encode("utf-8") for path, text in runtime_files().items()})
    return files


def write_unformatted(gen: Generation, output: Path) -> Path:
    target = output / str(gen.api.package)
    write_package(target, package_files(gen))
    return target


IMPORT_SCRIPT = textwrap.dedent("""
    import importlib, json, pkgutil, sys, traceback
    results = {}
    for name in sys.argv[1:]:
        errors, imported = [], []
        try:
            package = importlib.import_module(name)
            modules = [name + ".models", name + "._client"]
            modules += [name + ".resources." + m.name for m in pkgutil.iter_modules(importlib.import_module(name + ".resources").__path__)]
            try:
                server = importlib.import_module(name + ".server")
                modules += [name + ".server._app"]
                modules += [name + ".server.routers." + m.name for m in pkgutil.iter_modules(importlib.import_module(name + ".server.routers").__path__)]
                modules += [name + ".server.services." + m.name for m in pkgutil.iter_modules(importlib.import_module(name + ".server.services").__path__)]
            except ModuleNotFoundError as exc:
                if exc.name and exc.name.startswith(name):
                    pass  # generated without a server
                else:
                    raise
            for module in modules:
                try:
                    importlib.import_module(module)
                    imported.append(module)
                except Exception:
                    errors.append(module + ": " + traceback.format_exc(limit=3)[-600:])
            if hasattr(package, "Client"):
                package.Client(base_url="http://127.0.0.1:9").close()
        except Exception:
            errors.append(name + ": " + traceback.format_exc(limit=3)[-600:])
        if "generator" in sys.modules:
            errors.append(name + ": importing the generated package imported `generator`")
        results[name] = {"errors": errors, "modules": imported}
    print(json.dumps(results))
    """)


def import_in_fresh_interpreter(
    root: Path, packages: list[str], sentinel: Path, timeout: float = 120
) -> dict[str, dict[str, list[str]]]:
    """Import every module of each package (client, models, resources, server) in a new Python with
    `root` first on sys.path and APIGEN_SENTINEL set; returns package -> {"errors": [...],
    "modules": [modules imported]}. The caller asserts `sentinel` is still empty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env[SENTINEL_ENV] = str(sentinel)
    env["PYTHONPATH"] = str(root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(root)!r}); exec({IMPORT_SCRIPT!r})",
            *packages,
        ],
        cwd=str(root),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"import subprocess failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def listing(folder: Path) -> set[str]:
    """Every path under `folder` (files and folders), relative."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def dump_spec(document: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path
