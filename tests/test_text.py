"""Dutch dates and periods (analyse.publish.text); number formats are tested in test_style.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analyse.publish.text import MISSING, format_date, format_period


@pytest.mark.parametrize(("value", "expected"), [
    (dt.date(2026, 11, 25), "25 november 2026"),
    (dt.datetime(2026, 3, 1, 23, 59), "1 maart 2026"),
    ("2026-11-25T15:06:53+00:00", "25 november 2026"),
    (pd.Timestamp("2024-05-09"), "9 mei 2024"),
    (None, MISSING),
])
def test_format_date(value, expected):
    assert format_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2026Q3", "3e kwartaal 2026"),
    ("2021-Q1", "1e kwartaal 2021"),
    ("2021 K4", "4e kwartaal 2021"),
    (pd.Period("2025Q2", freq="Q"), "2e kwartaal 2025"),
    ("2024H1", "1e halfjaar 2024"),
    ("2024H3", "2024H3"),  # not a half-year: shown as given, not invented
    (2023, "2023"),
    (None, MISSING),
])
def test_format_period(value, expected):
    assert format_period(value) == expected
