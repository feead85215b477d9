"""The golden cases: specs whose whole generated package is committed under trees/ and compared
byte for byte. `make golden` (python -m tests.golden.regenerate) rewrites them; review the diff.
The default package is committed once: its golden tree is generated/ itself (`Case.tree`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config import Config, Suppression

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
TREES = Path(__file__).resolve().parent / "trees"
GENERATED = REPO / "generated"  # `make generate`'s output, [tool.apigen] of pyproject.toml


@dataclass(frozen=True)
class Case:
    name: str
    spec: Path
    package: str
    why: str
    client_headers: tuple[str, ...] = ()
    validation: tuple[Suppression, ...] = ()
    committed_in: Path | None = None  # where its tree is committed, when not trees/<name>

    @property
    def tree(self) -> Path:
        """The output folder: the package folder and README.md, api.md, pyproject.toml beside it."""
        return self.committed_in or TREES / self.name

    def config(self, output: Path) -> Config:
        return Config(
            spec=str(self.spec),
            output=str(output),
            package=self.package,
            client_headers=self.client_headers,
            idempotency_header="Idempotency-Key" if self.package.startswith("ocpplab") else "",
            bearer_argument="token" if self.package.startswith("ocpplab") else "",
            exception_aliases=(
                (("ApiError", "APIStatusError"),) if self.package.startswith("ocpplab") else ()
            ),
            validation=self.validation,
        )


CASES = (
    Case(
        "seed",
        REPO / "spec" / "seed-update-charger.yaml",
        "ocpplab_seed",
        "the ground-truth operation alone",
    ),
    Case(
        "ocpplab",
        REPO / "spec" / "ocpplab-gateway.yaml",
        "ocpplab",
        "the whole default API",
        client_headers=("X-Organization-Id",),
        committed_in=GENERATED,  # the same config as pyproject.toml's [tool.apigen]
    ),
    Case(
        "petstore_expanded",
        CORPUS / "oai-petstore-expanded.yaml",
        "petstore_expanded",
        "3.0, allOf",
    ),
    Case(
        "petstore_v3",
        CORPUS / "swagger-petstore-v3.yaml",
        "petstore_v3",
        "3.0 nullable-free classic, forms, octet-stream",
    ),
    Case("museum", CORPUS / "redocly-museum-3.1.yaml", "museum", "3.1, oneOf, examples"),
    Case(
        "baseline_31",
        CORPUS / "peer-fixtures" / "openapi-python-client" / "baseline_openapi_3.1.yaml",
        "baseline_31",
        "3.1 type arrays, oneOf with discriminator, every parameter kind",
        validation=(
            Suppression(
                "spec-invalid",
                "warning",
                "/paths/~1types~1unions~1duplicate-types/post",
                "the peer fixture puts a `title` on an operation object",
            ),
            Suppression(
                "spec-invalid",
                "warning",
                "/paths/~1defaults/post/parameters/1/schema/default",
                "the peer fixture gives a string parameter an integer default",
            ),
        ),
    ),
)
