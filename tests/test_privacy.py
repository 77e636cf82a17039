"""Small-count protection: suppression at the threshold, rounding, secondary
suppression in two-way tables, derived figures, and rejection of person-level input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analyse import privacy
from analyse.config import RAW_DIR, load_municipality
from analyse.privacy import (
    DisclosureRules,
    count_columns,
    display_counts,
    elfproef,
    load_rules,
    looks_person_level,
    primary_suppressed,
    protect_counts,
    protect_derived,
    protect_table,
    round_to_base,
)
from analyse.data.contracts import build_schemas

RULES = load_rules()
CBS = load_rules(method="cbs")


def _nan_list(series: pd.Series) -> list:
    return [None if math.isnan(v) else v for v in series]


# --------------------------------------------------------------------------- rules


def test_default_rules_follow_opensafely():
    assert (RULES.threshold, RULES.base, RULES.method, RULES.marker) == (7, 5, "suppress", "*")
    assert RULES.footnote == "Aantallen van 7 of minder zijn niet getoond; overige aantallen afgerond op 5."


def test_overrides_fill_the_footnote_and_bad_values_are_refused():
    rules = load_rules(threshold=10, base=10)
    assert rules.footnote == "Aantallen van 10 of minder zijn niet getoond; overige aantallen afgerond op 10."
    assert "afgerond op 5" in CBS.footnote and CBS.method == "cbs"
    assert load_rules(footnote="Eigen tekst.").footnote == "Eigen tekst."
    with pytest.raises(ValueError, match="unknown rule"):
        load_rules(treshold=5)
    with pytest.raises(ValueError, match="method"):
        load_rules(method="round")
    with pytest.raises(ValueError, match="base"):
        DisclosureRules(base=0)
    with pytest.raises(ValueError, match="threshold"):
        DisclosureRules(threshold=-1)


# --------------------------------------------------------------------------- one series


def test_boundary_around_the_threshold():
    # threshold - 1 = 6 and threshold = 7 are hidden; threshold + 1 = 8 is shown, rounded:
    # 8 / 5 = 1.6 -> nearest whole 2 -> 2 * 5 = 10.
    out = protect_counts(pd.Series([6, 7, 8]), RULES)
    assert _nan_list(out) == [None, None, 10.0]


def test_zero_is_hidden_like_any_small_count():
    # OpenSAFELY redacts 0-7: a shown 0 is a statement about the few inhabitants of a kern.
    assert _nan_list(protect_counts(pd.Series([0, 1]), RULES)) == [None, None]


def test_rounding_to_the_nearest_five():
    # 12 / 5 = 2.4 -> 2 -> 10;   13 / 5 = 2.6 -> 3 -> 15;   15 stays 15;
    # 17 / 5 = 3.4 -> 3 -> 15;   18 / 5 = 3.6 -> 4 -> 20;   1234 / 5 = 246.8 -> 247 -> 1235.
    out = protect_counts(pd.Series([12, 13, 15, 17, 18, 1234]), RULES)
    assert out.tolist() == [10.0, 15.0, 15.0, 15.0, 20.0, 1235.0]


def test_halves_round_upwards():
    # base 10: 15 / 10 = 1.5 -> 2 -> 20;  25 / 10 = 2.5 -> 3 -> 30 (not banker's rounding to 20).
    assert round_to_base(pd.Series([15, 25]), 10).tolist() == [20.0, 30.0]


def test_missing_stays_missing_and_is_not_counted_as_hidden():
    values = pd.Series([float("nan"), 20.0])
    assert _nan_list(protect_counts(values, RULES)) == [None, 20.0]
    assert primary_suppressed(values, RULES).tolist() == [False, False]
    assert display_counts(pd.Series([float("nan"), 3, 1234.0]), RULES).tolist() == ["–", "*", "1.235"]


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


# --------------------------------------------------------------------------- derived figures


def test_rate_from_a_hidden_count_is_hidden():
    counts = pd.Series([5, 40, 8], index=["Hoonhorst", "Dalfsen", "Oudleusen"])
    rates = pd.Series([2.5, 4.1, 3.3], index=counts.index)  # per 1,000 inhabitants
    out = protect_derived(rates, counts, RULES)
    assert _nan_list(out) == [None, 4.1, 3.3]


def test_derived_figure_follows_an_extra_mask_from_a_table():
    rates = pd.Series([0.5, 0.6])
    counts = pd.Series([50, 60])
    out = protect_derived(rates, counts, RULES, suppressed=pd.Series([False, True]))
    assert _nan_list(out) == [0.5, None]


def test_count_columns_come_from_the_data_contract():
    schemas = build_schemas(load_municipality(RAW_DIR))
    assert count_columns(schemas["care_use"]) == ["clients"]
    assert count_columns(schemas["positive_health"]) == ["respondents"]
    assert count_columns(schemas["population"]) == []  # inhabitants: not protected


# --------------------------------------------------------------------------- two-way tables


def _lines(frame: pd.DataFrame):
    yield from (frame.loc[i] for i in frame.index)
    yield from (frame[c] for c in frame.columns)


def _no_line_with_one_hidden(hidden: pd.DataFrame) -> bool:
    return all(int(line.sum()) != 1 for line in _lines(hidden))


TABLE = pd.DataFrame({"wmo": [40, 5, 35], "jeugd": [50, 30, 20], "overig": [60, 45, 55]},
                     index=["Dalfsen", "Hoonhorst", "Lemelerveld"])


def test_single_hidden_cell_gets_secondary_suppression():
    # Hoonhorst/wmo = 5 is hidden. Its row total 5 + 30 + 45 = 80 would give it away
    # (80 - 30 - 45 = 5), so the smallest other cell in that row, jeugd 30, is hidden too.
    # Then column wmo has one hidden cell: its smallest shown cell, Lemelerveld 35 (< 40),
    # is hidden; column jeugd then has one (Hoonhorst): its smallest, Lemelerveld 20.
    # Row Lemelerveld now has two hidden cells: stable.
    result = protect_table(TABLE, RULES)
    primary = {(r, c) for r in result.primary.index for c in result.primary.columns if result.primary.at[r, c]}
    secondary = {(r, c) for r in result.secondary.index for c in result.secondary.columns if result.secondary.at[r, c]}
    assert primary == {("Hoonhorst", "wmo")}
    assert secondary == {("Hoonhorst", "jeugd"), ("Lemelerveld", "wmo"), ("Lemelerveld", "jeugd")}
    assert _no_line_with_one_hidden(result.suppressed)
    assert "terug te rekenen" in result.footnote


def test_table_values_totals_and_display():
    result = protect_table(TABLE, RULES)
    # Totals from the true counts, then rounded: Dalfsen 40 + 50 + 60 = 150;
    # Hoonhorst 80; Lemelerveld 35 + 20 + 55 = 110; wmo 40 + 5 + 35 = 80;
    # jeugd 100; overig 160; grand total 340. All multiples of 5 already.
    assert result.values["Totaal"].tolist() == [150.0, 80.0, 110.0, 340.0]
    assert result.values.loc["Totaal"].tolist() == [80.0, 100.0, 160.0, 340.0]
    assert result.display.loc["Hoonhorst"].tolist() == ["*", "*", "45", "80"]
    assert result.display.loc["Dalfsen"].tolist() == ["40", "50", "60", "150"]
    assert math.isnan(result.values.at["Lemelerveld", "wmo"])


def test_shown_cells_are_rounded():
    # 41 -> 40 (8.2 -> 8), 52 -> 50, 63 -> 65 (12.6 -> 13), 44 -> 45 (8.8 -> 9);
    # totals 41 + 52 = 93 -> 95 (18.6 -> 19), 63 + 44 = 107 -> 105, 41 + 63 = 104 -> 105,
    # 52 + 44 = 96 -> 95, 200 -> 200.
    table = pd.DataFrame({"a": [41, 63], "b": [52, 44]}, index=["x", "y"])
    result = protect_table(table, RULES)
    assert result.values.to_numpy().tolist() == [[40.0, 50.0, 95.0], [65.0, 45.0, 105.0], [105.0, 95.0, 200.0]]
    assert not result.suppressed.to_numpy().any()
    assert result.footnote == RULES.footnote


def test_small_total_is_hidden_and_protected_in_its_line():
    # Row "y": 3 + 2 = 5 <= 7: cells and total hidden (primary). Column totals: a = 23,
    # b = 22 both shown, so every line has 0 or 2+ hidden entries without secondary help.
    table = pd.DataFrame({"a": [20, 3], "b": [20, 2]}, index=["x", "y"])
    result = protect_table(table, RULES)
    assert result.primary.loc["y"].tolist() == [True, True, True]
    assert _no_line_with_one_hidden(result.suppressed)


def test_hidden_column_total_is_protected_against_the_grand_total():
    # Column "c" is 2 + 3 = 5 in total: hidden (primary) with its cells. Rows x and y each
    # have one hidden cell, so their smallest other cell (b = 10) is hidden; the totals row
    # has one hidden entry (c = 5), which 85 - 60 - 20 would give away, so the smallest
    # other column total (b = 20) is hidden too. Every line now has 0 or 2+ hidden.
    table = pd.DataFrame({"a": [30, 30], "b": [10, 10], "c": [2, 3]}, index=["x", "y"])
    result = protect_table(table, RULES)
    assert result.secondary["b"].tolist() == [True, True, True]
    assert result.secondary.to_numpy().sum() == 3
    assert _no_line_with_one_hidden(result.suppressed)


def test_without_totals_there_is_nothing_to_subtract_from():
    result = protect_table(TABLE, RULES, totals=False)
    assert list(result.values.columns) == ["wmo", "jeugd", "overig"]
    assert result.primary.to_numpy().sum() == 1
    assert not result.secondary.to_numpy().any()


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


def test_missing_cell_in_a_table_is_refused():
    with pytest.raises(ValueError, match="fill cells without people with 0"):
        protect_table(pd.DataFrame({"a": [1.0, float("nan")]}), RULES)


# --------------------------------------------------------------------------- person-level input


def test_elfproef():
    # 111222333: 9*1 + 8*1 + 7*1 + 6*2 + 5*2 + 4*2 + 3*3 + 2*3 = 69; 69 - 1*3 = 66 = 6 * 11: passes.
    # 123456782: 9*1 + 8*2 + 7*3 + 6*4 + 5*5 + 4*6 + 3*7 + 2*8 = 156; 156 - 2 = 154 = 14 * 11: passes.
    # 123456789: 156 - 9 = 147 = 13 * 11 + 4: fails.  111222334: 69 - 4 = 65: fails.
    assert elfproef("111222333") and elfproef("123456782")
    assert not elfproef("123456789") and not elfproef("111222334")
    assert not elfproef("000000000") and not elfproef("12345678")


def test_looks_person_level_by_values_and_names():
    bsn = pd.DataFrame({"nummer": ["111222333", "1234.56.782", "111222333"]})
    assert looks_person_level(bsn) == ["column 'nummer': this column looks like citizen service numbers (BSN)"]
    codes = pd.DataFrame({"nummer": ["123456789", "111222334", "123456789"]})
    assert looks_person_level(codes) == []
    named = pd.DataFrame({"naam": ["Jansen"], "geboortedatum": ["1950-01-01"], "kern": ["Dalfsen"]})
    assert [m.split(":")[0] for m in looks_person_level(named)] == ["column 'naam'", "column 'geboortedatum'"]
    address = pd.DataFrame({"postcode": ["7721 AB"], "huisnummer": ["12"]})
    assert looks_person_level(address) == ["column 'huisnummer': together with 'postcode' it gives home addresses"]
    assert looks_person_level(pd.DataFrame({"postcode": ["7721"], "clients": ["12"]})) == []


def test_contract_columns_are_not_judged_by_their_name():
    # sroi_projects has its own column "name" (a project name): not person-level.
    schema = build_schemas(load_municipality(RAW_DIR))["sroi_projects"]
    frame = pd.DataFrame({"project": ["p1"], "name": ["Buurtkracht"]})
    assert looks_person_level(frame, schema) == []


def _care_use_with(raw_copy, column: str, values: list[str]):
    path = raw_copy / "care_use.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[column] = [values[i % len(values)] for i in range(len(frame))]
    frame.to_csv(path, index=False)
    return path


def test_validate_rejects_a_bsn_column(raw_copy, run_cli):
    # Both numbers pass the eleven-test (see test_elfproef).
    path = _care_use_with(raw_copy, "bsn", ["111222333", "123456782"])
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2
    assert (f"{path}:1: column 'bsn': expected aggregated data, not person-level records "
            "(this column looks like citizen service numbers (BSN)): aggregate per quarter, kern and provision first"
            ) in result.err
    assert "unknown column" not in result.err


def test_validate_rejects_bsn_values_under_any_column_name(raw_copy, run_cli):
    path = _care_use_with(raw_copy, "clientnummer", ["111222333", "123456782"])
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2
    assert f"{path}:1: column 'clientnummer': expected aggregated data, not person-level records" in result.err


def test_nine_digit_codes_failing_the_eleven_test_are_not_taken_for_bsn(raw_copy, run_cli):
    # 123456789 and 111222334 fail the eleven-test (see test_elfproef).
    path = _care_use_with(raw_copy, "dossiercode", ["123456789", "111222334"])
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2
    assert f"{path}:1: column 'dossiercode': unknown column: expected only the columns" in result.err
    assert "person-level" not in result.err


def test_validate_rejects_a_name_column(raw_copy, run_cli):
    path = _care_use_with(raw_copy, "naam", ["Jansen", "de Vries"])
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2
    assert (f"{path}:1: column 'naam': expected aggregated data, not person-level records "
            "(its name says it holds names of people): aggregate per quarter, kern and provision first") in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("count, shown", [(6, "≤7"), (7, "≤7"), (8, "10"), (12, "10"), (13, "15"), (1234, "1.235")])
def test_show_count_for_sentences_and_labels(count, shown):
    # 8 -> nearest 5 is 10; 12 -> 10; 13 -> 15; 1234 -> 1235 (halves and above round up: 1232.5 -> 1235)
    assert privacy.show_count(count) == shown


def test_every_count_column_of_the_contracts_is_protected_in_tables():
    from analyse.config import RAW_DIR, load_municipality
    from analyse.data.contracts import build_schemas

    schemas = build_schemas(load_municipality(RAW_DIR))
    declared = {c for s in schemas.values() for c in privacy.count_columns(s)}
    assert declared and declared <= set(privacy.REPORT_COUNT_COLUMNS)
