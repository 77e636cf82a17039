"""Interrupted time series: segmented regression of a quarterly series around an intervention.

y(t) = b0 + b1 t + level x after + slope x (t - t_at) x after (+ quarter effects) + e(t),
fitted with the regression core of :mod:`analyse.methods.timeseries`: by default with AR(1)
errors e(t) = rho e(t-1) + u(t) (Prais-Winsten GLS, rho by REML, t intervals), because OLS
with Newey-West errors covered the truth only ~80% of the time on AR(1) series
(benchmarks/bench_its_coverage.py; docs/trends.md). ``errors="hac"`` keeps the old method
for comparison. Slope changes are reported per year. The minimum number of quarters per
side before a warning and how far the counterfactual is drawn are in
params/timeseries.yaml (:data:`ITS_MIN_SIDE`, :data:`ITS_COUNTERFACTUAL_QUARTERS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from analyse import params
from analyse.config import ALL_KERNEN, LIST_SEPARATOR
from analyse.errors import SeriesError
from analyse.methods.timeseries import (
    COUNT_COLUMN,
    HAC_MAXLAGS,
    LEVEL,
    QUARTERS_PER_YEAR,
    Diagnostic,
    RegressionFit,
    band,
    check_quarterly,
    contrast,
    counts_of,
    design,
    fit_ar1,
    fit_ols,
    has_seasons,
    warn_and_keep,
)

__all__ = ["ITS_MIN_SIDE", "ITS_MIN_FIT", "ITS_COUNTERFACTUAL_QUARTERS", "ITS_ERRORS", "ITSResult",
           "interrupted_time_series", "interventions_started"]

#: Fewer points than this on either side of an intervention gives a warning (params/timeseries.yaml).
ITS_MIN_SIDE: int = params.value("timeseries", "its_min_side")
#: Below this an interrupted time series cannot be fitted at all.
ITS_MIN_FIT = 3
#: The counterfactual is shown for at most this many quarters from ``at`` (params/timeseries.yaml).
ITS_COUNTERFACTUAL_QUARTERS: int = params.value("timeseries", "its_counterfactual_quarters")
#: Error models: "ar1" (default, regression with AR(1) errors) and "hac" (OLS with Newey-West errors).
ITS_ERRORS = ("ar1", "hac")


@dataclass(frozen=True)
class ITSResult(RegressionFit):
    """Segmented regression around an intervention quarter ``at``.

    ``estimates``: rows ``level_change`` (jump at ``at``, units of the series) and
    ``slope_change`` (change of the trend, units per year), columns estimate, ci_low,
    ci_high, p_value, n_before, n_after, unit. ``fitted``: per quarter observed, the
    people behind it (``count``, NaN if unknown), fitted, counterfactual (pre-intervention
    level and trend continued, with season), its confidence band and
    ``counterfactual_shown`` (True from ``at`` for at most ``horizon`` quarters: how far the
    counterfactual may be drawn or quoted). ``warnings``/``diagnostics``: e.g. fewer than 8
    quarters on a side. ``errors``: "ar1" or "hac"; ``rho``: the AR(1) coefficient (NaN
    for "hac"); ``horizon``: min(n_before, :data:`ITS_COUNTERFACTUAL_QUARTERS`)."""

    at: pd.Period
    n_before: int
    n_after: int
    errors: str = "ar1"
    rho: float = float("nan")
    horizon: int = 0

    @property
    def horizon_quarter(self) -> pd.Period:
        """The last quarter for which the counterfactual is shown (``at`` + horizon - 1, within the data)."""
        return min(self.at + (max(self.horizon, 1) - 1), self.fitted.index[-1])

    def effect(self, quarter: pd.Period | str | None = None) -> pd.Series:
        """Fitted minus counterfactual in ``quarter`` (default: the last quarter), with its
        interval: level_change + slope change per quarter x quarters since ``at``."""
        when = self.fitted.index[-1] if quarter is None else pd.Period(quarter, freq="Q")
        if when < self.at or when > self.fitted.index[-1]:
            raise SeriesError(self.name, f"effect in {when}: expected a quarter from {self.at} "
                                         f"to {self.fitted.index[-1]}")
        k = (when - self.at).n
        est = contrast(self.model, {"level_change": 1.0, "slope_change": float(k)}, self.level)
        return pd.Series({**est, "quarter": when, "n": self.n_before + self.n_after})


def interrupted_time_series(series: pd.Series, at: pd.Period | str, level: float = LEVEL,
                            seasonal: bool | None = None, maxlags: int = HAC_MAXLAGS,
                            errors: str = "ar1") -> ITSResult:
    """Segmented regression: y = b0 + b1 t + level x after + slope x (t - t_at) x after (+ quarter effects).

    ``at``: first quarter under the intervention (e.g. "2021Q1"). ``errors="ar1"``
    (default): AR(1) errors by Prais-Winsten GLS with rho by REML; ``errors="hac"``: OLS
    with Newey-West errors (``maxlags``), the old method, whose 95% intervals covered only
    ~80% on AR(1) series. t-based intervals at ``level``. Quarter effects are included
    when every quarter occurs at least twice (``seasonal=None``). Fewer than 8 quarters
    before or after gives a :class:`TrendWarning`, kept in ``warnings``; fewer than 3 on a
    side is refused. The slope change is reported per year (4 x the per-quarter change)."""
    y = check_quarterly(series)
    if errors not in ITS_ERRORS:
        raise SeriesError(str(y.name), f"errors={errors!r}: expected one of {', '.join(ITS_ERRORS)}")
    try:
        at = pd.Period(at, freq="Q")
    except (ValueError, TypeError):
        raise SeriesError(str(y.name), f"intervention quarter {at!r}: expected a quarter such as 2021Q1") from None
    n_before, n_after = int((y.index < at).sum()), int((y.index >= at).sum())
    if min(n_before, n_after) < ITS_MIN_FIT:
        raise SeriesError(str(y.name), f"too short around {at}: {n_before} quarters before and {n_after} from it; "
                                       f"need at least {ITS_MIN_FIT} on each side to fit "
                                       f"(and {ITS_MIN_SIDE} for a reliable estimate)")
    notes: list[Diagnostic] = []
    for side, n in (("before", n_before), ("from", n_after)):
        if n < ITS_MIN_SIDE:
            warn_and_keep(notes, "short_side", f"series '{y.name}': only {n} quarters {side} {at} (fewer than "
                                               f"{ITS_MIN_SIDE}): level and slope change are poorly determined; "
                                               "read them as indicative at best",
                          side=side, n=n, at=str(at), minimum=ITS_MIN_SIDE)
    quarters = cast(pd.PeriodIndex, y.index)
    seasonal = has_seasons(quarters) if seasonal is None else seasonal
    X = design(quarters, seasonal, at)
    if errors == "ar1":
        res, rho = fit_ar1(y, X, notes)
    else:
        res, rho = fit_ols(y, X, maxlags, notes), float("nan")
    rows = {"level_change": contrast(res, {"level_change": 1.0}, level),
            "slope_change": contrast(res, {"slope_change": QUARTERS_PER_YEAR}, level)}
    estimates = pd.DataFrame.from_dict(rows, orient="index")
    estimates.index.name = "term"
    estimates = estimates.assign(n_before=n_before, n_after=n_after,
                                 unit=["eenheden van de reeks", "eenheden van de reeks per jaar"])
    counter = band(res, X.assign(level_change=0.0, slope_change=0.0), level)
    horizon = min(n_before, ITS_COUNTERFACTUAL_QUARTERS)
    since = np.asarray([(q - at).n for q in quarters])
    fitted = pd.DataFrame({"observed": y, COUNT_COLUMN: counts_of(series, quarters),
                           "fitted": X.to_numpy() @ np.asarray(res.params), "counterfactual": counter["mean"],
                           "counterfactual_ci_low": counter["ci_low"], "counterfactual_ci_high": counter["ci_high"],
                           "counterfactual_shown": (since >= 0) & (since < horizon)}, index=y.index)
    return ITSResult(name=str(y.name), estimates=estimates, fitted=fitted, seasonal=seasonal, level=level,
                     maxlags=maxlags, warnings=tuple(d.message for d in notes), model=res, at=at,
                     n_before=n_before, n_after=n_after, errors=errors, rho=rho, horizon=horizon,
                     diagnostics=tuple(notes))


def _kernen(cell: object, all_kernen: list[str]) -> list[str]:
    """The kernen of a register cell ("Dalfsen|Nieuwleusen" or "alle"), in the order of ``all_kernen``."""
    if not isinstance(cell, str) or not cell:
        return []
    named = set(all_kernen) if cell == ALL_KERNEN else set(cell.split(LIST_SEPARATOR))
    return [k for k in all_kernen if k in named]


def interventions_started(register: pd.DataFrame, at: pd.Period | str, all_kernen: list[str]) -> pd.DataFrame:
    """The interventions of the register (columns intervention, prevention_level, kernen,
    start_date) whose start date falls in quarter ``at``, the highest prevention level
    first (level 4, care-related, is closest to care use), then by name.

    Columns: intervention, prevention_level, target_group (when present), kernen (list in
    the order of ``all_kernen``; "alle" expands to every kern) and without (the kernen of
    ``all_kernen`` the intervention does not serve: the comparison kernen)."""
    at = pd.Period(at, freq="Q")
    starts = pd.PeriodIndex(pd.to_datetime(register["start_date"]), freq="Q")
    rows = register[(starts == at)].copy()
    rows["kernen"] = [_kernen(cell, all_kernen) for cell in rows["kernen"]]
    rows["without"] = [[k for k in all_kernen if k not in served] for served in rows["kernen"]]
    rows = rows.sort_values(["prevention_level", "intervention"], ascending=[False, True])
    keep = ["intervention", "prevention_level", "target_group", "kernen", "without"]
    return rows[[c for c in keep if c in rows.columns]].reset_index(drop=True)
