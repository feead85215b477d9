"""Issue 18: a generated package people can ship — pyproject.toml that builds and installs, README.md
and api.md, credentials named from the spec, the status_url waiter only where the spec has one, and
no trace of the default API in other SDKs."""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.config import Config, config_from_table
from generator.findings import ApigenError
from generator.pipeline import check, generate, write
from tests.execution.recording_server import Answer, RecordingServer
from tests.golden.cases import CASES, CORPUS
from tests.package_files import models_text

REPO = Path(__file__).resolve().parents[2]

# A spec whose only security scheme is an API key in a header, required everywhere but /health.
API_KEY_SPEC = """\
openapi: 3.0.3
info: {title: Acme Widgets API, version: "2024-06-01"}
servers: [{url: "https://api.acme.test/v1"}]
security: [{ApiKeyAuth: []}]
components:
  securitySchemes:
    ApiKeyAuth: {type: apiKey, in: header, name: X-API-Key}
  schemas:
    Widget:
      type: object
      required: [id]
      properties: {id: {type: string}, name: {type: string}}
paths:
  /widgets/{widget_id}:
    get:
      operationId: getWidget
      tags: [widgets]
      parameters: [{name: widget_id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: the widget
          content: {application/json: {schema: {$ref: "#/components/schemas/Widget"}}}
  /health:
    get:
      operationId: health
      tags: [health]
      security: []
      responses: {"204": {description: up}}
"""


def _generate(spec: Path, out: Path, **config: Any) -> Path:
    cfg = Config(spec=str(spec), output=str(out), **config)
    return write(generate(spec, cfg), cfg)


def _import_fresh(root: Path, package: str) -> Any:
    for name in list(sys.modules):
        if name == package or name.startswith(package + "."):
            del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(root))


@pytest.fixture(scope="module")
def widgets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    root = tmp_path_factory.mktemp("widgets")
    spec = root / "widgets.yaml"
    spec.write_text(API_KEY_SPEC)
    _generate(spec, root / "out", package="acme_widgets", server=False)
    yield _import_fresh(root / "out", "acme_widgets"), root / "out"
    for name in list(sys.modules):
        if name.startswith("acme_widgets"):
            del sys.modules[name]


def _widget_server() -> RecordingServer:
    def respond(rec: Any) -> Answer:
        if rec.path == "/health":
            return Answer(204)
        return Answer(200, {"id": rec.path.rsplit("/", 1)[-1], "name": "w"})

    return RecordingServer(respond)


