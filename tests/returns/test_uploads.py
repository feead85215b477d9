"""Files and request media types (issue 12 items 4 and 5): 3.1's `contentEncoding: binary` is a
file, an operation taking JSON and multipart can send either, a GET/DELETE body with nothing in it
is no argument, and a spec `Idempotency-Key` header is the method's own `idempotency_key`."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.execution.recording_server import Answer, Recorded, RecordingServer

from .harness import Generated, generate_package, make_client, method, unload

UPLOADS = Path(__file__).resolve().parent / "fixtures" / "uploads-3.1.yaml"
DOC = {"id": "d1", "title": "T"}


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    yield generate_package(UPLOADS, tmp_path_factory.mktemp("uploads"), "uploads_31")
    unload("uploads_31")


def _answer(request: Recorded) -> Answer:
    if request.path.endswith("/stickers"):
        return Answer(200, {"id": "s1", "name": "cat"})
    if request.method == "DELETE":
        return Answer(204, None)
    return Answer(
        201 if request.method == "POST" else 200, [DOC] if request.method == "GET" else DOC
    )


def _parts(request: Recorded) -> dict[str, bytes]:
    """name -> content of each part of a multipart/form-data body."""
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    parts = {}
    for chunk in request.body.split(b"--" + boundary)[1:-1]:
        head, _, content = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        parts[name] = content
    return parts


def test_content_encoding_binary_uploads_bytes_through_multipart(uploads: Generated) -> None:
    blob = bytes(range(256))  # not UTF-8: a `str` field would have crashed encoding it
    with RecordingServer(_answer) as server:
        sticker = method(uploads, make_client(uploads, server.url), "create_sticker")(
            "g1", name="cat", file=blob
        )
    assert type(sticker) is uploads.package.models.Sticker
    (request,) = server.requests
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _parts(request) == {"name": b"cat", "file": blob}


def test_an_operation_with_json_and_multipart_bodies_sends_either(uploads: Generated) -> None:
    with RecordingServer(_answer) as server:
        client = make_client(uploads, server.url)
        as_json = method(uploads, client, "create_document")(title="T")
        as_form = method(uploads, client, "create_document")(
            title="T", content=b"\xff\x00raw", content_type="multipart/form-data"
        )
        as_form_no_file = method(uploads, client, "create_document")(
            title="T", content_type="multipart/form-data"
        )
    models = uploads.package.models
    assert all(type(d) is models.Document for d in (as_json, as_form, as_form_no_file))
    first, second, third = server.requests
    assert first.headers["content-type"] == "application/json"
    assert json.loads(first.body) == {"title": "T"}
    assert second.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _parts(second) == {"title": b"T", "content": b"\xff\x00raw"}
    assert third.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _parts(third) == {"title": b"T"}


def test_get_and_delete_bodies_with_nothing_to_send_are_no_argument(uploads: Generated) -> None:
    client = make_client(uploads, "http://127.0.0.1:9")
    for name in ("list_documents", "delete_document"):
        assert "body" not in inspect.signature(method(uploads, client, name)).parameters
    with RecordingServer(_answer) as server:
        client = make_client(uploads, server.url)
        documents = method(uploads, client, "list_documents")()
        method(uploads, client, "delete_document")("d1")
    assert type(documents[0]) is uploads.package.models.Document
    assert [r.body for r in server.requests] == [b"", b""]
    assert all("content-type" not in r.headers for r in server.requests)


def test_a_spec_idempotency_header_is_the_methods_idempotency_key(uploads: Generated) -> None:
    client = make_client(uploads, "http://127.0.0.1:9")
    params = inspect.signature(method(uploads, client, "create_document")).parameters
    assert "idempotency_key" in params
    assert not [p for p in params if "idempotency" in p and p != "idempotency_key"]
    with RecordingServer(_answer) as server:
        method(uploads, make_client(uploads, server.url), "create_document")(
            title="T", idempotency_key="k-1"
        )
    assert server.requests[0].headers["idempotency-key"] == "k-1"
