"""An operation's responses: status, the media type read and the type it is parsed as."""

from __future__ import annotations

import re
from typing import Any

from ..load.pointer import escape
from .context import Context, label, text
from .media import is_json, response_media
from .model import Response, SpecText, TypeExpr, Typing
from .types import AnyType, Bytes, Primitive

STATUS_RE = re.compile(r"^(?:[1-5][0-9][0-9]|[1-5][Xx][Xx]|default)$")


def responses(op: dict[str, Any], pointer: str, hint: str, ctx: Context) -> tuple[Response, ...]:
    """Every response with a status key (`200`, `4XX`, `default`; others are skipped): a JSON one
    typed from its schema (`Any` without one), text as `str`, anything else as `bytes`."""
    raw = op.get("responses") or {}
    result = []
    for status, response in raw.items():
        status = str(status)
        if not STATUS_RE.match(status):
            ctx.skip(
                "response",
                f"{pointer}/responses/{escape(status)}",
                f"response key {status[:40]!r} is not a status code",
            )
            continue
        response, ref_pointer = ctx.deref(response, "responses")
        if not isinstance(response, dict):
            continue
        resp_pointer = ref_pointer or f"{pointer}/responses/{escape(status)}"
        content = response.get("content")
        media = ""
        rtype: TypeExpr | None = None
        if isinstance(content, dict) and content:
            media = response_media(list(content))
            media_obj = content[media] if isinstance(content[media], dict) else {}
            if is_json(media):
                schema = media_obj.get("schema")
                if isinstance(schema, dict):
                    suffix = "Response" if status.startswith("2") else f"Error {status}"
                    schema_pointer = f"{resp_pointer}/content/{escape(media)}/schema"
                    rtype, why = ctx.registry.degraded_reason(
                        ctx.registry.rewritten(schema), f"{hint} {suffix}", schema_pointer
                    )
                    ctx.typing.append(
                        Typing(
                            "response",
                            schema_pointer,
                            f"{status} response of {label(op, pointer)}",
                            why,
                        )
                    )
                else:
                    rtype = AnyType()
            elif media.startswith("text/"):
                rtype = Primitive("string")
            else:
                rtype = Bytes()
        headers = response.get("headers")
        result.append(
            Response(
                status=status.upper() if status.upper().endswith("XX") else status,
                description=text(response.get("description")),
                media_type=SpecText(media),
                type=rtype,
                pointer=resp_pointer,
                headers=tuple(str(h) for h in headers) if isinstance(headers, dict) else (),
            )
        )
    return tuple(result)