# ---- the wheel ---------------------------------------------------------------------------------
def test_wheel_builds_installs_and_calls_a_loopback_server(tmp_path: Path) -> None:
    """A corpus spec's package built with `pip wheel` (offline: setuptools is already installed),
    installed with pip into a fresh folder and used from another interpreter."""
    out = tmp_path / "project"
    _generate(CORPUS / "oai-petstore-expanded.yaml", out, package="petstore", server=False)
    meta = tomllib.loads((out / "pyproject.toml").read_text())
    assert meta["project"]["name"] == "petstore" and meta["project"]["version"] == "1.0.0"
    assert any(d.startswith("httpx") for d in meta["project"]["dependencies"])
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("petstore-1.0.0-py3-none-any.whl")
    site = tmp_path / "site"
    install = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert install.returncode == 0, install.stderr
    installed = site / "petstore"
    assert (installed / "py.typed").is_file() and (installed / "_runtime" / "_auth.py").is_file()
    assert not (installed / ".apigen-manifest.json").exists()
    script = (
        "import sys, petstore\n"
        "assert petstore.__file__.startswith(sys.argv[2]), petstore.__file__\n"
        "client = petstore.Client(base_url=sys.argv[1], max_retries=0)\n"
        "pets = client.pets.list(limit=2)\n"
        "print([p.name for p in pets])\n"
    )
    with RecordingServer(lambda rec: Answer(200, [{"id": 1, "name": "Rex"}])) as server:
        env = {**os.environ, "PYTHONPATH": str(site)}
        run = subprocess.run(
            [sys.executable, "-c", script, server.url, str(site)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            cwd=tmp_path,
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "['Rex']"
        [request] = server.requests
        assert (request.method, request.path, request.query) == ("GET", "/pets", {"limit": ["2"]})


def test_meta_none_writes_the_bare_package(tmp_path: Path) -> None:
    _generate(CORPUS / "oai-petstore-expanded.yaml", tmp_path, package="petstore", meta="none")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["petstore"]


def test_meta_files_never_overwrite_a_file_apigen_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n')
    spec = CORPUS / "oai-petstore-expanded.yaml"
    code = main(["generate", str(spec), "-o", str(tmp_path), "-p", "petstore"])
    assert code == 2
    assert (tmp_path / "pyproject.toml").read_text() == '[project]\nname = "mine"\n'
    assert not (tmp_path / "petstore").exists()
    # Another package's distribution files in the same folder are not taken over either.
    other = tmp_path / "other"
    _generate(spec, other, package="petstore")
    with pytest.raises(ApigenError, match="not written by apigen for the package 'pets'"):
        _generate(spec, other, package="pets")


def test_check_sees_an_edited_readme(tmp_path: Path) -> None:
    spec = CORPUS / "oai-petstore-expanded.yaml"
    config = Config(spec=str(spec), output=str(tmp_path), package="petstore", server=False)
    write(generate(spec, config), config)
    assert not check(spec, config).drift
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text() + "edited\n")
    result = check(spec, config)
    assert result.drift and any("README.md" in d for d in result.diffs)


def test_meta_and_waiter_config_is_checked() -> None:
    for table, word in (
        ({"meta": "poetry"}, "meta"),
        ({"waiter": "maybe"}, "waiter"),
        ({"bearer_argument": "secret"}, "bearer_argument"),
        ({"env_prefix": "MY-API"}, "env_prefix"),
        ({"auth": {"ApiKeyAuth": {"env": "1BAD"}}}, "env"),
        ({"auth": {"ApiKeyAuth": {"header": "x"}}}, "argument and env"),
        ({"exception_aliases": {"ApiError": 3}}, "exception_aliases"),
    ):
        with pytest.raises(ApigenError) as info:
            config_from_table(table)
        assert word in str(info.value.findings.errors[0].message)


def test_version_from_a_date_and_a_warning_when_not_pep440(tmp_path: Path) -> None:
    spec = tmp_path / "widgets.yaml"
    spec.write_text(API_KEY_SPEC)
    gen = generate(spec, Config(spec=str(spec), output=str(tmp_path / "a"), package="w"))
    assert 'version = "2024.6.1"' in gen.meta["pyproject.toml"]
    spec.write_text(API_KEY_SPEC.replace('version: "2024-06-01"', "version: latest-and-greatest"))
    gen = generate(spec, Config(spec=str(spec), output=str(tmp_path / "b"), package="w"))
    assert 'version = "0.0.0"' in gen.meta["pyproject.toml"]
    assert any(f.code == "meta-version" for f in gen.findings.warnings)


# ---- README.md and api.md --------------------------------------------------------------------------
def _public_methods(package: Path) -> list[tuple[str, str]]:
    found = []
    for module in sorted((package / "resources").glob("*.py")):
        if module.name == "__init__.py":
            continue
        tree = ast.parse(module.read_text())
        for cls in tree.body:
            if not isinstance(cls, ast.ClassDef) or cls.name.startswith("Async"):
                continue
            if cls.name.endswith(("WithRawResponse", "WithStreamingResponse")):
                continue
            for node in cls.body:
                if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                    if any(
                        isinstance(d, ast.Name) and d.id == "cached_property"
                        for d in node.decorator_list
                    ):
                        continue
                    found.append((module.stem, node.name))
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_public_method_and_model_is_in_api_md(case: Any) -> None:
    tree = case.tree
    api_md = (tree / "api.md").read_text()
    [package] = [p for p in tree.iterdir() if p.is_dir()]
    methods = _public_methods(package)
    assert methods
    # a nested resource's module is its accessor with dots as underscores (`store.order`)
    listed = {
        (accessor.replace(".", "_"), method)
        for accessor, method in re.findall(r"`client\.([\w.]+)\.(\w+)\(", api_md)
    }
    # (a parent renamed for a collision, `auth_2.token_with_cookie`, keeps its module's name)
    leaves = {(a.rsplit("_", 1)[-1], m) for a, m in listed}
    missing = [
        f"{r}.{m}"
        for r, m in methods
        if (r, m) not in listed and not any(r.endswith(a) and m == lm for a, lm in leaves)
    ]
    assert not missing, f"not in {case.name}/api.md: {missing}"
    models = ast.parse(models_text(package))
    classes = [n.name for n in models.body if isinstance(n, ast.ClassDef)]
    assert [c for c in classes if f"### Model {c}\n" not in api_md] == []
    readme = (tree / "README.md").read_text()
    assert "(api.md)" in readme and f"from {package.name} import Client" in readme


def test_readme_has_one_example_per_resource_and_is_deterministic(tmp_path: Path) -> None:
    spec = CORPUS / "swagger-petstore-v3.yaml"
    first = generate(spec, Config(spec=str(spec), output=str(tmp_path), package="pv3"))
    again = generate(spec, Config(spec=str(spec), output=str(tmp_path), package="pv3"))
    assert first.meta == again.meta
    assert 'version = "1.0.27.dev0"' in first.meta["pyproject.toml"]  # info.version 1.0.27-SNAPSHOT
    readme = first.meta["README.md"]
    for resource in first.api.resources:
        if resource.operations:  # `store` only groups `store.order` and `store.inventory`
            assert f"{resource.name}_result = client.{resource.dotted}." in readme
    # petstore v3: an OAuth2 scheme (token=) and an apiKey scheme named api_key.
    assert 'Client(token="...")' in readme and "`PETSTORE_API_KEY`" in readme
    for section in ("## Installation", "## Pagination", "## Errors", "## Retries", "## Timeouts"):
        assert section in readme or (section == "## Pagination" and not _paginated(first))
    assert "## Raw responses" in readme and "## Waiting for jobs" not in readme


def _paginated(gen: Any) -> bool:
    return any(op.pagination for op in gen.api.operations)


def test_spec_text_is_escaped_in_markdown(tmp_path: Path) -> None:
    hostile = API_KEY_SPEC.replace(
        "title: Acme Widgets API",
        'title: "Acme <img src=x onerror=alert(1)> [click](javascript:alert(1)) ``` # x"',
    ).replace(
        "operationId: getWidget", 'operationId: getWidget\n      summary: "a\\n# Owned\\n```"'
    )
    spec = tmp_path / "hostile.yaml"
    spec.write_text(hostile)
    gen = generate(spec, Config(spec=str(spec), output=str(tmp_path), package="w", server=False))
    for name in ("README.md", "api.md"):
        text = gen.meta[name]
        assert not re.search(r"(?<!\\)<img", text), name  # `\<img`: a literal `<`, not HTML
        assert not re.search(r"(?<!\\)\]\(javascript", text), name  # no link
        assert "\n# Owned" not in text and "```\n" not in text.split("## Installation")[0]
    assert "\\<img src=x onerror=alert(1)\\>" in gen.meta["README.md"]
    pyproject = tomllib.loads(gen.meta["pyproject.toml"])
    assert pyproject["project"]["description"].startswith("Acme <img")


# ---- credentials ---------------------------------------------------------------------------------
def test_api_key_is_read_from_the_env_var_named_after_the_title(
    widgets: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk, _ = widgets
    monkeypatch.setenv("ACME_API_KEY", "k-from-env")
    with _widget_server() as server:
        client = sdk.Client(base_url=server.url, max_retries=0)
        assert client.widgets.retrieve("w1").id == "w1"
        [request] = server.requests
        assert request.headers["x-api-key"] == "k-from-env"
        client.with_options(max_retries=0)  # constructor argument wins over the environment
        sdk.Client(base_url=server.url, api_key="k-arg").widgets.retrieve("w2")
        assert server.requests[-1].headers["x-api-key"] == "k-arg"


def test_configured_env_var_and_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "widgets.yaml"
    spec.write_text(API_KEY_SPEC)
    config = config_from_table(
        {"auth": {"ApiKeyAuth": {"argument": "widget_key", "env": "WIDGETS_SECRET"}}}
    )
    _generate(spec, tmp_path / "out", package="cfg_widgets", server=False, auth=config.auth)
    sdk = _import_fresh(tmp_path / "out", "cfg_widgets")
    monkeypatch.setenv("WIDGETS_SECRET", "s3")
    monkeypatch.setenv("ACME_API_KEY", "not-this-one")
    with _widget_server() as server:
        sdk.Client(base_url=server.url).widgets.retrieve("w1")
        assert server.requests[0].headers["x-api-key"] == "s3"
        sdk.Client(base_url=server.url, widget_key="arg").widgets.retrieve("w1")
        assert server.requests[1].headers["x-api-key"] == "arg"


def test_missing_credentials_raise_before_any_request(
    widgets: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk, _ = widgets
    monkeypatch.delenv("ACME_API_KEY", raising=False)
    with _widget_server() as server:
        client = sdk.Client(base_url=server.url, max_retries=0)
        with pytest.raises(sdk.MissingCredentialsError) as info:
            client.widgets.retrieve("w1")
        message = str(info.value)
        assert "GET /widgets/{widget_id}" in message and "api_key=" in message
        assert "ACME_API_KEY" in message and "require_auth=False" in message
        assert server.requests == []  # nothing went out
        client.health.retrieve()  # `security: []`: no credentials needed
        assert [r.path for r in server.requests] == ["/health"]
        # Opting out sends the request without credentials; so do credentials given another way.
        sdk.Client(base_url=server.url, require_auth=False).widgets.retrieve("w1")
        assert "x-api-key" not in server.requests[-1].headers
        sdk.Client(base_url=server.url, default_headers={"X-API-Key": "h"}).widgets.retrieve("w2")
        assert server.requests[-1].headers["x-api-key"] == "h"


def test_missing_credentials_async(
    widgets: tuple[Any, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    sdk, _ = widgets
    monkeypatch.delenv("ACME_API_KEY", raising=False)

    async def run(url: str) -> None:
        async with sdk.AsyncClient(base_url=url, max_retries=0) as client:
            with pytest.raises(sdk.MissingCredentialsError):
                await client.widgets.retrieve("w1")

    with _widget_server() as server:
        asyncio.run(run(server.url))
        assert server.requests == []


def test_bearer_is_api_key_and_env_from_the_title(tmp_path: Path) -> None:
    spec = tmp_path / "openai.yaml"
    spec.write_text(
        API_KEY_SPEC.replace("title: Acme Widgets API", "title: OpenAI API").replace(
            "ApiKeyAuth: {type: apiKey, in: header, name: X-API-Key}",
            "ApiKeyAuth: {type: http, scheme: bearer}",
        )
    )
    gen = generate(spec, Config(spec=str(spec), output=str(tmp_path), package="oa", meta="none"))
    client = gen.files["_client.py"].decode()
    assert "api_key: str | Callable[[], str] | None = None" in client
    assert (
        'os.environ.get("OPENAI_API_KEY")' in client
        and 'os.environ.get("OPENAI_BASE_URL")' in client
    )
    token = generate(
        spec,
        Config(
            spec=str(spec), output=str(tmp_path), package="oa", meta="none", bearer_argument="token"
        ),
    )
    assert 'os.environ.get("OPENAI_TOKEN")' in token.files["_client.py"].decode()


def test_unsupported_required_scheme_warns_at_generation(tmp_path: Path) -> None:
    spec = tmp_path / "mtls.yaml"
    spec.write_text(
        API_KEY_SPEC.replace(
            "ApiKeyAuth: {type: apiKey, in: header, name: X-API-Key}",
            "ApiKeyAuth: {type: mutualTLS}",
        ).replace("openapi: 3.0.3", "openapi: 3.1.0")
    )
    gen = generate(spec, Config(spec=str(spec), output=str(tmp_path), package="m", meta="none"))
    [warning] = [f for f in gen.findings.warnings if f.code == "auth-unsupported"]
    assert "ApiKeyAuth" in warning.message and warning.location.line > 0


# ---- the default API's conventions, and only there --------------------------------------------------
def test_default_package_keeps_its_conventions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed = REPO / "generated" / "ocpplab"
    init = (committed / "__init__.py").read_text()
    for name in ("ApiError", "JobStatus", "JobFailedError", "WaiterTimeoutError"):
        assert f'"{name}"' in init
    assert "ApiError = APIStatusError" in init
    client = (committed / "_client.py").read_text()
    assert "token: str | Callable[[], str] | None = None" in client
    assert 'os.environ.get("OCPPLAB_TOKEN")' in client and "SyncWaiterClient" in client
    assert (committed / "_runtime" / "waiter.py").is_file()


CORPUS_SPECS = (
    "oai-petstore-expanded.yaml",
    "redocly-museum-3.1.yaml",
    "oai-api-with-examples.yaml",
)


def _no_default_api_traces(spec: Path, out: Path) -> None:
    folder = _generate(spec, out, package="sdk")
    hits = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and "ocpplab" in path.read_text(errors="replace").lower():
            hits.append(str(path.relative_to(out)))
    assert hits == [], f"{spec.name}: ocpplab in {hits}"
    init = (folder / "__init__.py").read_text()
    assert "JobStatus" not in init and "ApiError" not in init
    assert not (folder / "_runtime" / "waiter.py").exists()
    assert "poll_status_url" not in (folder / "_client.py").read_text()


@pytest.mark.parametrize("name", CORPUS_SPECS)
def test_no_trace_of_the_default_api(name: str, tmp_path: Path) -> None:
    _no_default_api_traces(CORPUS / name, tmp_path)


def _corpus_specs(groups: tuple[str, ...]) -> list[str]:
    rows = (CORPUS / "MANIFEST.tsv").read_text().splitlines()
    header = rows[0].split("\t")
    names = []
    for row in rows[1:]:
        cells = dict(zip(header, row.split("\t")))
        if cells.get("group") in groups:
            names.append(cells["file"])
    return names


@pytest.mark.slow
@pytest.mark.parametrize("name", _corpus_specs(("tiny", "small")))
def test_no_trace_of_the_default_api_corpus(name: str, tmp_path: Path) -> None:
    try:
        _no_default_api_traces(CORPUS / name, tmp_path)
    except ApigenError:
        pytest.skip(f"{name} does not generate without configuration")


def test_waiter_on_and_off(tmp_path: Path) -> None:
    spec = CORPUS / "oai-petstore-expanded.yaml"
    on = _generate(spec, tmp_path / "on", package="p", waiter="on", meta="none", server=False)
    assert (on / "_runtime" / "waiter.py").is_file()
    assert "JobStatus" in (on / "__init__.py").read_text()
    default = REPO / "spec" / "ocpplab-gateway.yaml"
    off = generate(
        default, Config(output=str(tmp_path / "off"), package="o", waiter="off", meta="none")
    )
    assert "_runtime/waiter.py" not in off.files
    assert b"_and_poll" not in b"".join(off.files.values())


def test_manifest_records_meta_files(widgets: tuple[Any, Path]) -> None:
    _, out = widgets
    manifest = json.loads((out / "acme_widgets" / ".apigen-manifest.json").read_text())
    assert sorted(manifest["meta_files"]) == ["README.md", "api.md", "pyproject.toml"]
    assert all(not name.startswith("..") for name in manifest["files"])
