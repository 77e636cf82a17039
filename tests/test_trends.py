"""Trends (analyse.trends, analyse.trend_plots): prices, quarterly series, interrupted
time series, forecasts and budget monitoring, checked against independent references:
CBS published figures, series simulated with known effects, and statsmodels called
directly. Expected values are worked out by hand in the comments."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import statsmodels.api as sm  # noqa: E402
from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # noqa: E402

from analyse import data, trend_plots  # noqa: E402
from analyse import trends as T  # noqa: E402
from analyse.config import RAW_DIR  # noqa: E402



@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The shipped example data, built into a scratch folder (data/processed is not touched)."""
    kw = {"data_dir": RAW_DIR, "processed_dir": tmp_path_factory.mktemp("processed")}
    return {"cpi": data.cpi(**kw), "budget": data.budget(**kw), "realisation": data.realisation(**kw),
            "care_use": data.care_use(**kw), "population": data.population(**kw)}


@pytest.fixture(scope="module")
def cpi(shipped):
    return T.cpi_index(shipped["cpi"])


def quarters(n: int, start: str = "2015Q1") -> pd.PeriodIndex:
    return pd.period_range(start, periods=n, freq="Q")


# --------------------------------------------------------------------------- prices


def test_deflate_reproduces_cbs_published_index(cpi):
    # CBS 83131NED/83136NED: yearly average CPI 2022 = 121.43 with 2015 = 100.
    # So 100 euros of 2015 buy what 121.43 euros buy in 2022, and back again.
    to_2022 = T.deflate(pd.Series({2015: 100.0}), 2022, cpi)
    assert to_2022.loc[2015] == pytest.approx(121.43, abs=0.005)
    assert to_2022.attrs["price_year"] == 2022 and to_2022.attrs["assumed_years"] == ()
    assert T.deflate(pd.Series({2022: 121.43}), 2015, cpi).loc[2022] == pytest.approx(100.0, abs=0.005)


def test_changes_agree_with_cbs_yearly_changes(cpi):
    # CBS release "Inflatie 10 procent in 2022": CPI +10.0% in 2022.
    assert T.yearly_change(cpi.values).loc[2022] == pytest.approx(0.100, abs=0.0005)
    # 2015 -> 2022 from the published level: 121.43 / 100 - 1 = 0.2143. Chaining the
    # published (rounded) yearly changes 2016-2022 gives 1.003 x 1.014 x 1.017 x 1.026 x
    # 1.013 x 1.027 x 1.100 - 1 = 0.2145: the same within the rounding of the changes.
    change = T.cumulative_change(cpi.values, 2015, 2022)
    assert change == pytest.approx(0.2143, abs=0.00005)
    assert change == pytest.approx(0.2145, abs=0.0005)
    # Index numbers: 2022 = 100 puts 2015 at 100 / 121.43 x 100 = 82.35.
    assert T.index_numbers(cpi.values, 2022).loc[2015] == pytest.approx(82.35, abs=0.005)


def test_money_series_as_index_numbers_and_gaps():
    # Seed 000: the welfare budget cut 10% over 2011-2014, e.g. 1,300,000 -> 1,170,000.
    budget = pd.Series({2011: 1_300_000.0, 2012: 1_267_500.0, 2013: 1_235_000.0, 2014: 1_170_000.0})
    assert T.index_numbers(budget, 2011).loc[2014] == pytest.approx(90.0)  # 1,170,000 / 1,300,000 x 100
    assert T.cumulative_change(budget, 2011, 2014) == pytest.approx(-0.10)
    assert T.yearly_change(budget).loc[2012] == pytest.approx(-0.025)  # 1,267,500 / 1,300,000 - 1
    with pytest.raises(T.SeriesError, match=r"series 'welzijn': gap at 2013: expected consecutive years"):
        T.yearly_change(budget.drop(2013).rename("welzijn"))
    with pytest.raises(T.SeriesError, match=r"series 'welzijn': duplicate year 2012"):
        T.deflate(pd.Series([1.0, 2.0], index=[2012, 2012], name="welzijn"), 2015)


