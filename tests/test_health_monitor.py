"""Gezondheidsmonitor methods (analyse.methods.health_monitor)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyse.methods import health_monitor as HM

TABLE = pd.DataFrame({
    "indicator": ["health_good", "health_good", "carer", "carer"],
    "label": ["Ervaren gezondheid goed of zeer goed"] * 2 + ["Mantelzorger"] * 2,
    "edition": [2016, 2022, 2016, 2022],
    "value": [82.0, 75.7, 14.1, 16.7], "lower": [79.2, 72.3, 11.7, 14.1], "upper": [84.5, 78.8, 17.0, 19.7],
})


def test_change_clear_only_when_intervals_do_not_overlap():
    changes = HM.compare_editions(TABLE, 2016, 2022).set_index("indicator")
    # health_good: 2022 upper 78.8 < 2016 lower 79.2 -> clear; carer: 14.1-19.7 overlaps 11.7-17.0 -> not clear
    assert changes.loc["health_good", "clear"] and not changes.loc["carer", "clear"]
    assert changes.loc["health_good", "change"] == np.float64(75.7 - 82.0)


def test_touching_intervals_are_not_clear():
    table = TABLE.copy()
    table.loc[1, "upper"] = 79.2  # touches the 2016 lower bound
    assert not HM.compare_editions(table, 2016, 2022).set_index("indicator").loc["health_good", "clear"]


def test_versus_peers_inside_boundary():
    versus = HM.versus_peers(TABLE, {"health_good": 72.3, "carer": 20.0}, 2022).set_index("indicator")
    assert versus.loc["health_good", "inside"]  # median on the lower bound: not demonstrably different
    assert not versus.loc["carer", "inside"]


def test_monitor_table_order_and_missing_region():
    monitor = pd.DataFrame({"region_type": "gemeente", "region": "X", "edition": [2022, 2022, 2016],
                            "age_band": "all", "indicator": ["carer", "health_good", "health_good"],
                            "value": [1.0, 2.0, 3.0], "lower": 0.0, "upper": 5.0})
    table = HM.monitor_table(monitor, "X")
    assert list(zip(table["indicator"], table["edition"])) == [("health_good", 2016), ("health_good", 2022),
                                                               ("carer", 2022)]
    assert HM.monitor_table(monitor, "Y").empty


def test_positive_health_pairs():
    municipal = pd.DataFrame({"dimension": ["Lichaamsfuncties"], "mean_score": [7.2], "respondents": [300]})
    pairs = HM.positive_health_pairs(municipal, TABLE, 2022).set_index("dimension")
    assert pairs.loc["Lichaamsfuncties", "value"] == 75.7 and pairs.loc["Lichaamsfuncties", "mean_score"] == 7.2
    assert np.isnan(pairs.loc["Meedoen", "mean_score"])  # no Positive Health score: missing, not 0
    assert pairs.loc["Meedoen", "indicator"] == "carer"


NATIONAL = pd.DataFrame({  # 83674NED (2016) / 85563NED (2022), Nederland, ervaren gezondheid goed; mantelzorger
    "indicator": ["health_good", "health_good", "carer", "carer"],
    "label": ["Ervaren gezondheid goed of zeer goed"] * 2 + ["Mantelzorger"] * 2,
    "edition": [2016, 2022, 2016, 2022], "value": [75.6, 70.0, 14.9, 14.1],
    "lower": [75.4, 69.8, 14.7, 13.9], "upper": [75.8, 70.2, 15.1, 14.3]})


def test_local_changes_against_the_national_change():
    changes = HM.local_changes(TABLE, NATIONAL, 2016, 2022).set_index("indicator")
    # Dalfsen -6.3 vs NL -5.6: difference 0.7; margin = hypot((84.5-79.2)/2, (78.8-72.3)/2) = hypot(2.65, 3.25) = 4.19
    assert changes.loc["health_good", "clear"] and not changes.loc["health_good", "local"]
    assert changes.loc["health_good", "margin"] == pytest.approx(4.1935, abs=1e-4)
    assert changes.loc["health_good", "national_change"] == pytest.approx(-5.6)
    # a national change of +0 would make Dalfsen's -6.3 local (6.3 > 4.19)
    flat = NATIONAL.assign(value=[75.6, 75.6, 14.9, 14.1])
    assert HM.local_changes(TABLE, flat, 2016, 2022).set_index("indicator").loc["health_good", "local"]


def test_interval_position_dalfsen_health_2022():
    # 85563NED 2022: Dalfsen 75.7 (72.3-78.8). Toy peers around the real median 72.0: the lower bound falls among them.
    peers = [f"p{i}" for i in range(10)]
    values = pd.Series([68.0, 69.0, 70.0, 71.0, 71.5, 72.5, 73.0, 74.0, 75.0, 76.0, 75.7], index=peers + ["Dalfsen"])
    ip = HM.interval_position(values, "Dalfsen", peers, 72.3, 78.8)
    # point: 9 lower -> p90; lower bound 72.3: 5 lower -> p50; upper 78.8: p100. Median 72.0 outside the interval.
    assert (ip.point.percentile, ip.at_lower.percentile, ip.at_upper.percentile) == (90.0, 50.0, 100.0)
    assert not ip.median_inside and ip.uncertain
    assert ip.point.value == 75.7  # the input series is not changed
    inside = HM.interval_position(values, "Dalfsen", peers, 71.9, 78.8)
    assert inside.median_inside and inside.uncertain
    narrow = HM.interval_position(values, "Dalfsen", peers, 75.1, 75.9)  # p90 over the whole interval
    assert not narrow.uncertain
