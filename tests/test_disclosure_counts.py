"""One series of counts (analyse.disclosure.counts): what the worked examples in
tests/cases/disclosure.yaml do not cover: missing values, the "cbs" method, derived figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analyse.disclosure.counts import primary_suppressed, protect_counts, protect_derived, round_to_base
from analyse.disclosure.rules import load_rules

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