def test_year_beyond_cpi_fails_unless_an_assumption_is_passed(cpi):
    budget = pd.Series({2025: 1_140_000.0, 2026: 1_140_000.0}, name="welzijn")
    with pytest.raises(T.SeriesError, match=r"no index value for 2026 \(covers 2010-2025\).*extend_index"):
        T.deflate(budget, 2025, cpi)
    extended = T.extend_index(cpi, {2026: 2.0})
    real = T.deflate(budget, 2025, extended)
    # 2026 index = 2025 index x 1.02, so 1,140,000 of 2026 = 1,140,000 / 1.02 = 1,117,647.06 of 2025.
    assert real.loc[2026] == pytest.approx(1_117_647.06, abs=0.01)
    assert real.loc[2025] == pytest.approx(1_140_000.0)
    assert real.attrs["assumed_years"] == (2026,) and "aangenomen" in real.attrs["index"]
    with pytest.raises(T.SeriesError, match="expected the year after 2025"):
        T.extend_index(cpi, {2027: 2.0})


def test_purchasing_power_loss_of_a_frozen_then_cut_budget(cpi):
    # 1,000 a year 2015-2021 (frozen), 900 from 2022 (cut). CPI 2015 = 100, 2022 = 121.43.
    budget = pd.Series({y: 1000.0 for y in range(2015, 2022)} | {2022: 900.0})
    loss = T.purchasing_power_loss(budget, 2015, 2022, price_year=2022, index=cpi)
    row = loss.loc[2022]
    # Keeping 2015's purchasing power needed 1,000 x 1.2143 = 1,214.30 in 2022; there was 900.
    assert row["maintained_nominal_eur"] == pytest.approx(1214.30, abs=0.005)
    assert row["loss_eur"] == pytest.approx(314.30, abs=0.005)
    assert row["loss_cut_eur"] == pytest.approx(100.0, abs=0.005)  # the nominal cut 1,000 - 900
    assert row["loss_inflation_eur"] == pytest.approx(214.30, abs=0.005)  # 1,000 not indexed
    assert row["loss_share"] == pytest.approx(314.30 / 1214.30, abs=1e-5)  # 25.9%
    # 2016, frozen: 1,000 x 121.43/100 - 1,000 x 121.43/100.30 = 1,214.30 - 1,210.67 = 3.63.
    assert loss.loc[2016, "loss_eur"] == pytest.approx(3.63, abs=0.005)
    assert loss.loc[2015, "loss_eur"] == pytest.approx(0.0, abs=1e-9)
    # In euros of 2015: 1,000 - 900 x 100 / 121.43 = 1,000 - 741.17 = 258.83.
    in_2015 = T.purchasing_power_loss(budget, 2015, 2022, price_year=2015, index=cpi)
    assert in_2015.loc[2022, "loss_eur"] == pytest.approx(258.83, abs=0.005)


def test_wage_price_mix_index(cpi):
    # Pure wages (weight 1): CBS cao wages +6.1% 2023, +6.6% 2024, +5.0% 2025, 2022 = 100:
    # 100 x 1.061 x 1.066 x 1.050 = 118.757.
    wages = T.wage_price_index(wage_weight=1.0, prices=cpi)
    assert wages.values.loc[2025] == pytest.approx(118.757, abs=0.001)
    # 80/20 (params default) in 2023: 0.8 x 6.1% + 0.2 x (126.04 / 121.43 - 1) = 4.88% + 0.76% = 5.64%.
    mix = T.wage_price_index(prices=cpi)
    assert mix.values.loc[2022] == 100.0
    assert mix.values.loc[2023] == pytest.approx(100 * (1 + 0.8 * 0.061 + 0.2 * (126.04 / 121.43 - 1)), abs=1e-9)
    assert mix.values.loc[2023] == pytest.approx(105.64, abs=0.005)
    # Used as the index of deflate: 100 euros of 2022 in 2025 wage prices.
    assert T.deflate(pd.Series({2022: 100.0}), 2025, wages).loc[2022] == pytest.approx(118.757, abs=0.001)
    params = T.load_indexation_params()
    assert params["wage_price_mix"]["wage_weight"] == 0.8 and "source" in params["cao_wage_change_pct"]


# --------------------------------------------------------------------------- quarterly series


def test_rates_per_1000_from_population_per_kern(shipped):
    rates = T.add_rate_per_1000(shipped["care_use"], shipped["population"])
    series = T.quarterly_series(rates, "rate_per_1000", kern="Dalfsen", provision="wmo")
    # data/raw: 590 Wmo clients in Dalfsen in 2015Q1; 11,201 inhabitants in 2015: 590 / 11,201 x 1,000 = 52.674.
    assert series.loc[pd.Period("2015Q1", "Q")] == pytest.approx(52.674, abs=0.001)
    assert series.name == "rate_per_1000 Dalfsen wmo" and isinstance(series.index, pd.PeriodIndex)
    no_2015 = shipped["population"][shipped["population"]["year"] != 2015]
    with pytest.raises(T.SeriesError, match=r"series 'population': .*kern 'Dalfsen' in 2015"):
        T.add_rate_per_1000(shipped["care_use"], no_2015)


