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

Renaming is rename.py's; the command line (parsing, printing) is cli.py's: this module plans,
writes and verifies, and describes what it did as lines of text (`describe_plan`,
`describe_verification`) for cli.py to print.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .findings import ApigenError, error
from .rename import rename_module_source
from .write import MANIFEST, manifest_bytes, read_tree, sha256, write_package
from .write import read_manifest as read_manifest_file

VENDOR_FORMAT = 1


# ---- the source package ---------------------------------------------------------------------------
@dataclass
class Source:
    folder: Path
    package: str
    manifest: dict[str, Any]
    files: dict[str, bytes]  # without the manifest


def read_manifest(folder: Path) -> dict[str, Any] | None:
    data = read_manifest_file(folder)
    return data if data is not None and isinstance(data.get("files"), dict) else None


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


# ---- for the command line (cli.py parses the arguments and prints) ----------------------------
def default_source(config_path: str | None) -> Path:
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


def check_name(name: str) -> str:
    if not name.isidentifier() or keyword.iskeyword(name) or not name.isascii():
        raise ApigenError(
            error(
                "usage",
                f"--package {name!r} is not a valid Python import name",
                hint="use letters, digits and _",
            )
        )
    return name


def vendored_folder(path: Path, package: str | None) -> Path:
    if (path / MANIFEST).is_file():
        return path
    if package and (path / package / MANIFEST).is_file():
        return path / package
    found = sorted(p.parent for p in path.glob(f"*/{MANIFEST}"))
    if len(found) == 1:
        return found[0]
    return path


def describe_plan(plan: Plan, source: Source, package: str, written: bool) -> list[str]:
    """What `vendor` did (or refused to do), for the command line to print."""
    lines: list[str] = []
    rename = (
        f", renamed {source.package} -> {package} ({plan.renamed} rewrites)"
        if package != source.package
        else ""
    )
    if not written:
        lines.append(
            f"refusing to re-vendor {plan.target}: {len(plan.conflicts)} file(s) changed by hand{rename}"
        )
        for rel, why in plan.conflicts:
            lines.append(f"  {why}: {rel}")
        lines.append(
            "nothing was written (keep your edits elsewhere, or pass --force to overwrite them)"
        )
        return lines
    lines.append(
        f"vendored {source.folder} -> {plan.target}{rename}: {len(plan.added)} added, {len(plan.updated)} updated, "
        f"{len(plan.removed)} removed, {len(plan.unchanged)} unchanged"
    )
    for rel, why in plan.conflicts:
        if not why.startswith("removed upstream"):
            lines.append(f"  overwritten (--force), was {why}: {rel}")
    for rel, why in plan.kept:
        lines.append(f"  {why}: {rel}")
    return lines


def describe_verification(result: Verification) -> list[str]:
    """What `verify` found, for the command line to print."""
    lines: list[str] = []
    state = result.state
    lines.append(
        f"{result.folder}: vendored {state.manifest.get('package') if state.manifest else '?'} "
        f"(spec {str(state.manifest.get('spec_sha256', ''))[:12] if state.manifest else ''}, apigen {state.manifest.get('apigen_version') if state.manifest else ''})"
    )
    for rel in state.modified:
        lines.append(f"  changed by hand: {rel}")
    for rel in state.deleted:
        lines.append(f"  deleted by hand: {rel}")
    for rel in state.unmanaged:
        lines.append(f"  not vendored (left alone): {rel}")
    if result.source is not None:
        for rel in result.upstream_changed:
            lines.append(f"  upstream changed: {rel}")
        for rel in result.upstream_added:
            lines.append(f"  upstream added: {rel}")
        for rel in result.upstream_removed:
            lines.append(f"  upstream removed: {rel}")
    if result.drift:
        what = []
        if state.hand_edited:
            what.append(f"{len(state.hand_edited)} hand edit(s)")
        upstream = (
            len(result.upstream_changed) + len(result.upstream_added) + len(result.upstream_removed)
        )
        if upstream:
            what.append(f"{upstream} upstream change(s) not vendored yet (from {result.source})")
        lines.append("drift: " + ", ".join(what))
        return lines
    lines.append(
        "no drift"
        + (
            f" (matches {result.source})"
            if result.source
            else " (no generated package to compare with)"
        )
    )
    return lines
