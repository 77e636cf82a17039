"""Cell parsers (analyse.data.cells): Dutch and plain numbers, shares, quarters, dates."""

from __future__ import annotations

import pandas as pd
import pytest

from analyse.data import cells


@pytest.mark.parametrize(
    "text, decimal, expected",
    [
        ("€ 1.200.000", ",", 1_200_000.0),  # Dutch thousands dots, euro sign
        ("€ 1.200.000", ".", 1_200_000.0),  # several dot groups are thousands in any file
        ("1.200.000,50", ",", 1_200_000.50),  # Dutch decimal comma
        ("1,200,000.50", ".", 1_200_000.50),  # English grouping
        ("2,97", ".", 2.97),  # a single comma before 2 digits is a decimal comma
        ("2,97", ",", 2.97),
        ("1.200", ",", 1200.0),  # the one ambiguous form follows the file: Dutch
        ("1.200", ".", 1.2),  # ... or plain
        ("1200000.50", ".", 1_200_000.50),
        ("-1.234,5", ",", -1234.5),
        ("EUR 30,87", ",", 30.87),
        (" 1 200 000 ", ".", 1_200_000.0),  # spaces as grouping
        (644, ",", 644.0),  # numbers from Excel pass through
    ],
)
def test_parse_number_dutch_and_plain(text, decimal, expected):
    assert cells.parse_number(text, decimal)[0] == pytest.approx(expected, rel=0, abs=1e-9)


@pytest.mark.parametrize("text", ["abc", "1,2,3,4.5.6", "12a", "", "1.2.3,4,5", "--5", "10%", "nan", "inf"])
def test_parse_number_rejects_garbage(text):
    with pytest.raises(ValueError, match="expected a number"):
        cells.parse_number(text, ",")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10%", 0.10),
        ("0,1", 0.10),
        ("0.1", 0.10),
        ("33,3%", 0.333),
        ("0%", 0.0),
        ("100%", 1.0),
        (0.25, 0.25),
        ("1", 1.0),
    ],
)
def test_parse_fraction(text, expected):
    assert cells.parse_fraction(text, ",") == expected


@pytest.mark.parametrize("text", ["10", "120", "-5%", "abc"])
def test_parse_fraction_refuses_to_guess(text):
    # "10" could be 10% or ten: refused rather than guessed. Out-of-range percentages are
    # caught by the schema's range check (120% -> 1.2 -> "between 0 and 1").
    if text == "-5%":
        assert cells.parse_fraction(text) == -0.05
        return
    with pytest.raises(ValueError, match="share between 0 and 1"):
        cells.parse_fraction(text)


@pytest.mark.parametrize("text", ["2015Q1", "2015-Q1", "2015 Q1", "2015K1", "q1 2015", "Q1-2015"])
def test_parse_quarter_spellings(text):
    assert cells.parse_quarter(text) == pd.Period("2015Q1", freq="Q")


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "2026", "2026-03", "Q5 2026"])
def test_parse_quarter_rejects(text):
    with pytest.raises(ValueError, match="Q1 to Q4"):
        cells.parse_quarter(text)


@pytest.mark.parametrize("text", ["2021-03-01", "1-3-2021", "01-03-2021", "1/3/2021", "2021-03-01 00:00:00"])
def test_parse_date_iso_and_day_first(text):
    assert cells.parse_date(text) == pd.Timestamp("2021-03-01")


@pytest.mark.parametrize("text, expected", [("2024H1", "2024H1"), ("2024-h2", "2024H2"), ("1e halfjaar 2024", "2024H1"),
                                            ("1e half jaar 2024", "2024H1"), ("2e halfjaar  2017", "2017H2")])
def test_parse_halfyear_spellings(text, expected):
    assert cells.parse_halfyear(text) == expected


@pytest.mark.parametrize("text", ["2024H3", "2024H0", "2024Q1", "2024", "3e halfjaar 2024"])
def test_parse_halfyear_refuses(text):
    with pytest.raises(ValueError, match="half-year such as 2024H1"):
        cells.parse_halfyear(text)


def test_a_too_large_number_message_keeps_its_example_intact():
    from analyse.data.cells import parse_number

    with pytest.raises(ValueError) as err:
        parse_number("9" * 400)
    assert str(err.value) == ("expected a number such as 1200000 or 1.200.000,50, "
                              "at most 1.000.000.000.000.000 in size")
