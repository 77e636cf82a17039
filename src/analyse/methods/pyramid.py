"""The prevention pyramid: interventions and money per prevention level, and the two phases.

After **Dalfsen preventie 2021** (levels 1 universal, 2 selective, 3 indicated, 4
care-related prevention; phase 1 = levels 1-2, phase 2 = levels 3-4) and
**Preventieniveaus** (Deklerck, as used by RIVM). Method and defaults: ``docs/prevention.md``.

Two sources of money, which measure different things and are never added: **budget lines**
(``budget``: what the municipality budgets in a year, each line put as a whole at one
prevention level) and **intervention budgets** (the register's ``annual_budget_eur``: what
each partner intervention costs a year, at the intervention's own level, whoever pays it).
:func:`budget_comparison` sets them side by side per policy field and :func:`unbudgeted`
lists interventions running in a year whose policy field has no budget line that year.

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

__all__ = ["PHASE_LABELS", "PHASE_OF_LEVEL", "budget_comparison", "phase_split", "pyramid", "running",
           "running_in_year", "unbudgeted"]


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


def running_in_year(interventions: pd.DataFrame, year: int) -> pd.DataFrame:
    """Interventions running at any time in calendar ``year`` (start <= 31 Dec, end open or >= 1 Jan)."""
    first, last = pd.Timestamp(year=int(year), month=1, day=1), pd.Timestamp(year=int(year), month=12, day=31)
    ended = interventions["end_date"].notna() & (interventions["end_date"] < first)
    return interventions[(interventions["start_date"] <= last) & ~ended].copy()


def _active(interventions: pd.DataFrame, year: int | None, as_of: object) -> pd.DataFrame:
    """Running on ``as_of`` when given (as :func:`pyramid` counts), else at any time in ``year``."""
    return running(interventions, as_of) if as_of is not None else running_in_year(interventions, int(year or 0))


def budget_comparison(interventions: pd.DataFrame, budget: pd.DataFrame, *, year: int | None = None,
                      as_of: object = None) -> pd.DataFrame:
    """Budget lines and intervention budgets side by side per policy field, for one year.

    ``year`` defaults to ``as_of``'s year, else the latest budget year; interventions are
    those running on ``as_of`` (the set :func:`pyramid` counts), else at any time in ``year``.
    Columns (money nominal EUR per year): policy_field; budget_lines (lines of the year with
    an amount > 0); prevention_budget_eur (lines with a prevention level: the pyramid's
    ``budget_eur``); other_budget_eur (lines without a level); interventions (count);
    intervention_budget_eur (sum of ``annual_budget_eur``, missing = 0); not_covered_eur =
    max(intervention budgets - prevention budget lines, 0): what the field's own prevention
    lines cannot pay; no_budget_line: interventions run but the field has no budget line.
    Sums over fields equal the pyramid's totals. ``attrs``: year."""
    chosen = reference_year(year, as_date(as_of), budget)
    fields = list(interventions["policy_field"].cat.categories) \
        if isinstance(interventions["policy_field"].dtype, pd.CategoricalDtype) \
        else sorted(set(interventions["policy_field"].astype(str)) | set(budget["policy_field"].astype(str)))
    lines = budget[(budget["year"] == chosen) & (budget["amount_eur"] > 0)]
    field = lines["policy_field"].astype(str)
    has_level = lines["prevention_level"].notna()
    active = _active(interventions, chosen, as_of)
    out = pd.DataFrame({
        "budget_lines": field.value_counts(),
        "prevention_budget_eur": lines.loc[has_level, "amount_eur"].groupby(field[has_level]).sum(),
        "other_budget_eur": lines.loc[~has_level, "amount_eur"].groupby(field[~has_level]).sum(),
        "interventions": active.groupby(active["policy_field"].astype(str)).size(),
        "intervention_budget_eur": active["annual_budget_eur"].fillna(0.0).groupby(
            active["policy_field"].astype(str)).sum(),
    }).reindex(fields).fillna(0.0)
    for column in ("budget_lines", "interventions"):
        out[column] = out[column].astype(int)
    out["not_covered_eur"] = (out["intervention_budget_eur"] - out["prevention_budget_eur"]).clip(lower=0.0)
    out["no_budget_line"] = (out["interventions"] > 0) & (out["budget_lines"] == 0)
    out = out.rename_axis("policy_field").reset_index()
    out.attrs["year"] = chosen
    return out


def unbudgeted(interventions: pd.DataFrame, budget: pd.DataFrame, *, year: int | None = None,
               as_of: object = None) -> pd.DataFrame:
    """Interventions running in a year whose policy field has no budget line (amount > 0) that year.

    Same year and running rule as :func:`budget_comparison`. Columns: intervention, partner,
    policy_field, prevention_level, annual_budget_eur; ``attrs``: year."""
    chosen = reference_year(year, as_date(as_of), budget)
    lines = budget[(budget["year"] == chosen) & (budget["amount_eur"] > 0)]
    active = _active(interventions, chosen, as_of)
    out = active[~active["policy_field"].astype(str).isin(set(lines["policy_field"].astype(str)))]
    out = out[["intervention", "partner", "policy_field", "prevention_level", "annual_budget_eur"]]
    out = out.sort_values(["policy_field", "intervention"]).reset_index(drop=True)
    out.attrs["year"] = chosen
    return out
