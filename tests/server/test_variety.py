"""The server side for what OCPPLab does not use: API keys in a header, a query and a cookie; HTTP
basic; a requirement of two schemes at once; an anonymous alternative; `security: []`; array, enum
and defaulted query parameters, header and cookie parameters, a path parameter whose wire name is
not a Python name; binary, text and form bodies; 201, 202 and 204; text and HTML answers; `default`
error responses; a method named `list` next to `list[...]` annotations; and hostile spec strings."""

from __future__ import annotations

import ast
import base64
import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from fastapi import Response

from .conftest import HERE, UvicornThread, imported_from, run_mypy
from .openapi_diff import component_differences, differences

VARIETY = HERE / "specs" / "variety.yaml"


def _generate(spec: Path, output: Path, package: str) -> Path:
    from generator.config import Config
    from generator.pipeline import generate, write

    config = Config(output=str(output), package=package)
    return write(generate(spec, config), config)


@pytest.fixture(scope="module")
def variety_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("variety")
    _generate(VARIETY, root, "variety")
    return root


@pytest.fixture(scope="module")
def variety(variety_root: Path) -> Iterator[ModuleType]:
    with imported_from(variety_root, package="variety"):
        import variety
        import variety.server

        yield variety


class Pets:
    """A sync implementation that records what each method received."""

    def __init__(self, api: ModuleType) -> None:
        self.api = api
        self.calls: list[tuple[str, Any]] = []

    def list(
        self, *, tags: Any, kind: Any, size: int, x_trace_id: str, session: Any, credentials: Any
    ) -> Any:
        self.calls.append(
            (
                "list",
                dict(
                    tags=tags,
                    kind=kind,
                    size=size,
                    trace=x_trace_id,
                    session=session,
                    creds=credentials,
                ),
            )
        )
        return (
            [{"id": 1, "name": "Rex", "kind": kind}]
            if kind
            else [self.api.models.Pet(id=2, name="Tom")]
        )

    def create(self, *, body: Any, credentials: Any) -> Any:
        self.calls.append(("create", dict(body=body, creds=credentials)))
        errors = self.api.server.ApiHTTPError
        if body.name == "taken":
            raise errors(409, self.api.models.Problem(title="exists", status=409))
        if body.name == "teapot":
            raise errors(418, {"title": "I'm a teapot"})
        return self.api.models.Pet(id=3, name=body.name)

    def get(self, pet: int, /, *, credentials: Any) -> Any:
        self.calls.append(("get", dict(pet=pet, creds=credentials)))
        if pet == 404:
            raise self.api.server.ApiHTTPError(404, {"title": "no such pet", "status": "404"})
        return {"id": pet, "name": "Rex"}

    def delete(self, pet_id: int, /) -> None:
        self.calls.append(("delete", pet_id))

    def update_photo(self, pet_id: int, /, *, body: bytes, credentials: Any) -> str:
        self.calls.append(("upload_photo", (pet_id, body)))
        return f"{len(body)} bytes"


