"""Contracts of the Iv3 budgets and accounts of all municipalities (CBS, by taakveld)."""

from __future__ import annotations

import pandera.pandas as pa


def iv3_schemas() -> list[pa.DataFrameSchema]:
    """The Iv3 contracts (independent of the municipality's configuration)."""
    return []