def _care(n: int = 24, name: str = "care_use wmo Dalfsen") -> pd.Series:
    return pd.Series(np.arange(n, dtype=float) + 50, index=quarters(n), name=name)


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
    with pytest.raises(T.SeriesError, match=r"series 'kort': too short for a seasonal forecast: 11 quarters"):
        T.forecast(_care(11, "kort"))
    with pytest.raises(T.SeriesError, match=r"series 'kort': too short around 2015Q3: 2 quarters before"):
        T.interrupted_time_series(_care(12, "kort"), "2015Q3")
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
    assert parts["seasonal"].iloc[8:24].groupby(parts.index[8:24].quarter).mean().round(1).tolist() == [3.0, -1.0, -1.0, -1.0]
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
    y = pd.Series(30 + 0.2 * np.arange(n) + np.tile([2.0, 0, -1, -1], 7) + rng.normal(0, 1, n), index=quarters(n), name="y")
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


# --------------------------------------------------------------------------- interrupted time series

AT = pd.Period("2021Q1", "Q")
IDX = quarters(48)  # 2015Q1-2026Q4: 24 quarters before 2021Q1, 24 from it
AFTER = np.asarray(IDX >= AT, dtype=float)
SINCE = AFTER * np.arange(-24, 24)  # quarters since 2021Q1, 0 before
SEASON = np.tile([2.0, 0.0, -1.0, -1.0], 12)
LEVEL, SLOPE_Q = -4.0, -0.25  # known changes: a drop of 4 and -0.25 per quarter = -1.0 per year


def simulated(seed: int | None, level: float = LEVEL, slope_q: float = SLOPE_Q) -> pd.Series:
    noise = 0.0 if seed is None else np.random.default_rng(seed).normal(0, 1, 48)
    y = 50 + 0.1 * np.arange(48) + SEASON + level * AFTER + slope_q * SINCE + noise
    return pd.Series(y, index=IDX, name=f"simulatie {seed}")


def _its(series, at=AT):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        return T.interrupted_time_series(series, at)


def test_its_returns_tidy_estimates_and_exact_changes_without_noise():
    res = _its(simulated(None))
    est = res.estimates
    assert list(est.index) == ["level_change", "slope_change"]
    assert {"estimate", "ci_low", "ci_high", "p_value", "n_before", "n_after"} <= set(est.columns)
    assert est.loc["level_change", "estimate"] == pytest.approx(LEVEL)
    assert est.loc["slope_change", "estimate"] == pytest.approx(SLOPE_Q * 4)  # per year
    assert (res.n_before, res.n_after) == (24, 24) and res.seasonal
    # Counterfactual: the pre-intervention line continued. Last quarter 2026Q4 is 23 quarters
    # after 2021Q1: effect = -4 + 23 x -0.25 = -9.75 = fitted - counterfactual.
    assert res.effect()["estimate"] == pytest.approx(-9.75)
    last = res.fitted.iloc[-1]
    assert last["fitted"] - last["counterfactual"] == pytest.approx(-9.75)
    assert (res.fitted.loc[: AT - 1, "fitted"] == res.fitted.loc[: AT - 1, "counterfactual"]).all()


def test_its_recovers_known_level_and_slope_change_within_intervals():
    res = _its(simulated(0)).estimates
    for term, truth in (("level_change", LEVEL), ("slope_change", SLOPE_Q * 4)):
        assert res.loc[term, "ci_low"] <= truth <= res.loc[term, "ci_high"]
        assert res.loc[term, "p_value"] < 0.05
    # Calibration over 100 seeds: a 95% interval should hold the truth in about 95 (binomial
    # sd about 2); at least 88 each guards against intervals that are too narrow.
    hits = np.zeros(2)
    for seed in range(100):
        est = _its(simulated(1000 + seed)).estimates
        truth = np.array([LEVEL, SLOPE_Q * 4])
        hits += ((est["ci_low"] <= truth) & (truth <= est["ci_high"])).to_numpy()
    assert (hits >= 88).all(), hits


