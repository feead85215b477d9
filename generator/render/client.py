"""Render the client side of a package: the top-level `__init__`, `_client.py`, one module per resource."""

from __future__ import annotations

from ..ir.model import Api
from .env import LINE_LENGTH, environment, without_trailing_whitespace


def render_client(
    api: Api, user_templates: str = "", line_length: int | None = LINE_LENGTH
) -> dict[str, str]:
    """Relative path (inside the package) -> unformatted module source."""
    env = environment(user_templates, line_length)
    files = {
        "__init__.py": env.get_template("client/package_init.py.jinja").render(api=api),
        "_client.py": env.get_template("client/client.py.jinja").render(api=api),
        "resources/__init__.py": env.get_template("client/resources/init.py.jinja").render(api=api),
    }
    if api.webhooks:
        files["_webhooks.py"] = env.get_template("client/webhooks.py.jinja").render(api=api)
    resource_template = env.get_template("client/resources/resource.py.jinja")
    for resource in api.resources:
        files[f"resources/{resource.module}.py"] = resource_template.render(
            api=api, resource=resource
        )
    return {path: without_trailing_whitespace(text) for path, text in files.items()}
