"""Trends: real versus nominal money, quarterly series per kern, interrupted time series,
forecasts and budget monitoring. Plots are in :mod:`analyse.trend_plots`.

Conventions
-----------
- Yearly money: a Series of nominal euros indexed by integer year (2011, 2012, ...).
- Quarterly series: a Series indexed by a pandas ``PeriodIndex`` of frequency Q, one value
  per quarter, consecutive, no duplicates, no missing values (:func:`check_quarterly`).
- Changes and shares are fractions (0.1 = 10%); format them with ``analyse.style``.
- Every statistical estimate comes with a confidence or prediction interval (default
  95%, :data:`LEVEL`) and its n; problems with a series raise :class:`SeriesError`
  naming the series; doubtful fits warn (:class:`TrendWarning`) and keep the warning in
  the result.

Defaults and why (details in docs/trends.md)
--------------------------------------------
- Regression errors: OLS with Newey-West (HAC) covariance, ``maxlags=1``
  (:data:`HAC_MAXLAGS`), small-sample correction and t-distribution. In simulations with
  24 quarters before and after a break, lag 1 covered closest to 95% (93% with
  independent errors, 88% with AR(1) errors of 0.3); lag 4 covered worse (88%, 83%),
  as HAC variances are noisy in short series. A Breusch-Godfrey F-test up to lag 4
  warns when residual autocorrelation suggests the intervals are too narrow.
- Seasonality: quarter effects coded as deviations from the yearly mean (they sum to 0),
  included when every quarter of the year occurs at least twice.
- STL: period 4, robust fitting on (outliers such as a COVID quarter do not bend the
  trend), seasonal smoother 7 (the statsmodels default).
- ETS: additive errors and additive seasonality (period 4); trend none, additive or
  additive damped, chosen by AICc; analytic prediction intervals.
"""

from __future__ import annotations

from analyse.config import PARAMS_DIR
from analyse.errors import SeriesError
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
import yaml
from statsmodels.stats.diagnostic import acorr_breusch_godfrey
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
from statsmodels.tsa.seasonal import STL

from analyse import data

PARAMS_FILE = PARAMS_DIR / "indexation.yaml"

#: Confidence level of intervals unless a caller asks for another.
LEVEL = 0.95
#: Newey-West lag truncation for HAC standard errors (see module docstring).
HAC_MAXLAGS = 1
#: Lags tested for residual autocorrelation (one year of quarters).
AUTOCORR_TEST_LAGS = 4
#: Fewer points than this on either side of an intervention gives a warning.
ITS_MIN_SIDE = 8
#: Below this an interrupted time series cannot be fitted at all.
ITS_MIN_FIT = 3
#: Two years of quarters: needed for STL and for seasonal terms.
MIN_SEASONAL = 8
#: Three years of quarters: needed to estimate a seasonal ETS model with a trend.
MIN_FORECAST = 12
#: Projected year-end within budget x (1 +/- tolerance) counts as on budget.
BUDGET_TOLERANCE = 0.05

QUARTERS_PER_YEAR = 4




class TrendWarning(UserWarning):
    """A fit was made but its result needs care (too few points, autocorrelation)."""


def _warn(messages: list[str], message: str) -> None:
    messages.append(message)
    warnings.warn(message, TrendWarning, stacklevel=3)


# --------------------------------------------------------------------------- prices


@dataclass(frozen=True)
class PriceIndex:
    """A yearly price (or wage/price) index: level per integer year, any base year.

    ``assumed_years`` lists years whose value is an explicit assumption, not a figure."""

    values: pd.Series
    name: str
    source: str = ""
    assumed_years: tuple[int, ...] = ()


def load_indexation_params(path: Path | str | None = None) -> dict:
    """The indexation parameters (weights, wage changes, assumptions) with their sources."""
    return yaml.safe_load(Path(path or PARAMS_FILE).read_text(encoding="utf-8"))


def _yearly(values: pd.Series, name: str | None = None) -> pd.Series:
    """``values`` as floats indexed by int year, sorted; refuses other indexes and duplicates."""
    label = name or str(values.name or "yearly series")
    idx = values.index
    if isinstance(idx, pd.PeriodIndex):
        if idx.freqstr[0] not in "YA":
            raise SeriesError(label, f"expected yearly values indexed by year, got periods of frequency {idx.freqstr}")
        idx = idx.year
    elif not pd.api.types.is_integer_dtype(idx):
        raise SeriesError(label, f"expected yearly values indexed by integer year, got an index of type {idx.dtype}")
    out = pd.Series(pd.to_numeric(values.to_numpy(), errors="coerce"), index=np.asarray(idx, dtype=int),
                    name=values.name).sort_index()
    dup = out.index[out.index.duplicated()]
    if len(dup):
        raise SeriesError(label, f"duplicate year {dup[0]}")
    if out.isna().any():
        raise SeriesError(label, f"missing or non-numeric value in {out.index[out.isna()][0]}")
    return out


