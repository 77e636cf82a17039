"""One series of counts (analyse.disclosure.counts): what the worked examples in
tests/cases/disclosure.yaml do not cover: missing values, the "cbs" method, derived figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analyse.disclosure.counts import (
    hidden_range,
    primary_suppressed,
    protect_counts,
    protect_derived,
    round_to_base,
    rounded_counts,
    rounding_band,
)
from analyse.disclosure.rules import DISCLOSURE_ENV, load_rules

RULES = load_rules()
CBS = load_rules(method="cbs")


def _nan_list(series: pd.Series) -> list:
    return [None if math.isnan(v) else v for v in series]


def test_missing_stays_missing_and_is_not_counted_as_hidden():
    values = pd.Series([float("nan"), 20.0])
    assert _nan_list(protect_counts(values, RULES)) == [None, 20.0]
    assert primary_suppressed(values, RULES).tolist() == [False, False]


def test_counts_must_be_whole_and_not_negative():
    with pytest.raises(ValueError, match="whole numbers"):
        protect_counts(pd.Series([-1]), RULES)
    with pytest.raises(ValueError, match="whole numbers"):
        protect_counts(pd.Series([2.5]), RULES)


def test_cbs_rounds_first_then_hides_small_rounded_counts():
    # round to 5:  0 -> 0, 2 -> 0 (2/5 = 0.4), 3 -> 5 (0.6), 7 -> 5 (1.4), 8 -> 10 (1.6), 12 -> 10.
    # hidden: rounded above 0 and at most 7, i.e. the rounded 5s (true 3 and 7).
    out = protect_counts(pd.Series([0, 2, 3, 7, 8, 12]), CBS)
    assert _nan_list(out) == [0.0, 0.0, None, None, 10.0, 10.0]


def test_round_to_base_keeps_missing():
    assert _nan_list(round_to_base(pd.Series([float("nan"), 12.0]), 5)) == [None, 10.0]


def test_derived_figure_follows_an_extra_mask_from_a_table():
    rates = pd.Series([0.5, 0.6])
    counts = pd.Series([50, 60])
    out = protect_derived(rates, counts, RULES, suppressed=pd.Series([False, True]))
    assert _nan_list(out) == [0.5, None]


def test_rounding_band_is_every_count_that_rounds_to_the_shown_value():
    # base 5, halves up: 60 stands for 57.5 <= n < 62.5 -> 58..62; 10 for 8..12 (7 hidden);
    # cbs: a shown 0 stands for 0..2 (0, 1, 2 round to 0).
    band = rounding_band(pd.Series([60.0, 10.0, float("nan")]), RULES)
    assert _nan_list(band["low"]) == [58.0, 8.0, None] and _nan_list(band["high"]) == [62.0, 12.0, None]
    assert rounding_band(pd.Series([0.0]), CBS).iloc[0].tolist() == [0.0, 2.0]
    # every count in the band rounds back to the shown value, and the neighbours do not
    for shown, (low, high) in ((60, (58, 62)), (10, (8, 12)), (1235, (1233, 1237))):
        inside = protect_counts(pd.Series(range(low, high + 1)), RULES)
        outside = protect_counts(pd.Series([low - 1, high + 1]), RULES)
        assert (inside == shown).all() and not (outside == shown).any()


def test_rounded_counts_keep_small_ones_for_a_fit(monkeypatch):
    # 197 -> 195 and 39 -> 40 (the Welzijnsmonitor's Lemelerveld and Oudleusen); 6 -> 5,
    # not hidden here (a figure leaves small points out itself); off: unchanged.
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    assert rounded_counts(pd.Series([197, 39, 6])).tolist() == [195.0, 40.0, 5.0]
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    assert rounded_counts(pd.Series([197, 39])).tolist() == [197.0, 39.0]


def test_hidden_range_is_every_count_a_marker_can_stand_for():
    # suppress, threshold 7: 0..7 hidden (0 included), 8 shown as 10 -> (0, 7);
    # cbs, base 5: 3..7 round to 5 (hidden), 0..2 round to 0 (shown) and 8 to 10 -> (3, 7);
    # threshold 9 (suppress): 0..9 -> (0, 9).
    assert hidden_range(RULES) == (0, 7)
    assert hidden_range(CBS) == (3, 7)
    assert hidden_range(load_rules(threshold=9)) == (0, 9)
