"""The format stage cuts big modules into units that black formats one by one (in parallel, each
cached by its text). That is only allowed because the joined result is byte-identical to black on
the whole module: these tests hold it to that on real renders and on random module shapes."""

from __future__ import annotations

import gc
import random
from pathlib import Path

import pytest

from generator import format as fmt
from generator.config import Config
from generator.pipeline import Generation, build, load_and_validate

REPO = Path(__file__).resolve().parents[2]


def _whole(source: str) -> str:
    return fmt.format_source(source, "black", 100)


def _by_units(source: str, unit_lines: int = 1) -> str:
    return fmt.join_units(
        [fmt.format_source(unit, "black", 100) for unit in fmt.split_units(source, unit_lines)]
    )


@pytest.fixture(scope="module")
def ocpplab_generation() -> Generation:
    spec, findings = load_and_validate(
        REPO / "spec" / "ocpplab-gateway.yaml", Config(package="ocpplab")
    )
    gen = build(spec, Config(package="ocpplab"))
    gen.findings.extend(findings)
    return gen


@pytest.fixture(scope="module")
def ocpplab_renders(ocpplab_generation: Generation) -> dict[str, str]:
    return ocpplab_generation.renders


def test_models_module_cut_at_every_safe_boundary_formats_like_the_whole(
    ocpplab_generation: Generation,
) -> None:
    # datamodel-code-generator's whole models.py, before the models stage cuts it per model
    models = ocpplab_generation.models_source
    assert models is not None
    units = fmt.split_units(models, 1)
    assert len(units) > 50  # one unit per model class, near enough
    assert _by_units(models) == _whole(models)


def test_client_and_server_modules_format_like_the_whole(ocpplab_renders: dict[str, str]) -> None:
    checked = 0
    for path in (
        "resources/chargers.py",
        "server/services/chargers.py",
        "server/routers/health.py",
        "_client.py",
    ):
        source = ocpplab_renders[path]
        if len(fmt.split_units(source, 1)) > 1:
            checked += 1
        assert _by_units(source) == _whole(source), path
    assert checked >= 2


_SHAPES = [
    "class A:\n    x: int\n",
    "class B: ...\n",
    "class C:\n    ...\n",
    "def f(): ...\n",
    "def g():\n    ...\n",
    "def h(a,\n  b): return a\n",
    "@overload\ndef o(x): ...\n",
    "@dataclass\nclass D:\n    y: int = 1\n",
    "# a comment\n",
    "X = 1\n",
    "if True:\n    pass\n",
    "async def a():\n    await x\n",
    "class E:\n    def m(self): ...\n    # trailing\n",
    "class F(Generic[T]):\n    '''doc'''\n",
    "def k() -> None:\n    '''doc'''\n    return None\n",
    "S = '''\nclass NotACut:\n'''\n",
]


def test_random_module_shapes_format_like_the_whole() -> None:
    rng = random.Random(7)
    for _ in range(400):
        parts = ["from __future__ import annotations\n"]
        for _ in range(rng.randint(2, 8)):
            parts.append("\n" * rng.choice([0, 0, 1, 2, 3]))
            parts.append(rng.choice(_SHAPES))
        source = "".join(parts)
        assert _by_units(source) == _whole(source), source


@pytest.mark.parametrize(
    "source",
    [
        "def f(): ...\ndef g(): ...\n",  # stubs with no blank line: black keeps them together
        "class A:\n    x: int\n# about B\nclass B:\n    y: int\n",  # a comment binds to what follows
        "class A:\n    x: int\n\n# fmt: off\nclass B:\n    y  =  1\n",  # directives are module-wide
        "class A:\n    x: int\n\r\nclass B:\n    y: int\n",
    ],
)
def test_no_cut_where_black_looks_across(source: str) -> None:
    assert fmt.split_units(source, 1) == [source]


def _big_module(classes: int, changed: int | None = None) -> str:
    body = "\n".join(
        f"class Model{i}:\n"
        + "".join(f"    field_{j}: int = {'2' if i == changed else '1'}\n" for j in range(20))
        for i in range(classes)
    )
    return "from __future__ import annotations\n\n\n" + body