def cpi_index(frame: pd.DataFrame | None = None) -> PriceIndex:
    """The consumer price index per year from ``data.cpi()`` (or a frame with year, cpi_index)."""
    frame = data.cpi() if frame is None else frame
    values = _yearly(frame.set_index("year")["cpi_index"], "cpi")
    return PriceIndex(values.rename("cpi"), "CPI (CBS, 2015 = 100)",
                      "data.cpi(); shipped file from CBS 83131NED/83136NED (see catalog.yaml)")


def extend_index(index: PriceIndex, assumed_change_pct: Mapping[int, float]) -> PriceIndex:
    """``index`` extended year by year with assumed yearly changes in percent ({2026: 2.0}).

    The new years are listed in ``assumed_years`` so results can say they rest on an
    assumption. Years must follow the last year of the index without gaps."""
    values = index.values.copy()
    for year in sorted(assumed_change_pct):
        if year != values.index.max() + 1:
            raise SeriesError(index.name, f"assumption for {year}: expected the year after {values.index.max()}")
        values.loc[year] = values.loc[year - 1] * (1 + assumed_change_pct[year] / 100)
    shown = ", ".join(f"{y}: {c:+g}%" for y, c in sorted(assumed_change_pct.items()))
    return PriceIndex(values, f"{index.name}, aangenomen {shown}", index.source,
                      tuple(sorted({*index.assumed_years, *assumed_change_pct})))


def wage_price_index(wage_weight: float | None = None, wage_change_pct: Mapping[int, float] | None = None,
                     prices: PriceIndex | None = None) -> PriceIndex:
    """Wage/price mix index: each year changes by w x wage change + (1 - w) x price change.

    Defaults: ``wage_weight`` and the CBS cao wage changes from params/indexation.yaml,
    prices from the shipped CPI. The index is 100 in the year before the first year for
    which both a wage and a price change exist (2022 with the shipped parameters)."""
    params = load_indexation_params()
    w = params["wage_price_mix"]["wage_weight"] if wage_weight is None else wage_weight
    if not 0 <= w <= 1:
        raise ValueError(f"wage_weight {w}: expected a share between 0 and 1")
    wages = dict(params["cao_wage_change_pct"]["values"] if wage_change_pct is None else wage_change_pct)
    prices = prices or cpi_index()
    price_change = yearly_change(prices.values)
    years = sorted(y for y in wages if y in price_change.index and not np.isnan(price_change[y]))
    if not years or years != list(range(years[0], years[-1] + 1)):
        raise SeriesError("wage/price mix", f"wage changes for {sorted(wages)} and prices for {list(price_change.index)}: "
                                            "expected consecutive years covered by both")
    level = {years[0] - 1: 100.0}
    for y in years:
        level[y] = level[y - 1] * (1 + w * wages[y] / 100 + (1 - w) * price_change[y])
    name = f"loon/prijsmix {w:.0%} lonen / {1 - w:.0%} prijzen ({years[0] - 1} = 100)"
    return PriceIndex(pd.Series(level, name="wage_price_mix"), name,
                      "CBS cao-lonen (params/indexation.yaml) and " + prices.name,
                      tuple(y for y in prices.assumed_years if y in level))


def _as_index(index: PriceIndex | pd.Series | None) -> PriceIndex:
    if index is None:
        return cpi_index()
    if isinstance(index, PriceIndex):
        return index
    return PriceIndex(_yearly(index, str(index.name or "index")), str(index.name or "index"))


def _require_years(index: PriceIndex, years: list[int]) -> None:
    missing = sorted(set(years) - set(index.values.index))
    if missing:
        have = index.values.index
        raise SeriesError(index.name, f"no index value for {', '.join(map(str, missing))} (covers {have.min()}-{have.max()}): "
                                      "pass an index that covers these years or extend it with an explicit, "
                                      "documented assumption, e.g. extend_index(index, {%d: 2.0})" % missing[0])


