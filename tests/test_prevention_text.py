"""Dutch sentences of the prevention view (analyse.publish.prevention_text)."""

from __future__ import annotations

import pytest
from prevention_frames import village
from test_health import two_rounds

from analyse.errors import ParameterError
from analyse.methods import health, whitespots
from analyse.publish import prevention_text as T


def test_white_spot_sentence_names_the_signals_and_figures():
    spots = T.explain_white_spots(whitespots.white_spots(**village()))
    assert list(spots.columns).index("why") == list(spots.columns).index("supply") + 1
    top = spots.iloc[0]
    assert top["why"] == ("Witte vlek in C, Zingeving. Hoge vraag: de score op Zingeving (5,00) ligt 1,33 punt "
                          "onder het gemeentelijk gemiddelde (6,33) en het zorggebruik (100 cliënten per 1.000 "
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


def test_white_spot_sentence_warns_for_a_small_sample():
    spots = T.explain_white_spots(whitespots.white_spots(**village(), params={"min_respondents": 101}))
    assert "minder dan 101: kleine steekproef" in spots.iloc[0]["why"]


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
