"""Positive Health per kern (analyse.methods.health); worked examples in tests/cases/prevention.yaml."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from prevention_frames import health_frame

from analyse import params
from analyse.methods import health as M


def test_defaults_come_from_the_parameter_file():
    minimum = params.value("white_spots", "min_respondents")
    ph = health_frame({("A", "Zingeving"): 7.0}, n=minimum - 1)
    profile = M.health_profile(ph)
    assert profile.attrs["min_respondents"] == minimum and bool(profile["small_sample"].iloc[0])
    assert bool(M.small_sample(minimum - 1)) and not bool(M.small_sample(minimum))


def test_profile_difference_against_the_weighted_mean():
    ph = health_frame({("A", "Zingeving"): 6.0, ("B", "Zingeving"): 8.0},
                      n={("A", "Zingeving"): 10, ("B", "Zingeving"): 30})
    profile = M.health_profile(ph).set_index("kern")
    # municipal mean (6.0 x 10 + 8.0 x 30) / 40 = 7.5; A is 6.0 - 7.5 = -1.5
    assert profile.loc["A", "municipal_mean"] == pytest.approx(7.5)
    assert profile.loc["A", "difference"] == pytest.approx(-1.5)
    with pytest.raises(ValueError, match="no survey round 4"):
        M.health_profile(ph, survey_round=4)


@pytest.mark.parametrize("minimum", [30, 50])
@pytest.mark.parametrize("offset, small", [(-1, True), (0, False), (1, False)])
def test_small_sample_boundary(minimum, offset, small):
    """n = min - 1 is a small sample; n = min and n = min + 1 are not."""
    n = minimum + offset
    assert bool(M.small_sample(n, minimum)) is small
    ph = health_frame({("A", "Zingeving"): 7.0}, n=n)
    assert bool(M.health_profile(ph, min_respondents=minimum)["small_sample"].iloc[0]) is small


def two_rounds() -> pd.DataFrame:
    """A: the worked example of the Welch case (sd 1.5, n 100 -> sd 1.6, n 120); B: no sd in round 1, n 40 -> 20."""
    first = health_frame({("A", "Zingeving"): 6.5, ("B", "Zingeving"): 7.0}, sd=None, survey_round=1, quarter="2023Q2",
                         n={("A", "Zingeving"): 100, ("B", "Zingeving"): 40})
    first.loc[first["kern"] == "A", "sd"] = 1.5
    second = health_frame({("A", "Zingeving"): 7.0, ("B", "Zingeving"): 7.2}, sd=1.6, survey_round=2, quarter="2025Q2",
                          n={("A", "Zingeving"): 120, ("B", "Zingeving"): 20})
    return pd.concat([first, second], ignore_index=True)


def test_round_change_interval_and_missing_sd():
    change = M.round_change(two_rounds()).set_index("kern")
    # A: the worked example of the Welch case in tests/cases/prevention.yaml, (0.0873, 0.9127).
    assert change.loc["A", "ci_low"] == pytest.approx(0.0873, abs=0.0005) and not change.loc["A", "small_sample"]
    # B: no sd in round 1, so no interval; 20 respondents is a small sample.
    assert np.isnan(change.loc["B", "ci_low"]) and change.loc["B", "difference"] == pytest.approx(0.2)
    assert change.loc["B", "small_sample"]
    assert change.attrs == {"from_round": 1, "to_round": 2, "confidence": 0.95,
                            "min_respondents": params.value("white_spots", "min_respondents")}
    assert "statement" not in change  # the sentence is presentation: analyse.publish.prevention_text


def test_round_change_needs_an_earlier_round():
    with pytest.raises(ValueError, match="no survey round before round 1"):
        M.round_change(health_frame({("A", "Zingeving"): 7.0}))
