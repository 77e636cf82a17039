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


def test_pooled_rest_of_the_municipality():
    # Two groups of 10 with means 6 and 8, sd 1: n = 20, mean (60 + 80) / 20 = 7;
    # sum of squares = 9 x 1 + 9 x 1 (within) + 10 x 1^2 + 10 x 1^2 (between) = 38;
    # sd = sqrt(38 / 19) = sqrt(2) = 1.41421 (the sample sd of the combined 20 answers).
    mean, sd, n = M.pooled([6.0, 8.0], [1.0, 1.0], [10, 10])
    assert (mean, n) == (7.0, 20.0) and sd == pytest.approx(2 ** 0.5)
    assert np.isnan(M.pooled([6.0, 8.0], [1.0, np.nan], [10, 10])[1])  # one sd unknown: the rest's sd unknown
    assert np.isnan(M.pooled([], [], [])[0])


def test_kern_against_the_rest_hand_worked_welch_interval():
    """Welch's interval for the difference of two means with unequal variances (Welch 1947;
    NIST/SEMATECH e-Handbook 7.3.1): diff +- t(0.975, df) x se, se = sqrt(s1^2/n1 + s2^2/n2),
    df = se^4 / ((s1^2/n1)^2/(n1-1) + (s2^2/n2)^2/(n2-1))."""
    ph = health_frame({("A", "Zingeving"): 6.0, ("B", "Zingeving"): 7.0, ("C", "Zingeving"): 7.0}, n=50, sd=1.0)
    out = M.compare_with_rest(ph, confidence=0.95, min_respondents=30).set_index("kern")
    # Rest of A = B + C: n 100, mean 7.0, sd^2 = (49 x 1 + 49 x 1 + 0) / 99 = 0.989899 (sd 0.994937).
    # v_rest = 0.989899 / 100 = 0.00989899; v_A = 1 / 50 = 0.02; se = sqrt(0.02989899) = 0.172913
    # df = 0.02989899^2 / (0.00989899^2 / 99 + 0.02^2 / 49) = 0.00089395 / 0.00000915306 = 97.67
    # t(0.975; 97.67) = 1.9846 (tables: 1.9840 at df 100, 1.9847 at df 97); half-width 1.9846 x 0.172913 = 0.3432
    # difference 6.0 - 7.0 = -1.0 -> interval (-1.3432, -0.6568): wholly below 0.
    a = out.loc["A"]
    assert (a["rest_mean"], a["rest_respondents"]) == (7.0, 100.0)
    assert a["rest_sd"] == pytest.approx(0.994937, abs=1e-6) and a["df"] == pytest.approx(97.67, abs=0.01)
    assert a["difference"] == pytest.approx(-1.0)
    assert (a["diff_low"], a["diff_high"]) == (pytest.approx(-1.3432, abs=5e-4), pytest.approx(-0.6568, abs=5e-4))
    # Rest of B = A + C: mean 6.5, sd^2 = (49 + 49 + 50 x 0.25 + 50 x 0.25) / 99 = 123 / 99 -> B is 0.5 above it.
    assert out.loc["B", "rest_mean"] == 6.5 and out.loc["B", "rest_sd"] == pytest.approx((123 / 99) ** 0.5)
    assert out.loc["B", "difference"] == pytest.approx(0.5) and out.attrs["confidence"] == 0.95


def test_latest_round_up_to_a_period():
    ph = pd.concat([health_frame({("A", "Zingeving"): 7.0}, survey_round=1, quarter="2023Q2"),
                    health_frame({("A", "Zingeving"): 7.0}, survey_round=2, quarter="2025Q2")], ignore_index=True)
    assert M.latest_round(ph) == 2
    assert M.latest_round(ph, "2025Q2") == 2 and M.latest_round(ph, "2025Q1") == 1  # boundary: the round's own quarter
    assert M.latest_round(ph, "2024-12-31") == 1
    with pytest.raises(ValueError, match="no survey round in or before 2023Q1"):
        M.latest_round(ph, "2023Q1")
