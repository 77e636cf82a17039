"""Tables (analyse.disclosure.tables): secondary suppression never leaves a line with one
hidden entry; report tables are protected row by row with their derived figures. The worked
examples (which cells, which totals) are cases in tests/cases/disclosure.yaml."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analyse.config import RAW_DIR, load_municipality
from analyse.data.contracts import build_schemas
from analyse.disclosure.rules import DISCLOSURE_ENV, load_rules
from analyse.disclosure.tables import (
    DERIVED_COLUMNS,
    REPORT_COUNT_COLUMNS,
    count_columns,
    display_count_columns,
    protect_for_display,
    protect_table,
    secondary_suppression,
)
from analyse.methods.population import RATE_COLUMN

RULES = load_rules()
CBS = load_rules(method="cbs")
TABLE = pd.DataFrame({"wmo": [40, 5, 35], "jeugd": [50, 30, 20], "overig": [60, 45, 55]},
                     index=["Dalfsen", "Hoonhorst", "Lemelerveld"])


def _lines(frame: pd.DataFrame):
    yield from (frame.loc[i] for i in frame.index)
    yield from (frame[c] for c in frame.columns)


def _no_line_with_one_hidden(hidden: pd.DataFrame) -> bool:
    return all(int(line.sum()) != 1 for line in _lines(hidden))


def test_table_keeps_its_labels_and_adds_totals():
    result = protect_table(TABLE, RULES)
    assert list(result.values.index) == ["Dalfsen", "Hoonhorst", "Lemelerveld", "Totaal"]
    assert list(result.values.columns) == ["wmo", "jeugd", "overig", "Totaal"]
    assert math.isnan(result.values.at["Lemelerveld", "wmo"])
    assert _no_line_with_one_hidden(result.suppressed) and result.any_secondary


def test_small_total_is_hidden_and_protected_in_its_line():
    # Row "y": 3 + 2 = 5 <= 7: cells and total hidden (primary).
    table = pd.DataFrame({"a": [20, 3], "b": [20, 2]}, index=["x", "y"])
    result = protect_table(table, RULES)
    assert result.primary.loc["y"].tolist() == [True, True, True]
    assert _no_line_with_one_hidden(result.suppressed)


def test_without_totals_there_is_nothing_to_subtract_from():
    result = protect_table(TABLE, RULES, totals=False)
    assert list(result.values.columns) == ["wmo", "jeugd", "overig"]
    assert result.primary.to_numpy().sum() == 1
    assert not result.any_secondary


def test_cbs_table_hides_a_cell_next_to_a_hidden_total():
    # cbs: 2 -> 0 shown, but the row total 2 + 2 = 4 rounds to 5 and is hidden; a row
    # with only its total hidden gives the total away by addition, so one cell goes too.
    table = pd.DataFrame({"a": [2, 50], "b": [2, 60]}, index=["x", "y"])
    result = protect_table(table, CBS)
    assert result.primary.loc["x"].tolist() == [False, False, True]
    assert result.secondary.loc["x"].sum() == 1
    assert _no_line_with_one_hidden(result.suppressed)


def test_random_tables_never_leave_one_hidden_entry_in_a_line():
    rng = np.random.default_rng(7)
    for _ in range(50):
        shape = tuple(rng.integers(2, 6, size=2))
        table = pd.DataFrame(rng.integers(0, 40, size=shape))
        for rules in (RULES, CBS):
            assert _no_line_with_one_hidden(protect_table(table, rules).suppressed)


def test_secondary_suppression_on_arrays():
    # Extended 2 x 2 table with totals: the one hidden cell (0, 0) gets a partner in its row
    # (0, 1) and column (1, 0); then (1, 1) closes row 1 and column 1.
    true = np.array([[5.0, 20.0, 25.0], [30.0, 40.0, 70.0], [35.0, 60.0, 95.0]])
    hidden = np.zeros(true.shape, dtype=bool)
    hidden[0, 0] = True
    extra = secondary_suppression(true, hidden)
    assert extra.tolist() == [[False, True, False], [True, True, False], [False, False, False]]
    assert not secondary_suppression(true, hidden, totals=False).any()


def test_count_columns_come_from_the_data_contract():
    schemas = build_schemas(load_municipality(RAW_DIR))
    assert count_columns(schemas["care_use"]) == ["clients"]
    assert count_columns(schemas["positive_health"]) == ["respondents"]
    assert count_columns(schemas["population"]) == []  # inhabitants: not protected


def test_every_count_column_of_the_contracts_is_protected_in_tables():
    schemas = build_schemas(load_municipality(RAW_DIR))
    declared = {c for s in schemas.values() for c in count_columns(s)}
    assert declared and declared <= set(REPORT_COUNT_COLUMNS)


def test_the_rate_per_1000_has_one_name():
    assert RATE_COLUMN in DERIVED_COLUMNS and "rate_per_1000" not in DERIVED_COLUMNS


def test_report_table_hides_small_counts_and_their_rates(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    frame = pd.DataFrame({"kern": ["Hoonhorst", "Dalfsen", "Nieuwleusen"], "clients": [5, 12, None],
                          RATE_COLUMN: [2.5, 2.4, 1.0]})
    out, hidden, any_hidden = protect_for_display(frame, rules=RULES)
    assert any_hidden
    assert hidden["clients"].tolist() == [True, False, False]
    assert hidden[RATE_COLUMN].tolist() == [True, False, False]
    assert not hidden["kern"].any()
    # 12 -> 10 shown; the rate follows the rounded count: 2.4 x 10 / 12 = 2.0.
    assert out["clients"].tolist()[1:2] == [10.0] and math.isnan(out["clients"].iloc[2])
    assert out[RATE_COLUMN].tolist()[1:] == pytest.approx([2.0, 1.0])


def test_report_table_welfare_values_count_people_only_where_marked(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    frame = pd.DataFrame({"indicator": ["deelnemers", "tevredenheid", "deelnemers"], "value": [4.0, 7.5, 23.0],
                          "is_count": ["ja", "nee", "ja"], "target": [10.0, 8.0, 20.0], "gap": [-6.0, -0.5, 3.0]})
    assert display_count_columns(frame) == ["value"]
    out, hidden, _ = protect_for_display(frame, rules=RULES)
    assert hidden["value"].tolist() == [True, False, False]
    # 7.5 is a score, not a count: unchanged; 23 -> 25, gap recomputed 25 - 20 = 5.
    assert out["value"].tolist()[1:] == [7.5, 25.0]
    assert math.isnan(out["gap"].iloc[0]) and out["gap"].tolist()[1:] == [-0.5, 5.0]


def test_report_table_unchanged_when_protection_is_off(monkeypatch):
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    frame = pd.DataFrame({"clients": [3, 12]})
    out, hidden, any_hidden = protect_for_display(frame)
    assert out["clients"].tolist() == [3, 12] and not any_hidden and not hidden.to_numpy().any()
