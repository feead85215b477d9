"""Fetching a remote `$ref` target, only when the user allowed it and only from public hosts.

A spec is input we do not trust: a `$ref` to http://169.254.169.254/ or http://localhost:8080/
must not make apigen a request forger, so every host (and every redirect) is resolved first and
refused when any of its addresses is not globally routable.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 10
MAX_BYTES = 16 * 1024 * 1024


class RemoteRefused(Exception):
    """The URL is not fetched: bad scheme, private host, too large, or the fetch failed."""


def check_public_host(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise RemoteRefused(
            f"only http and https URLs are fetched, not {parts.scheme or 'no scheme'}"
        )
    host = parts.hostname
    if not host:
        raise RemoteRefused("the URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        raise RemoteRefused(f"cannot resolve {host}: {exc}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            address = mapped  # ::ffff:127.0.0.1 is loopback too
        if not address.is_global:
            raise RemoteRefused(f"{host} resolves to a non-public address ({address})")


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a new request: its host is checked like the first one."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_public_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> bytes:
    check_public_host(url)
    opener = urllib.request.build_opener(_CheckedRedirects)
    request = urllib.request.Request(
        url, headers={"User-Agent": "apigen", "Accept": "application/yaml, application/json"}
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data: bytes = response.read(MAX_BYTES + 1)
    except RemoteRefused:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise RemoteRefused(f"fetch failed: {exc}") from None
    if len(data) > MAX_BYTES:
        raise RemoteRefused(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data
