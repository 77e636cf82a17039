"""Welfare monitor: target status and reach (analyse.welzijn), on hand-made cases."""

from __future__ import annotations

import pandas as pd
import pytest

from analyse import welzijn as W


def _evaluations():
    q = pd.Period("2026Q3", freq="Q")
    return pd.DataFrame({
        "quarter": pd.PeriodIndex([q, q, q, q, q - 1], freq="Q"),
        "kern": pd.Categorical(["A", "A", "B", "B", "A"], categories=["A", "B"]),
        "partner": ["P", "P", "Q", "Q", "P"],
        "intervention": ["i1", "i2", "i3", "i4", "i1"],
        "indicator": ["deelnemers", "wachttijd", "deelnemers", "tevredenheid", "deelnemers"],
        "value": [12.0, 30.0, 8.0, 7.5, 99.0],
        "target": [10.0, 21.0, 8.0, None, 1.0],
        "direction": ["hoger", "lager", None, "hoger", "hoger"],
    })


def test_status_respects_direction_and_missing_target():
    status = W.indicator_status(_evaluations(), "2026Q3").set_index("intervention")
    # i1: 12 >= 10, higher is better -> on target (gap +2)
    assert status.at["i1", "status"] == W.ON_TARGET and status.at["i1", "gap"] == 2.0
    # i2: waiting time 30 > 21 with lower-is-better -> behind (gap +9)
    assert status.at["i2", "status"] == W.OFF_TARGET and status.at["i2", "gap"] == 9.0
    # i3: exactly on target (8 = 8) with empty direction counts as "hoger" -> on target (boundary)
    assert status.at["i3", "status"] == W.ON_TARGET
    assert status.at["i4", "status"] == W.NO_TARGET
    assert len(status) == 4  # the other quarter is left out


def test_status_summary_share_behind_among_indicators_with_target():
    summary = W.status_summary(W.indicator_status(_evaluations(), "2026Q3"), by="partner")
    # P: i1 on target, i2 behind -> 1 of 2 = 0.5; Q: i3 on target, i4 no target -> 0 of 1
    assert summary.loc["P", "aandeel_achter"] == 0.5
    assert summary.loc["Q", "aandeel_achter"] == 0.0


def test_reach_per_1000():
    population = pd.DataFrame({"year": [2026, 2026], "kern": pd.Categorical(["A", "B"]), "inhabitants": [4000, 800]})
    reach = W.reach_per_1000(_evaluations(), population, "2026Q3").set_index("kern")
    # A: 12 participants / 4,000 inhabitants x 1,000 = 3.0; B: 8 / 800 x 1,000 = 10.0
    assert reach.loc["A", "per_1000"] == pytest.approx(3.0)
    assert reach.loc["B", "per_1000"] == pytest.approx(10.0)


def test_status_is_decided_on_the_true_value_not_on_a_rounded_one():
    # Issue 11, item 3: 58 participants against a target of 60 is behind (gap -2), although
    # 58 is shown rounded as 60; 62 and 60 are on target; for days (lower is better) 14.3
    # against 14 is behind (gap +0.3), 14.0 on target (boundary).
    q = pd.Period("2026Q3", freq="Q")
    frame = pd.DataFrame({
        "quarter": pd.PeriodIndex([q] * 5, freq="Q"), "kern": ["A"] * 5, "partner": ["P"] * 5,
        "intervention": ["a", "b", "c", "d", "e"],
        "indicator": ["deelnemers", "deelnemers", "deelnemers", "wachttijd", "wachttijd"],
        "value": [58.0, 62.0, 60.0, 14.3, 14.0], "target": [60.0, 60.0, 60.0, 14.0, 14.0],
        "direction": ["hoger", "hoger", "hoger", "lager", "lager"],
    })
    status = W.indicator_status(frame, q).set_index("intervention")
    assert status["status"].tolist() == [W.OFF_TARGET, W.ON_TARGET, W.ON_TARGET, W.OFF_TARGET, W.ON_TARGET]
    assert status.at["a", "gap"] == -2.0 and status.at["d", "gap"] == pytest.approx(0.3)


def test_participants_per_quarter_adds_up_interventions():
    # A in 2026Q3: i1 12 (the waiting time of i2 is no participant count) -> 12;
    # B: i3 8 -> 8; A in 2026Q2: 99.
    table = W.participants_per_quarter(_evaluations()).set_index(["quarter", "kern"])
    assert table[W.PARTICIPANTS_COLUMN].to_dict() == {(pd.Period("2026Q2", "Q"), "A"): 99.0,
                                                      (pd.Period("2026Q3", "Q"), "A"): 12.0,
                                                      (pd.Period("2026Q3", "Q"), "B"): 8.0}


def test_meets_target_at_the_boundary_and_by_direction():
    # hoger: 10 vs 10 on target, 9 vs 10 not; lager: 10 vs 10 on target, 11 vs 10 not;
    # empty direction counts as hoger (9 vs 10 not); a missing target is never "on target".
    values = pd.Series([10.0, 9.0, 10.0, 11.0, 9.0, 5.0])
    target = pd.Series([10.0, 10.0, 10.0, 10.0, 10.0, None])
    direction = pd.Series(["hoger", "hoger", "lager", "lager", None, "hoger"])
    assert W.meets_target(values, target, direction).tolist() == [True, False, True, False, False, False]


def test_status_summary_has_a_column_for_every_publishing_status():
    # The publishing statuses count in neither "op koers" nor "achter", nor in the share:
    # P: 1 on target, 1 behind, 1 within rounding, 1 small count -> 1 of 2 = 0.5.
    status = pd.DataFrame({"partner": ["P"] * 4,
                           "status": [W.ON_TARGET, W.OFF_TARGET, W.WITHIN_ROUNDING_STATUS, W.SMALL_COUNT_STATUS]})
    summary = W.status_summary(status)
    assert list(summary.columns) == [*W.STATUSES, "aandeel_achter"]
    assert summary.loc["P"].tolist() == [1, 1, 1, 1, 0, 0.5]


def test_reach_counts_participations_so_one_person_in_two_activities_counts_twice():
    # Kern A: activity i1 has 12 participants and i5 has 5; a person in both counts twice: 17
    # participations, 17 / 4.000 x 1.000 = 4,25 per 1.000 inwoners (reports: "deelnames").
    q = pd.Period("2026Q3", freq="Q")
    extra = pd.DataFrame({"quarter": pd.PeriodIndex([q], freq="Q"),
                          "kern": pd.Categorical(["A"], categories=["A", "B"]),
                          "partner": ["P"], "intervention": ["i5"], "indicator": ["deelnemers"], "value": [5.0],
                          "target": [None], "direction": [None]})
    population = pd.DataFrame({"year": [2026, 2026], "kern": pd.Categorical(["A", "B"]), "inhabitants": [4000, 800]})
    reach = W.reach_per_1000(pd.concat([_evaluations(), extra], ignore_index=True), population, q).set_index("kern")
    assert reach.loc["A", "participants"] == 17.0
    assert reach.loc["A", "per_1000"] == pytest.approx(4.25)
