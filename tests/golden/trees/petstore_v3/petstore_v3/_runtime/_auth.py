"""Credentials and which of them a request carries.

``AuthSettings`` holds every credential the client was configured with. An operation's
``security`` (the OpenAPI requirement: alternatives, each a set of scheme keys that must
all be applied) selects what is sent: the first alternative whose schemes all have a
credential wins; ``None`` sends every configured credential; an empty alternative means
"no credentials needed"; when no alternative can be satisfied every configured credential is
sent (best effort).

An operation that requires credentials when the client has none at all raises
:class:`MissingCredentialsError` before any request is sent (see :func:`check_credentials`),
unless the client was built with ``require_auth=False`` or the credentials come another way
(``default_headers``, ``extra_headers``, an ``http_client`` with its own ``auth``).
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from ._exceptions import APIError

__all__ = [
    "ApiKey",
    "AuthSelection",
    "AuthSettings",
    "MissingCredentialsError",
    "basic_header",
    "check_credentials",
    "select_auth",
]

BearerToken: TypeAlias = str | Callable[[], str] | Callable[[], Awaitable[str]] | None

_BEARER_KINDS = frozenset({"bearer", "oauth2", "openidconnect", "http_bearer"})
_BASIC_KINDS = frozenset({"basic", "http_basic"})
_API_KEY_KINDS = frozenset({"api_key", "apikey"})


@dataclass(frozen=True)
class ApiKey:
    """An API key sent in a header, a query parameter or a cookie named ``name``."""

    location: Literal["header", "query", "cookie"]
    name: str
    value: str | None

    def __post_init__(self) -> None:
        if self.location not in ("header", "query", "cookie"):
            raise ValueError(f"unknown API key location {self.location!r}")


@dataclass(frozen=True)
class AuthSettings:
    """The credentials of a client.

    ``bearer`` is a token or a callable returning one, evaluated for every request (an async
    callable is allowed on the async client); ``basic`` is ``(username, password)``;
    ``api_keys`` maps a security scheme key to its :class:`ApiKey`; ``scheme_kinds`` maps
    scheme keys to ``"bearer"``, ``"basic"`` or ``"api_key"`` so an operation's ``security``
    can be applied. ``required=False`` lets an operation that requires credentials go out
    without any; ``hints`` maps a scheme key to how its credential is given (for the error).
    """

    bearer: BearerToken = None
    basic: tuple[str, str] | None = None
    api_keys: Mapping[str, ApiKey] = field(default_factory=dict)
    scheme_kinds: Mapping[str, str] = field(default_factory=dict)
    required: bool = True
    hints: Mapping[str, str] = field(default_factory=dict)

    def has_credentials(self) -> bool:
        """Whether any credential at all is configured."""
        return (
            self.bearer is not None
            or self.basic is not None
            or any(k.value is not None for k in self.api_keys.values())
        )

    def secret_names(self) -> tuple[set[str], set[str]]:
        """(header names, query parameter names) whose values are credentials, for redaction."""
        headers = {k.name for k in self.api_keys.values() if k.location == "header"}
        query = {k.name for k in self.api_keys.values() if k.location == "query"}
        return headers, query


@dataclass(frozen=True)
class AuthSelection:
    """The credentials one request carries."""

    bearer: bool = False
    basic: bool = False
    api_keys: tuple[ApiKey, ...] = ()


def _kind(auth: AuthSettings, scheme: str) -> str | None:
    kind = auth.scheme_kinds.get(scheme)
    if kind is not None:
        return kind.lower()
    if scheme in auth.api_keys:
        return "api_key"
    return None


def select_auth(auth: AuthSettings, security: Sequence[Sequence[str]] | None) -> AuthSelection:
    """The credentials to send for an operation with requirement ``security``.

    When no alternative can be satisfied (a credential is missing, or the requirement names
    a scheme this client does not know), every configured credential is sent: the request
    cannot be valid anyway, and a requirement that drifted from the spec then still works.
    """
    everything = AuthSelection(
        bearer=auth.bearer is not None,
        basic=auth.basic is not None and auth.bearer is None,
        api_keys=tuple(k for k in auth.api_keys.values() if k.value is not None),
    )
    if security is None:
        return everything
    for alternative in security:
        bearer = basic = False
        keys: list[ApiKey] = []
        satisfied = True
        for scheme in alternative:
            kind = _kind(auth, scheme)
            if kind in _BEARER_KINDS and auth.bearer is not None:
                bearer = True
            elif kind in _BASIC_KINDS and auth.basic is not None:
                basic = True
            elif kind in _API_KEY_KINDS:
                key = auth.api_keys.get(scheme)
                if key is None or key.value is None:
                    satisfied = False
                    break
                keys.append(key)
            else:
                satisfied = False
                break
        if satisfied:
            return AuthSelection(bearer=bearer, basic=basic and not bearer, api_keys=tuple(keys))
    if not security:
        return AuthSelection()  # `security: []`: the operation takes no credentials
    return everything


class MissingCredentialsError(APIError):
    """An operation requires credentials and the client has none: raised before any request.

    Give the client its credentials (the message names the arguments and environment
    variables), or build it with ``require_auth=False`` to send such requests without any.
    """


def check_credentials(
    auth: AuthSettings,
    security: Sequence[Sequence[str]] | None,
    *,
    method: str,
    path: str,
    header_names: Iterable[str] = (),
    query_names: Iterable[str] = (),
    transport_auth: bool = False,
) -> None:
    """Raise :class:`MissingCredentialsError` when ``security`` requires credentials (no empty
    alternative) and none was given: not to the client, not as a header or query parameter of
    the request (``header_names``, ``query_names``), not by the HTTP client's own ``auth``."""
    if not auth.required or transport_auth or not security or auth.has_credentials():
        return
    if any(not alternative for alternative in security):
        return  # one alternative needs nothing: credentials are optional
    known = [alt for alt in security if all(_kind(auth, scheme) for scheme in alt)]
    if not known:
        return  # no scheme the client can send: the request goes out as it is
    headers = {name.lower() for name in header_names}
    queries = set(query_names)
    if "authorization" in headers:
        return
    for key in auth.api_keys.values():
        if (key.location == "header" and key.name.lower() in headers) or (
            key.location == "query" and key.name in queries
        ):
            return
    ways = []
    for alternative in known:
        ways.append(" and ".join(auth.hints.get(scheme, scheme) for scheme in alternative))
    raise MissingCredentialsError(
        f"{method.upper()} {path} requires credentials and the client has none: "
        f"{'; or '.join(ways)} (or build the client with require_auth=False)"
    )


def basic_header(credentials: tuple[str, str]) -> str:
    """The ``Authorization`` value for HTTP basic auth."""
    username, password = credentials
    token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
    return f"Basic {token}"
