"""The prevention pyramid: interventions and money per prevention level, and the two phases.

After **Dalfsen preventie 2021** (levels 1 universal, 2 selective, 3 indicated, 4
care-related prevention; phase 1 = levels 1-2, phase 2 = levels 3-4) and
**Preventieniveaus** (Deklerck, as used by RIVM). Method and defaults: ``docs/prevention.md``.

Conventions: money is euros per year (the register's ``annual_budget_eur``; budget lines of
one year, nominal). ``as_of``: only interventions running on that date (started on or
before it, no end date or ending on or after it); ``None`` keeps the whole register.
:func:`running`, :func:`as_date` and :func:`reference_year` are shared by the other
prevention methods.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analyse.config import PREVENTION_LEVELS

#: Dalfsen preventie 2021: phase 1 covers the two lower steps of the pyramid, phase 2 steps three and four.
PHASE_OF_LEVEL: dict[int, int] = {1: 1, 2: 1, 3: 2, 4: 2}
PHASE_LABELS: dict[int, str] = {1: "Fase 1 (niveau 1-2)", 2: "Fase 2 (niveau 3-4)"}

__all__ = ["PHASE_LABELS", "PHASE_OF_LEVEL", "phase_split", "pyramid", "running"]


def as_date(value: Any) -> pd.Timestamp | None:
    """A date (time of day dropped), or None for None."""
    return None if value is None else pd.Timestamp(value).normalize()


def reference_year(year: int | None, when: pd.Timestamp | None, frame: pd.DataFrame) -> int:
    """The year asked for, else the year of ``when``, else the latest year in ``frame['year']``."""
    if year is not None:
        return int(year)
    return when.year if when is not None else int(frame["year"].max())


def running(interventions: pd.DataFrame, as_of: object = None) -> pd.DataFrame:
    """Interventions running on ``as_of`` (start <= as_of <= end, open end); all when None."""
    when = as_date(as_of)
    if when is None:
        return interventions.copy()
    ended = interventions["end_date"].notna() & (interventions["end_date"] < when)
    return interventions[(interventions["start_date"] <= when) & ~ended].copy()


def pyramid(interventions: pd.DataFrame, budget: pd.DataFrame | None = None, *, year: int | None = None,
            as_of: object = None) -> pd.DataFrame:
    """Interventions and money per prevention level x policy field, with the phase of each level.

    Columns: level, level_label, phase, policy_field, interventions (count),
    intervention_budget_eur (sum of annual budgets, EUR per year) and, when ``budget`` is
    given, budget_eur (budget lines of ``year`` carrying that level, nominal EUR; default
    year: ``as_of``'s year, else the latest). Budget lines without a level are not
    prevention and left out. Every level x policy field pair appears, zeros included."""
    active = running(interventions, as_of)
    fields = list(interventions["policy_field"].cat.categories) \
        if isinstance(interventions["policy_field"].dtype, pd.CategoricalDtype) \
        else sorted(interventions["policy_field"].astype(str).unique())
    grid = pd.MultiIndex.from_product([list(PREVENTION_LEVELS), fields], names=["level", "policy_field"])
    keys = [active["prevention_level"].astype(int).rename("level"), active["policy_field"].astype(str)]
    out = pd.DataFrame({
        "interventions": active.groupby(keys).size(),
        "intervention_budget_eur": active["annual_budget_eur"].fillna(0.0).groupby(keys).sum(),
    }).reindex(grid, fill_value=0)
    if budget is not None:
        chosen = reference_year(year, as_date(as_of), budget)
        lines = budget[(budget["year"] == chosen) & budget["prevention_level"].notna()]
        out["budget_eur"] = lines["amount_eur"].groupby(
            [lines["prevention_level"].astype(int).rename("level"), lines["policy_field"].astype(str)]).sum()
        out["budget_eur"] = out["budget_eur"].fillna(0.0)
        out.attrs["year"] = chosen
    out = out.reset_index()
    out.insert(1, "level_label", out["level"].map(PREVENTION_LEVELS))
    out.insert(2, "phase", out["level"].map(PHASE_OF_LEVEL))
    out["interventions"] = out["interventions"].astype(int)
    return out


def phase_split(pyramid_table: pd.DataFrame) -> pd.DataFrame:
    """Totals per phase (phase 1 = levels 1-2, phase 2 = levels 3-4) with shares.

    Sums every numeric column of :func:`pyramid` per phase; ``share_<column>`` is the
    phase's share of the total (0-1)."""
    measures = [c for c in ("interventions", "intervention_budget_eur", "budget_eur") if c in pyramid_table]
    out = pyramid_table.groupby("phase")[measures].sum().reindex(list(PHASE_LABELS), fill_value=0)
    for column in measures:
        total = out[column].sum()
        out[f"share_{column}"] = out[column] / total if total else np.nan
    out.insert(0, "phase_label", out.index.map(PHASE_LABELS))
    return out.reset_index()
