"""Protected counts as Dutch text (analyse.publish.counts). The sentence examples
(6 and 7 -> "≤7", 8 -> "10", 1234 -> "1.235") are cases in tests/cases/disclosure.yaml."""

from __future__ import annotations

import pandas as pd

from analyse.disclosure.rules import DISCLOSURE_ENV, load_rules
from analyse.disclosure.tables import protect_table
from analyse.publish.counts import SECONDARY_NOTE, display_counts, show_count, table_display, table_footnote

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
    result = protect_table(TABLE, RULES)
    text = table_display(result)
    assert text.loc["Hoonhorst"].tolist() == ["*", "*", "45", "80"]
    assert text.loc["Dalfsen"].tolist() == ["40", "50", "60", "150"]


def test_footnote_mentions_secondary_suppression_only_when_used():
    assert table_footnote(protect_table(TABLE, RULES)) == RULES.footnote + " " + SECONDARY_NOTE
    assert "terug te rekenen" in SECONDARY_NOTE
    plain = protect_table(pd.DataFrame({"a": [41, 63], "b": [52, 44]}), RULES)
    assert table_footnote(plain) == RULES.footnote
