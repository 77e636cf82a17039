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


def test_irr_text_says_why_there_is_none():
    several = {"irr": None, "irr_reason": "multiple_roots", "irr_roots": [0.1, 0.2]}
    assert cba_text.irr_text(several).startswith("geen eenduidige interne rentevoet: de kasstromen wisselen meer "
                                                 "dan eens van teken")
    assert "(10,0% en 20,0%)" in cba_text.irr_text(several)
    none = {"irr": None, "irr_reason": "no_root", "irr_roots": []}
    assert cba_text.irr_text(none).startswith("geen interne rentevoet: de kasstromen wisselen meer dan eens van teken")
    assert cba_text.irr_text({"irr": None, "irr_reason": "no_sign_change"}).startswith(
        "geen interne rentevoet: de kasstromen veranderen niet van teken")
    assert cba_text.irr_text({"irr": None, "irr_reason": "above_bracket"}).startswith("meer dan 1.000% per jaar")
    # A unique IRR is shown; paid back in the first year it gets the caveat, in year 2 it does not.
    assert cba_text.irr_text({"irr": 0.130662, "payback_years": 2, "payback_reason": None}) == "13,1%"
    assert "de netto contante waarde is de betere maatstaf" in cba_text.irr_text(
        {"irr": 4.5955, "payback_years": 1, "payback_reason": None})


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
