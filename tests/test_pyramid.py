"""Prevention pyramid and phases (analyse.methods.pyramid); worked sums in tests/cases/prevention.yaml."""

from __future__ import annotations

import pandas as pd
import pytest
from prevention_frames import interventions_frame

from analyse.methods import pyramid as M


def budget_lines(rows: list[tuple]) -> pd.DataFrame:
    """Budget lines as (year, policy_field, prevention_level or None, amount_eur)."""
    years, fields, levels, amounts = zip(*rows)
    return pd.DataFrame({"year": pd.array(years, dtype="Int64"), "policy_field": list(fields),
                         "prevention_level": pd.array(levels, dtype="Int64"), "amount_eur": list(amounts)})

def test_running_keeps_interventions_of_the_date():
    register = interventions_frame([
        {"intervention": "Lopend", "dimensions": "Meedoen"},
        {"intervention": "Oud", "dimensions": "Meedoen", "end_date": "2021-12-31"},
        {"intervention": "Laatste dag", "dimensions": "Meedoen", "end_date": "2025-06-30"},
        {"intervention": "Nieuw", "dimensions": "Meedoen", "start_date": "2025-07-01"},
    ])
    assert M.running(register, "2025-06-30")["intervention"].tolist() == ["Lopend", "Laatste dag"]
    assert len(M.running(register)) == 4  # None: the whole register


def test_pyramid_and_phase_split_on_a_date():
    interventions = interventions_frame([
        {"intervention": "P1", "prevention_level": 1, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 100.0},
        {"intervention": "P2", "prevention_level": 2, "policy_field": "Cultuur", "dimensions": "Meedoen",
         "annual_budget_eur": 50.0},
        {"intervention": "P3", "prevention_level": 3, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 30.0},
        {"intervention": "P4", "prevention_level": 4, "policy_field": "Gezondheid", "dimensions": "Meedoen"},
        {"intervention": "Oud", "prevention_level": 3, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 999.0, "end_date": "2021-12-31"},
    ])
    budget = budget_lines([(2025, "Welzijn", 1, 1000.0), (2025, "Welzijn", 2, 200.0), (2025, "Cultuur", None, 999.0),
                           (2024, "Welzijn", 1, 5.0)])
    table = M.pyramid(interventions, budget, as_of="2025-06-30")
    assert len(table) == 4 * 5 and table.attrs["year"] == 2025  # every level x policy field pair
    phases = M.phase_split(table).set_index("phase")
    # Phase 1 = P1 + P2: 2 interventions, 100 + 50 = 150; budget 2025 levels 1-2: 1000 + 200 = 1200
    # (the 999 line has no level, the 5 is 2024). Phase 2 = P3 + P4 (no budget = 0); "Oud" ended in 2021.
    assert phases.loc[1, ["interventions", "intervention_budget_eur", "budget_eur"]].tolist() == [2, 150.0, 1200.0]
    assert phases.loc[2, ["interventions", "intervention_budget_eur", "budget_eur"]].tolist() == [2, 30.0, 0.0]
    assert phases["share_intervention_budget_eur"].tolist() == pytest.approx([150 / 180, 30 / 180])
    for column in ("interventions", "intervention_budget_eur", "budget_eur"):
        assert phases[column].sum() == table[column].sum()


def test_phase_split_without_money_has_no_shares():
    table = M.pyramid(interventions_frame([{"intervention": "X", "dimensions": "Meedoen"}]))
    phases = M.phase_split(table)
    assert phases["share_intervention_budget_eur"].isna().all() and phases["interventions"].tolist() == [1, 0]


