"""Dutch sentences of the prevention view (analyse.publish.prevention_text)."""

from __future__ import annotations

import pandas as pd
import pytest
from prevention_frames import health_frame, village
from test_health import two_rounds
from test_whitespots import one_dimension

from analyse.config import POSITIVE_HEALTH_DIMENSIONS as DIMS
from analyse.errors import ParameterError
from analyse.methods import health, whitespots
from analyse.publish import prevention_text as T


def test_white_spot_sentence_names_the_signals_and_figures():
    spots = T.explain_white_spots(whitespots.white_spots(**village()))
    assert list(spots.columns).index("why") == list(spots.columns).index("supply") + 1
    top = spots.iloc[0]
    # C 5.00 against the rest (A and B) 7.00; interval -2.00 +- 0.362 (tests/test_whitespots.py) -> 1.64 to 2.36 lower.
    # Care: C 100 per 1,000 against the rest's 100 / 2,000 = 50; 50 +- 1.96 x 11.18 = 28.1 to 71.9
    # (tests/test_whitespots.py::test_care_use_against_the_rest_has_a_poisson_interval).
    assert top["why"] == ("Witte vlek in C, Zingeving. Hoge vraag: de score op Zingeving (5,00) ligt 2,00 punt "
                          "onder het gemiddelde van de rest van de gemeente (7,00), meer dan toeval (met 95% zekerheid "
                          "1,64 tot 2,36 punt lager) en het zorggebruik (100 cliënten per 1.000 "
                          "inwoners) ligt boven dat van de rest van de gemeente (50), meer dan toeval (met 95% "
                          "zekerheid 28,1 tot 71,9 per 1.000 hoger). Laag aanbod: er is geen interventie "
                          "gericht op Zingeving en het budget (€ 0,00 per inwoner) is minder dan 50% van het "
                          "gemeentelijk niveau voor deze dimensie (€ 0,67).")
    meedoen_c = spots[(spots["kern"] == "C") & (spots["dimension"] == "Meedoen")].iloc[0]
    assert meedoen_c["why"].startswith("Geen witte vlek: in C is er aanbod voor Meedoen (1 interventie, € 1,00")
    quiet = spots[(spots["kern"] == "A") & (spots["dimension"] == "Meedoen")].iloc[0]
    assert quiet["why"].startswith("Geen witte vlek: in A ligt de score op Meedoen niet onder")


def test_white_spot_sentence_for_one_intervention():
    spots = T.explain_white_spots(whitespots.white_spots(**village(), params={"max_interventions": 1}))
    meedoen_c = spots[(spots["kern"] == "C") & (spots["dimension"] == "Meedoen")].iloc[0]
    assert "er is maar 1 interventie gericht op Meedoen" in meedoen_c["why"]


def test_below_the_minimum_is_onvoldoende_gegevens():
    spots = T.explain_white_spots(whitespots.white_spots(**village(), params={"min_respondents": 101}))
    c = spots[(spots["kern"] == "C") & (spots["dimension"] == "Zingeving")].iloc[0]
    assert c["verdict"] == "onvoldoende gegevens" and not c["flagged"]
    assert c["why"] == ("Onvoldoende gegevens voor C, Zingeving: 100 respondenten, minder dan het minimum van 101, "
                        "dus geen oordeel over een witte vlek. Zo weinig antwoorden laten veel ruimte voor toeval: "
                        "het verschil met de rest van de gemeente ligt met 95% zekerheid ergens tussen -2,36 en "
                        "-1,64 punt. Bespreek de score (5,00) eerst met de kern.")
    assert set(spots["verdict"]) == {"onvoldoende gegevens"} and "witte vlek" not in spots["why"].str.lower().str[:10]
    # 18 cells, none with enough data; C x Zingeving has no intervention at all ("Zin" runs in A and B only).
    assert T.white_spot_summary(spots) == ("**Geen witte vlekken** aangetoond in de 0 combinaties van kern en dimensie "
                                           "met voldoende gegevens. Bij 18 combinaties (kernen A, B en C) zijn er "
                                           "onvoldoende gegevens voor een oordeel, waaronder 1 zonder enig aanbod "
                                           "(geen lopende interventie): Zingeving in C. Daar is een witte vlek niet "
                                           "aangetoond, maar ook niet uitgesloten.")
    assert T.white_spot_headline(spots) == (
        "- **Witte vlekken:** 0 aangetoond in de 0 combinaties van kern en dimensie met voldoende gegevens; bij 18 "
        "van de 18 combinaties onvoldoende gegevens voor een oordeel (te weinig respondenten), waaronder 1 zonder "
        "enig aanbod (geen lopende interventie): Zingeving in C. Daar is een witte vlek dus niet uitgesloten.")


