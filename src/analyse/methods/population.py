"""Inhabitants and the one rule for "per 1,000 inhabitants".

Convention: a count in a period is divided by the inhabitants of the period's calendar
year as the population table gives them (CBS: 1 January), times 1,000; no interpolation
within the year. Every rate per 1,000 in the toolkit is computed here and named
:data:`RATE_COLUMN`, so the disclosure rules know it by one name.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyse.errors import SeriesError

#: Column holding a rate per 1,000 inhabitants, everywhere in the toolkit.
RATE_COLUMN = "per_1000"
#: Column holding the inhabitants used as denominator.
INHABITANTS_COLUMN = "inhabitants"
PER = 1000


def per_1000(count: pd.Series | np.ndarray | float, inhabitants: pd.Series | np.ndarray | float):
    """count / inhabitants x 1,000 (NaN where inhabitants are missing or not positive)."""
    count_arr = np.asarray(count, dtype=float)
    inh = np.asarray(inhabitants, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(inh > 0, count_arr / inh * PER, np.nan)
    if isinstance(count, pd.Series):
        return pd.Series(rate, index=count.index, name=RATE_COLUMN)
    return rate if rate.ndim else float(rate)


def inhabitants(population: pd.DataFrame, year: int | None = None) -> pd.Series:
    """Inhabitants per kern in ``year`` (default: the latest year in the table)."""
    year = int(population["year"].max()) if year is None else int(year)
    rows = population[population["year"].astype(int) == year]
    if rows.empty:
        raise SeriesError(
            "population",
            f"no inhabitants for {year} (the table has "
            f"{int(population['year'].min())}-{int(population['year'].max())})",
        )
    return rows.set_index(rows["kern"].astype(str))["inhabitants"].astype(float).rename(INHABITANTS_COLUMN)


def add_inhabitants(
    frame: pd.DataFrame, population: pd.DataFrame, *, year: pd.Series | None = None, what: str = "the rate per 1,000"
) -> pd.DataFrame:
    """``frame`` (with ``kern`` and ``quarter`` or ``year``) plus ``inhabitants`` of that kern and year.

    year: the calendar year per row; default the year of ``frame['quarter']``, else ``frame['year']``.
    A kern-year without a positive population raises :class:`SeriesError` naming it."""
    if year is None:
        year = frame["quarter"].dt.year if "quarter" in frame else frame["year"]
    pop = population[["year", "kern", "inhabitants"]].astype({"year": int, "kern": str, "inhabitants": float})
    keys = pd.DataFrame({"year": np.asarray(year, dtype=int), "kern": frame["kern"].astype(str).to_numpy()})
    merged = keys.merge(pop, on=["year", "kern"], how="left")
    lacking = merged[merged["inhabitants"].isna() | (merged["inhabitants"] <= 0)]
    if not lacking.empty:
        row = lacking.iloc[0]
        raise SeriesError(
            "population", f"no inhabitants (or zero) for kern '{row.kern}' in {row.year}: needed for {what}"
        )
    out = frame.copy()
    out[INHABITANTS_COLUMN] = merged["inhabitants"].to_numpy()
    return out


def add_rate_per_1000(frame: pd.DataFrame, population: pd.DataFrame, count: str = "clients") -> pd.DataFrame:
    """``frame`` (quarter or year, kern, ``count``) plus ``inhabitants`` and :data:`RATE_COLUMN`."""
    out = add_inhabitants(frame, population, what=f"the rate per 1,000 of '{count}'")
    out[RATE_COLUMN] = per_1000(out[count].astype(float).to_numpy(), out[INHABITANTS_COLUMN].to_numpy())
    return out
