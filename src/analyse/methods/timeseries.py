"""Quarterly series: checks, selection from tidy frames, STL decomposition, trends with
intervals and the regression core shared with :mod:`analyse.methods.its`.

Conventions
-----------
- A quarterly series is a Series indexed by a pandas ``PeriodIndex`` of frequency Q, one
  value per quarter, consecutive, no duplicates, no missing values (:func:`check_quarterly`).
- Every estimate comes with a confidence interval (default 95%, :data:`LEVEL`) and its n;
  problems with a series raise :class:`analyse.errors.SeriesError` naming the series;
  doubtful fits warn (:class:`TrendWarning`) and keep the warning in the result.
- The number of people behind each value travels with the series (``attrs["counts"]``,
  set by :func:`quarterly_series`) and ends up in the ``count`` column of fitted frames,
  so the publishing layer can leave out points that rest on small counts.

Defaults and why (details in docs/trends.md)
--------------------------------------------
- Regression errors: OLS with Newey-West (HAC) covariance, ``maxlags`` from
  params/timeseries.yaml (:data:`HAC_MAXLAGS`, 1: it covered closest to 95% in a
  simulation of short series), small-sample correction and t-distribution. A
  Breusch-Godfrey F-test up to lag 4 warns when residual autocorrelation suggests the
  intervals are too narrow.
- Seasonality: quarter effects coded as deviations from the yearly mean (they sum to 0),
  included when every quarter of the year occurs at least twice.
- STL: period 4, robust fitting on (outliers such as a COVID quarter do not bend the
  trend), seasonal smoother 7 (the statsmodels default).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.diagnostic import acorr_breusch_godfrey
from statsmodels.tsa.seasonal import STL

from analyse import params
from analyse.errors import SeriesError

__all__ = ["LEVEL", "HAC_MAXLAGS", "AUTOCORR_TEST_LAGS", "MIN_SEASONAL", "QUARTERS_PER_YEAR", "COUNT_COLUMN",
           "TrendWarning", "check_quarterly", "quarterly_series", "decompose", "RegressionFit", "TrendFit",
           "fit_trend"]

#: Confidence level of intervals unless a caller asks for another (a convention).
LEVEL = 0.95
#: Newey-West lag truncation for HAC standard errors (params/timeseries.yaml).
HAC_MAXLAGS: int = params.value("timeseries", "hac_maxlags")
QUARTERS_PER_YEAR = 4
#: Lags tested for residual autocorrelation (one year of quarters).
AUTOCORR_TEST_LAGS = QUARTERS_PER_YEAR
#: Two years of quarters: needed for STL and for seasonal terms.
MIN_SEASONAL = 2 * QUARTERS_PER_YEAR
#: Fewest quarters a trend can be fitted on (intercept, slope and one degree of freedom).
MIN_TREND = 3
#: Column of fitted frames with the number of people behind each observed value (NaN: unknown).
COUNT_COLUMN = "count"


class TrendWarning(UserWarning):
    """A fit was made but its result needs care (too few points, autocorrelation)."""


def warn_and_keep(messages: list[str], message: str) -> None:
    """Keep ``message`` for the result and raise it as a :class:`TrendWarning`."""
    messages.append(message)
    warnings.warn(message, TrendWarning, stacklevel=3)


def check_quarterly(series: pd.Series, name: str | None = None) -> pd.Series:
    """``series`` as floats on consecutive quarters, sorted; raises :class:`SeriesError` otherwise.

    Refused, with the first offending quarter named: an index that is not a quarterly
    PeriodIndex (e.g. annual data, timestamps), duplicate quarters, missing or
    non-numeric values, and gaps."""
    label = name or str(series.name or "unnamed")
    idx = series.index
    if not isinstance(idx, pd.PeriodIndex):
        hint = " (convert with .to_period('Q'))" if isinstance(idx, pd.DatetimeIndex) else ""
        raise SeriesError(label, "expected quarters as a pandas PeriodIndex of frequency Q, "
                                 f"got {type(idx).__name__}{hint}")
    if idx.freqstr[0] != "Q":
        kind = {"Y": "annual", "A": "annual", "M": "monthly", "D": "daily"}.get(idx.freqstr[0], "non-quarterly")
        raise SeriesError(label, f"expected quarterly data, got {kind} periods (frequency {idx.freqstr})")
    out = pd.Series(pd.to_numeric(series.to_numpy(), errors="coerce"), index=idx, name=label).sort_index()
    dup = out.index[out.index.duplicated()]
    if len(dup):
        raise SeriesError(label, f"duplicate quarter {dup[0]}: expected one value per quarter")
    if out.isna().any():
        raise SeriesError(label, f"missing or non-numeric value at {out.index[out.isna()][0]}")
    full = pd.period_range(out.index.min(), out.index.max(), freq="Q")
    if len(full) != len(out):
        first_gap = full.difference(cast(pd.PeriodIndex, out.index))[0]
        raise SeriesError(label, f"gap at {first_gap}: expected consecutive quarters")
    return out


def quarterly_series(frame: pd.DataFrame, value: str, name: str | None = None, counts: str | None = None,
                     **filters: object) -> pd.Series:
    """One checked quarterly series from a tidy frame with a ``quarter`` column.

    >>> quarterly_series(rates, "per_1000", kern="Dalfsen", provision="wmo")  # doctest: +SKIP

    Rows are selected by ``column=value`` filters; the name defaults to the value column
    and the filter values ("per_1000 Dalfsen wmo"). Filters that leave several rows per
    quarter give a duplicate-quarter error. ``counts`` names the column with the number of
    people behind each value (default: ``clients`` when the frame has it; pass e.g.
    ``counts="participants"`` when the value is itself a count of participants); it
    travels in ``attrs["counts"]`` so reports can hide points that rest on small counts."""
    label = name or " ".join([value, *map(str, filters.values())])
    rows = frame
    for column, wanted in filters.items():
        rows = rows[rows[column] == wanted]
    if rows.empty:
        raise SeriesError(label, "no rows match " + ", ".join(f"{k}={v!r}" for k, v in filters.items()))
    index = pd.PeriodIndex(rows["quarter"])
    series = check_quarterly(pd.Series(rows[value].to_numpy(), index=index, name=label), label)
    counts = counts or ("clients" if "clients" in rows else None)
    if counts is not None:
        series.attrs["counts"] = pd.Series(rows[counts].to_numpy(dtype=float), index=index).reindex(series.index)
    return series


def counts_of(series: pd.Series, index: pd.PeriodIndex) -> pd.Series:
    """The people behind each value of ``series`` (``attrs["counts"]``) on ``index``; NaN if unknown."""
    counts = series.attrs.get("counts")
    if counts is None:
        return pd.Series(np.nan, index=index, name=COUNT_COLUMN)
    return pd.Series(counts).reindex(index).astype(float).rename(COUNT_COLUMN)


def decompose(series: pd.Series, robust: bool = True, seasonal_smoother: int = 7) -> pd.DataFrame:
    """STL decomposition of a quarterly series (period 4): observed = trend + seasonal + resid.

    Needs at least two years (8 quarters). Descriptive: STL gives no intervals; use
    :func:`fit_trend` for a trend with a confidence interval. ``attrs['n']`` is the n."""
    y = check_quarterly(series)
    if len(y) < MIN_SEASONAL:
        raise SeriesError(str(y.name), f"too short for a seasonal decomposition: {len(y)} quarters, "
                                       f"STL needs at least {MIN_SEASONAL} (two years)")
    res = STL(y, period=QUARTERS_PER_YEAR, seasonal=seasonal_smoother, robust=robust).fit()
    out = pd.DataFrame({"observed": y, "trend": res.trend, "seasonal": res.seasonal, "resid": res.resid})
    out.attrs = {"n": len(y), "method": f"STL (period 4, seasonal smoother {seasonal_smoother}, robust={robust})"}
    return out


# --------------------------------------------------------------------------- regression core


def design(index: pd.PeriodIndex, seasonal: bool, at: pd.Period | None = None) -> pd.DataFrame:
    """Intercept, time in quarters, optional level/slope change at ``at`` and quarter effects
    coded as deviations (Q1-Q3 columns; Q4 = minus their sum), so the trend line is the
    yearly-average level."""
    t = np.asarray((index - index[0]).map(lambda d: d.n), dtype=float)
    X = pd.DataFrame({"const": 1.0, "time": t}, index=index)
    if at is not None:
        after = (index >= at).astype(float)
        X["level_change"] = after
        X["slope_change"] = after * (t - (at - index[0]).n)
    if seasonal:
        q = index.quarter
        for k in (1, 2, 3):
            X[f"season_q{k}"] = (q == k).astype(float) - (q == 4).astype(float)
    return X


def has_seasons(index: pd.PeriodIndex) -> bool:
    """True when every quarter of the year occurs at least twice (quarter effects estimable)."""
    return bool(pd.Series(index.quarter).value_counts().reindex([1, 2, 3, 4]).fillna(0).min() >= 2)


def fit_ols(y: pd.Series, X: pd.DataFrame, maxlags: int, messages: list[str]):
    """OLS with Newey-West HAC errors; warns when residual autocorrelation remains."""
    res = sm.OLS(y.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True},
                                      use_t=True)
    lags = min(AUTOCORR_TEST_LAGS, int(res.df_resid) - 1)
    exact = res.ssr <= 1e-12 * max(res.centered_tss, 1.0)  # a perfect fit has no residuals to test
    if lags >= 1 and not exact:
        p = float(acorr_breusch_godfrey(res, nlags=lags, store=True)[3])  # F-test version
        if p < 0.05:
            warn_and_keep(messages, f"series '{y.name}': residual autocorrelation up to lag {lags} (Breusch-Godfrey "
                                    f"F-test p = {p:.3f}): HAC errors with maxlags={maxlags} may be too narrow; "
                                    f"try maxlags={AUTOCORR_TEST_LAGS} and read the intervals as optimistic")
    return res


def contrast(res, weights: Mapping[str, float], level: float) -> dict[str, float]:
    """Estimate, interval and p-value of a linear combination of coefficients (HAC, t)."""
    names = list(res.model.exog_names)
    vector = np.zeros(len(names))
    for key, w in weights.items():
        vector[names.index(key)] = w
    test = res.t_test(vector)
    low, high = np.asarray(test.conf_int(alpha=1 - level)).ravel()
    return {"estimate": float(np.asarray(test.effect).ravel()[0]), "ci_low": float(low), "ci_high": float(high),
            "p_value": float(np.asarray(test.pvalue).ravel()[0])}


def band(res, X: pd.DataFrame, level: float) -> pd.DataFrame:
    """Fitted mean at design ``X`` with its confidence band at ``level``."""
    frame = res.get_prediction(X).summary_frame(alpha=1 - level)
    return pd.DataFrame({"mean": frame["mean"].to_numpy(), "ci_low": frame["mean_ci_lower"].to_numpy(),
                         "ci_high": frame["mean_ci_upper"].to_numpy()}, index=X.index)


# --------------------------------------------------------------------------- trend


@dataclass(frozen=True)
class RegressionFit:
    """What every regression on a quarterly series returns (see :class:`TrendFit` and
    :class:`analyse.methods.its.ITSResult`): tidy ``estimates`` with intervals at
    ``level``, ``fitted`` values per quarter, whether quarter effects were included, the
    HAC lag, the warnings raised and the statsmodels result (``model``)."""

    name: str
    estimates: pd.DataFrame
    fitted: pd.DataFrame
    seasonal: bool
    level: float
    maxlags: int
    warnings: tuple[str, ...]
    model: Any = field(repr=False)


@dataclass(frozen=True)
class TrendFit(RegressionFit):
    """A linear (``log=False``) or log-linear trend of a quarterly series.

    ``estimates``: one row ``trend_per_year`` (estimate, ci_low, ci_high, p_value, n, unit).
    ``fitted``: per quarter the observed value, the people behind it (``count``, NaN if
    unknown), the fitted value (with season), the trend line at the yearly-average season
    and its confidence band (trend_ci_low/high)."""

    log: bool


def fit_trend(series: pd.Series, log: bool = False, level: float = LEVEL, seasonal: bool | None = None,
              maxlags: int = HAC_MAXLAGS) -> TrendFit:
    """OLS trend (in quarters) with quarter effects and Newey-West HAC errors.

    ``log=False``: trend in units of the series per year. ``log=True`` fits log(y) and
    reports the relative change per year (0.03 = +3%/year), with exp() of the trend line
    (the geometric-mean level) in ``fitted``. ``seasonal=None`` includes quarter effects
    when every quarter occurs at least twice. Needs at least 3 quarters; warns below 8."""
    y = check_quarterly(series)
    messages: list[str] = []
    if len(y) < MIN_TREND:
        raise SeriesError(str(y.name), f"too short for a trend: {len(y)} quarters, need at least {MIN_TREND}")
    if len(y) < MIN_SEASONAL:
        warn_and_keep(messages, f"series '{y.name}': only {len(y)} quarters (fewer than {MIN_SEASONAL}): "
                                "the trend is fragile")
    if log and (y <= 0).any():
        first = y[y <= 0]
        raise SeriesError(str(y.name), f"log-linear trend needs positive values; "
                                       f"{first.index[0]} has {first.iloc[0]:g}")
    quarters = cast(pd.PeriodIndex, y.index)
    seasonal = has_seasons(quarters) if seasonal is None else seasonal
    X = design(quarters, seasonal)
    target = np.log(y) if log else y
    res = fit_ols(target, X, maxlags, messages)
    est = contrast(res, {"time": QUARTERS_PER_YEAR}, level)
    if log:
        est = {k: (float(np.expm1(v)) if k != "p_value" else v) for k, v in est.items()}
    estimates = pd.DataFrame([{**est, "n": len(y), "unit": "aandeel per jaar" if log else "eenheden per jaar"}],
                             index=pd.Index(["trend_per_year"], name="term"))
    line = band(res, X.assign(**{str(c): 0.0 for c in X.columns if str(c).startswith("season")}), level)
    fitted = pd.DataFrame({"observed": y, COUNT_COLUMN: counts_of(series, quarters), "fitted": res.fittedvalues,
                           "trend": line["mean"], "trend_ci_low": line["ci_low"], "trend_ci_high": line["ci_high"]},
                          index=y.index)
    if log:
        fitted[["fitted", "trend", "trend_ci_low", "trend_ci_high"]] = np.exp(
            fitted[["fitted", "trend", "trend_ci_low", "trend_ci_high"]])
    return TrendFit(name=str(y.name), estimates=estimates, fitted=fitted, seasonal=seasonal, level=level,
                    maxlags=maxlags, warnings=tuple(messages), model=res, log=log)
