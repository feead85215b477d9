"""Configuration: `[tool.apigen]` in the user's pyproject.toml, overridden by CLI flags.

Every option that changes generated output is part of `Config.fingerprint()`, which the manifest
records, so `apigen check` knows when output must be regenerated.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from .findings import ApigenError, Location, error

DEFAULT_SPEC = "spec/ocpplab-gateway.yaml"
DEFAULT_OUTPUT = "generated"


@dataclass(frozen=True)
class Suppression:
    """Silence or downgrade one validation finding code, optionally only under a JSON pointer."""

    code: str
    severity: str = "ignore"  # "error" | "warning" | "info" | "ignore"
    pointer: str = ""  # prefix of the JSON pointer it applies to; "" = everywhere
    reason: str = ""


@dataclass(frozen=True)
class PaginationRule:
    """Config override for pagination detection: operation id -> style ('page' | 'offset' | 'none')."""

    operation: str
    style: str


@dataclass(frozen=True)
class Config:
    spec: str = DEFAULT_SPEC
    output: str = DEFAULT_OUTPUT
    package: str = ""  # default: derived from the spec title
    templates: str = ""  # user template folder; overrides built-ins file by file
    formatter: str = "black"  # "black" | "ruff"
    line_length: int = 100
    # Header names whose values are set once on the client (constructor argument), not per method.
    client_headers: tuple[str, ...] = ()
    # Header the client sends with one value across the retries of one non-GET call.
    idempotency_header: str = ""
    validation: tuple[Suppression, ...] = ()
    pagination: tuple[PaginationRule, ...] = ()
    server: bool = True  # render server stubs
    allow_remote_refs: bool = False
    # Folders besides the spec's own that local `$ref`s may read (relative to the config file).
    allow_refs_outside: tuple[str, ...] = ()
    # Every finding about the spec's validity is an error, even one apigen could degrade or that
    # cannot change the code (issue 17). Not part of the fingerprint: it only decides whether a
    # run refuses, never what a successful run writes.
    strict: bool = False
    # [tool.apigen.names]: operationId / "METHOD /path" -> "resource.sub.method", "/prefix" ->
    # "name.space", schema -> class name (see generator/ir/surface.py).
    names: tuple[tuple[str, str], ...] = ()
    config_file: str = ""  # where the config came from (not part of the fingerprint)
    configured: tuple[str, ...] = ()  # the keys [tool.apigen] set (not part of the fingerprint)

    def fingerprint(self) -> str:
        data = asdict(self)
        # allow_refs_outside only decides which files may be read; their bytes are in spec_sha256.
        for key in ("spec", "output", "config_file", "strict", "configured", "allow_refs_outside"):
            data.pop(key)
        if not data["names"]:  # added later: fingerprints of configs without it stay the same
            data.pop("names")
        blob = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()

    def ref_roots(self) -> tuple[str, ...]:
        """`allow_refs_outside` as absolute folders (relative ones from the config file's folder)."""
        base = Path(self.config_file).parent if self.config_file else Path.cwd()
        return tuple(str(base / folder) for folder in self.allow_refs_outside)

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


_SIMPLE_KEYS = {f.name for f in fields(Config)} - {
    "names",
    "validation",
    "pagination",
    "client_headers",
    "allow_refs_outside",
    "config_file",
    "configured",
}
# Settings that belong to the configured spec: `apigen generate OTHER.yaml` does not take them
# (another API written into the configured package, with its client headers, would surprise).
SPEC_BOUND_KEYS = ("output", "package", "client_headers", "idempotency_header", "pagination")
# Tables of [tool.apigen] that belong to subcommands (`[tool.apigen.diff]`): their own modules read them.
SUBCOMMAND_TABLES = ("diff", "vendor")


def load_config(pyproject: Path | None) -> Config:
    """Read `[tool.apigen]` from a pyproject.toml; a missing file or table gives the defaults."""
    if pyproject is None or not pyproject.is_file():
        return Config()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ApigenError(
            error(
                "config-invalid",
                f"cannot parse {pyproject.name}: {exc}",
                location=Location(str(pyproject)),
            )
        ) from None
    table = data.get("tool", {}).get("apigen", {})
    return config_from_table(table, source=str(pyproject))


def config_from_table(table: dict[str, Any], *, source: str = "") -> Config:
    where = Location(source or "pyproject.toml")
    unknown = sorted(
        set(table)
        - _SIMPLE_KEYS
        - {"validation", "pagination", "client_headers", "allow_refs_outside", "names"}
        - set(SUBCOMMAND_TABLES)
    )
    if unknown:
        raise ApigenError(
            error(
                "config-invalid",
                f"unknown [tool.apigen] keys: {', '.join(unknown)}",
                location=where,
                hint=f"known keys: {', '.join(sorted(_SIMPLE_KEYS | {'validation', 'pagination', 'client_headers', 'names'}))}",
            )
        )
    simple: dict[str, Any] = {}
    defaults = Config()
    for key in _SIMPLE_KEYS & set(table):
        expected = type(getattr(defaults, key))
        if not isinstance(table[key], expected):
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[tool.apigen] {key} must be a {expected.__name__}",
                    location=where,
                )
            )
        simple[key] = table[key]
    try:
        validation = tuple(Suppression(**row) for row in table.get("validation", []))
        pagination = tuple(PaginationRule(**row) for row in table.get("pagination", []))
    except TypeError as exc:
        raise ApigenError(error("config-invalid", f"[tool.apigen] {exc}", location=where)) from None
    for row in validation:
        if row.severity not in ("error", "warning", "info", "ignore"):
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[[tool.apigen.validation]] severity {row.severity!r} for {row.code!r}",
                    location=where,
                    hint="use one of error, warning, info, ignore",
                )
            )
        if not row.reason:
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[[tool.apigen.validation]] {row.code!r} has no reason",
                    location=where,
                    hint='say why the finding is silenced: reason = "..."',
                )
            )
    names = table.get("names", {})
    if not isinstance(names, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in names.items()
    ):
        raise ApigenError(
            error(
                "config-invalid",
                "[tool.apigen.names] must map strings to non-empty strings",
                location=where,
                hint='e.g. "GET /v1/customers" = "customers.list", "/threads" = "beta.threads"',
            )
        )
    outside = table.get("allow_refs_outside", [])
    if not isinstance(outside, list) or not all(isinstance(item, str) for item in outside):
        raise ApigenError(
            error(
                "config-invalid",
                "[tool.apigen] allow_refs_outside must be a list of folders",
                location=where,
            )
        )
    return Config(
        **simple,
        names=tuple(sorted(names.items())),
        client_headers=tuple(table.get("client_headers", ())),
        allow_refs_outside=tuple(outside),
        validation=validation,
        pagination=pagination,
        config_file=source,
        configured=tuple(sorted(str(key) for key in table)),
    )


def is_configured_spec(config: Config, spec: str) -> bool:
    """`spec` (as given on the command line) is the spec [tool.apigen] names, or none is named."""
    if "spec" not in config.configured:
        return True
    given = Path(spec).resolve()
    candidates = {Path(config.spec).resolve()}
    if config.config_file:
        candidates.add((Path(config.config_file).parent / config.spec).resolve())
    return given in candidates


def for_other_spec(config: Config) -> Config:
    """The config without the settings of the configured spec (SPEC_BOUND_KEYS)."""
    defaults = Config()
    return replace(
        config,
        **{key: getattr(defaults, key) for key in SPEC_BOUND_KEYS},
        configured=tuple(key for key in config.configured if key not in SPEC_BOUND_KEYS),
    )


def project_config(config_path: str | None) -> tuple[Config, Path | None]:
    """[tool.apigen] of `--config FILE`, else of the nearest pyproject.toml; and where it came from."""
    if config_path:
        path: Path | None = Path(config_path)
        if not Path(config_path).is_file():
            raise ApigenError(
                error(
                    "config-missing",
                    f"config file not found: {config_path}",
                    hint="pass an existing pyproject.toml",
                )
            )
    else:
        path = find_pyproject(Path.cwd())
    return load_config(path), path


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None
