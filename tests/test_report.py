"""analyse.publish.report: the Verantwoording in Dutch form (review 2 item 13)."""

from __future__ import annotations

import builtins

import pytest

from analyse.publish.report import local_time_text, parameter_text, provenance_cell


@pytest.mark.parametrize("value, expected", [
    ("Dalfsen", "Dalfsen"), (2.0, "2,0"), (0.0225, "0,0225"), (None, "standaard"), (2024, "2024"),
    (10000, "10000"), (True, "ja"), (["a", 1.5], "a, 1,5"),
])
def test_parameter_values_read_as_dutch_not_as_python(value, expected):
    assert parameter_text(value) == expected


def test_time_is_dutch_local_time():
    # 16:44 UTC on 25 November is 17:44 in Amsterdam (CET = UTC+1 in winter); in July UTC+2.
    assert local_time_text("2026-11-25T16:44:19+00:00") == "25 november 2026, 17:44"
    assert local_time_text("2026-07-01T23:30:00+00:00") == "2 juli 2026, 01:30"
    assert local_time_text("geen tijd") == "geen tijd"


def test_without_time_zone_data_the_time_is_utc_and_says_so(monkeypatch):
    real_import = builtins.__import__

    def no_zoneinfo(name, *args, **kwargs):
        if name == "zoneinfo":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_zoneinfo)
    assert local_time_text("2026-11-25T17:44:19+01:00") == "25 november 2026, 16:44 UTC"


def test_provenance_cell_shows_dutch_values_and_time():
    cell = provenance_cell({"parameters": {"gemeente": "Dalfsen", "cpi_assumption_pct": 2.0, "discount_rate": None},
                            "descriptions": {}, "inputs": {}, "timestamp": "2026-11-25T16:44:19+00:00",
                            "package_version": "1", "git_commit": "abc", "command": "analyse run"})
    text = cell.source
    assert "Gemaakt op 25 november 2026, 17:44 met analyse" in text
    assert "<code>Dalfsen</code>" in text and "<code>2,0</code>" in text and "<code>standaard</code>" in text
    assert "'Dalfsen'" not in text and "2.0" not in text and "None" not in text and "+00:00" not in text