def deflate(values: pd.Series, to_year: int, index: PriceIndex | pd.Series | None = None) -> pd.Series:
    """Nominal euros per year (indexed by integer year) in prices of ``to_year``.

    real(t) = nominal(t) x index(to_year) / index(t). ``index`` defaults to the shipped CPI;
    pass e.g. :func:`wage_price_index` for subsidy indexation. Years the index does not
    cover raise :class:`SeriesError` (see :func:`extend_index`). The result's ``attrs`` hold
    the price year, the index name and any assumed index years used."""
    nominal = _yearly(values)
    idx = _as_index(index)
    _require_years(idx, [*nominal.index, to_year])
    factor = idx.values.loc[to_year] / idx.values.loc[nominal.index]
    out = pd.Series(nominal.to_numpy() * factor.to_numpy(), index=nominal.index, name=values.name)
    used = {*nominal.index, to_year}
    out.attrs = {"price_year": to_year, "index": idx.name,
                 "assumed_years": tuple(y for y in idx.assumed_years if y in used)}
    return out


def index_numbers(values: pd.Series, base_year: int) -> pd.Series:
    """Yearly values (money or an index) as index numbers with ``base_year`` = 100."""
    series = _yearly(values)
    if base_year not in series.index:
        raise SeriesError(str(values.name or "yearly series"), f"base year {base_year} not in the series")
    return series / series.loc[base_year] * 100


def yearly_change(values: pd.Series) -> pd.Series:
    """Change on the previous year as a share (0.1 = +10%); NaN for the first year.

    Years must be consecutive: a gap raises rather than comparing across it."""
    series = _yearly(values)
    expected = np.arange(series.index.min(), series.index.max() + 1)
    if len(series) != len(expected):
        missing = sorted(set(expected) - set(series.index))
        raise SeriesError(str(values.name or "yearly series"), f"gap at {missing[0]}: expected consecutive years")
    return series / series.shift(1) - 1


def cumulative_change(values: pd.Series, start: int, end: int) -> float:
    """Change from ``start`` to ``end`` as a share: values[end] / values[start] - 1."""
    series = _yearly(values)
    for year in (start, end):
        if year not in series.index:
            raise SeriesError(str(values.name or "yearly series"), f"no value for {year}")
    return float(series.loc[end] / series.loc[start] - 1)


def purchasing_power_loss(values: pd.Series, start: int, end: int, price_year: int,
                          index: PriceIndex | pd.Series | None = None) -> pd.DataFrame:
    """Purchasing power a budget lost against its ``start`` level, per year, in euros of ``price_year``.

    values: nominal euros per year (integer years). For each year t from start to end:

    - ``real_eur``: the budget in prices of ``price_year``;
    - ``maintained_nominal_eur``: what year t would have needed nominally to keep the start
      budget's purchasing power: budget(start) x index(t) / index(start);
    - ``loss_eur`` = real(start) - real(t) (euros of ``price_year``), split exactly into
      ``loss_cut_eur`` (the nominal cut budget(start) - budget(t), euros of t brought to
      ``price_year``) and
      ``loss_inflation_eur`` (the start budget not indexed for prices from start to t);
    - ``loss_share``: loss_eur / real(start); ``index_assumed``: index of t is an assumption.

    The sum of ``loss_eur`` is the purchasing power lost over the whole period."""
    nominal = _yearly(values)
    years = list(range(start, end + 1))
    missing = sorted(set(years) - set(nominal.index))
    if missing:
        raise SeriesError(str(values.name or "budget"), f"no budget for {', '.join(map(str, missing))}")
    idx = _as_index(index)
    _require_years(idx, [*years, price_year])
    level = idx.values
    b = nominal.loc[years]
    to_p = level.loc[price_year] / level.loc[years]
    base = nominal.loc[start]
    real = b * to_p.to_numpy()
    out = pd.DataFrame({
        "nominal_eur": b.to_numpy(),
        "real_eur": real.to_numpy(),
        "maintained_nominal_eur": base * level.loc[years].to_numpy() / level.loc[start],
        "loss_eur": base * level.loc[price_year] / level.loc[start] - real.to_numpy(),
        "loss_cut_eur": (base - b.to_numpy()) * to_p.to_numpy(),
        "loss_inflation_eur": base * (level.loc[price_year] / level.loc[start] - to_p.to_numpy()),
        "index_assumed": [y in idx.assumed_years for y in years],
    }, index=pd.Index(years, name="year"))
    out["loss_share"] = out["loss_eur"] / (base * level.loc[price_year] / level.loc[start])
    out.attrs = {"price_year": price_year, "index": idx.name, "start": start}
    return out


# --------------------------------------------------------------------------- quarterly series


