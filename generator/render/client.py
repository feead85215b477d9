"""Render the client side of a package: the top-level `__init__`, `_client.py`, one module per resource."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..findings import ApigenError, error
from ..ir.model import Api, Identifier
from ..ir.params import uses_params
from .env import LINE_LENGTH, environment, without_trailing_whitespace
from .imports import tidy

# What the package's `__init__` re-exports from its runtime (waiter names only when it has one).
RUNTIME_EXPORTS = (
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIRedirectError",
    "APIResponse",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ForbiddenError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "NotGiven",
    "Omit",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestValidationError",
    "ServiceUnavailableError",
    "SyncPage",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "omit",
)
WAITER_EXPORTS = ("JobFailedError", "JobStatus", "WaiterTimeoutError")


@dataclass(frozen=True)
class Export:
    """A name the package's `__init__` binds: `name = class_name` for an alias, else imported."""

    name: Identifier
    class_name: Identifier = Identifier("")


def check_aliases(api: Api, aliases: Sequence[tuple[str, str]]) -> None:
    """`[tool.apigen] exception_aliases`: each a new name for an exception the package exports."""
    exported = set(RUNTIME_EXPORTS) | (set(WAITER_EXPORTS) if api.has_waiter else set())
    for alias, target in aliases:
        if target not in exported or not target[0].isupper() or alias in exported:
            raise ApigenError(
                error(
                    "config-invalid",
                    f"[tool.apigen] exception_aliases: {alias} = {target!r} "
                    + (
                        "shadows an exported name"
                        if alias in exported
                        else "is not an exported name"
                    ),
                    hint="alias one of "
                    + ", ".join(n for n in sorted(exported) if n.endswith("Error")),
                )
            )


def render_client(
    api: Api,
    user_templates: str = "",
    line_length: int | None = LINE_LENGTH,
    aliases: Sequence[tuple[str, str]] = (),
) -> dict[str, str]:
    """Relative path (inside the package) -> unformatted module source."""
    check_aliases(api, aliases)
    env = environment(user_templates, line_length)
    files = {
        "__init__.py": env.get_template("client/package_init.py.jinja").render(
            api=api,
            aliases=[Export(Identifier(a), Identifier(t)) for a, t in aliases],
            names=[Export(Identifier(n)) for n in RUNTIME_EXPORTS],
            waiter_names=[Export(Identifier(n)) for n in WAITER_EXPORTS] if api.has_waiter else [],
        ),
        "_client.py": env.get_template("client/client.py.jinja").render(api=api),
        "resources/__init__.py": env.get_template("client/resources/init.py.jinja").render(api=api),
    }
    if api.webhooks:
        files["_webhooks.py"] = env.get_template("client/webhooks.py.jinja").render(api=api)
    resource_template = env.get_template("client/resources/resource.py.jinja")
    for resource in api.resources:
        files[f"resources/{resource.module}.py"] = resource_template.render(
            api=api, resource=resource, uses_params=uses_params(resource, api.param_models)
        )
    if api.params:
        # The request TypedDicts (ir/params.py); a wide key is split as black splits it.
        files["params.py"] = env.get_template("client/params.py.jinja").render(api=api)
    return {path: tidy(without_trailing_whitespace(text)) for path, text in files.items()}
