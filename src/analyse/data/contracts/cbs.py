"""Contracts of the CBS StatLine series: Wmo clients, youth care, Gezondheidsmonitor, population."""

from __future__ import annotations

import pandera.pandas as pa


def cbs_schemas() -> list[pa.DataFrameSchema]:
    """The CBS StatLine contracts (independent of the municipality's configuration)."""
    return []
