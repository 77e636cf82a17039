"""Data contracts: one pandera schema per dataset.

A schema names every column with its type (``kind``), Dutch title, description, unit,
whether it is required and may be empty, its allowed values or range, and the key
that must be unique. Allowed kernen, partners, policy fields and actors come from the
municipality's configuration, so :func:`build_schemas` takes it as an argument.

Each column's ``metadata`` carries:

- ``kind``: how a raw cell is parsed (see :data:`PARSERS`);
- ``unit``: e.g. "EUR", "aantal personen", "0-1";
- ``count``: True for counts of people (protected against small numbers in reports);
- ``count_rows``: for a column that counts people in some rows only, the rows that do, as
  {flag column: value} (the evaluations' ``value`` counts people where ``is_count`` is
  "ja"; a percentage, rapportcijfer or number of days in other rows is not a count);
- ``allowed``: a short description of the allowed values for the data dictionary.

The schema's own metadata holds ``key`` (unique columns), ``ranges`` (value columns
with optional ``_low``/``_high`` columns that must bracket them) and ``file``.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analyse.config import Municipality
from analyse.data.contracts.cbs import cbs_schemas
from analyse.data.contracts.columns import PARSERS, ListSpec
from analyse.data.contracts.iv3 import iv3_schemas
from analyse.data.contracts.local import local_schemas

__all__ = ["PARSERS", "ListSpec", "build_schemas", "column_kind", "count_metadata"]


def build_schemas(muni: Municipality) -> dict[str, pa.DataFrameSchema]:
    """Every dataset's contract for one municipality's configuration."""
    schemas = local_schemas(muni) + iv3_schemas() + cbs_schemas()
    return {s.name: s for s in schemas}


def count_metadata() -> dict[str, dict[str, bool | dict[str, str]]]:
    """Per dataset, its columns that count people: True (every row) or the ``count_rows``
    rule {flag column: value}. Does not depend on the municipality's configuration."""
    placeholder = Municipality(name="-", cbs_code="-", kernen=("-",), partners=("-",), policy_fields=("-",),
                               actors={"-": "-"}, own_actor="-", period_start=pd.Period("2000Q1", freq="Q"),
                               budget_first_year=2000)
    out: dict[str, dict[str, bool | dict[str, str]]] = {}
    for name, schema in build_schemas(placeholder).items():
        for column, spec in schema.columns.items():
            meta = spec.metadata or {}
            if meta.get("count") or meta.get("count_rows"):
                out.setdefault(name, {})[column] = True if meta.get("count") else dict(meta["count_rows"])
    return out


def column_kind(column: pa.Column) -> str:
    return column.metadata["kind"]
