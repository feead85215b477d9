"""`apigen vendor`: copy a generated client into another project, optionally under a new import name,
and never clobber hand edits when doing it again.

    apigen vendor --into third_party/ [--package acme_ocpp] [--from generated/ocpplab]
    apigen vendor --verify third_party/acme_ocpp

The vendored folder gets its own `.apigen-manifest.json`: the spec sha256 and apigen version it came
from, and the sha256 of every file as written (after renaming), so a later run knows which files were
edited by hand. Re-vendoring:
- a file changed (or deleted) by hand is named and kept, nothing is written, exit 1 (`--force`
  overwrites it with the upstream version);
- a file that upstream removed is removed only if unmodified (an edited one stays, untracked);
- files that were never vendored (added by hand next to the vendored ones) are left alone;
- the new tree is written to a temporary folder and swapped in (generator/write.py).

Renaming rewrites absolute imports of the package (`import ocpplab`, `from ocpplab.x import y`), the
names bound by `import ocpplab...`, strings that are exactly a dotted path inside the package, and
in docstrings and comments only, import lines and backticked dotted paths (`ocpplab.models`). It works
on tokens and AST positions, never on raw text (spec text such as a description mentioning the
product name is left alone), and every rewritten module must parse.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import keyword
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .findings import ApigenError, Location, error
from .write import MANIFEST, manifest_bytes, read_tree, sha256, write_package

VENDOR_FORMAT = 1


# ---- renaming ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Edit:
    line: int  # 1-based
    start: int  # column offsets (characters) on that line
    end: int
    text: str


def _module_path_re(old: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(old)}(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def rename_module_source(
    source: str, old: str, new: str, *, path: str = "<module>"
) -> tuple[str, int]:
    """Rewrite the references of one module to package `old` as `new`; returns (source, edits)."""
    if old == new or old not in source:
        return source, 0
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ApigenError(
            error(
                "vendor-invalid",
                f"{path} does not parse: {exc.msg}",
                location=Location(path, exc.lineno or 0),
            )
        ) from None
    lines = source.splitlines(keepends=True)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    token_at = {t.start: i for i, t in enumerate(tokens)}
    edits: list[_Edit] = []
    bound = False  # `import old[.x]` without `as` binds the name `old` in this module
    path_re = _module_path_re(old)

    def head(dotted: str) -> bool:
        return dotted == old or dotted.startswith(old + ".")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if head(alias.name):
                    edits.append(
                        _Edit(alias.lineno, alias.col_offset, alias.col_offset + len(old), new)
                    )
                    if alias.asname is None:
                        bound = True
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and head(node.module)
        ):
            index = token_at.get((node.lineno, node.col_offset))
            if index is None:
                continue
            for tok in tokens[index + 1 :]:
                if tok.type == tokenize.NAME:
                    if tok.string == old:
                        edits.append(_Edit(tok.start[0], tok.start[1], tok.end[1], new))
                    break
    for node in ast.walk(tree):
        if bound and isinstance(node, ast.Name) and node.id == old:
            edits.append(
                _Edit(
                    node.lineno,
                    node.col_offset,
                    node.end_col_offset or node.col_offset + len(old),
                    new,
                )
            )
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and path_re.match(node.value)
        ):
            index = token_at.get((node.lineno, node.col_offset))
            if (
                index is not None
                and tokens[index].type == tokenize.STRING
                and tokens[index].end == (node.end_lineno, node.end_col_offset)
            ):
                tok = tokens[index]
                at = tok.string.find(old)
                if at >= 0:
                    edits.append(
                        _Edit(tok.start[0], tok.start[1] + at, tok.start[1] + at + len(old), new)
                    )
    docstrings = {
        (node.body[0].value.lineno, node.body[0].value.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }
    edits += _docstring_edits(tokens, docstrings, old, new)
    if not edits:
        return source, 0
    for edit in sorted(set(edits), key=lambda e: (e.line, e.start), reverse=True):
        text = lines[edit.line - 1]
        lines[edit.line - 1] = text[: edit.start] + edit.text + text[edit.end :]
    result = "".join(lines)
    try:
        ast.parse(result)
    except SyntaxError as exc:  # an apigen bug, never the user's: refuse to write it
        raise ApigenError(
            error(
                "vendor-rename-failed",
                f"renaming {old} -> {new} broke {path}: {exc.msg}",
                location=Location(path, exc.lineno or 0),
            )
        ) from None
    return result, len(set(edits))


def _docstring_edits(
    tokens: list[tokenize.TokenInfo], docstrings: set[tuple[int, int]], old: str, new: str
) -> list[_Edit]:
    """In docstrings: `from old...` / `import old...` lines and ``backticked`` dotted module paths
    (`old.models`); in comments: backticked dotted module paths. A bare `old` is left alone (it may
    be the spec's text, e.g. a product name in a description)."""
    edits = []
    line_re = re.compile(rf"^(\s*(?:>>>\s*)?(?:from|import)\s+){re.escape(old)}(?=[\s.]|$)")
    tick_re = re.compile(rf"(`+){re.escape(old)}(?=(?:\.[A-Za-z_][A-Za-z0-9_]*)+\1)")
    for tok in tokens:
        is_doc = tok.type == tokenize.STRING and tok.start in docstrings
        if not (is_doc or tok.type == tokenize.COMMENT) or old not in tok.string:
            continue
        row, col = tok.start
        for offset, text in enumerate(tok.string.split("\n")):
            base = col if offset == 0 else 0
            found = line_re.match(text) if is_doc else None
            if found:
                start = base + found.end(1)
                edits.append(_Edit(row + offset, start, start + len(old), new))
            for match in tick_re.finditer(text):
                start = base + match.end(1)
                edits.append(_Edit(row + offset, start, start + len(old), new))
    return edits


# ---- the source package ---------------------------------------------------------------------------
@dataclass
class Source:
    folder: Path
    package: str
    manifest: dict[str, Any]
    files: dict[str, bytes]  # without the manifest


def read_manifest(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else None


def read_source(folder: Path, *, client_only: bool = False) -> Source:
    manifest = read_manifest(folder)
    if manifest is None:
        raise ApigenError(
            error(
                "vendor-source",
                f"{folder} is not a generated package (no readable {MANIFEST})",
                hint="run `apigen generate` first, or pass --from",
            )
        )
    if manifest.get("vendor"):
        raise ApigenError(
            error(
                "vendor-source",
                f"{folder} is itself a vendored copy",
                hint="vendor from the generated package",
            )
        )
    on_disk = read_tree(folder)
    files: dict[str, bytes] = {}
    edited = []
    for rel, entry in sorted(manifest["files"].items()):
        if rel == MANIFEST or (client_only and rel.startswith("server/")):
            continue
        data = on_disk.get(rel)
        if data is None or not isinstance(entry, dict) or entry.get("sha256") != sha256(data):
            edited.append(rel)
            continue
        files[rel] = data
    if edited:
        raise ApigenError(
            error(
                "vendor-source",
                f"{folder} differs from its manifest ({', '.join(edited[:5])}{' ...' if len(edited) > 5 else ''})",
                hint="regenerate it with `apigen generate`; vendor only what the generator wrote",
            )
        )
    package = str(manifest.get("package") or folder.name)
    return Source(folder, package, manifest, files)


def transform(source: Source, package: str) -> tuple[dict[str, bytes], int]:
    """The files as they will be written under the import name `package`, and the rewrite count."""
    files: dict[str, bytes] = {}
    total = 0
    for rel, data in source.files.items():
        if rel.endswith(".py") and package != source.package:
            text, count = rename_module_source(
                data.decode("utf-8"), source.package, package, path=rel
            )
            total += count
            data = text.encode("utf-8")
        files[rel] = data
    return files, total


def vendor_manifest(source: Source, package: str, files: dict[str, bytes]) -> dict[str, Any]:
    upstream = source.manifest.get("files", {})
    return {
        "vendor": VENDOR_FORMAT,
        "package": package,
        "apigen_version": source.manifest.get("apigen_version", ""),
        "vendored_by": __version__,
        "spec_sha256": source.manifest.get("spec_sha256", ""),
        "toolchain_sha256": source.manifest.get("toolchain_sha256", ""),
        "config_sha256": source.manifest.get("config_sha256", ""),
        "upstream_package": source.package,
        "files": {
            rel: {
                "sha256": sha256(data),
                "upstream_sha256": (upstream.get(rel) or {}).get("sha256"),
            }
            for rel, data in sorted(files.items())
        },
    }


# ---- the vendored copy ------------------------------------------------------------------------------
@dataclass
class State:
    """What is on disk in a vendored folder, judged against its manifest."""

    folder: Path
    manifest: dict[str, Any] | None
    disk: dict[str, bytes]
    modified: list[str] = field(default_factory=list)  # tracked, content differs
    deleted: list[str] = field(default_factory=list)  # tracked, gone from disk
    unmanaged: list[str] = field(default_factory=list)  # on disk, never vendored

    @property
    def tracked(self) -> dict[str, Any]:
        return dict(self.manifest.get("files", {})) if self.manifest else {}

    @property
    def hand_edited(self) -> list[str]:
        return sorted(self.modified + self.deleted)


def inspect(folder: Path) -> State:
    disk = read_tree(folder)
    manifest = read_manifest(folder)
    disk.pop(MANIFEST, None)
    state = State(folder, manifest, disk)
    tracked = state.tracked
    for rel, entry in sorted(tracked.items()):
        data = disk.get(rel)
        if data is None:
            state.deleted.append(rel)
        elif not isinstance(entry, dict) or entry.get("sha256") != sha256(data):
            state.modified.append(rel)
    state.unmanaged = sorted(set(disk) - set(tracked))
    return state


@dataclass
class Plan:
    target: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(
        default_factory=list
    )  # (path, why) hand edits in the way
    kept: list[tuple[str, str]] = field(default_factory=list)  # (path, why) left on disk, untracked
    renamed: int = 0


def plan_vendor(
    state: State, files: dict[str, bytes], *, force: bool
) -> tuple[Plan, dict[str, bytes]]:
    """What re-vendoring would do, and the complete folder contents to write (manifest excluded)."""
    plan = Plan(state.folder)
    tracked = state.tracked
    hand = set(state.hand_edited)
    result: dict[str, bytes] = {}
    for rel, data in sorted(files.items()):
        on_disk = state.disk.get(rel)
        if rel in hand and on_disk != data:
            plan.conflicts.append(
                (rel, "deleted by hand" if rel in state.deleted else "changed by hand")
            )
            if not force:
                if on_disk is not None:
                    result[rel] = on_disk
                continue
        elif rel not in tracked and on_disk is not None and on_disk != data:
            plan.conflicts.append((rel, "exists and was not vendored by apigen"))
            if not force:
                result[rel] = on_disk
                continue
        result[rel] = data
        if on_disk is None:
            plan.added.append(rel)
        elif on_disk == data:
            plan.unchanged.append(rel)
        else:
            plan.updated.append(rel)
    for rel in sorted(set(tracked) - set(files)):
        if rel in state.modified:
            plan.kept.append((rel, "removed upstream but changed by hand: kept, no longer tracked"))
            plan.conflicts.append((rel, "removed upstream, changed by hand"))
            result[rel] = state.disk[rel]
        elif rel in state.disk:
            plan.removed.append(rel)
    for rel in state.unmanaged:
        if rel not in files:
            result[rel] = state.disk[rel]
    return plan, result


def vendor(source: Source, into: Path, package: str, *, force: bool = False) -> tuple[Plan, bool]:
    """Vendor `source` into `into/package`. Returns (plan, written)."""
    files, renamed = transform(source, package)
    target = into / package
    if target.exists() and not target.is_dir():
        raise ApigenError(error("vendor-target", f"{target} exists and is not a folder"))
    state = inspect(target)
    if target.exists() and state.manifest is None and state.disk and not force:
        raise ApigenError(
            error(
                "vendor-target",
                f"{target} exists and was not vendored by apigen (no {MANIFEST})",
                hint="choose another --into/--package, or pass --force to take it over",
            )
        )
    if state.manifest is not None and state.manifest.get("package") not in (None, package):
        raise ApigenError(
            error(
                "vendor-target",
                f"{target} holds a vendored copy named {state.manifest.get('package')!r}",
            )
        )
    plan, contents = plan_vendor(state, files, force=force)
    plan.renamed = renamed
    if plan.conflicts and not force:
        return plan, False
    # Files kept because they were hand-edited after upstream removed them stay, untracked.
    written = dict(contents)
    manifest = vendor_manifest(source, package, files)
    written[MANIFEST] = manifest_bytes(manifest)
    write_package(target, written)
    return plan, True


@dataclass
class Verification:
    folder: Path
    state: State
    upstream_changed: list[str] = field(
        default_factory=list
    )  # tracked files whose upstream moved on
    upstream_added: list[str] = field(default_factory=list)
    upstream_removed: list[str] = field(default_factory=list)
    source: Path | None = None

    @property
    def drift(self) -> bool:
        return bool(
            self.state.hand_edited
            or self.upstream_changed
            or self.upstream_added
            or self.upstream_removed
        )


def verify(folder: Path, source: Source | None) -> Verification:
    state = inspect(folder)
    if state.manifest is None:
        raise ApigenError(
            error(
                "vendor-verify",
                f"{folder} is not a vendored package (no readable {MANIFEST})",
                hint="vendor it first with apigen vendor --into",
            )
        )
    result = Verification(folder, state)
    if source is not None:
        result.source = source.folder
        package = str(state.manifest.get("package") or folder.name)
        files, _ = transform(source, package)
        tracked = state.tracked
        for rel, data in files.items():
            entry = tracked.get(rel)
            if entry is None:
                result.upstream_added.append(rel)
            elif entry.get("sha256") != sha256(data):
                result.upstream_changed.append(rel)
        result.upstream_removed = sorted(set(tracked) - set(files))
    return result


# ---- CLI ------------------------------------------------------------------------------------------
def register(subparsers: Any) -> None:
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
    p.set_defaults(func=run)


def _default_source(config_path: str | None) -> Path:
    from .config import project_config

    config, _ = project_config(config_path)
    output = Path(config.output)
    if config.package:
        return output / config.package
    candidates = sorted(p.parent for p in output.glob(f"*/{MANIFEST}"))
    if len(candidates) == 1:
        return candidates[0]
    raise ApigenError(
        error(
            "vendor-source",
            f"cannot tell which generated package under {output}/ to vendor ({len(candidates)} found)",
            hint="pass --from generated/<package>",
        )
    )


def _check_name(name: str) -> str:
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise ApigenError(
            error(
                "usage",
                f"--package {name!r} is not a valid Python import name",
                hint="use letters, digits and _",
            )
        )
    return name


def _vendored_folder(path: Path, package: str | None) -> Path:
    if (path / MANIFEST).is_file():
        return path
    if package and (path / package / MANIFEST).is_file():
        return path / package
    found = sorted(p.parent for p in path.glob(f"*/{MANIFEST}"))
    if len(found) == 1:
        return found[0]
    return path


def run(args: argparse.Namespace) -> int:
    if args.verify:
        folder = _vendored_folder(Path(args.verify), args.package)
        source = None
        if args.source or not args.into:
            try:
                source = read_source(
                    Path(args.source) if args.source else _default_source(args.config),
                    client_only=args.client_only,
                )
            except ApigenError:
                if args.source:
                    raise
                source = None  # no generated package around: report hand edits only
        result = verify(folder, source)
        return _print_verification(result)
    if not args.into:
        raise ApigenError(
            error(
                "usage",
                "apigen vendor needs --into DIR (or --verify DIR)",
                hint="apigen vendor --into third_party/",
            )
        )
    source_dir = Path(args.source) if args.source else _default_source(args.config)
    source = read_source(source_dir, client_only=args.client_only)
    package = _check_name(args.package or source.package)
    plan, written = vendor(source, Path(args.into), package, force=args.force)
    return _print_plan(plan, source, package, written, args.force)


def _print_plan(plan: Plan, source: Source, package: str, written: bool, force: bool) -> int:
    rename = (
        f", renamed {source.package} -> {package} ({plan.renamed} rewrites)"
        if package != source.package
        else ""
    )
    if not written:
        print(
            f"refusing to re-vendor {plan.target}: {len(plan.conflicts)} file(s) changed by hand{rename}"
        )
        for rel, why in plan.conflicts:
            print(f"  {why}: {rel}")
        print("nothing was written (keep your edits elsewhere, or pass --force to overwrite them)")
        return 1
    print(
        f"vendored {source.folder} -> {plan.target}{rename}: {len(plan.added)} added, {len(plan.updated)} updated, "
        f"{len(plan.removed)} removed, {len(plan.unchanged)} unchanged"
    )
    for rel, why in plan.conflicts:
        if not why.startswith("removed upstream"):
            print(f"  overwritten (--force), was {why}: {rel}")
    for rel, why in plan.kept:
        print(f"  {why}: {rel}")
    return 0


def _print_verification(result: Verification) -> int:
    state = result.state
    print(
        f"{result.folder}: vendored {state.manifest.get('package') if state.manifest else '?'} "
        f"(spec {str(state.manifest.get('spec_sha256', ''))[:12] if state.manifest else ''}, apigen {state.manifest.get('apigen_version') if state.manifest else ''})"
    )
    for rel in state.modified:
        print(f"  changed by hand: {rel}")
    for rel in state.deleted:
        print(f"  deleted by hand: {rel}")
    for rel in state.unmanaged:
        print(f"  not vendored (left alone): {rel}")
    if result.source is not None:
        for rel in result.upstream_changed:
            print(f"  upstream changed: {rel}")
        for rel in result.upstream_added:
            print(f"  upstream added: {rel}")
        for rel in result.upstream_removed:
            print(f"  upstream removed: {rel}")
    if result.drift:
        what = []
        if state.hand_edited:
            what.append(f"{len(state.hand_edited)} hand edit(s)")
        upstream = (
            len(result.upstream_changed) + len(result.upstream_added) + len(result.upstream_removed)
        )
        if upstream:
            what.append(f"{upstream} upstream change(s) not vendored yet (from {result.source})")
        print("drift: " + ", ".join(what))
        return 1
    print(
        "no drift"
        + (
            f" (matches {result.source})"
            if result.source
            else " (no generated package to compare with)"
        )
    )
    return 0
