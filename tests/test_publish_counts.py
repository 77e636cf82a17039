"""Protected counts as Dutch text (analyse.publish.counts). The sentence examples
(6 and 7 -> "≤7", 8 -> "10", 1234 -> "1.235") are cases in tests/cases/disclosure.yaml."""

from __future__ import annotations

import pandas as pd
import pytest

from analyse.disclosure.rules import DISCLOSURE_ENV, load_rules
from analyse.disclosure.tables import protect_table
from analyse.publish.counts import (
    PARTIAL_TOTAL_NOTE,
    display_counts,
    show_band,
    show_count,
    table_display,
    table_footnote,
)

RULES = load_rules()
TABLE = pd.DataFrame({"wmo": [40, 5, 35], "jeugd": [50, 30, 20], "overig": [60, 45, 55]},
                     index=["Dalfsen", "Hoonhorst", "Lemelerveld"])


def test_display_counts_marks_hidden_and_missing():
    assert display_counts(pd.Series([float("nan"), 3, 1234.0]), RULES).tolist() == ["–", "*", "1.235"]


def test_show_count_missing_and_switched_off(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    assert show_count(None) == "–" and show_count(float("nan")) == "–"
    strict = load_rules(threshold=10, base=10)
    assert show_count(10, strict) == "≤10" and show_count(15, strict) == "20"  # 15 / 10 = 1.5 -> 2 -> 20
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    assert show_count(6) == "6" and show_count(1234) == "1.234"


def test_table_as_text_with_marker():
    # Hoonhorst: wmo 5 hidden; 30 and 45 shown; total 30 + 45 = 75 (the shown cells only).
    result = protect_table(TABLE, RULES)
    text = table_display(result)
    assert text.loc["Hoonhorst"].tolist() == ["*", "30", "45", "75"]
    assert text.loc["Dalfsen"].tolist() == ["40", "50", "60", "150"]


def test_footnote_says_when_totals_leave_hidden_cells_out():
    assert table_footnote(protect_table(TABLE, RULES)) == RULES.footnote + " " + PARTIAL_TOTAL_NOTE
    assert "som van de getoonde" in PARTIAL_TOTAL_NOTE
    plain = protect_table(pd.DataFrame({"a": [41, 63], "b": [52, 44]}), RULES)
    assert table_footnote(plain) == RULES.footnote


@pytest.mark.parametrize(("shown", "band"), [
    (60.0, "58–62"),      # 57.5 <= n < 62.5: 58..62
    (10.0, "8–12"),       # 7.5 <= n < 12.5; 8 is the smallest shown count (7 is hidden)
    (1235.0, "1.233–1.237"),
    (float("nan"), "–"),
])
def test_band_of_a_shown_count(monkeypatch, shown, band):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    assert show_band(shown, RULES) == band


def test_band_with_base_ten_starts_above_the_threshold(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    # base 10: a shown 10 stands for 5 <= n < 15, but 5-7 would be hidden: 8..14.
    assert show_band(10.0, load_rules(base=10)) == "8–14"
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    assert show_band(58.0) == "58"
