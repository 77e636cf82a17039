"""Person-level input (analyse.data.person_level) and its rejection by ``analyse validate``.
The eleven-test itself is worked out in tests/cases/disclosure.yaml."""

from __future__ import annotations

import pandas as pd

from analyse.config import RAW_DIR, load_municipality
from analyse.data.contracts import build_schemas
from analyse.data.person_level import looks_like_bsn, looks_person_level, person_level_columns


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


def test_bsn_share_and_number_cells():
    # 123456782 stored by Excel as a number; one of five values failing still passes at 80%.
    assert looks_like_bsn([123456782.0, "111222333", "111222333", "123456782", "123456789"])
    assert not looks_like_bsn(["111222333", "123456789"])  # 50% < 80%
    assert not looks_like_bsn([None, float("nan"), ""])
    assert person_level_columns(pd.DataFrame({"x": ["111222333", "123456789"]}), min_share=0.5) == {
        "x": "this column looks like citizen service numbers (BSN)"}


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
    # Both numbers pass the eleven-test (see tests/cases/disclosure.yaml).
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
    # 123456789 and 111222334 fail the eleven-test (see tests/cases/disclosure.yaml).
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
