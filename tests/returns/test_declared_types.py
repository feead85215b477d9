"""Every generated method returns what the server sends, typed (issue 12).

For every operation of a spec whose success response is typed with models: the generated method's
declared return annotation is the type the IR gave its response schema (the class that schema
became, checked against models.py by the pipeline's invariant), and a payload made from the response
schema, served by a loopback server, comes back through the generated client as an instance of that
class: not a dict, not another member of a union.

Bounded here (a fixture and a few small corpus specs); the whole corpus under `make test-slow`.
"""

from __future__ import annotations

import types
import typing
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator.findings import ApigenError
from generator.ir.model import Operation
from generator.report import coverage

from .harness import Generated, call_operation, declared_return, generate_package, unload

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parents[1].parent / "shared" / "corpus"
TRAIN = HERE / "fixtures" / "train-booking-3.1.yaml"
BOUNDED = ["oai-petstore.yaml", "swagger-petstore-v3.yaml", "redocly-museum-3.1.yaml"]
# application/scim+json only; 3.1 contentEncoding binary uploads (Stripe's customers: in
# test_stripe_customers.py, on the package its module generates once)
FIXTURES = ["scim-users.yaml", "uploads-3.1.yaml"]


def _main_corpus() -> list[str]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    rows = [line.split("\t") for line in manifest.read_text().splitlines()[1:] if line.strip()]
    return sorted(row[2] for row in rows if len(row) > 2 and row[1] != "peer-fixture")


@dataclass
class Tally:
    checked: int = 0
    lenient: list[str] = field(default_factory=list)  # strict refused the made payload
    failures: list[str] = field(default_factory=list)


def _module_type(gen: Generated, annotation: str) -> Any:
    namespace = {"models": gen.package.models, "Any": Any, "Literal": typing.Literal}
    return eval(annotation, namespace)  # an IR annotation: identifiers, builtins and `|` only


def _conforms(value: Any, tp: Any) -> bool:
    """Whether `value` is what `tp` declares: an instance of the model class where one is declared
    (not a dict, not another member of a union), a list of them where a list is."""
    origin = typing.get_origin(tp)
    if origin is list:
        item = (typing.get_args(tp) or (Any,))[0]
        return isinstance(value, list) and all(_conforms(v, item) for v in value)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, a) for a in typing.get_args(tp))
    if tp is None or tp is type(None):
        return value is None
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(tp, type):
        return isinstance(value, tp)
    if origin is dict:
        return isinstance(value, dict)
    return True  # Any, Literal[...]


