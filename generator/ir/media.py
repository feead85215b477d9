"""Media types: which ones are JSON, and which one of a request body's or response's is used."""

from __future__ import annotations

from .model import BodyEncoding


def base(media: str) -> str:
    """`application/json; charset=utf-8` -> `application/json`."""
    return media.split(";")[0].strip().lower()


def is_json(media: str) -> bool:
    """`application/json`, any `+json` type, or `*/*` (read as JSON)."""
    kind = base(media)
    return kind == "application/json" or kind.endswith("+json") or kind == "*/*"


def body_media(media_types: list[str]) -> tuple[str | None, BodyEncoding | None]:
    """The request body media type sent and how: JSON first, then a form, then text or bytes;
    (None, None) when none is supported."""
    for media in media_types:
        if is_json(media):
            return media, "json"
    for media in media_types:
        kind = base(media)
        if kind == "application/x-www-form-urlencoded":
            return media, "form"
        if kind == "multipart/form-data":
            return media, "multipart"
    for media in media_types:
        kind = base(media)
        if kind.startswith("text/"):
            return media, "text"
        if kind in ("application/octet-stream",) or kind.startswith(
            ("image/", "audio/", "video/", "application/")
        ):
            return media, "binary"
    return None, None


def response_media(media_types: list[str]) -> str:
    """The response media type read: the first JSON one, else the first one (`media_types` is not
    empty)."""
    for media in media_types:
        if is_json(media):
            return media
    return media_types[0]
