"""Accept and Content-Type from the operation's media types; text and binary responses as str and
bytes; error bodies parsed leniently like success bodies (issue 12 items 4 and 5)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.execution.prism import PRISM, prism_mock
from tests.execution.recording_server import Answer, Recorded, RecordingServer

from .harness import Generated, generate_package, make_client, method, unload

SCIM = Path(__file__).resolve().parent / "fixtures" / "scim-users.yaml"
USER = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "u1", "userName": "bj"}


@pytest.fixture(scope="module")
def scim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    yield generate_package(SCIM, tmp_path_factory.mktemp("scim"), "scim_users")
    unload("scim_users")


def _serve(answers: dict[str, Answer]):  # type: ignore[no-untyped-def]
    def respond(request: Recorded) -> Answer:
        return answers[f"{request.method} {request.path}"]

    return RecordingServer(respond)


def test_accept_and_content_type_follow_the_operation_media_types(scim: Generated) -> None:
    scim_json = {"Content-Type": "application/scim+json"}
    answers = {
        "POST /Users": Answer(201, json.dumps(USER).encode(), scim_json),
        "GET /Users/u1": Answer(200, json.dumps(USER).encode(), scim_json),
        "GET /Users/export": Answer(200, b"id,userName\nu1,bj\n", {"Content-Type": "text/csv"}),
        "GET /Users/u1/photo": Answer(200, b"\x89PNG\x00", {"Content-Type": "image/png"}),
    }
    with _serve(answers) as server:
        client = make_client(scim, server.url)
        created = method(scim, client, "create_user")(schemas=USER["schemas"], user_name="bj")
        user = method(scim, client, "get_user")("u1")
        csv = method(scim, client, "export_users")()
        photo = method(scim, client, "get_photo")("u1")
        overridden = method(scim, client, "get_user")(
            "u1", extra_headers={"Accept": "application/json"}
        )
    models = scim.package.models
    assert type(created) is models.User and type(user) is models.User
    assert type(overridden) is models.User
    assert csv == "id,userName\nu1,bj\n" and photo == b"\x89PNG\x00"
    seen = [
        (r.method, r.path, r.headers.get("accept"), r.headers.get("content-type"))
        for r in server.requests
    ]
    assert seen == [
        ("POST", "/Users", "application/scim+json", "application/scim+json"),
        ("GET", "/Users/u1", "application/scim+json", None),
        ("GET", "/Users/export", "text/csv", None),
        ("GET", "/Users/u1/photo", "image/png", None),
        ("GET", "/Users/u1", "application/json", None),
    ]
    assert json.loads(server.requests[0].body) == {"schemas": USER["schemas"], "userName": "bj"}


def test_error_bodies_are_parsed_leniently_like_success_bodies(scim: Generated) -> None:
    """SCIM's `status` is a string; a server sending 404 as a number used to lose `e.error`."""
    body = {"status": 404, "detail": "no such user"}
    answers = {
        "GET /Users/u2": Answer(
            404, json.dumps(body).encode(), {"Content-Type": "application/scim+json"}
        )
    }
    with _serve(answers) as server:
        with pytest.raises(scim.package.NotFoundError) as lenient:
            method(scim, make_client(scim, server.url, strict=False), "get_user")("u2")
        with pytest.raises(scim.package.NotFoundError) as strict:
            method(scim, make_client(scim, server.url, strict=True), "get_user")("u2")
    assert type(lenient.value.error) is scim.package.models.Error
    assert lenient.value.error.detail == "no such user" and lenient.value.error.status == 404
    assert strict.value.error is None and strict.value.body == body


@pytest.mark.prism
@pytest.mark.skipif(not PRISM.exists(), reason="Prism not installed: run `make prism`")
def test_scim_api_against_prism_with_errors(scim: Generated, tmp_path: Path) -> None:
    """Prism (--errors) answers 406 to an Accept none of an operation's responses serve, and 422
    to a body sent with a Content-Type the operation does not take."""
    with prism_mock(SCIM, tmp_path / "prism.log") as url:
        client = make_client(scim, url)
        users = method(scim, client, "list_users")()
        created = method(scim, client, "create_user")(schemas=USER["schemas"], user_name="bj")
        user = method(scim, client, "get_user")("u1")
        csv = method(scim, client, "export_users")()
        photo = method(scim, client, "get_photo")("u1")
        with pytest.raises(scim.package.APIStatusError) as refused:  # what `Accept: json` got
            method(scim, client, "get_user")("u1", extra_headers={"Accept": "application/json"})
    assert refused.value.status_code == 406
    models = scim.package.models
    assert type(users) is models.ListResponse and type(users.resources[0]) is models.User
    assert type(created) is models.User and type(user) is models.User
    assert isinstance(csv, str) and isinstance(photo, bytes)
