"""Generate a package from a spec, call its operations through the generated client against a
loopback server answering with payloads made from the response schemas, and say what came back.

    pkg = generate_package(spec_path, tmp_path, "stripe_customers")
    outcome = call_operation(pkg, op, payload)    # the parsed value the method returned
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import sys
import typing
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.config import Config
from generator.ir.model import Api, Operation
from generator.ir.schemas import unescape_pointer_token
from generator.pipeline import generate, write
from tests.execution.recording_server import Answer, Recorded, RecordingServer
from tests.execution.sample_values import sample
from tests.package_files import resource_of


@dataclass
class Generated:
    api: Api
    package: ModuleType
    document: dict[str, Any]

    def resolve(self, ref: str) -> Any:
        node: Any = self.document
        for token in ref[2:].split("/"):
            token = unescape_pointer_token(token)
            node = node[int(token)] if isinstance(node, list) else node.get(token, {})
        return node

    def at(self, pointer: str) -> Any:
        """The node at `pointer`, following the `$ref`s met on the way."""
        node: Any = self.document
        for token in pointer[1:].split("/") if pointer else []:
            for _ in range(20):
                if isinstance(node, dict) and isinstance(node.get("$ref"), str):
                    node = self.resolve(node["$ref"])
            token = unescape_pointer_token(token)
            node = node[int(token)] if isinstance(node, list) else node.get(token, {})
        return node

    def model(self, name: str) -> type:
        return getattr(self.package.models, name)  # type: ignore[no-any-return]


def generate_package(
    spec: Path, root: Path, package: str, config: Config | None = None
) -> Generated:
    """Generate `spec` as `package` under `root` and import it (fresh)."""
    config = (config or Config()).with_overrides(spec=str(spec), output=str(root), package=package)
    gen = generate(spec, config)
    write(gen, config)
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    for name in list(sys.modules):
        if name.split(".")[0] == package:
            del sys.modules[name]
    module = importlib.import_module(package)
    document = gen.spec.document
    return Generated(gen.api, module, document if isinstance(document, dict) else {})


def unload(package: str) -> None:
    for name in list(sys.modules):
        if name.split(".")[0] == package:
            del sys.modules[name]


def _resource_of(api: Api, op: Operation) -> str:
    """The resource's path on the client (`store.order` when resources nest)."""
    return next(str(getattr(r, "dotted", r.name)) for r in api.resources if op in r.operations)


def arguments(gen: Generated, op: Operation) -> tuple[list[Any], dict[str, Any]]:
    """Positional path arguments and required keyword arguments with sample values."""
    args = ["id_1" for _ in op.path_params]
    kwargs: dict[str, Any] = {}
    for p in op.parameters:
        if p.location != "path" and p.required:
            kwargs[str(p.name)] = sample(_schema_at(gen, p.pointer, "schema"), gen.resolve)
    if op.body is not None:
        if op.body.flattened:
            for f in op.body.fields:
                if f.required:
                    if f.type.annotation == "FileContent":
                        kwargs[str(f.name)] = b"file"
                    else:
                        kwargs[str(f.name)] = sample(gen.at(f.pointer), gen.resolve)
        elif op.body.required:
            if op.body.encoding == "binary":
                kwargs["body"] = b"bytes"
            elif op.body.encoding == "text":
                kwargs["body"] = "text"
            else:
                media = next(iter((gen.at(op.body.pointer).get("content") or {}).values()), {})
                kwargs["body"] = sample(media.get("schema", {}), gen.resolve)
    return args, kwargs


def _schema_at(gen: Generated, pointer: str, key: str) -> Any:
    node = gen.at(pointer)
    if isinstance(node, dict) and "$ref" in node:
        node = gen.resolve(node["$ref"])
    return node.get(key, {}) if isinstance(node, dict) else {}


def call_operation(
    gen: Generated,
    op: Operation,
    payload: object,
    *,
    status: int = 200,
    content_type: str = "application/json",
    strict: bool = True,
) -> tuple[Any, list[Recorded]]:
    """Call `op` through the generated sync client against a loopback server that answers
    `payload`; returns (what the method returned, the requests the server saw)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()

    def answer(_: Recorded) -> Answer:
        return Answer(status, body, {"Content-Type": content_type})

    args, kwargs = arguments(gen, op)
    with RecordingServer(answer) as server:
        client = make_client(gen, server.url, strict=strict)
        method = getattr(resource_of(client, _resource_of(gen.api, op)), str(op.method_name))
        result = method(*args, **kwargs)
        client.close()
    return result, server.requests


def method(gen: Generated, client: Any, operation_id: str) -> Any:
    """The bound method of `client` for the operation with that operationId: found through the IR,
    so the tests do not depend on how resources and methods are named."""
    op = next(o for o in gen.api.operations if o.operation_id == operation_id)
    return getattr(resource_of(client, _resource_of(gen.api, op)), str(op.method_name))


def make_client(gen: Generated, url: str, *, strict: bool = True) -> Any:
    """The generated sync client for `url`, with a token when it takes one."""
    cls = gen.package.Client
    accepted = inspect.signature(cls.__init__).parameters
    kwargs: dict[str, Any] = {"base_url": url, "strict": strict, "max_retries": 0}
    if "token" in accepted:
        kwargs["token"] = "tok"
    if "require_auth" in accepted:  # these tests are about types: no credentials needed
        kwargs["require_auth"] = False
    return cls(**kwargs)


def declared_return(gen: Generated, op: Operation) -> Any:
    """The return annotation of the generated sync method, evaluated."""
    resource = resource_of(make_client(gen, "http://127.0.0.1:9"), _resource_of(gen.api, op))
    method = getattr(type(resource), str(op.method_name))
    module = sys.modules[type(resource).__module__]
    # `os` for the runtime's FileContent alias (`os.PathLike`), which upload methods name
    hints = typing.get_type_hints(method, globalns={"os": os, **vars(module)})
    return hints["return"]
