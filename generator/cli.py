"""The command line: the only place that prints or exits.

Exit codes: 0 success; 1 `check` found drift (or a `--fail-under`/`--fail-on` threshold failed);
2 bad input or usage (every problem printed as FILE:LINE:COL: severity: message (hint: ...));
3 an internal error in apigen itself (set APIGEN_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .config import SPEC_BOUND_KEYS, Config, for_other_spec, is_configured_spec, project_config
from .findings import ApigenError, Effect, Findings, Location, Severity, error
from .gc_tuning import tune_gc

EXIT_OK, EXIT_DRIFT, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _print_findings(findings: Findings, *, quiet: bool = False) -> None:
    for finding in findings:
        if quiet and finding.severity < Severity.WARNING:
            continue
        print(finding.format(), file=sys.stderr)


def _config(args: argparse.Namespace, *, tell: bool = False) -> Config:
    """[tool.apigen] with the flags over it. A SPEC other than the configured one does not take the
    configured spec's own settings (SPEC_BOUND_KEYS). With `tell`, says on stderr which
    configuration file was read, if any."""
    config, path = project_config(getattr(args, "config", None))
    spec: str | None = getattr(args, "spec", None)
    other = spec is not None and not is_configured_spec(config, spec)
    if other:
        config = for_other_spec(config)
    if tell:
        if path is None or not config.config_file:
            print("apigen: no pyproject.toml found: default settings", file=sys.stderr)
        elif other:
            print(
                f"apigen: config: {path} is for another spec ({config.spec}); "
                f"its {', '.join(SPEC_BOUND_KEYS)} are not used for {spec}",
                file=sys.stderr,
            )
        elif config.configured:
            print(f"apigen: config: [tool.apigen] of {path}", file=sys.stderr)
        else:
            print(f"apigen: config: {path} has no [tool.apigen]: default settings", file=sys.stderr)
    return config.with_overrides(
        spec=spec,
        output=getattr(args, "output", None),
        package=getattr(args, "package", None),
        templates=getattr(args, "templates", None),
        formatter=getattr(args, "formatter", None),
        strict=True if getattr(args, "strict", False) else None,
        meta=getattr(args, "meta", None),
    )


def cmd_validate(args: argparse.Namespace) -> int:
    from .pipeline import load_and_validate

    config = _config(args)
    _, findings = load_and_validate(Path(config.spec), config)
    _print_findings(findings)
    print(f"{config.spec}: valid ({len(findings.warnings)} warnings)")
    return EXIT_OK


def cmd_generate(args: argparse.Namespace) -> int:
    from .pipeline import generate, write
    from .report import coverage

    config = _config(args, tell=True)
    started = time.perf_counter()
    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise ApigenError(
            error(
                "usage",
                f"--fail-under {args.fail_under:g} is not a percentage",
                hint="give 0 to 100",
            )
        )
    gen = generate(Path(config.spec), config)
    _print_findings(gen.findings, quiet=True)
    report = coverage(
        gen.api,
        gen.spec.document,
        models_source=gen.models_source,
        degraded=gen.degraded,
    )
    for line in report.summary_lines():
        print(line, file=sys.stderr)
    if args.report:
        try:
            Path(args.report).write_text(report.to_json(), encoding="utf-8")
        except OSError as exc:
            raise ApigenError(
                error(
                    "output-unwritable",
                    f"cannot write the report: {exc.strerror or exc}",
                    location=Location(args.report),
                    hint="give --report a file in a folder that exists and is writable",
                )
            ) from None
    if args.timings:
        for stage, seconds in gen.timings.items():
            print(f"timing: {stage}: {seconds:.2f}s", file=sys.stderr)
    if args.dry_run:
        for path in gen.files:
            print(path)
        for name in gen.meta:
            print(f"../{name}")
        return EXIT_OK
    target = write(gen, config, force=args.force)
    ops = len(gen.api.operations)
    print(
        f"generated {target} from {config.spec}: {len(gen.api.resources)} resources, {ops} operations, "
        f"{len(gen.api.models)} models, {len(gen.files)} files in {time.perf_counter() - started:.1f}s"
    )
    if args.fail_under is not None and report.percent < args.fail_under:
        print(
            f"apigen: coverage {report.percent:.1f}% is below --fail-under {args.fail_under:g}%",
            file=sys.stderr,
        )
        return EXIT_DRIFT
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import check

    config = _config(args)
    result = check(Path(config.spec), config, full=args.full)
    if result.drift:
        for diff in result.diffs:
            sys.stdout.write(diff)
        print(
            f"drift: {len(result.diffs)} file(s) in {result.package} differ from what {config.spec} generates "
            "(run `make generate` and commit the result)",
            file=sys.stderr,
        )
        return EXIT_DRIFT
    how = (
        "regenerated and compared"
        if result.regenerated
        else "manifest matches spec, config and toolchain"
    )
    print(f"{result.package}: up to date ({how})")
    return EXIT_OK


SHOWN_OVERRIDES = 5  # ready-to-paste entries printed after a refusal, at most


def refusal_hint(findings: Findings) -> list[str]:
    """The last lines of a refusal: what lets the run through. Errors that are errors only because
    of `--strict` name the flag; the others, the exact `[[tool.apigen.validation]]` entries
    (code + pointer) that accept them, ready to paste into pyproject.toml."""
    errors = [f for f in findings.errors if f.effect is not None]
    strict_only = [f for f in errors if f.effect is not Effect.CODE]
    others = [f for f in errors if f.effect is Effect.CODE]
    lines: list[str] = []
    if others:
        lines.append(
            "apigen: to generate anyway, accept each finding under [tool.apigen] in pyproject.toml "
            "(it becomes a warning and the spec is read as written; say why in `reason`):"
        )
        seen: set[tuple[str, str]] = set()
        for finding in others:
            if (finding.code, finding.pointer) in seen or len(seen) == SHOWN_OVERRIDES:
                continue
            seen.add((finding.code, finding.pointer))
            lines += [
                "",
                "[[tool.apigen.validation]]",
                f"code = {_toml(finding.code)}",
                'severity = "warning"',
                f"pointer = {_toml(finding.pointer)}",
                'reason = "known problem of the upstream spec"',
            ]
        rest = len({(f.code, f.pointer) for f in others}) - len(seen)
        if rest:
            codes = ", ".join(sorted({f.code for f in others}))
            lines += [
                "",
                f"apigen: ... and {rest} more; an entry without `pointer` accepts every finding "
                f"of its code ({codes})",
            ]
    if strict_only:
        if lines:
            lines.append("")
        lines.append(
            f"apigen: {len(strict_only)} of the errors cannot change the generated code or have a "
            "safe fallback: they are errors because of --strict (or [tool.apigen] strict = true, or "
            'an entry with severity = "error"); without it they are warnings, and apigen generates '
            "with the fallback each one names"
        )
    return lines


def _toml(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; non-ASCII stays as it is)."""
    import json

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")  # DEL: not in TOML


