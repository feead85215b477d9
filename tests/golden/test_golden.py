"""Tier 2: whole generated packages compared byte for byte with the committed golden trees."""

from __future__ import annotations

import pytest

from generator.pipeline import diff_trees, generate
from generator.write import read_tree

from .cases import CASES, REPO, Case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_tree(case: Case, tmp_path) -> None:
    config = case.config(tmp_path)
    gen = generate(case.spec, config)
    label = case.tree.relative_to(REPO).as_posix()
    committed = read_tree(case.tree / gen.api.package)
    assert committed, f"no golden tree for {case.name}: run `make golden`"
    diffs = diff_trees(committed, gen.files, f"{label}/{gen.api.package}")
    # pyproject.toml, README.md and api.md beside the package folder (`--meta pyproject`).
    meta = {name: text.encode() for name, text in gen.meta.items()}
    assert sorted(meta) == ["README.md", "api.md", "pyproject.toml"]
    on_disk = {n: (case.tree / n).read_bytes() for n in meta if (case.tree / n).is_file()}
    diffs += diff_trees(on_disk, meta, label)
    assert not diffs, (
        "generated output drifted from the golden tree (run `make golden` and review):\n"
        + "".join(diffs)[:20000]
    )
