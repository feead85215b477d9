"""generator/ir/security.py: security schemes, the client's credential arguments, requirements."""

from __future__ import annotations

from generator.config import AuthRule
from generator.ir.model import SecurityRequirement
from generator.ir.naming import CLIENT_INIT_NAMES
from generator.ir.refs import component_resolver
from generator.ir.security import credentials, requirements, security_schemes

from .spec import context, document

SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "Bearer", "description": "A token."},
    "basic": {"type": "http", "scheme": "basic"},
    "ApiKeyQuery": {"type": "apiKey", "in": "query", "name": "key"},
    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
    "bodyKey": {"type": "apiKey", "in": "body", "name": "k"},
    "oauth": {"type": "oauth2", "flows": {}},
    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x"},
    "mtls": {"type": "mutualTLS"},
    "Shared": {"$ref": "#/components/securitySchemes/bearerAuth"},
    "broken": "not a scheme",
}


def _schemes(schemes: dict[str, object]):  # type: ignore[no-untyped-def]
    doc = document(components={"securitySchemes": schemes})
    return security_schemes(doc, component_resolver(doc))


def test_kinds_and_locations() -> None:
    got = {str(s.key): (s.kind, s.location, str(s.param_name)) for s in _schemes(SCHEMES)}
    assert got == {
        "bearerAuth": ("bearer", "", ""),
        "basic": ("basic", "", ""),
        "ApiKeyQuery": ("api_key", "query", "key"),
        "cookieKey": ("api_key", "cookie", "session"),
        "bodyKey": ("unsupported", "", "k"),  # an API key can only be a header, query or cookie
        "oauth": ("oauth2", "", ""),
        "oidc": ("openid", "", ""),
        "mtls": ("unsupported", "", ""),
        "Shared": ("bearer", "", ""),  # a $ref to another scheme is resolved
    }


def test_server_names_are_snake_case_unique_and_never_a_client_argument() -> None:
    schemes = _schemes(
        {
            "BaseUrl": {"type": "http", "scheme": "bearer"},
            "token": {"type": "http", "scheme": "bearer"},
            "api-key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "api_key": {"type": "apiKey", "in": "header", "name": "X-Other"},
        }
    )
    names = [str(s.name) for s in schemes]
    assert names == ["base_url_2", "token_2", "api_key", "api_key_2"]
    assert not set(names) & CLIENT_INIT_NAMES
    assert [str(s.description) for s in _schemes({"a": SCHEMES["bearerAuth"]})] == ["A token."]


def test_an_api_key_without_in_is_a_header() -> None:
    (scheme,) = _schemes({"k": {"type": "apiKey", "name": "X-Key"}})
    assert (scheme.kind, scheme.location) == ("api_key", "header")


def test_credentials_name_the_client_arguments_and_environment() -> None:
    schemes = _schemes(
        {"bearer": {"type": "http", "scheme": "bearer"}, "ApiKey": SCHEMES["ApiKeyQuery"]}
    )
    named, prefix, init_names = credentials(schemes, "Pets API", "pets", context({}).config)
    assert prefix == "PETS"
    by_key = {str(s.key): (s.argument, s.env) for s in named}
    # The API key scheme takes `api_key`: the bearer one is then the token.
    assert by_key == {"bearer": ("token", "PETS_TOKEN"), "ApiKey": ("api_key", "PETS_API_KEY")}
    assert {"token", "api_key", "require_auth", "base_url"} <= init_names


def test_a_bearer_alone_is_the_api_key_and_oauth_alone_the_token() -> None:
    config = context({}).config
    named, _, _ = credentials(_schemes({"b": SCHEMES["bearerAuth"]}), "Pets", "pets", config)
    assert named[0].argument == "api_key" and named[0].env == "PETS_API_KEY"
    named, _, init_names = credentials(_schemes({"o": SCHEMES["oauth"]}), "Pets", "pets", config)
    assert named[0].argument == "token" and "token" in init_names


def test_configured_argument_and_prefix() -> None:
    ctx = context({}, env_prefix="ZOO", auth=(AuthRule(scheme="b", argument="secret"),))
    named, prefix, init_names = credentials(
        _schemes({"b": SCHEMES["bearerAuth"]}), "Pets", "pets", ctx.config
    )
    assert (prefix, named[0].argument, named[0].env) == ("ZOO", "secret", "ZOO_SECRET")
    assert "secret" in init_names


def test_requirements_are_alternatives_of_known_schemes_with_their_scopes() -> None:
    names = {"oauth": "oauth", "key": "key"}
    raw = [{"oauth": ["read", 3, "write"], "key": []}, {}, {"unknown": []}, "junk", {"key": None}]
    assert requirements(raw, names) == (  # type: ignore[arg-type]
        (SecurityRequirement("oauth", ("read", "write")), SecurityRequirement("key", ())),
        (),  # `{}`: no authentication is one alternative
        (),  # a scheme the document does not define is left out
        (SecurityRequirement("key", ()),),
    )
    assert requirements(None, names) == () and requirements({"key": []}, names) == ()  # type: ignore[arg-type]
