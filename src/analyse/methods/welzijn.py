"""Welfare monitor: indicators against their targets and participations per 1,000 inhabitants.

Conventions: ``direction`` "hoger" means higher is better (on target when value >=
target), "lager" means lower is better (on target when value <= target); an empty
direction counts as "hoger". Indicators without a target are "geen streefwaarde".
Two more statuses are for publishing only (set by
:func:`analyse.disclosure.tables.publishable_status`, never here): "binnen afronding van
de streefwaarde" and "klein aantal, niet te beoordelen", for counts of people whose shown
(rounded or hidden) value is consistent with both on target and behind.
"Reach" is the number of participations, the participants summed over interventions, per
1,000 inhabitants of the kern, in the same quarter's year (the one rule of
:mod:`analyse.methods.population`). It is not the number of distinct inhabitants reached: a
person in three activities counts three times, and the data hold no person identifiers to
remove that (reports call it "deelnames per 1.000 inwoners"). After **Dalfsen welzijn 2015** (steering on outcomes
with indicators).
"""

from __future__ import annotations

import pandas as pd

from analyse.methods.kernen import inhabitants_in_order
from analyse.methods.population import INHABITANTS_COLUMN, RATE_COLUMN, per_1000

ON_TARGET, OFF_TARGET, NO_TARGET = "op koers", "achter op streefwaarde", "geen streefwaarde"
#: Publishing statuses (see the module docstring): the rounding band of the shown count, or the
#: range of a hidden one, holds values on target and values behind.
WITHIN_ROUNDING_STATUS, SMALL_COUNT_STATUS = "binnen afronding van de streefwaarde", "klein aantal, niet te beoordelen"
#: Every status, in the order of :func:`status_summary`'s columns.
STATUSES = (ON_TARGET, OFF_TARGET, WITHIN_ROUNDING_STATUS, SMALL_COUNT_STATUS, NO_TARGET)

#: Column of :func:`reach_per_1000` (and of the notebooks' participant series): a count of
#: people derived from the evaluations' count rows, protected in reports like one.
PARTICIPANTS_COLUMN = "participants"

__all__ = ["NO_TARGET", "OFF_TARGET", "ON_TARGET", "PARTICIPANTS_COLUMN", "SMALL_COUNT_STATUS", "STATUSES",
           "WITHIN_ROUNDING_STATUS", "participants_per_quarter", "indicator_status", "meets_target",
           "reach_per_1000", "status_summary"]


def meets_target(values: pd.Series, target: pd.Series, direction: pd.Series) -> pd.Series:
    """True where ``values`` are on target: >= target, or <= target where ``direction`` is
    "lager" (empty direction: "hoger"); False where the value or the target is missing."""
    values, target = pd.Series(values, dtype="float64"), pd.Series(target, dtype="float64")
    lower_better = pd.Series(direction, index=values.index).astype("string").fillna("hoger").eq("lager")
    return (values - target).where(~lower_better.to_numpy(dtype=bool), target - values).ge(0)


def indicator_status(evaluations: pd.DataFrame, quarter: pd.Period | str) -> pd.DataFrame:
    """Every indicator of ``quarter`` with its target, the gap and a status.

    gap: value - target in the indicator's unit (positive = above target);
    status: "op koers", "achter op streefwaarde" or "geen streefwaarde".
    Decided on the true values: a count of people that a report shows rounded (58 as
    "58–62") keeps the status of its true value (58 against 60: behind)."""
    quarter = pd.Period(quarter, freq="Q")
    rows = evaluations[evaluations["quarter"] == quarter].copy()
    rows["gap"] = rows["value"] - rows["target"]
    on_target = meets_target(rows["value"], rows["target"], rows["direction"]).to_numpy(dtype=bool)
    rows["status"] = [NO_TARGET if pd.isna(t) else (ON_TARGET if ok else OFF_TARGET)
                      for t, ok in zip(rows["target"], on_target)]
    return rows.reset_index(drop=True)


def status_summary(status: pd.DataFrame, by: str = "partner") -> pd.DataFrame:
    """Counts of indicators per status (columns :data:`STATUSES`), per ``by`` (partner or kern),
    plus the share off target among the indicators with a decided status (on target or behind)."""
    table = pd.crosstab(status[by], status["status"]).reindex(columns=list(STATUSES), fill_value=0)
    with_target = table[ON_TARGET] + table[OFF_TARGET]
    table["aandeel_achter"] = (table[OFF_TARGET] / with_target).where(with_target > 0)
    return table


def reach_per_1000(evaluations: pd.DataFrame, population: pd.DataFrame, quarter: pd.Period | str,
                   indicator: str = "deelnemers") -> pd.DataFrame:
    """Participations (sum of ``indicator`` over interventions: one person in 3 activities counts
    3 times) per kern in ``quarter``, and per 1,000 inhabitants of the kern in the quarter's
    year (an error when that year is missing).

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
    """Participations (sum of ``indicator`` over interventions, so a person in several activities
    counts once per activity) per quarter and kern.

    Columns: quarter, kern, participants (a count of people)."""
    rows = evaluations[evaluations["indicator"] == indicator]
    return (rows.groupby(["quarter", "kern"], observed=True)["value"].sum()
            .rename(PARTICIPANTS_COLUMN).reset_index())
