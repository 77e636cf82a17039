"""Supply per kern x dimension and care use per 1,000 (analyse.methods.coverage);
worked allocation examples in tests/cases/prevention.yaml."""

from __future__ import annotations

import pytest
from prevention_frames import care_frame, interventions_frame, population_frame

from analyse.config import POSITIVE_HEALTH_DIMENSIONS as DIMS
from analyse.methods import coverage as M
from analyse.methods.population import RATE_COLUMN


def test_coverage_grid_order_and_attrs():
    interventions = interventions_frame([
        {"intervention": "X", "dimensions": "Zingeving|Meedoen", "annual_budget_eur": 4000.0},
        {"intervention": "Y", "dimensions": "Meedoen", "kernen": "B"},  # no budget: counts, EUR 0
    ])
    cover = M.coverage(interventions, population_frame({"B": 3000, "A": 1000}))
    assert len(cover) == 2 * 6 and cover.attrs == {"allocation": "population", "year": 2025}
    assert list(cover["kern"].cat.categories) == ["B", "A"]  # configuration order, not alphabetical
    cells = cover.set_index(["kern", "dimension"])
    assert cells.loc[("B", "Meedoen"), "interventions"] == 2
    assert cells.loc[("A", "Lichaamsfuncties"), ["interventions", "budget_eur"]].tolist() == [0, 0.0]
    assert list(M.coverage_matrix(cover).columns) == list(DIMS)
    assert list(M.coverage_matrix(cover).index) == ["B", "A"]


def test_coverage_refuses_a_kern_without_inhabitants():
    interventions = interventions_frame([{"intervention": "X", "dimensions": "Meedoen", "kernen": "Elders"}])
    with pytest.raises(ValueError, match="Elders"):
        M.coverage(interventions, population_frame({"A": 1000}))


def test_care_rate_per_1000_over_the_last_quarters():
    care = care_frame({"A": 50, "B": 120})
    care.loc[care["quarter"].astype(str) == "2025Q2", "clients"] = [70, 120]
    rate = M.care_rate(care, population_frame({"A": 1000, "B": 3000})).set_index("kern")
    # A: (50 + 50 + 50 + 70) / 4 = 55 clients a quarter / 1,000 x 1,000 = 55 per 1,000
    # B: 120 / 3,000 x 1,000 = 40 per 1,000
    assert rate.loc["A", RATE_COLUMN] == pytest.approx(55.0) and rate.loc["B", RATE_COLUMN] == pytest.approx(40.0)
    assert rate.attrs["window"] == "2024Q3-2025Q2"
    # two quarters up to 2025Q1: A (50 + 50) / 2 = 50 per 1,000
    short = M.care_rate(care, population_frame({"A": 1000, "B": 3000}), as_of="2025-03-31", quarters=2)
    assert short.set_index("kern").loc["A", RATE_COLUMN] == pytest.approx(50.0)
    assert short.attrs["window"] == "2024Q4-2025Q1"
