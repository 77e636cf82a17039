"""Appraisal of one project (analyse.methods.cba.appraisal and .engine).

Expected numbers come from published sources or from hand arithmetic on the stated
formulas, written out in the comments; none is copied from this code's output. The
arithmetic of the SROI chain, IRR and payback is also in tests/cases/cba.yaml, function by
function; here it runs through the whole appraisal.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from cba_examples import CHAIN, CHAIN_COST, make_inputs, shipped_projects
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyse import cba
from analyse.config import RAW_DIR


def test_sroi_chain_worked_example():
    # Constructed from the SROI Guide's stated formulas (A guide to Social Return on Investment,
    # Cabinet Office / SROI Network 2012, stages 4-5: SROI Guide in docs/sources.md), because the guide's own
    # worked numbers could not be retrieved here. 10 people, proxy EUR 1,000, deadweight 25%,
    # displacement 10%, attribution 20%, drop-off 10%, 3 years, EUR 10,000 up-front, 3.5%.
    # Year 1: 10 x 1,000 x 0.75 x 0.90 x 0.80 = 5,400; year 2: 5,400 x 0.9 = 4,860; year 3: 4,374.
    # PV: 5,400/1.035 + 4,860/1.035^2 + 4,374/1.035^3 = 5,217.39 + 4,536.86 + 3,945.10 = 13,699.35.
    # SROI = 13,699.35 / 10,000 = 1.3699; net SROI 0.3699; NPV 3,699.35.
    # Cumulative: -10,000; -4,782.61; -245.75; +3,699.35 -> paid back in year 3 (flows at the year end).
    result = cba.appraise(make_inputs([CHAIN], CHAIN_COST), rate=0.035)
    impacts = result.impacts.set_index("year")["impact_eur"]
    np.testing.assert_allclose(impacts.to_numpy(), [5400, 4860, 4374])
    s = result.summary
    assert s["pv_benefits"] == pytest.approx(13699.35, abs=0.01)
    assert s["pv_costs"] == pytest.approx(10000)
    assert s["npv"] == pytest.approx(3699.35, abs=0.01)
    assert s["sroi"] == pytest.approx(1.36994, abs=1e-5)
    assert s["bcr"] == pytest.approx(s["sroi"])
    assert s["net_sroi"] == pytest.approx(0.36994, abs=1e-5)
    assert (s["payback_years"], s["payback_after_years"], s["payback_reason"]) == (3, 3.0, None)
    cash = result.cashflows
    assert cash["cumulative_pv_net_eur"].iloc[-1] == pytest.approx(s["npv"])
    assert cash.loc[cash.year == 0, "discount_factor"].item() == 1.0  # year 0 is not discounted


def test_additive_deductions_are_floored_at_zero():
    # Additive: 1 - (0.25 + 0.10 + 0.20) = 0.45 -> 4,500; 4,050; 3,645.
    # PV at 3.5%: 4,347.83 + 3,780.72 + 3,287.58 = 11,416.13.
    result = cba.appraise(make_inputs([CHAIN], CHAIN_COST), rate=0.035, deductions="additive")
    np.testing.assert_allclose(result.impacts["impact_eur"], [4500, 4050, 3645])
    assert result.summary["pv_benefits"] == pytest.approx(11416.13, abs=0.01)
    over = make_inputs([{**CHAIN, "deadweight": 0.6, "attribution": 0.5}], CHAIN_COST)  # 1 - 1.2 -> 0
    assert cba.appraise(over, deductions="additive").summary["pv_benefits"] == 0


def test_optimism_bias_start_year_timing_and_fractional_duration():
    inputs = make_inputs([{**CHAIN, "start_year": 2, "duration_years": 5}], CHAIN_COST)
    result = cba.appraise(inputs, rate=0.0, optimism_bias=0.2)
    assert result.summary["pv_costs"] == pytest.approx(12_000)  # 10,000 + 20% uplift
    # Starts in project year 2; the horizon (3) cuts it after two of its five years.
    np.testing.assert_allclose(result.impacts["impact_eur"], [0, 5400, 4860])
    start = cba.appraise(make_inputs([{"duration_years": 2}], [{"year": 1, "amount_eur": 100.0}]), 0.10, "start")
    assert start.summary["pv_costs"] == pytest.approx(100.0)  # year 1 undiscounted at the start of the year
    # A duration of 1.5 counts half of the second year: 10 x 1,000 x (1 + 0.5) = 15,000 at 0%.
    half = replace(inputs, outcomes=inputs.outcomes.assign(drop_off=0.0, deadweight=0.0, displacement=0.0,
                                                           attribution=0.0, duration_years=1.5, start_year=1))
    assert cba.appraise(half, rate=0.0).summary["pv_benefits"] == pytest.approx(15_000)


@pytest.fixture(scope="module")
def shipped_inputs() -> dict[str, cba.ProjectInputs]:
    from analyse.config import load_municipality
    from analyse.publish.appraise import load_cpi, load_inputs

    muni = load_municipality(RAW_DIR)
    frames = load_inputs(RAW_DIR, muni)
    cpi, _ = load_cpi(RAW_DIR, muni)
    return {p: cba.project_inputs(frames["sroi_projects"], frames["sroi_investments"], frames["sroi_outcomes"], p,
                                  cpi=cpi) for p in shipped_projects()}


@pytest.mark.parametrize("conventions", [{}, {"rate": "greenbook", "timing": "mid"},
                                         {"deductions": "additive", "optimism_bias": 0.3, "timing": "start"}])
def test_vectorised_model_reproduces_the_appraisal_tables(shipped_inputs, conventions):
    for inputs in shipped_inputs.values():
        result = cba.appraise(inputs, **conventions)
        at_base = result.model.evaluate(result.model.base_values)
        assert at_base["pv_benefits"][0] == pytest.approx(result.summary["pv_benefits"], rel=1e-12)
        assert at_base["pv_costs"][0] == pytest.approx(result.summary["pv_costs"], rel=1e-12)


money = st.floats(min_value=1.0, max_value=1e5, allow_nan=False)
share = st.floats(min_value=0.0, max_value=0.9, allow_nan=False)
fast = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(k=st.floats(min_value=0.0, max_value=50.0), proxy=money, dw=share, drop=share)
def test_npv_is_linear_in_the_proxies(k, proxy, dw, drop):
    outcome = {**CHAIN, "proxy_eur": proxy, "deadweight": dw, "drop_off": drop}
    base = cba.appraise(make_inputs([outcome, {"proxy_eur": 2 * proxy}], CHAIN_COST)).summary
    scaled = cba.appraise(make_inputs([{**outcome, "proxy_eur": k * proxy}, {"proxy_eur": 2 * k * proxy}],
                                      CHAIN_COST)).summary
    assert scaled["npv"] == pytest.approx(k * base["pv_benefits"] - base["pv_costs"], rel=1e-9, abs=1e-6)


@fast
@given(quantity=st.floats(min_value=0.0, max_value=1e4), proxy=money, duration=st.integers(1, 6),
       rate=st.floats(min_value=-0.01, max_value=0.1), timing=st.sampled_from(["end", "mid", "start"]))
def test_zero_deductions_reduce_to_the_plain_discounted_sum(quantity, proxy, duration, rate, timing):
    inputs = make_inputs([{"quantity": quantity, "proxy_eur": proxy, "duration_years": duration}], CHAIN_COST,
                         horizon=6)
    expected = cba.present_value([quantity * proxy] * duration, rate, timing)
    assert cba.appraise(inputs, rate, timing).summary["pv_benefits"] == pytest.approx(expected, rel=1e-9, abs=1e-6)


@fast
@given(quantity=money, disp=share, attr=share, drop=share, deductions=st.sampled_from(["multiplicative", "additive"]))
def test_full_deadweight_gives_zero_impact(quantity, disp, attr, drop, deductions):
    inputs = make_inputs([{**CHAIN, "quantity": quantity, "deadweight": 1.0, "displacement": disp,
                           "attribution": attr, "drop_off": drop}], CHAIN_COST)
    result = cba.appraise(inputs, deductions=deductions)
    assert (result.impacts["impact_eur"] == 0).all()


@fast
@given(c=st.floats(min_value=1e-3, max_value=1e4), proxy=money, cost=money,
       rate=st.floats(min_value=0.0, max_value=0.1))
def test_sroi_is_invariant_to_the_unit_of_money(c, proxy, cost, rate):
    def sroi(scale: float) -> float:
        inputs = make_inputs([{**CHAIN, "proxy_eur": proxy * scale}],
                             [{"year": 0, "amount_eur": cost * scale}, {"year": 2, "amount_eur": cost * scale / 2}])
        return cba.appraise(inputs, rate).summary["sroi"]

    assert sroi(c) == pytest.approx(sroi(1.0), rel=1e-9)


@pytest.mark.parametrize(("timing", "year", "after"), [("end", 3, 3.0), ("mid", 2, 1.5), ("start", 2, 1.0)])
def test_payback_in_whole_years_on_each_timing_convention(timing, year, after):
    # EUR 100 up-front (year 0, never discounted); a benefit of EUR 55 in each of years 1-3; 10%.
    # end (year t discounted t years): 55/1.1 = 50.00, 55/1.21 = 45.45 -> cumulative -50.00,
    #   -4.55, then +41.32 -> +36.78: paid back in year 3, at its end: after 3 years.
    # mid (t - 0.5 years): 55/1.1^0.5 = 52.44, 55/1.1^1.5 = 47.67 -> -47.56, +0.11: year 2,
    #   halfway through it: after 1.5 years.
    # start (t - 1 years): 55, 55/1.1 = 50.00 -> -45.00, +5.00: year 2, at its start: after 1 year.
    inputs = make_inputs([{"quantity": 1.0, "proxy_eur": 55.0, "duration_years": 3}],
                         [{"year": 0, "amount_eur": 100.0}])
    s = cba.appraise(inputs, rate=0.10, timing=timing).summary
    assert (s["payback_years"], s["payback_after_years"], s["payback_reason"]) == (year, after, None)


def test_payback_never_before_the_first_benefit_and_none_when_not_reached():
    # No up-front cost; costs of 10 and a benefit of 100 only from year 2 (start_year 2), rate 0:
    # cumulative 0 (year 0), 0 (year 1), +90 (year 2). Year 1 is not a payback: nothing came in yet.
    late = make_inputs([{"quantity": 1.0, "proxy_eur": 100.0, "start_year": 2}], [{"year": 2, "amount_eur": 10.0}])
    assert cba.appraise(late, rate=0.0).summary["payback_years"] == 2
    # Benefits of 1,000 a year against 10,000 up-front over 3 years: -9,000, -8,000, -7,000.
    short = make_inputs([{"quantity": 1.0, "duration_years": 3}], CHAIN_COST)
    s = cba.appraise(short, rate=0.0).summary
    assert (s["payback_years"], s["payback_after_years"], s["payback_reason"]) == (None, None, "not_reached")


def test_irr_in_the_summary_is_unique_or_says_why_not():
    # -100 at year 0 and +60 in years 1 and 2 (rate irrelevant for the IRR): 13.0662%, one sign change.
    one = make_inputs([{"quantity": 1.0, "proxy_eur": 60.0, "duration_years": 2}], [{"year": 0, "amount_eur": 100.0}],
                      horizon=2)
    s = cba.appraise(one).summary
    assert s["irr"] == pytest.approx(0.130662, abs=1e-6) and s["irr_reason"] is None and s["irr_sign_changes"] == 1
    # -100, +230, -132: roots 10% and 20% (see tests/cases/cba.yaml): none is picked.
    two = make_inputs([{"quantity": 1.0, "proxy_eur": 230.0}],
                      [{"year": 0, "amount_eur": 100.0}, {"year": 2, "amount_eur": 132.0}], horizon=2)
    s = cba.appraise(two).summary
    assert s["irr"] is None and s["irr_reason"] == "multiple_roots"
    np.testing.assert_allclose(s["irr_roots"], [0.1, 0.2], atol=1e-9)


def test_irr_withheld_when_the_outlay_is_earned_back_in_the_first_year():
    # -100 up-front and +B in years 1 and 2, rate 0 (payback on the undiscounted flows). The
    # IRR solves -100 + B x + B x^2 = 0 with x = 1 / (1 + r): x = (-B + sqrt(B^2 + 400 B)) / (2 B).
    def summary(benefit: float) -> dict:
        inputs = make_inputs([{"quantity": 1.0, "proxy_eur": benefit, "duration_years": 2}],
                             [{"year": 0, "amount_eur": 100.0}], horizon=2)
        return cba.appraise(inputs, rate=0.0).summary

    # B = 150: cumulative -100, +50 -> paid back in year 1; the root x = (-150 + 287.2281) / 300
    # = 0.457427, r = 118.6141%, mostly says how small the 100 is: withheld, root kept.
    s = summary(150.0)
    assert s["payback_years"] == 1
    assert s["irr"] is None and s["irr_reason"] == "paid_back_first_year"
    np.testing.assert_allclose(s["irr_roots"], [1.186141], atol=1e-6)
    # Boundary: B = 100 gives cumulative exactly 0 in year 1 (paid back: >= 0) -> withheld
    # (root x = (-100 + sqrt(50,000)) / 200 = 0.618034, r = 61.8034%); B = 99 gives -1 in
    # year 1 and +98 in year 2 -> payback year 2, so the unique IRR is reported:
    # x = (-99 + sqrt(49,401)) / 198 = 0.622542, r = 60.6317%.
    at = summary(100.0)
    assert (at["payback_years"], at["irr"], at["irr_reason"]) == (1, None, "paid_back_first_year")
    np.testing.assert_allclose(at["irr_roots"], [0.618034], atol=1e-6)
    below = summary(99.0)
    assert below["payback_years"] == 2 and below["irr_reason"] is None
    assert below["irr"] == pytest.approx(0.606317, abs=1e-6)
