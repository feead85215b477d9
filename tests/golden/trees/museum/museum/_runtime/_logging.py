"""Logging for the SDK: off by default, switched on by an environment variable.

Records go to ``logging.getLogger(<package>)``, where ``<package>`` is the SDK package
this runtime is vendored into (``acme._runtime._logging`` -> ``acme``). Setting
``<PACKAGE>_LOG=debug`` (or ``info``) in the environment, e.g. ``ACME_LOG=debug``,
sets that logger's level (and gives it a stderr handler when logging is not configured). Credentials never reach a record:
``Authorization``, ``Proxy-Authorization``, ``Cookie``, ``Set-Cookie``, ``X-Api-Key`` and
every API-key header or query parameter the client is configured with are written as
``<redacted>``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping

import httpx

__all__ = [
    "ENV_VAR",
    "PACKAGE_NAME",
    "REDACTED",
    "logger",
    "redact_headers",
    "redact_url",
    "setup_logging",
]


def _package_name(module_name: str) -> str:
    head, sep, _ = module_name.partition("._runtime")
    if sep and head:
        return head
    return module_name.split(".")[0]


PACKAGE_NAME = _package_name(__name__)
ENV_VAR = re.sub(r"[^A-Z0-9]", "_", PACKAGE_NAME.rsplit(".", 1)[-1].upper()) + "_LOG"
REDACTED = "<redacted>"
ALWAYS_REDACTED = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"}
)

logger = logging.getLogger(PACKAGE_NAME)


def setup_logging() -> None:
    """Apply ``<PACKAGE>_LOG`` (``debug`` or ``info``) to the package logger; else do nothing."""
    level_name = os.environ.get(ENV_VAR, "").strip().lower()
    if level_name == "debug":
        level = logging.DEBUG
    elif level_name == "info":
        level = logging.INFO
    else:
        return
    logger.setLevel(level)
    # a stderr handler unless the application already routes log records somewhere
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter(
                "[%(asctime)s - %(name)s - %(levelname)s] %(message)s", "%Y-%m-%d %H:%M:%S"
            )
        )
        logger.addHandler(handler)


def redact_headers(
    headers: Iterable[tuple[str, str]] | Mapping[str, str], secret_names: Iterable[str] = ()
) -> dict[str, str]:
    """A copy of ``headers`` with every credential-bearing value replaced by ``<redacted>``."""
    hidden = ALWAYS_REDACTED | {name.lower() for name in secret_names}
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {name: (REDACTED if name.lower() in hidden else value) for name, value in items}


def redact_url(url: httpx.URL, secret_params: Iterable[str] = ()) -> str:
    """``url`` as text with the values of the named query parameters replaced by ``<redacted>``."""
    hidden = {name.lower() for name in secret_params}
    base = str(url.copy_with(query=None, fragment=None))
    if not url.query:
        return base
    parts = []
    for key, value in url.params.multi_items():
        parts.append(f"{key}={REDACTED if key.lower() in hidden else value}")
    return base + "?" + "&".join(parts)


setup_logging()