def test_its_reports_no_change_on_series_without_one_in_most_seeds():
    no_change = np.zeros(2)
    for seed in range(100):
        est = _its(simulated(seed, level=0.0, slope_q=0.0)).estimates
        no_change += (est["p_value"] > 0.05).to_numpy()
    assert (no_change >= 85).all(), no_change


@pytest.mark.parametrize("n_before, n_after, warns", [(7, 12, True), (8, 12, False), (12, 7, True), (12, 8, False)])
def test_its_eight_point_rule(n_before, n_after, warns):
    y = simulated(3).loc[AT - n_before: AT + (n_after - 1)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = T.interrupted_time_series(y, AT)
    about_size = [m for m in res.warnings if "fewer than 8" in m]
    assert bool(about_size) is warns
    assert any(issubclass(w.category, T.TrendWarning) and "fewer than 8" in str(w.message) for w in caught) is warns
    if warns:
        side = "before" if n_before == 7 else "from"
        assert about_size == [f"series 'simulatie 3': only 7 quarters {side} 2021Q1 (fewer than 8): level and slope "
                              "change are poorly determined; read them as indicative at best"]


# --------------------------------------------------------------------------- forecast


def test_forecast_agrees_with_statsmodels_directly():
    rng = np.random.default_rng(11)
    y = pd.Series(60 + 0.3 * np.arange(40) + np.tile([3.0, 0, -2, -1], 10) + rng.normal(0, 1.5, 40),
                  index=quarters(40), name="wmo")
    result = T.forecast(y)
    assert list(result.forecast.index.astype(str)) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    direct_aicc = {}
    for label, trend, damped in T.ETS_CANDIDATES:
        direct_aicc[label] = ETSModel(y, error="add", trend=trend, damped_trend=damped, seasonal="add",
                                      seasonal_periods=4).fit(disp=False).aicc
    assert result.spec["label"] == min(direct_aicc, key=direct_aicc.get)
    spec = {k: v for k, v in result.spec.items() if k != "label"}
    direct = ETSModel(y, **spec).fit(disp=False).get_prediction(start=40, end=43).summary_frame(alpha=0.05)
    assert np.allclose(result.forecast["mean"], direct["mean"], rtol=1e-6)
    assert np.allclose(result.forecast["pi_low"], direct["pi_lower"], rtol=1e-6)
    assert np.allclose(result.forecast["pi_high"], direct["pi_upper"], rtol=1e-6)
    assert result.n == 40 and result.level == 0.95
    eighty = result.interval(0.8)
    assert (eighty["pi_low"] > result.forecast["pi_low"]).all() and (eighty["pi_high"] < result.forecast["pi_high"]).all()


# --------------------------------------------------------------------------- budget monitoring


def _budget_frames(q4_2024: float = 550.0, quarters_2025=(250.0, 250.0, 250.0)):
    budget = pd.DataFrame({"year": [2023, 2024, 2025], "policy_field": "Welzijn", "budget_line": "Subsidies",
                           "amount_eur": 1000.0})
    spend = {2023: [200.0, 200.0, 200.0, 400.0], 2024: [150.0, 150.0, 150.0, q4_2024], 2025: list(quarters_2025)}
    rows = [{"quarter": pd.Period(f"{y}Q{i + 1}", "Q"), "policy_field": "Welzijn", "budget_line": "Subsidies",
             "amount_eur": v} for y, vs in spend.items() for i, v in enumerate(vs)]
    return budget, pd.DataFrame(rows)


def test_budget_monitor_profile_projection_with_range_and_flag():
    budget, real = _budget_frames()
    row = T.budget_monitor(budget, real, 2025).iloc[0]
    # Q1-Q3 shares of the year total: 2023 600/1000 = 0.60; 2024 450/1000 = 0.45; mean 0.525.
    # Realised 750 by 2025Q3: projection 750 / 0.525 = 1,428.57; range 750/0.60 = 1,250 to 750/0.45 = 1,666.67.
    assert row["realised_eur"] == 750.0 and row["through"] == pd.Period("2025Q3", "Q")
    assert row["projected_eur"] == pytest.approx(1428.57, abs=0.005)
    assert (row["projected_low_eur"], row["projected_high_eur"]) == pytest.approx((1250.0, 1666.67), abs=0.005)
    assert row["projected_result_eur"] == pytest.approx(1000 - 1428.57, abs=0.005)
    assert row["flag"] == "overschrijding" and row["flag_firm"]  # even 1,250 > 1,050 (5% tolerance)
    assert row["n_reference_years"] == 2 and row["method"].startswith("profiel")
    # An even pace instead: 750 x 4/3 = 1,000, on budget; the method says which was used.
    linear = T.budget_monitor(budget, real, 2025, method="linear").iloc[0]
    assert linear["projected_eur"] == pytest.approx(1000.0) and linear["flag"] == "binnen marge"
    assert linear["method"].startswith("lineair") and np.isnan(linear["projected_low_eur"])


def test_budget_monitor_fallback_full_year_and_gaps():
    budget, real = _budget_frames()
    only_one_year = real[real["quarter"].dt.year != 2023]
    row = T.budget_monitor(budget, only_one_year, 2025).iloc[0]
    assert "geen profiel uit minstens 2 eerdere jaren" in row["method"] and row["n_reference_years"] == 0
    full = T.budget_monitor(budget, real, 2024).iloc[0]  # 2024 is complete: 150 x 3 + 550 = 1,000
    assert full["projected_eur"] == 1000.0 and full["method"] == "realisatie: jaar compleet"
    gap = real[real["quarter"] != pd.Period("2025Q2", "Q")]
    with pytest.raises(T.SeriesError, match=r"series 'realisation 2025': gap at 2025Q2"):
        T.budget_progress(budget, gap, 2025)


def test_budget_progress_cumulates_per_quarter():
    budget, real = _budget_frames()
    prog = T.budget_progress(budget, real, 2025)
    assert prog["cumulative_eur"].tolist() == [250.0, 500.0, 750.0]
    assert prog["cumulative_share"].tolist() == [0.25, 0.5, 0.75]


# --------------------------------------------------------------------------- plots


def test_plots_follow_house_style():
    its = _its(simulated(0))
    fc = T.forecast(simulated(1))
    fit = T.fit_trend(simulated(2, level=0.0, slope_q=0.0))
    nominal = pd.Series({2024: 1000.0, 2025: 1000.0})
    real = T.deflate(nominal, 2024, pd.Series({2024: 100.0, 2025: 103.0}, name="test"))
    figures = [
        trend_plots.plot_its(its, ylabel="Cliënten per 1.000 inwoners", source="test", illustrative=True),
        trend_plots.plot_forecast(fc, source="test", illustrative=True),
        trend_plots.plot_trend(fit, source="test", illustrative=True),
        trend_plots.plot_real_nominal(nominal, real, source="test", illustrative=True),
    ]
    titles = [ax.get_title(loc="left") for _, ax in figures]
    assert titles == ["Onderbroken tijdreeks: simulatie 0", "Voorspelling: simulatie 1", "Trend: simulatie 2",
                      "Begroting nominaal en reëel (prijzen 2024)"]
    for fig, ax in figures:
        texts = [t.get_text() for t in fig.texts]
        assert "Bron: test" in texts and "ILLUSTRATIEVE GEGEVENS" in texts
        assert ax.get_legend() is not None
        plt.close(fig)


def test_points_resting_on_small_counts_are_not_plotted():
    """A kern-level rate whose numerator is 7 or fewer people is left out of the figure
    (issue 7), while the fit still uses every quarter."""
    import matplotlib

    matplotlib.use("Agg")
    from analyse import trend_plots as P

    quarters = pd.period_range("2018Q1", periods=12, freq="Q")
    clients = [3, 20, 22, 25, 7, 30, 31, 8, 33, 35, 36, 40]  # 3 and 7 are hidden (<= 7), 8 is shown
    frame = pd.DataFrame({"quarter": quarters, "kern": "K", "clients": clients,
                          "rate_per_1000": [c / 2.0 for c in clients]})
    series = T.quarterly_series(frame, "rate_per_1000", kern="K")
    fit = T.fit_trend(series)
    assert list(fit.fitted["hidden"]) == [c <= 7 for c in clients]
    assert fit.estimates.loc["trend_per_year", "n"] == 12
    fig, ax = P.plot_trend(fit)
    observed = ax.get_lines()[0]
    shown = observed.get_ydata()
    assert np.isnan(shown[0]) and np.isnan(shown[4]) and shown[7] == 4.0
    assert "2 kwartaal/kwartalen met kleine aantallen niet getoond" in observed.get_label()
