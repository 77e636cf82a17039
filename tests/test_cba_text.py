"""Dutch wording of the cost-benefit figures (analyse.publish.cba_text)."""

from __future__ import annotations

import pandas as pd
import pytest
from cba_examples import CHAIN_COST, make_inputs

from analyse import cba
from analyse.publish import cba_text
from analyse.publish.text import format_ratio


def test_payback_text_states_the_year_and_the_moment():
    assert cba_text.payback_text(3, 3.0) == "jaar 3 (na 3 jaar)"
    assert cba_text.payback_text(2, 1.5) == "jaar 2 (na 1,5 jaar)"  # mid-year flows
    assert cba_text.payback_text(1, 0.0) == "jaar 1 (direct bij de start)"  # start-of-year flows
    assert cba_text.payback_text(None, None, "not_reached") == "niet binnen de looptijd"
    assert cba_text.payback_text(None, None, "no_costs") == "niet van toepassing: geen eigen kosten"


def test_irr_text_says_why_there_is_none_without_printing_a_rate():
    several = {"irr": None, "irr_reason": "multiple_roots", "irr_roots": [0.1, 0.2]}
    assert cba_text.irr_text(several) == (
        "geen eenduidige interne rentevoet: de kasstromen wisselen meer dan eens van teken, zodat de contante "
        "waarde bij meer dan één rentevoet nul is; geen daarvan is een bruikbaar rendement, kijk naar de netto "
        "contante waarde")
    first_year = {"irr": None, "irr_reason": "paid_back_first_year", "irr_roots": [4.5955], "payback_years": 1}
    assert cba_text.irr_text(first_year) == (
        "geen bruikbare interne rentevoet: de kosten vooraf zijn in het eerste jaar al terugverdiend, zodat een "
        "rentevoet vooral zou zeggen hoe klein die kosten vooraf zijn en niet wat het project oplevert; kijk naar "
        "de netto contante waarde")
    none = {"irr": None, "irr_reason": "no_root", "irr_roots": []}
    assert cba_text.irr_text(none).startswith("geen interne rentevoet: de kasstromen wisselen meer dan eens van teken")
    assert cba_text.irr_text({"irr": None, "irr_reason": "no_sign_change"}).startswith(
        "geen interne rentevoet: de kasstromen veranderen niet van teken")
    assert cba_text.irr_text({"irr": None, "irr_reason": "above_bracket"}).startswith(
        "geen bruikbare interne rentevoet: de kosten vooraf zijn zo klein")
    # No reason prints a rate or a root: no percentage sign, no digit.
    for reason in ("multiple_roots", "paid_back_first_year", "no_root", "no_sign_change", "above_bracket",
                   "below_bracket"):
        text = cba_text.irr_text({"irr": None, "irr_reason": reason, "irr_roots": [0.1, 4.5955]})
        assert "%" not in text and not any(ch.isdigit() for ch in text), reason
    # A unique, meaningful IRR is shown as a rate with one decimal.
    assert cba_text.irr_text({"irr": 0.130662, "payback_years": 2, "payback_reason": None}) == "13,1%"


def test_rate_text_names_the_rate_and_the_dutch_label_of_its_preset():
    assert cba_text.rate_text(cba.resolve_rate(None)) == (
        "2,25% per jaar (reëel, dus boven de inflatie): standaard discontovoet MKBA (werkgroep discontovoet 2020)")
    assert cba_text.rate_text(cba.resolve_rate("greenbook")) == (
        "3,5% per jaar, dalend vanaf jaar 31 (reëel, dus boven de inflatie): HM Treasury Green Book, dalende "
        "discontovoet")
    assert cba_text.rate_text(cba.resolve_rate(0.03)) == "3% per jaar (reëel, dus boven de inflatie), zelf gekozen"


def test_price_level_text_names_the_price_year():
    assert cba_text.price_level_text([2022, 2022]) == "prijspeil 2022"
    assert cba_text.price_level_text([2022, 2020, 2022]) == "prijspeil van elk project (2020 en 2022)"


