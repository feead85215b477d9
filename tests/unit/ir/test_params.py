"""ir/params.py `param_name`: the TypedDict names of the request models."""

from __future__ import annotations

import itertools

from generator.ir.params import param_name


def test_param_suffix_once() -> None:
    models = {"Address", "RenderingOptionsParam", "Param"}
    assert param_name("Address", models) == "AddressParam"
    assert param_name("RenderingOptionsParam", models) == "RenderingOptionsParam"
    assert param_name("Param", models) == "Param"
    # a name that already says it holds parameters: no `SearchParamsParam`
    assert param_name("SearchParams", {"SearchParams"}) == "SearchParams"
    assert param_name("Search", {"Search", "SearchParams"}) == "SearchParam"


def test_collision_with_another_models_typed_dict() -> None:
    """Model `GiftParam` next to model `Gift` (whose TypedDict is `GiftParam`): `GiftParamDict`;
    model `Gift` keeps `GiftParam` whether or not `GiftParam` exists."""
    assert param_name("GiftParam", {"Gift", "GiftParam"}) == "GiftParamDict"
    assert param_name("Gift", {"Gift", "GiftParam"}) == "GiftParam"
    assert param_name("Gift", {"Gift"}) == "GiftParam"
    assert param_name("GiftParam", {"GiftParam"}) == "GiftParam"


def test_names_are_distinct() -> None:
    """Every set of model names built from a few stems and suffixes (chains `X`, `XParam`,
    `XParamParam`, `XParamDict`...) gets one TypedDict name per model."""
    stems = [
        "X",
        "XParam",
        "XParamParam",
        "XParamDict",
        "XDict",
        "XParamDictParam",
        "Param",
        "XParams",
        "XParamsParam",
        "XParamsDict",
        "Params",
    ]
    for size in range(1, len(stems) + 1):
        for models in itertools.combinations(stems, size):
            names = [param_name(m, set(models)) for m in models]
            assert len(set(names)) == len(names), (models, names)
