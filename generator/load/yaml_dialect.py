"""The YAML dialect specs are read with: JSON types only, as OpenAPI asks (YAML 1.2 core schema).

PyYAML implements YAML 1.1, which turns `2020-01-01` into a date, `on`/`yes` into booleans and
`0755` into an octal int. OpenAPI documents are JSON data, so this loader resolves plain scalars
with the YAML 1.2 core rules and keeps every mapping key as the text written in the file
(`200:` -> "200", `on:` -> "on").
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

# The C parser is ~6x faster on multi-megabyte specs; fall back when libyaml is missing.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_REPLACED = {_BOOL, _INT, _FLOAT, _TIMESTAMP}

# YAML 1.2 core schema, https://yaml.org/spec/1.2.2/#1032-tag-resolution
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_CORE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


# Containers nested deeper than this are refused where they pass it: no real spec comes near, and
# every later stage (bundling, validation, datamodel-code-generator, Python's own parser) recurses.
MAX_NESTING = 500


class SpecLoader(_Base):  # type: ignore[valid-type,misc]  # _Base is chosen at import time
    """SafeLoader (C-accelerated when available) with YAML 1.2 core scalars and string keys.

    Everything that is not JSON data, or that JSON tools would read differently, is a located
    ConstructorError: a duplicate key, a NaN or infinite number, a scalar its tag cannot hold
    (`!!int "abc"`, an integer of 5000 digits), nesting deeper than MAX_NESTING."""

    _depth = 0

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise ConstructorError(
                    None,
                    None,
                    f"the document nests deeper than {MAX_NESTING} levels here",
                    node.start_mark,
                )
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as exc:
            if isinstance(exc, yaml.YAMLError):
                raise
            raise ConstructorError(
                None,
                None,
                f"{node.tag.rsplit(':', 1)[-1]} value cannot be read: {str(exc).split(';')[0][:120]}",
                node.start_mark,
            ) from None
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None,
                None,
                f"expected a mapping node, but found {type(node).__name__}",
                node.start_mark,
            )
        self.flatten_mapping(node)  # YAML merge keys (`<<: *base`)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found a non-scalar key; OpenAPI keys are strings",
                    key_node.start_mark,
                )
            # The key as written: OpenAPI keys are strings even when YAML would read a number.
            if key_node.value in mapping:
                raise ConstructorError(
                    None,
                    None,
                    f"duplicate key {key_node.value[:80]!r} in a mapping (YAML forbids it, and "
                    "tools disagree about which value wins)",
                    key_node.start_mark,
                )
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_core_float(self, node: ScalarNode) -> float:
        value = float(self.construct_yaml_float(node))
        if not math.isfinite(value):
            raise ConstructorError(
                None,
                None,
                f"{str(node.value)[:40]!r} is not a JSON number (NaN and infinities are not data "
                "an OpenAPI document can hold)",
                node.start_mark,
            )
        return value

    def construct_core_int(self, node: ScalarNode) -> int:
        text = str(self.construct_scalar(node))
        if text.startswith(("0o", "0x")):
            return int(text, 0)
        return int(text, 10)  # "0755" is 755 in YAML 1.2, not octal


SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
SpecLoader.add_implicit_resolver(_BOOL, _CORE_BOOL, list("tTfF"))
# int before float: the first matching resolver wins and "12" matches both.
SpecLoader.add_implicit_resolver(_INT, _CORE_INT, list("-+0123456789"))
SpecLoader.add_implicit_resolver(_FLOAT, _CORE_FLOAT, list("-+.0123456789"))
SpecLoader.add_constructor(_INT, SpecLoader.construct_core_int)
SpecLoader.add_constructor(_FLOAT, SpecLoader.construct_core_float)
# An explicit `!!timestamp` tag is still honoured by PyYAML; keep it a string too.
SpecLoader.add_constructor(_TIMESTAMP, SpecLoader.construct_yaml_str)
