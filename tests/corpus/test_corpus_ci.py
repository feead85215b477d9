"""The corpus in CI: every tiny and small spec of ../shared/corpus through `apigen generate`.

With no configuration (no pyproject.toml), every spec of the main corpus generates (exit 0) and its
package imports, module by module, in a fresh interpreter: findings that cannot change the code are
warnings, and invalid parts with a safe fallback are degraded, not refused (issue 17). The peer
fixtures (some deliberately broken) either generate or are refused with exit 2 and a located
`FILE:LINE:COL: error:` message. Never a traceback, never exit 3 (an internal error), never a hang. The heavier runs (medium and large specs, the peer
fixtures, `mypy --strict` on the tiny packages) are marked slow: `make corpus` runs them all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus import sweep

pytestmark = pytest.mark.skipif(
    not sweep.CORPUS.is_dir(), reason=f"shared corpus not found at {sweep.CORPUS}"
)

# Generator bugs the sweep found, each with the failure it shows: strict xfails, so the fix turns the
# test into an XPASS failure that says to delete the entry. Remove an entry once its bug is fixed.
KNOWN_BUGS: dict[str, str] = {
    # "spec-name": "what fails (one line)",
}

_ALL = sweep.read_manifest() if sweep.CORPUS.is_dir() else []
CI_SPECS = [s for s in _ALL if s.group in ("tiny", "small")]
HEAVY_SPECS = [s for s in _ALL if s.group in ("medium", "large")]
PEER_SPECS = [s for s in _ALL if s.group == sweep.PEER_GROUP and s.full_document]


def _options(work: Path, *, timeout: float, mypy_groups: tuple[str, ...] = ()) -> sweep.Options:
    return sweep.Options(
        work=work / "specs",
        cache=work / "format-cache",
        timeout=timeout,
        import_timeout=120,
        mypy_groups=mypy_groups,
        spec_validity=False,
    )


def _assert_sound(result: sweep.Result) -> None:
    detail = f"{result.spec}: {result.result}: {result.message}\n--- stderr (tail) ---\n{result.stderr_tail}"
    assert "Traceback (most recent call last)" not in result.stderr_tail, detail
    assert result.exit_code != 3, detail
    assert result.result in ("ok", "located-error"), detail
    if result.result == "ok":
        assert result.imported == "yes", detail


def _assert_generates(result: sweep.Result) -> None:
    _assert_sound(result)
    detail = f"{result.spec}: {result.result}: {result.message}\n--- stderr (tail) ---\n{result.stderr_tail}"
    assert result.result == "ok" and result.imported == "yes", detail


@pytest.fixture(scope="module")
def ci_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, sweep.Result]:
    work = tmp_path_factory.mktemp("corpus-ci")
    # Two at a time: the CI machine has two cores, and the whole set stays well under five minutes.
    results = sweep.run(CI_SPECS, _options(work, timeout=240), jobs=2)
    return {r.spec: r for r in results}


def _param(name: str) -> object:
    if name in KNOWN_BUGS:
        return pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_BUGS[name], strict=True))
    return name


@pytest.mark.parametrize("name", [_param(s.name) for s in CI_SPECS])
def test_tiny_and_small_specs_generate_and_import(
    name: str, ci_results: dict[str, sweep.Result]
) -> None:
    _assert_generates(ci_results[name])


def test_ci_set_is_the_tiny_and_small_main_corpus() -> None:
    assert len(CI_SPECS) == 28
    assert {s.group for s in CI_SPECS} == {"tiny", "small"}
    assert set(KNOWN_BUGS) <= {s.name for s in CI_SPECS}


def test_located_error_pattern() -> None:
    assert sweep.LOCATED.search("/x/spec.yaml:12:3: error: bad thing (hint: fix) [code]\n")
    assert not sweep.LOCATED.search("<input>: error: bad thing [code]\n")
    assert not sweep.LOCATED.search("/x/spec.yaml: error: no position [code]\n")


@pytest.mark.slow
@pytest.mark.parametrize("name", [s.name for s in HEAVY_SPECS])
def test_medium_and_large_specs(name: str, tmp_path: Path) -> None:
    spec = next(s for s in HEAVY_SPECS if s.name == name)
    _assert_generates(sweep.run_one(spec, _options(tmp_path, timeout=1200)))


@pytest.mark.slow
def test_peer_fixtures(tmp_path: Path) -> None:
    results = sweep.run(PEER_SPECS, _options(tmp_path, timeout=300), jobs=2)
    unsound = [
        f"{r.spec}: {r.result}: {r.message}"
        for r in results
        if r.result not in ("ok", "located-error") or (r.result == "ok" and r.imported != "yes")
    ]
    assert not unsound, "\n".join(unsound)


@pytest.mark.slow
def test_tiny_packages_pass_mypy_strict(tmp_path: Path) -> None:
    tiny = [s for s in CI_SPECS if s.group == "tiny"]
    results = sweep.run(tiny, _options(tmp_path, timeout=240, mypy_groups=("tiny",)), jobs=2)
    failed = [
        f"{r.spec}: {r.mypy}\n{r.mypy_output[:2000]}"
        for r in results
        if r.mypy and r.mypy != "pass"
    ]
    assert not failed, "\n\n".join(failed)
