"""Dutch sentences of the prevention view (analyse.publish.prevention_text)."""

from __future__ import annotations

import pytest
from prevention_frames import village
from test_health import two_rounds
from test_whitespots import one_dimension

from analyse.errors import ParameterError
from analyse.methods import health, whitespots
from analyse.publish import prevention_text as T


def test_white_spot_sentence_names_the_signals_and_figures():
    spots = T.explain_white_spots(whitespots.white_spots(**village()))
    assert list(spots.columns).index("why") == list(spots.columns).index("supply") + 1
    top = spots.iloc[0]
    # C 5.00 against the rest (A and B) 7.00; interval -2.00 +- 0.362 (tests/test_whitespots.py) -> 1.64 to 2.36 lower.
    assert top["why"] == ("Witte vlek in C, Zingeving. Hoge vraag: de score op Zingeving (5,00) ligt 2,00 punt "
                          "onder het gemiddelde van de rest van de gemeente (7,00), meer dan toeval (met 95% zekerheid "
                          "1,64 tot 2,36 punt lager) en het zorggebruik (100 cliënten per 1.000 "
                          "inwoners) ligt boven het gemeentelijk niveau (67). Laag aanbod: er is geen interventie "
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
    assert T.white_spot_summary(spots) == ("**Geen witte vlekken** gevonden in de 0 combinaties van kern en dimensie "
                                           "met voldoende gegevens. Bij 18 combinaties (kernen A, B en C) zijn er "
                                           "onvoldoende gegevens voor een oordeel.")


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
                        "0,26 punt, bevat 0) en ligt het zorggebruik niet boven het gemeentelijk niveau.")


def test_settings_sentence_has_no_file_path_or_english():
    text = T.white_spot_settings(whitespots.white_spot_params())
    assert text.startswith("Instellingen: minimaal 30 respondenten per kern en dimensie; betrouwbaarheid 95%; scores "
                           "die hoogstens 0,005 punt verschillen tellen als gelijk")
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
