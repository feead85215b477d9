"""Tier 2: whole generated packages compared byte for byte with the committed golden trees."""

from __future__ import annotations

import pytest

from generator.pipeline import diff_trees, generate
from generator.write import read_tree

from .cases import CASES, TREES, Case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_tree(case: Case, tmp_path) -> None:
    config = case.config(tmp_path)
    gen = generate(case.spec, config)
    committed = read_tree(TREES / case.name / gen.api.package)
    assert committed, f"no golden tree for {case.name}: run `make golden`"
    diffs = diff_trees(committed, gen.files, f"tests/golden/trees/{case.name}/{gen.api.package}")
    # pyproject.toml, README.md and api.md beside the package folder (`--meta pyproject`).
    meta = {name: text.encode() for name, text in gen.meta.items()}
    assert sorted(meta) == ["README.md", "api.md", "pyproject.toml"]
    on_disk = {
        n: (TREES / case.name / n).read_bytes() for n in meta if (TREES / case.name / n).is_file()
    }
    diffs += diff_trees(on_disk, meta, f"tests/golden/trees/{case.name}")
    assert not diffs, (
        "generated output drifted from the golden tree (run `make golden` and review):\n"
        + "".join(diffs)[:20000]
    )
