"""Quarterly series (analyse.methods.timeseries, via analyse.trends): selection from tidy
frames with the people behind each value, checks that name the series, STL and trends
checked against known slopes and statsmodels called directly."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from analyse import data
from analyse import trends as T
from analyse.config import RAW_DIR


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Shipped care use and population, built into a scratch folder (data/processed is not touched)."""
    kw = {"data_dir": RAW_DIR, "processed_dir": tmp_path_factory.mktemp("processed")}
    return {"care_use": data.care_use(**kw), "population": data.population(**kw)}


def quarters(n: int, start: str = "2015Q1") -> pd.PeriodIndex:
    return pd.period_range(start, periods=n, freq="Q")


def _care(n: int = 24, name: str = "care_use wmo Dalfsen") -> pd.Series:
    return pd.Series(np.arange(n, dtype=float) + 50, index=quarters(n), name=name)


def test_rates_per_1000_from_population_per_kern(shipped):
    rates = T.add_rate_per_1000(shipped["care_use"], shipped["population"])  # analyse.methods.population
    series = T.quarterly_series(rates, "per_1000", kern="Dalfsen", provision="wmo")
    # data/raw: 590 Wmo clients in Dalfsen in 2015Q1; 11,201 inhabitants in 2015: 590 / 11,201 x 1,000 = 52.674.
    assert series.loc[pd.Period("2015Q1", "Q")] == pytest.approx(52.674, abs=0.001)
    assert series.name == "per_1000 Dalfsen wmo" and isinstance(series.index, pd.PeriodIndex)
    assert series.attrs["counts"].loc[pd.Period("2015Q1", "Q")] == 590  # the clients behind the rate
    no_2015 = shipped["population"][shipped["population"]["year"] != 2015]
    with pytest.raises(T.SeriesError, match=r"series 'population': .*kern 'Dalfsen' in 2015"):
        T.add_rate_per_1000(shipped["care_use"], no_2015)


def test_the_count_column_is_explicit():
    frame = pd.DataFrame({"quarter": quarters(3), "kern": "K", "participants": [3.0, 20.0, 9.0]})
    assert "counts" not in T.quarterly_series(frame, "participants", kern="K").attrs  # no "clients" column
    counted = T.quarterly_series(frame, "participants", counts="participants", kern="K")
    assert counted.attrs["counts"].tolist() == [3.0, 20.0, 9.0]
    with pytest.warns(T.TrendWarning, match="only 3 quarters"):
        fit = T.fit_trend(counted)
    assert fit.fitted["count"].tolist() == [3.0, 20.0, 9.0]  # for the publishing layer's small-count rule
    with pytest.warns(T.TrendWarning):
        unknown = T.fit_trend(pd.Series([1.0, 2.0, 4.0], index=quarters(3)))
    assert unknown.fitted["count"].isna().all()


@pytest.mark.parametrize("make, message", [
    (lambda s: s.drop(pd.Period("2019Q3", "Q")), r"gap at 2019Q3: expected consecutive quarters"),
    (lambda s: pd.concat([s, s.iloc[[18]]]), r"duplicate quarter 2019Q3"),
    (lambda s: pd.Series(s.to_numpy()[:6], index=pd.period_range("2015", periods=6, freq="Y"), name=s.name),
     r"expected quarterly data, got annual periods"),
    (lambda s: s.set_axis(s.index.to_timestamp()), r"expected quarters as a pandas PeriodIndex.*to_period\('Q'\)"),
    (lambda s: s.where(s.index != pd.Period("2017Q2", "Q")), r"missing or non-numeric value at 2017Q2"),
])
def test_bad_series_name_the_series(make, message):
    with pytest.raises(T.SeriesError, match=r"^series 'care_use wmo Dalfsen': " + message):
        T.check_quarterly(make(_care()))


def test_too_short_series_are_refused_per_method():
    with pytest.raises(T.SeriesError, match=r"series 'kort': too short for a seasonal decomposition: 7 quarters"):
        T.decompose(_care(7, "kort"))
    with pytest.raises(T.SeriesError, match=r"series 'kort': too short for a trend"):
        T.fit_trend(_care(2, "kort"))


def test_filters_that_leave_two_rows_per_quarter_are_duplicates(shipped):
    with pytest.raises(T.SeriesError, match=r"series 'clients Dalfsen': duplicate quarter 2015Q1"):
        T.quarterly_series(shipped["care_use"], "clients", kern="Dalfsen")  # wmo and jeugd


def test_stl_separates_trend_and_season():
    # 0.5 per quarter trend plus a fixed season (+3, -1, -1, -1): STL gives it back.
    season = np.tile([3.0, -1.0, -1.0, -1.0], 8)
    y = pd.Series(20 + 0.5 * np.arange(32) + season, index=quarters(32), name="s")
    parts = T.decompose(y)
    assert np.allclose(parts["trend"] + parts["seasonal"] + parts["resid"], parts["observed"])
    seasons = parts["seasonal"].iloc[8:24].groupby(parts.index[8:24].quarter).mean().round(1)
    assert seasons.tolist() == [3.0, -1.0, -1.0, -1.0]
    assert parts.attrs["n"] == 32


