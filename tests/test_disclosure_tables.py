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
from analyse.disclosure.counts import primary_suppressed, round_to_base
from analyse.disclosure.rules import DISCLOSURE_ENV, load_rules
from analyse.disclosure.tables import (
    DERIVED_COLUMNS,
    REPORT_COUNT_COLUMNS,
    ROW_COUNT_COLUMNS,
    count_cells,
    count_columns,
    display_count_columns,
    gap_within_rounding,
    protect_for_display,
    protect_table,
    publishable_status,
    secondary_suppression,
)
from analyse.methods.population import RATE_COLUMN

RULES = load_rules()
CBS = load_rules(method="cbs")
TABLE = pd.DataFrame({"wmo": [40, 5, 35], "jeugd": [50, 30, 20], "overig": [60, 45, 55]},
                     index=["Dalfsen", "Hoonhorst", "Lemelerveld"])




def _published(result) -> tuple:
    """What a reader sees of a protected table: the shown values and which cells are hidden."""
    return (result.values.fillna(-1).to_numpy().tolist(), result.suppressed.to_numpy().tolist())


def _possible_values(table: pd.DataFrame, publish, threshold: int) -> dict[tuple[int, int], list[int]]:
    """For every hidden cell: the values 0..threshold it could have while the published
    output stays the same, every other cell kept at its true value. These are tables an
    attacker cannot tell apart from the true one, even knowing every other cell exactly and
    that hidden cells are at most the threshold; with less knowledge there are only more."""
    seen = publish(table)
    hidden = seen[1]
    out = {}
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            if not hidden[i][j]:
                continue
            possible = []
            for v in range(threshold + 1):
                other = table.copy()
                other.iat[i, j] = v
                if publish(other) == seen:
                    possible.append(v)
            out[(i, j)] = possible
    return out


ISSUE_TABLE = pd.DataFrame([[11, 0, 1], [7, 3, 7]], columns=["a", "b", "c"])


