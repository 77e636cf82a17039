"""Budget sentences (analyse.publish.budget_text): every step worded against its base year
with both amounts, consistent with the budget table, and the total nominal and real.
The numbers come from analyse.methods.indexation.change_steps (cases in tests/cases/trends.yaml)."""

from __future__ import annotations

import pandas as pd
import pytest

from analyse.methods.indexation import change_steps
from analyse.publish.budget_text import budget_change_short, budget_change_text, signed_pct, step_phrases

#: The shipped welfare budget (data/raw/budget.csv, Welzijn), nominal euros.
WELFARE = pd.Series({2011: 1300000.0, 2012: 1266666.67, 2013: 1233333.33, 2014: 1200000.0,
                     **{y: 1200000.0 for y in range(2015, 2022)}, **{y: 1140000.0 for y in range(2022, 2026)}})
#: A real series with a hand-checkable total: 1,140,000 / 2,000,000 - 1 = -0.43.
REAL = pd.Series({2011: 2000000.0, 2025: 1140000.0})


def test_signed_percentages():
    assert signed_pct(-0.076923) == "-7,7%"  # -7.6923% to one decimal
    assert signed_pct(0.05) == "+5,0%"
    assert signed_pct(0.0) == "0,0%" and signed_pct(-0.00001) == "0,0%"  # no "+0,0%" or "-0,0%"


def test_steps_name_their_base_year_and_both_amounts():
    assert step_phrases(change_steps(WELFARE)) == [
        "2012-2014: -7,7% ten opzichte van 2011 (van € 1.300.000 naar € 1.200.000)",  # 1.2/1.3 - 1
        "2022: -5,0% ten opzichte van 2021 (van € 1.200.000 naar € 1.140.000)",      # 1.14/1.2 - 1
    ]


def test_budget_paragraph_shows_both_steps_and_a_total_that_they_multiply_to():
    text = budget_change_text(WELFARE, REAL, 2011, 2025, 2025, "het welzijnsbudget")
    assert text.startswith("Van 2011 tot 2025 veranderde het welzijnsbudget nominaal in 2 stappen, elk gemeten "
                           "ten opzichte van het jaar ervoor:\n\n"
                           "- 2012-2014: -7,7% ten opzichte van 2011 (van € 1.300.000 naar € 1.200.000);\n"
                           "- 2022: -5,0% ten opzichte van 2021 (van € 1.200.000 naar € 1.140.000).\n\n")
    # 0.923077 x 0.95 = 0.876923 -> -12.3%; both steps and the total in one sentence
    assert "Samen -12,3% nominaal (van € 1.300.000 in 2011 naar € 1.140.000 in 2025; " in text
    assert "0,923 × 0,950 = 0,877" in text
    assert "reëel **-43,0%** (na correctie voor inflatie, prijspeil 2025)" in text
    assert "10%" not in text  # never a cut measured against a year the series does not show
    # the series starts within the first step: say that earlier years are not in the data
    assert "De reeks begint in 2011: of het welzijnsbudget vóór 2011 al veranderde, staat niet in de gegevens." in text


def test_budget_paragraph_from_a_later_year_and_without_change():
    text = budget_change_text(WELFARE, WELFARE * 0.9, 2015, 2025, 2025, "het welzijnsbudget")
    assert "in één stap, gemeten ten opzichte van het jaar ervoor:\n\n- 2022: -5,0% ten opzichte van 2021" in text
    assert "Samen -5,0% nominaal (van € 1.200.000 in 2015 naar € 1.140.000 in 2025)" in text
    assert "De reeks begint" not in text  # 2015 is not the first year of the data
    flat = budget_change_text(WELFARE, REAL.rename({2011: 2015, 2025: 2020}), 2015, 2020, 2025, "het budget")
    # real 1,140,000 / 2,000,000 - 1 = -43% while nominal stayed 1,200,000
    assert flat == ("Van 2015 tot 2020 bleef het budget nominaal gelijk (€ 1.200.000); reëel (na correctie voor "
                    "inflatie, prijspeil 2025) veranderde het met **-43,0%**.")


def test_summary_line():
    assert budget_change_short(WELFARE, REAL, 2011, 2025, 2025) == (
        "nominaal -12,3% (2012-2014: -7,7% ten opzichte van 2011; 2022: -5,0% ten opzichte van 2021), "
        "reëel -43,0% (prijspeil 2025)")


def test_missing_years_are_refused():
    with pytest.raises(ValueError, match="no value for 2026"):
        budget_change_text(WELFARE, REAL, 2011, 2026, 2025)


def test_prevention_and_welfare_lines_say_what_the_figures_are():
    from analyse.publish.budget_text import prevention_budget_line, sourced_years, welfare_budget_line
    budget = pd.DataFrame({"year": [2026] * 3, "policy_field": ["Welzijn", "Welzijn", "Cultuur"],
                           "prevention_level": pd.array([1, 2, 1], dtype="Int64"),
                           "amount_eur": [954750.0, 185250.0, 118750.0], "source": [None, "doc", None]})
    # 954,750 + 185,250 = 1,140,000 welfare work of 1,258,750 in total; the other lines 118,750
    line = prevention_budget_line(budget, 2026, "Welzijn", "deels afgeleid")
    assert "€ 1.258.750 aan begrotingsposten met een preventieniveau, waarvan € 1.140.000 algemeen welzijnswerk" in line
    assert "elke welzijnspost heeft een preventieniveau; de andere posten samen € 118.750" in line
    assert sourced_years(budget, "Welzijn") == [2026] and sourced_years(budget, "Cultuur") == []
    text = welfare_budget_line("nominaal -12,3%", 2011, 2025, "deels afgeleid", [2015, 2021])
    assert text.startswith("- Welzijnsbudget 2011-2025 (rekenvoorbeeld; deels afgeleid): nominaal") and "**" not in text
    assert "alleen in 2015 en 2021 komt" in text
    assert "alleen in 2021 komt" in welfare_budget_line("x", 2011, 2025, "l", [2021])
    assert "alle bedragen zijn afgeleid" in welfare_budget_line("x", 2011, 2025, "l", [])


def test_iv3_taakveld_sentence_on_cbs_iv3():
    from analyse.publish.budget_text import iv3_taakveld_sentence
    # CBS Iv3 begroting 2025, Dalfsen, taakveld 6.1: lasten 16,058,000 - baten 12,409,000 = netto 3,649,000
    iv3 = pd.DataFrame({"municipality": ["Dalfsen"], "year": [2025], "document": ["begroting"],
                        "taakveld_code": ["6.1"], "taakveld_name": ["Samenkracht en burgerparticipatie"],
                        "lasten": [16058000.0], "baten": [12409000.0]})
    text = iv3_taakveld_sentence(iv3, "Dalfsen", 2025, "6.1", 1140000.0)
    assert "netto € 3.649.000 (lasten € 16.058.000 min baten € 12.409.000)" in text
    assert iv3_taakveld_sentence(iv3, "Dalfsen", 2024, "6.1", 1.0) == ""
