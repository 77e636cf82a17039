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
     "(toets van Breusch-Godfrey, p = 0,011). De marge rond de trend is daardoor waarschijnlijk te smal"),
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
    # -0.05 rounds to -0,1 at one decimal; -0.04 would read "-0,0", so two decimals are shown.
    assert TT.interval_text(-11.84, -0.05) == "-11,8 tot -0,1"
    assert TT.interval_text(-11.84, -0.04) == "-11,84 tot -0,04"
    assert TT.interval_text(-1.0, 0.0) == "-1,0 tot 0,0"  # a true zero stays zero


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
    assert "Newey-West-standaardfouten (een correctie" in TT.TREND_METHOD
    fc = T.forecast(_series(0.0, 0.0, noise=1.0, seed=6))
    assert "laagste AICc: een maat die afweegt" in TT.forecast_method(fc)


def test_counterfactual_caveat_can_be_shown_once_for_several_kernen():
    res = _its(_series(-4.0, -0.25))
    assert "extrapolatie" not in TT.its_summary(res, "per 1.000 inwoners", caveat=False)
    assert TT.counterfactual_caveat(res).startswith("De doorgetrokken trend is een extrapolatie, geen meting")
    assert "niet verder door dan 2 jaar na de start" in TT.counterfactual_caveat(res)
