"""Output is byte-identical across runs and PYTHONHASHSEED values, with no shared format cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator.write import read_tree

REPO = Path(__file__).resolve().parents[2]
SEEDS = ("0", "1", "4242", "random")


def _generate(out: Path, cache: Path, seed: str) -> dict[str, bytes]:
    env = dict(os.environ, PYTHONHASHSEED=seed, APIGEN_CACHE_DIR=str(cache))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "spec/ocpplab-gateway.yaml",
            "--output",
            str(out),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    tree = read_tree(out / "ocpplab")
    assert tree, "nothing generated"
    return tree


def test_same_bytes_under_different_hash_seeds(tmp_path: Path) -> None:
    trees = [
        _generate(tmp_path / f"out-{seed}", tmp_path / f"cache-{seed}", seed) for seed in SEEDS
    ]
    first = trees[0]
    for seed, tree in zip(SEEDS[1:], trees[1:]):
        assert tree.keys() == first.keys(), f"file list differs under PYTHONHASHSEED={seed}"
        changed = [path for path in first if first[path] != tree[path]]
        assert not changed, f"bytes differ under PYTHONHASHSEED={seed}: {changed}"


def test_no_timestamps_in_output(tmp_path: Path) -> None:
    tree = _generate(tmp_path / "out", tmp_path / "cache", "0")
    import re

    stamp = re.compile(rb"20\d\d-\d\d-\d\d[T ]\d\d:\d\d")
    assert not [p for p, data in tree.items() if stamp.search(data)]
