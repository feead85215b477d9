"""Helpers for the runtime tests: sleep recorders and a sync/async flavour runner."""

from __future__ import annotations

import asyncio
import inspect
import ssl
from types import ModuleType
from typing import Any

import httpx

from .faulty_server import FaultyServer


class SleepRecorder:
    """Replaces a sync client's ``_sleep``: records the waits without sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class AsyncSleepRecorder:
    """Replaces an async client's ``_sleep``: records the waits without sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


FAST_RETRIES = {"initial_retry_delay": 0.001, "max_retry_delay": 0.004}

# Building an httpx client loads the CA bundle (~50 ms); tests share one SSL context.
_SSL_CONTEXT = ssl.create_default_context()


class Flavor:
    """One of "sync" / "async": builds the matching client and runs its calls to completion.

    ``run(x)`` returns ``x`` for the sync client and awaits it on a private event loop for
    the async one, so one test body exercises both.
    """

    def __init__(self, name: str, rt: ModuleType, server: FaultyServer) -> None:
        self.name = name
        self.is_async = name == "async"
        self.rt = rt
        self.server = server
        self._loop = asyncio.new_event_loop() if self.is_async else None
        self._clients: list[Any] = []
        self._http_clients: list[Any] = []

    def client(
        self,
        *,
        record_sleeps: bool = True,
        default_http_client: bool = False,
        client_class: Any = None,
        **kwargs: Any,
    ) -> Any:
        """A client for the server; ``default_http_client=True`` lets the runtime build its
        own httpx client (slower), otherwise a cheap one is passed in."""
        kwargs.setdefault("auth", self.rt.AuthSettings(bearer="tok"))
        if not default_http_client and "http_client" not in kwargs:
            http_cls = httpx.AsyncClient if self.is_async else httpx.Client
            http_client = http_cls(verify=_SSL_CONTEXT, follow_redirects=True)
            self._http_clients.append(http_client)
            kwargs["http_client"] = http_client
        for key, value in FAST_RETRIES.items():
            kwargs.setdefault(key, value)
        kwargs.setdefault("base_url", self.server.url)
        cls = client_class or (self.rt.AsyncAPIClient if self.is_async else self.rt.SyncAPIClient)
        client = cls(**kwargs)
        if record_sleeps:
            client._sleep = AsyncSleepRecorder() if self.is_async else SleepRecorder()
        self._clients.append(client)
        return client

    def run(self, value: Any) -> Any:
        if self._loop is not None and inspect.isawaitable(value):
            return self._loop.run_until_complete(_await(value))
        return value

    def items(self, page_or_paginator: Any) -> list[Any]:
        """Every item, auto-paginating."""
        if self._loop is None:
            return list(page_or_paginator)
        return self._loop.run_until_complete(_collect(page_or_paginator))

    def pages(self, page: Any) -> list[Any]:
        if self._loop is None:
            return list(page.iter_pages())
        return self._loop.run_until_complete(_collect(page.iter_pages()))

    def close(self) -> None:
        for client in self._clients:
            self.run(client.close())
        for http_client in self._http_clients:
            self.run(http_client.aclose() if self.is_async else http_client.close())
        if self._loop is not None:
            self._loop.close()


async def _await(value: Any) -> Any:
    return await value


async def _collect(aiterable: Any) -> list[Any]:
    return [item async for item in aiterable]


def _options(client: Any, method: str, path: str, kwargs: dict[str, Any]) -> Any:
    """`RequestOptions(method=..., path=..., **kwargs)` of the runtime `client` comes from."""
    base = next(
        c for c in type(client).__mro__ if c.__name__ in ("SyncAPIClient", "AsyncAPIClient")
    )
    runtime = inspect.getmodule(base)
    assert runtime is not None
    return runtime.RequestOptions(method=method, path=path, **kwargs)


def call_request(
    client: Any, method: str, path: str, *, response_type: Any = None, **kwargs: Any
) -> Any:
    """`client.request(response_type, RequestOptions(method, path, ...))`, keyword style."""
    return client.request(response_type, _options(client, method, path, kwargs))


def call_page(
    client: Any,
    method: str,
    path: str,
    *,
    page: Any,
    item_type: Any,
    response_type: Any = None,
    **kwargs: Any,
) -> Any:
    """`client.request_page(...)` with the options given as keywords."""
    return client.request_page(
        response_type, _options(client, method, path, kwargs), page=page, item_type=item_type
    )


def call_stream(client: Any, method: str, path: str, *, event_type: Any, **kwargs: Any) -> Any:
    """`client.request_stream(...)` with the options given as keywords."""
    return client.request_stream(_options(client, method, path, kwargs), event_type=event_type)
