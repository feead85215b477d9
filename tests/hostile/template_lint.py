"""A static check of the templates: every `{{ ... }}` prints either a constant, a name the naming
stage made (an `Identifier` attribute such as `.name`, `.method_name`, `.class_name`, `.module`,
`.package`), a type annotation built from identifiers (`.annotation`), a macro's output, or the
result of one of the escaping filters (`pystr`, `docstring`, `comment`). Jinja's `finalize` catches a
raw `SpecText` at render time; this catches, before any spec is rendered, the ways around it (`~`,
`| upper`, `.lower()`, `%`, plain-`str` fields) that would print spec text unescaped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

# `annotation` prints an IR type (generator/ir/types.py): code built from identifiers and literals.
ESCAPING_FILTERS = frozenset({"pystr", "docstring", "comment", "annotation"})
# IR attributes that hold identifiers or code built from identifiers (see generator/ir/model.py).
SAFE_ATTRIBUTES = frozenset(
    {
        "name",
        "method_name",
        "class_name",
        "module",
        "package",
        "client_class",
        "annotation",
        "scheme",  # SecurityRequirement.scheme: an Identifier
        "model",  # Body.model: a model class name chosen by the naming stage
        "status_url_field",  # Waiter.status_url_field: the constant "status_url"
        "http_method",  # Operation.http_method: one of load.structure.HTTP_METHODS
        "argument",  # SecurityScheme.argument: an Identifier (ir/credentials.py)
        "env",  # SecurityScheme.env: an Identifier (ir/credentials.py: [A-Z0-9_] or checked config)
        "env_prefix",  # Api.env_prefix: the same
        "media_argument",  # Body.media_argument: an Identifier chosen by the naming stage
        "attr",  # Resource.attr: the Identifier a resource has on its parent
        "dotted",  # Resource.dotted: Identifiers joined by dots (`accounts.capabilities`)
    }
)
# Filters that keep an identifier an identifier (and an annotation an annotation).
# quotes: the string literals of an annotation in black's quotes; fit: lines of code split as black
# splits them (generator/render/layout.py).
SAFE_TRANSFORMS = frozenset({"upper", "lower", "quotes", "fit"})


@dataclass(frozen=True)
class Problem:
    template: str
    line: int
    expression: str

    def __str__(self) -> str:
        return f"{self.template}:{self.line}: prints {self.expression} without an escaping filter"


class _Lint:
    def __init__(self, name: str) -> None:
        self.name = name
        self.safe_names: set[str] = {"loop"}
        self.problems: list[Problem] = []

    def safe(self, node: nodes.Node) -> bool:
        if isinstance(node, nodes.Const):
            return True
        if isinstance(node, nodes.Filter):
            if node.name in ESCAPING_FILTERS:
                return True
            if node.name == "format":  # `"from .%s import %s" | format(a, b)`: a constant pattern
                return (
                    isinstance(node.node, nodes.Const)
                    and all(self.safe(a) for a in node.args)
                    and not node.kwargs
                )
            return node.name in SAFE_TRANSFORMS and node.node is not None and self.safe(node.node)
        if isinstance(node, (nodes.Add, nodes.Mul)):  # `" " * indent`: safe pieces stay safe
            return self.safe(node.left) and self.safe(node.right)
        if isinstance(node, nodes.Getattr):
            return node.attr in SAFE_ATTRIBUTES
        if isinstance(node, nodes.Name):
            return node.name in self.safe_names
        if isinstance(node, nodes.CondExpr):
            return self.safe(node.expr1) and (node.expr2 is None or self.safe(node.expr2))
        if isinstance(node, nodes.Concat):
            return all(self.safe(n) for n in node.nodes)
        if isinstance(node, nodes.Call):
            # A macro of this template, or of one it imports (`operation.method(op, is_async)`): the
            # macro's own body is linted. Never a method of a value (`op.summary.upper()`).
            callee = node.node
            if isinstance(callee, nodes.Name):
                return callee.name in self.macros
            return (
                isinstance(callee, nodes.Getattr)
                and isinstance(callee.node, nodes.Name)
                and callee.node.name in self.imports
            )
        return False

    def _macro_arguments(self, tree: nodes.Template) -> None:
        """A macro argument is safe when every call passes a safe value for it (or its default is)."""
        for macro in tree.find_all(nodes.Macro):
            names = [a.name for a in macro.args]
            defaults = dict(zip(names[len(names) - len(macro.defaults) :], macro.defaults))
            calls = [
                c
                for c in tree.find_all(nodes.Call)
                if isinstance(c.node, nodes.Name) and c.node.name == macro.name
            ]
            for index, arg in enumerate(names):
                passed = []
                for call in calls:
                    keyword = next((k.value for k in call.kwargs if k.key == arg), None)
                    value = call.args[index] if index < len(call.args) else keyword
                    passed.append(value if value is not None else defaults.get(arg))
                if passed and all(v is not None and self.safe(v) for v in passed):
                    self.safe_names.add(arg)

    def run(self, tree: nodes.Template) -> list[Problem]:
        self.imports = {n.target for n in tree.find_all(nodes.Import)}
        self.macros = {n.name for n in tree.find_all(nodes.Macro)}
        # Names assigned from safe expressions (`{% set prefix = "Async" if is_async else "" %}`).
        for _ in range(3):
            for assign in tree.find_all(nodes.Assign):
                if isinstance(assign.target, nodes.Name) and self.safe(assign.node):
                    self.safe_names.add(assign.target.name)
            self._macro_arguments(tree)
        for output in tree.find_all(nodes.Output):
            for child in output.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                if not self.safe(child):
                    self.problems.append(Problem(self.name, child.lineno, _describe(child)))
        return self.problems


def _describe(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Filter):
        return f"{_describe(node.node) if node.node is not None else ''} | {node.name}"
    return type(node).__name__


def lint_template(env: jinja2.Environment, name: str) -> list[Problem]:
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    return _Lint(name).run(env.parse(source))


def lint_folder(env: jinja2.Environment, root: Path, folder: str) -> list[Problem]:
    problems: list[Problem] = []
    for path in sorted((root / folder).rglob("*.jinja")):
        problems.extend(lint_template(env, path.relative_to(root).as_posix()))
    return problems
