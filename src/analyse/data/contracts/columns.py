"""Building blocks of the data contracts: column specs, checks and the schema shape.

Every contract module (:mod:`.local`, :mod:`.iv3`, :mod:`.cbs`) builds its pandera
schemas from these, so that validation, the data dictionary and disclosure control read
one metadata layout (documented in :mod:`analyse.data.contracts`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from analyse.config import Municipality
from analyse.data import cells

#: kind -> (parser of one raw cell, pandas dtype of the typed column)
PARSERS = {
    "text": (cells.parse_text, "str"),
    "category": (cells.parse_text, "str"),
    "list": (cells.parse_text, "str"),
    "money": (cells.parse_money, "float64"),
    "money_thousands": (cells.parse_thousand_euros, "float64"),  # file in k EUR, frame in EUR
    "number": (cells.parse_float, "float64"),
    "fraction": (cells.parse_fraction, "float64"),
    "percent": (cells.parse_percent, "float64"),
    "int": (cells.parse_int, "Int64"),
    "year": (cells.parse_year, "Int64"),
    "quarter": (cells.parse_quarter, pd.PeriodDtype("Q")),
    "halfyear": (cells.parse_halfyear, "str"),
    "date": (cells.parse_date, "datetime64[ns]"),
}


@dataclass(frozen=True)
class ListSpec:
    """Allowed items of a list column ("a|b|c")."""

    allowed: tuple[str, ...]
    all_word: str | None = None  # a single word meaning "all allowed items"


def col(kind: str, title: str, description: str, *, required: bool = True, nullable: bool = False,
         checks: list | None = None, unit: str | None = None, count: bool = False,
         allowed: str | None = None, list_spec: ListSpec | None = None,
         count_rows: dict[str, str] | None = None) -> pa.Column:
    dtype = PARSERS[kind][1]
    meta = {"kind": kind, "unit": unit, "count": count, "allowed": allowed, "list": list_spec,
            "count_rows": count_rows}
    return pa.Column(dtype, checks=checks or [], required=required, nullable=nullable, title=title,
                     description=description, metadata=meta, coerce=False)


def isin(values: tuple[str, ...] | list[str], what: str) -> pa.Check:
    shown = ", ".join(values) if len(values) <= 8 else ", ".join(values[:8]) + ", ..."
    return pa.Check.isin(list(values), error=f"expected {what}: {shown}")


def between(lo: float, hi: float, what: str = "") -> pa.Check:
    return pa.Check.in_range(lo, hi, error=f"expected {what or 'a value'} between {lo:g} and {hi:g}")


def ge(lo: float, what: str = "a value") -> pa.Check:
    return pa.Check.ge(lo, error=f"expected {what} of at least {lo:g}")


def quarter_range(muni: Municipality) -> pa.Check:
    start, end = muni.period_start, muni.period_end
    return pa.Check(lambda s: (s >= start) & (s <= end), element_wise=False,
                    error=f"expected a quarter from {start} to {end} (the last completed quarter)",
                    name="quarter_range")


def year_range(first: int, last: int) -> pa.Check:
    return pa.Check.in_range(first, last, error=f"expected a year from {first} to {last}")


def fraction(title: str, description: str, *, required: bool = True, nullable: bool = False) -> pa.Column:
    return col("fraction", title, description, required=required, nullable=nullable,
                checks=[between(0, 1, "a share")], unit="0-1 (10% = 0,1)")


def range_columns(*specs: tuple[str, str, str]) -> dict[str, pa.Column]:
    """Optional ``<name>_low`` and ``<name>_high`` columns for uncertain inputs."""
    out = {}
    for name, title, kind in specs:
        for end, label in (("low", "laag"), ("high", "hoog")):
            desc = f"{end.capitalize()} end of the {name} range (sensitivity and Monte Carlo)."
            if kind == "fraction":
                out[f"{name}_{end}"] = fraction(f"{title} ({label})", desc, required=False, nullable=True)
            else:
                lo = 1 if kind == "int" else 0
                out[f"{name}_{end}"] = col(kind, f"{title} ({label})", desc, required=False, nullable=True,
                                            checks=[ge(lo, "a value")])
    return out


def make_schema(name: str, title: str, columns: dict[str, pa.Column], key: list[str],
            ranges: dict[str, tuple[str, str]] | None = None, description: str = "") -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, unique=key, name=name, title=title, description=description,
                              strict=False, ordered=False,
                              metadata={"key": key, "ranges": ranges or {}})


