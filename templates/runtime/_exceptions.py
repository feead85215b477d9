"""The exceptions raised by the client, one class per failure kind.

``APIError`` is the base of every error the SDK raises. HTTP errors are
``APIStatusError`` subclasses chosen by status code (see :func:`make_status_error`);
``UnauthorizedError`` and ``ForbiddenError`` are aliases of ``AuthenticationError`` and
``PermissionDeniedError`` by the names many SDKs use. The errors of the status-URL waiter live in
``waiter.py`` (copied only into SDKs that have one).
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIRedirectError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ForbiddenError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ServiceUnavailableError",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "make_status_error",
    "too_deep_error",
]

_MAX_BODY_IN_MESSAGE = 500


class APIError(Exception):
    """Base class of every error raised by the SDK.

    ``message`` is a human-readable description, ``request`` the last ``httpx.Request``
    involved (when there was one) and ``body`` the decoded response body (when there was one).
    """

    message: str
    request: httpx.Request | None
    body: object | None

    def __init__(
        self, message: str, request: httpx.Request | None = None, *, body: object | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body

    def __str__(self) -> str:
        return self.message


class APIStatusError(APIError):
    """The server answered with an error status (4xx or 5xx).

    ``body`` is the decoded JSON body (or its text when it is not JSON, None when empty);
    ``error`` is that body parsed into the error model documented for the status, or None
    when the operation documents none or the body does not match it.
    """

    response: httpx.Response
    status_code: int
    headers: httpx.Headers
    error: Any

    def __init__(
        self,
        message: str | None = None,
        *,
        response: httpx.Response,
        body: object | None,
        error: Any = None,
    ) -> None:
        if message is None:
            message = _status_message(response, body)
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.error = error


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """Any HTTP status >= 500."""


class ServiceUnavailableError(InternalServerError):
    """HTTP 503."""


# The names many SDKs use for 401 and 403.
UnauthorizedError = AuthenticationError
ForbiddenError = PermissionDeniedError


class APIConnectionError(APIError):
    """The request never got an answer: connection refused or reset, DNS, TLS, protocol error."""

    def __init__(self, message: str = "Connection error.", *, request: httpx.Request) -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out (after all retries)."""

    def __init__(self, request: httpx.Request, message: str = "Request timed out.") -> None:
        super().__init__(message, request=request)


class RequestValidationError(APIError, ValueError):
    """The arguments of a call do not match the request body's schema; nothing was sent.

    ``errors`` lists what did not match (pydantic's error dicts: ``loc``, ``msg``, ``type``).
    """

    errors: list[Any]

    def __init__(self, message: str, *, errors: list[Any]) -> None:
        super().__init__(message)
        self.errors = errors


class APIResponseValidationError(APIError):
    """A successful response did not match its documented type (raised when ``strict=True``)."""

    response: httpx.Response
    status_code: int

    def __init__(
        self,
        *,
        response: httpx.Response,
        body: object | None,
        message: str = "Data returned by the API is invalid for the expected schema.",
    ) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code


def too_deep_error(response: httpx.Response) -> APIResponseValidationError:
    """The error for a response body nested too deeply to decode or parse (raised instead of
    ``RecursionError``)."""
    return APIResponseValidationError(
        response=response, body=None, message="Response JSON is nested too deeply to decode."
    )


class APIResponseTooLargeError(APIError):
    """A response body exceeded ``max_response_size`` (``limit`` bytes), counted both as
    received on the wire and after decoding gzip/deflate; reading stopped there.

    ``response`` carries the status and headers (its body was not kept).
    """

    response: httpx.Response
    status_code: int
    limit: int

    def __init__(self, *, response: httpx.Response, limit: int, message: str | None = None) -> None:
        if message is None:
            message = f"Response body exceeds max_response_size ({limit} bytes)."
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code
        self.limit = limit


class APIRedirectError(APIConnectionError):
    """A redirect that the client does not follow: too many hops, a non-HTTP(S) target, or a
    307/308 that would resend the request body to another origin than ``base_url``'s."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    503: ServiceUnavailableError,
}


def make_status_error(
    response: httpx.Response, body: object | None, error_model: Any
) -> APIStatusError:
    """Build the ``APIStatusError`` subclass that matches ``response.status_code``."""
    status = response.status_code
    cls = _BY_STATUS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(response=response, body=body, error=error_model)


def _status_message(response: httpx.Response, body: object | None) -> str:
    message = f"Error code: {response.status_code}"
    if body is not None and body != "":
        text = repr(body) if not isinstance(body, str) else body
        if len(text) > _MAX_BODY_IN_MESSAGE:
            text = text[:_MAX_BODY_IN_MESSAGE] + "..."
        message += f" - {text}"
    return message
