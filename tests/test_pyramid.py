"""Prevention pyramid and phases (analyse.methods.pyramid); worked sums in tests/cases/prevention.yaml."""

from __future__ import annotations

import pandas as pd
import pytest
from prevention_frames import interventions_frame

from analyse.methods import pyramid as M


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
    budget = pd.DataFrame({"year": pd.array([2025, 2025, 2025, 2024], dtype="Int64"),
                           "policy_field": ["Welzijn", "Welzijn", "Cultuur", "Welzijn"],
                           "prevention_level": pd.array([1, 2, None, 1], dtype="Int64"),
                           "amount_eur": [1000.0, 200.0, 999.0, 5.0]})
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
