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
- Trend errors (:func:`fit_ols`): OLS with Newey-West (HAC) covariance, ``maxlags`` from
  params/timeseries.yaml (:data:`HAC_MAXLAGS`), small-sample correction and t-distribution.
- Interrupted time series errors (:func:`fit_ar1`): regression with AR(1) errors by
  Prais-Winsten GLS, the AR coefficient estimated by restricted maximum likelihood (REML)
  within :data:`AR1_RHO_RANGE`; HAC intervals covered the truth only ~80% of the time on
  AR(1) series (benchmarks/bench_its_coverage.py, docs/trends.md).
- Both run a Breusch-Godfrey F-test up to lag 4 on the (whitened) residuals and warn when
  autocorrelation remains, which suggests the intervals are too narrow.
- Warnings are kept twice: as an English message (``warnings``) and as a
  :class:`Diagnostic` (code and numbers) that the publishing layer words in Dutch.
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
from scipy import optimize
from statsmodels.stats.diagnostic import acorr_breusch_godfrey
from statsmodels.tsa.seasonal import STL

from analyse import params
from analyse.errors import SeriesError

__all__ = ["LEVEL", "HAC_MAXLAGS", "AUTOCORR_TEST_LAGS", "MIN_SEASONAL", "QUARTERS_PER_YEAR", "COUNT_COLUMN",
           "AR1_RHO_RANGE", "Diagnostic", "TrendWarning",
           "check_quarterly", "quarterly_series", "decompose", "RegressionFit", "TrendFit",
           "fit_trend"]

#: Confidence level of intervals unless a caller asks for another (a convention).
LEVEL = 0.95
#: Newey-West lag truncation for HAC standard errors (params/timeseries.yaml).
HAC_MAXLAGS: int = params.value("timeseries", "hac_maxlags")
#: Range of the AR(1) error coefficient of :func:`fit_ar1` (params/timeseries.yaml).
AR1_RHO_RANGE: tuple[float, float] = (float(params.value("timeseries", "ar1_rho_range")[0]),
                                       float(params.value("timeseries", "ar1_rho_range")[1]))
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


@dataclass(frozen=True)
class Diagnostic:
    """A warning as data: ``code`` (e.g. ``autocorrelation``, ``short_side``), the English
    developer ``message`` and the numbers behind it (``details``), which
    :mod:`analyse.publish.trend_text` words as a Dutch sentence for reports."""

    code: str
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)


def warn_and_keep(notes: list[Diagnostic], code: str, message: str, **details: Any) -> None:
    """Keep a :class:`Diagnostic` for the result and raise its message as a :class:`TrendWarning`."""
    notes.append(Diagnostic(code, message, details))
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


def _exact(res) -> bool:
    """A perfect fit: no residuals to test or to estimate autocorrelation from."""
    return bool(res.ssr <= 1e-12 * max(res.centered_tss, 1.0))


def _check_autocorrelation(res, name: object, errors: str, notes: list[Diagnostic]) -> None:
    """Breusch-Godfrey F-test up to lag 4 on the residuals of ``res``; warns when p < 0.05.
    Whitened designs have no constant column, so the test adds one: one lag fewer then."""
    lags = min(AUTOCORR_TEST_LAGS, int(res.df_resid) - (1 if errors == "hac" else 2))
    if lags >= 1 and not _exact(res):
        p = float(acorr_breusch_godfrey(res, nlags=lags, store=True)[3])  # F-test version
        if p < 0.05:
            what = "HAC errors may be too narrow" if errors == "hac" else "AR(1) errors do not capture it all"
            warn_and_keep(notes, "autocorrelation", f"series '{name}': residual autocorrelation up to lag {lags} "
                                 f"(Breusch-Godfrey F-test p = {p:.3f}): {what}; read the intervals as optimistic",
                          p=p, lags=lags, errors=errors)


def fit_ols(y: pd.Series, X: pd.DataFrame, maxlags: int, notes: list[Diagnostic]):
    """OLS with Newey-West HAC errors; warns when residual autocorrelation remains."""
    res = sm.OLS(y.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True},
                                      use_t=True)
    _check_autocorrelation(res, y.name, "hac", notes)
    return res