class Notes:
    """An async implementation."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    async def create(self, *, body: str | None, credentials: Any) -> Any:
        self.calls.append(("add_note", (body, credentials)))
        # A service may answer a Response of its own, to set headers (the spec's 202 has no body).
        return Response(status_code=202, headers={"Location": "/notes/1"})

    async def form(self, *, body: Any, credentials: Any) -> str:
        self.calls.append(("add_form_note", body))
        return f"<p>{body.text}</p>"


class Vault:
    """`GET /vault`: a resource of its own (resources nest by path where ids do not carry tags)."""

    async def retrieve(self, *, credentials: Any) -> str:
        return f"secret for {credentials.schemes}"


@pytest.fixture
def served(variety: ModuleType) -> Iterator[tuple[httpx.Client, Pets, Notes]]:
    pets, notes = Pets(variety), Notes()
    with (
        UvicornThread(variety.server.create_app(pets=pets, notes=notes, vault=Vault())) as url,
        httpx.Client(base_url=url) as client,
    ):
        yield client, pets, notes


def test_parameters_and_api_key_in_a_header(
    variety: ModuleType, served: tuple[httpx.Client, Pets, Notes]
) -> None:
    client, pets, _ = served
    headers = {"X-Trace-Id": "t-1", "X-API-Key": "k-1"}
    client.cookies.set("session", "s-1")
    answer = client.get(
        "/pets", params=[("tags", "a"), ("tags", "b"), ("kind", "cat")], headers=headers
    )
    assert answer.status_code == 200 and answer.json() == [{"id": 1, "name": "Rex", "kind": "cat"}]
    name, seen = pets.calls[-1]
    assert (seen["tags"], seen["kind"], seen["size"], seen["trace"], seen["session"]) == (
        ["a", "b"],
        "cat",
        5,
        "t-1",
        "s-1",
    )
    assert isinstance(seen["kind"], variety.models.Kind)  # the enum member, not a bare string
    assert (seen["creds"].schemes, seen["creds"].api_key) == (("apiKeyHeader",), "k-1")
    # A model returned without its optional fields answers without them (exclude_unset).
    assert client.get("/pets", headers=headers).json() == [{"id": 2, "name": "Tom"}]
    for bad in ({"size": 11}, {"kind": "bird"}, {"tags": ["a", "b", "c", "d"]}):
        assert client.get("/pets", params=bad, headers=headers).status_code == 422, bad
    assert (
        client.get("/pets", headers={"X-API-Key": "k"}).status_code == 422
    )  # X-Trace-Id is required
    unauthenticated = client.get("/pets", headers={"X-Trace-Id": "t-1"})
    assert unauthenticated.status_code == 401 and "www-authenticate" not in unauthenticated.headers


def test_two_schemes_at_once_and_documented_errors(
    served: tuple[httpx.Client, Pets, Notes],
) -> None:
    client, pets, _ = served
    basic = {"Authorization": "Basic " + base64.b64encode(b"ann:pw").decode()}
    created = client.post("/pets", params={"api_key": "q-1"}, headers=basic, json={"name": "Rex"})
    assert created.status_code == 201 and created.json() == {"id": 3, "name": "Rex"}
    creds = pets.calls[-1][1]["creds"]
    assert (creds.schemes, creds.username, creds.password, creds.api_key) == (
        ("basicAuth", "apiKeyQuery"),
        "ann",
        "pw",
        "q-1",
    )
    only_basic = client.post("/pets", headers=basic, json={"name": "Rex"})
    assert only_basic.status_code == 401 and only_basic.headers["www-authenticate"] == "Basic"
    assert only_basic.json() == {
        "detail": "Not authenticated"
    }  # `default` documents Problem; this is no Problem
    conflict = client.post("/pets", params={"api_key": "q"}, headers=basic, json={"name": "taken"})
    assert (conflict.status_code, conflict.json()) == (409, {"title": "exists", "status": 409})
    teapot = client.post("/pets", params={"api_key": "q"}, headers=basic, json={"name": "teapot"})
    assert (teapot.status_code, teapot.json()) == (
        418,
        {"title": "I'm a teapot"},
    )  # through `default`
    assert (
        client.post("/pets", params={"api_key": "q"}, headers=basic, json={"name": ""}).status_code
        == 422
    )


def test_anonymous_alternative_no_security_and_204(
    served: tuple[httpx.Client, Pets, Notes],
) -> None:
    client, pets, _ = served
    assert client.get("/pets/7").json() == {"id": 7, "name": "Rex"}
    assert pets.calls[-1][1]["creds"].schemes == ()  # anonymous is allowed
    client.get("/pets/7", headers={"Authorization": "Bearer b-1"})
    assert (pets.calls[-1][1]["pet"], pets.calls[-1][1]["creds"].token) == (7, "b-1")
    missing = client.get("/pets/404")
    # The payload went through the documented model: "404" became the integer the spec says.
    assert (missing.status_code, missing.json()) == (404, {"title": "no such pet", "status": 404})
    assert client.get("/pets/seven").status_code == 422
    deleted = client.delete("/pets/7")  # security: [] -> no credentials at all
    assert (deleted.status_code, deleted.content, pets.calls[-1]) == (204, b"", ("delete", 7))


def test_binary_text_and_form_bodies(served: tuple[httpx.Client, Pets, Notes]) -> None:
    client, pets, notes = served
    key = {"X-API-Key": "k"}
    photo = client.put(
        "/pets/5/photo", content=b"\x89PNG\x00", headers={**key, "Content-Type": "image/png"}
    )
    assert (photo.status_code, photo.text, photo.headers["content-type"].split(";")[0]) == (
        200,
        "5 bytes",
        "text/plain",
    )
    assert pets.calls[-1] == ("upload_photo", (5, b"\x89PNG\x00"))
    client.cookies.set("key", "c-1")
    note = client.post("/notes", content="hello", headers={"Content-Type": "text/plain"})
    assert (note.status_code, note.content, note.headers["location"]) == (202, b"", "/notes/1")
    assert notes.calls[-1][0] == "add_note" and notes.calls[-1][1][0] == "hello"
    assert notes.calls[-1][1][1].api_key == "c-1"
    client.cookies.clear()
    page = client.post("/notes/form", data={"text": "hi", "pinned": "true"}, headers=key)
    assert (page.status_code, page.text, page.headers["content-type"].split(";")[0]) == (
        200,
        "<p>hi</p>",
        "text/html",
    )
    assert notes.calls[-1][1].pinned is True


def test_variety_openapi_matches_its_spec(variety: ModuleType) -> None:
    spec = yaml.safe_load(VARIETY.read_text(encoding="utf-8"))
    served = variety.server.create_app().openapi()
    problems = differences(spec, served) + component_differences(spec, served)
    assert not problems, "\n".join(problems)
    schemes = served["components"]["securitySchemes"]
    assert schemes["apiKeyCookie"] == {"type": "apiKey", "in": "cookie", "name": "key"}
    assert schemes["basicAuth"] == {"type": "http", "scheme": "basic"}


def test_generated_servers_pass_mypy_strict(
    variety_root: Path, generated_root: Path, mypy_cache: Path
) -> None:
    """Both generated servers (OCPPLab and this one, with its `list` method) under mypy --strict."""
    out, status = run_mypy(
        ["-p", "variety.server", "-p", "ocpplab.server"], [variety_root, generated_root], mypy_cache
    )
    assert status == 0, out


HOSTILE_TEXT = 'a """ b \'\'\' c \\ d \x00 e\n"); import os; os.system("x") #'


