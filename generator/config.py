"""Configuration: `[tool.apigen]` in the user's pyproject.toml, overridden by CLI flags.

Every option that changes generated output is part of `Config.fingerprint()`, which the manifest
records, so `apigen check` knows when output must be regenerated.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
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
    """`[[tool.apigen.pagination]]`: how one operation pages. The operation is named by its
    operationId, `"METHOD /path"` or accessor (`customers.list`; a bare method name still works
    when one operation has it).

    `style` is page | offset | cursor | token | link | window | none; the other keys name where
    things are (query parameters; dotted paths into the response), detected when left out.
    generator/ir/pagination.py checks them against the operation."""

    operation: str
    style: str
    param: str = ""  # query parameter selecting the page (number, offset, cursor, token)
    limit_param: str = ""
    items: str = ""  # response field holding the items ("." for a bare array)
    total: str = ""
    has_more: str = ""
    cursor: str = ""  # response field holding the next cursor / token
    next: str = ""  # response field holding the next page's URL
    link_header: bool = False  # the next page's URL is in the RFC 8288 `Link` header
    id_field: str = ""
    start: int | None = None
    # (http method, path) of the operation `operation` names: set by ir/pagination.resolve_rules,
    # never read from the config file.
    resolved: tuple[str, str] | tuple[()] = field(default=(), compare=False)


@dataclass(frozen=True)
class AuthRule:
    """`[tool.apigen.auth.<scheme key>]`: the client argument and environment variable of one
    security scheme's credential (either may be left out)."""

    scheme: str
    argument: str = ""
    env: str = ""


META_KINDS = ("none", "pyproject")
WAITER_MODES = ("auto", "on", "off")
BEARER_ARGUMENTS = ("", "api_key", "token")


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
    # Packaging next to the package folder: "pyproject" (pyproject.toml, README.md, api.md in the
    # output folder) or "none" (the bare package, for vendoring).
    meta: str = "pyproject"
    dist_name: str = ""  # distribution name in pyproject.toml; default: the package name
    version: str = ""  # distribution version; default: info.version when it is PEP 440
    env_prefix: str = ""  # prefix of the client's environment variables; default: from the title
    bearer_argument: str = ""  # "api_key" | "token"; default: token for OAuth2 only, else api_key
    auth: tuple[AuthRule, ...] = ()
    waiter: str = "auto"  # the 202 + status_url waiter: "auto" (when the spec has one), "on", "off"
    # Extra names for runtime exceptions in the package (`ApiError = "APIStatusError"`).
    exception_aliases: tuple[tuple[str, str], ...] = ()
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
        for rule in data["pagination"]:  # filled in while building, from the other keys
            rule.pop("resolved")
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
    "auth",
    "exception_aliases",
}
_TABLE_KEYS = {
    "names",
    "validation",
    "pagination",
    "client_headers",
    "auth",
    "exception_aliases",
    "allow_refs_outside",
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
    unknown = sorted(set(table) - _SIMPLE_KEYS - {*_TABLE_KEYS, *SUBCOMMAND_TABLES})
    if unknown:
        raise ApigenError(
            error(
                "config-invalid",
                f"unknown [tool.apigen] keys: {', '.join(unknown)}",
                location=where,
                hint=f"known keys: {', '.join(sorted(_SIMPLE_KEYS | _TABLE_KEYS))}",
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
        pagination = tuple(
            PaginationRule(**{k: v for k, v in row.items() if _row_key(k, "pagination")})
            for row in table.get("pagination", [])
        )
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
    _check_choices(simple, where)
    return Config(
        **simple,
        auth=_auth_rules(table.get("auth", {}), where),
        exception_aliases=_aliases(table.get("exception_aliases", {}), where),
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


def _check_choices(simple: dict[str, Any], where: Location) -> None:
    for key, choices in (
        ("meta", META_KINDS),
        ("waiter", WAITER_MODES),
        ("bearer_argument", BEARER_ARGUMENTS),
    ):
        if key in simple and simple[key] not in choices:
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[tool.apigen] {key} = {simple[key]!r}",
                    location=where,
                    hint=f"use one of {', '.join(repr(c) for c in choices if c)}",
                )
            )
    for key in ("env_prefix",):
        if simple.get(key) and not _ENV_NAME.match(simple[key]):
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[tool.apigen] {key} = {simple[key]!r} is not an environment variable prefix",
                    location=where,
                    hint="use letters, digits and _ (e.g. OPENAI)",
                )
            )


_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _row_key(key: str, table: str) -> bool:
    """A key a `[[tool.apigen.<table>]]` row may set (not one apigen fills in itself)."""
    if key == "resolved":
        raise TypeError(f"[[tool.apigen.{table}]] has no key {key!r}")
    return True


def _auth_rules(raw: Any, where: Location) -> tuple[AuthRule, ...]:
    """`[tool.apigen.auth.<scheme>] argument = "...", env = "..."`, checked."""
    if not isinstance(raw, dict):
        raise ApigenError(
            error("config-invalid", "[tool.apigen.auth] must be a table", location=where)
        )
    rules = []
    for scheme, row in sorted(raw.items()):
        if not isinstance(row, dict) or set(row) - {"argument", "env"}:
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[tool.apigen.auth.{scheme}] takes only argument and env",
                    location=where,
                )
            )
        argument, env = row.get("argument", ""), row.get("env", "")
        if not isinstance(argument, str) or (
            argument and not (argument.isidentifier() and argument.isascii())
        ):
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[tool.apigen.auth.{scheme}] argument {argument!r} is not a Python name",
                    location=where,
                )
            )
        if not isinstance(env, str) or (env and not _ENV_NAME.match(env)):
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[tool.apigen.auth.{scheme}] env {env!r} is not an environment variable name",
                    location=where,
                )
            )
        rules.append(AuthRule(str(scheme), argument, env))
    return tuple(rules)


def _aliases(raw: Any, where: Location) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and k.isidentifier() and k.isascii() and isinstance(v, str)
        for k, v in raw.items()
    ):
        raise ApigenError(
            error(
                "config-invalid",
                "[tool.apigen] exception_aliases must map Python names to runtime exception names",
                location=where,
                hint='exception_aliases = { ApiError = "APIStatusError" }',
            )
        )
    return tuple(sorted(raw.items()))


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
