"""Killing generation at any moment leaves the previous output intact.

Two tests: `apigen generate` run as a subprocess into an existing output and SIGKILLed at delays
spread over a whole run (start-up, load, models, formatting, write); and, because the write itself
lasts milliseconds, a deterministic one that SIGKILLs `write_package` just before each of its file
system operations, with the atomic exchange and with the two-rename fallback, then checks what the
next run's `recover()` leaves.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import yaml

from generator.write import read_tree, recover

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec" / "seed-update-charger.yaml"
PACKAGE = "killed"


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["APIGEN_CACHE_DIR"] = str(cache)
    env.pop("APIGEN_DEBUG", None)
    return env


# `apigen generate`, with a marker file created when a stage starts, so a kill can be aimed at it.
_MARKED_CLI = textwrap.dedent("""
    import sys
    from pathlib import Path
    import generator.format as fmt
    import generator.pipeline as pipeline

    marker, stage, argv = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]

    def marked(module, name):
        original = getattr(module, name)
        def wrapped(*args, **kwargs):
            marker.touch()
            return original(*args, **kwargs)
        setattr(module, name, wrapped)

    if stage == "format":
        marked(fmt, "format_source")
    elif stage == "write":
        marked(pipeline, "write_package")
    from generator.cli import main
    sys.exit(main(argv))
    """)


def _cli(
    spec: Path, output: Path, cache: Path, cwd: Path, *, marker: Path | None = None, stage: str = ""
) -> subprocess.Popen[bytes]:
    args = ["generate", str(spec), "-o", str(output), "-p", PACKAGE]
    command = [sys.executable, "-m", "generator", *args]
    if marker is not None:
        command = [sys.executable, "-c", _MARKED_CLI, str(marker), stage, *args]
    return subprocess.Popen(
        command,
        cwd=str(cwd),  # no pyproject.toml here: defaults + flags only
        env=_env(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _run(spec: Path, output: Path, cache: Path, cwd: Path) -> None:
    proc = _cli(spec, output, cache, cwd)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, (out + err).decode(errors="replace")


def _tree(folder: Path) -> dict[str, bytes]:
    """The package as written, manifest included (it records nothing of apigen's own source, which
    may change between two runs of this test while someone edits the code)."""
    return read_tree(folder)


def _leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.iterdir() if p.name.startswith("."))


def test_sigkill_during_generate_keeps_previous_output(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    old_spec = tmp_path / "old.yaml"
    old_spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    document["info"]["version"] = "9.9.9-killed"
    new_spec = tmp_path / "new.yaml"
    new_spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    # The kill aimed at formatting generates a version no other run writes: a module whose render
    # is unchanged is taken from the output as it is, and an earlier timed kill may already have
    # written new.yaml's package, which would leave nothing to format.
    document["info"]["version"] = "9.9.9-killed-while-formatting"
    formatting_spec = tmp_path / "formatting.yaml"
    formatting_spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    output = tmp_path / "out"
    _run(old_spec, output, tmp_path / "cache-old", tmp_path)
    old = _tree(output / PACKAGE)

    # (label, delay or stage marker). Each killed run formats into a cold cache of its own.
    kills: list[tuple[str, float | str]] = [
        ("0.05s", 0.05),
        ("0.3s", 0.3),
        ("0.8s", 0.8),
        ("1.5s", 1.5),
        ("formatting", "format"),
        ("write", "write"),
    ]
    seen: list[tuple[str, dict[str, bytes]]] = []
    for index, (label, when) in enumerate(kills):
        before = _tree(output / PACKAGE)  # an earlier timed kill may have landed after its write
        cache = tmp_path / f"cache-kill-{index}"
        if isinstance(when, str):
            marker = tmp_path / f"marker-{index}"
            spec = formatting_spec if when == "format" else new_spec
            proc = _cli(spec, output, cache, tmp_path, marker=marker, stage=when)
            deadline = time.monotonic() + 120
            while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            assert (
                marker.exists()
            ), f"the run never reached {when}: {proc.communicate()[1].decode(errors='replace')[-2000:]}"
        else:
            proc = _cli(new_spec, output, cache, tmp_path)
            time.sleep(when)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        tree = _tree(output / PACKAGE)
        if label == "formatting":
            assert (
                proc.returncode == -signal.SIGKILL and tree == before
            ), "killed while formatting: the output must stay as it was"
        recover(output / PACKAGE)  # what the next run does first
        assert _tree(output / PACKAGE) == tree
        assert _leftovers(output) == []
        seen.append((label, tree))

    # The next run succeeds; every kill left either the old package or this complete new one.
    _run(new_spec, output, tmp_path / "cache-old", tmp_path)
    new = _tree(output / PACKAGE)
    assert new != old and _leftovers(output) == []
    for label, tree in seen:
        assert tree in (
            old,
            new,
        ), f"kill at {label} left a mixed or partial package: {_differences(tree, old, new)}"
    assert seen[0][1] == old  # 0.05 s: still starting up


def _differences(tree: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> str:
    def diff(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
        return sorted(p for p in set(a) | set(b) if a.get(p) != b.get(p))

    return f"differs from the old output in {diff(tree, old)}, from the new in {diff(tree, new)}"


_KILLER = textwrap.dedent("""
    import json, os, shutil, signal, sys
    from pathlib import Path
    import generator.write as w

    target, files_json, kill_at, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    files = {k: v.encode() for k, v in json.loads(Path(files_json).read_text()).items()}
    steps = []

    def step(kind):
        steps.append(kind)
        if len(steps) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(owner, name, kind):
        original = getattr(owner, name)
        def wrapped(*args, **kwargs):
            step(kind)
            return original(*args, **kwargs)
        setattr(owner, name, wrapped)

    wrap(Path, "write_bytes", "write")
    wrap(Path, "mkdir", "mkdir")
    wrap(w.os, "chmod", "chmod")
    wrap(w.os, "replace", "replace")
    wrap(w.shutil, "rmtree", "rmtree")
    if mode == "rename":
        w._exchange = lambda a, b: False
    else:
        wrap(w, "_exchange", "exchange")
    w.write_package(Path(target), files)
    print(json.dumps(steps))
    """)


def _killer(target: Path, files: Path, kill_at: int, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _KILLER, str(target), str(files), str(kill_at), mode],
        cwd=str(REPO),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_sigkill_at_every_step_of_the_write(tmp_path: Path) -> None:
    from generator.write import write_package

    old = {
        "__init__.py": b"old\n",
        "models.py": b"old models\n",
        "resources/a.py": b"a\n",
        "_runtime/x.py": b"x\n",
    }
    new_text = {
        "__init__.py": "new\n",
        "models.py": "new models\n",
        "resources/b.py": "b\n",
        "_runtime/x.py": "x2\n",
        "py.typed": "",
    }
    new = {k: v.encode() for k, v in new_text.items()}
    files = tmp_path / "files.json"
    files.write_text(json.dumps(new_text))
    for mode in ("exchange", "rename"):
        output = tmp_path / mode
        target = output / "pkg"
        write_package(target, old)
        dry = _killer(target, files, 0, mode)  # never killed: learn the steps
        assert dry.returncode == 0, dry.stderr
        steps = json.loads(dry.stdout)
        assert read_tree(target) == new
        kinds = {kind: [i + 1 for i, k in enumerate(steps) if k == kind] for kind in set(steps)}
        # every step that changes what the target is, and the first/last of the bulk ones
        points = sorted(
            {p for kind in ("replace", "exchange", "rmtree") for p in kinds.get(kind, [])}
            | {
                p
                for kind in ("write", "chmod", "mkdir")
                for p in (kinds.get(kind) or [])[:1] + (kinds.get(kind) or [])[-1:]
            }
            | {len(steps)}
        )
        for kill_at in points:
            write_package(target, old)
            result = _killer(target, files, kill_at, mode)
            assert result.returncode == -signal.SIGKILL, (
                kill_at,
                steps[kill_at - 1],
                result.stderr[-500:],
            )
            before_recover = read_tree(target)
            if mode == "rename" and not target.exists():
                # killed between the two renames: the old output waits beside the target
                assert any(p.name.startswith(".pkg.old-") for p in output.iterdir())
            else:
                assert before_recover in (old, new), (mode, kill_at, steps[kill_at - 1])
            recover(target)
            assert read_tree(target) in (old, new), (mode, kill_at, steps[kill_at - 1])
            assert _leftovers(output) == [], (mode, kill_at, steps[kill_at - 1])
            if steps[kill_at - 1] in ("write", "chmod", "mkdir"):
                assert read_tree(target) == old  # killed while staging: the old output, untouched
