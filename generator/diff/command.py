"""`apigen diff OLD NEW` / `apigen diff --base REV [NEW]`: the CLI face of generator.diff.

The lead wires `register(subparsers)` into cli.py; `run(args)` returns the exit code: 0 nothing at or
above `--fail-on`, 1 failing changes, and it raises ApigenError (exit 2) for bad input.

`--base REV` reads the spec as it is at a git revision (`git show REV:path`, no shell) into a temporary
folder under the same file name. Only that one file is read: a spec split over several files with
relative `$ref`s is compared against the *current* versions of the other files (or fails to load
when they did not exist then); keep specs single-file (or bundle them) for `--base`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..config import project_config
from ..findings import ApigenError, Location, error
from .ignore import load_ignores
from .report import FORMATS, MAX_ANNOTATIONS, render
from .rules import AUDIENCES

FAIL_ON = ("breaking", "warning", "info", "never")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "diff",
        help="classify the changes between two versions of a spec by what they break",
        description=(
            "Compare two versions of an OpenAPI document at the wire level and at the level of the "
            "generated Python API. Exit 0 when nothing reaches --fail-on, 1 when something does, "
            "2 on bad input."
        ),
    )
    p.add_argument("old", nargs="?", help="the old spec (omit with --base)")
    p.add_argument("new", nargs="?", help="the new spec (default with --base: [tool.apigen] spec)")
    p.add_argument(
        "--base", metavar="REV", help="take the old spec from this git revision (e.g. origin/main)"
    )
    p.add_argument(
        "--format", "-f", choices=FORMATS, default="text", help="report format (default: text)"
    )
    p.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="breaking",
        help="lowest severity that exits 1 (default: breaking)",
    )
    p.add_argument(
        "--level", choices=("all", "wire", "python"), default="all", help="report only one level"
    )
    p.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="client",
        help=(
            "whose code the changes are judged for: callers of the generated client (default), "
            "hand-written implementations of the generated server, or both"
        ),
    )
    p.add_argument(
        "--max-annotations",
        type=int,
        default=MAX_ANNOTATIONS,
        metavar="N",
        help=f"--format github: at most N annotations, the last one a summary (default {MAX_ANNOTATIONS})",
    )
    p.add_argument(
        "--config",
        help="pyproject.toml (or TOML file) with [tool.apigen] and [[tool.apigen.diff.ignore]] rows",
    )
    p.add_argument("--output", "-o", help="also write the report to this file")
    p.set_defaults(func=run)


def spec_at_revision(rev: str, spec: Path, into: Path) -> Path:
    """Write `spec` as it is at git revision `rev` into folder `into`, under the same file name."""
    if not spec.is_file():
        raise ApigenError(
            error(
                "spec-missing",
                f"spec not found: {spec}",
                hint="pass the spec path after --base REV",
            )
        )
    if not rev or rev.startswith("-"):
        # `--base=--output=x` would reach git as an option (`git show --output=x:...` writes a file).
        raise ApigenError(
            error(
                "usage",
                f"--base {rev!r} is not a git revision",
                location=Location("--base"),
                hint="give a branch, tag or commit, e.g. --base origin/main",
            )
        )
    folder = spec.resolve().parent

    def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
        except OSError as exc:
            raise ApigenError(
                error(
                    "git-unavailable",
                    f"cannot run git: {exc}",
                    hint="install git or pass OLD and NEW files",
                )
            ) from None

    top = git("rev-parse", "--show-toplevel", cwd=folder)
    if top.returncode != 0:
        raise ApigenError(
            error(
                "diff-base",
                f"{spec} is not inside a git repository",
                hint="pass OLD and NEW files instead of --base",
            )
        )
    root = Path(top.stdout.decode().strip())
    rel = spec.resolve().relative_to(root.resolve()).as_posix()
    shown = git("show", "--end-of-options", f"{rev}:{rel}", cwd=root)
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ApigenError(
            error(
                "diff-base",
                f"cannot read {rel} at {rev}: {message[-1] if message else 'git show failed'}",
                location=Location(str(spec)),
                hint="fetch the base revision (actions/checkout with fetch-depth: 0) or check the spec existed there",
            )
        )
    target = into / spec.name
    target.write_bytes(shown.stdout)
    return target


def run(args: argparse.Namespace) -> int:
    from .engine import diff_files

    config, pyproject = project_config(getattr(args, "config", None))
    ignores = load_ignores(pyproject)
    tmp: Path | None = None
    try:
        if args.base:
            if args.old and args.new:
                raise ApigenError(
                    error(
                        "usage",
                        "with --base give at most one spec (the new one)",
                        hint="apigen diff --base origin/main spec/api.yaml",
                    )
                )
            new_path = Path(args.old or args.new or config.spec)
            tmp = Path(tempfile.mkdtemp(prefix="apigen-diff-base-"))
            old_path = spec_at_revision(args.base, new_path, tmp)
            old_display = f"{args.base}:{new_path.as_posix()}"
        else:
            if not (args.old and args.new):
                raise ApigenError(
                    error(
                        "usage",
                        "apigen diff needs OLD and NEW specs, or --base REV",
                        hint="apigen diff old.yaml new.yaml",
                    )
                )
            old_path, new_path = Path(args.old), Path(args.new)
            old_display = str(old_path)
        for path in (old_path, new_path):
            if not path.is_file():
                raise ApigenError(error("spec-missing", f"spec not found: {path}"))
        result = diff_files(
            old_path,
            new_path,
            config,
            ignores=ignores,
            old_display=old_display,
            new_display=str(new_path),
            audience=args.audience,
        )
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    shown = result.only_level(args.level)
    report = render(shown, args.format, fail_on=args.fail_on, max_annotations=args.max_annotations)
    sys.stdout.write(report)
    if args.output:
        Path(args.output).write_text(report, encoding="utf-8")
    return 1 if args.fail_on != "never" and shown.failing(args.fail_on) else 0
