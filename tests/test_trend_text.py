"""Dutch sentences and tables of the trend sections (analyse.publish.trend_text): every
diagnostic in Dutch, a change only called a change when its interval excludes zero, the
counterfactual quoted only as far as it is drawn, and Dutch table headers."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

from analyse import trends as T
from analyse.methods.timeseries import Diagnostic
from analyse.publish import trend_text as TT
from analyse.publish.glossary import anchor, load_glossary

IDX = pd.period_range("2015Q1", periods=48, freq="Q")
AT = pd.Period("2021Q1", "Q")
AFTER = np.asarray(IDX >= AT, dtype=float)
SINCE = AFTER * np.arange(-24, 24)
ENGLISH = re.compile(r"\b(series|residual|HAC|maxlags|quarters|fewer|interval below|statsmodels|warning)\b")


def _series(level: float, slope_q: float, noise: float = 0.0, seed: int = 0) -> pd.Series:
    e = np.random.default_rng(seed).normal(0, noise, 48)
    y = 50 + 0.1 * np.arange(48) + np.tile([2.0, 0.0, -1.0, -1.0], 12) + level * AFTER + slope_q * SINCE + e
    return pd.Series(y, index=IDX, name="test")


def _its(series: pd.Series) -> T.ITSResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        return T.interrupted_time_series(series, AT)


@pytest.mark.parametrize("diagnostic, expected", [
    (Diagnostic("short_side", "x", {"side": "before", "n": 7, "at": "2021Q1", "minimum": 8}),
     "Er zijn maar 7 kwartalen vóór 2021Q1 (minder dan 8)"),
    (Diagnostic("short_side", "x", {"side": "from", "n": 5, "at": "2021Q1", "minimum": 8}),
     "Er zijn maar 5 kwartalen vanaf 2021Q1 (minder dan 8)"),
    (Diagnostic("short_series", "x", {"n": 6, "minimum": 8}), "De reeks telt maar 6 kwartalen (minder dan 8)"),
    (Diagnostic("autocorrelation", "x", {"p": 0.0114, "lags": 4, "errors": "hac"}),
     "toets op die samenhang geeft p = 0,011; onder 0,05 geldt ze als duidelijk"),
    (Diagnostic("autocorrelation", "x", {"p": 0.004, "lags": 4, "errors": "ar1"}),
     "Ook na de correctie voor samenhang tussen opeenvolgende kwartalen"),
    (Diagnostic("rho_at_bound", "x", {"rho": 0.95}), "hangen zeer sterk samen"),
    (Diagnostic("fit_notes", "x", {"model": "geen trend"}), "prognosemodel (geen trend)"),
    (Diagnostic("below_zero", "x", {}), "lees die ondergrens als nul"),
])
def test_every_diagnostic_reads_as_a_dutch_sentence(diagnostic, expected):
    text = TT.diagnostic_text(diagnostic)
    assert expected in text
    assert not ENGLISH.search(text), text


def test_diagnostics_of_a_fit_are_dutch_while_the_developer_message_stays_english():
    short = _series(-4.0, -0.25, noise=1.0, seed=3).loc[AT - 7: AT + 11]
    res = _its(short)
    assert any("fewer than 8" in w for w in res.warnings)
    texts = TT.diagnostics_text(res)
    assert texts and all(not ENGLISH.search(t) for t in texts)
    assert texts[0].startswith("Er zijn maar 7 kwartalen vóór 2021Q1")


def test_interval_text_never_shows_a_nonzero_bound_as_zero():
    assert TT.interval_text(-8.68, -3.68) == "-8,7 tot -3,7"
    # -0.05 rounds to -0,1 at one decimal; -0.049 (the 2026Q3 Lemelerveld bound, shown as
    # "-11,84 tot -0,05" before) would read "-0,0": it reads "net onder 0", and every number
    # keeps one decimal.
    assert TT.interval_text(-11.84, -0.05) == "-11,8 tot -0,1"
    assert TT.interval_text(-11.84, -0.049) == "-11,8 tot net onder 0"
    assert TT.interval_text(0.03, 2.0) == "net boven 0 tot 2,0"
    assert TT.interval_text(-1.0, 0.0) == "-1,0 tot 0,0"  # a true zero stays zero
    assert TT.interval_text(0.001, 0.18, 2) == "net boven 0 tot 0,18"


@pytest.mark.parametrize("p, expected", [
    (0.0, "< 0,01"), (0.0049, "< 0,01"), (0.0099, "< 0,01"),   # never "0,00"
    (0.01, "0,01"),                                              # boundary: 0,01 itself is shown
    (0.034, "0,03"), (0.0449, "0,04"),
    (0.0451, "< 0,05"), (0.0496, "< 0,05"),                      # would round up to 0,05: kept below it
    (0.05, "0,05"), (0.75, "0,75"), (float("nan"), "–"),
])
def test_format_p(p, expected):
    assert TT.format_p(p) == expected


def test_its_table_shows_one_decimal_and_small_p_values_as_below_001():
    res = _its(_series(-4.0, -0.25))   # no noise: level -4,0 and slope -1,0 a year, p ~ 0
    html = TT.its_table({"Dalfsen": res}).to_html()
    assert "&lt; 0,01" in html and ">0,00<" not in html
    assert ">-4,0<" in html and ">-1,0<" in html
    assert not re.search(r">-?\d+,\d\d<", html)  # no two-decimal numbers left


def test_its_summary_states_changes_and_quotes_the_counterfactual_only_to_its_horizon():
    # No noise: level -4, slope -0.25 a quarter = -1,0 a year; the counterfactual is shown 8
    # quarters (2021Q1-2022Q4). In 2022Q4, 7 quarters after the start: -4 + 7 x -0.25 = -5.75.
    text = TT.its_summary(_its(_series(-4.0, -0.25)), "per 1.000 inwoners")
    assert "Direct na de start (2021Q1) daalde het niveau met 4,0 per 1.000 inwoners" in text
    assert "Daarna daalde de trend met 1,0 per 1.000 inwoners per jaar" in text
    assert "In 2022Q4, 2 jaar na de start, lag de waarde 5,8 per 1.000 inwoners lager" in text
    assert "extrapolatie, geen meting" in text
    assert "2026" not in text  # nothing is quoted beyond the drawn counterfactual


def test_its_summary_does_not_call_an_interval_that_holds_zero_a_change():
    res = _its(_series(0.0, 0.0, noise=1.0, seed=4))
    est = res.estimates
    assert (est["ci_low"] < 0).all() and (est["ci_high"] > 0).all()  # no change in this seed
    text = TT.its_summary(res, "per 1.000 inwoners")
    assert "geen duidelijke sprong" in text and "niet aangetoond" in text
    assert "daalde" not in text and "steeg" not in text
    rows = TT.its_rows({"Kern A": res})
    assert list(rows["Conclusie"]) == ["niet aangetoond", "niet aangetoond"]


def test_tables_have_dutch_headers():
    res = _its(_series(-4.0, -0.25, noise=1.0, seed=5))
    assert list(TT.its_rows({"Dalfsen": res}).columns) == [
        "Kern", "Effect", "Schatting", "95%-BI laag", "95%-BI hoog", "p-waarde", "Conclusie", "Kwartalen vóór",
        "Kwartalen vanaf"]
    fc = T.forecast(_series(0.0, 0.0, noise=1.0, seed=6))
    rows = TT.forecast_rows(fc, levels=(0.8, 0.95))
    assert list(rows.columns) == ["Kwartaal", "Verwachting", "80%-interval laag", "80%-interval hoog",
                                  "95%-interval laag", "95%-interval hoog"]
    assert rows["Kwartaal"].tolist() == ["2027Q1", "2027Q2", "2027Q3", "2027Q4"]
    assert rows["95%-interval laag"].tolist() == pytest.approx(fc.forecast["pi_low"].tolist())
    html = TT.forecast_table(fc).to_html()
    assert "pi_low" not in html and "mean" not in html


def test_method_texts_explain_the_jargon_in_plain_dutch():
    res = _its(_series(-4.0, -0.25, noise=1.0, seed=7))
    assert "AR(1)-foutenmodel" in TT.its_method(res) and "samenhang" in TT.its_method(res)
    # Review1 item 20: the method in plain Dutch; its name only as a link to the begrippenlijst entry.
    assert "door de marge breder te maken naarmate kwartalen meer op elkaar lijken" in TT.TREND_METHOD
    assert "[Newey-West-standaardfouten](begrippen.html#begrip-newey-west-standaardfouten)" in TT.TREND_METHOD
    glossary_anchors = {anchor(t.term) for t in load_glossary().terms}
    assert {"begrip-newey-west-standaardfouten", "begrip-breusch-godfrey-toets"} <= glossary_anchors
    hac = TT.diagnostic_text(Diagnostic("autocorrelation", "x", {"p": 0.01, "lags": 4, "errors": "hac"}))
    assert "toets van Breusch-Godfrey" not in hac and "'Breusch-Godfrey-toets' in de begrippenlijst" in hac
    fc = T.forecast(_series(0.0, 0.0, noise=1.0, seed=6))
    assert "laagste AICc: een maat die afweegt" in TT.forecast_method(fc)


def test_counterfactual_caveat_can_be_shown_once_for_several_kernen():
    res = _its(_series(-4.0, -0.25))
    assert "extrapolatie" not in TT.its_summary(res, "per 1.000 inwoners", caveat=False)
    assert TT.counterfactual_caveat(res).startswith("De doorgetrokken trend is een extrapolatie, geen meting")
    assert "niet verder door dan 2 jaar na de start" in TT.counterfactual_caveat(res)


def test_provision_intro_names_the_provision_shown_and_how_to_get_the_other():
    assert TT.provision_intro("wmo") == (
        "Dit rapport gaat alleen over **Wmo-ondersteuning**: alle aantallen, tabellen en figuren tellen "
        "Wmo-cliënten; jeugdhulp staat er niet in. Hetzelfde rapport over jeugdhulp maakt u met de instelling "
        "provision=jeugd (analyse run --notebook zorggebruik --param provision=jeugd).")
    assert TT.provision_intro("jeugd").startswith("Dit rapport gaat alleen over **jeugdhulp**: alle aantallen, "
                                                  "tabellen en figuren tellen jeugdhulpcliënten; Wmo-ondersteuning")
    assert "provision=wmo" in TT.provision_intro("jeugd")


def _register(*rows: tuple[str, int, str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["intervention", "prevention_level", "kernen", "start_date"]).assign(
        start_date=lambda d: pd.to_datetime(d["start_date"]))


KERNEN = ["Dalfsen", "Hoonhorst", "Lemelerveld", "Nieuwleusen", "Oudleusen"]


def test_intervention_text_names_the_programme_its_kernen_the_comparison_and_other_causes():
    register = _register(("Cultuur tegen eenzaamheid", 2, "Dalfsen|Nieuwleusen|Lemelerveld", "2021-01-01"),
                         ("Preventieprogramma Sociaal Kernteam", 3, "Dalfsen|Nieuwleusen|Lemelerveld", "2021-01-01"),
                         ("Thuis na ziekenhuisopname", 3, "Dalfsen|Nieuwleusen", "2022-04-01"))
    started = T.interventions_started(register, "2021Q1", KERNEN)
    text = TT.intervention_text(started, "2021Q1", "2022Q4")
    assert text == (
        "In 2021Q1 startte **Preventieprogramma Sociaal Kernteam** (geïndiceerde preventie) in Dalfsen, "
        "Lemelerveld en Nieuwleusen. In Hoonhorst en Oudleusen loopt dit programma niet: dat zijn de "
        "vergelijkingskernen. Veranderde het zorggebruik alleen in de kernen met het programma, dan past dat bij "
        "een effect ervan; veranderde het overal evenveel, dan ligt een andere oorzaak meer voor de hand. "
        "Let op: rond dezelfde tijd gebeurde meer: de coronapandemie (COVID-19, maatregelen van 2020Q1 tot en met "
        "2022Q1), die zorggebruik en deelname aan activiteiten veranderde; in hetzelfde kwartaal startte ook "
        "Cultuur tegen eenzaamheid (in Dalfsen, Lemelerveld en Nieuwleusen). Zulke gelijktijdige gebeurtenissen "
        "kunnen een verandering ook verklaren; deze analyse kan ze niet van het programma scheiden.")


@pytest.mark.parametrize("at, until, covid", [
    ("2023Q1", "2024Q4", True),    # the year before the start (2022Q1-2022Q4) overlaps COVID up to 2022Q1
    ("2023Q2", "2025Q1", False),   # boundary: the year before starts 2022Q2, after the last COVID quarter
    ("2019Q1", "2019Q4", False),   # the shown period ends before 2020Q1
    ("2019Q1", "2020Q1", True),    # ... and reaches its first quarter
])
def test_intervention_text_mentions_covid_only_when_the_period_overlaps_it(at, until, covid):
    register = _register(("Programma", 1, "alle", pd.Period(at, freq="Q").start_time.strftime("%Y-%m-%d")))
    text = TT.intervention_text(T.interventions_started(register, at, KERNEN), at, until)
    assert ("COVID-19" in text) is covid
    assert "Het programma loopt in alle kernen, dus er is geen kern zonder programma om mee te vergelijken." in text


def test_intervention_text_without_a_start_in_the_register_says_so():
    register = _register(("Programma", 1, "alle", "2016-01-01"))
    text = TT.intervention_text(T.interventions_started(register, "2021Q1", KERNEN), "2021Q1", "2022Q4")
    assert text.startswith("Het interventieregister noemt geen interventie die in 2021Q1 begon.")


def test_rate_table_shows_the_rate_of_the_rounded_count_with_one_decimal():
    frame = pd.DataFrame({"kern": ["Dalfsen", "Lemelerveld"], "clients": [592, 190],
                          "inhabitants": [12135, 4958], "per_1000": [592 / 12.135, 190 / 4.958]})
    html = TT.rate_table(frame, "clients", "Wmo-cliënten").to_html()
    # Dalfsen: 592 is shown as 590 and the rate follows it: 590 / 12.135 x 1.000 = 48,62 -> "48,6"
    # (the true 48,78 would be "48,8"); Lemelerveld: 190 / 4.958 x 1.000 = 38,32 -> "38,3".
    assert ">590<" in html and ">48,6<" in html and ">12.135<" in html and ">38,3<" in html
    assert "Wmo-cliënten" in html and "Per 1.000 inwoners" in html
    assert ">48,62<" not in html and ">38,32<" not in html


def test_kern_role_tells_programme_kernen_from_comparison_kernen():
    register = _register(("Preventieprogramma Sociaal Kernteam", 3, "Dalfsen|Nieuwleusen|Lemelerveld", "2021-01-01"))
    started = T.interventions_started(register, "2021Q1", KERNEN)
    assert TT.kern_role(started, "Lemelerveld") == "kern met programma"
    assert TT.kern_role(started, "Hoonhorst") == "vergelijkingskern"
    assert TT.kern_role(T.interventions_started(register, "2022Q1", KERNEN), "Dalfsen") == ""


def test_forecast_table_shows_one_decimal():
    fc = T.forecast(_series(0.0, 0.0, noise=1.0, seed=6))
    html = TT.forecast_table(fc, levels=(0.8, 0.95)).to_html()
    assert not re.search(r">-?[\d.]+,\d\d<", html) and re.search(r">-?[\d.]+,\d<", html)
