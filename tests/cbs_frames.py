"""The shipped CBS datasets, read and typed once per test session (without building the
whole processed store), for the tests of the CBS series."""

from __future__ import annotations

from functools import cache

import pandas as pd

from analyse.config import RAW_DIR, load_municipality
from analyse.data.catalog import load_catalog
from analyse.data.contracts import build_schemas
from analyse.data.validate import finalize, validate_dataset


@cache
def shipped(name: str) -> pd.DataFrame:
    """Dataset ``name`` of data/raw, validated against its contract (fails on any problem)."""
    schemas = build_schemas(load_municipality(RAW_DIR))
    dataset = load_catalog(RAW_DIR, set(schemas))[name]
    schema = schemas[dataset.schema]
    typed, problems = validate_dataset(RAW_DIR / dataset.file, dataset, schema)
    assert not problems, [p.message for p in problems[:5]]
    assert typed is not None
    return finalize(typed, schema)