def check_quarterly(series: pd.Series, name: str | None = None) -> pd.Series:
    """``series`` as floats on consecutive quarters, sorted; raises :class:`SeriesError` otherwise.

    Refused, with the first offending quarter named: an index that is not a quarterly
    PeriodIndex (e.g. annual data, timestamps), duplicate quarters, missing or
    non-numeric values, and gaps."""
    label = name or str(series.name or "unnamed")
    idx = series.index
    if not isinstance(idx, pd.PeriodIndex):
        hint = " (convert with .to_period('Q'))" if isinstance(idx, pd.DatetimeIndex) else ""
        raise SeriesError(label, f"expected quarters as a pandas PeriodIndex of frequency Q, got {type(idx).__name__}{hint}")
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
        first_gap = full.difference(out.index)[0]
        raise SeriesError(label, f"gap at {first_gap}: expected consecutive quarters")
    return out


def small_count_points(series: pd.Series) -> pd.Series:
    """True for the quarters whose underlying count of people is small enough to be hidden
    in a report (:mod:`analyse.privacy`); the counts travel in ``series.attrs["counts"]``
    (set by :func:`quarterly_series`). All False without counts or with protection off."""
    from analyse.disclosure import privacy

    counts = series.attrs.get("counts")
    if counts is None or not privacy.protection_enabled():
        return pd.Series(False, index=series.index)
    counts = pd.Series(counts).reindex(series.index)
    return privacy.primary_suppressed(counts.fillna(0), privacy.load_rules()) & counts.notna()


def quarterly_series(frame: pd.DataFrame, value: str, name: str | None = None, counts: str | None = None,
                     **filters: object) -> pd.Series:
    """One checked quarterly series from a tidy frame with a ``quarter`` column.

    >>> quarterly_series(rates, "rate_per_1000", kern="Dalfsen", provision="wmo")  # doctest: +SKIP

    Rows are selected by ``column=value`` filters; the name defaults to the value column
    and the filter values ("rate_per_1000 Dalfsen wmo"). Filters that leave several rows
    per quarter give a duplicate-quarter error. ``counts`` names the column with the
    number of people behind each value (default: ``value`` itself when it is a count of
    people, else ``clients`` when present); it travels in ``attrs["counts"]`` so plots can
    hide points that rest on small counts."""
    from analyse.disclosure.privacy import REPORT_COUNT_COLUMNS

    label = name or " ".join([value, *map(str, filters.values())])
    rows = frame
    for column, wanted in filters.items():
        rows = rows[rows[column] == wanted]
    if rows.empty:
        raise SeriesError(label, "no rows match " + ", ".join(f"{k}={v!r}" for k, v in filters.items()))
    index = pd.PeriodIndex(rows["quarter"])
    series = check_quarterly(pd.Series(rows[value].to_numpy(), index=index, name=label), label)
    counts = counts or (value if value in REPORT_COUNT_COLUMNS else "clients" if "clients" in rows else None)
    if counts is not None:
        series.attrs["counts"] = pd.Series(rows[counts].to_numpy(dtype=float), index=index).reindex(series.index)
    return series


def add_rate_per_1000(frame: pd.DataFrame, population: pd.DataFrame, count: str = "clients") -> pd.DataFrame:
    """``frame`` (quarter, kern, ``count``) plus ``inhabitants`` and ``rate_per_1000``.

    rate_per_1000 = count / inhabitants x 1,000, with the kern's population of the
    quarter's calendar year as the population table gives it (1 January figure for CBS
    data), without interpolation within the year."""
    pop = population[["year", "kern", "inhabitants"]].astype({"year": int, "kern": str, "inhabitants": float})
    keys = pd.DataFrame({"year": frame["quarter"].dt.year.astype(int).to_numpy(), "kern": frame["kern"].astype(str).to_numpy()})
    merged = keys.merge(pop, on=["year", "kern"], how="left")
    lacking = merged[merged["inhabitants"].isna() | (merged["inhabitants"] <= 0)]
    if not lacking.empty:
        row = lacking.iloc[0]
        raise SeriesError("population", f"no inhabitants (or zero) for kern '{row.kern}' in {row.year}: "
                                        f"needed for the rate per 1,000 of '{count}'")
    out = frame.copy()
    out["inhabitants"] = merged["inhabitants"].to_numpy()
    out["rate_per_1000"] = out[count].astype(float).to_numpy() / out["inhabitants"] * 1000
    return out


