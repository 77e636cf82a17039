"""One call per dataset: the validated, typed frame, rebuilt first when stale.

    >>> from analyse import data
    >>> budget = data.budget()          # doctest: +SKIP

Quarters are pandas Periods (freq Q), money is float euros, kern, partner, policy
field and other coded columns are categoricals in configuration order, dates are
datetime64, list cells (dimensions, kernen) are text separated by "|" (see
:func:`explode_list`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analyse.config import ALL_KERNEN, LIST_SEPARATOR, PROCESSED_DIR, RAW_DIR
from analyse.data.store import build, read_manifest


def load(name: str, data_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> pd.DataFrame:
    """Dataset ``name`` from processed data, building it first when inputs changed.

    Raises InputError (every problem, as ``analyse validate`` prints them) when the
    raw data are invalid; the previous processed data then stay as they were."""
    out_dir = Path(processed_dir or PROCESSED_DIR)
    build(data_dir or RAW_DIR, out_dir)
    manifest = read_manifest(out_dir) or {}
    outputs = manifest.get("outputs", {})
    if name not in outputs:
        raise KeyError(f"no dataset '{name}' in {out_dir}: expected one of {', '.join(sorted(outputs))}")
    return pd.read_parquet(out_dir / outputs[name]["file"])


def is_illustrative(name: str, processed_dir: Path | str | None = None) -> bool:
    """True when the catalog marks dataset ``name`` as (partly) invented example data."""
    manifest = read_manifest(Path(processed_dir or PROCESSED_DIR)) or {}
    return manifest.get("outputs", {}).get(name, {}).get("status", "illustrative") != "real"


def explode_list(frame: pd.DataFrame, column: str, all_items: list[str] | None = None) -> pd.DataFrame:
    """One row per item of a "|"-separated list column; ``alle`` expands to ``all_items``."""

    def items(cell: object) -> list[str]:
        if not isinstance(cell, str) or not cell:
            return []
        if cell == ALL_KERNEN and all_items is not None:
            return list(all_items)
        return cell.split(LIST_SEPARATOR)

    out = frame.assign(**{column: frame[column].map(items)}).explode(column, ignore_index=True)
    return out.dropna(subset=[column])


def _dataset(name: str, doc: str) -> Callable[..., pd.DataFrame]:
    """A notebook call ``data.<name>()`` for one dataset of the catalog."""

    def loader(data_dir: Path | str | None = None, processed_dir: Path | str | None = None) -> pd.DataFrame:
        return load(name, data_dir=data_dir, processed_dir=processed_dir)

    loader.__name__ = loader.__qualname__ = name
    loader.__doc__ = (
        f"{doc}\n\nThe validated dataset ``{name}`` (see :func:`load`; columns in docs/data-dictionary.md)."
    )
    return loader


budget = _dataset("budget", "Begroting per year, policy field and budget line (EUR, nominal).")
realisation = _dataset("realisation", "Spending per quarter and budget line (EUR, nominal, not cumulative).")
evaluations = _dataset("evaluations", "Indicator values per quarter, kern, partner and intervention.")
interventions = _dataset("interventions", "Interventions register.")
care_use = _dataset("care_use", "Wmo and youth-care clients per kern and quarter (counts of people).")
positive_health = _dataset(
    "positive_health", "Positive Health mean scores (0-10) per survey round, kern and dimension."
)
sroi_projects = _dataset("sroi_projects", "SROI/MKBA projects.")
sroi_investments = _dataset(
    "sroi_investments", "SROI/MKBA investments by project, payer, year and kind (EUR of the price year)."
)
sroi_outcomes = _dataset("sroi_outcomes", "SROI/MKBA outcomes with deductions and uncertainty ranges.")
cpi = _dataset("cpi", "Consumer price index per year (2015 = 100).")
population = _dataset("population", "Inhabitants per kern and year.")
iv3 = _dataset("iv3", "Iv3 budgets and accounts of all municipalities by taakveld (EUR, nominal; CBS).")
gemeenteklassen = _dataset("gemeenteklassen", "CBS classes of every municipality per year (peer groups).")
cbs_wmo_halfyear = _dataset("cbs_wmo_halfyear", "Wmo clients (count, per 1,000) per half-year, municipality, "
                            "Nederland and Dalfsen wijk (CBS 86050NED; halfyear '2024H1').")
cbs_wmo_year = _dataset("cbs_wmo_year", "Wmo clients (count, per 1,000) per year, municipality, Nederland and "
                        "Dalfsen wijk (CBS 86050NED).")
cbs_youth_care_halfyear = _dataset("cbs_youth_care_halfyear", "Young people with youth care (count, % of 0-22) "
                                   "per half-year and municipality (CBS 84134NED, 85099NED).")
cbs_youth_care_year = _dataset("cbs_youth_care_year", "Young people with youth care (count, % of 0-22) per year "
                               "and municipality (CBS 84134NED, 85099NED).")
cbs_health_monitor = _dataset("cbs_health_monitor", "Gezondheidsmonitor volwassenen en ouderen 2016/2020/2022 per "
                              "municipality: % with 95% bounds (CBS 83674NED, 85012NED, 85563NED).")
cbs_population = _dataset("cbs_population", "Population of the municipality on 1 January (CBS 03759ned).")


def municipalities(classes: pd.DataFrame | None = None, year: int | None = None) -> list[str]:
    """Names of the municipalities (342 in 2023-2025; no 'Nederland'), sorted as Dutch
    readers expect (case-insensitive, "'s-" prefixes first), from ``gemeenteklassen``
    (loaded when not given) for ``year`` (default: the latest year)."""
    frame = gemeenteklassen() if classes is None else classes
    year = int(frame["year"].max()) if year is None else year
    names = frame.loc[frame["year"] == year, "municipality"].astype(str)
    return sorted(names.unique(), key=str.casefold)

__all__ = [
    "load",
    "is_illustrative",
    "explode_list",
    "budget",
    "realisation",
    "evaluations",
    "interventions",
    "care_use",
    "positive_health",
    "sroi_projects",
    "sroi_investments",
    "sroi_outcomes",
    "cpi",
    "population",
    "iv3",
    "gemeenteklassen",
    "cbs_wmo_halfyear",
    "cbs_wmo_year",
    "cbs_youth_care_halfyear",
    "cbs_youth_care_year",
    "cbs_health_monitor",
    "cbs_population",
    "municipalities",
]
