"""Sensitivity: tornado, switching values, Monte Carlo, Sobol (analyse.methods.cba.sensitivity)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from cba_examples import CHAIN, CHAIN_COST, make_inputs, ranged_example
from hypothesis import given, settings
from hypothesis import strategies as st

from analyse import cba
from analyse.methods.cba import engine as cba_engine


def test_uncertain_inputs_group_costs_per_payer_and_kind():
    costs = [{"year": y, "amount_eur": 100.0, "amount_eur_low": 80.0, "amount_eur_high": 150.0} for y in (1, 2, 3)]
    costs.append({"kind": "eigen bijdrage", "year": 1, "amount_eur": 50.0})  # no range: not uncertain
    table = cba.uncertain_inputs(cba.appraise(make_inputs([{"quantity_low": 5.0, "quantity_high": 15.0}], costs)))
    assert list(table["input"]) == ["effect 1|gemeente|quantity", "kosten|gemeente|personeel"]
    cost = table.iloc[1]
    assert (cost["low"], cost["base"], cost["high"]) == (240.0, 300.0, 450.0)  # sums over the three years


def test_one_way_tornado_and_switching_values():
    # Per person the worked example's PV is 13,699.35 / 10 = 1,369.935 (see the SROI chain), so
    # with quantity at 8: 8 x 1,369.935 - 10,000 = 959.48; at 12: 6,439.22. NPV = 0 at
    # quantity 10,000 / 1,369.935 = 7.2996: outside the range 8-12, so no switching value.
    result = ranged_example()
    tornado = cba.one_way(result).set_index("input")
    q = tornado.loc["effect 1|gemeente|quantity"]
    assert (q["npv_low"], q["npv_high"]) == pytest.approx((959.48, 6439.22), abs=0.01)
    assert q["sroi_low"] == pytest.approx(8 * 1369.935 / 10_000, abs=1e-6)
    assert list(tornado["swing"]) == sorted(tornado["swing"], reverse=True)
    switching = cba.switching_values(result).set_index("input")
    assert np.isnan(switching.loc["effect 1|gemeente|quantity", "switch_value"])
    assert switching.loc["effect 1|gemeente|quantity", "note"] == "none within range"
    # Costs (linear): NPV = 0 where costs equal the PV of benefits, 13,699.35 (range 9,000-16,000).
    cost = switching.loc["kosten|gemeente|personeel"]
    assert (cost["switch_value"], cost["method"]) == (pytest.approx(13699.35, abs=0.01), "exact (linear)")
    # Drop-off (not linear, brentq): at the switching value the appraisal's NPV is zero.
    drop = switching.loc["effect 1|gemeente|drop_off"]
    assert drop["method"] == "brentq" and 0.05 < drop["switch_value"] < 0.9
    moved = replace(result.inputs, outcomes=result.inputs.outcomes.assign(drop_off=drop["switch_value"]))
    assert cba.appraise(moved, rate=0.035).summary["npv"] == pytest.approx(0, abs=1e-6)


def test_distributions_map_quantiles_as_defined():
    # One input with low 0, mode 2, high 4 (symmetric) and one with low 0, mode 1, high 4.
    result = cba.appraise(make_inputs([{"quantity": 2.0, "quantity_low": 0.0, "quantity_high": 4.0},
                                       {"quantity": 1.0, "quantity_low": 0.0, "quantity_high": 4.0}], CHAIN_COST))
    model_inputs = result.model.inputs
    u = np.array([[0.5, 0.25]])
    # Uniform: 0 + 0.5 x 4 = 2 and 0 + 0.25 x 4 = 1.
    np.testing.assert_allclose(cba.quantile_values(u, model_inputs, "uniform"), [[2.0, 1.0]])
    # Triangular: the mode has CDF (mode - low) / (high - low): 0.5 and 0.25, so both map to the mode.
    np.testing.assert_allclose(cba.quantile_values(u, model_inputs, "triangular"), [[2.0, 1.0]])
    # Triangular right of the mode: u = 0.75 on (0, 1, 4): 4 - sqrt(0.25 x 4 x 3) = 4 - sqrt(3) = 2.267949.
    assert cba.quantile_values(np.array([[0.5, 0.75]]), model_inputs)[0, 1] == pytest.approx(2.267949, abs=1e-6)
    # PERT median of a symmetric range is the mode; normal: mean = base, sd = 4 / (2 x 1.96),
    # so its 97.5% quantile is the high end of a symmetric range.
    assert cba.quantile_values(u, model_inputs, "pert")[0, 0] == pytest.approx(2.0)
    assert cba.quantile_values(np.array([[0.975, 0.5]]), model_inputs, "normal")[0, 0] == pytest.approx(4.0, abs=1e-6)
    with pytest.raises(ValueError, match="distribution 'lognormal'"):
        cba.quantile_values(u, model_inputs, "lognormal")


def test_monte_carlo_is_seeded_and_summarised():
    result = ranged_example()
    a = cba.monte_carlo(result, draws=5_000, seed=7)
    b = cba.monte_carlo(result, draws=5_000, seed=7)
    c = cba.monte_carlo(result, draws=5_000, seed=8)
    pd.testing.assert_frame_equal(a.samples, b.samples)
    assert not np.allclose(a.samples["npv"], c.samples["npv"])
    npv = a.summary["npv"]
    assert npv["p5"] <= npv["p25"] <= npv["p50"] <= npv["p75"] <= npv["p95"]
    assert a.summary["p_npv_positive"] == pytest.approx((a.samples["npv"] > 0).mean())
    costs = a.samples["pv_costs"]
    assert costs.min() >= 9_000 and costs.max() <= 16_000  # triangular stays within low-high
    # Blocks of draws come from one stream: the block size does not change the numbers.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cba_engine, "BLOCK_ELEMENTS", 7)
        pd.testing.assert_frame_equal(cba.monte_carlo(result, draws=5_000, seed=7).samples, a.samples)
    for distribution in ("pert", "uniform", "normal"):
        assert np.isfinite(cba.monte_carlo(result, draws=500, seed=1, distribution=distribution).samples["npv"]).all()


def test_sobol_indices_recover_known_variance_shares():
    # NPV = constant + 1,369.935 x (q1 + q2) with q1 uniform on 10 +/- 1 and q2 uniform on
    # 10 +/- 2, independent: Var(q) = width^2 / 12, so the variance shares are 4 : 16, i.e.
    # S1 = ST = 0.2 for q1 and 0.8 for q2 (no interactions in a sum).
    outcomes = [{**CHAIN, "quantity_low": 9.0, "quantity_high": 11.0},
                {**CHAIN, "quantity_low": 8.0, "quantity_high": 12.0}]
    result = cba.appraise(make_inputs(outcomes, CHAIN_COST), rate=0.035)
    sobol = cba.sobol_indices(result, n=1024, seed=3, distribution="uniform").set_index("input")
    assert sobol.loc["effect 1|gemeente|quantity", "S1"] == pytest.approx(0.2, abs=0.05)
    assert sobol.loc["effect 2|gemeente|quantity", "S1"] == pytest.approx(0.8, abs=0.05)
    assert sobol.loc["effect 2|gemeente|quantity", "ST"] == pytest.approx(0.8, abs=0.05)
    with pytest.raises(ValueError, match="power of 2"):
        cba.sobol_indices(result, n=1000)


@settings(max_examples=5, deadline=None)
@given(quantity=st.floats(min_value=10.0, max_value=1e3), half_width=st.floats(min_value=0.05, max_value=0.9),
       seed=st.integers(0, 2**32 - 1))
def test_monte_carlo_mean_approaches_the_deterministic_value(quantity, half_width, seed):
    # Uniform on quantity only, symmetric around the base: NPV is linear in quantity, so the
    # expected NPV is the deterministic NPV; the sample mean is within 4 standard errors.
    outcome = {**CHAIN, "quantity": quantity, "quantity_low": quantity * (1 - half_width),
               "quantity_high": quantity * (1 + half_width)}
    result = cba.appraise(make_inputs([outcome], CHAIN_COST))
    mc = cba.monte_carlo(result, draws=20_000, seed=seed, distribution="uniform")
    npv = mc.samples["npv"]
    assert abs(npv.mean() - result.summary["npv"]) < 4 * npv.std() / np.sqrt(len(npv))


def _one_quantity(low: float, base: float, high: float) -> cba.Appraisal:
    """SROI = quantity x 1,000 / 10,000 = quantity / 10: one outcome of one year, no deductions,
    EUR 10,000 up-front, rate 0, so the SROI is linear in the only uncertain input."""
    outcome = {"quantity": base, "quantity_low": low, "quantity_high": high}
    return cba.appraise(make_inputs([outcome], CHAIN_COST, horizon=1), rate=0.0)


def test_monte_carlo_median_interval_and_chance_sroi_above_one_from_the_same_draws():
    # Uniform quantity on 0-20: SROI = 2u with u the draws of numpy.random.default_rng(seed);
    # the summary must be numpy's percentiles of exactly those draws, and P(SROI > 1) = P(u > 0.5).
    result = _one_quantity(0.0, 10.0, 20.0)
    mc = cba.monte_carlo(result, draws=20_000, seed=11, distribution="uniform")
    u = np.random.default_rng(11).random((20_000, 1))[:, 0]
    sroi = 20.0 * u * 1_000 / 10_000
    expected = np.percentile(sroi, [5, 50, 95])
    got = mc.summary["sroi"]
    assert (got["p5"], got["p50"], got["p95"]) == pytest.approx(tuple(expected), abs=1e-12)
    assert mc.summary["p_sroi_above_one"] == pytest.approx(np.mean(sroi > 1), abs=1e-12)
    # And by hand: SROI uniform on 0-2 has P5 = 0.1, median 1.0, P95 = 1.9, P(SROI > 1) = 0.5
    # (standard error of a share with 20,000 draws: sqrt(0.25 / 20,000) = 0.0035).
    assert (got["p5"], got["p50"], got["p95"]) == pytest.approx((0.1, 1.0, 1.9), abs=0.02)
    assert mc.summary["p_sroi_above_one"] == pytest.approx(0.5, abs=0.015)


def test_monte_carlo_median_below_the_base_on_a_one_sided_range():
    # Triangular quantity on 0-20 with mode 20 (it can only get lower): CDF F(q) = q^2 / 400,
    # so the median is sqrt(200) = 14.142 (SROI 1.4142) while the base SROI is 20 / 10 = 2.0;
    # P5 = sqrt(0.05 x 400) = 4.472 (0.4472), P95 = sqrt(380) = 19.494 (1.9494) and
    # P(SROI > 1) = P(q > 10) = 1 - 100 / 400 = 0.75.
    result = _one_quantity(0.0, 20.0, 20.0)
    mc = cba.monte_carlo(result, draws=40_000, seed=5)
    got = mc.summary["sroi"]
    assert result.summary["sroi"] == pytest.approx(2.0)
    assert (got["p5"], got["p50"], got["p95"]) == pytest.approx((0.4472, 1.4142, 1.9494), abs=0.02)
    assert mc.summary["p_sroi_above_one"] == pytest.approx(0.75, abs=0.01)
    # The range's pull: the triangular mean (0 + 20 + 20) / 3 = 13.333 gives SROI 1.3333, 0.6667
    # below the base; the range is one-sided ("only_lower").
    row = cba.range_asymmetry(result).iloc[0]
    assert row["shape"] == "only_lower" and (row["below"], row["above"]) == (20.0, 0.0)
    assert row["mean"] == pytest.approx(40 / 3) and row["pull"] == pytest.approx(-2 / 3)


def test_range_asymmetry_shapes_and_distribution_means():
    # Drop-off 0.05-0.20 around 0.10: 0.05 below, 0.10 above ("more_above"); 0.2-0.3-0.4 is
    # symmetric although 0.3 - 0.2 and 0.4 - 0.3 differ in the last bit of a float (tolerance);
    # base = low is "only_higher"; 6-7-8.5 has more room above, 4-7-8 more below.
    outcomes = [{"drop_off": 0.10, "drop_off_low": 0.05, "drop_off_high": 0.20, "duration_years": 3},
                {"deadweight": 0.3, "deadweight_low": 0.2, "deadweight_high": 0.4},
                {"quantity": 5.0, "quantity_low": 5.0, "quantity_high": 9.0},
                {"quantity": 7.0, "quantity_low": 4.0, "quantity_high": 8.0}]
    table = cba.range_asymmetry(cba.appraise(make_inputs(outcomes, CHAIN_COST), rate=0.0))
    assert list(table["shape"]) == ["more_above", "symmetric", "only_higher", "more_below"]
    assert table["below"].iloc[0] == pytest.approx(0.05) and table["above"].iloc[0] == pytest.approx(0.10)
    # Means: triangular (0.05 + 0.10 + 0.20) / 3 = 0.116667; PERT (0.05 + 0.40 + 0.20) / 6 = 0.108333;
    # uniform 0.125; normal the base 0.10.
    means = [float(cba.distribution_mean(0.05, 0.10, 0.20, d)) for d in ("triangular", "pert", "uniform", "normal")]
    assert means == pytest.approx([0.116667, 0.108333, 0.125, 0.10], abs=1e-6)
    assert table["pull"].iloc[0] < 0  # more drop-off on average: less benefit
    assert table["pull"].iloc[1] == pytest.approx(0.0, abs=1e-12)  # deadweight is linear and symmetric
    assert table["pull"].iloc[2] > 0 and table["pull"].iloc[3] < 0
