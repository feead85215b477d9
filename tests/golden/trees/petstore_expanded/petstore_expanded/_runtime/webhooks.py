"""Receiving webhooks: parse a request the API sent you into its event class, after (optionally)
checking its signature.

    event = client.webhooks.unwrap(request_body, request_headers)   # the right payload class
    event = client.webhooks.unwrap(body, headers, secret="whsec_...")   # checks the signature first

Signatures follow the Standard Webhooks scheme (https://www.standardwebhooks.com): headers
``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` (``v1,<base64 HMAC-SHA256 of
"{id}.{timestamp}.{body}">``, several space-separated), with a ``whsec_``-prefixed base64
secret. Checking is off unless a secret (or a ``verify`` callable of your own) is given.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pydantic

from ._parse import parse_data

__all__ = [
    "WebhookEvent",
    "WebhookParseError",
    "WebhookVerificationError",
    "Webhooks",
    "sign",
    "verify_signature",
]

DEFAULT_TOLERANCE = 300  # seconds a signed timestamp may be off


class WebhookVerificationError(ValueError):
    """The webhook's signature is missing, malformed, expired or wrong."""


class WebhookParseError(ValueError):
    """The webhook's body is not JSON or matches none of the documented payloads."""


def _secret_bytes(secret: str | bytes) -> bytes:
    if isinstance(secret, bytes):
        return secret
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_") :])
    return secret.encode("utf-8")


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def sign(body: bytes | str, secret: str | bytes, *, msg_id: str, timestamp: int) -> str:
    """The ``webhook-signature`` value for a body (what a sender computes)."""
    message = f"{msg_id}.{timestamp}.".encode() + _as_bytes(body)
    digest = hmac.new(_secret_bytes(secret), message, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def verify_signature(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str | bytes,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raise :class:`WebhookVerificationError` unless one of the body's ``v1`` signatures is
    right and its timestamp is within ``tolerance`` seconds of now."""
    msg_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not msg_id or not stamp or not signatures:
        raise WebhookVerificationError(
            "missing webhook-id, webhook-timestamp or webhook-signature header"
        )
    try:
        timestamp = int(stamp)
    except ValueError:
        raise WebhookVerificationError(f"bad webhook-timestamp {stamp[:40]!r}") from None
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too old or in the future")
    expected = sign(body, secret, msg_id=msg_id, timestamp=timestamp)
    for candidate in signatures.split():
        if candidate.startswith("v1,") and hmac.compare_digest(candidate, expected):
            return
    raise WebhookVerificationError("no webhook-signature matches the body")


class WebhookEvent:
    """One documented webhook: its name, payload type and the constant field telling it apart."""

    __slots__ = ("field", "name", "payload_type", "value")

    def __init__(self, name: str, payload_type: Any, field: str = "", value: str = "") -> None:
        self.name = name
        self.payload_type = payload_type
        self.field = field
        self.value = value


class Webhooks:
    """Parses webhook requests into their payload classes (``client.webhooks``)."""

    events: Sequence[WebhookEvent] = ()

    def __init__(
        self,
        *,
        secret: str | bytes | None = None,
        verify: Callable[[bytes, Mapping[str, str]], None] | None = None,
        tolerance: int = DEFAULT_TOLERANCE,
    ) -> None:
        self.secret = secret
        self.verify = verify
        self.tolerance = tolerance

    def unwrap(
        self,
        body: bytes | str,
        headers: Mapping[str, str] | None = None,
        *,
        secret: str | bytes | None = None,
    ) -> Any:
        """The payload of a webhook request, as its documented class (checked first when a
        secret or ``verify`` is configured)."""
        raw = _as_bytes(body)
        key = secret if secret is not None else self.secret
        if key is not None:
            verify_signature(raw, headers or {}, key, tolerance=self.tolerance)
        elif self.verify is not None:
            self.verify(raw, headers or {})
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise WebhookParseError(f"webhook body is not JSON: {exc}") from exc
        if isinstance(data, dict):
            for event in self.events:
                if event.field and str(data.get(event.field)) == event.value:
                    return self._parse(event, data)
        errors = []
        for event in self.events:  # no constant field matched: the first payload that fits
            if event.field and isinstance(data, dict) and event.field in data:
                continue
            try:
                return parse_data(event.payload_type, data, strict=True)
            except (pydantic.ValidationError, TypeError, ValueError) as exc:
                errors.append(f"{event.name}: {str(exc).splitlines()[0]}")
        raise WebhookParseError(
            "the webhook matches none of the documented payloads"
            + (f" ({'; '.join(errors[:5])})" if errors else "")
        )

    def parse(self, name: str, body: bytes | str | Mapping[str, Any]) -> Any:
        """The payload of the webhook documented as ``name`` (no signature check)."""
        event = next((e for e in self.events if e.name == name), None)
        if event is None:
            raise KeyError(f"no webhook named {name!r}")
        data = body if isinstance(body, Mapping) else json.loads(_as_bytes(body))
        return self._parse(event, data)

    @staticmethod
    def _parse(event: WebhookEvent, data: Any) -> Any:
        """Its documented class; built leniently when the payload strays from the spec."""
        try:
            return parse_data(event.payload_type, data, strict=False)
        except pydantic.ValidationError as exc:
            raise WebhookParseError(f"webhook {event.name!r}: {exc}") from exc
