"""The templates lay lines out as black does (generator/render/layout.py), so that black finds
nothing to change and formats a module in one pass instead of two. Two things must hold:

- the layout never changes the final output: black on a laid-out render is black on the flat
  render (a bracket exploded where black would not explode it would stay exploded: black keeps a
  magic trailing comma);
- on real specs the laid-out renders are black's fixpoint (that is the speed-up).
"""

from __future__ import annotations

import tokenize
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.format import format_source
from generator.pipeline import load_and_validate
from generator.render import layout
from generator.render.client import render_client
from generator.render.env import (
    pystr,
)  # string literals as the templates print them: black's quotes
from generator.render.server import render_server

REPO = Path(__file__).resolve().parents[2]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()


def _black(source: str) -> str:
    return format_source(source, "black", 100)


# -- real specs ----------------------------------------------------------------------------------

SPECS = [
    REPO / "spec" / "ocpplab-gateway.yaml",
    CORPUS / "swagger-petstore-v3.yaml",
    CORPUS / "redocly-museum-3.1.yaml",
    CORPUS / "twilio-messaging-v1.json",  # very long resource and method names
    CORPUS / "oai-webhook-example-3.1.yaml",  # no resources at all
    CORPUS / "oai-petstore-swagger2.yaml",
]


@pytest.mark.parametrize("spec_path", SPECS, ids=lambda p: p.name)
def test_laid_out_renders_are_blacks_output_and_change_nothing(spec_path: Path) -> None:
    if not spec_path.is_file():
        pytest.skip(f"{spec_path} is not here")
    spec, findings = load_and_validate(spec_path, Config())
    from generator.ir.build import build_api

    api = build_api(spec.document, Config(), spec.locate, findings)
    laid_out = {**render_client(api), **render_server(api)}
    flat = {**render_client(api, line_length=None), **render_server(api, line_length=None)}
    assert laid_out.keys() == flat.keys()
    unstable = []
    for path in sorted(laid_out):
        if not path.endswith(".py"):
            continue
        formatted = _black(laid_out[path])
        assert formatted == _black(flat[path]), f"{path}: the layout changed black's output"
        if formatted != laid_out[path]:
            unstable.append(path)
    assert not unstable, f"black still changes these renders: {unstable}"


# -- one line at a time ---------------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "a",
        "x_organization_id",
        "location_id",
        "limit",
        "self",
        "messaging_v_1_linkshortening_messaging_service_domain_association",
        "cls",
    ]
)
TYPES = st.sampled_from(
    [
        "str",
        "int | None",
        "models.Charger",
        "list[str]",
        'Literal["a", "b"]',
        "dict[str, object] | None",
        "models.VeryLongModelNameForAChargerDeploymentUpdateRequest",
    ]
)
TEXT = st.text(alphabet="abc xyz'\"", min_size=0, max_size=90)


@st.composite
def calls(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(
        st.sampled_from(["f", "Query", "encode_body", "to_raw_response_wrapper", "models.Thing"])
    )
    args = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.integers(0, 4 if depth < 2 else 3))
        if kind == 0:
            args.append(draw(NAMES))
        elif kind == 1:
            args.append(f"{draw(NAMES)}={draw(NAMES)}")
        elif kind == 2:
            args.append(pystr(draw(TEXT)))
        elif kind == 3:
            args.append(f"alias={pystr(draw(TEXT))}")
        else:
            args.append(draw(calls(depth + 1)))
    return f"{name}({', '.join(args)})"


