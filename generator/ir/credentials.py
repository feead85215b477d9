"""Credentials named as the API names them: the client's arguments and environment variables for
each security scheme, and a warning when a required scheme cannot be given at all.

- a bearer-like scheme (http bearer, OAuth2, OpenID Connect; the client sends one bearer token for
  all of them) -> `api_key=` (`token=` when the schemes are OAuth2 / OpenID Connect only, where
  what is sent is an access token), or `[tool.apigen] bearer_argument`;
- an apiKey scheme -> its own name (`ApiKeyAuth` -> `api_key`, `X-Auth-Token` -> `auth_token`);
- http basic -> `username=` and `password=`;
- environment variables `<PREFIX>_<ARGUMENT>` where the prefix comes from the API's title
  (`OpenAI API` -> `OPENAI_API_KEY`), or `[tool.apigen] env_prefix`;
- `[tool.apigen.auth.<scheme key>] argument / env` overrides one scheme.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace

from ..config import Config
from ..findings import Findings, Location, warning
from ..load import pointer as jp
from .model import Identifier, Operation, SecurityRequirement, SecurityScheme
from .naming import snake, unique, words

BEARER_KINDS = ("bearer", "oauth2", "openid")
# Arguments of the generated `Client.__init__` next to the credentials.
EXTRA_INIT_NAMES = frozenset({"require_auth"})
# Words of a title that do not name the API.
_GENERIC_TITLE_WORDS = frozenset(
    {"api", "apis", "the", "swagger", "openapi", "rest", "restful", "http", "web", "service"}
)
_AUTH_WORDS = frozenset({"auth", "authentication", "authorization", "security", "scheme"})


def env_name(text: str) -> Identifier:
    """An environment variable name (made of [A-Za-z0-9_], not starting with a digit)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    if not name or name[0].isdigit():
        name = f"API_{name}"
    return Identifier(name)


def env_prefix(title: str, package: str) -> str:
    """`OpenAI API` -> `OPENAI`, `Swagger Petstore - OpenAPI 3.0` -> `PETSTORE`: the first word of
    the title that names something (split on spaces and punctuation, not on case: `PagerDuty` ->
    `PAGERDUTY`), upper-case; the package name when the title has none."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    tokens: list[str] = re.findall(r"[A-Za-z0-9]+", ascii_title)
    for token in tokens:
        lowered = token.lower()
        if lowered in _GENERIC_TITLE_WORDS or token[0].isdigit() or re.fullmatch(r"v\d+", lowered):
            continue
        return token.upper()
    return re.sub(r"[^A-Z0-9_]", "", package.upper()) or "API"


def _api_key_argument(scheme: SecurityScheme) -> str:
    """An apiKey scheme's own name, without `X-` and `auth`: `ApiKeyAuth` -> `api_key`."""
    parts = [w.lower() for w in words(str(scheme.key))]
    if parts and parts[0] == "x" and len(parts) > 1:
        parts = parts[1:]
    kept = [w for w in parts if w not in _AUTH_WORDS]
    if not kept and scheme.param_name:  # `auth`, `Authorization`: its parameter's name instead
        kept = [w.lower() for w in words(str(scheme.param_name)) if w.lower() not in ("x",)]
        kept = [w for w in kept if w not in _AUTH_WORDS] or kept
    return snake("_".join(kept or parts), "api_key")