def test_units_are_cached_so_a_one_class_change_formats_one_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    formatted: list[str] = []
    original = fmt.format_source

    def counting(text: str, formatter: str, line_length: int) -> str:
        formatted.append(text)
        return original(text, formatter, line_length)

    monkeypatch.setattr(fmt, "format_source", counting)  # small: formatted in this process
    source = _big_module(60)
    changed = _big_module(60, changed=50)
    expected, expected_changed = _whole(source), _whole(changed)
    formatted.clear()
    assert len(fmt.split_units(source)) > 2
    first = fmt.format_modules({"models.py": source})
    assert first["models.py"] == expected
    units = len(formatted)
    formatted.clear()
    assert fmt.format_modules({"models.py": source}) == first  # all from the cache
    assert formatted == []
    again = fmt.format_modules({"models.py": changed})
    assert again["models.py"] == expected_changed
    assert len(formatted) == 1 and "class Model50:" in formatted[0] and units > 1


def test_the_same_text_twice_in_one_run_is_formatted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    seen: list[str] = []
    original = fmt.format_source
    monkeypatch.setattr(
        fmt, "format_source", lambda text, *a: seen.append(text) or original(text, *a)
    )
    result = fmt.format_modules({"a.py": "x  =  1\n", "b.py": "x  =  1\n"}, use_cache=False)
    assert result == {"a.py": "x = 1\n", "b.py": "x = 1\n"} and seen == ["x  =  1\n"]


def test_a_group_added_first_goes_ahead_of_the_queued_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """models.py comes after the other modules are queued; its units are formatted next, so the
    models split can run while the workers format the rest."""
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    seen: list[str] = []
    original = fmt.format_source
    monkeypatch.setattr(
        fmt, "format_source", lambda text, *a: seen.append(text) or original(text, *a)
    )
    with fmt.Formatting() as formatting:
        others = formatting.add({f"m{i}.py": f"x{i}  =  1\n" for i in range(3)})
        formatting.step()  # one of the others is done
        models = formatting.add({"models.py": "y  =  2\n"}, first=True)
        formatting.step()
        assert seen[-1] == "y  =  2\n" and models.done and not others.done
        assert formatting.finish(others) == {f"m{i}.py": f"x{i} = 1\n" for i in range(3)}
        assert formatting.result(models) == {"models.py": "y = 2\n"}


def test_ruff_formats_all_modules_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("ruff")
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    sources = {f"m{i}.py": f"def f{i}( a,b ):\n  return {{ 'k':a }}\n" for i in range(5)}
    result = fmt.format_modules(sources, "ruff")
    assert result["m3.py"] == 'def f3(a, b):\n    return {"k": a}\n'
    assert len(result) == 5


@pytest.mark.parametrize("threshold", [0, 2**62], ids=["forkserver", "fork"])
def test_workers_from_a_fork_server_or_forked_format_alike(
    threshold: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big process has black's workers forked from a small server (so they do not carry its
    memory); a small one forks them itself. Either way the output is black's on the whole."""
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(fmt, "FORKSERVER_MIN_RSS", threshold)
    source = "\n\n".join(
        f"class C{i}:\n    def m(self, a,b):\n        return [a,b,{i}]\n" for i in range(900)
    )
    assert len(fmt.split_units(source)) > 2
    assert fmt.format_modules({"m.py": source}, use_cache=False)["m.py"] == _whole(source)


