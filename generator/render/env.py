"""The Jinja environment: built-in templates, an optional user folder that overrides them file by
file, the escaping filters, and `finalize` refusing any spec string printed raw."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from . import escape
from .annotations import qualify_builtins

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def builtin_templates() -> Path:
    """The top-level `templates/` folder (a source checkout), or its copy inside an installed wheel."""
    if BUILTIN_TEMPLATES.is_dir():
        return BUILTIN_TEMPLATES
    from importlib.resources import files

    return Path(str(files("generator") / "_templates"))


@lru_cache(maxsize=8)
def environment(user_templates: str = "") -> jinja2.Environment:
    search = [str(builtin_templates())]
    if user_templates:
        search.insert(0, user_templates)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=escape.finalize,
    )
    env.filters["pystr"] = escape.pystr
    env.filters["docstring"] = escape.docstring
    env.filters["comment"] = escape.comment
    env.filters["qualify"] = qualify_builtins
    return env
