"""generator/ir/media.py: which media types are JSON, and which one is sent or read."""

from __future__ import annotations

import pytest

from generator.ir.media import body_media, is_json, response_media


@pytest.mark.parametrize(
    "media",
    ["application/json", "Application/JSON; charset=utf-8", "application/problem+json", "*/*"],
)
def test_json(media: str) -> None:
    assert is_json(media)


@pytest.mark.parametrize(
    "media", ["text/plain", "application/jsonl", "application/json-seq", "application/xml", ""]
)
def test_not_json(media: str) -> None:
    assert not is_json(media)


def test_a_body_is_sent_as_json_first_wherever_it_is_listed() -> None:
    assert body_media(["multipart/form-data", "application/merge-patch+json"]) == (
        "application/merge-patch+json",
        "json",
    )


def test_a_form_comes_before_text_or_bytes_and_keeps_its_parameters() -> None:
    assert body_media(["text/plain", "application/x-www-form-urlencoded; charset=utf-8"]) == (
        "application/x-www-form-urlencoded; charset=utf-8",
        "form",
    )
    assert body_media(["application/octet-stream", "multipart/form-data"]) == (
        "multipart/form-data",
        "multipart",
    )


@pytest.mark.parametrize(
    ("media", "encoding"),
    [
        ("text/csv", "text"),
        ("application/octet-stream", "binary"),
        ("image/png", "binary"),
        ("audio/mpeg", "binary"),
        ("application/xml", "binary"),
    ],
)
def test_anything_else_is_text_or_bytes(media: str, encoding: str) -> None:
    assert body_media([media]) == (media, encoding)


def test_an_unsupported_body_has_no_media() -> None:
    assert body_media(["font/woff2", "message/rfc822"]) == (None, None)
    assert body_media([]) == (None, None)


def test_a_response_is_read_as_its_first_json_media_else_its_first() -> None:
    assert response_media(["text/plain", "application/vnd.api+json", "application/json"]) == (
        "application/vnd.api+json"
    )
    assert response_media(["text/csv", "application/octet-stream"]) == "text/csv"
