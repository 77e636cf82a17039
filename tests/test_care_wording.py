"""Wording around the CBS care series (analyse.publish.care_wording), on the shipped CBS extracts."""

from __future__ import annotations

import pandas as pd
from cbs_frames import shipped

from analyse.methods import care_series as C
from analyse.methods import peers as PR
from analyse.publish import care_wording as W


def test_vintage_sentence_names_the_extract_month_and_last_periods():
    # params/care_use.yaml cbs_extract_date 2025-04-23 (mirror commit date) -> "april 2025"
    text = W.vintage_sentence({"Wmo": "2024H1", "jeugdzorg": 2023, "Gezondheidsmonitor": None})
    assert text.startswith("Cijfers uit de CBS-extracten van april 2025 (Wmo tot en met het eerste halfjaar van "
                           "2024, jeugdzorg tot en met 2023); nieuwere CBS-cijfers kunnen inmiddels")
    assert W.extract_month("2024-12-01") == "december 2024"
    assert "achter" not in text


def test_no_figures_sentence_only_when_all_figures_are_missing():
    # 86050NED: Heumen has no Wmo figure in any half-year 2017H1-2024H1 of the extract
    half = shipped("cbs_wmo_halfyear")
    heumen = C.municipality_series(half, "Heumen")
    periods = list(C.municipality_series(half, "Nederland", region_type="Nederland").index)
    text = W.no_figures_sentence(heumen, "Heumen", "Wmo-cliënten", "86050NED", periods)
    assert text is not None and text.startswith("Het CBS heeft voor Heumen geen cijfers over Wmo-cliënten")
    assert "2017 tot en met het eerste halfjaar van 2024" in text
    assert W.no_figures_sentence(C.municipality_series(half, "Dalfsen"), "Dalfsen", "x", "86050NED", periods) is None


def test_gap_note_names_the_2021_national_gap_in_the_extract():
    # 86050NED as mirrored: Nederland year 2021 empty (2020 70, 2022 71)
    national = C.municipality_series(shipped("cbs_wmo_year"), "Nederland", region_type="Nederland")
    assert pd.isna(national[2021]) and national[2020] == 70
    note = W.gap_note({"Nederland als geheel": national}, "86050NED")
    assert note.startswith("Nederland als geheel: 2021 ontbreekt in de gebruikte CBS-extractie van tabel 86050NED.")
    assert W.gap_note({"x": pd.Series([1.0, 2.0], index=[2020, 2021])}, "T").startswith("Een gat")
    # a series missing at its start is not a gap inside it
    assert W.gap_note({"x": pd.Series([None, 2.0], index=[2020, 2021])}, "T").startswith("Een gat")


def test_youth_before_after_on_85099NED():
    # 85099NED Dalfsen: 2021 8.7% (685 young people), 2023 9.8% (770): +1.1 point, 770/685 - 1 = +12%;
    # Nederland 10.6% -> 11.0%; peer median (same size and urbanity, classes 2023) 10.1% -> 10.35%
    year = shipped("cbs_youth_care_year")
    classes = shipped("gemeenteklassen")
    pct = C.municipality_series(year, "Dalfsen", "pct_young_people", care_form="totaal")
    count = C.municipality_series(year, "Dalfsen", "young_people", care_form="totaal")
    peers = PR.peer_groups(classes, "Dalfsen", 2023)["grootte_stedelijkheid"]
    median = C.peer_panel(year, peers, classes, "pct_young_people", periods=list(pct.index), care_form="totaal")
    nat = C.municipality_series(year, "Nederland", "pct_young_people", region_type="Nederland", care_form="totaal")
    tables = pd.Series({2020: "84134NED", 2021: "85099NED", 2023: "85099NED"})
    text = W.youth_before_after_sentence(pct, count, median["median"], nat, "Dalfsen", 2021, tables)
    assert ("jaarcijfer 2021 tegenover 2023: Dalfsen 8,7% en 9,8% (+1,1 procentpunt; 685 en 770 jongeren, +12%); "
            "mediaan van vergelijkbare gemeenten 10,1% en 10,35%; Nederland als geheel 10,6% en 11,0%") in text
    assert "Beide jaren uit CBS-tabel 85099NED" in text
    across = W.youth_before_after_sentence(pct, count, median["median"], nat, "Dalfsen", 2020, tables)
    assert "overgang tussen de tabellen" in across


def test_gap_trend_names_the_end_of_the_catch_up():
    # 86050NED half-years, Dalfsen minus the median of its 52 balanced peers: -14.5 (2017H1) -> -5.5 (2020H2),
    # straight line +2.7 per 1,000 a year before 2021H1 and -2.2 a year from it: the pre-start rise was steeper
    half = shipped("cbs_wmo_halfyear")
    classes = shipped("gemeenteklassen")
    own = C.municipality_series(half, "Dalfsen")
    peers = PR.peer_groups(classes, "Dalfsen", 2023)["grootte_stedelijkheid"]
    gap = own - C.peer_panel(half, peers, classes, periods=list(own.index))["median"]
    first, second = W.gap_trend_sentences(gap, "2021H1", "Dalfsen")
    assert "van -14,5 (het eerste halfjaar van 2017) naar -5,5 per 1.000" in first
    assert "gemiddeld +2,7 per 1.000 per jaar; vanaf de start gemiddeld -2,2" in first
    assert "einde van de inhaalgroei" in second and "95%" not in first + second
    # boundary: a steady fall on both sides is not called a catch-up
    steady = pd.Series([-float(i) for i in range(10)], index=[f"{y}H{h}" for y in range(2017, 2022) for h in (1, 2)])
    assert "inhaalgroei" not in " ".join(W.gap_trend_sentences(steady, "2019H1", "X"))
    assert W.gap_trend_sentences(steady.iloc[:3], "2019H1", "X")[0].startswith("Te weinig halfjaren")


def test_period_years():
    assert list(W.period_years(pd.Index(["2017H1", "2017H2", 2018]))) == [2017.0, 2017.5, 2018.0]