def cmd_vendor(args: argparse.Namespace) -> int:
    from .vendor import (
        check_name,
        default_source,
        describe_plan,
        describe_verification,
        read_source,
        vendor,
        vendored_folder,
        verify,
    )

    if args.verify:
        folder = vendored_folder(Path(args.verify), args.package)
        source = None
        if args.source or not args.into:
            try:
                source = read_source(
                    Path(args.source) if args.source else default_source(args.config),
                    client_only=args.client_only,
                )
            except ApigenError:
                if args.source:
                    raise
                source = None  # no generated package around: report hand edits only
        result = verify(folder, source)
        for line in describe_verification(result):
            print(line)
        return EXIT_DRIFT if result.drift else EXIT_OK
    if not args.into:
        raise ApigenError(
            error(
                "usage",
                "apigen vendor needs --into DIR (or --verify DIR)",
                hint="apigen vendor --into third_party/",
            )
        )
    source_dir = Path(args.source) if args.source else default_source(args.config)
    source = read_source(source_dir, client_only=args.client_only)
    package = check_name(args.package or source.package)
    plan, written = vendor(source, Path(args.into), package, force=args.force)
    for line in describe_plan(plan, source, package, written):
        print(line)
    return EXIT_OK if written else EXIT_DRIFT


def _register_vendor(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "vendor",
        help="copy the generated client into another project (optionally renamed), keeping hand edits",
        description=(
            "Copy a generated package into DIR/NAME with a manifest of what was written. Re-vendoring "
            "names the files changed by hand and keeps them (exit 1) unless --force; --verify reports "
            "drift without writing."
        ),
    )
    p.add_argument(
        "--into", metavar="DIR", help="folder the package is vendored into (it lands in DIR/NAME)"
    )
    p.add_argument(
        "--package",
        "-p",
        metavar="NAME",
        help="import name of the vendored copy (default: the generated one)",
    )
    p.add_argument(
        "--from",
        dest="source",
        metavar="DIR",
        help="the generated package (default: [tool.apigen] output/package)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="overwrite files changed by hand with the upstream version",
    )
    p.add_argument(
        "--verify",
        metavar="DIR",
        help="report hand edits and upstream changes of a vendored copy; write nothing",
    )
    p.add_argument(
        "--client-only", action="store_true", help="leave out server/ (the FastAPI stubs)"
    )
    p.add_argument("--config", help="a pyproject.toml whose [tool.apigen] table to use")
    p.set_defaults(func=cmd_vendor)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="apigen",
        description="Generate a typed Python client (and server stubs) from an OpenAPI document.",
        epilog="Exit codes: 0 ok, 1 drift found, 2 bad input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"apigen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(p: argparse.ArgumentParser, *, output: bool = True) -> None:
        p.add_argument("spec", nargs="?", help="the OpenAPI document (default: [tool.apigen] spec)")
        p.add_argument("--config", help="a pyproject.toml whose [tool.apigen] table to use")
        if output:
            p.add_argument(
                "--output", "-o", help="folder the package is written into (default: generated)"
            )
            p.add_argument("--package", "-p", help="import name of the generated package")
            p.add_argument("--templates", help="a folder of templates overriding the built-in ones")
            p.add_argument(
                "--formatter", choices=("black", "ruff"), help="code formatter (default: black)"
            )
            p.add_argument(
                "--meta",
                choices=("none", "pyproject"),
                help="pyproject.toml, README.md and api.md beside the package (default: pyproject); "
                "none: the bare package, for vendoring",
            )
        p.add_argument(
            "--strict",
            action="store_true",
            help="every finding about the spec's validity is an error, even one that cannot change "
            "the generated code or that apigen would degrade safely (default: [tool.apigen] strict)",
        )

    p = sub.add_parser("generate", help="validate the spec and write the generated package")
    common(p)
    p.add_argument("--dry-run", action="store_true", help="list the files without writing them")
    p.add_argument("--report", metavar="FILE.json", help="write the coverage report (JSON) to FILE")
    p.add_argument("--timings", action="store_true", help="print the seconds spent in each stage")
    p.add_argument(
        "--fail-under",
        metavar="PCT",
        type=float,
        help="exit 1 when coverage is below PCT percent (after writing); an item generated with a "
        "fallback (an invalid default dropped...) does not count as generated",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="write even into an output folder whose manifest records another spec or package",
    )
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("validate", help="validate the spec and print every finding")
    common(p, output=False)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "check", help="exit 1 with a diff if the committed output is not what the spec generates"
    )
    common(p)
    p.add_argument(
        "--full", action="store_true", help="always regenerate and reformat, ignoring the manifest"
    )
    p.set_defaults(func=cmd_check)

    from .diff.command import register as register_diff

    register_diff(sub)
    _register_vendor(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tune_gc()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage
        return EXIT_OK if exc.code == 0 else EXIT_BAD_INPUT
    try:
        return int(args.func(args))
    except ApigenError as exc:
        _print_findings(exc.findings)
        errors = len(exc.findings.errors)
        print(f"apigen: {errors} error(s); nothing was written", file=sys.stderr)
        for line in refusal_hint(exc.findings):
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("apigen: interrupted; nothing was written", file=sys.stderr)
        return 130
    except RecursionError:  # a shape of nesting no stage caught: still the input's, not a bug
        if os.environ.get("APIGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"{getattr(args, 'spec', None) or 'the spec'}: error: the document nests too deeply "
            "to generate (hint: flatten it with $refs to named components) [document-too-deep]",
            file=sys.stderr,
        )
        print("apigen: 1 error(s); nothing was written", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # an apigen bug: one line, and the traceback only on request
        if os.environ.get("APIGEN_DEBUG"):
            traceback.print_exc()
        print(
            f"apigen: internal error: {type(exc).__name__}: {exc} (set APIGEN_DEBUG=1 for details and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
