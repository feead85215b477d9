"""Security requirements: what credentials an operation (or the whole document) asks for.

A requirement is compared by what the client sends, not by scheme keys: each alternative becomes a
set of (how the credential travels, scopes) - `api_key in header X-Key`, `bearer`, `oauth2` with
its scopes - so a scheme renamed without other change is no wire change, while an API key replaced
by OAuth, a scope or scheme added, or anonymous access withdrawn is breaking: credentials that
satisfied an old alternative satisfy no new one. Operation-level changes are reported per
operation; a change of the document's `security` is reported once, for every operation inheriting it.
"""

from __future__ import annotations

from ..ir.model import Api, Operation, SecurityRequirement, SecurityScheme
from .model import Context, op_label

Credential = tuple[str, frozenset[str]]  # (how it is sent, scopes)
Alternative = frozenset[Credential]


def _sent(scheme: SecurityScheme | None, key: str) -> str:
    if scheme is None:
        return f"unknown scheme {key}"
    if scheme.kind == "api_key":
        return f"API key in {scheme.location} {scheme.param_name}"
    return {
        "bearer": "bearer token",
        "basic": "HTTP basic",
        "oauth2": "OAuth2 token",
        "openid": "OpenID Connect token",
    }.get(scheme.kind, f"{scheme.kind} {key}")


def alternatives(
    api: Api, requirements: tuple[tuple[SecurityRequirement, ...], ...]
) -> set[Alternative]:
    schemes = {str(s.key): s for s in api.security_schemes}
    return {
        frozenset(
            (_sent(schemes.get(str(r.scheme)), str(r.scheme)), frozenset(r.scopes)) for r in alt
        )
        for alt in requirements
    }


def effective(api: Api, op: Operation) -> set[Alternative]:
    return alternatives(api, op.security if op.security is not None else api.default_security)


def _satisfies(have: Alternative, need: Alternative) -> bool:
    """Credentials for `have` are enough for `need` (same ways of sending, scopes included)."""
    held: dict[str, frozenset[str]] = {}
    for how, scopes in have:
        held[how] = held.get(how, frozenset()) | scopes
    return all(how in held and scopes <= held[how] for how, scopes in need)


def describe(alts: set[Alternative]) -> str:
    if not alts or frozenset() in alts:
        return (
            "none"
            if not alts or alts == {frozenset()}
            else _join(alts - {frozenset()}) + " or none"
        )
    return _join(alts)


def _join(alts: set[Alternative]) -> str:
    def one(alt: Alternative) -> str:
        return " + ".join(
            f"{how}" + (f" (scopes {', '.join(sorted(scopes))})" if scopes else "")
            for how, scopes in sorted(alt, key=lambda c: (c[0], sorted(c[1])))
        )

    return " or ".join(sorted(one(alt) for alt in alts))


def _judge(old: set[Alternative], new: set[Alternative]) -> str:
    """ "" when the same, "changed" when old credentials may fail, "relaxed" otherwise."""
    if old == new:
        return ""
    old_alts = old or {frozenset()}  # no requirement: anonymous access
    new_alts = new or {frozenset()}
    for have in old_alts:
        if not any(_satisfies(have, need) for need in new_alts):
            return "changed"
    return "relaxed"


def _report(
    ctx: Context,
    verdict: str,
    old: set[Alternative],
    new: set[Alternative],
    *,
    subject: str,
    pointer: str,
    operation: str = "",
    operations: tuple[str, ...] = (),
) -> None:
    before, after = describe(old), describe(new)
    if verdict == "changed":
        ctx.add(
            "security-requirement-changed",
            f"{subject} now requires {after} (was {before}): credentials that worked may be refused",
            operation=operation,
            subject=subject,
            pointer=pointer,
            old=before,
            new=after,
            operations=operations,
        )
    else:
        ctx.add(
            "security-requirement-relaxed",
            f"{subject} now accepts {after} (was {before})",
            operation=operation,
            subject=subject,
            pointer=pointer,
            old=before,
            new=after,
            operations=operations,
        )


def check_operation(ctx: Context, old: Operation, new: Operation, label: str) -> None:
    if old.security is None and new.security is None:
        return  # both inherit the document's requirement: `check_document` reports it once
    before, after = effective(ctx.old.api, old), effective(ctx.new.api, new)
    verdict = _judge(before, after)
    if verdict:
        _report(
            ctx,
            verdict,
            before,
            after,
            subject="security",
            pointer=f"{new.pointer}/security" if new.security is not None else "/security",
            operation=label,
        )


def check_document(ctx: Context) -> None:
    old_api, new_api = ctx.old.api, ctx.new.api
    before = alternatives(old_api, old_api.default_security)
    after = alternatives(new_api, new_api.default_security)
    verdict = _judge(before, after)
    if verdict:
        inheriting = tuple(
            sorted(
                op_label(new)
                for old, _, new, _ in ctx.matched_ops()
                if old.security is None and new.security is None
            )
        )
        if inheriting:
            _report(
                ctx,
                verdict,
                before,
                after,
                subject="document security",
                pointer="/security",
                operations=inheriting,
            )
    # The generated Client takes one constructor argument per API-key scheme (bearer, basic and
    # OAuth share `token` / `username` + `password`): a removed or renamed one is a TypeError.
    old_keys = {str(s.name): s for s in old_api.security_schemes if s.kind == "api_key"}
    new_keys = {str(s.name) for s in new_api.security_schemes if s.kind == "api_key"}
    for name, scheme in sorted(old_keys.items()):
        if name not in new_keys:
            ctx.add(
                "python-credential-removed",
                f"Client({name}=...) removed: the API-key scheme {scheme.key!s} was removed or renamed",
                subject=f"Client({name})",
                pointer="/components/securitySchemes",
                old=name,
            )