def _own_payback_example() -> cba.Appraisal:
    # gemeente pays 2,500 up-front and receives 1,000 a year for 3 years; zorgverzekeraar receives
    # 5,000 in year 1; rate 0 (as test_pockets): benefits 3,000 + 5,000 = 8,000, NCW 5,500, SROI
    # 8,000 / 2,500 = 3,20; society paid back in year 1 (-2,500 + 6,000), gemeente in year 3
    # (-1,500, -500, +500).
    outcomes = [{"actor": "gemeente", "quantity": 1.0, "duration_years": 3},
                {"actor": "zorgverzekeraar", "quantity": 5.0}]
    return cba.appraise(make_inputs(outcomes, [{"year": 0, "amount_eur": 2_500.0}]), rate=0.0)


def test_overview_table_labels_the_base_case_and_shows_the_simulation_next_to_it():
    mc = {"sroi": {"p5": 2.1, "p50": 2.954, "p95": 3.3}, "p_sroi_above_one": 0.873}
    table = cba_text.overview_table({"p": _own_payback_example()}, {"p": mc}, "gemeente", "gemeente")
    assert list(table.columns) == ["Project", "CW baten (prijspeil 2022)", "CW kosten (prijspeil 2022)",
                                   "NCW (prijspeil 2022)", "SROI basisraming", "SROI mediaan simulatie",
                                   "Kans SROI > 1", "Terugverdiend (samenleving)", "Terugverdiend (gemeente)"]
    assert table.values.tolist() == [["Testproject", "€ 8.000", "€ 2.500", "€ 5.500", "3,20", "2,95", "87%",
                                      "jaar 1 (na 1 jaar)", "jaar 3 (na 3 jaar)"]]


def test_budget_table_compares_like_with_like():
    # gemeente pays 10,000 in year 1 and 30,000 in year 3, receives 6,000 a year (years 1-3), rate 0:
    # present values 40,000 against 18,000; per year 40,000 / 3 = 13,333 against 18,000 / 3 = 6,000.
    costs = [{"year": 1, "amount_eur": 10_000.0}, {"year": 3, "amount_eur": 30_000.0}]
    result = cba.appraise(make_inputs([{"quantity": 1.0, "proxy_eur": 6_000.0, "duration_years": 3}], costs),
                          rate=0.0)
    table = cba_text.budget_table({"p": result}, "gemeente", "gemeente")
    assert list(table.columns) == ["Project", "Kosten gemeente, CW looptijd (prijspeil 2022)",
                                   "Baten gemeente, CW looptijd (prijspeil 2022)",
                                   "Benodigde besparing per jaar (prijspeil 2022)",
                                   "Baten gemeente per jaar (prijspeil 2022)", "Budgetneutraal"]
    assert table.values.tolist() == [["Testproject", "€ 40.000", "€ 18.000", "€ 13.333", "€ 6.000", "nee"]]
    # Projects in different price years: a column says which, the headings do not name one.
    other = cba.appraise(make_inputs([{"quantity": 1.0, "proxy_eur": 6_000.0, "duration_years": 3}], costs,
                                     price_year=2020), rate=0.0)
    mixed = cba_text.budget_table({"p": result, "q": other}, "gemeente", "gemeente")
    assert list(mixed.columns[:3]) == ["Project", "Prijspeil", "Kosten gemeente, CW looptijd"]
    assert list(mixed["Prijspeil"]) == ["2022", "2020"]


def test_sroi_headline_gives_base_median_interval_and_chance():
    mc = {"sroi": {"p5": 0.79, "p50": 1.026, "p95": 1.3015}, "p_sroi_above_one": 0.5645}
    assert cba_text.sroi_headline("Huisbezoek", 1.2012, mc) == (
        "Huisbezoek: basis 1,20; mediaan 1,03 (90% tussen 0,79 en 1,30); kans SROI > 1: 56%")