def _hostile_spec() -> dict[str, Any]:
    doc = yaml.safe_load(VARIETY.read_text(encoding="utf-8"))
    doc["info"]["title"] = "Hostile " + HOSTILE_TEXT
    doc["info"]["description"] = HOSTILE_TEXT
    pets = doc["paths"]["/pets"]["get"]
    pets["summary"] = HOSTILE_TEXT
    pets["description"] = HOSTILE_TEXT
    pets["tags"] = ['pe"ts']
    pets["parameters"][0]["description"] = HOSTILE_TEXT
    pets["responses"]["200"]["description"] = HOSTILE_TEXT
    doc["paths"]['/odd/{i"d}'] = {
        "get": {
            "operationId": 'odd"); import os; ("',
            "parameters": [
                {
                    "name": 'i"d',
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string", "pattern": "^[a-z\"']+$"},
                },
                {"name": "X-\"Quote'", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": {"200": {"description": HOSTILE_TEXT}},
        }
    }
    doc["components"]["securitySchemes"]["key.s"] = {
        "type": "apiKey",
        "in": "header",
        "name": 'X-"K',
    }
    doc["security"] = [{"key.s": []}]
    return doc


def test_hostile_spec_strings_stay_strings(tmp_path: Path) -> None:
    spec_path = tmp_path / "hostile.yaml"
    spec_path.write_text(yaml.safe_dump(_hostile_spec(), allow_unicode=True), encoding="utf-8")
    root = tmp_path / "out"
    _generate(spec_path, root, "hostile")
    with imported_from(root, package="hostile"):
        import hostile.server

        document = hostile.server.create_app().openapi()
    listing = document["paths"]["/pets"]["get"]
    assert listing["summary"] == HOSTILE_TEXT and listing["tags"] == ['pe"ts']
    assert listing["responses"]["200"]["description"] == HOSTILE_TEXT
    assert document["info"]["description"] == HOSTILE_TEXT
    odd = document["paths"]['/odd/{i"d}']["get"]
    assert odd["operationId"] == 'odd"); import os; ("'
    assert {(p["name"], p["in"]) for p in odd["parameters"]} == {
        ('i"d', "path"),
        ("X-\"Quote'", "header"),
    }
    assert document["components"]["securitySchemes"]["key.s"] == {
        "type": "apiKey",
        "in": "header",
        "name": 'X-"K',
    }
    for module in (root / "hostile" / "server").rglob(
        "*.py"
    ):  # the text reached the code only inside literals
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert "os" not in imported, module
        assert not any(
            isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "system"
            for n in ast.walk(tree)
        ), module


def test_unsupported_security_fails_closed(variety: ModuleType) -> None:
    """mutualTLS cannot be checked by FastAPI: the route refuses every request (never serves it
    open) until the application overrides the dependency with its own check."""
    app = variety.server.create_app(vault=Vault())
    with UvicornThread(app) as url, httpx.Client(base_url=url) as client:
        refused = client.get("/vault")
        assert refused.status_code == 401 and "not supported" in refused.json()["detail"]
        security = importlib.import_module("variety.server._security")
        app.dependency_overrides[security.require_unsupported] = lambda: security.Credentials(
            ("mutualTLS",)
        )
        allowed = client.get("/vault")
        assert (allowed.status_code, allowed.text) == (200, "secret for ('mutualTLS',)")
