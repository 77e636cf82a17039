"""analyse validate: the shipped data pass; every kind of bad input is reported cleanly."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest
import yaml
from conftest import TEST_DATA

from analyse.config import RAW_DIR, last_completed_quarter, load_municipality
from analyse.data import readers as rio
from analyse.data.catalog import load_catalog
from analyse.data.contracts import build_schemas
from analyse.data.validate import validate_dir

BAD = TEST_DATA / "bad"
CASES = yaml.safe_load((BAD / "cases.yaml").read_text(encoding="utf-8"))


def test_every_schema_accepts_the_shipped_data():
    result = validate_dir(RAW_DIR)
    assert result.problems == []
    schemas = build_schemas(result.municipality)
    # Every contract has a shipped dataset, and every dataset has rows.
    assert {d.schema for d in result.catalog.values()} == set(schemas)
    for name, frame in result.frames.items():
        assert len(frame) > 0, name


def test_catalog_states_source_licence_and_status_for_every_dataset():
    for dataset in load_catalog(RAW_DIR).values():
        assert dataset.source and dataset.licence, dataset.name
        assert dataset.status in {"real", "illustrative", "mixed"}


def test_bad_corpus_is_fully_listed():
    listed = {case["file"] for case in CASES}
    present = {p.name for p in BAD.iterdir() if p.name != "cases.yaml"}
    assert listed == present
    assert len(listed) >= 20


def _install(raw_copy, case):
    """Put the bad file in place of the case's dataset (an .xlsx one also in the catalog)."""
    catalog_path = raw_copy / "catalog.yaml"
    catalog = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    entry = catalog["datasets"][case["dataset"]]
    suffix = "." + case["file"].rsplit(".", 1)[1]
    (raw_copy / entry["file"]).unlink()
    entry["file"] = case["dataset"] + suffix
    catalog_path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    shutil.copyfile(BAD / case["file"], raw_copy / entry["file"])


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_is_rejected_with_its_message(case, raw_copy, run_cli):
    _install(raw_copy, case)
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert any(case["expect"] in line for line in lines), result.err
    # The problem line starts with the file's path.
    line = next(line for line in lines if case["expect"] in line)
    assert line.startswith(str(raw_copy))
    assert lines[-1].endswith("nothing was changed.")


def _corruptible_column(schema) -> str:
    return next(n for n, c in schema.columns.items() if c.required and c.metadata["kind"] not in ("text",))


@pytest.mark.parametrize("name", sorted(load_catalog(RAW_DIR)))
def test_any_single_corruption_of_shipped_data_is_reported(name, request, run_cli):
    """Overwrite one cell of one shipped file with garbage: exit 2 naming file, row, column, value."""
    raw_copy = request.getfixturevalue("raw_copy")
    if name not in load_catalog(raw_copy):  # a national open dataset: only in the full copy
        raw_copy = request.getfixturevalue("raw_copy_all")
    dataset = load_catalog(raw_copy)[name]
    schema = build_schemas(load_municipality(raw_copy))[dataset.schema]
    path = raw_copy / dataset.file
    table = rio.read_table(path)
    column = _corruptible_column(schema)
    row = table.frame.index[min(3, len(table.frame) - 1)]
    frame = table.frame.copy()
    frame.at[row, column] = "#!?"
    frame.to_csv(path, index=False)
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2
    assert f"{path}:{row}: column '{column}': value '#!?': expected" in result.err


def test_all_problems_of_all_files_in_one_run(raw_copy, run_cli):
    shutil.copyfile(BAD / "care_use_unknown_kern.csv", raw_copy / "care_use.csv")
    shutil.copyfile(BAD / "positive_health_score_11.csv", raw_copy / "positive_health.csv")
    (raw_copy / "cpi.csv").write_bytes(b"")
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2
    for expected in (
        "care_use.csv:3: column 'kern'",
        "positive_health.csv:2: column 'mean_score'",
        "cpi.csv: file is empty",
    ):
        assert expected in result.err
    assert "3 problem(s) in 3 file(s)" in result.err


def test_coded_values_are_matched_case_insensitively(raw_copy):
    (raw_copy / "care_use.csv").write_text("quarter,kern,provision,clients\n2015-Q1,dalfsen,WMO,5\n", encoding="utf-8")
    result = validate_dir(raw_copy)
    assert result.ok, result.problems
    frame = result.frames["care_use"]
    assert (frame["kern"].iloc[0], frame["provision"].iloc[0]) == ("Dalfsen", "wmo")


def test_evaluation_partner_must_match_the_register(raw_copy):
    evaluations = pd.read_csv(raw_copy / "evaluations.csv", dtype=str, keep_default_na=False)
    register = pd.read_csv(raw_copy / "interventions.csv", dtype=str)
    intervention = evaluations.at[0, "intervention"]
    own = register.set_index("intervention").at[intervention, "partner"]
    other = next(p for p in load_municipality(raw_copy).partners if p != own)
    evaluations.at[0, "partner"] = other
    evaluations.to_csv(raw_copy / "evaluations.csv", index=False)
    messages = [str(p) for p in validate_dir(raw_copy).problems]
    assert messages == [
        f"{raw_copy / 'evaluations.csv'}:2: column 'partner': value '{other}': "
        f"expected the partner of '{intervention}' in the register: '{own}'"
    ]


def test_sroi_rows_must_name_a_known_project(raw_copy):
    path = raw_copy / "sroi_investments.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    first_project = text[1].split(",")[0]
    text[1] = text[1].replace(first_project, "onbekend_project", 1)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    messages = [str(p) for p in validate_dir(raw_copy).problems]
    assert any(
        "sroi_investments.csv:2: column 'project': value 'onbekend_project': expected a project from" in m
        for m in messages
    )


@pytest.mark.parametrize(
    "today, expected",
    [
        (dt.date(2026, 11, 25), "2026Q3"),
        (dt.date(2026, 10, 1), "2026Q3"),
        (dt.date(2026, 9, 30), "2026Q2"),
        (dt.date(2027, 1, 1), "2026Q4"),
    ],
)
def test_last_completed_quarter_boundaries(today, expected):
    assert str(last_completed_quarter(today)) == expected


def test_repeated_key_with_an_empty_or_invalid_key_cell_reports_the_cells(raw_copy):
    # Rows 2 and 3 repeat a key whose policy_field is blank, rows 4 and 5 one whose quarter
    # is invalid: the bad cells are reported (row by row), not a duplicate key and no crash.
    (raw_copy / "realisation.csv").write_text(
        "quarter,policy_field,budget_line,amount_eur\n"
        "2015Q1,,Cultuur overig,1\n2015Q1,,Cultuur overig,2\n"
        "2015Q9,Cultuur,Cultuur overig,1\n2015Q0,Cultuur,Cultuur overig,2\n", encoding="utf-8")
    problems = validate_dir(raw_copy).problems
    found = {(p.row, p.column) for p in problems if p.file.endswith("realisation.csv")}
    assert found == {(2, "policy_field"), (3, "policy_field"), (4, "quarter"), (5, "quarter")}
    assert not any("duplicate" in p.message for p in problems)


def test_duplicate_key_with_an_empty_optional_key_cell_shows_leeg():
    from analyse.data.parse import duplicate_problems

    frame = pd.DataFrame({"a": ["x", "x"], "b": [None, None]}, index=[2, 3])
    (only,) = duplicate_problems(frame, ["a", "b"], "f.csv")
    assert (only.row, only.value) == (3, "x, (leeg)")
