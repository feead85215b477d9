"""Walls of the runtime package: imports, public names, black, mypy --strict."""

from __future__ import annotations

import ast
import dataclasses
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import RUNTIME_SRC

ALLOWED_THIRD_PARTY = {"httpx", "pydantic"}

PUBLIC = """
SyncAPIClient AsyncAPIClient AuthSettings ApiKey DEFAULT_TIMEOUT DEFAULT_MAX_RETRIES
DEFAULT_INITIAL_RETRY_DELAY DEFAULT_MAX_RETRY_DELAY DEFAULT_MAX_RESPONSE_SIZE TOTAL_TIMEOUT_FACTOR
MAX_REDIRECTS Omit omit NotGiven NOT_GIVEN Timeout Headers
Query Body FileContent RequestOptions TypeOf APIError APIStatusError BadRequestError AuthenticationError PermissionDeniedError
NotFoundError ConflictError UnprocessableEntityError RateLimitError InternalServerError
ServiceUnavailableError UnauthorizedError ForbiddenError APIConnectionError
APITimeoutError APIResponseValidationError APIResponseTooLargeError APIRedirectError MissingCredentialsError RequestValidationError make_status_error
APIResponse to_raw_response_wrapper async_to_raw_response_wrapper encode_body body_part parse_data
construct_type to_jsonable PageSpec SyncPage AsyncPage AsyncPaginator
lazy_module Stream AsyncStream ServerSentEvent APIStreamError StreamedAPIResponse
AsyncStreamedAPIResponse to_streamed_response_wrapper async_to_streamed_response_wrapper
""".split()


def _modules() -> list[Path]:
    return sorted(RUNTIME_SRC.glob("*.py"))


def test_modules_split_by_concern() -> None:
    names = {p.name for p in _modules()}
    assert {
        "__init__.py",
        "_types.py",
        "_exceptions.py",
        "_base_client.py",
        "_response.py",
        "_parse.py",
        "pagination.py",
        "waiter.py",
        "_logging.py",
        "_lazy.py",
    } <= names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_imports_only_stdlib_httpx_pydantic_and_relative(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 0:
                assert node.level == 1, f"{path.name}: only same-package relative imports"
                continue
            roots = [(node.module or "").split(".")[0]]
        else:
            continue
        for root in roots:
            assert (
                root in sys.stdlib_module_names or root in ALLOWED_THIRD_PARTY
            ), f"{path.name} imports {root}"


def test_public_names(rt: Any) -> None:
    assert sorted(rt.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(rt, name), name


def test_call_options_extend_request_options(rt: Any) -> None:
    """The runtime's per-call options are a call's ``RequestOptions`` plus only what the runtime
    sets (one definition of the request fields), and neither is mutated once built."""
    options_class = rt._base_client._Options
    assert issubclass(options_class, rt.RequestOptions)
    request_fields = [f.name for f in dataclasses.fields(rt.RequestOptions)]
    call_fields = [f.name for f in dataclasses.fields(options_class)]
    assert call_fields == [*request_fields, "response_type", "stream"]
    assert set(options_class.__annotations__) == {"response_type", "stream"}
    given = rt.RequestOptions(method="GET", path="/a", headers={"X-A": "1"})
    call = rt._base_client._call(given, rt.TypeOf[int | str], response_kind="text")
    assert (call.method, call.path, call.headers) == ("GET", "/a", {"X-A": "1"})
    assert (call.response_type, call.response_kind, call.stream) == (int | str, "text", False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        call.stream = True


def _tool(name: str) -> list[str]:
    exe = Path(sys.executable).with_name(name)
    if exe.exists():
        return [str(exe)]
    if shutil.which(name):
        return [name]
    pytest.skip(f"{name} is not installed")


def test_black_clean() -> None:
    result = subprocess.run(
        [*_tool("black"), "--check", "-q", "-l", "100", str(RUNTIME_SRC)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_a_vendored_copy(tmp_path: Path) -> None:
    pkg = tmp_path / "vendored_sdk"
    shutil.copytree(RUNTIME_SRC, pkg / "_runtime", ignore=shutil.ignore_patterns("__pycache__"))
    (pkg / "__init__.py").write_text("")
    # a cache outside the repo keeps httpx/pydantic/stdlib analysis between runs
    cache = Path(tempfile.gettempdir()) / "apigen-runtime-mypy-cache"
    result = subprocess.run(
        [*_tool("mypy"), "--strict", "--cache-dir", str(cache), "vendored_sdk/_runtime"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