def test_no_hidden_cell_of_the_issue_table_can_be_recovered():
    # Issue 11, item 9: [[11, 0, 1], [7, 3, 7]]. Published now: 11 -> 10; 0, 1, 7, 3, 7 hidden
    # (<= 7); row totals 10 (= the shown 10) and hidden (row 1 shows nothing: 0); column
    # totals 10, hidden, hidden; grand total 10. Every hidden cell can be anything from 0 to 7
    # (8 values) without changing a published figure.
    result = protect_table(ISSUE_TABLE, RULES)
    assert result.values.fillna(-1).to_numpy().tolist() == [[10, -1, -1, 10], [-1, -1, -1, -1], [10, -1, -1, 10]]
    possible = _possible_values(ISSUE_TABLE, lambda t: _published(protect_table(t, RULES)), RULES.threshold)
    assert sorted(possible) == [(0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    assert all(len(values) > 1 for values in possible.values()), possible
    assert all(values == list(range(RULES.threshold + 1)) for values in possible.values())


def test_rounded_true_totals_would_give_hidden_cells_away():
    # Why totals are no longer the true counts rounded: with row totals 12 -> 10 and 17 -> 15
    # and column totals 18 -> 20, 3 (hidden), 8 -> 10, 29 -> 30, cell (0, 1) = 0 is fixed:
    # 11 + 1 + 1 = 13 would round the row total to 15, not 10. The check above must see that.
    def rounded_true_totals(table: pd.DataFrame) -> tuple:
        cells = table.copy()
        cells["Totaal"] = cells.sum(axis=1)
        cells.loc["Totaal"] = cells.sum(axis=0)
        hide = cells.apply(lambda c: primary_suppressed(c, RULES))
        shown = cells.apply(round_to_base, base=RULES.base).mask(hide)
        return (shown.fillna(-1).to_numpy().tolist(), hide.to_numpy().tolist())

    possible = _possible_values(ISSUE_TABLE, rounded_true_totals, RULES.threshold)
    assert possible[(0, 1)] == [0]


def test_random_tables_keep_every_hidden_cell_open():
    # Any hidden cell may take any other hidden value without changing what is published.
    rng = np.random.default_rng(7)
    for _ in range(15):
        shape = tuple(rng.integers(2, 4, size=2))
        table = pd.DataFrame(rng.integers(0, 25, size=shape))
        for rules, lows in ((RULES, range(0, 8)), (CBS, range(3, 8))):
            seen = _published(protect_table(table, rules))
            for i, j in zip(*np.nonzero(np.array(seen[1])[:-1, :-1])):
                for v in (min(lows), max(lows)):
                    other = table.copy()
                    other.iat[i, j] = v
                    assert _published(protect_table(other, rules)) == seen


def test_totals_are_sums_of_the_shown_cells():
    rng = np.random.default_rng(11)
    for _ in range(20):
        table = pd.DataFrame(rng.integers(0, 40, size=(3, 4)))
        result = protect_table(table, RULES)
        cells = result.values.iloc[:-1, :-1].fillna(0)
        totals = result.values.fillna(0)
        assert totals.iloc[:-1, -1].tolist() == cells.sum(axis=1).tolist()
        assert totals.iloc[-1, :-1].tolist() == cells.sum(axis=0).tolist()
        assert totals.iloc[-1, -1] == cells.to_numpy().sum()
        assert result.partial.iloc[:-1, -1].tolist() == result.primary.iloc[:-1, :-1].any(axis=1).tolist()


def test_table_keeps_its_labels_and_adds_totals():
    result = protect_table(TABLE, RULES)
    assert list(result.values.index) == ["Dalfsen", "Hoonhorst", "Lemelerveld", "Totaal"]
    assert list(result.values.columns) == ["wmo", "jeugd", "overig", "Totaal"]
    assert math.isnan(result.values.at["Hoonhorst", "wmo"]) and not result.any_secondary


def test_line_of_hidden_cells_has_a_hidden_total():
    # Row "y": 3 and 2 hidden (<= 7): its total adds up nothing shown (0) and is hidden too;
    # row "x" 20 + 20 = 40; columns 20 and 20 (partial), all 40.
    table = pd.DataFrame({"a": [20, 3], "b": [20, 2]}, index=["x", "y"])
    result = protect_table(table, RULES)
    assert result.primary.loc["y"].tolist() == [True, True, True]
    assert result.values.loc["Totaal"].tolist() == [20.0, 20.0, 40.0]
    assert result.partial.loc["Totaal"].tolist() == [True, True, True]


def test_without_totals_there_is_nothing_to_subtract_from():
    result = protect_table(TABLE, RULES, totals=False)
    assert list(result.values.columns) == ["wmo", "jeugd", "overig"]
    assert result.primary.to_numpy().sum() == 1
    assert not result.any_secondary and not result.any_partial


def test_cbs_table_shows_small_zeros_and_adds_what_is_shown():
    # cbs: 2 -> 0 is shown, 3 -> 5 is hidden. Row x: 0 + 0 = 0 (nothing hidden, shown);
    # row z: 5 hidden, 20 shown -> 20 (partial); column a: 0 + 50 = 50 (partial, z hidden).
    table = pd.DataFrame({"a": [2, 50, 3], "b": [2, 60, 20]}, index=["x", "y", "z"])
    result = protect_table(table, CBS)
    assert result.values["Totaal"].tolist() == [0.0, 110.0, 20.0, 130.0]
    assert result.values.loc["Totaal"].tolist() == [50.0, 80.0, 130.0]
    assert result.partial["Totaal"].tolist() == [False, False, True, True]


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


def test_row_counts_come_from_the_data_contract():
    # The evaluations' value counts people only where is_count is "ja" (contract metadata
    # count_rows); percentages, report marks and days in other rows are not counts.
    assert ROW_COUNT_COLUMNS == {"value": {"is_count": "ja"}}
    frame = pd.DataFrame({"unit": ["deelnemers", "%", "rapportcijfer", "dagen", "deelnemers"],
                          "value": [12.0, 39.6, 6.8, 17.0, 3.0], "is_count": ["ja", "nee", "nee", "nee", None],
                          "clients": [10, 20, 30, 40, 50]})
    cells = count_cells(frame)
    assert cells["value"].tolist() == [True, False, False, False, False]
    assert cells["clients"].all() and not cells["unit"].any() and not cells["is_count"].any()
    # Without its flag column the value column is not taken for a count.
    assert not count_cells(frame.drop(columns="is_count"))["value"].any()


def test_gap_is_withheld_where_the_target_lies_within_the_rounding(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    # 58 -> 60 (band 58..62) vs target 60: withheld; 58 vs 63: band below, 60 - 63 = -3;
    # 58 vs 62 (the band's top): withheld; 58 vs 57.5: band above, 60 - 57.5 = 2.5.
    frame = pd.DataFrame({"value": [58.0] * 4, "target": [60.0, 63.0, 62.0, 57.5], "is_count": ["ja"] * 4,
                          "gap": [-2.0, -5.0, -4.0, 0.5]})
    out, hidden, _ = protect_for_display(frame, rules=RULES)
    assert hidden["gap"].tolist() == [True, False, True, False]
    assert gap_within_rounding(hidden).tolist() == [True, False, True, False]
    assert out["gap"].tolist()[1::2] == [-3.0, 2.5]


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


def _status(values, targets, directions, is_count, true_status):
    return pd.DataFrame({"value": values, "target": targets, "direction": directions, "is_count": is_count,
                         "status": true_status})


def test_publishable_status_never_narrows_a_count(monkeypatch):
    from analyse.methods.welzijn import OFF_TARGET, ON_TARGET, SMALL_COUNT_STATUS, WITHIN_ROUNDING_STATUS

    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    frame = _status(
        [0.0, 7.0, 58.0, 63.0, 9.0, 39.6, 6.0],
        [5.0, 8.0, 60.0, 60.0, 10.0, 40.0, None],
        ["hoger", "hoger", "hoger", "hoger", "lager", "hoger", "hoger"],
        ["ja", "ja", "ja", "ja", "ja", "nee", "ja"],
        [OFF_TARGET, OFF_TARGET, OFF_TARGET, ON_TARGET, ON_TARGET, OFF_TARGET, "geen streefwaarde"])
    out = publishable_status(frame, RULES)
    assert out["status"].tolist() == [
        SMALL_COUNT_STATUS,      # Oudleusen: hidden 0 vs 5; 0..7 holds 0-4 (behind) and 5-7 (on target)
        OFF_TARGET,              # hidden 7 vs 8: all of 0..7 are below 8 (boundary: the threshold + 1)
        WITHIN_ROUNDING_STATUS,  # 58 -> 60 -> 58..62 vs 60: 58-59 behind, 60-62 on target
        ON_TARGET,               # 63 -> 65 -> 63..67: all >= 60
        WITHIN_ROUNDING_STATUS,  # lager: 9 -> 10 -> 8..12 vs at most 10: 8-10 on, 11-12 behind
        OFF_TARGET,              # a percentage is no count: its true status stays
        "geen streefwaarde",     # no target: nothing to decide
    ]
    assert out["value"].tolist()[:6] == frame["value"].tolist()[:6]  # only the status changes
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    assert publishable_status(frame)["status"].tolist() == frame["status"].tolist()


def test_publishable_status_under_the_cbs_method(monkeypatch):
    from analyse.methods.welzijn import OFF_TARGET, ON_TARGET, SMALL_COUNT_STATUS, WITHIN_ROUNDING_STATUS

    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    # cbs: hidden means 3..7; 4 vs 3 -> all >= 3: on target; 4 vs 5 -> 3-4 behind, 5-7 on: small count;
    # 1 is shown as 0 and stands for 0..2: vs 2 both (0-1 behind, 2 on): within rounding; 1 vs 3: behind.
    frame = _status([4.0, 4.0, 1.0, 1.0], [3.0, 5.0, 2.0, 3.0], ["hoger"] * 4, ["ja"] * 4,
                    [ON_TARGET, OFF_TARGET, OFF_TARGET, OFF_TARGET])
    assert publishable_status(frame, CBS)["status"].tolist() == [
        ON_TARGET, SMALL_COUNT_STATUS, WITHIN_ROUNDING_STATUS, OFF_TARGET]


def test_gap_is_shown_when_the_whole_band_is_on_target(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    # 58 -> 60, band 58..62 vs target 58 (the band's bottom): every count is on target, so the
    # status is decided and the gap is shown, 60 - 58 = 2; vs 59 undecided: withheld.
    frame = pd.DataFrame({"value": [58.0, 58.0], "target": [58.0, 59.0], "is_count": ["ja", "ja"],
                          "direction": ["hoger", "hoger"], "gap": [0.0, -1.0]})
    out, hidden, _ = protect_for_display(frame, rules=RULES)
    assert hidden["gap"].tolist() == [False, True] and out["gap"].iloc[0] == 2.0