def decompose(series: pd.Series, robust: bool = True, seasonal_smoother: int = 7) -> pd.DataFrame:
    """STL decomposition of a quarterly series (period 4): observed = trend + seasonal + resid.

    Needs at least two years (8 quarters). Descriptive: STL gives no intervals; use
    :func:`fit_trend` for a trend with a confidence interval. ``attrs['n']`` is the n."""
    y = check_quarterly(series)
    if len(y) < MIN_SEASONAL:
        raise SeriesError(y.name, f"too short for a seasonal decomposition: {len(y)} quarters, "
                                  f"STL needs at least {MIN_SEASONAL} (two years)")
    res = STL(y, period=QUARTERS_PER_YEAR, seasonal=seasonal_smoother, robust=robust).fit()
    out = pd.DataFrame({"observed": y, "trend": res.trend, "seasonal": res.seasonal, "resid": res.resid})
    out.attrs = {"n": len(y), "method": f"STL (period 4, seasonal smoother {seasonal_smoother}, robust={robust})"}
    return out


# --------------------------------------------------------------------------- regression core


def _design(index: pd.PeriodIndex, seasonal: bool, at: pd.Period | None = None) -> pd.DataFrame:
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


def _has_seasons(index: pd.PeriodIndex) -> bool:
    return bool(pd.Series(index.quarter).value_counts().reindex([1, 2, 3, 4]).fillna(0).min() >= 2)


def _fit_ols(y: pd.Series, X: pd.DataFrame, maxlags: int, messages: list[str]):
    """OLS with Newey-West HAC errors; warns when residual autocorrelation remains."""
    res = sm.OLS(y.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True},
                                      use_t=True)
    lags = min(AUTOCORR_TEST_LAGS, int(res.df_resid) - 1)
    exact = res.ssr <= 1e-12 * max(res.centered_tss, 1.0)  # a perfect fit has no residuals to test
    if lags >= 1 and not exact:
        p = float(acorr_breusch_godfrey(res, nlags=lags, store=True)[3])  # F-test version
        if p < 0.05:
            _warn(messages, f"series '{y.name}': residual autocorrelation up to lag {lags} (Breusch-Godfrey F-test "
                            f"p = {p:.3f}): HAC errors with maxlags={maxlags} may be too narrow; "
                            f"try maxlags={AUTOCORR_TEST_LAGS} and read the intervals as optimistic")
    return res


def _contrast(res, weights: Mapping[str, float], level: float) -> dict[str, float]:
    """Estimate, interval and p-value of a linear combination of coefficients (HAC, t)."""
    names = list(res.model.exog_names)
    vector = np.zeros(len(names))
    for key, w in weights.items():
        vector[names.index(key)] = w
    test = res.t_test(vector)
    low, high = np.asarray(test.conf_int(alpha=1 - level)).ravel()
    return {"estimate": float(np.asarray(test.effect).ravel()[0]), "ci_low": float(low), "ci_high": float(high),
            "p_value": float(np.asarray(test.pvalue).ravel()[0])}


def _band(res, X: pd.DataFrame, level: float) -> pd.DataFrame:
    frame = res.get_prediction(X).summary_frame(alpha=1 - level)
    return pd.DataFrame({"mean": frame["mean"].to_numpy(), "ci_low": frame["mean_ci_lower"].to_numpy(),
                         "ci_high": frame["mean_ci_upper"].to_numpy()}, index=X.index)


# --------------------------------------------------------------------------- trend


@dataclass(frozen=True)
class TrendFit:
    """A linear or log-linear trend of a quarterly series.

    ``estimates``: one row ``trend_per_year`` (estimate, ci_low, ci_high, p_value, n, unit).
    ``fitted``: per quarter the observed value, the fitted value (with season), the trend
    line at the yearly-average season and its confidence band (trend_ci_low/high)."""

    name: str
    estimates: pd.DataFrame
    fitted: pd.DataFrame
    log: bool
    seasonal: bool
    level: float
    maxlags: int
    warnings: tuple[str, ...]
    model: object = field(repr=False)


