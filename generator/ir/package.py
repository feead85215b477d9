"""The generated package's import name: from `--package` / `[tool.apigen] package`, or the title."""

from __future__ import annotations

import keyword
import sys

from ..config import Config
from ..findings import ApigenError, Location, error
from .model import Identifier
from .naming import WINDOWS_RESERVED, snake, words

# A package named like one of these would shadow the module the SDK or its users import.
SHADOWED_MODULES = frozenset(
    {
        "httpx",
        "pydantic",
        "fastapi",
        "starlette",
        "typing",
        "json",
        "os",
        "sys",
        "re",
        "enum",
        "abc",
        "asyncio",
        "logging",
        "types",
        "uuid",
        "datetime",
        "decimal",
        "collections",
        "functools",
        "io",
        "test",
        "tests",
        "generator",
        "models",
        "builtins",
        "anyio",
        "email",
        "http",
        "string",
        "time",
    }
)
# Every standard-library module (with those removed since 3.11, so that the output does not depend
# on which Python runs apigen), what the generated package imports, and Windows device names.
SHADOWED_MODULES = SHADOWED_MODULES | frozenset(
    name
    for name in (
        *sys.stdlib_module_names,
        *[
            "asynchat",
            "asyncore",
            "distutils",
            "imp",
            "smtpd",
            "aifc",
            "audioop",
            "cgi",
            "cgitb",
            "chunk",
            "crypt",
            "imghdr",
            "mailcap",
            "msilib",
            "nis",
            "nntplib",
            "ossaudiodev",
            "pipes",
            "sndhdr",
            "spwd",
            "sunau",
            "telnetlib",
            "uu",
            "xdrlib",
            "lib2to3",
        ],
        *[
            "httpx",
            "httpcore",
            "h11",
            "idna",
            "certifi",
            "sniffio",
            "anyio",
            "pydantic",
            "pydantic_core",
            "annotated_types",
            "typing_extensions",
            "typing_inspection",
            "fastapi",
            "starlette",
            "exceptiongroup",
        ],
        *WINDOWS_RESERVED,
    )
    if not name.startswith("_")
)


def package_for(config: Config, title: str) -> Identifier:
    """The configured package name (made safe, refused when it shadows a module), else one from
    the spec's title."""
    return given_package(config.package) if config.package else package_name(title)


def package_name(title: str) -> Identifier:
    """The title's first word as its users write it, lower-case: `OCPPLab Gateway API` ->
    `ocpplab`, `GitHub v3 REST API` -> `github`, `OpenAI API` -> `openai` (the names of their
    official SDKs), not cut where the case changes (`git`, `open`)."""
    firsts = [w for w in ("".join(words(chunk)).lower() for chunk in title.split()) if w]
    if len(firsts) > 1 and firsts[0] == "the":
        firsts.pop(0)
    name = snake(firsts[0] if firsts else "client", fallback="client")
    if name.lower() in SHADOWED_MODULES:
        name = Identifier(f"{name}_sdk")
    return name


def given_package(name: str) -> Identifier:
    """`--package` as the user wrote it when it is already a valid module name; made safe otherwise.
    A name that would shadow a module the package or its users import is refused."""
    if name.isascii() and name.isidentifier() and not keyword.iskeyword(name):
        safe = Identifier(name)
    else:
        safe = snake(name, "client")
    if safe.lower() in SHADOWED_MODULES:
        raise ApigenError(
            error(
                "package-shadows",
                f"package name {name!r} would shadow the module {safe.lower()!r} "
                "(the standard library, a dependency of the generated package, or a Windows "
                "device name)",
                location=Location("--package"),
                hint=f"choose another name, e.g. --package {safe}_sdk",
            )
        )
    return safe
