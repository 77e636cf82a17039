"""Interrupted time series (analyse.methods.its, via analyse.trends) on series simulated
with known level and slope changes: exact without noise, intervals that cover the truth
(also with AR(1) errors, where the old HAC method did not), no change found where there
is none, the 8-quarter rule and how far the counterfactual is shown."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analyse import trends as T

AT = pd.Period("2021Q1", "Q")
IDX = pd.period_range("2015Q1", periods=48, freq="Q")  # 2015Q1-2026Q4: 24 quarters before 2021Q1, 24 from it
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
    assert {"observed", "count", "fitted", "counterfactual", "counterfactual_ci_low", "counterfactual_ci_high",
            "counterfactual_shown"} <= set(res.fitted.columns)
    # Counterfactual: the pre-intervention line continued. Last quarter 2026Q4 is 23 quarters
    # after 2021Q1: effect = -4 + 23 x -0.25 = -9.75 = fitted - counterfactual.
    assert res.effect()["estimate"] == pytest.approx(-9.75)
    last = res.fitted.iloc[-1]
    assert last["fitted"] - last["counterfactual"] == pytest.approx(-9.75)
    assert (res.fitted.loc[: AT - 1, "fitted"] == res.fitted.loc[: AT - 1, "counterfactual"]).all()
    assert res.fitted["count"].isna().all()  # no counts of people behind a simulated series


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


def test_too_short_around_the_intervention_is_refused():
    short = pd.Series(np.arange(12, dtype=float) + 50, index=IDX[:12], name="kort")
    with pytest.raises(T.SeriesError, match=r"series 'kort': too short around 2015Q3: 2 quarters before"):
        T.interrupted_time_series(short, "2015Q3")
    with pytest.raises(T.SeriesError, match=r"intervention quarter 'later': expected a quarter such as 2021Q1"):
        T.interrupted_time_series(short, "later")


def test_minimum_per_side_comes_from_the_parameter_file():
    from analyse import params

    assert T.ITS_MIN_SIDE == params.value("timeseries", "its_min_side") == 8


def ar1_simulated(rng: np.random.Generator, phi: float) -> pd.Series:
    """The series of :func:`simulated` with AR(1) errors e(t) = phi e(t-1) + u(t), u ~ N(0, 1),
    started from the stationary distribution (variance 1 / (1 - phi^2))."""
    e = np.empty(48)
    e[0] = rng.normal() / np.sqrt(1 - phi**2)
    for i in range(1, 48):
        e[i] = phi * e[i - 1] + rng.normal()
    y = 50 + 0.1 * np.arange(48) + SEASON + LEVEL * AFTER + SLOPE_Q * SINCE + e
    return pd.Series(y, index=IDX, name=f"ar1 {phi}")


def _coverage(phi: float, errors: str, series: int = 200, seed: int = 11) -> np.ndarray:
    rng = np.random.default_rng([seed, round(phi * 10)])
    truth = np.array([LEVEL, SLOPE_Q * 4])
    hits = np.zeros(2)
    for _ in range(series):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", T.TrendWarning)
            est = T.interrupted_time_series(ar1_simulated(rng, phi), AT, errors=errors).estimates
        hits += ((est["ci_low"] <= truth) & (truth <= est["ci_high"])).to_numpy()
    return hits / series


def test_intervals_cover_the_truth_with_ar1_errors_and_white_noise():
    """Issue 11 item 8: 95% intervals must cover the true change >= 93% of the time on white
    noise and >= 90% with AR(1) errors (phi 0.5; 48 quarters, break in the middle). Measured
    on 1,000 series per model by benchmarks/bench_its_coverage.py: 96.7%/95.1% and
    91.9%/91.0% (level/slope). Here 200 seeded series per model (about 9 s): the binomial sd
    of a coverage of 0.92 is sqrt(0.92 x 0.08 / 200) = 0.019, so the AR(1) bar is the
    requirement minus about one sd (0.88); white noise must meet 0.93 itself."""
    white, ar1 = _coverage(0.0, "ar1"), _coverage(0.5, "ar1")
    assert (white >= 0.93).all(), white
    assert (ar1 >= 0.88).all(), ar1
    # The old method on the same AR(1) series, OLS with Newey-West errors, covered ~80% on
    # 1,000 series (80.1% / 76.3%); this test fails with it.
    old = _coverage(0.5, "hac")
    assert (old < 0.85).all(), old


def test_default_errors_are_ar1_and_hac_stays_available():
    res = _its(simulated(5))
    assert res.errors == "ar1" and 0.0 <= res.rho <= 0.95
    old = _its_with(simulated(5), errors="hac")
    assert old.errors == "hac" and np.isnan(old.rho)
    with pytest.raises(T.SeriesError, match=r"errors='ols': expected one of ar1, hac"):
        T.interrupted_time_series(simulated(5), AT, errors="ols")


def _its_with(series, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        return T.interrupted_time_series(series, AT, **kwargs)


def test_counterfactual_is_shown_for_at_most_eight_quarters_and_the_pre_period():
    # 24 quarters before 2021Q1: horizon min(24, 8) = 8, so 2021Q1-2022Q4 are shown, 2023Q1 on not.
    res = _its(simulated(None))
    shown = res.fitted["counterfactual_shown"]
    assert res.horizon == 8 and res.horizon_quarter == pd.Period("2022Q4", "Q")
    assert list(shown[shown].index.astype(str)) == [str(AT + k) for k in range(8)]
    # 6 quarters before (2019Q3-2020Q4) and 12 from 2021Q1: horizon min(6, 8) = 6 (2021Q1-2022Q2).
    short = _its(simulated(None).loc[AT - 6: AT + 11])
    assert short.horizon == 6 and short.horizon_quarter == pd.Period("2022Q2", "Q")
    assert int(short.fitted["counterfactual_shown"].sum()) == 6
    assert T.ITS_COUNTERFACTUAL_QUARTERS == 8


def test_warnings_are_kept_as_diagnostics_with_their_numbers():
    y = simulated(3).loc[AT - 7: AT + 11]
    res = _its(y)
    codes = [d.code for d in res.diagnostics]
    assert "short_side" in codes
    short = res.diagnostics[codes.index("short_side")]
    assert dict(short.details) == {"side": "before", "n": 7, "at": "2021Q1", "minimum": 8}
    assert short.message in res.warnings


def test_the_shortest_series_fits_with_ar1_errors():
    """3 quarters on each side (the minimum) leave 2 degrees of freedom: the fit, the
    autocorrelation test on the whitened residuals (which adds a constant, so one lag fewer)
    and the counterfactual horizon min(3, 8) = 3 all work."""
    y = pd.Series([5.0, 6.0, 5.5, 3.0, 3.2, 2.9], index=pd.period_range("2020Q1", periods=6, freq="Q"), name="kort")
    res = _its(y, at=pd.Period("2020Q4", "Q"))
    assert res.errors == "ar1" and res.horizon == 3
    assert res.horizon_quarter == pd.Period("2021Q2", "Q")
    assert [d.code for d in res.diagnostics] == ["short_side", "short_side"]


def test_interventions_started_picks_the_quarter_highest_level_first_and_the_comparison_kernen():
    kernen = ["Dalfsen", "Hoonhorst", "Lemelerveld", "Nieuwleusen", "Oudleusen"]
    register = pd.DataFrame({
        "intervention": ["Cultuur tegen eenzaamheid", "Preventieprogramma Sociaal Kernteam", "Beweegprogramma",
                         "Leefstijlcoaching", "Vroeg in het kwartaal"],
        "prevention_level": [2, 3, 1, 4, 1],
        "kernen": ["Dalfsen|Nieuwleusen|Lemelerveld", "Dalfsen|Nieuwleusen|Lemelerveld", "alle",
                   "Dalfsen", "Oudleusen"],
        # 2021-03-31 is still 2021Q1 (boundary); 2021-04-01 and 2020-12-31 are not
        "start_date": pd.to_datetime(["2021-01-01", "2021-01-01", "2020-12-31", "2021-04-01", "2021-03-31"]),
    })
    started = T.interventions_started(register, "2021Q1", kernen)
    assert started["intervention"].tolist() == ["Preventieprogramma Sociaal Kernteam", "Cultuur tegen eenzaamheid",
                                                "Vroeg in het kwartaal"]
    first = started.iloc[0]
    assert first["kernen"] == ["Dalfsen", "Lemelerveld", "Nieuwleusen"]   # in the order of the kernen
    assert first["without"] == ["Hoonhorst", "Oudleusen"]
    alle = T.interventions_started(register, "2020Q4", kernen).iloc[0]
    assert alle["kernen"] == kernen and alle["without"] == []
    assert T.interventions_started(register, "2022Q1", kernen).empty
