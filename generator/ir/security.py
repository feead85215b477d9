"""Security schemes (`components/securitySchemes`) and requirements (`security`)."""

from __future__ import annotations

from typing import Any

from ..config import Config
from .context import text
from .credentials import name_credentials
from .model import Identifier, SecurityRequirement, SecurityScheme, SpecText
from .naming import CLIENT_INIT_NAMES, snake, unique
from .refs import Deref


def security_schemes(document: dict[str, Any], deref: Deref) -> tuple[SecurityScheme, ...]:
    """Each scheme with its kind and a server-side name (never one the client already takes);
    its client argument and environment variable are chosen by `credentials`."""
    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    names: set[str] = set(CLIENT_INIT_NAMES)
    result = []
    for key, raw in schemes.items():
        raw, _ = deref(raw, "securitySchemes")
        if not isinstance(raw, dict):
            continue
        kind_raw = str(raw.get("type", "")).lower()
        scheme = str(raw.get("scheme", "")).lower()
        location = ""
        param = ""
        if kind_raw == "http" and scheme == "bearer":
            kind = "bearer"
        elif kind_raw == "http" and scheme == "basic":
            kind = "basic"
        elif kind_raw == "apikey":
            kind = "api_key"
            location = str(raw.get("in", "header"))
            param = str(raw.get("name", ""))
            if location not in ("header", "query", "cookie"):
                kind, location = "unsupported", ""
        elif kind_raw == "oauth2":
            kind = "oauth2"  # the token is sent as a bearer token
        elif kind_raw == "openidconnect":
            kind = "openid"
        else:
            kind = "unsupported"
        result.append(
            SecurityScheme(
                name=unique(snake(str(key), "auth"), names),
                key=SpecText(str(key)),
                kind=kind,  # type: ignore[arg-type]
                location=location,  # type: ignore[arg-type]
                param_name=SpecText(param),
                description=text(raw.get("description")),
            )
        )
    return tuple(result)


def credentials(
    schemes: tuple[SecurityScheme, ...], title: str, package: str, config: Config
) -> tuple[tuple[SecurityScheme, ...], Identifier, frozenset[str]]:
    """The schemes with their client argument and environment variable, the environment prefix,
    and the client constructor's argument names so far (its own and the credentials')."""
    init_names: set[str] = set(CLIENT_INIT_NAMES)
    named, env_prefix = name_credentials(schemes, title, package, config, init_names)
    return named, env_prefix, frozenset(init_names)


def requirements(
    raw: Any, names: dict[str, Identifier]
) -> tuple[tuple[SecurityRequirement, ...], ...]:
    """A `security` list: alternatives, each the schemes it needs together (with their scopes);
    a scheme not among `names` (the document's schemes) is left out."""
    if not isinstance(raw, list):
        return ()
    alternatives = []
    for requirement in raw:
        if not isinstance(requirement, dict):
            continue
        alternatives.append(
            tuple(
                SecurityRequirement(
                    SpecText(str(k)), tuple(str(s) for s in (v or []) if isinstance(s, str))
                )
                for k, v in requirement.items()
                if str(k) in names
            )
        )
    return tuple(alternatives)