def test_white_spot_headline_names_the_white_spots():
    spots = whitespots.white_spots(**village())  # 3 kernen x 6 dimensions, all n = 100: one white spot, C x Zingeving
    assert T.white_spot_headline(spots) == ("- **Witte vlekken:** 1 aangetoond in de 18 combinaties van kern en "
                                            "dimensie met voldoende gegevens (Zingeving in C).")
    assert T.white_spot_summary(spots) == ("**1 witte vlek** aangetoond in de 18 combinaties van kern en dimensie met "
                                           "voldoende gegevens.")
    # Only A with 30 respondents (the minimum, boundary: enough), B and C 29 (too few); C x Zingeving has no offer.
    n = {(k, d): (30 if k == "A" else 29) for k in "ABC" for d in DIMS}
    frames = village() | {"positive_health": health_frame({key: 7.0 for key in n}, n=n)}
    spots = whitespots.white_spots(**frames)
    assert T.white_spot_summary(spots, ["A"]).startswith("**Geen witte vlekken** aangetoond in de 6 combinaties")
    assert T.white_spot_summary(spots, ["B"]) == (
        "**Geen witte vlekken** aangetoond in de 0 combinaties van kern en dimensie met voldoende gegevens. Bij 6 "
        "combinaties (kern B) zijn er onvoldoende gegevens voor een oordeel. Daar is een witte vlek niet aangetoond, "
        "maar ook niet uitgesloten.")
    assert T.white_spot_headline(spots).endswith(
        "bij 12 van de 18 combinaties onvoldoende gegevens voor een oordeel (te weinig respondenten), waaronder 1 "
        "zonder enig aanbod (geen lopende interventie): Zingeving in C. Daar is een witte vlek dus niet uitgesloten.")


