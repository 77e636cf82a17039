"""Interrupted time series: segmented regression of a quarterly series around an intervention.

y(t) = b0 + b1 t + level x after + slope x (t - t_at) x after (+ quarter effects), fitted
with the regression core of :mod:`analyse.methods.timeseries` (OLS, Newey-West HAC errors,
t intervals, the same seasonal rule). Slope changes are reported per year. The minimum
number of quarters per side before a warning is in params/timeseries.yaml
(:data:`ITS_MIN_SIDE`; see docs/trends.md for the simulation behind it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd

from analyse import params
from analyse.errors import SeriesError
from analyse.methods.timeseries import (
    COUNT_COLUMN,
    HAC_MAXLAGS,
    LEVEL,
    QUARTERS_PER_YEAR,
    RegressionFit,
    band,
    check_quarterly,
    contrast,
    counts_of,
    design,
    fit_ols,
    has_seasons,
    warn_and_keep,
)

__all__ = ["ITS_MIN_SIDE", "ITS_MIN_FIT", "ITSResult", "interrupted_time_series"]

#: Fewer points than this on either side of an intervention gives a warning (params/timeseries.yaml).
ITS_MIN_SIDE: int = params.value("timeseries", "its_min_side")
#: Below this an interrupted time series cannot be fitted at all.
ITS_MIN_FIT = 3


@dataclass(frozen=True)
class ITSResult(RegressionFit):
    """Segmented regression around an intervention quarter ``at``.

    ``estimates``: rows ``level_change`` (jump at ``at``, units of the series) and
    ``slope_change`` (change of the trend, units per year), columns estimate, ci_low,
    ci_high, p_value, n_before, n_after, unit. ``fitted``: per quarter observed, the
    people behind it (``count``, NaN if unknown), fitted, counterfactual (pre-intervention
    level and trend continued, with season) and its confidence band. ``warnings``: e.g.
    fewer than 8 quarters on a side."""

    at: pd.Period
    n_before: int
    n_after: int

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
                            seasonal: bool | None = None, maxlags: int = HAC_MAXLAGS) -> ITSResult:
    """Segmented regression: y = b0 + b1 t + level x after + slope x (t - t_at) x after (+ quarter effects).

    ``at``: first quarter under the intervention (e.g. "2021Q1"). OLS with Newey-West HAC
    errors (``maxlags``) and t-based intervals at ``level``. Quarter effects are included
    when every quarter occurs at least twice (``seasonal=None``). Fewer than 8 quarters
    before or after gives a :class:`TrendWarning`, kept in ``warnings``; fewer than 3 on a
    side is refused. The slope change is reported per year (4 x the per-quarter change)."""
    y = check_quarterly(series)
    try:
        at = pd.Period(at, freq="Q")
    except (ValueError, TypeError):
        raise SeriesError(str(y.name), f"intervention quarter {at!r}: expected a quarter such as 2021Q1") from None
    n_before, n_after = int((y.index < at).sum()), int((y.index >= at).sum())
    if min(n_before, n_after) < ITS_MIN_FIT:
        raise SeriesError(str(y.name), f"too short around {at}: {n_before} quarters before and {n_after} from it; "
                                       f"need at least {ITS_MIN_FIT} on each side to fit "
                                       f"(and {ITS_MIN_SIDE} for a reliable estimate)")
    messages: list[str] = []
    for side, n in (("before", n_before), ("from", n_after)):
        if n < ITS_MIN_SIDE:
            warn_and_keep(messages, f"series '{y.name}': only {n} quarters {side} {at} (fewer than {ITS_MIN_SIDE}): "
                                    "level and slope change are poorly determined; read them as indicative at best")
    quarters = cast(pd.PeriodIndex, y.index)
    seasonal = has_seasons(quarters) if seasonal is None else seasonal
    X = design(quarters, seasonal, at)
    res = fit_ols(y, X, maxlags, messages)
    rows = {"level_change": contrast(res, {"level_change": 1.0}, level),
            "slope_change": contrast(res, {"slope_change": QUARTERS_PER_YEAR}, level)}
    estimates = pd.DataFrame.from_dict(rows, orient="index")
    estimates.index.name = "term"
    estimates = estimates.assign(n_before=n_before, n_after=n_after,
                                 unit=["eenheden van de reeks", "eenheden van de reeks per jaar"])
    counter = band(res, X.assign(level_change=0.0, slope_change=0.0), level)
    fitted = pd.DataFrame({"observed": y, COUNT_COLUMN: counts_of(series, quarters), "fitted": res.fittedvalues,
                           "counterfactual": counter["mean"],
                           "counterfactual_ci_low": counter["ci_low"], "counterfactual_ci_high": counter["ci_high"]},
                          index=y.index)
    return ITSResult(name=str(y.name), estimates=estimates, fitted=fitted, seasonal=seasonal, level=level,
                     maxlags=maxlags, warnings=tuple(messages), model=res, at=at, n_before=n_before, n_after=n_after)
