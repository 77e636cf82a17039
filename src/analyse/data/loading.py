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
]