def fit_trend(series: pd.Series, log: bool = False, level: float = LEVEL, seasonal: bool | None = None,
              maxlags: int = HAC_MAXLAGS) -> TrendFit:
    """OLS trend (in quarters) with quarter effects and Newey-West HAC errors.

    ``log=False``: trend in units of the series per year. ``log=True`` fits log(y) and
    reports the relative change per year (0.03 = +3%/year), with exp() of the trend line
    (the geometric-mean level) in ``fitted``. ``seasonal=None`` includes quarter effects
    when every quarter occurs at least twice. Needs at least 3 quarters; warns below 8."""
    y = check_quarterly(series)
    messages: list[str] = []
    if len(y) < 3:
        raise SeriesError(y.name, f"too short for a trend: {len(y)} quarters, need at least 3")
    if len(y) < MIN_SEASONAL:
        _warn(messages, f"series '{y.name}': only {len(y)} quarters (fewer than {MIN_SEASONAL}): the trend is fragile")
    if log and (y <= 0).any():
        raise SeriesError(y.name, f"log-linear trend needs positive values; {y[y <= 0].index[0]} has {y[y <= 0].iloc[0]:g}")
    seasonal = _has_seasons(y.index) if seasonal is None else seasonal
    X = _design(y.index, seasonal)
    target = np.log(y) if log else y
    res = _fit_ols(target, X, maxlags, messages)
    est = _contrast(res, {"time": QUARTERS_PER_YEAR}, level)
    if log:
        est = {k: (float(np.expm1(v)) if k != "p_value" else v) for k, v in est.items()}
    estimates = pd.DataFrame([{**est, "n": len(y), "unit": "aandeel per jaar" if log else "eenheden per jaar"}],
                             index=pd.Index(["trend_per_year"], name="term"))
    line = _band(res, X.assign(**{c: 0.0 for c in X if c.startswith("season")}), level)
    y.attrs.update(series.attrs)
    fitted = pd.DataFrame({"observed": y, "hidden": small_count_points(y), "fitted": res.fittedvalues, "trend": line["mean"],
                           "trend_ci_low": line["ci_low"], "trend_ci_high": line["ci_high"]}, index=y.index)
    if log:
        fitted[["fitted", "trend", "trend_ci_low", "trend_ci_high"]] = np.exp(
            fitted[["fitted", "trend", "trend_ci_low", "trend_ci_high"]])
    return TrendFit(y.name, estimates, fitted, log, seasonal, level, maxlags, tuple(messages), res)


# --------------------------------------------------------------------------- interrupted time series


@dataclass(frozen=True)
class ITSResult:
    """Segmented regression around an intervention quarter ``at``.

    ``estimates``: rows ``level_change`` (jump at ``at``, units of the series) and
    ``slope_change`` (change of the trend, units per year), columns estimate, ci_low,
    ci_high, p_value, n_before, n_after, unit. ``fitted``: per quarter observed, fitted,
    counterfactual (pre-intervention level and trend continued, with season) and its
    confidence band. ``warnings``: e.g. fewer than 8 quarters on a side."""

    name: str
    at: pd.Period
    estimates: pd.DataFrame
    fitted: pd.DataFrame
    n_before: int
    n_after: int
    seasonal: bool
    level: float
    maxlags: int
    warnings: tuple[str, ...]
    model: object = field(repr=False)

    def effect(self, quarter: pd.Period | str | None = None) -> pd.Series:
        """Fitted minus counterfactual in ``quarter`` (default: the last quarter), with its
        interval: level_change + slope change per quarter x quarters since ``at``."""
        when = self.fitted.index[-1] if quarter is None else pd.Period(quarter, freq="Q")
        if when < self.at or when > self.fitted.index[-1]:
            raise SeriesError(self.name, f"effect in {when}: expected a quarter from {self.at} to {self.fitted.index[-1]}")
        k = (when - self.at).n
        est = _contrast(self.model, {"level_change": 1.0, "slope_change": float(k)}, self.level)
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
        raise SeriesError(y.name, f"intervention quarter {at!r}: expected a quarter such as 2021Q1") from None
    n_before, n_after = int((y.index < at).sum()), int((y.index >= at).sum())
    if min(n_before, n_after) < ITS_MIN_FIT:
        raise SeriesError(y.name, f"too short around {at}: {n_before} quarters before and {n_after} from it; "
                                  f"need at least {ITS_MIN_FIT} on each side to fit (and {ITS_MIN_SIDE} for a reliable estimate)")
    messages: list[str] = []
    for side, n in (("before", n_before), ("from", n_after)):
        if n < ITS_MIN_SIDE:
            _warn(messages, f"series '{y.name}': only {n} quarters {side} {at} (fewer than {ITS_MIN_SIDE}): "
                            "level and slope change are poorly determined; read them as indicative at best")
    seasonal = _has_seasons(y.index) if seasonal is None else seasonal
    X = _design(y.index, seasonal, at)
    res = _fit_ols(y, X, maxlags, messages)
    rows = {"level_change": _contrast(res, {"level_change": 1.0}, level),
            "slope_change": _contrast(res, {"slope_change": QUARTERS_PER_YEAR}, level)}
    estimates = pd.DataFrame.from_dict(rows, orient="index")
    estimates.index.name = "term"
    estimates = estimates.assign(n_before=n_before, n_after=n_after,
                                 unit=["eenheden van de reeks", "eenheden van de reeks per jaar"])
    counter = _band(res, X.assign(level_change=0.0, slope_change=0.0), level)
    y.attrs.update(series.attrs)
    fitted = pd.DataFrame({"observed": y, "hidden": small_count_points(y), "fitted": res.fittedvalues,
                           "counterfactual": counter["mean"],
                           "counterfactual_ci_low": counter["ci_low"], "counterfactual_ci_high": counter["ci_high"]},
                          index=y.index)
    return ITSResult(y.name, at, estimates, fitted, n_before, n_after, seasonal, level, maxlags, tuple(messages), res)


