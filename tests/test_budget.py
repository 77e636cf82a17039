"""Budget monitoring (analyse.methods.budget, via analyse.trends): what the hand-worked
cases in tests/cases/trends.yaml do not show: the fallback without a payment profile,
budget lines, text quarters, parameters and refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyse import params
from analyse import trends as T


def _budget_frames(q4_2024: float = 550.0, quarters_2025=(250.0, 250.0, 250.0)):
    budget = pd.DataFrame({"year": [2023, 2024, 2025], "policy_field": "Welzijn", "budget_line": "Subsidies",
                           "amount_eur": 1000.0})
    spend = {2023: [200.0, 200.0, 200.0, 400.0], 2024: [150.0, 150.0, 150.0, q4_2024], 2025: list(quarters_2025)}
    rows = [{"quarter": pd.Period(f"{y}Q{i + 1}", "Q"), "policy_field": "Welzijn", "budget_line": "Subsidies",
             "amount_eur": v} for y, vs in spend.items() for i, v in enumerate(vs)]
    return budget, pd.DataFrame(rows)


def test_budget_monitor_falls_back_to_an_even_pace_without_a_profile():
    budget, real = _budget_frames()
    only_one_year = real[real["quarter"].dt.year != 2023]
    row = T.budget_monitor(budget, only_one_year, 2025).iloc[0]
    assert "geen profiel uit minstens 2 eerdere jaren" in row["method"] and row["n_reference_years"] == 0
    assert row["projected_eur"] == pytest.approx(1000.0) and np.isnan(row["projected_low_eur"])


def test_budget_monitor_per_budget_line_and_with_text_quarters():
    budget, real = _budget_frames()
    by_line = T.budget_monitor(budget, real, 2025, by="budget_line").iloc[0]
    assert (by_line["policy_field"], by_line["budget_line"]) == ("Welzijn", "Subsidies")
    as_text = real.assign(quarter=real["quarter"].astype(str))  # "2025Q1" as a CSV gives it
    pd.testing.assert_frame_equal(T.budget_monitor(budget, as_text, 2025), T.budget_monitor(budget, real, 2025))


def test_budget_monitor_refusals():
    budget, real = _budget_frames()
    with pytest.raises(ValueError, match=r"method='median': expected 'profile' or 'linear'"):
        T.budget_monitor(budget, real, 2025, method="median")
    with pytest.raises(ValueError, match=r"by='kern'"):
        T.budget_progress(budget, real, 2025, by="kern")
    with pytest.raises(T.SeriesError, match=r"no realisation up to 2025Q4: the data end at 2025Q3"):
        T.budget_monitor(budget, real, 2025, through="2025Q4")
    with pytest.raises(T.SeriesError, match=r"series 'budget 2026': no budget rows for 2026"):
        T.budget_progress(budget, real.assign(quarter=real["quarter"] + 4), 2026)


def test_defaults_come_from_the_parameter_file():
    assert T.BUDGET_TOLERANCE == params.value("budget", "tolerance") == 0.05
    assert T.REFERENCE_YEARS == params.value("budget", "reference_years") == 3
