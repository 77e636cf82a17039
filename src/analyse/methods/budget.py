"""Budget monitoring: realisation to date against the year's budget, and a projected year-end.

Money is nominal euros of the budget year. ``budget`` has one row per year, policy field
and budget line (``amount_eur``); ``realisation`` one row per quarter, policy field and
budget line (``amount_eur`` spent in the quarter), as ``analyse.data.budget()`` and
``analyse.data.realisation()`` return them. The tolerance for the over/underspend flag and
the number of reference years of the payment profile are in params/budget.yaml.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd

from analyse import params
from analyse.errors import ParameterError, SeriesError
from analyse.methods.timeseries import QUARTERS_PER_YEAR

__all__ = ["BUDGET_TOLERANCE", "REFERENCE_YEARS", "PROJECTION_METHODS", "budget_progress", "budget_monitor"]

#: Projected year-end within budget x (1 +/- tolerance) counts as on budget (params/budget.yaml).
BUDGET_TOLERANCE: float = params.value("budget", "tolerance")
#: Complete years whose payment profile projects the year-end (params/budget.yaml).
REFERENCE_YEARS: int = params.value("budget", "reference_years")
#: Projection methods of :func:`budget_monitor`.
PROJECTION_METHODS = ("profile", "linear")

_KEYS = {"policy_field": ["policy_field"], "budget_line": ["policy_field", "budget_line"]}


def _with_quarters(realisation: pd.DataFrame) -> pd.DataFrame:
    """``realisation`` with its ``quarter`` column as quarterly periods (text such as "2025Q1" accepted)."""
    if isinstance(realisation["quarter"].dtype, pd.PeriodDtype):
        return realisation
    return realisation.assign(quarter=pd.PeriodIndex(realisation["quarter"].astype(str), freq="Q"))


def budget_progress(budget: pd.DataFrame, realisation: pd.DataFrame, year: int,
                    by: str = "policy_field") -> pd.DataFrame:
    """Realisation per quarter of ``year`` against that year's budget, per policy field (or line).

    Columns: the keys, quarter, realised_eur (spent in the quarter), cumulative_eur,
    budget_eur, cumulative_share (cumulative / budget). Nominal euros. A key without rows
    in a quarter spent nothing in it; a quarter without any rows is a gap and raises."""
    if by not in _KEYS:
        raise ParameterError(f"by={by!r}: expected one of {', '.join(_KEYS)}")
    keys = _KEYS[by]
    label = f"realisation {year}"
    realisation = _with_quarters(realisation)
    real = realisation[realisation["quarter"].dt.year == year]
    if real.empty:
        raise SeriesError(label, f"no realisation rows for {year}")
    real = real.assign(**{k: real[k].astype(str) for k in keys})
    present = pd.PeriodIndex(real["quarter"].unique())
    missing = pd.period_range(f"{year}Q1", present.max(), freq="Q").difference(present)
    if len(missing):
        raise SeriesError(label, f"gap at {missing[0]}: expected consecutive quarters from {year}Q1")
    plan = budget[budget["year"] == year]
    plan = (plan.assign(**{k: plan[k].astype(str) for k in keys})
            .groupby(keys)["amount_eur"].sum().rename("budget_eur").reset_index())
    if plan.empty:
        raise SeriesError(f"budget {year}", f"no budget rows for {year}")
    spent = real.groupby([*keys, "quarter"])["amount_eur"].sum().rename("realised_eur").reset_index()
    unknown = spent[keys].merge(plan[keys], how="left", indicator=True).query("_merge == 'left_only'")
    if not unknown.empty:
        raise SeriesError(label, f"realisation for {' / '.join(unknown.iloc[0][keys])} without a budget in {year}")
    quarters = pd.DataFrame({"quarter": pd.period_range(f"{year}Q1", present.max(), freq="Q")})
    out = (plan[keys].merge(quarters, how="cross")
           .merge(spent, on=[*keys, "quarter"], how="left").fillna({"realised_eur": 0.0}))
    out["cumulative_eur"] = out.groupby(keys, sort=False)["realised_eur"].cumsum()
    out = out.merge(plan, on=keys)
    out["cumulative_share"] = out["cumulative_eur"] / out["budget_eur"]
    return out


def budget_monitor(budget: pd.DataFrame, realisation: pd.DataFrame, year: int,
                   through: pd.Period | str | None = None, by: str = "policy_field", method: str = "profile",
                   tolerance: float = BUDGET_TOLERANCE, reference_years: int = REFERENCE_YEARS) -> pd.DataFrame:
    """Realisation to date, projected year-end result and over/underspend flag per policy field.

    Nominal euros of ``year``; ``through`` defaults to the last quarter with realisation.
    Projection methods (stated per row in ``method``):

    - ``profile`` (default): realised to date / the mean share of the year total spent by the
      same quarter in the last ``reference_years`` complete years (payment profiles: subsidy
      advances, Q4 settlements). ``projected_low/high_eur`` is the range the individual
      reference years give; ``n_reference_years`` is its n. With fewer than 2 reference
      years a row falls back to ``linear`` and says so.
    - ``linear``: realised to date x 4 / quarters elapsed (an even pace); no range.

    ``flag``: "overschrijding" when the projection exceeds budget x (1 + tolerance),
    "onderschrijding" below budget x (1 - tolerance), else "binnen marge"; ``flag_firm`` is
    True when the whole range gives the same flag. ``projected_result_eur`` = budget -
    projection (positive: money left)."""
    if method not in PROJECTION_METHODS:
        raise ParameterError(f"method={method!r}: expected 'profile' or 'linear'")
    realisation = _with_quarters(realisation)
    progress = budget_progress(budget, realisation, year, by)
    keys = _KEYS[by]
    until: pd.Period = pd.Period(progress["quarter"].max() if through is None else through, freq="Q")
    if until not in set(progress["quarter"]):
        raise SeriesError(f"realisation {year}",
                          f"no realisation up to {until}: the data end at {progress['quarter'].max()}")
    q = until.quarter
    now = progress[progress["quarter"] == until].set_index(keys)
    shares = {}
    if method == "profile" and q < QUARTERS_PER_YEAR:
        counts = realisation.groupby(realisation["quarter"].dt.year)["quarter"].nunique()
        years = [int(y) for y, n in zip(counts.index, counts.to_numpy()) if y < year and n == QUARTERS_PER_YEAR]
        for ref in years[-reference_years:]:
            prog = budget_progress(budget, realisation, ref, by).set_index([*keys, "quarter"])["cumulative_eur"]
            by_key = prog.unstack("quarter")
            total, part = by_key[pd.Period(f"{ref}Q4", freq="Q")], by_key[pd.Period(f"{ref}Q{q}", freq="Q")]
            shares[ref] = (part / total).where(total > 0)
    share_table = pd.DataFrame(shares, index=now.index)
    rows = []
    for key, row in now.iterrows():
        realised, plan = row["cumulative_eur"], row["budget_eur"]
        s = share_table.loc[cast(Any, key)].dropna()
        if q == QUARTERS_PER_YEAR:
            proj, low, high, expected, n_ref, text = realised, realised, realised, 1.0, 0, "realisatie: jaar compleet"
        elif method == "profile" and len(s) >= 2:
            proj, expected, n_ref = realised / s.mean(), s.mean(), len(s)
            low, high = realised / s.max(), realised / s.min()
            text = (f"profiel: realisatie t/m Q{q} / gemiddeld aandeel van Q1-Q{q} in de jaartotalen "
                    f"{', '.join(map(str, s.index))}; bandbreedte = de afzonderlijke jaren")
        else:
            proj, expected, n_ref = realised * QUARTERS_PER_YEAR / q, q / QUARTERS_PER_YEAR, 0
            low, high = np.nan, np.nan
            text = f"lineair: realisatie t/m Q{q} x 4/{q} (gelijk tempo aangenomen)" + (
                "; geen profiel uit minstens 2 eerdere jaren, onzekerheid onbekend" if method == "profile" else "")
        upper, lower = plan * (1 + tolerance), plan * (1 - tolerance)
        flag = "overschrijding" if proj > upper else "onderschrijding" if proj < lower else "binnen marge"
        firm = not np.isnan(low) and {"overschrijding": low > upper, "onderschrijding": high < lower,
                                      "binnen marge": lower <= low and high <= upper}[flag]
        rows.append({**dict(zip(keys, key if isinstance(key, tuple) else (key,))), "year": year, "through": until,
                     "budget_eur": plan, "realised_eur": realised, "realised_share": realised / plan,
                     "expected_share": expected, "projected_eur": proj, "projected_low_eur": low,
                     "projected_high_eur": high, "projected_result_eur": plan - proj, "flag": flag,
                     "flag_firm": bool(firm), "method": text, "n_reference_years": n_ref})
    return pd.DataFrame(rows)