def name_credentials(
    schemes: tuple[SecurityScheme, ...], title: str, package: str, config: Config, taken: set[str]
) -> tuple[tuple[SecurityScheme, ...], Identifier]:
    """The schemes with their client argument (`argument`) and environment variable (`env`), and the
    environment prefix. `taken` (the client's other argument names) gets the chosen names."""
    prefix = env_name(config.env_prefix or env_prefix(title, package))
    rules = {rule.scheme: rule for rule in config.auth}
    taken.discard("token")  # the bearer argument is chosen here, like any credential's name
    taken.update(EXTRA_INIT_NAMES)
    bearer = [s for s in schemes if s.kind in BEARER_KINDS]
    api_keys = [s for s in schemes if s.kind == "api_key"]
    wanted_by_keys = {
        (
            rules[str(s.key)].argument
            if str(s.key) in rules and rules[str(s.key)].argument
            else _api_key_argument(s)
        )
        for s in api_keys
    }
    bearer_name, bearer_env = "", Identifier("")
    if bearer:
        configured = next(
            (
                rules[str(s.key)]
                for s in bearer
                if str(s.key) in rules and rules[str(s.key)].argument
            ),
            None,
        )
        if configured is not None:
            argument = configured.argument
        elif config.bearer_argument:
            argument = config.bearer_argument
        elif all(s.kind in ("oauth2", "openid") for s in bearer) or "api_key" in wanted_by_keys:
            argument = "token"
        else:
            argument = "api_key"
        bearer_name = unique(argument, taken)
        env_rule = next(
            (
                rules[str(s.key)].env
                for s in bearer
                if str(s.key) in rules and rules[str(s.key)].env
            ),
            "",
        )
        bearer_env = env_name(env_rule or f"{prefix}_{bearer_name.upper()}")
    named = []
    for scheme in schemes:
        rule = rules.get(str(scheme.key))
        if scheme.kind in BEARER_KINDS:
            named.append(replace(scheme, argument=Identifier(bearer_name), env=bearer_env))
        elif scheme.kind == "api_key":
            name = unique(
                rule.argument if rule and rule.argument else _api_key_argument(scheme), taken
            )
            env = env_name(rule.env if rule and rule.env else f"{prefix}_{name.upper()}")
            named.append(replace(scheme, argument=name, env=env))
        elif scheme.kind == "basic":
            named.append(
                replace(scheme, argument=Identifier("username"), env=env_name(f"{prefix}_USERNAME"))
            )
        else:
            named.append(scheme)
    return tuple(named), prefix


def hint(scheme: SecurityScheme) -> str:
    """How a scheme's credential is given, for the run-time error and the README."""
    if scheme.kind == "basic":
        return f"pass username= and password= (or set {scheme.env} and {scheme.env[:-len('USERNAME')]}PASSWORD)"
    if scheme.kind in BEARER_KINDS or scheme.kind == "api_key":
        return f"pass {scheme.argument}= (or set {scheme.env})"
    return f"send the {scheme.key} credential in default_headers"


def warn_unusable(
    schemes: tuple[SecurityScheme, ...],
    requirements: Iterable[tuple[tuple[tuple[SecurityRequirement, ...], ...] | None, str]],
    locate: Callable[[str], Location],
    findings: Findings,
) -> None:
    """A warning for each scheme a requirement needs when no alternative of that requirement can be
    given through the client (the scheme's kind is not supported): such calls can only be made with
    the credential in `default_headers`."""
    by_key = {str(s.key): s for s in schemes}
    reported: set[str] = set()
    for security, pointer in requirements:
        if not security or any(not alternative for alternative in security):
            continue
        usable = [
            alt
            for alt in security
            if all(
                by_key.get(str(r.scheme)) and by_key[str(r.scheme)].kind != "unsupported"
                for r in alt
            )
        ]
        if usable:
            continue
        for alternative in security:
            for requirement in alternative:
                key = str(requirement.scheme)
                if key in reported:
                    continue
                reported.add(key)
                scheme_pointer = "/components/securitySchemes/" + jp.escape(key)
                findings.add(
                    warning(
                        "auth-unsupported",
                        f"security scheme {key!r} is required (e.g. by {pointer or 'the document'}) "
                        "but the generated client has no way to send it",
                        location=locate(scheme_pointer),
                        pointer=scheme_pointer,
                        hint="callers must put the credential in default_headers (and build the "
                        "client with require_auth=False)",
                    )
                )


def operation_requirements(
    default: tuple[tuple[SecurityRequirement, ...], ...], operations: Iterable[Operation]
) -> list[tuple[tuple[tuple[SecurityRequirement, ...], ...] | None, str]]:
    """Each operation's effective requirement with its pointer."""
    return [(op.security if op.security is not None else default, op.pointer) for op in operations]
