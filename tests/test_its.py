"""Interrupted time series (analyse.methods.its, via analyse.trends) on series simulated
with known level and slope changes: exact without noise, intervals that cover the truth,
no change found where there is none, and the 8-quarter rule."""

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