def budget_example():
    """Welzijn: P1 (level 1, 100) and P3 (level 3, 30) against budget lines 80 (level 1) and 20
    (level 2); Gezondheid: P4 (level 4, 40) with no Gezondheid line in 2025 (only in 2024);
    Cultuur: a line without a level (999) and no intervention; "Oud" ended in 2021."""
    interventions = interventions_frame([
        {"intervention": "P1", "prevention_level": 1, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 100.0},
        {"intervention": "P3", "prevention_level": 3, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 30.0},
        {"intervention": "P4", "prevention_level": 4, "policy_field": "Gezondheid", "dimensions": "Meedoen",
         "annual_budget_eur": 40.0, "partner": "GGD IJsselland"},
        {"intervention": "Oud", "prevention_level": 3, "policy_field": "Mantelzorg", "dimensions": "Meedoen",
         "annual_budget_eur": 999.0, "end_date": "2021-12-31"},
    ])
    budget = budget_lines([(2025, "Welzijn", 1, 80.0), (2025, "Welzijn", 2, 20.0), (2025, "Cultuur", None, 999.0),
                           (2024, "Gezondheid", 4, 50.0)])
    return interventions, budget


def test_budget_lines_and_interventions_reconcile_with_the_pyramid():
    interventions, budget = budget_example()
    table = M.pyramid(interventions, budget, as_of="2025-06-30")
    compare = M.budget_comparison(interventions, budget, as_of="2025-06-30").set_index("policy_field")
    assert compare.attrs["year"] == 2025
    # Welzijn: prevention lines 80 + 20 = 100; interventions P1 + P3 = 100 + 30 = 130 -> 30 not covered.
    assert compare.loc["Welzijn", ["budget_lines", "prevention_budget_eur", "interventions",
                                   "intervention_budget_eur", "not_covered_eur"]].tolist() == [2, 100.0, 2, 130.0, 30.0]
    # Gezondheid: P4 (40) runs in 2025 but the only Gezondheid line is 2024's -> no budget line, 40 not covered.
    assert compare.loc["Gezondheid", ["budget_lines", "intervention_budget_eur", "not_covered_eur"]].tolist() == \
        [0, 40.0, 40.0]
    assert compare["no_budget_line"].tolist() == [False, True, False, False, False]
    # Cultuur: one line without a level (999): not prevention money, and no intervention -> nothing flagged.
    assert compare.loc["Cultuur", ["budget_lines", "prevention_budget_eur", "other_budget_eur"]].tolist() == \
        [1, 0.0, 999.0]
    # One source of truth: the per-field sums are the pyramid's totals (100 budget, 170 interventions).
    assert compare["prevention_budget_eur"].sum() == table["budget_eur"].sum() == 100.0
    assert compare["intervention_budget_eur"].sum() == table["intervention_budget_eur"].sum() == 170.0
    phases = M.phase_split(table).set_index("phase")
    # Phase 2 (P3 30 + P4 40 = 70) has no budget line at level 3-4: the EUR 0 the report explains.
    assert phases.loc[2, ["intervention_budget_eur", "budget_eur"]].tolist() == [70.0, 0.0]


def test_unbudgeted_interventions_per_year():
    interventions, budget = budget_example()
    assert M.unbudgeted(interventions, budget, as_of="2025-06-30")["intervention"].tolist() == ["P4"]
    # 2024: Gezondheid has a line (50); Welzijn has none that year -> P1 and P3 are flagged.
    assert M.unbudgeted(interventions, budget, year=2024)["intervention"].tolist() == ["P1", "P3"]
    # "Oud" (Mantelzorg, ended 2021-12-31) ran in 2021, when no budget line of this example exists.
    # Rows in policy-field order (Welzijn, Gezondheid, ..., Mantelzorg), then by name.
    assert M.unbudgeted(interventions, budget, year=2021)["intervention"].tolist() == ["P1", "P3", "P4", "Oud"]
    assert M.unbudgeted(interventions, budget, year=2022)["intervention"].tolist().count("Oud") == 0


def test_running_in_year_boundaries():
    register = interventions_frame([
        {"intervention": "Eindigt 1 jan", "dimensions": "Meedoen", "end_date": "2025-01-01"},
        {"intervention": "Eindigt 31 dec ervoor", "dimensions": "Meedoen", "end_date": "2024-12-31"},
        {"intervention": "Start 31 dec", "dimensions": "Meedoen", "start_date": "2025-12-31"},
        {"intervention": "Start 1 jan erna", "dimensions": "Meedoen", "start_date": "2026-01-01"},
    ])
    assert M.running_in_year(register, 2025)["intervention"].tolist() == ["Eindigt 1 jan", "Start 31 dec"]
