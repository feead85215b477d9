"""Random specs made of hostile strings (see strategies.py) through the whole pipeline but black:
no crash, every generated file parses and passes the AST check, nothing is written outside the
output folder, and importing a sample of the generated packages in a fresh interpreter runs none of
the payloads.

CI runs APIGEN_HYPOTHESIS_EXAMPLES examples (default 150, well under a minute); the `slow` variant
runs 1,000, and setting the variable raises either (`APIGEN_HYPOTHESIS_EXAMPLES=5000 make test`).
The CI-sized tests draw the same specs on every run (`derandomize`), so that a CI run fails for a
change and not for a draw; the slow variant, `APIGEN_HYPOTHESIS_RANDOM=1` and
`--hypothesis-seed=N` draw others. The exit-3s found so far are test_fuzz_regressions.py.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from generator.config import Config
from generator.findings import ApigenError
from generator.load import load_spec
from generator.validate import validate_spec
from generator.write import read_tree, safe_relative

from .harness import (
    dump_spec,
    import_in_fresh_interpreter,
    listing,
    package_files,
    render_document,
    write_unformatted,
)
from .strategies import hostile_spec

CI_EXAMPLES = int(os.environ.get("APIGEN_HYPOTHESIS_EXAMPLES", "150"))
SLOW_EXAMPLES = max(1000, CI_EXAMPLES)
IMPORT_SAMPLE_EVERY = (
    25  # import every 25th generated package (importing costs ~1 s per interpreter)
)
IMPORT_SAMPLE_MAX = 8


# The CI-sized tests draw the same specs every run; the slow one draws new ones (see above).
DERANDOMIZE = not os.environ.get("APIGEN_HYPOTHESIS_RANDOM")
_SETTINGS = dict(
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


def _check_one(
    document: dict[str, Any],
    root: Path,
    index: int,
    config: Config,
    importable: Path,
    imports: list[str],
) -> None:
    # 1. IR -> render -> verify, as pipeline.build (validation skipped: the escaping must hold even
    #    for what the validator would refuse).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gen = render_document(document, config)
    for path, text in gen.renders.items():
        safe_relative(path)
        if path.endswith(".py"):
            compile(text.encode("utf-8"), path, "exec", dont_inherit=True)

    # 2. The write stays inside the output folder and writes exactly the package.
    output = root / "out"
    output.mkdir(exist_ok=True)
    before = listing(root)
    target = write_unformatted(gen, output)
    assert target.parent == output and target.name == str(gen.api.package)
    assert set(read_tree(target)) == set(package_files(gen))
    assert {p for p in listing(root) - before if not p.startswith(f"out/{gen.api.package}")} <= {
        "out"
    }
    assert not [
        p for p in listing(output) if p.startswith(".")
    ], "a temporary folder was left behind"

    # 3. A sample is imported later, under a package name of our choosing.
    if index % IMPORT_SAMPLE_EVERY == 0 and len(imports) < IMPORT_SAMPLE_MAX:
        name = f"hostile_pkg_{len(imports)}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sample = render_document(document, Config(package=name, server=config.server))
        write_unformatted(sample, importable)
        imports.append(name)


def _run(
    max_examples: int, config: Config, *, shrink: bool = True, derandomize: bool = DERANDOMIZE
) -> None:
    with tempfile.TemporaryDirectory(prefix="apigen-hostile-") as tmp:
        tmp_path = Path(tmp)
        imports: list[str] = []
        counter = {"n": 0}
        (tmp_path / "importable").mkdir()

        phases = tuple(Phase) if shrink else (Phase.explicit, Phase.reuse, Phase.generate)

        @settings(max_examples=max_examples, phases=phases, derandomize=derandomize, **_SETTINGS)  # type: ignore[arg-type]
        @given(hostile_spec())
        def check(document: dict[str, Any]) -> None:
            counter["n"] += 1
            with tempfile.TemporaryDirectory(dir=tmp_path) as one:
                _check_one(
                    document, Path(one), counter["n"] - 1, config, tmp_path / "importable", imports
                )

        check()
        assert counter["n"] >= min(max_examples, 50), counter

        sentinel = tmp_path / "sentinel"
        sentinel.mkdir()
        errors = import_in_fresh_interpreter(tmp_path / "importable", imports, sentinel)
        assert not list(sentinel.iterdir()), "a spec string was executed on import"
        assert imports and all(errors[name]["modules"] for name in imports)
        problems = {name: result["errors"] for name, result in errors.items() if result["errors"]}
        assert not problems, json.dumps(problems, indent=2)[:6000]


@settings(max_examples=max(50, CI_EXAMPLES // 2), derandomize=DERANDOMIZE, **_SETTINGS)  # type: ignore[arg-type]
@given(hostile_spec())
def test_hostile_specs_load_and_validate_never_crash(document: dict[str, Any]) -> None:
    """The loader and validator answer a hostile spec with findings (ApigenError: exit 2), never
    with an exception (exit 3)."""
    with tempfile.TemporaryDirectory(prefix="apigen-hostile-") as tmp:
        spec_file = dump_spec(document, Path(tmp) / "spec.json")
        try:
            validate_spec(load_spec(spec_file), Config().validation)
        except ApigenError:
            pass


def test_hostile_specs_client_and_models() -> None:
    _run(CI_EXAMPLES, Config(server=False))


@pytest.mark.slow
def test_hostile_specs_client_and_models_1000() -> None:
    _run(SLOW_EXAMPLES, Config(server=False), derandomize=False)


def test_hostile_specs_with_server_stubs() -> None:
    _run(max(40, CI_EXAMPLES // 3), Config(server=True), shrink=False)
