"""validate: openapi-spec-validator plus apigen's own checks -> located findings."""

from .run import validate_spec

__all__ = ["validate_spec"]