def test_formatter_version_is_read_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every module's cache record names the formatter's version: reading black's metadata once a
    # module was seconds of every Stripe generation (4,000 modules), warm or cold.
    import importlib.metadata

    reads: list[str] = []
    real = importlib.metadata.version

    def counting(name: str) -> str:
        reads.append(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", counting)
    fmt.formatter_version.cache_clear()
    try:
        first = fmt.formatter_version("black")
        assert [fmt.formatter_version("black") for _ in range(100)] == [first] * 100
        assert first == f"black {real('black')}"
        assert reads == ["black"]
    finally:
        fmt.formatter_version.cache_clear()


NEUTRAL_CASES = [
    "x = 'a'\ny = 'it\"s'\nz = 'don\\'t'\nw = 'tab\\t'\n",
    "a = u'x'\nb = r'x'\nc = b'x'\nd = f'{a}'\ne = ''\n",
    "s = ('one'\n     'two')\n# a 'comment'\n",
    "class A:\n    '''Doc with 'quotes'.'''\n    x: int = 1\n",
    'class A:\n    """Doc."""\n\n    x = \'a\'\n',
    'class A:\n    """Doc."""\n    # a comment\n    x = 1\n',
    'class A:\n    """Only a docstring."""\n\n\nclass B(A):\n    """Doc."""\n    y = 2\n',
    '@decorator\nclass A(Base, metaclass=M):\n    """Doc."""\n    class B:\n        """Inner."""\n        z = 3\n',
    'def f():\n    """A function docstring: black puts no blank line after it."""\n    return \'x\'\n',
    "class A: '''one line'''\n",
    "x = 'not closed\n",
]


@pytest.mark.parametrize("source", NEUTRAL_CASES)
def test_black_neutral_does_not_change_what_black_writes(source: str) -> None:
    try:
        expected = fmt.format_source(source, "black", 100)
    except fmt.ApigenError:
        assert fmt.black_neutral(source) == source  # does not tokenize: left alone
        return
    assert fmt.format_source(fmt.black_neutral(source), "black", 100) == expected


def test_a_model_class_with_nothing_to_wrap_is_one_black_pass() -> None:
    """datamodel-code-generator's spelling of a class costs black two passes (its first pass
    changes it, so black formats again); made black-neutral, none: black's first pass leaves it."""
    import black

    dmcg = (
        "class Thing(BaseModel):\n"
        '    """\n    A thing.\n    """\n'
        "    model_config = ConfigDict(\n        extra='allow',\n    )\n"
        "    kind: Literal['thing'] = 'thing'\n"
        "    size: int | None = Field(None, description='How big')\n"
    )
    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})
    assert black.format_str(dmcg, mode=mode) != dmcg
    neutral = fmt.black_neutral(dmcg)
    assert black.format_str(neutral, mode=mode) == neutral


