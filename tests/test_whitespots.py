"""White spots (analyse.methods.whitespots) on the hand-made village of tests/prevention_frames.py."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from prevention_frames import care_frame, health_frame, interventions_frame, population_frame, village

from analyse import params
from analyse.errors import ParameterError
from analyse.methods import coverage as C
from analyse.methods import whitespots as M


def test_params_have_documented_defaults_and_accept_overrides():
    p = M.white_spot_params()
    assert p["min_respondents"] == params.value("white_spots", "min_respondents")
    assert p["allocation"] == "population" and p["max_interventions"] == 0
    assert sum(p["weights"].values()) == pytest.approx(1.0)
    assert M.white_spot_params(min_respondents=50)["min_respondents"] == 50
    assert p["confidence"] == params.value("white_spots", "confidence")
    assert p["tolerance"] == params.value("white_spots", "tolerance") > 0
    with pytest.raises(ValueError, match="tolerance"):
        M.white_spot_params(tolerance=-0.1)
    assert M.white_spot_params(min_respondents=None)["min_respondents"] == p["min_respondents"]  # None: the default
    with pytest.raises(ParameterError, match="unknown parameter"):
        M.white_spot_params(minimum=50)
    with pytest.raises(ValueError, match="allocation"):
        M.white_spot_params(allocation="by_need")
    with pytest.raises(ValueError, match="weights"):
        M.white_spot_params(weights={"score_gap": 1.0})


def test_params_are_not_shared_between_calls():
    M.white_spot_params()["weights"]["budget"] = 99
    assert M.white_spot_params()["weights"]["budget"] == 0.25


def test_high_need_without_interventions_is_the_first_white_spot():
    spots = M.white_spots(**village())
    top = spots.iloc[0]
    assert (top["kern"], top["dimension"], top["rank"], bool(top["flagged"])) == ("C", "Zingeving", 1, True)
    # Worked example, 18 cells (3 kernen x 6 dimensions), default weights 0.30/0.20/0.25/0.25:
    # - score gap: the rest of the municipality for C (A and B, 200 respondents) scores 7.0 on
    #   Zingeving, C 5.0: 2.0 below, uniquely worst -> 1 (and significant: the 95% interval of
    #   C - rest is about -2.0 +- 0.36, see test_a_gap_counts_only_when_its_interval_excludes_zero)
    # - care: C 100 / 1,000 x 1,000 = 100 per 1,000 against 200 / 3,000 x 1,000 = 66.7: ratio 1.5; all six
    #   C cells share ranks 13-18, mean 15.5 -> (15.5 - 1) / (18 - 1) = 0.8529
    # - interventions: 0, the only cell without one -> 1;  budget: EUR 0 per inhabitant -> 1
    # score = 0.30 x 1 + 0.20 x 0.8529 + 0.25 x 1 + 0.25 x 1 = 0.9706
    # need = (0.30 x 1 + 0.20 x 0.8529) / 0.50 = 0.9412;  supply = 1 - 1 = 0
    assert top["score"] == pytest.approx(0.9706, abs=1e-4)
    assert top["need"] == pytest.approx(0.9412, abs=1e-4) and top["supply"] == pytest.approx(0.0)
    assert top["care_ratio"] == pytest.approx(1.5) and top["score_below"] == pytest.approx(2.0)
    assert top["care_per_1000"] == pytest.approx(100.0) and top["municipal_care_per_1000"] == pytest.approx(200 / 3)
    assert spots["flagged"].sum() == 1
    assert list(spots.columns) == M.COLUMNS and "why" not in spots  # the sentence: analyse.publish.prevention_text
    assert spots.attrs["as_of"] == "2025-06-30" and spots.attrs["care_window"] == "2024Q3-2025Q2"


def test_a_dimension_served_everywhere_is_never_a_white_spot():
    for allocation in C.ALLOCATIONS:
        spots = M.white_spots(**village(), params={"allocation": allocation})
        served = spots[spots["dimension"] != "Zingeving"]
        assert not served["flagged"].any()
        # C x Meedoen has high need (score 6.0 against the rest's 7.0, care 1.5x) but is served.
        meedoen_c = spots[(spots["kern"] == "C") & (spots["dimension"] == "Meedoen")].iloc[0]
        assert bool(meedoen_c["low_score"]) and bool(meedoen_c["high_care"]) and not meedoen_c["flagged"]


def test_white_spot_thresholds_are_parameters():
    # A budget ratio threshold above 1.5 makes A and B's Zingeving (ratio 1.5) "low budget",
    # but they have no need signal (score above the mean, care 0.75x): still not flagged.
    spots = M.white_spots(**village(), params={"budget_ratio_max": 2.0})
    assert spots.loc[spots["kern"].isin(["A", "B"]), "flagged"].sum() == 0
    # With care weighing nothing the top cell scores 0.30 + 0.25 + 0.25 over 0.80 = 1.
    spots = M.white_spots(**village(), params={"weights": {"score_gap": 0.3, "care_rate": 0.0,
                                                           "interventions": 0.25, "budget": 0.25}})
    assert spots.iloc[0]["score"] == pytest.approx(1.0)
    # Counting one intervention as "few" flags every C cell (all have need; each has 1 or 0 interventions).
    spots = M.white_spots(**village(), params={"max_interventions": 1})
    assert set(spots.loc[spots["flagged"], "kern"]) == {"C"} and spots["flagged"].sum() == 6


def test_the_minimum_of_respondents_is_written_in_one_place():
    """params/white_spots.yaml holds it; code, notebooks and sentences read it from there."""
    minimum = params.value("white_spots", "min_respondents")
    root = Path(__file__).resolve().parents[1]
    copy = re.compile(rf"min_respondents\W{{0,3}}\s*[=:]\s*{minimum}\b|minder dan {minimum} respondenten")
    texts = {p: p.read_text(encoding="utf-8") for p in [*(root / "src" / "analyse").rglob("*.py"),
                                                         *(root / "notebooks").glob("*.ipynb")]}
    assert not [str(p) for p, text in texts.items() if copy.search(text)]


def one_dimension(scores: dict[str, float], n: dict[str, int], sd: float | None, care: dict[str, int] | None = None):
    """Kernen of 1,000 inhabitants scored on Zingeving only; one intervention serves them all on
    Meedoen, none on Zingeving, so every Zingeving cell has the supply signal (0 interventions)."""
    kernen = list(scores)
    return {"interventions": interventions_frame([{"intervention": "Breed", "dimensions": "Meedoen",
                                                   "annual_budget_eur": 1000.0}]),
            "population": population_frame({k: 1000 for k in kernen}),
            "positive_health": health_frame({(k, "Zingeving"): v for k, v in scores.items()},
                                            n={(k, "Zingeving"): n[k] for k in kernen}, sd=sd),
            "care_use": care_frame(care or {k: 50 for k in kernen})}


def zingeving(spots):
    return spots[spots["dimension"] == "Zingeving"].set_index("kern")


@pytest.mark.parametrize("sd", [1.0, 0.0])
def test_equal_scores_never_flag(sd):
    # Every kern scores 7.1. With 30, 30 and 31 respondents the rest of A (B and C: 61) comes out
    # as (30 x 7.1 + 31 x 7.1) / 61 = 7.1000000000000005 in floating point, 5e-16 above A. With
    # sd 0 the interval has no width, so without a tolerance A would be "below the rest".
    frames = one_dimension({"A": 7.1, "B": 7.1, "C": 7.1}, {"A": 30, "B": 30, "C": 31}, sd)
    spots = zingeving(M.white_spots(**frames, params={"min_respondents": 30}))
    assert spots.loc["A", "rest_mean"] > 7.1  # the floating-point noise is really there
    assert spots["enough_data"].all() and not spots["low_score"].any() and not spots["flagged"].any()
    if sd == 0.0:  # the tolerance is what keeps A out
        no_tolerance = zingeving(M.white_spots(**frames, params={"min_respondents": 30, "tolerance": 0.0}))
        assert bool(no_tolerance.loc["A", "low_score"])


def test_a_gap_counts_only_when_its_interval_excludes_zero():
    # C 6.9 against the rest's 7.0 (A and B, 100 each, sd 1.5): se = sqrt(2.2387 / 200 + 2.25 / 100)
    # = sqrt(0.033694) = 0.1836 (rest sd^2 = 99 x 2.25 x 2 / 199 = 2.2387); half-width 1.972 x 0.1836 = 0.362:
    # -0.1 +- 0.362 contains 0 -> no need signal. C 6.0: -1.0 +- 0.362 = (-1.362, -0.638) -> need.
    for score, low in ((6.9, False), (6.0, True)):
        frames = one_dimension({"A": 7.0, "B": 7.0, "C": score}, {"A": 100, "B": 100, "C": 100}, 1.5)
        c = zingeving(M.white_spots(**frames)).loc["C"]
        assert c["diff_high"] == pytest.approx(score - 7.0 + 0.362, abs=0.002)
        assert bool(c["low_score"]) is low and bool(c["flagged"]) is low


@pytest.mark.parametrize("n, enough", [(29, False), (30, True), (31, True)])
def test_minimum_of_respondents_boundary(n, enough):
    # C scores 5.0 against the rest's 7.0: a gap far beyond chance at any of these sizes, with no
    # Zingeving intervention. Below the minimum (30) it is "onvoldoende gegevens", never a white spot.
    frames = one_dimension({"A": 7.0, "B": 7.0, "C": 5.0}, {"A": 100, "B": 100, "C": n}, 1.5)
    c = zingeving(M.white_spots(**frames, params={"min_respondents": 30})).loc["C"]
    assert bool(c["enough_data"]) is enough and bool(c["flagged"]) is enough
    assert c["diff_high"] < -1.0  # the interval itself would count: only the minimum decides


def test_high_care_alone_does_not_flag_a_cell_without_enough_data():
    frames = one_dimension({"A": 7.0, "B": 7.0, "C": 7.0}, {"A": 100, "B": 100, "C": 10}, 1.5,
                           care={"A": 50, "B": 50, "C": 200})
    c = zingeving(M.white_spots(**frames)).loc["C"]
    assert bool(c["high_care"]) and not c["enough_data"] and not c["flagged"]


def test_missing_sd_is_not_enough_data():
    frames = one_dimension({"A": 7.0, "B": 7.0, "C": 5.0}, {"A": 100, "B": 100, "C": 100}, None)
    spots = zingeving(M.white_spots(**frames))
    assert not spots["enough_data"].any() and not spots["flagged"].any() and spots["score_below"].isna().all()


def test_care_use_against_the_rest_has_a_poisson_interval():
    care = pd.DataFrame({"kern": ["A", "B", "C"], "clients": [50.0, 50.0, 100.0], "inhabitants": [1000, 1000, 1000]})
    c = M.care_against_rest(care, 0.95).set_index("kern").loc["C"]
    # Rest of C: (50 + 50) / 2,000 x 1,000 = 50 per 1,000; C 100. se = 1,000 x sqrt(100 / 1,000² + 100 / 2,000²)
    # = 1,000 x sqrt(0.000125) = 11.180; z(97.5%) = 1.95996: 50 +- 21.913 = (28.087, 71.913).
    assert c["rest_care_per_1000"] == pytest.approx(50.0)
    assert [c["care_diff_low"], c["care_diff_high"]] == pytest.approx([28.087, 71.913], abs=1e-3)
    # Against 1.5 x the rest: 100 - 75 = 25; se = 1,000 x sqrt(0.0001 + 2.25 x 0.000025) = 12.5; 25 +- 24.4996.
    c = M.care_against_rest(care, 0.95, ratio=1.5).set_index("kern").loc["C"]
    assert [c["care_diff_low"], c["care_diff_high"]] == pytest.approx([0.5004, 49.4996], abs=1e-3)
    # A single kern has no rest: no interval, never "high".
    alone = M.care_against_rest(care.iloc[:1], 0.95)
    assert alone[["rest_care_per_1000", "care_diff_low"]].isna().all(axis=None)


@pytest.mark.parametrize("care_c, high", [(50, False), (68, False), (70, False), (71, True)])
def test_care_use_counts_only_above_the_rest_by_more_than_chance(care_c, high):
    # A and B 50 clients each, C c, all 1,000 inhabitants: rest 50 per 1,000, difference c - 50,
    # se = 1,000 x sqrt(c / 1,000² + 100 / 2,000²) = sqrt(c + 25), lower bound c - 50 - 1.95996 x sqrt(c + 25):
    # c = 68: 18 - 18.901 = -0.90 (contains 0); c = 70: 20 - 19.103 = 0.90, above 0 but within the tolerance
    # of 1 per 1,000 (boundary); c = 71: 21 - 19.204 = 1.80 > 1 -> high. (Before issue 11, the fixed rule
    # "1 per 1,000 above the municipal rate" called c = 52 high.)
    frames = one_dimension({"A": 7.0, "B": 7.0, "C": 7.0}, {"A": 100, "B": 100, "C": 100}, 1.5,
                           care={"A": 50, "B": 50, "C": care_c})
    c = zingeving(M.white_spots(**frames)).loc["C"]
    assert bool(c["high_care"]) is high
    if care_c == 70:
        assert c["care_diff_low"] == pytest.approx(0.8966, abs=1e-3)
        assert bool(zingeving(M.white_spots(**frames, params={"care_tolerance": 0.0})).loc["C", "high_care"])