def test_trend_recovers_linear_and_loglinear_slopes():
    season = np.tile([2.0, 0.0, -1.0, -1.0], 6)
    # Linear: +0.5 per quarter = +2.0 per year.
    lin = T.fit_trend(pd.Series(10 + 0.5 * np.arange(24) + season, index=quarters(24), name="lin"))
    assert lin.estimates.loc["trend_per_year", "estimate"] == pytest.approx(2.0)
    assert lin.estimates.loc["trend_per_year", "n"] == 24 and lin.seasonal
    # Log-linear: 3% a year = factor 1.03^(1/4) a quarter, with a multiplicative season.
    grow = pd.Series(40 * 1.03 ** (np.arange(24) / 4) * np.exp(season / 20), index=quarters(24), name="log")
    fit = T.fit_trend(grow, log=True)
    assert fit.estimates.loc["trend_per_year", "estimate"] == pytest.approx(0.03)
    assert fit.fitted["trend"].iloc[0] == pytest.approx(40.0)  # season coded to average out


def test_trend_interval_matches_statsmodels_with_dummy_coding():
    # Independent parametrisation: quarter dummies with Q1 as reference instead of deviations;
    # the slope, its HAC(1) error and thus the interval must be the same.
    rng = np.random.default_rng(7)
    n = 28
    y = pd.Series(30 + 0.2 * np.arange(n) + np.tile([2.0, 0, -1, -1], 7) + rng.normal(0, 1, n), index=quarters(n),
                  name="y")
    q = y.index.quarter
    X = np.column_stack([np.ones(n), np.arange(n), q == 2, q == 3, q == 4]).astype(float)
    direct = sm.OLS(y.to_numpy(), X).fit(cov_type="HAC", cov_kwds={"maxlags": 1, "use_correction": True}, use_t=True)
    low, high = direct.conf_int(0.05)[1] * 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        est = T.fit_trend(y).estimates.loc["trend_per_year"]
    assert est["estimate"] == pytest.approx(direct.params[1] * 4)
    assert (est["ci_low"], est["ci_high"]) == pytest.approx((low, high))
    assert est["p_value"] == pytest.approx(direct.pvalues[1])


def test_hac_lag_default_comes_from_the_parameter_file():
    from analyse import params

    assert T.HAC_MAXLAGS == params.value("timeseries", "hac_maxlags") == 1
    assert T.fit_trend(_care(12)).maxlags == T.HAC_MAXLAGS


def _ar1(n: int, phi: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    e = np.empty(n)
    e[0] = rng.normal() / np.sqrt(1 - phi**2)
    for i in range(1, n):
        e[i] = phi * e[i - 1] + rng.normal()
    return e


def test_ar1_regression_equals_gls_with_the_ar1_covariance_matrix():
    """The Prais-Winsten fit at the estimated rho is GLS with the AR(1) correlation matrix
    Sigma_ij = rho^|i-j| (statsmodels' GLS called directly, an independent computation):
    same coefficients and standard errors."""
    from analyse.methods.timeseries import design, fit_ar1

    n = 40
    y = pd.Series(30 + 0.2 * np.arange(n) + _ar1(n, 0.6, seed=3), index=quarters(n), name="y")
    X = design(quarters(n), seasonal=False)
    res, rho = fit_ar1(y, X, [])
    assert 0.2 < rho < 0.95
    sigma = rho ** np.abs(np.subtract.outer(np.arange(n), np.arange(n)))
    direct = sm.GLS(y.to_numpy(), X.to_numpy(), sigma=sigma).fit()
    assert np.asarray(res.params) == pytest.approx(direct.params)
    assert np.asarray(res.bse) == pytest.approx(direct.bse)
    assert res.df_resid == n - 2


def test_ar1_rho_is_estimated_by_reml_and_kept_within_its_range():
    from analyse.methods.timeseries import AR1_RHO_RANGE, design, fit_ar1

    assert AR1_RHO_RANGE == (0.0, 0.95)
    # Long series: REML recovers phi 0.5 (sampling sd about sqrt((1 - 0.25) / 2000) = 0.02).
    n = 2000
    X = design(quarters(n), seasonal=False)
    _, rho = fit_ar1(pd.Series(10 + _ar1(n, 0.5, seed=1), index=quarters(n), name="lang"), X, [])
    assert rho == pytest.approx(0.5, abs=0.06)
    # Negative autocorrelation is read as noise: rho stops at the lower bound 0, which is OLS
    # with classical standard errors.
    n = 48
    y = pd.Series(10 + _ar1(n, -0.6, seed=2), index=quarters(n), name="negatief")
    X = design(quarters(n), seasonal=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)  # Breusch-Godfrey flags the negative autocorrelation
        res, rho = fit_ar1(y, X, [])
    ols = sm.OLS(y.to_numpy(), X.to_numpy()).fit()
    assert rho == 0.0
    assert np.asarray(res.bse) == pytest.approx(ols.bse)


def test_trend_keeps_hac_errors_and_its_warning_as_a_diagnostic():
    """fit_trend still uses Newey-West errors (docs/trends.md says why); its warnings carry a
    code and numbers so reports can word them in Dutch."""
    n = 48
    y = pd.Series(30 + 0.2 * np.arange(n) + 3 * _ar1(n, 0.8, seed=5), index=quarters(n), name="sterk")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        fit = T.fit_trend(y)
    auto = [d for d in fit.diagnostics if d.code == "autocorrelation"]
    assert len(auto) == 1 and auto[0].details["errors"] == "hac" and auto[0].details["p"] < 0.05
    assert auto[0].message in fit.warnings
