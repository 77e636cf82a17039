"""Real care-use series (analyse.methods.care_series): periods, peers, interrupted time series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analyse.errors import SeriesError
from analyse.methods import care_series as C

CLASSES = pd.DataFrame({"municipality": ["Beek", "Aa", "Bb", "Cc"], "cbs_name": ["Beek (L.)", "Aa", "Bb", "Cc"],
                        "year": [2023, 2023, 2023, 2024]})


def _frame(values: dict[str, list[float | None]], periods: list[str], kind: str = "halfyear") -> pd.DataFrame:
    rows = [{"region_type": "gemeente", "region": region, "municipality": region, kind: p, "clients_per_1000": v}
            for region, series in values.items() for p, v in zip(periods, series, strict=True)]
    return pd.DataFrame(rows)


def test_halfyear_its_worked_example():
    # y = 10 + 1 t before 2021H1 (t = half-years since 2017H1); from 2021H1 a drop of 3 and the
    # slope falls by 0.5 per half-year, i.e. by 1.0 per year (2 half-years x 0.5).
    labels = [f"{y}H{h}" for y in range(2017, 2025) for h in (1, 2)][:15]
    t = np.arange(15.0)
    after = t >= 8
    y = 10 + t - 3 * after - 0.5 * (t - 8) * after
    result = C.period_its(pd.Series(y, index=labels, name="toy"), "2021H1")
    assert result.kind == "halfyear" and (result.n_before, result.n_after) == (8, 7)
    assert result.estimates.loc["level_change", "estimate"] == pytest.approx(-3.0, abs=1e-8)
    assert result.estimates.loc["slope_change", "estimate"] == pytest.approx(-1.0, abs=1e-8)
    # counterfactual in 2024H1 (t = 14): 10 + 14 = 24; observed 10 + 14 - 3 - 3 = 18
    assert result.effect_last()["counterfactual"] == pytest.approx(24.0)
    assert result.effect_last()["gap"] == pytest.approx(-6.0)


def test_year_its_reports_slope_per_year():
    years = list(range(2012, 2024))
    t = np.arange(12.0)
    rng = np.random.default_rng(1)
    y = 50 + 2 * t + 4 * (t >= 6) + rng.normal(0, 0.5, 12)
    result = C.period_its(pd.Series(y, index=years), 2018)
    assert result.kind == "year"
    assert result.estimates.loc["level_change", "ci_low"] < 4 < result.estimates.loc["level_change", "ci_high"]


@pytest.mark.parametrize("n_after, conclusive", [(7, False), (8, True)])
def test_conclusive_from_eight_points_after(n_after, conclusive):
    # params/care_use.yaml: at least 8 points before and 8 from the break
    assert (C.MIN_POINTS_BEFORE, C.MIN_POINTS_AFTER) == (8, 8)
    labels = [f"{y}H{h}" for y in range(2013, 2030) for h in (1, 2)][: 8 + n_after]
    y = pd.Series(np.sin(np.arange(8 + n_after)) + np.arange(8 + n_after), index=labels)
    assert C.period_its(y, "2017H1").conclusive is conclusive


def test_its_refuses_missing_gaps_mixed_and_short():
    labels = ["2019H1", "2019H2", "2020H1", "2020H2", "2021H1", "2021H2", "2022H1"]
    with pytest.raises(SeriesError, match="missing value at 2020H1"):
        C.period_its(pd.Series([1, 2, None, 4, 5, 6, 7], index=labels, dtype=float), "2020H2")
    with pytest.raises(SeriesError, match="gap"):
        C.period_its(pd.Series(range(6), index=labels[:3] + labels[4:], dtype=float), "2021H1")
    with pytest.raises(SeriesError, match="not mixed"):
        C.period_its(pd.Series(range(4), index=["2019H1", "2019H2", "2020", "2021"], dtype=float), "2020H1")
    with pytest.raises(SeriesError, match="too short"):
        C.period_its(pd.Series(range(7), index=labels, dtype=float), "2021H2")  # 5 before, 2 after


def test_series_keeps_missing_and_orders_half_years():
    frame = _frame({"Aa": [2.0, None, 1.0]}, ["2018H1", "2017H2", "2017H1"])
    series = C.municipality_series(frame, "Aa")
    assert list(series.index) == ["2017H1", "2017H2", "2018H1"]
    assert np.isnan(series["2017H2"])  # missing stays missing, never 0


def test_peer_panel_is_balanced():
    periods = ["2020H1", "2020H2"]
    frame = _frame({"Aa": [10, 20], "Bb": [30, 40], "Cc": [50, None], "Beek (L.)": [70, 80]}, periods)
    panel = C.peer_panel(frame, ["Aa", "Bb", "Cc", "Beek"], CLASSES)
    # Cc has a gap and is left out; medians over Aa, Bb, Beek: 2020H1 (10, 30, 70) -> 30; 2020H2 (20, 40, 80) -> 40
    assert list(panel["median"]) == [30, 40]
    assert (panel["n"] == 3).all() and (panel["n_dropped"] == 1).all()


def test_values_in_uses_the_peer_group_names():
    frame = _frame({"Beek (L.)": [5.0], "Gone": [7.0]}, ["2023"], kind="year")
    values = C.values_in(frame, 2023, CLASSES)
    assert values.to_dict() == {"Beek": 5.0}  # "Gone" (merged away) has no classes
    assert C.cbs_name(CLASSES, "Beek") == "Beek (L.)" and C.cbs_name(CLASSES, "Nowhere") == "Nowhere"


def test_up_to_the_report_quarter():
    half = _frame({"Aa": [1, 2, 3]}, ["2023H1", "2023H2", "2024H1"])
    assert list(C.up_to(half, "2024Q1")["halfyear"]) == ["2023H1", "2023H2"]  # 2024H1 ends in Q2
    assert list(C.up_to(half, "2024Q2")["halfyear"]) == ["2023H1", "2023H2", "2024H1"]
    years = _frame({"Aa": [1, 2]}, ["2022", "2023"], kind="year")
    assert list(C.up_to(years, "2023Q3")["year"]) == ["2022"]


def test_classes_year_nearest_and_latest_period():
    assert C.classes_year(CLASSES, "Cc", 2022) == 2024
    assert C.classes_year(CLASSES, "Aa", 2025) == 2023
    assert C.classes_year(CLASSES, "Nowhere", 2023) is None
    frame = _frame({"Aa": [1.0, 2.0, None]}, ["2021", "2022", "2023"], kind="year")
    assert C.latest_period(frame, "Aa") == "2022"


# CBS 86050NED, Dalfsen, Wmo clients per half-year (rate per 1,000 and count, counts rounded to 5)
DALFSEN_RATE = pd.Series([55.0, 55.0, 54.0, 53.0, 52.0, 51.0, 50.0, 50.0, 50.0],
                         index=[f"{y}H{h}" for y in range(2020, 2025) for h in (1, 2)][:9])
DALFSEN_CLIENTS = pd.Series([1570.0, 1580, 1555, 1545, 1530, 1490, 1485, 1490, 1490], index=DALFSEN_RATE.index)


def test_before_after_compares_the_same_half_year():
    median = pd.Series(60.0, index=DALFSEN_RATE.index)
    frame = C.before_after(DALFSEN_RATE, DALFSEN_CLIENTS, median, "2021H1").set_index("role")
    # latest 2024H1 -> before is the last H1 before 2021H1: 2020H1 (not 2020H2)
    assert list(frame["period"]) == ["2020H1", "2021H1", "2024H1"]
    assert frame.loc["latest", "clients"] == 1490 and frame.loc["before", "gap"] == 55 - 60
    # latest an H2: the before half-year is 2020H2
    h2 = C.before_after(DALFSEN_RATE.iloc[:-1], DALFSEN_CLIENTS, median, "2021H1")
    assert list(h2["period"]) == ["2020H2", "2021H1", "2023H2"]
    assert C.before_after(pd.Series(dtype=float), DALFSEN_CLIENTS, median, "2021H1").empty


def test_stable_since_within_one_percent_of_the_latest():
    # 1% of 1,490 = 14.9: 1,490/1,485/1,490 and 2022H2 1,490 within; 2022H1 1,530 (+40) not
    assert C.stable_since(DALFSEN_CLIENTS, 1.0) == "2022H2"
    # 3% = 44.7: 2022H1 (+40) within, 2021H2 (+55) not
    assert C.stable_since(DALFSEN_CLIENTS, 3.0) == "2022H1"
    assert C.stable_since(pd.Series([100.0, 120.0]), 1.0) is None
    assert C.stable_since(pd.Series([100.0]), 1.0) is None
