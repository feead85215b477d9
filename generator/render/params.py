"""`params.py`: the request TypedDicts (ir/params.py) rendered as black writes them.

A TypedDict is printed in class syntax unless the IR chose the functional one (keys that are no
plain identifiers), or one of its fields would make a line wider than black's line length: black
would then split the annotation, which the templates do not lay out (a functional TypedDict's
values are strings, which black never splits). The choice uses the fixed line length, never the
render's layout setting, so a laid-out and a flat render say the same thing.
"""

from __future__ import annotations

import jinja2

from ..ir.model import Api, ParamsDict
from .annotations import annotation
from .env import LINE_LENGTH, double_quotes, width


def render_params(env: jinja2.Environment, api: Api) -> str:
    functional = [
        p.name for p in api.params if p.kind == "typed_dict" and (p.functional or _too_wide(p, api))
    ]
    return env.get_template("client/params.py.jinja").render(api=api, functional=functional)


def _too_wide(p: ParamsDict, api: Api) -> bool:
    for f in p.fields:
        text = double_quotes(annotation(f.type, (), api.param_names, ""))
        if f.required:
            text = f"Required[{text}]"
        if width(f"    {f.key}: {text}") > LINE_LENGTH:
            return True
    return False
