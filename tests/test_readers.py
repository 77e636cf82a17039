"""Reading files as analysts have them (analyse.data.readers): encodings, delimiters, Excel."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import TEST_DATA

from analyse.config import RAW_DIR, load_municipality
from analyse.data import readers
from analyse.data.contracts import build_schemas
from analyse.data.validate import parse_frame

FORMATS = TEST_DATA / "formats"


def test_header_normalisation():
    assert readers.normalise_header(" Budget line ") == "budget_line"
    assert readers.normalise_header("\ufeffDrop-off") == "drop_off"


def _typed(path, name):
    schema = build_schemas(load_municipality(RAW_DIR))[name]
    frame, problems = parse_frame(readers.read_table(path), schema, path.name)
    assert problems == []
    frame.attrs.clear()
    return frame.reset_index(drop=True)


@pytest.mark.parametrize("name", ["budget", "sroi_outcomes", "interventions"])
@pytest.mark.parametrize("variant", ["excel-nl.csv", "bom.csv", "xlsx"])
def test_dutch_locale_and_excel_variants_load_to_the_plain_frame(name, variant):
    """A file saved the Dutch way (semicolons, Windows-1252, "€ 1.200.000,00", "25%",
    day-first dates, header in words) or as .xlsx loads to exactly the plain CSV's frame."""
    plain = _typed(FORMATS / f"{name}.plain.csv", name)
    other = _typed(FORMATS / f"{name}.{variant}", name)
    pd.testing.assert_frame_equal(other, plain, check_exact=True)


def test_reader_detects_encoding_and_delimiter():
    table = readers.read_table(FORMATS / "budget.excel-nl.csv")
    assert (table.encoding, table.delimiter, table.decimal) == ("cp1252", ";", ",")
    table = readers.read_table(FORMATS / "budget.bom.csv")
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    table = readers.read_table(FORMATS / "budget.plain.csv")
    assert (table.encoding, table.delimiter, table.decimal) == ("utf-8", ",", ".")
    # Row numbers are the lines of the file: header is line 1.
    assert list(table.frame.index) == [2, 3, 4, 5]
