"""Tier 3: every operation of the OCPPLab spec (57) and of the Swagger petstore v3, called through the
generated client (strict mode: responses must parse into their models) against Prism, which
validates each request against the spec and answers from it. No request-validation error allowed."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.config import Config, load_config
from generator.ir.model import Api, Operation
from generator.pipeline import generate, write
from tests.package_files import resource_of

from .prism import PRISM, prism_mock
from .sample_values import sample

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(not PRISM.exists(), reason="Prism not installed: run `make prism`")


def _resolver(document: dict[str, Any]):  # type: ignore[no-untyped-def]
    def resolve(ref: str) -> Any:
        node: Any = document
        for token in ref.lstrip("#/").split("/"):
            key = token.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node

    return resolve


def _pointer(document: dict[str, Any], pointer: str) -> Any:
    return _resolver(document)("#" + pointer)


def _arguments(op: Operation, document: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    resolve = _resolver(document)
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param in op.parameters:
        raw = _pointer(document, param.pointer)
        if "$ref" in raw:
            raw = resolve(raw["$ref"])
        value = sample(raw.get("schema", {}), resolve)
        if param.location == "path":
            args.append(value)
        elif param.required:
            kwargs[param.name] = value
    if op.body is not None:
        media = _pointer(document, op.body.pointer)
        if "$ref" in media:
            media = resolve(media["$ref"])
        schema = media["content"][str(op.body.media_type)].get("schema", {})
        value = sample(schema, resolve)
        if op.body.flattened:
            by_wire = {str(f.wire_name): f.name for f in op.body.fields}
            for key, item in (value or {}).items():
                kwargs[by_wire[key]] = item
        elif op.body.required or value:
            kwargs["body"] = value
    return args, kwargs


def _client_package(spec: Path, package: str, root: Path, config: Config) -> Any:
    config = config.with_overrides(spec=str(spec), output=str(root), package=package)
    config = Config(**{**config.__dict__, "server": False, "meta": "none"})
    gen = generate(spec, config)
    write(gen, config)
    return gen


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("prism-clients")
    project = load_config(REPO / "pyproject.toml")
    gens = {
        "ocpplab": (
            _client_package(REPO / "spec" / "ocpplab-gateway.yaml", "prism_ocpplab", root, project),
            REPO / "spec" / "ocpplab-gateway.yaml",
        ),
        "petstore": (
            _client_package(CORPUS / "swagger-petstore-v3.yaml", "prism_petstore", root, Config()),
            CORPUS / "swagger-petstore-v3.yaml",
        ),
    }
    sys.path.insert(0, str(root))
    yield {
        name: (importlib.import_module(gen.api.package), gen, spec)
        for name, (gen, spec) in gens.items()
    }
    sys.path.remove(str(root))


def _call_all(sdk: Any, api: Api, document: dict[str, Any], base_url: str) -> list[str]:
    problems: list[str] = []
    client = sdk.Client(base_url=base_url, token="test-token", strict=True, max_retries=0)
    if hasattr(sdk.Client, "__init__") and "api_key" in sdk.Client.__init__.__code__.co_varnames:
        client = sdk.Client(
            base_url=base_url, token="test-token", api_key="special-key", strict=True, max_retries=0
        )
    for resource in api.resources:
        for op in resource.operations:
            args, kwargs = _arguments(op, document)
            where = str(getattr(resource, "dotted", resource.name))  # nested: `store.order`
            method = getattr(resource_of(client, where), op.method_name)
            label = f"{op.http_method.upper()} {op.path} ({resource.name}.{op.method_name})"
            try:
                result = method(*args, **kwargs)
                if op.pagination is not None:
                    result.response  # the first page parsed into its model
            except sdk.APIStatusError as exc:
                problems.append(f"{label}: HTTP {exc.status_code}: {str(exc.body)[:300]}")
            except Exception as exc:  # a parse failure in strict mode, a connection error, ...
                problems.append(f"{label}: {type(exc).__name__}: {str(exc)[:300]}")
    return problems


@pytest.mark.prism
@pytest.mark.parametrize("name", ["ocpplab", "petstore"])
def test_every_operation_against_prism(packages: dict[str, Any], name: str, tmp_path: Path) -> None:
    sdk, gen, spec = packages[name]
    if name == "ocpplab":
        assert len(gen.api.operations) == 57
    with prism_mock(spec, tmp_path / "prism.log") as url:
        problems = _call_all(sdk, gen.api, gen.spec.document, url)
    log = (tmp_path / "prism.log").read_text(errors="replace")
    assert not problems, "\n".join(problems)
    violations = [
        line
        for line in log.splitlines()
        if "Request did not pass the validation rules" in line
        or ("violation" in line.lower() and "error" in line.lower())
    ]
    assert not violations, "\n".join(violations[:50])