def _asymmetric() -> tuple[cba.Appraisal, pd.DataFrame]:
    # Two outcomes with drop-off 0.05-0.20 around 0.10 (more room above) and a duration of 2-3
    # years around 3 (can only get shorter); a symmetric quantity range 8-12 on the first.
    same = {"drop_off": 0.10, "drop_off_low": 0.05, "drop_off_high": 0.20, "duration_years": 3,
            "duration_years_low": 2, "duration_years_high": 3}
    result = cba.appraise(make_inputs([{**same, "quantity_low": 8.0, "quantity_high": 12.0}, same], CHAIN_COST),
                          rate=0.0)
    return result, cba.range_asymmetry(result)


def test_uncertain_inputs_table_names_the_asymmetry():
    _, table = _asymmetric()
    shown = cba_text.uncertain_inputs_table(table)
    assert list(shown.columns) == list(cba_text.INPUT_COLUMNS)
    rows = shown.set_index("Invoer")
    assert rows.loc["Drop-off", "Geldt voor"] == "alle 2 effecten"  # one row for the same range
    assert tuple(rows.loc["Drop-off", ["Basis", "Laag", "Hoog"]]) == ("0,10", "0,05", "0,20")
    # Room above 0.20 - 0.10 = 0.10, below 0.10 - 0.05 = 0.05.
    assert rows.loc["Drop-off", "Ligging van de bandbreedte"] == "meer ruimte omhoog dan omlaag (+0,10 tegen -0,05)"
    assert rows.loc["Duur", "Ligging van de bandbreedte"] == "alleen lager mogelijk (de basis is de hoogste waarde)"
    assert rows.loc["Aantal", "Ligging van de bandbreedte"] == "even ver omlaag als omhoog"
    assert list(shown["Invoer"]) == ["Aantal", "Drop-off", "Duur"]  # in the order of the input file's columns


def test_explain_median_names_the_ranges_that_pull_it():
    result, table = _asymmetric()
    base = result.summary["sroi"]
    lower = {"sroi": {"p50": base - 0.2}}
    text = cba_text.explain_median(base, lower, table)
    assert text.startswith(f"De mediaan van de simulatie ({format_ratio(base - 0.2)}) ligt lager dan de "
                           f"basiswaarde ({format_ratio(base)}).")
    assert "duur: kan alleen lager uitvallen, 2 jaar tot 3 jaar rond 3 jaar (bij 2 effecten)" in text
    assert "drop-off: kan verder omhoog dan omlaag, 0,05 tot 0,20 rond 0,10 (bij 2 effecten)" in text
    assert "aantal" not in text  # a symmetric range does not explain the shift
    assert text.endswith("trekken deze invoeren de SROI omlaag.")
    # Equal at two decimals: said so; higher with nothing pulling up: the ratio is the reason.
    assert cba_text.explain_median(1.204, {"sroi": {"p50": 1.196}}, table) == (
        "De mediaan van de simulatie (1,20) is gelijk aan de basiswaarde.")
    assert "samenhang van de invoer" in cba_text.explain_median(base, {"sroi": {"p50": base + 0.2}}, table)


@pytest.mark.parametrize("reason", ["not_reached", "no_benefits", "no_costs"])
def test_every_payback_reason_is_worded_in_dutch(reason):
    assert cba_text.payback_reason_text(reason) != reason


def test_switching_table_shows_values_in_the_unit_of_their_input():
    switching = pd.DataFrame({"project": ["A", "A"], "label": ["Effect: aantal", "Effect: drop-off"],
                              "parameter": ["quantity", "drop_off"], "low": [2000.0, 0.05], "base": [4000.0, 0.10],
                              "high": [6000.0, 0.20], "switch_value": [2134.375, float("nan")]})
    table = cba_text.switching_table(switching)
    assert list(table.columns) == list(cba_text.SWITCHING_COLUMNS)
    # The drop-off has no switching value within its range: left out.
    assert table.values.tolist() == [["A", "Effect: aantal", "2.000", "4.000", "6.000", "2.134"]]