@st.composite
def values(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(calls())
    if kind == 1:
        items = [f"{pystr(draw(TEXT))}: {draw(NAMES)}" for _ in range(draw(st.integers(0, 4)))]
        return "{" + ", ".join(items) + "}"
    if kind == 2:
        return f"{draw(calls())} or omit"
    return pystr(draw(TEXT))


@st.composite
def lines(draw: st.DrawFn) -> tuple[str, str, int]:
    """(kind, line, indent), the line long enough to need splitting more often than not."""
    kind = draw(
        st.sampled_from(["arg", "param", "annotation", "statement", "def", "import", "returns"])
    )
    if kind == "arg":
        return kind, f"{draw(NAMES)}={draw(values())},", 12
    if kind == "param":
        default = draw(st.sampled_from(["", " = None", " = omit", ' = "x"', " = 50"]))
        annotation = draw(st.sampled_from(["", "annotated"]))
        if annotation:
            return kind, f"{draw(NAMES)}: Annotated[{draw(TYPES)}, {draw(calls())}]{default},", 8
        return kind, f"{draw(NAMES)}: {draw(TYPES)}{default},", 8
    if kind == "annotation":  # a TypedDict key
        parts = [draw(TYPES) for _ in range(draw(st.integers(1, 4)))]
        annotation = " | ".join(parts)
        if draw(st.booleans()):
            annotation = f"list[{annotation}]"
        if draw(st.booleans()):
            annotation = f"Required[{annotation}]"
        return kind, f"{draw(NAMES)}: {annotation}", 4
    if kind == "statement":
        shape = draw(
            st.sampled_from(["return {}", "self.{} = {}", "_problems += {}", "raise E({})", "{}"])
        )
        if shape.count("{}") == 2:
            return kind, shape.format(draw(NAMES), draw(calls())), 8
        return kind, shape.format(draw(calls())), 8
    if kind == "def":
        params = ", ".join(
            ["self", *(f"{draw(NAMES)}_{i}: {draw(TYPES)}" for i in range(draw(st.integers(0, 3))))]
        )
        return (
            kind,
            f"def {draw(NAMES)}({params}) -> {draw(st.sampled_from(['None', 'JobStatus', 'AsyncMessagingV1LinkshorteningMessagingServiceDomainAssociationResourceWithRawResponse']))}:",
            4,
        )
    if kind == "import":
        names = sorted({draw(NAMES).upper() for _ in range(draw(st.integers(1, 8)))})
        return kind, f"from .resources.{draw(NAMES)} import {', '.join(names)}", 0
    stub = draw(st.booleans())  # an overload's `) -> X: ...`
    return (
        kind,
        f"    ) -> {draw(st.sampled_from(['SyncPage[models.Charger]', 'models.Charger | None', 'dict[str, list[models.VeryLongModelNameForAChargerDeploymentUpdateRequest]]', 'models.CreateChatCompletionResponse | Stream[models.CreateChatCompletionStreamResponse]']))}{': ...' if stub else ':'}",
        0,
    )


def _in_context(kind: str, text: str) -> str:
    """The line(s) where the templates put them, as a whole module black can format."""
    body = text + "\n"
    if kind == "arg":
        return "def f():\n    if x:\n        return g(\n" + body + "        )\n"
    if kind == "param":
        return "class C:\n    def f(\n        self,\n        *,\n" + body + "    ) -> None: ...\n"
    if kind == "annotation":
        return "class C(TypedDict, total=False):\n" + body + '    """Its docstring."""\n'
    if kind == "statement":
        return "class C:\n    def f(self):\n" + body
    if kind == "def":
        return "class C:\n" + body + "        return None\n"
    if kind == "import":
        return body
    stub = text.endswith(": ...")
    return "class C:\n    def f(\n        self,\n" + body + ("" if stub else "        return x\n")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines())
def test_fit_never_changes_what_black_makes_of_a_line(case: tuple[str, str, int]) -> None:
    kind, code, indent = case
    line = " " * indent + code if kind != "returns" else code
    fitted = layout.fit(line, kind, 100)
    assert _black(_in_context(kind, fitted)) == _black(_in_context(kind, line)), fitted


