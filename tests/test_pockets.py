"""Who pays and who benefits, and budget neutrality (analyse.methods.cba.pockets)."""

from __future__ import annotations

import numpy as np
import pytest
from cba_examples import ACTORS, make_inputs, pockets_example

from analyse import cba


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
    at_default = cba.break_even_saving(cba.appraise(inputs), "gemeente")
    assert at_default["yearly_saving_eur"] == pytest.approx(22_137.00, abs=0.01)
    # Inverse: cumulative position at 30,000 a year: -10,000, 0 -> paid back after 1.0 year;
    # at 22,000: -10,000, -8,000, ..., -2,000, 0 -> 5.0; below that never within the horizon.
    assert cba.saving_payback(flat, 30_000, "gemeente") == pytest.approx(1.0)
    assert cba.saving_payback(flat, 22_000, "gemeente") == pytest.approx(5.0)
    assert cba.saving_payback(flat, 21_000, "gemeente") is None
    with pytest.raises(ValueError, match="actor 'gemente'"):
        cba.break_even_saving(flat, "gemente")


def test_own_payback_of_the_municipality_next_to_society():
    # gemeente pays 2,500 up-front and receives 1,000 a year for 3 years; zorgverzekeraar receives
    # 5,000 in year 1; rate 0. Society: -2,500 + 6,000 = +3,500 in year 1 -> year 1.
    # gemeente alone: -1,500, -500, +500 -> year 3. inwoners pay nothing: no payback to speak of.
    outcomes = [{"actor": "gemeente", "quantity": 1.0, "duration_years": 3},
                {"actor": "zorgverzekeraar", "quantity": 5.0}]
    result = cba.appraise(make_inputs(outcomes, [{"year": 0, "amount_eur": 2_500.0}]), rate=0.0)
    assert result.summary["payback_years"] == 1
    own = cba.actor_payback(result, "gemeente")
    assert (own.year, own.after_years, own.reason) == (3, 3.0, None)
    assert cba.actor_payback(result, "zorgverzekeraar").reason == "no_costs"
    # The same project with the gemeente receiving only 500 a year: -2,000, -1,500, -1,000.
    outcomes[0]["proxy_eur"] = 500.0
    poorer = cba.appraise(make_inputs(outcomes, [{"year": 0, "amount_eur": 2_500.0}]), rate=0.0)
    assert cba.actor_payback(poorer, "gemeente").reason == "not_reached"
    with pytest.raises(ValueError, match="actor 'gemente'"):
        cba.actor_payback(result, "gemente")


def _back_loaded(benefit: float) -> cba.Appraisal:
    # gemeente pays 10,000 in year 1 and 30,000 in year 3 and receives `benefit` a year in
    # years 1-3; rate 0.
    costs = [{"year": 1, "amount_eur": 10_000.0}, {"year": 3, "amount_eur": 30_000.0}]
    return cba.appraise(make_inputs([{"quantity": 1.0, "proxy_eur": benefit, "duration_years": 3}], costs,
                                    horizon=3), rate=0.0)


def test_break_even_saving_covers_the_whole_term_and_compares_like_with_like():
    # Costs K = 10,000 + 30,000 = 40,000 over the term, annuity A = 3 (rate 0), so S = 40,000 / 3
    # = 13,333.33 a year. A saving of 5,000 (10,000 / 2) would pay back by year 2 but leave
    # 15,000 - 40,000 = -25,000 at the end: not budget neutral, so not the answer.
    # With S: cumulative 13,333 - 10,000 = +3,333 in year 1 -> payback_year 1 (and 0 at the end).
    be = cba.break_even_saving(_back_loaded(6_000.0), "gemeente")
    assert be["yearly_saving_eur"] == pytest.approx(40_000 / 3)
    assert be["annuity_factor"] == pytest.approx(3.0)
    assert be["payback_year"] == 1
    # Modelled: 6,000 a year -> PV 18,000 against 40,000; per year 18,000 / 3 = 6,000 against 13,333.
    assert be["modelled_benefits_pv"] == pytest.approx(18_000)
    assert be["modelled_benefits_yearly_eur"] == pytest.approx(6_000)
    assert not be["budget_neutral"]
    # 14,000 a year: PV 42,000 >= 40,000 and 14,000 >= 13,333 per year -> budget neutral.
    rich = cba.break_even_saving(_back_loaded(14_000.0), "gemeente")
    assert rich["budget_neutral"] and rich["modelled_benefits_yearly_eur"] == pytest.approx(14_000)


def test_modelled_benefits_per_year_use_the_annuity_factor():
    # gemeente pays 10,000 up-front and receives 1,000 a year in years 1-5 at 2.25%:
    # A = (1 - 1.0225^-5) / 0.0225 = 4.679453; PV = 1,000 A = 4,679.45; per year PV / A = 1,000.
    # Needed: 10,000 / 4.679453 = 2,137.00 a year.
    inputs = make_inputs([{"quantity": 1.0, "duration_years": 5}], [{"year": 0, "amount_eur": 10_000.0}], horizon=5)
    be = cba.break_even_saving(cba.appraise(inputs), "gemeente")
    assert be["annuity_factor"] == pytest.approx(4.679453, abs=1e-6)
    assert be["modelled_benefits_pv"] == pytest.approx(4_679.45, abs=0.01)
    assert be["modelled_benefits_yearly_eur"] == pytest.approx(1_000)
    assert be["yearly_saving_eur"] == pytest.approx(2_137.00, abs=0.01)