def _change(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    """A round_change-like table of Zingeving per kern with the given interval (ci_low, ci_high)."""
    frame = pd.DataFrame([{"kern": k, "dimension": "Zingeving", "ci_low": lo, "ci_high": hi} for k, lo, hi in rows])
    frame.attrs.update(from_round=2, to_round=3, confidence=0.95, min_respondents=30)
    return frame


def test_round_change_summary_states_the_conclusion():
    # All three intervals contain 0; the boundary 0,00 to 0,40 contains 0 too (no proven improvement).
    assert T.round_change_summary(_change([("A", -0.2, 0.3), ("B", 0.0, 0.4), ("C", -0.5, 0.0)])) == (
        "**Conclusie:** van ronde 2 naar ronde 3 is bij geen enkele combinatie van kern en dimensie de verandering "
        "meer dan toeval (alle 3 intervallen bevatten 0, bij 95% betrouwbaarheid).")
    mixed = _change([("A", 0.1, 0.9), ("B", -0.9, -0.1), ("C", -0.1, 0.2), ("D", float("nan"), float("nan"))])
    assert T.round_change_summary(mixed) == (
        "**Conclusie:** van ronde 2 naar ronde 3 is de score, van de 3 combinaties van kern en dimensie met een "
        "interval, bij 1 aantoonbaar verbeterd (Zingeving in A) en bij 1 aantoonbaar verslechterd (Zingeving in B); "
        "bij de overige 1 bevat het interval 0 (geen aantoonbare verandering, bij 95% betrouwbaarheid). Bij 1 "
        "combinatie is geen interval mogelijk.")
    # The Welch example: A 0,09 to 0,91 (an improvement), B without sd in round 1 (no interval).
    assert T.round_change_summary(health.round_change(two_rounds())) == (
        "**Conclusie:** van ronde 1 naar ronde 2 is de score, van de enige combinatie van kern en dimensie met een "
        "interval, bij 1 aantoonbaar verbeterd (Zingeving in A) en bij geen enkele aantoonbaar verslechterd. Bij 1 "
        "combinatie is geen interval mogelijk.")


def test_equal_scores_give_no_white_spot_and_no_zero_gap():
    # Every kern 7.1 with 30, 30 and 31 respondents and sd 0: the rest's mean is 7.1000000000000005
    # in floating point (tests/test_whitespots.py::test_equal_scores_never_flag).
    frames = one_dimension({"A": 7.1, "B": 7.1, "C": 7.1}, {"A": 30, "B": 30, "C": 31}, 0.0)
    spots = T.explain_white_spots(whitespots.white_spots(**frames, params={"min_respondents": 30}))
    zin = spots[spots["dimension"] == "Zingeving"]
    assert (zin["verdict"] == "geen witte vlek").all()
    assert not spots["why"].str.contains("0,00 punt").any() and not spots["why"].str.contains("onder de rest").any()
    assert zin["why"].str.contains("ligt de score op Zingeving niet onder het gemiddelde van de rest").all()


def test_a_gap_within_chance_is_named_as_such():
    frames = one_dimension({"A": 7.0, "B": 7.0, "C": 6.9}, {"A": 100, "B": 100, "C": 100}, 1.5)
    spots = T.explain_white_spots(whitespots.white_spots(**frames))
    c = spots[(spots["kern"] == "C") & (spots["dimension"] == "Zingeving")].iloc[0]
    # -0.10 +- 0.362 = (-0.46, 0.26): contains 0.
    assert c["why"] == ("Geen witte vlek: in C ligt de score op Zingeving (6,90) 0,10 punt onder de rest van de "
                        "gemeente (7,00), maar dat kan toeval zijn (het 95%-interval van het verschil, -0,46 tot "
                        "0,26 punt, bevat 0) en ligt het zorggebruik niet aantoonbaar boven dat van de rest van de "
                        "gemeente.")


def test_settings_sentence_has_no_file_path_or_english():
    text = T.white_spot_settings(whitespots.white_spot_params())
    assert text.startswith("Instellingen: minimaal 30 respondenten per kern en dimensie; betrouwbaarheid 95%; scores "
                           "die hoogstens 0,005 punt verschillen tellen als gelijk")
    assert ("zorggebruik telt als hoog als het met 95% zekerheid meer dan 1 cliënt per 1.000 inwoners boven dat "
            "van de rest van de gemeente ligt; laag aanbod is geen interventie") in text
    assert ".yaml" not in text and "/" not in text and "Welch" not in text


def test_sentences_need_the_parameters_used():
    spots = whitespots.white_spots(**village())
    spots.attrs.clear()
    with pytest.raises(ParameterError, match="params"):
        T.explain_white_spots(spots)
    assert T.explain_white_spots(spots, whitespots.white_spot_params())["why"].str.len().gt(0).all()


def test_round_change_statement_with_and_without_interval():
    change = T.explain_round_change(health.round_change(two_rounds())).set_index("kern")
    assert change.loc["A", "statement"] == (
        "Van 6,50 (ronde 1) naar 7,00 (ronde 2): verschil 0,50 punt "
        "(95%-betrouwbaarheidsinterval 0,09 tot 0,91): een aantoonbare verbetering.")
    b = change.loc["B", "statement"]
    assert "Geen betrouwbaarheidsinterval: de standaardafwijking ontbreekt" in b
    assert "kleine steekproef (minder dan 30 respondenten" in b


@pytest.mark.parametrize("low, high, verdict", [(0.1, 0.9, "verbetering"), (-0.9, -0.1, "verslechtering"),
                                                (-0.1, 0.9, "geen aantoonbare verandering")])
def test_change_statement_verdicts(low, high, verdict):
    row = {"mean_from": 6.0, "mean_to": 6.5, "difference": 0.5, "ci_low": low, "ci_high": high,
           "sd_from": 1.0, "sd_to": 1.0, "small_sample": False}
    assert verdict in T.change_statement(row, (1, 2), 0.95, 30)
    assert T.change_statement({**row, "mean_from": float("nan")}, (1, 2), 0.95, 30).startswith("Geen vergelijking")


def test_budget_sources_are_explained_with_their_figures():
    from test_pyramid import budget_example

    from analyse.methods import pyramid

    interventions, budget = budget_example()
    kw = {"as_of": "2025-06-30"}
    phases = pyramid.phase_split(pyramid.pyramid(interventions, budget, **kw))
    text = T.explain_budget_sources(phases, pyramid.budget_comparison(interventions, budget, **kw),
                                    pyramid.unbudgeted(interventions, budget, **kw))
    assert text[0].startswith("**Twee bronnen, twee vragen.** *Begroting* is het geld dat de gemeente in 2025")
    # Phase 2: P3 (30) + P4 (40) = 70 with no budget line at level 3-4.
    assert text[1] == ("De begroting 2025 heeft geen post bij Fase 2 (niveau 3-4), daarom staat daar € 0. De 2 "
                       "interventies in die fase (samen € 70 per jaar) worden dus betaald uit posten die bij een ander "
                       "niveau staan, of van buiten de gemeentelijke preventiebegroting.")
    # Welzijn: 130 of interventions against 100 of prevention lines -> 30 not covered.
    assert text[2].startswith("Per beleidsveld (tabel hieronder) kosten de lopende interventies meer dan de "
                              "preventieposten van de begroting bij Welzijn (€ 30 meer)")
    assert text[3] == ("**Let op:** in 2025 lopen interventies op een beleidsveld zonder begrotingspost in dat jaar. "
                       "Gezondheid: P4 (€ 40 per jaar). Ga na wie deze interventies betaalt, of neem er een post voor "
                       "op in de begroting.")
    assert len(text) == 4