def _without_streams(tp: Any) -> Any:
    """A streaming method's declared return without its `Stream[...]` member (the call the test
    makes does not ask for the stream)."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return tp
    kept = [
        a
        for a in typing.get_args(tp)
        if getattr(typing.get_origin(a), "__name__", "") not in ("Stream", "AsyncStream")
    ]
    return typing.Union[tuple(kept)]


def _payload_checks(gen: Generated, op: Operation, tally: Tally) -> None:
    from tests.execution.sample_values import sample

    ok = op.success
    if ok is None or ok.type is None or not ok.type.model_refs or op.pagination is not None:
        return
    if ok.type.annotation in ("str", "bytes") or not ok.media_type:
        return
    label = f"{op.http_method.upper()} {op.path}"
    expected = _module_type(gen, ok.type.annotation)
    declared = declared_return(gen, op)
    if op.streaming is not None:
        if not op.streaming.flag:
            return  # always a stream of events: the streaming tests' business
        declared = _without_streams(declared)
    if declared != expected:
        tally.failures.append(f"{label}: declared {declared!r}, its schema became {expected!r}")
        return
    content = gen.at(ok.pointer).get("content") or {}
    if "$ref" in gen.at(ok.pointer):
        content = gen.resolve(gen.at(ok.pointer)["$ref"]).get("content") or {}
    schema = (content.get(str(ok.media_type)) or {}).get("schema", {})
    payload = sample(schema, gen.resolve)
    status = int(ok.status) if ok.status.isdigit() else 200
    try:
        result, _ = call_operation(gen, op, payload, status=status, content_type=str(ok.media_type))
    except Exception as exc:  # strict refused what `sample` made (a pattern it cannot honour)
        tally.lenient.append(f"{label}: {type(exc).__name__}: {str(exc)[:300]}")
        try:
            result, _ = call_operation(
                gen, op, payload, status=status, content_type=str(ok.media_type), strict=False
            )
        except Exception as lenient_exc:  # listed with the other failures, not raised
            tally.failures.append(f"{label}: {type(lenient_exc).__name__}: {lenient_exc}"[:800])
            return
    tally.checked += 1
    if not _conforms(result, expected):
        tally.failures.append(f"{label}: got {type(result).__name__}, declared {expected!r}")
        return
    # a union answered with a payload made from its first member comes back as that member
    members = schema.get("oneOf") or schema.get("anyOf") if isinstance(schema, dict) else None
    union = typing.get_origin(expected) in (typing.Union, types.UnionType)
    first_type = typing.get_args(expected)[0] if union else None
    if isinstance(members, list) and isinstance(first_type, type) and len(members) > 1:
        first = next((m for m in members if isinstance(m, dict) and "$ref" in m), None)
        if first is members[0] and type(result) is not first_type:
            tally.failures.append(
                f"{label}: a payload of {first_type.__name__} came back as {type(result).__name__}"
            )


def check_generated(gen: Generated) -> Tally:
    """Every operation of an imported generated package, answered with a made payload."""
    tally = Tally()
    for op in gen.api.operations:
        _payload_checks(gen, op, tally)
    return tally


def check_spec(spec: Path, root: Path, package: str) -> Tally:
    try:
        gen = generate_package(spec, root, package)
    except ApigenError:
        return Tally()  # refused with located errors: the corpus sweep's business
    try:
        return check_generated(gen)
    finally:
        unload(package)


def test_train_booking_allof_responses_are_models(tmp_path: Path) -> None:
    tally = check_spec(TRAIN, tmp_path, "train_booking")
    assert not tally.failures, tally.failures
    # create_booking, get_booking; get_bookings pages (`links.next`: a link pager, whose pages the
    # pagination tests check), so its answer is a page, not the declared model
    assert tally.checked == 2 and not tally.lenient


def test_train_booking_degraded_type_is_reported_with_pointer_and_reason(tmp_path: Path) -> None:
    from generator.config import Config
    from generator.pipeline import generate

    gen = generate(TRAIN, Config().with_overrides(spec=str(TRAIN), output=str(tmp_path)))
    report = coverage(gen.api, gen.spec.document, gen.models_source)
    assert (report.typed.total, report.typed.generated) == (6, 5)
    (item,) = report.typed.missing
    assert (
        item.pointer
        == "/paths/~1stations~1count/get/responses/200/content/application~1json/schema"
    )
    assert "allOf" in item.reason
    line = report.summary_lines()[0]
    assert "typed 5/6" in line and not line.startswith("coverage: 100.0%")
    assert any(
        entry.startswith("  typed as dict: response 200 response of GET /stations/count")
        for entry in report.summary_lines()
    )
    body = next(o for o in gen.api.operations if o.operation_id == "create_booking").body
    assert body is not None and body.type.annotation == "models.CreateBookingRequest"


@pytest.mark.parametrize("name", BOUNDED)
def test_small_specs_return_their_declared_classes(name: str, tmp_path: Path) -> None:
    spec = CORPUS / name
    if not spec.is_file():
        pytest.skip("the corpus is not there")
    tally = check_spec(spec, tmp_path, "decl_" + name.split(".")[0].replace("-", "_"))
    assert not tally.failures, tally.failures
    assert tally.checked > 0


@pytest.mark.parametrize("name", FIXTURES)
def test_fixtures_return_their_declared_classes(name: str, tmp_path: Path) -> None:
    tally = check_spec(HERE / "fixtures" / name, tmp_path, "decl_" + name.split("-")[0])
    assert not tally.failures, tally.failures
    assert tally.checked > 0 and not tally.lenient, tally.lenient


@pytest.mark.slow
@pytest.mark.parametrize("name", _main_corpus())
def test_corpus_returns_declared_classes(name: str, tmp_path: Path) -> None:
    package = "decl_" + "".join(c if c.isalnum() else "_" for c in name.rsplit(".", 1)[0])
    tally = check_spec(CORPUS / name, tmp_path, package)
    assert not tally.failures, tally.failures[:20]
    if tally.lenient:  # shown in the warnings summary: payloads only the lenient client took
        message = f"{name}: {len(tally.lenient)} parsed leniently: {tally.lenient[:10]}"
        warnings.warn(message, stacklevel=1)