def _whiten(values: np.ndarray, rho: float) -> np.ndarray:
    """Prais-Winsten transform: first row x sqrt(1 - rho^2), then x(t) - rho x(t-1)."""
    return np.concatenate([np.sqrt(1 - rho**2) * values[:1], values[1:] - rho * values[:-1]])


def fit_ar1(y: pd.Series, X: pd.DataFrame, notes: list[Diagnostic]) -> tuple[Any, float]:
    """Regression with AR(1) errors e(t) = rho e(t-1) + u(t): Prais-Winsten GLS with rho
    estimated by REML (restricted likelihood, less biased than ML in short series) within
    :data:`AR1_RHO_RANGE`. Returns the OLS result on the whitened data (its ``params`` and
    covariance are the GLS ones, t intervals on n - k degrees of freedom; predict with the
    original design) and rho."""
    yv, Xv = y.to_numpy(dtype=float), X.to_numpy(dtype=float)
    n, k = Xv.shape
    low, high = AR1_RHO_RANGE

    def restricted(rho: float) -> float:  # minus the restricted log-likelihood, up to a constant
        Xs, ys = _whiten(Xv, rho), _whiten(yv, rho)
        beta, *_ = np.linalg.lstsq(Xs, ys, rcond=None)
        rss = max(float(np.sum((ys - Xs @ beta) ** 2)), 1e-300)
        return 0.5 * (-np.log(1 - rho**2) + np.linalg.slogdet(Xs.T @ Xs)[1] + (n - k) * np.log(rss / (n - k)))

    if n - k < 2 or _exact(sm.OLS(yv, Xv).fit()):
        rho = low
    else:
        best = optimize.minimize_scalar(restricted, bounds=(low, high), method="bounded", options={"xatol": 1e-6})
        rho = float(min((low, high, float(best.x)), key=restricted))
    frame = pd.DataFrame(_whiten(Xv, rho), index=X.index, columns=X.columns)
    res = sm.OLS(_whiten(yv, rho), frame).fit(use_t=True)
    if rho >= high - 1e-3:
        warn_and_keep(notes, "rho_at_bound", f"series '{y.name}': AR(1) coefficient at its upper bound {high:g}: "
                                             "the series may drift rather than vary around a trend", rho=rho)
    _check_autocorrelation(res, y.name, "ar1", notes)
    return res, rho


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
    HAC lag, the warnings raised (English ``warnings``; the same as :class:`Diagnostic`
    in ``diagnostics``) and the statsmodels result (``model``)."""

    name: str
    estimates: pd.DataFrame
    fitted: pd.DataFrame
    seasonal: bool
    level: float
    maxlags: int
    warnings: tuple[str, ...]
    model: Any = field(repr=False)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), kw_only=True)


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
    notes: list[Diagnostic] = []
    if len(y) < MIN_TREND:
        raise SeriesError(str(y.name), f"too short for a trend: {len(y)} quarters, need at least {MIN_TREND}")
    if len(y) < MIN_SEASONAL:
        warn_and_keep(notes, "short_series", f"series '{y.name}': only {len(y)} quarters (fewer than "
                                             f"{MIN_SEASONAL}): the trend is fragile", n=len(y), minimum=MIN_SEASONAL)
    if log and (y <= 0).any():
        first = y[y <= 0]
        raise SeriesError(str(y.name), f"log-linear trend needs positive values; "
                                       f"{first.index[0]} has {first.iloc[0]:g}")
    quarters = cast(pd.PeriodIndex, y.index)
    seasonal = has_seasons(quarters) if seasonal is None else seasonal
    X = design(quarters, seasonal)
    target = np.log(y) if log else y
    res = fit_ols(target, X, maxlags, notes)
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
                    maxlags=maxlags, warnings=tuple(d.message for d in notes), model=res, log=log,
                    diagnostics=tuple(notes))