# --------------------------------------------------------------------------- forecast

#: ETS candidates: (label, trend, damped_trend); additive error and season throughout.
ETS_CANDIDATES: tuple[tuple[str, str | None, bool], ...] = (
    ("geen trend", None, False),
    ("additieve trend", "add", False),
    ("gedempte additieve trend", "add", True),
)


@dataclass(frozen=True)
class ForecastResult:
    """ETS forecast of a quarterly series.

    ``forecast``: per future quarter mean, pi_low, pi_high (prediction interval at
    ``level``). ``spec``: the ETSModel arguments chosen, to refit it directly.
    ``candidates``: AICc of every candidate (inf = too many parameters for n)."""

    name: str
    observed: pd.Series
    forecast: pd.DataFrame
    spec: dict
    candidates: pd.DataFrame
    n: int
    level: float
    warnings: tuple[str, ...]
    model: object = field(repr=False)

    def interval(self, level: float) -> pd.DataFrame:
        """Prediction interval of the same forecast at another ``level`` (e.g. 0.8 for a fan)."""
        start = len(self.observed)
        frame = self.model.get_prediction(start=start, end=start + len(self.forecast) - 1).summary_frame(alpha=1 - level)
        return pd.DataFrame({"mean": frame["mean"].to_numpy(), "pi_low": frame["pi_lower"].to_numpy(),
                             "pi_high": frame["pi_upper"].to_numpy()}, index=self.forecast.index)


def forecast(series: pd.Series, horizon: int = 4, level: float = LEVEL) -> ForecastResult:
    """Holt-Winters (ETS) forecast of the next ``horizon`` quarters with prediction intervals.

    ETS(A, trend, A) with period 4: additive errors give analytic intervals; the trend
    (none, additive, damped additive) is chosen by AICc among :data:`ETS_CANDIDATES`.
    Needs at least 12 quarters (three years): a seasonal model with trend has 9-10
    parameters. Prediction intervals assume the model is right and can fall below zero
    for small counts (a warning says so)."""
    y = check_quarterly(series)
    if len(y) < MIN_FORECAST:
        raise SeriesError(y.name, f"too short for a seasonal forecast: {len(y)} quarters, need at least {MIN_FORECAST} (three years)")
    messages: list[str] = []
    fits, rows = {}, []
    for label, trend, damped in ETS_CANDIDATES:
        spec = {"error": "add", "trend": trend, "damped_trend": damped, "seasonal": "add",
                "seasonal_periods": QUARTERS_PER_YEAR}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = ETSModel(y, **spec).fit(disp=False)
        notes = sorted({str(w.message).splitlines()[0] for w in caught})
        rows.append({"candidate": label, "aicc": float(fit.aicc), "n_params": len(fit.params), "notes": "; ".join(notes)})
        fits[label] = (spec, fit)
    candidates = pd.DataFrame(rows).set_index("candidate")
    finite = candidates[np.isfinite(candidates["aicc"])]
    chosen = finite["aicc"].idxmin() if len(finite) else ETS_CANDIDATES[0][0]
    spec, fit = fits[chosen]
    if candidates.loc[chosen, "notes"]:
        _warn(messages, f"series '{y.name}': statsmodels reported while fitting ETS ({chosen}): {candidates.loc[chosen, 'notes']}")
    frame = fit.get_prediction(start=len(y), end=len(y) + horizon - 1).summary_frame(alpha=1 - level)
    out = pd.DataFrame({"mean": frame["mean"].to_numpy(), "pi_low": frame["pi_lower"].to_numpy(),
                        "pi_high": frame["pi_upper"].to_numpy()},
                       index=pd.period_range(y.index[-1] + 1, periods=horizon, freq="Q"))
    if (out["pi_low"] < 0).any():
        _warn(messages, f"series '{y.name}': prediction interval below zero: additive errors do not know that counts are non-negative")
    return ForecastResult(y.name, y, out, {**spec, "label": chosen}, candidates, len(y), level, tuple(messages), fit)