def test_a_core_is_kept_for_the_models_while_they_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While datamodel-code-generator still works (the critical path), the workers keep one unit
    fewer going than there are cores; after, two units a core, so none waits for the next."""
    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(fmt, "_POOL_MIN_LINES", 0)
    monkeypatch.setattr(fmt, "_cpus", lambda: 2)
    with fmt.Formatting() as formatting:
        group = formatting.add({f"m{i}.py": f"x{i}  =  1\n" for i in range(6)})
        formatting.start(reserve=True)
        assert len(formatting._in_flight) == 1
        formatting.start()
        assert len(formatting._in_flight) == 4
        assert formatting.finish(group)["m5.py"] == "x5 = 1\n"


def _worker_cannot_start() -> None:
    raise RuntimeError("this worker cannot start")


def test_a_pool_whose_workers_cannot_start_formats_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A forkserver child re-imports `__main__` (which fails for a program read from stdin, say):
    a broken pool is left and the work is done in this process, with the same output."""
    import multiprocessing

    monkeypatch.setenv("APIGEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(fmt, "_POOL_MIN_LINES", 0)
    monkeypatch.setattr(fmt, "_cpus", lambda: 2)
    monkeypatch.setattr(
        fmt, "_worker_context", lambda: (multiprocessing.get_context("fork"), _worker_cannot_start)
    )
    sources = {f"m{i}.py": f"x{i}  =  1\n" for i in range(6)}
    assert fmt.format_modules(sources) == {f"m{i}.py": f"x{i} = 1\n" for i in range(6)}


def _probe_worker(args: tuple[str, str, int, bool]) -> tuple[str, bool, int, int]:
    formatted = fmt._pool_job(args)
    return formatted, gc.isenabled(), gc.get_count()[0], gc.get_freeze_count()


def test_a_worker_collects_its_garbage_after_each_unit() -> None:
    """black leaves each unit's tree of parent-linked nodes to the cyclic collector: a worker
    collects once after the unit instead of by allocation threshold (less CPU, less memory), and
    leaves what it started with out of its collections."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context, initializer=fmt._worker_init) as pool:
        source = "\n\n".join(f"def f{i}( a,b ):\n  return [a,b,{i}]\n" for i in range(300))
        formatted, enabled, young, frozen = pool.submit(
            _probe_worker, (source, "black", 100, False)
        ).result()
    assert formatted == _whole(source)
    assert not enabled  # no collection by threshold in the middle of a unit
    assert young < 50  # the unit's garbage was collected when it was done
    assert frozen > 0


def _wrap_cases() -> list[str]:
    """Long lines of datamodel-code-generator's shapes, around the line length (100)."""
    cases = []
    for size in range(78, 112, 3):
        name, other = "N" * size, "M" * (size // 2)
        cases += [
            f'class E(Enum):\n    member_{"n" * (size - 60)} = "{"v" * (size - 40)}"\n',
            f'class E(Enum):\n    {"m" * size} = "short"\n',
            f"class {name}(BaseModel):\n    x: int\n",
            f"class {name}(Base, Other):\n    x: int\n",
            f"class {name}(RootModel[dict[str, Any]]):\n    root: dict[str, Any]\n",
            f"class {name}(RootModel[{other} | {other}]):\n    root: {other} | {other}\n",
            f"{name}: TypeAlias = {name}\n",
            f"Alias: TypeAlias = {other} | {other} | None\n",
            f"Alias: TypeAlias = list[{name}]\n",
            f"class X(BaseModel):\n    field_name: {name}\n",
            f"class X(BaseModel):\n    field_name: {name} | None = None\n",
            f"class X(BaseModel):\n    field_name: {other} | {other} | None = None\n",
            f"class X(BaseModel):\n    f: {other} | list[{other}] | None = Field(None, title='t')\n",
            f"class X(BaseModel):\n    {'f' * (size - 70)}: {other} = {other}.member\n",
            f"class X(BaseModel):\n    f: {other} | {'M' * 30} = Field(..., discriminator='type')\n",
            f"class X(BaseModel):\n    f: {name} | None = Field(None, description='{'d' * 60}')\n",
            f"class X(BaseModel):\n    f: {other} = Field(None, description='{'d' * size}')\n",
            f"class {other}(RootModel[{other} | {other} | {'M' * 20}]):\n    root: int\n",
            f"class Short(RootModel[{name} | {name}]):\n    root: int\n",
            f"class X(BaseModel):\n    {'f' * size}: int | None = None\n",
            f"class X(BaseModel):\n    f: Literal['{'v' * size}'] | None = None\n",
            f'class X(BaseModel):\n    """\n    Words and words{" " * (size % 4)}\n    more\t\n    """\n    x: int\n',
        ]
    return cases


@pytest.mark.parametrize("source", _wrap_cases())
def test_long_lines_wrapped_ahead_are_what_black_writes(source: str) -> None:
    """The long lines `black_neutral` wraps before black (`_wrapped`) come out of black as they
    would unwrapped, and black's first pass leaves them: one pass, not two."""
    import black

    mode = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})
    neutral = fmt.black_neutral(source, 100)
    assert black.format_str(neutral, mode=mode) == black.format_str(source, mode=mode)
    wrapped = neutral.count("\n") > fmt.black_neutral(source, 10_000).count("\n")
    if wrapped and all(len(line) <= 100 for line in neutral.split("\n")):  # nothing else long
        assert black.format_str(neutral, mode=mode) == neutral


def test_a_long_line_inside_a_string_is_not_wrapped() -> None:
    """Only code is wrapped: a docstring line shaped like an enum member stays as it is."""
    line = f'    member = "{"v" * 120}"'
    source = f'class E(Enum):\n    """\n{line}\n    """\n\n    a = "a"\n'
    assert line in fmt.black_neutral(source, 100).split("\n")
