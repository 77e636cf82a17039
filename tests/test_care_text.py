"""Dutch sentences of the real care-use and health figures (analyse.publish.care_text)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyse.methods import care_series as C
from analyse.methods import health_monitor as HM
from analyse.publish import care_text as CT

POSITIONS = pd.DataFrame({"value": [9.8], "n_peers": [71], "n_lower": [25], "n_equal": [1], "n_higher": [45],
                          "percentile": [35.9], "median": [10.4],
                          "words": ["lager dan 6 van de 10 vergelijkbare gemeenten"]},
                         index=["grootte_stedelijkheid"])


def _its(n_after: int) -> C.PeriodITS:
    labels = [f"{y}H{h}" for y in range(2013, 2030) for h in (1, 2)][: 8 + n_after]
    y = pd.Series(np.cos(np.arange(8 + n_after)) + 0.5 * np.arange(8 + n_after), index=labels, name="toy")
    return C.period_its(y, "2017H1")


def test_period_words():
    assert CT.period_words("2024H1") == "het eerste halfjaar van 2024"
    assert CT.period_words("2023H2") == "het tweede halfjaar van 2023"
    assert CT.period_words(2023) == "2023"


def test_peer_sentence_dutch_numbers_and_missing():
    text = CT.peer_sentence(POSITIONS, "Dalfsen", "procent jongeren met jeugdzorg", "", 2023, decimals=1,
                            median_unit="procent")
    assert text.startswith("In 2023 had Dalfsen 9,8 procent jongeren met jeugdzorg. De mediaan van de 71 gemeenten")
    # 71 peers, 25 lower, 1 equal -> 45 higher; percentile 35.9 shown whole: 36
    assert ("was 10,4 procent: Dalfsen ligt lager dan 45 van de 71 vergelijkbare gemeenten, gelijk aan 1; "
            "percentiel 36") in text
    assert "(CBS-gemeenteklassen 2023)" in CT.peer_sentence(POSITIONS, "Dalfsen", "x", "", 2023, class_year=2023)
    missing = POSITIONS.assign(value=[float("nan")])
    assert "geen cijfer" in CT.peer_sentence(missing, "Heumen", "Wmo-cliënten", "per 1.000 inwoners", 2023)


def test_its_sentences_say_too_short_below_eight_points_after():
    short, enough = CT.its_sentences(_its(7), "per 1.000", "X"), CT.its_sentences(_its(8), "per 1.000", "X")
    assert any("Te kort om te concluderen" in line for line in short)
    assert not any("Te kort" in line for line in enough)
    assert "8 halfjaren vóór en 7 vanaf het eerste halfjaar van 2017" in short[0]


def test_its_or_reason_for_missing_values():
    series = pd.Series([1.0, None] + list(range(8)), index=[f"{y}H{h}" for y in range(2017, 2022) for h in (1, 2)],
                       name="Wmo, Heumen")
    result, reason = CT.its_or_reason(series, "2019H1")
    assert result is None and "ontbreekt voor een of meer perioden een cijfer" in reason
    assert "tijdreeks" not in reason  # plain words, no method jargon


def test_half_year_sentence_compares_half_years_only():
    own = pd.Series([50.0, 50.0, 50.0], index=["2023H1", "2023H2", "2024H1"])
    text = CT.half_year_sentence(own, "Dalfsen", "per 1.000 inwoners")
    assert "het eerste halfjaar van 2024, Dalfsen 50 per 1.000 inwoners (een jaar eerder, het eerste halfjaar " \
           "van 2023: 50)" in text


def test_health_change_sentence_compares_with_the_national_change():
    # 83674NED/85563NED: Dalfsen 82.0 -> 75.7 (-6.3), Nederland 75.6 -> 70.0 (-5.6); margin 4.2 > 0.7
    changes = pd.DataFrame({"indicator": ["health_good", "carer"], "label": ["Ervaren gezondheid goed", "Mantelzorger"],
                            "first": [82.0, 14.1], "last": [75.7, 16.7], "change": [-6.3, 2.6], "clear": [True, False],
                            "national_change": [-5.6, -0.8], "margin": [4.19, 3.86], "local": [False, False]})
    text = CT.health_change_sentence(changes, 2016, 2022, "Dalfsen")
    assert "ervaren gezondheid goed van 82,0% naar 75,7% (-6,3 punt; landelijk -5,6 punt" in text
    assert text.startswith("Tussen 2016 en 2022 veranderde in Dalfsen ongeveer even veel als in Nederland als geheel")
    assert "geen lokale verandering" in text and "2016 telde volwassenen van 19 jaar en ouder" in text
    local = CT.health_change_sentence(changes.assign(local=[True, False]), 2016, 2022, "Dalfsen")
    assert "meer dan de landelijke verandering" in local and "geen lokale verandering" not in local
    none = CT.health_change_sentence(changes.assign(clear=False), 2016, 2022, "Dalfsen")
    assert "geen van deze cijfers" in none


def test_rank_words_match_the_whole_number_percentile():
    assert CT.rank_words(43, 0, 72, 43 / 72 * 100) == "hoger dan 43 van de 72 vergelijkbare gemeenten; percentiel 60"
    assert CT.rank_words(10, 0, 20, 50.0).startswith("hoger dan 10 van de 20")  # exactly 50: "hoger"
    assert CT.rank_words(9, 1, 20, 47.5).startswith("lager dan 10 van de 20 vergelijkbare gemeenten, gelijk aan 1")
    assert CT.rank_words(0, 0, 0, float("nan")).startswith("geen vergelijking mogelijk")
    assert list(CT.peer_table(POSITIONS)["Percentiel"]) == ["36"]


def _ip(value: float, lower: float, upper: float) -> HM.IntervalPosition:
    peers = [f"p{i}" for i in range(10)]
    values = pd.Series([float(i) for i in range(10)] + [value], index=peers + ["X"])
    return HM.interval_position(values, "X", peers, lower, upper)


def test_interval_rank_words():
    # peers 0..9, median 4.5
    assert CT.interval_rank_words(_ip(4.0, 3.0, 6.0)).startswith("niet aantoonbaar anders dan de mediaan (4,0% tegen "
                                                                  "4,5%")
    uncertain = CT.interval_rank_words(_ip(8.5, 5.5, 9.5))  # percentiles 60 (lower), 85, 100 (upper)
    assert uncertain.startswith("hoger dan de mediaan (8,5% tegen 4,5%); de precieze rangorde is onzeker")
    assert "tussen percentiel 60 en 100 van de 10" in uncertain
    sure = CT.interval_rank_words(_ip(8.5, 8.2, 8.8))  # all three at percentile 90
    assert sure == ("hoger dan de mediaan (8,5% tegen 4,5%): hoger dan 9 van de 10 vergelijkbare gemeenten; "
                    "percentiel 90")


def test_before_after_sentence_on_the_cbs_figures():
    # CBS 86050NED, Dalfsen: 2020H1 55 per 1,000 (1,570 clients), 2024H1 50 (1,490): -5.1% clients, -9.1% per 1,000
    frame = pd.DataFrame({"role": ["before", "start", "latest"], "period": ["2020H1", "2021H1", "2024H1"],
                          "rate": [55.0, 54.0, 50.0], "clients": [1570.0, 1555.0, 1490.0],
                          "peer_median": [61.0, 59.0, 61.0], "gap": [-6.0, -5.0, -11.0]})
    text = CT.before_after_sentence(frame, "Dalfsen", "2022H2")
    assert text.startswith("Dalfsen had 55 Wmo-cliënten per 1.000 inwoners in het eerste halfjaar van 2020 en 50 in "
                           "het eerste halfjaar van 2024")
    assert "van 1.570 naar 1.490 (-5%) en is sinds het tweede halfjaar van 2022 vrijwel gelijk" in text
    assert "doordat het aantal inwoners groeide" in text and "eerst 6 per 1.000 onder en nu 11 per 1.000 onder" in text
    assert "Een effect van het preventiebeleid is hiermee niet vast te stellen" in text
    table = CT.before_after_table(frame, "Dalfsen", "Zelfde grootteklasse")
    assert table["Halfjaar"].iloc[0] == "het eerste halfjaar van 2020 (laatste zelfde halfjaar vóór de start)"


def test_gap_model_sentences_name_the_largest_pre_period_jump():
    lines = CT.gap_model_sentences(_its(7), "Dalfsen")
    assert lines[0].startswith("Rekenmodel (ter informatie)") and "Te kort om te concluderen" in lines[1]
    assert "grootste sprong van halfjaar op halfjaar" in lines[1]


def test_rank_words_without_an_own_figure_blame_the_own_figure():
    # Heumen has no 86050NED figure while 31 peers have one: never "geen vergelijkbare gemeenten met een cijfer"
    assert CT.rank_words(0, 0, 31, float("nan")) == "geen vergelijking mogelijk (geen cijfer voor de gemeente zelf)"
    assert "geen vergelijkbare gemeenten" in CT.rank_words(0, 0, 0, float("nan"))


def test_year_table_and_peer_table_separate_the_median_from_the_country():
    own = pd.Series([54.0], index=[2023])
    table = CT.year_table(own, pd.Series([67.0], index=[2023]), pd.Series([70.0], index=[2023]), "Dalfsen", "X")
    assert CT.NATIONAL in table.columns and "Nederland" not in table.columns  # 86050NED: Nederland 2023 70
    positions = POSITIONS.rename(index={POSITIONS.index[0]: "nederland"})
    assert CT.peer_table(positions)["Vergelijkingsgroep"].iloc[0].startswith("Alle gemeenten (mediaan van alle")
