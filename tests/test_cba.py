"""Cost-benefit engine (analyse.cba): discounting, appraisal, wrong pocket, sensitivity, CLI.

Expected numbers come from published sources or from hand arithmetic on the stated
formulas, written out in the comments; none is copied from this code's output.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyse import cba
from analyse.methods.cba import engine as cba_engine
from analyse.config import RAW_DIR
from analyse.data.problems import InputError

matplotlib.use("Agg")

# --------------------------------------------------------------------------- helpers


def make_inputs(outcomes: list[dict], investments: list[dict], horizon: int = 3, price_year: int = 2022,
                cpi: pd.DataFrame | None = None) -> cba.ProjectInputs:
    """A one-project input in the sroi_* contracts; unspecified outcome fields default to a
    plain outcome (no deductions, no drop-off, one year) for actor gemeente."""
    default = {"project": "p", "stakeholder": "deelnemers", "actor": "gemeente", "quantity": 10.0, "proxy_eur": 1000.0,
               "proxy_price_year": price_year, "proxy_source": "test", "deadweight": 0.0, "displacement": 0.0,
               "attribution": 0.0, "drop_off": 0.0, "duration_years": 1, "start_year": None}
    rows = [{**default, "outcome": f"effect {i + 1}", **o} for i, o in enumerate(outcomes)]
    inv = [{"project": "p", "payer": "gemeente", "kind": "personeel", **i} for i in investments]
    projects = pd.DataFrame({"project": ["p"], "name": ["Testproject"], "horizon_years": [horizon],
                             "price_year": [price_year]})
    return cba.project_inputs(projects, pd.DataFrame(inv), pd.DataFrame(rows), "p", cpi=cpi)


#: The SROI chain worked example (see test_sroi_chain_worked_example).
CHAIN = {"quantity": 10.0, "proxy_eur": 1000.0, "deadweight": 0.25, "displacement": 0.10, "attribution": 0.20,
         "drop_off": 0.10, "duration_years": 3}
CHAIN_COST = [{"year": 0, "amount_eur": 10_000.0}]


def shipped_cpi() -> pd.DataFrame:
    return pd.read_csv(RAW_DIR / "cpi.csv")


def shipped_projects() -> list[str]:
    with open(RAW_DIR / "sroi_projects.csv", encoding="utf-8") as f:
        return [row["project"] for row in csv.DictReader(f)]


# --------------------------------------------------------------------------- discounting


def test_default_rate_is_nl2020():
    # Werkgroep discontovoet 2020: 2.25% real. 1/1.0225 = 0.977995, 1/1.0225^2 = 0.956474,
    # 1/1.0225^3 = 0.935427.
    np.testing.assert_allclose(cba.discount_factors(3), [0.977995, 0.956474, 0.935427], atol=1e-6)
    np.testing.assert_allclose(cba.discount_factors(3, "nl2020"), cba.discount_factors(3, 0.0225))


def test_mid_year_timing_published_exercise():
    # Exercise on the mid-year convention (cash flows $50, $70, $80 in years 1-3, cost of
    # capital 10%; "confirm that there are two ways to do this that are equivalent"),
    # https://superbprofessors.com/ (question citing "slide 6 of chap4.ppt"). By hand:
    # end of year: 50/1.1 + 70/1.1^2 + 80/1.1^3 = 45.4545 + 57.8512 + 60.1052 = 163.4110;
    # mid-year:    50/1.1^0.5 + 70/1.1^1.5 + 80/1.1^2.5 = 47.6731 + 60.6749 + 63.0388 = 171.3869,
    # which equals the end-of-year PV x 1.1^0.5 = 163.4110 x 1.048809 (the equivalence asked).
    flows = [50, 70, 80]
    assert cba.present_value(flows, 0.10, "end") == pytest.approx(163.4110, abs=1e-4)
    assert cba.present_value(flows, 0.10, "mid") == pytest.approx(171.3869, abs=1e-4)
    assert cba.present_value(flows, 0.10, "mid") == pytest.approx(cba.present_value(flows, 0.10) * 1.1 ** 0.5)
    # start of year: 50 + 70/1.1 + 80/1.21 = 50 + 63.6364 + 66.1157 = 179.7521
    assert cba.present_value(flows, 0.10, "start") == pytest.approx(179.7521, abs=1e-4)


def test_mid_year_timing_published_worked_example():
    # Published worked example, "The Mid-Year Convention" (SABV Atlas, Cash Flows & DCF,
    # https://phucnguyenvan.com/sabv_atlas/concept/sabv-mid-year-convention): US$1,000 in
    # year 3 at 10%: year-end PV = 1,000 / 1.10^3 = 1,000 / 1.331 "roughly US$751"; mid-year
    # discounts over 2.5 years: 1.10^2.5 "about 1.269", so PV = 1,000 / 1.269 = 788.0.
    flows = [0, 0, 1000]
    assert cba.present_value(flows, 0.10, "end") == pytest.approx(751, abs=0.5)
    assert 1 / cba.discount_factors(3, 0.10, "mid")[2] == pytest.approx(1.269, abs=5e-4)
    assert cba.present_value(flows, 0.10, "mid") == pytest.approx(1000 / 1.269, abs=0.5)


def test_green_book_factors_compound_across_the_kinks():
    # HM Treasury Green Book (2022) annex A6; REFERENCE.md: 3.5% for years 0-30, 3.0% for 31-75,
    # 2.5% for 76-125, "DF(31) = DF(30) / 1.03". By hand: 1.035^30 = 2.806794, so
    # DF(30) = 0.356278 (annex table: 0.3563); DF(31) = 0.356278 / 1.03 = 0.345901 (0.3459);
    # DF(75) = DF(30) / 1.03^45 = 0.356278 / 3.781596 = 0.094214; DF(76) = DF(75) / 1.025.
    df = cba.discount_factors(130, "greenbook")
    assert df[29] == pytest.approx(0.3563, abs=5e-5)
    assert df[30] == pytest.approx(0.3459, abs=5e-5)
    assert df[30] == pytest.approx(df[29] / 1.03)
    assert df[74] == pytest.approx(0.094214, abs=1e-6)
    assert df[75] == pytest.approx(df[74] / 1.025)
    assert df[125] == pytest.approx(df[124] / 1.02)
    # Half a year into the 3.0% band: DF(30.5) = DF(30) / 1.03^0.5 = 0.351052.
    assert cba.discount_factors(31, "greenbook", "mid")[30] == pytest.approx(0.351052, abs=1e-6)


def test_green_book_health_rate():
    # Green Book annex A6: health 1.5% for years 0-30, declining in the same proportion as the
    # standard rate: 1.5 x 3.0 / 3.5 = 1.2857% from year 31. DF(30) = 1.015^-30 = 0.639762.
    df = cba.discount_factors(31, "greenbook-health")
    assert df[29] == pytest.approx(0.639762, abs=1e-6)
    assert df[30] == pytest.approx(df[29] / (1 + 0.015 * 3.0 / 3.5), rel=1e-8)


def test_presets_are_data_with_sources():
    presets = cba.discount_presets()
    assert set(presets) == {"nl2020", "nl-riskfree", "nl2015", "nl2015-physical", "greenbook", "greenbook-health"}
    assert [presets[n].constant for n in ("nl2020", "nl-riskfree", "nl2015", "nl2015-physical")] == [0.0225, -0.01, 0.03, 0.045]
    for preset in presets.values():
        assert preset.title and preset.reference
    assert "Werkgroep discontovoet 2020".lower() in presets["nl2020"].reference.lower()
    assert "Green Book" in presets["greenbook"].reference and presets["greenbook"].link.startswith("https://")


def test_bad_rates_and_timings_are_refused():
    with pytest.raises(cba.RateError, match="unknown discount-rate preset 'nl2030'.*nl2020"):
        cba.discount_factors(3, "nl2030")
    with pytest.raises(cba.RateError, match="above -1"):
        cba.discount_factors(3, -1.5)
    with pytest.raises(cba.RateError, match="timing 'begin'"):
        cba.discount_factors(3, 0.03, "begin")


# --------------------------------------------------------------------------- inputs and rebasing


def test_proxies_are_rebased_to_the_price_year_with_the_cpi():
    # data/raw/cpi.csv (CBS): 2015 = 100, yearly average 2022 = 121.43, so EUR 100 of 2015 is
    # EUR 121.43 of 2022; the low/high ends move with it.
    inputs = make_inputs([{"proxy_eur": 100.0, "proxy_eur_low": 50.0, "proxy_eur_high": 150.0,
                           "proxy_price_year": 2015}], CHAIN_COST, cpi=shipped_cpi())
    row = inputs.outcomes.iloc[0]
    assert (row.proxy_eur, row.proxy_eur_low, row.proxy_eur_high) == pytest.approx((121.43, 60.715, 182.145))


def test_missing_cpi_year_is_a_clear_error():
    with pytest.raises(InputError, match="no consumer price index for 2009"):
        make_inputs([{"proxy_price_year": 2009}], CHAIN_COST, cpi=shipped_cpi())
    with pytest.raises(InputError, match="no consumer price index"):
        make_inputs([{"proxy_price_year": 2015}], CHAIN_COST, cpi=None)


# --------------------------------------------------------------------------- appraisal


def test_sroi_chain_worked_example():
    # Constructed from the SROI Guide's stated formulas (A guide to Social Return on Investment,
    # Cabinet Office / SROI Network 2012, stages 4-5; REFERENCE.md), because the guide's own
    # worked numbers could not be retrieved here. 10 people, proxy EUR 1,000, deadweight 25%,
    # displacement 10%, attribution 20%, drop-off 10%, 3 years, EUR 10,000 up-front, 3.5%.
    # Year 1: 10 x 1,000 x 0.75 x 0.90 x 0.80 = 5,400; year 2: 5,400 x 0.9 = 4,860; year 3: 4,374.
    # PV: 5,400/1.035 + 4,860/1.035^2 + 4,374/1.035^3 = 5,217.39 + 4,536.86 + 3,945.10 = 13,699.35.
    # SROI = 13,699.35 / 10,000 = 1.3699; net SROI 0.3699; NPV 3,699.35.
    # Cumulative: -10,000; -4,782.61; -245.75; +3,699.35 -> payback 2 + 245.75 / 3,945.10 = 2.0623.
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
    assert s["payback_years"] == pytest.approx(2.0623, abs=1e-4)
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


def test_irr_and_payback_conventions():
    # -100 now, +60 in years 1 and 2: 100x^2 - 60x - 60 = 0 with x = 1 + r, so
    # x = (60 + sqrt(60^2 + 4 x 100 x 60)) / 200 = 1.130662: IRR 13.0662%.
    assert cba.irr([-100, 60, 60]) == pytest.approx(0.130662, abs=1e-6)
    assert cba.irr([100, 10]) is None  # never negative: no sign change
    assert cba.irr([-100, 230, -132]) is None  # roots at 10% and 20%: not one IRR
    assert cba.payback_period([-100, -50, 50]) == pytest.approx(1.5)
    assert cba.payback_period([-100, -50, -10]) is None
    assert cba.payback_period([0, 10, 20]) == 0.0


@pytest.fixture(scope="module")
def shipped_inputs() -> dict[str, cba.ProjectInputs]:
    from analyse.methods.cba.command import load_cpi, load_inputs
    from analyse.config import load_municipality

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


# --------------------------------------------------------------------------- properties

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
    inputs = make_inputs([{"quantity": quantity, "proxy_eur": proxy, "duration_years": duration}], CHAIN_COST, horizon=6)
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
@given(c=st.floats(min_value=1e-3, max_value=1e4), proxy=money, cost=money, rate=st.floats(min_value=0.0, max_value=0.1))
def test_sroi_is_invariant_to_the_unit_of_money(c, proxy, cost, rate):
    def sroi(scale: float) -> float:
        inputs = make_inputs([{**CHAIN, "proxy_eur": proxy * scale}],
                             [{"year": 0, "amount_eur": cost * scale}, {"year": 2, "amount_eur": cost * scale / 2}])
        return cba.appraise(inputs, rate).summary["sroi"]

    assert sroi(c) == pytest.approx(sroi(1.0), rel=1e-9)


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


# --------------------------------------------------------------------------- wrong pocket and budget neutrality


ACTORS = {"gemeente": "Gemeente", "zorgverzekeraar": "Zorgverzekeraar", "inwoners": "Inwoners"}


def pockets_example() -> cba.Appraisal:
    outcomes = [{**CHAIN, "actor": "zorgverzekeraar"}, {"actor": "gemeente", "quantity": 2.0},
                {"actor": "rijk", "quantity": 1.0}]
    costs = [*CHAIN_COST, {"payer": "inwoners", "kind": "vrijwilligers", "year": 1, "amount_eur": 500.0}]
    return cba.appraise(make_inputs(outcomes, costs))


def test_wrong_pocket_splits_the_totals_per_actor():
    result = pockets_example()
    table = cba.wrong_pocket(result, ACTORS)
    assert list(table["actor"]) == ["gemeente", "zorgverzekeraar", "inwoners", "rijk"]  # config order, then others
    assert list(table["label"]) == ["Gemeente", "Zorgverzekeraar", "Inwoners", "rijk"]
    assert table["pv_costs"].sum() == pytest.approx(result.summary["pv_costs"])
    assert table["pv_benefits"].sum() == pytest.approx(result.summary["pv_benefits"])
    assert table["net"].sum() == pytest.approx(result.summary["npv"])
    gemeente = table.set_index("actor").loc["gemeente"]
    assert gemeente["pv_costs"] == 10_000  # up-front, not discounted
    assert gemeente["return"] == pytest.approx(gemeente["pv_benefits"] / 10_000)
    assert np.isnan(table.set_index("actor").loc["zorgverzekeraar", "return"])  # pays nothing


def test_break_even_saving_and_its_inverse():
    # The municipality pays 10,000 up-front and 20,000 a year for 5 years. At 0%: a saving S
    # pays back by year t when S t >= 10,000 + 20,000 t, i.e. S >= 20,000 + 10,000 / t; the
    # smallest S over t = 1..5 is 20,000 + 2,000 = 22,000 (paid back in year 5); per client
    # (100) 220. At 2.25%: S = 20,000 + 10,000 / A with the annuity factor
    # A = (1 - 1.0225^-5) / 0.0225 = 4.679453, so S = 22,137.00.
    costs = [{"year": 0, "amount_eur": 10_000.0}, *({"year": t, "amount_eur": 20_000.0} for t in range(1, 6))]
    inputs = make_inputs([{"actor": "zorgverzekeraar"}], costs, horizon=5)
    flat = cba.appraise(inputs, rate=0.0)
    be = cba.break_even_saving(flat, "gemeente", clients=100)
    assert be["yearly_saving_eur"] == pytest.approx(22_000)
    assert be["per_client_eur"] == pytest.approx(220)
    assert be["payback_year"] == 5
    assert not be["budget_neutral"]
    assert cba.break_even_saving(cba.appraise(inputs), "gemeente")["yearly_saving_eur"] == pytest.approx(22_137.00, abs=0.01)
    # Inverse: cumulative position at 30,000 a year: -10,000, 0 -> paid back after 1.0 year;
    # at 22,000: -10,000, -8,000, ..., -2,000, 0 -> 5.0; below that never within the horizon.
    assert cba.saving_payback(flat, 30_000, "gemeente") == pytest.approx(1.0)
    assert cba.saving_payback(flat, 22_000, "gemeente") == pytest.approx(5.0)
    assert cba.saving_payback(flat, 21_000, "gemeente") is None
    with pytest.raises(ValueError, match="actor 'gemente'"):
        cba.break_even_saving(flat, "gemente")


def test_wrong_pocket_plot_is_dutch_and_labels_illustrative_data():
    table = cba.wrong_pocket(pockets_example(), ACTORS)
    fig = cba.plot_wrong_pocket(table, price_year=2022, illustrative=True)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Wie betaalt, wie profiteert?"
    assert "prijsjaar 2022" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table["label"])
    assert "ILLUSTRATIEVE GEGEVENS" in [t.get_text() for t in fig.texts]
    plain = cba.plot_wrong_pocket(table)
    assert "ILLUSTRATIEVE GEGEVENS" not in [t.get_text() for t in plain.texts]


# --------------------------------------------------------------------------- sensitivity


def ranged_example() -> cba.Appraisal:
    outcome = {**CHAIN, "quantity_low": 8.0, "quantity_high": 12.0, "drop_off_low": 0.05, "drop_off_high": 0.9,
               "deadweight_low": 0.2, "deadweight_high": 0.3}
    costs = [{"year": 0, "amount_eur": 10_000.0, "amount_eur_low": 9_000.0, "amount_eur_high": 16_000.0}]
    return cba.appraise(make_inputs([outcome], costs), rate=0.035)


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


def test_tornado_plot():
    fig = cba.plot_tornado(cba.one_way(ranged_example()), illustrative=True)
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Gevoeligheid van de netto contante waarde")
    assert len(ax.get_yticklabels()) == 4
    assert "ILLUSTRATIEVE GEGEVENS" in [t.get_text() for t in fig.texts]


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


# --------------------------------------------------------------------------- analyse appraise


@pytest.mark.parametrize("project", shipped_projects())
def test_cli_json_on_each_shipped_project(run_cli, project):
    result = run_cli("appraise", RAW_DIR, "--project", project, "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["conventions"]["discount_rate_preset"] == "nl2020"
    [p] = report["projects"]
    assert p["project"] == project
    for key in ("pv_benefits", "pv_costs", "npv", "bcr", "sroi", "net_sroi", "payback_years", "actors"):
        assert key in p
    assert p["npv"] == pytest.approx(p["pv_benefits"] - p["pv_costs"])
    assert p["net_sroi"] == pytest.approx(p["sroi"] - 1)
    assert sum(a["net"] for a in p["actors"].values()) == pytest.approx(p["npv"])
    assert p["actors"]["gemeente"]["label"] == "Gemeente"
    assert p["budget_neutrality"]["actor"] == "gemeente"


def test_cli_table_for_people_and_presets(run_cli):
    result = run_cli("appraise", RAW_DIR, "--discount-rate", "greenbook", "--timing", "mid")
    assert result.code == 0, result.err
    assert "discontovoet greenbook (3.5% declining)" in result.out
    assert "Wie betaalt, wie profiteert: Preventief huisbezoek ouderen" in result.out
    assert "€ " in result.out
    as_number = run_cli("appraise", RAW_DIR, "--discount-rate", "3,5%", "--json", "--project", "maaltijdvoorziening")
    assert json.loads(as_number.out)["conventions"]["discount_rate"] == "3.5%"


def test_cli_reads_an_xlsx_workbook(run_cli, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in ("sroi_projects", "sroi_investments", "sroi_outcomes"):
        frame = pd.read_csv(RAW_DIR / f"{name}.csv")
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if isinstance(v, float) and np.isnan(v) else v for v in row])
    path = tmp_path / "sroi.xlsx"
    book.save(path)
    from_book = run_cli("appraise", path, "--json")
    from_csv = run_cli("appraise", RAW_DIR, "--json")
    assert from_book.code == 0, from_book.err
    assert json.loads(from_book.out)["projects"] == json.loads(from_csv.out)["projects"]


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (row 2 = the first data row, as the problem lines count)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.mark.parametrize(("edit", "args", "message"), [
    (("sroi_outcomes.csv", 3, "deadweight", "120%"), (),
     "sroi_outcomes.csv:3: column 'deadweight': value '120%': expected a share between 0 and 1"),
    (("sroi_outcomes.csv", 4, "duration_years", "-2"), (),
     "sroi_outcomes.csv:4: column 'duration_years': value '-2': expected a duration between 1 and 100"),
    (("sroi_outcomes.csv", 2, "actor", ""), (),
     "sroi_outcomes.csv:2: column 'actor': value '': empty: expected a value (required)"),
    (("sroi_outcomes.csv", 2, "proxy_price_year", "2009"), (),
     "cpi.csv: no consumer price index for 2009"),
    (None, ("--discount-rate", "nl2030"),
     "--discount-rate: value 'nl2030': unknown preset: expected a preset (nl2020, nl-riskfree"),
    (None, ("--discount-rate", "2.5x"), "--discount-rate: value '2.5x': not a number: expected"),
    (None, ("--discount-rate", "3.5"), "--discount-rate: value '3.5': expected a share such as 0.0225"),
    (None, ("--project", "zwembad"),
     "--project: value 'zwembad': unknown project: expected one of beweegprogramma_ouderen"),
])
def test_cli_bad_input_exits_2_with_one_clear_line(run_cli, raw_copy, edit, args, message):
    if edit:
        file, row, column, value = edit
        _edit(raw_copy / file, row, column, value)
    result = run_cli("appraise", raw_copy, "--data-dir", raw_copy, *args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_cli_missing_input_folder(run_cli, tmp_path):
    result = run_cli("appraise", tmp_path / "nope")
    assert result.code == 2
    assert "not found or not a folder/workbook: expected a folder with sroi_projects.csv" in result.err
