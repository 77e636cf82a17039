"""White spots (analyse.methods.whitespots) on the hand-made village of tests/prevention_frames.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from prevention_frames import village

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
    # - score gap: municipal Zingeving mean (7 + 7 + 5) / 3 = 6.333, C is 1.333 below: uniquely worst -> 1
    # - care: C 100 / 1,000 x 1,000 = 100 per 1,000 against 200 / 3,000 x 1,000 = 66.7: ratio 1.5; all six
    #   C cells share ranks 13-18, mean 15.5 -> (15.5 - 1) / (18 - 1) = 0.8529
    # - interventions: 0, the only cell without one -> 1;  budget: EUR 0 per inhabitant -> 1
    # score = 0.30 x 1 + 0.20 x 0.8529 + 0.25 x 1 + 0.25 x 1 = 0.9706
    # need = (0.30 x 1 + 0.20 x 0.8529) / 0.50 = 0.9412;  supply = 1 - 1 = 0
    assert top["score"] == pytest.approx(0.9706, abs=1e-4)
    assert top["need"] == pytest.approx(0.9412, abs=1e-4) and top["supply"] == pytest.approx(0.0)
    assert top["care_ratio"] == pytest.approx(1.5) and top["score_below"] == pytest.approx(4 / 3)
    assert top["care_per_1000"] == pytest.approx(100.0) and top["municipal_care_per_1000"] == pytest.approx(200 / 3)
    assert spots["flagged"].sum() == 1
    assert list(spots.columns) == M.COLUMNS and "why" not in spots  # the sentence: analyse.publish.prevention_text
    assert spots.attrs["as_of"] == "2025-06-30" and spots.attrs["care_window"] == "2024Q3-2025Q2"


def test_a_dimension_served_everywhere_is_never_a_white_spot():
    for allocation in C.ALLOCATIONS:
        spots = M.white_spots(**village(), params={"allocation": allocation})
        served = spots[spots["dimension"] != "Zingeving"]
        assert not served["flagged"].any()
        # C x Meedoen has high need (score 6.0 against 6.67, care 1.5x) but is served.
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
