"""OpenAPI 3.2's `query` method is generated (issue 17): the client sends QUERY with its body to a
real server on 127.0.0.1, the server stub routes QUERY, and the coverage report counts it."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

from generator.config import Config
from generator.pipeline import generate, write
from generator.report import coverage

from .recording_server import Answer, Recorded, RecordingServer

SPEC = """\
openapi: 3.2.0
info: {title: Query Search, version: "1"}
paths:
  /items/search:
    query:
      operationId: searchItems
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                text: {type: string}
              required: [text]
      responses:
        "200":
          description: found
          content:
            application/json:
              schema:
                type: array
                items: {type: string}
"""
PACKAGE = "query_search"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("query")
    spec = root / "search.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    config = Config(spec=str(spec), output=str(root / "out"), package=PACKAGE)
    gen = generate(spec, config)
    report = coverage(gen.api, gen.spec.document, models_source=gen.models_source)
    assert (report.operations.generated, report.operations.total) == (1, 1)
    assert not report.unaccounted
    write(gen, config)
    sys.path.insert(0, str(root / "out"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root / "out"))
        for name in list(sys.modules):
            if name.split(".")[0] == PACKAGE:
                del sys.modules[name]


def test_client_sends_query_with_its_body(package: ModuleType) -> None:
    def answer(request: Recorded) -> Answer:
        return Answer(200, ["a", "b"])

    with RecordingServer(answer) as server:
        client = package.Client(base_url=server.url, max_retries=0)
        found = client.items.search(text="bay")  # QUERY /items/search: an action
    assert list(found) == ["a", "b"]
    (request,) = server.requests
    assert (request.method, request.path) == ("QUERY", "/items/search")
    assert request.body == b'{"text":"bay"}' or request.body == b'{"text": "bay"}'


def test_server_stub_routes_query(package: ModuleType) -> None:
    from fastapi.testclient import TestClient

    server = importlib.import_module(f"{PACKAGE}.server")
    app = server.create_app()
    with TestClient(app) as http:
        # No implementation given: the route exists and answers 501, not 405 (no such route).
        assert http.request("QUERY", "/items/search", json={"text": "x"}).status_code == 501
        assert http.request("POST", "/items/search", json={"text": "x"}).status_code == 405