def test_fit_splits_the_shapes_the_templates_make_as_black_does() -> None:
    cases = [
        (
            "arg",
            " " * 12
            + 'json_body=encode_body(models.ChargersUpdateRequest, {"charge_point_name": charge_point_name, "location_id": location_id}) or omit,',
        ),
        (
            "param",
            " " * 8
            + 'limit: Annotated[int, Query(alias="limit", description="Maximum number of charger deployments to return per page.", ge=1, le=100)] = 50,',
        ),
        (
            "annotation",
            " " * 4
            + 'parking_type: Literal["ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY", "ON_STREET"] | None',
        ),
        (
            "annotation",
            " " * 4
            + "coordinates: Required[models.OcpiCoordinatesWithAVeryLongNameIndeed | OcpiCoordinatesWithAVeryLongNameParam]",
        ),
        (
            "annotation",
            " " * 4
            + "mapping: dict[str, models.OcpiCoordinatesWithAVeryLongNameIndeedYesVeryLong | OcpiCoordinatesParam]",
        ),
        (
            "statement",
            " " * 8
            + "self.list_selected_repositories_enabled_github_actions_organization = to_raw_response_wrapper(resource.list_selected_repositories_enabled_github_actions_organization)",
        ),
        (
            "def",
            " " * 4
            + "def with_raw_response(self) -> AsyncMessagingV1LinkshorteningMessagingServiceDomainAssociationResourceWithRawResponse:",
        ),
        (
            "import",
            "from ._runtime import NOT_GIVEN, ApiKey, AsyncAPIClient, AuthSettings, NotGiven, SyncAPIClient, Timeout, Extra",
        ),
        # openai-3.1.yaml: a request's `cast_to`, a webhook event, an overload's return.
        (
            "arg",
            " " * 12
            + "TypeOf[models.CreateTranscriptionResponseJson | models.CreateTranscriptionResponseDiarizedJson | models.CreateTranscriptionResponseVerboseJson],",
        ),
        (
            "arg",
            " " * 12
            + 'WebhookEvent("fine_tuning_job_cancelled", models.WebhookFineTuningJobCancelled, "type", "fine_tuning.job.cancelled"),',
        ),
        (
            "returns",
            "    ) -> models.CreateChatCompletionResponse | Stream[models.CreateChatCompletionStreamResponse]: ...",
        ),
    ]
    for kind, line in cases:
        fitted = layout.fit(line, kind, 100)
        assert fitted != line, kind  # it knows how black splits these
        context = _in_context(kind, fitted)
        assert _black(context) == context, (kind, fitted)  # already black's output


def test_lines_that_fit_and_lines_it_does_not_know_are_left_alone() -> None:
    assert layout.fit("        x = f(a, b)", "statement", 100) == "        x = f(a, b)"
    odd = "        x = [i for i in range(10)] + " + "y" * 90  # a comprehension: left to black
    assert layout.fit(odd, "statement", 100) == odd
    assert layout.fit("anything at all " * 10, "arg", None) == "anything at all " * 10


def _tokenized(code: str) -> list[tuple[int, str, int, int, int]] | str:
    """What `tokenize` makes of one line, as `layout._tokens` gives it (the reference its scanner
    replaced: same tokens, offsets and bracket pairs, or "unsupported" where it gave up)."""
    tokens: list[list[Any]] = []
    stack: list[int] = []
    try:
        for tok in layout._raw_tokens(code):
            if tok.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER):
                continue
            if tok.type in (tokenize.COMMENT, tokenize.ERRORTOKEN) or tok.start[0] != 1:
                return "unsupported"
            if tok.string in ("lambda", ":=", "yield") or (tok.string == "for" and tokens):
                return "unsupported"
            tokens.append([tok.type, tok.string, tok.start[1], tok.end[1], -1])
            if tok.type == tokenize.OP and tok.string in "([{":
                stack.append(len(tokens) - 1)
            elif tok.type == tokenize.OP and tok.string in ")]}" and stack:
                opening = stack.pop()
                if tokens[opening][1] + tok.string not in ("()", "[]", "{}"):
                    return "unsupported"
                tokens[opening][4], tokens[-1][4] = len(tokens) - 1, opening
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "unsupported"
    return "unsupported" if stack else [tuple(t) for t in tokens]  # type: ignore[misc]


def _scanned(code: str) -> list[tuple[int, str, int, int, int]] | str:
    try:
        return [(t.kind, t.text, t.start, t.end, t.match) for t in layout._tokens(code)]
    except layout._Unsupported:
        return "unsupported"


@settings(max_examples=300, deadline=None)
@given(lines())
def test_the_scanner_tokenizes_a_line_as_tokenize_does(case: tuple[str, str, int]) -> None:
    code = case[1].lstrip(" ")  # as `_fit_line` hands it over
    assert _scanned(code) == _tokenized(code)


@pytest.mark.parametrize(
    "code",
    [
        "x = f(a, b=1.5e-3, c=0x1F, d=1_000j, e=...) -> \"s\" if a else rb't'",
        "kind: Literal[\"a\", 'b'] | None = None, **extra",
        "a**=2; b//=3; c>>=1; d<<=1; e @= f; g := 1",
        "x = '''it's''' + \"\"\"doc\"\"\" + ''",
        "x = 1  # a comment",
        "x = (1,",  # an unclosed bracket
        "x = [1)",  # brackets that do not pair
        "x = $",  # not Python
        ") -> dict[str, list[models.A]]:",
        "éclair = naïve(ünïcode)",
    ],
)
def test_the_scanner_on_the_odd_line(code: str) -> None:
    assert _scanned(code) == _tokenized(code)
