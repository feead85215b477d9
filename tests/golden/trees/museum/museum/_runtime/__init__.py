"""The runtime of an apigen-generated SDK (copied verbatim into ``<package>/_runtime/``).

It imports only the standard library, httpx and pydantic, and only relative imports
inside itself, so the package can be renamed when vendored. ``waiter.py`` (the 202 +
``status_url`` waiter) is not imported here: it is copied only into SDKs that use it.
"""

from ._auth import ApiKey, AuthSettings, MissingCredentialsError
from ._base_client import (
    DEFAULT_INITIAL_RETRY_DELAY,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRY_DELAY,
    DEFAULT_TIMEOUT,
    MAX_REDIRECTS,
    TOTAL_TIMEOUT_FACTOR,
    AsyncAPIClient,
    SyncAPIClient,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIRedirectError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ForbiddenError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServiceUnavailableError,
    UnauthorizedError,
    UnprocessableEntityError,
    make_status_error,
)
from ._lazy import lazy_module
from ._parse import construct_type, encode_body, parse_data, to_jsonable
from ._response import APIResponse, async_to_raw_response_wrapper, to_raw_response_wrapper
from ._types import NOT_GIVEN, Body, FileContent, Headers, NotGiven, Omit, Query, Timeout, omit
from .pagination import AsyncPage, AsyncPaginator, PageSpec, SyncPage

__all__ = [
    # clients and auth
    "SyncAPIClient",
    "AsyncAPIClient",
    "AuthSettings",
    "ApiKey",
    "MissingCredentialsError",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_INITIAL_RETRY_DELAY",
    "DEFAULT_MAX_RETRY_DELAY",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "TOTAL_TIMEOUT_FACTOR",
    "MAX_REDIRECTS",
    # sentinels and types
    "Omit",
    "omit",
    "NotGiven",
    "NOT_GIVEN",
    "Timeout",
    "Headers",
    "Query",
    "Body",
    "FileContent",
    # errors
    "APIError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "UnauthorizedError",
    "ForbiddenError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIResponseTooLargeError",
    "APIRedirectError",
    "make_status_error",
    # responses and parsing
    "APIResponse",
    "to_raw_response_wrapper",
    "async_to_raw_response_wrapper",
    "encode_body",
    "parse_data",
    "construct_type",
    "to_jsonable",
    # pagination
    "PageSpec",
    "SyncPage",
    "AsyncPage",
    "AsyncPaginator",
    # lazy imports
    "lazy_module",
]
