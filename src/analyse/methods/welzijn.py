"""Welfare monitor: indicators against their targets and reach per 1,000 inhabitants.

Conventions: ``direction`` "hoger" means higher is better (on target when value >=
target), "lager" means lower is better (on target when value <= target); an empty
direction counts as "hoger". Indicators without a target are "geen streefwaarde".
Reach is the number of participants (rows with ``is_count`` "ja") per 1,000
inhabitants of the kern, in the same quarter's year (the one rule of
:mod:`analyse.methods.population`). After **Dalfsen welzijn 2015** (steering on outcomes
with indicators).
"""

from __future__ import annotations

import pandas as pd

from analyse.methods.kernen import inhabitants_in_order
from analyse.methods.population import INHABITANTS_COLUMN, RATE_COLUMN, per_1000

ON_TARGET, OFF_TARGET, NO_TARGET = "op koers", "achter op streefwaarde", "geen streefwaarde"

#: Column of :func:`reach_per_1000` (and of the notebooks' participant series): a count of
#: people derived from the evaluations' count rows, protected in reports like one.
PARTICIPANTS_COLUMN = "participants"

__all__ = ["NO_TARGET", "OFF_TARGET", "ON_TARGET", "PARTICIPANTS_COLUMN", "participants_per_quarter",
           "indicator_status", "reach_per_1000", "status_summary"]


def indicator_status(evaluations: pd.DataFrame, quarter: pd.Period | str) -> pd.DataFrame:
    """Every indicator of ``quarter`` with its target, the gap and a status.

    gap: value - target in the indicator's unit (positive = above target);
    status: "op koers", "achter op streefwaarde" or "geen streefwaarde".
    Decided on the true values: a count of people that a report shows rounded (58 as
    "58–62") keeps the status of its true value (58 against 60: behind)."""
    quarter = pd.Period(quarter, freq="Q")
    rows = evaluations[evaluations["quarter"] == quarter].copy()
    lower_better = rows["direction"].astype("string").fillna("hoger").eq("lager").to_numpy(dtype=bool)
    rows["gap"] = rows["value"] - rows["target"]
    on_target = (rows["gap"].where(~lower_better, -rows["gap"]) >= 0).to_numpy(dtype=bool)
    rows["status"] = [NO_TARGET if pd.isna(t) else (ON_TARGET if ok else OFF_TARGET)
                      for t, ok in zip(rows["target"], on_target)]
    return rows.reset_index(drop=True)


def status_summary(status: pd.DataFrame, by: str = "partner") -> pd.DataFrame:
    """Counts of indicators per status, per ``by`` (partner or kern), plus the share off target
    among the indicators that have a target."""
    table = pd.crosstab(status[by], status["status"]).reindex(columns=[ON_TARGET, OFF_TARGET, NO_TARGET], fill_value=0)
    with_target = table[ON_TARGET] + table[OFF_TARGET]
    table["aandeel_achter"] = (table[OFF_TARGET] / with_target).where(with_target > 0)
    return table


def reach_per_1000(evaluations: pd.DataFrame, population: pd.DataFrame, quarter: pd.Period | str,
                   indicator: str = "deelnemers") -> pd.DataFrame:
    """Participants (sum of ``indicator`` over interventions) per kern in ``quarter``, and per
    1,000 inhabitants of the kern in the quarter's year (an error when that year is missing).

    Columns: kern, participants, inhabitants, per_1000."""
    quarter = pd.Period(quarter, freq="Q")
    rows = evaluations[(evaluations["quarter"] == quarter) & (evaluations["indicator"] == indicator)]
    per_kern = rows.groupby("kern", observed=False)["value"].sum().rename(PARTICIPANTS_COLUMN)
    people = inhabitants_in_order(population, quarter.year)
    table = pd.concat([per_kern, people.rename(INHABITANTS_COLUMN)], axis=1).fillna({PARTICIPANTS_COLUMN: 0})
    table[RATE_COLUMN] = per_1000(table[PARTICIPANTS_COLUMN], table[INHABITANTS_COLUMN])
    table.index.name = "kern"
    return table.reset_index()


def participants_per_quarter(evaluations: pd.DataFrame, indicator: str = "deelnemers") -> pd.DataFrame:
    """Participants (sum of ``indicator`` over interventions) per quarter and kern.

    Columns: quarter, kern, participants (a count of people)."""
    rows = evaluations[evaluations["indicator"] == indicator]
    return (rows.groupby(["quarter", "kern"], observed=True)["value"].sum()
            .rename(PARTICIPANTS_COLUMN).reset_index())