# --------------------------------------------------------------------------- budget monitoring

_KEYS = {"policy_field": ["policy_field"], "budget_line": ["policy_field", "budget_line"]}


def budget_progress(budget: pd.DataFrame, realisation: pd.DataFrame, year: int,
                    by: str = "policy_field") -> pd.DataFrame:
    """Realisation per quarter of ``year`` against that year's budget, per policy field (or line).

    Columns: the keys, quarter, realised_eur (spent in the quarter), cumulative_eur,
    budget_eur, cumulative_share (cumulative / budget). Nominal euros. A key without rows
    in a quarter spent nothing in it; a quarter without any rows is a gap and raises."""
    if by not in _KEYS:
        raise ValueError(f"by={by!r}: expected one of {', '.join(_KEYS)}")
    keys = _KEYS[by]
    label = f"realisation {year}"
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
                   tolerance: float = BUDGET_TOLERANCE, reference_years: int = 3) -> pd.DataFrame:
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
    if method not in ("profile", "linear"):
        raise ValueError(f"method={method!r}: expected 'profile' or 'linear'")
    progress = budget_progress(budget, realisation, year, by)
    keys = _KEYS[by]
    through = progress["quarter"].max() if through is None else pd.Period(through, freq="Q")
    if through not in set(progress["quarter"]):
        raise SeriesError(f"realisation {year}", f"no realisation up to {through}: the data end at {progress['quarter'].max()}")
    q = through.quarter
    now = progress[progress["quarter"] == through].set_index(keys)
    shares = {}
    if method == "profile" and q < QUARTERS_PER_YEAR:
        counts = realisation.groupby(realisation["quarter"].dt.year)["quarter"].nunique()
        years = [int(y) for y, n in counts.items() if y < year and n == QUARTERS_PER_YEAR]
        for ref in years[-reference_years:]:
            prog = budget_progress(budget, realisation, ref, by).set_index([*keys, "quarter"])["cumulative_eur"]
            by_key = prog.unstack("quarter")
            total, part = by_key[pd.Period(f"{ref}Q4", freq="Q")], by_key[pd.Period(f"{ref}Q{q}", freq="Q")]
            shares[ref] = (part / total).where(total > 0)
    share_table = pd.DataFrame(shares, index=now.index)
    rows = []
    for key, row in now.iterrows():
        realised, plan = row["cumulative_eur"], row["budget_eur"]
        s = share_table.loc[key].dropna()
        if q == QUARTERS_PER_YEAR:
            proj, low, high, expected, n_ref, text = realised, realised, realised, 1.0, 0, "realisatie: jaar compleet"
        elif method == "profile" and len(s) >= 2:
            proj, low, high, expected, n_ref = realised / s.mean(), realised / s.max(), realised / s.min(), s.mean(), len(s)
            text = (f"profiel: realisatie t/m Q{q} / gemiddeld aandeel van Q1-Q{q} in de jaartotalen "
                    f"{', '.join(map(str, s.index))}; bandbreedte = de afzonderlijke jaren")
        else:
            proj, low, high, expected, n_ref = realised * QUARTERS_PER_YEAR / q, np.nan, np.nan, q / QUARTERS_PER_YEAR, 0
            text = f"lineair: realisatie t/m Q{q} x 4/{q} (gelijk tempo aangenomen)" + (
                "; geen profiel uit minstens 2 eerdere jaren, onzekerheid onbekend" if method == "profile" else "")
        upper, lower = plan * (1 + tolerance), plan * (1 - tolerance)
        flag = "overschrijding" if proj > upper else "onderschrijding" if proj < lower else "binnen marge"
        firm = not np.isnan(low) and {"overschrijding": low > upper, "onderschrijding": high < lower,
                                      "binnen marge": lower <= low and high <= upper}[flag]
        rows.append({**dict(zip(keys, key if isinstance(key, tuple) else (key,))), "year": year, "through": through,
                     "budget_eur": plan, "realised_eur": realised, "realised_share": realised / plan,
                     "expected_share": expected, "projected_eur": proj, "projected_low_eur": low,
                     "projected_high_eur": high, "projected_result_eur": plan - proj, "flag": flag,
                     "flag_firm": bool(firm), "method": text, "n_reference_years": n_ref})
    return pd.DataFrame(rows)
