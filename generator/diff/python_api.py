"""The generated Python API: package, resources, methods, arguments, return types and model classes.

Everything here reads the names and annotations the IR decided (the same ones the templates print),
so a change the wire does not see (an operationId, a first tag, info.title, a schema key, the
declaration order of path parameters) is still caught when it renames or reorders Python symbols.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..ir.model import NameDecision, Operation
from ..load.pointer import unescape
from .model import Context, Side, escape_token, op_key, op_label
from .parameters import param_key


@dataclass(frozen=True)
class Arg:
    name: str
    key: tuple[str, str]
    required: bool
    annotation: str
    position: int | None  # index among the positional (path) arguments


def arguments(op: Operation) -> list[Arg]:
    args = [
        Arg(str(p.name), param_key(op, p), True, p.type.annotation, i)
        for i, p in enumerate(op.path_params)
    ]
    args += [
        Arg(str(p.name), param_key(op, p), p.required, p.type.annotation, None)
        for p in op.parameters
        if p.location != "path"
    ]
    body = op.body
    if body is not None:
        if body.flattened:
            args += [
                Arg(str(f.name), ("body", str(f.wire_name)), f.required, f.type.annotation, None)
                for f in body.fields
            ]
        else:
            args.append(Arg("body", ("body", "*"), body.required, body.type.annotation, None))
    return args


def return_annotation(op: Operation) -> str:
    if op.pagination is not None:
        return f"SyncPage[{op.pagination.item_type.annotation}]"
    ok = op.success
    return ok.type.annotation if ok is not None and ok.type is not None else "None"


def union_parts(annotation: str) -> set[str]:
    """`A | Literal['x', 'y'] | None` -> {"A", "Literal['x']", "Literal['y']", "None"}."""
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return {annotation}
    parts: set[str] = set()

    def walk(node: ast.expr) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            walk(node.left)
            walk(node.right)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Literal"
        ):
            values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            parts.update(f"Literal[{ast.unparse(v)}]" for v in values)
        else:
            parts.add(ast.unparse(node))

    walk(tree)
    return parts


def _accepts(new: str, old: str) -> bool:
    """An argument annotation still accepts everything the old one did.

    Numeric widening is no break: an `int` is accepted where a `float` is expected (PEP 484's
    numeric tower, and pydantic's float fields), so `integer` -> `number` keeps old calls valid."""
    if new == old or new == "Any":
        return True
    new_parts = union_parts(new)
    return all(
        part in new_parts or (part == "int" and "float" in new_parts) for part in union_parts(old)
    )


def _narrows(new: str, old: str) -> bool:
    """A return annotation is the old one or a part of it (callers' code keeps working)."""
    return new == old or union_parts(new) <= union_parts(old)


def check(ctx: Context) -> None:
    old_api, new_api = ctx.old.api, ctx.new.api
    if old_api.package != new_api.package:
        ctx.add(
            "python-package-renamed",
            f"import {old_api.package} is now import {new_api.package}",
            subject=str(new_api.package),
            pointer="/info/title",
            old=str(old_api.package),
            new=str(new_api.package),
            reason=(
                f"because info.title changed from {old_api.title!s} to {new_api.title!s}"
                if old_api.title != new_api.title
                else ""
            ),
        )
    placed = _Placed(ctx)
    renamed_resources = _resources(ctx, placed)
    for key, (old, old_res) in ctx.old.operations.items():
        old_path = f"client.{old_res}.{old.method_name}"
        label = op_label(old)
        if key not in ctx.old_matched:
            ctx.add(
                "python-method-removed",
                f"{old_path}() removed",
                operation=label,
                subject=old_path,
                pointer=f"/paths/{escape_token(str(old.path))}/{old.http_method}",
            )
            continue
        new, new_res = ctx.new.operations[ctx.old_matched[key]]
        label = op_label(new)
        new_path = f"client.{new_res}.{new.method_name}"
        if old_res != new_res and renamed_resources.get(old_res) != new_res:
            what, reason = placed.why(old, new)
            ctx.add(
                "python-method-moved",
                f"{old_path}() is now {new_path}() ({what})",
                operation=label,
                subject=old_path,
                pointer=new.pointer,
                old=old_path,
                new=new_path,
                reason=reason,
            )
        elif old.method_name != new.method_name:
            ctx.add(
                "python-method-renamed",
                f"{old_path}() is now {new_path}() (operationId {old.operation_id!s} -> {new.operation_id!s})",
                operation=label,
                subject=old_path,
                pointer=new.pointer,
                old=old_path,
                new=new_path,
                reason=(
                    f"because the operationId changed from {old.operation_id!s} to {new.operation_id!s}"
                    if old.operation_id != new.operation_id
                    else "because the method name it derives from collides differently"
                ),
            )
        if old.waiter is not None and new.waiter is None:
            ctx.add(
                "python-method-removed",
                f"{old_path}_and_poll() removed (no 202 status_url any more)",
                operation=label,
                subject=f"{old_path}_and_poll",
                pointer=new.pointer,
            )
        _arguments(ctx, old, new, label, new_path)
        before, after = return_annotation(old), return_annotation(new)
        if not _narrows(after, before):
            ctx.add(
                "python-return-type-changed",
                f"{new_path}() returns {after} (was {before})",
                operation=label,
                subject=new_path,
                pointer=new.pointer,
                old=before,
                new=after,
                reason=_renamed_only(ctx, before, after),
            )
    _models(ctx)


def _tag(op: Operation) -> str:
    return str(op.tags[0]) if op.tags else ""


class _Placed:
    """Why an operation sits in its resource on each side: the rule the IR recorded when it placed
    the operation (ir/surface.py: a method's `NameDecision.resource_rule`), read to say why a
    method or a resource moved: its first tag, its path (nesting by path segments), an extension,
    an override, or a change of rule (a spec whose operationIds stop carrying their tag)."""

    def __init__(self, ctx: Context) -> None:
        self.old, self.new = _rules(ctx.old.api.naming), _rules(ctx.new.api.naming)

    def why(self, old: Operation, new: Operation, whose: str = "its") -> tuple[str, str]:
        """(`before -> after` for the message, the reason) for an operation that moved (`whose`:
        "its operations'" when a resource's first operation speaks for it)."""
        old_rule, new_rule = _rule_of(self.old, old), _rule_of(self.new, new)
        before, after = _placed_by(old_rule, old), _placed_by(new_rule, new)
        what = f"{before} -> {after}" if before != after else after
        if _rule_kind(old_rule) != _rule_kind(new_rule):
            return what, f"because {whose} resource now comes from {after} (was {before})"
        if _rule_kind(new_rule) == "tag" and _tag(old) != _tag(new):
            return what, f"because the first tag changed from {_tag(old)!r} to {_tag(new)!r}"
        if new_rule == "path segments" and old.path != new.path:
            return what, f"because {whose} path changed from {old.path} to {new.path}"
        if new_rule == "path segments":  # same path, read otherwise (`/search` became a resource)
            return what, (
                f"because the path segments of {new.path} nest differently now (a segment is read"
                " as a resource, an action or an item from the paths beside it and its answers)"
            )
        return what, f"because {after} places it in another resource now"


def _rules(naming: Iterable[NameDecision]) -> dict[str, str]:
    """An operation's label (`GET /path (opId)`, as the IR records it) -> its resource's rule."""
    return {d.source: d.resource_rule for d in naming if d.kind == "method" and d.resource_rule}


def _rule_of(rules: dict[str, str], op: Operation) -> str:
    label = f"{op.http_method.upper()} {op.path}"
    return rules.get(f"{label} ({op.operation_id})") or rules.get(label) or ""


def _rule_kind(rule: str) -> str:
    return "tag" if rule.startswith("tag") else rule


def _placed_by(rule: str, op: Operation) -> str:
    """What placed an operation's resource, as a message says it."""
    if _rule_kind(rule) == "tag":
        return f"first tag {_tag(op)!r}"
    if rule == "path segments":
        return f"path {op.path}"
    return rule or "unknown rule"


def _resources(ctx: Context, placed: _Placed) -> dict[str, str]:
    """Report removed and renamed resources; returns old name -> new name for the renamed ones.
    Resources go by their accessor from the client (`accounts.capabilities`), as a user calls them,
    and by their module file."""
    old_names = {r.dotted: r for r in ctx.old.api.resources}
    new_names = {r.dotted: r for r in ctx.new.api.resources}
    moved: dict[str, Counter[str]] = {}
    first_pair: dict[str, tuple[Operation, Operation]] = {}
    for key, (op, res) in ctx.old.operations.items():
        if key in ctx.old_matched:
            new_op, new_res = ctx.new.operations[ctx.old_matched[key]]
            moved.setdefault(res, Counter())[new_res] += 1
            first_pair.setdefault(res, (op, new_op))
    renamed: dict[str, str] = {}
    for name, resource in old_names.items():
        if name in new_names:
            continue
        targets = moved.get(name)
        if targets and len(targets) == 1:
            target = next(iter(targets))
            if target not in old_names:
                renamed[name] = target
                ctx.add(
                    "python-resource-renamed",
                    f"client.{name} is now client.{target} (resources/{resource.module}.py"
                    f" -> resources/{new_names[target].module}.py)",
                    subject=f"client.{name}",
                    pointer=first_pair[name][1].pointer,
                    old=name,
                    new=target,
                    reason=placed.why(*first_pair[name], whose="its operations'")[1],
                )
                continue
        ctx.add(
            "python-resource-removed",
            f"client.{name} removed (resources/{resource.module}.py, {resource.class_name})",
            subject=f"client.{name}",
            pointer="/paths",
            old=name,
            operations=tuple(
                op_label(op) for op in resource.operations if op_key(op) not in ctx.old_matched
            ),
        )
    return renamed


def _arguments(ctx: Context, old: Operation, new: Operation, label: str, path: str) -> None:
    old_args, new_args = arguments(old), arguments(new)
    new_by_key = {a.key: a for a in new_args}
    matched: dict[int, Arg] = {}
    used: set[int] = set()
    for i, a in enumerate(old_args):
        b = new_by_key.get(a.key)
        if b is not None:
            matched[i] = b
            used.add(id(b))
    by_name = {b.name: b for b in new_args if id(b) not in used}
    for i, a in enumerate(old_args):
        if i not in matched and a.name in by_name:
            matched[i] = by_name.pop(a.name)
            used.add(id(matched[i]))
    reordered = False
    for i, a in enumerate(old_args):
        b = matched.get(i)
        if b is None:
            ctx.add(
                "python-argument-removed",
                f"argument {a.name} of {path}() removed",
                operation=label,
                subject=f"{path}({a.name})",
                pointer=new.pointer,
                old=a.name,
            )
            continue
        if a.position is not None and b.position is not None and a.position != b.position:
            reordered = True
        if a.name != b.name:
            ctx.add(
                "python-argument-renamed",
                f"argument {a.name} of {path}() is now {b.name}",
                operation=label,
                subject=f"{path}({a.name})",
                pointer=new.pointer,
                old=a.name,
                new=b.name,
                reason=_argument_reason(old, new, a, b),
            )
        if b.required and not a.required:
            ctx.add(
                "python-required-argument-added",
                f"argument {b.name} of {path}() became required",
                operation=label,
                subject=f"{path}({b.name})",
                pointer=new.pointer,
            )
        if not _accepts(b.annotation, a.annotation):
            ctx.add(
                "python-argument-type-changed",
                f"argument {b.name} of {path}() is now {b.annotation} (was {a.annotation})",
                operation=label,
                subject=f"{path}({b.name})",
                pointer=new.pointer,
                old=a.annotation,
                new=b.annotation,
                reason=_renamed_only(ctx, a.annotation, b.annotation),
            )
    for b in new_args:
        if id(b) not in used and b.required:
            ctx.add(
                "python-required-argument-added",
                f"new required argument {b.name} of {path}()",
                operation=label,
                subject=f"{path}({b.name})",
                pointer=new.pointer,
                new=b.name,
            )
    if reordered:
        before = ", ".join(a.name for a in old_args if a.position is not None)
        after = ", ".join(b.name for b in new_args if b.position is not None)
        ctx.add(
            "python-positional-order-changed",
            f"positional arguments of {path}() were ({before}), are ({after})",
            operation=label,
            subject=path,
            pointer=new.pointer,
            old=before,
            new=after,
        )


def _argument_reason(old: Operation, new: Operation, a: Arg, b: Arg) -> str:
    if a.key[0] == "path" and b.key[0] == "path":
        old_wire = [str(p.wire_name) for p in old.path_params if p.name == a.name]
        new_wire = [str(p.wire_name) for p in new.path_params if p.name == b.name]
        if old_wire and new_wire and old_wire != new_wire:
            if op_key(old) != op_key(new):
                return f"because the path template changed from {old.path!s} to {new.path!s}"
            return f"because the path placeholder {{{old_wire[0]}}} is now {{{new_wire[0]}}}"
    return "because its Python name collides differently (a suffix was added or dropped)"


def _target_reason(ctx: Context, key: str, target: str) -> str:
    info = ctx.new.infos.get(target)
    if info is not None and not info.hoisted:
        return f"because schema {key!r} was replaced by schema {str(info.schema_name)!r}"
    if info is not None:
        return (
            f"because schema {key!r} was removed and its uses now hold the inline schema at "
            f"{info.pointer}, named from {_place(ctx.new, info.pointer, target)}"
        )
    return f"because schema {key!r} was removed"


def model_users(side: Side) -> dict[str, set[str]]:
    """Model class -> the operations whose types reach it (directly or through other models)."""
    refs: dict[str, set[str]] = {}
    for name, schema in side.schemas.items():
        found: set[str] = set()
        stack: list[Any] = [schema]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                target = side.ref_target(node.get("$ref"))
                if target:
                    found.add(target)
                stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
            elif isinstance(node, list):
                stack.extend(v for v in node if isinstance(v, (dict, list)))
        refs[name] = found
    users: dict[str, set[str]] = {}
    for op, _ in side.operations.values():
        types = [p.type for p in op.parameters] + [
            r.type for r in op.responses if r.type is not None
        ]
        if op.body is not None:
            types.append(op.body.type)
            types += [f.type for f in op.body.fields]
        stack = [m for t in types for m in t.model_refs]
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack.extend(refs.get(name, ()))
        label = op_label(op)
        for name in seen:
            users.setdefault(name, set()).add(label)
    return users


def _models(ctx: Context) -> None:
    reported: set[str] = set()
    users: dict[str, set[str]] | None = None
    for key, info in ctx.old.by_key.items():
        old_name = str(info.class_name)
        after = ctx.new.by_key.get(key)
        if after is not None:
            if str(after.class_name) != old_name and old_name not in ctx.new.infos:
                reported.add(old_name)
                ctx.add(
                    "python-model-renamed",
                    f"models.{old_name} is now models.{after.class_name} (schema {key!r})",
                    subject=f"models.{old_name}",
                    pointer=after.pointer,
                    old=old_name,
                    new=str(after.class_name),
                    reason=(
                        f"because the class name derived from schema {key!r} changed "
                        "(another schema now takes the name, or the naming rules did)"
                    ),
                )
            continue
        if old_name in ctx.new.infos:
            continue  # another schema key now yields the same class name
        reported.add(old_name)
        target = ctx.renamed_models.get(old_name)
        if target:
            ctx.add(
                "python-model-renamed",
                f"models.{old_name} is now models.{target} (schema {key!r} removed; its uses now point at {target})",
                subject=f"models.{old_name}",
                pointer=ctx.model_pointer(target),
                old=old_name,
                new=target,
                reason=_target_reason(ctx, key, target),
            )
        else:
            if users is None:
                users = model_users(ctx.old)
            ctx.add(
                "python-model-removed",
                f"models.{old_name} removed (schema {key!r})",
                subject=f"models.{old_name}",
                pointer=f"/components/schemas/{escape_token(key)}",
                old=old_name,
                operations=tuple(sorted(users.get(old_name, ()))),
            )
    for old_name, new_name in sorted(ctx.renamed_models.items()):
        hoisted = ctx.old.infos.get(old_name)
        if old_name in reported or hoisted is None or not hoisted.hoisted:
            continue
        ctx.add(
            "python-model-renamed",
            f"models.{old_name} is now models.{new_name} (an inline schema lifted under another name)",
            subject=f"models.{old_name}",
            pointer=ctx.model_pointer(new_name),
            old=old_name,
            new=new_name,
            reason=lifted_reason(ctx, old_name, new_name),
        )


# ---- reasons: why a Python name changed when the wire did not ------------------------------------
_PROPERTY = re.compile(r"/(?:properties|items|additionalProperties|allOf|anyOf|oneOf)(?:/([^/]+))?")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _place(side: Side, pointer: str, class_name: str) -> str:
    """What a lifted schema's name is derived from: the operation (its operationId) or the
    component schema, and the way down to the inline schema. A schema shared through
    components/responses (or with no pointer) is named from the operation that reaches it first:
    the one whose operationId starts the class name."""
    head, tail = "", pointer
    for op, _ in side.operations.values():
        if op.pointer and pointer.startswith(op.pointer + "/"):
            head, tail = f"operationId {op.operation_id!s}", pointer[len(op.pointer) :]
            break
    else:
        match = re.match(r"/components/schemas/([^/]+)(.*)", pointer)
        if match:
            head, tail = f"schema {unescape(match.group(1))!r}", match.group(2)
    if not head:
        squashed = _squash(class_name)
        prefixes = [
            str(op.operation_id)
            for op, _ in side.operations.values()
            if _squash(str(op.operation_id)) and squashed.startswith(_squash(str(op.operation_id)))
        ]
        if not prefixes:
            return pointer or "its place in the spec"
        first = max(prefixes, key=lambda o: (len(_squash(o)), o))
        head = f"operationId {first} (the first operation reaching it)"
    steps = []
    if tail.startswith("/requestBody"):
        steps.append("request body")
    status = re.match(r"/responses/([^/]+)", tail)
    if status:
        steps.append(f"response {unescape(status.group(1))}")
    schema_at = tail.find("/schema")
    rest = tail[schema_at + len("/schema") :] if schema_at >= 0 else tail
    for match in _PROPERTY.finditer(rest):
        kind = match.group(0).split("/")[1]
        if kind == "properties" and match.group(1):
            steps.append(unescape(match.group(1)))
        elif kind == "items":
            steps.append("[]")
        elif kind in ("anyOf", "oneOf", "allOf") and match.group(1):
            steps.append(f"{kind}[{match.group(1)}]")
    return head + (f", {' / '.join(steps)}" if steps else "")


def _same_place(old_pointer: str, new_pointer: str) -> bool:
    """The same place in both versions (path placeholder names ignored)."""
    strip = re.compile(r"\{[^}/]*\}")
    return strip.sub("{}", old_pointer) == strip.sub("{}", new_pointer)


def lifted_reason(ctx: Context, old_name: str, new_name: str) -> str:
    """Why an inline schema lifted into a model class is named differently now."""
    before, after = ctx.old.infos.get(old_name), ctx.new.infos.get(new_name)
    if before is None or after is None:
        return ""
    new_place = _place(ctx.new, after.pointer, new_name)
    old_place = _place(ctx.old, before.pointer, old_name)
    at = after.pointer or "(a schema without a place of its own)"
    if not _same_place(before.pointer, after.pointer):
        return (
            f"because the inline schema at {at} is now named from {new_place} "
            f"(it was named from {old_place}, at {before.pointer or 'no place of its own'}; an "
            "inline shape met several times is one model, named where it is met first)"
        )
    return f"because the inline schema at {at} is now named from {new_place} (was {old_place})"


def _renamed_only(ctx: Context, before: str, after: str) -> str:
    """A reason when an annotation differs only by model classes that were renamed."""
    renames = {
        old: new
        for old, new in ctx.renamed_models.items()
        if re.search(rf"\b{re.escape(old)}\b", before)
    }
    renames.update(
        {
            str(info.class_name): str(ctx.new.by_key[key].class_name)
            for key, info in ctx.old.by_key.items()
            if key in ctx.new.by_key
            and info.class_name != ctx.new.by_key[key].class_name
            and re.search(rf"\b{re.escape(str(info.class_name))}\b", before)
        }
    )
    if not renames:
        return ""
    replaced = before
    for old, new in renames.items():
        replaced = re.sub(rf"\b{re.escape(old)}\b", new, replaced)
    if replaced != after:
        return ""
    names = ", ".join(f"models.{old} is now models.{new}" for old, new in sorted(renames.items()))
    return f"because {names} (the annotation differs by these names only)"
