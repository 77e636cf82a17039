"""The CBS import (scripts/import_cbs.py) and the shipped CBS files, cross-checked against
figures CBS publishes (README of the extract; StatLine tables named per check)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
from cbs_frames import shipped

from analyse.config import RAW_DIR, ROOT

SCRIPT = ROOT / "scripts" / "import_cbs.py"
SOURCE = ROOT.parent / "shared" / "data" / "cbs"


def _one(frame, **where):
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column].astype(str) == str(value)]
    assert len(rows) == 1, where
    return rows.iloc[0]


@pytest.mark.parametrize("period, expected", [(2017, 35), (2019, 58), (2021, 59), (2023, 54)])
def test_wmo_dalfsen_years_as_cbs_publishes_them(period, expected):
    # CBS StatLine 86050NED, gemeente Dalfsen (GM0148), Wmo-cliënten per 1 000 inwoners, Totaal.
    row = _one(shipped("cbs_wmo_year"), region="Dalfsen", region_type="gemeente", year=period)
    assert row["clients_per_1000"] == expected


def test_wmo_dalfsen_first_half_2024_and_no_year_for_2024():
    half = shipped("cbs_wmo_halfyear")
    assert _one(half, region="Dalfsen", region_type="gemeente", halfyear="2024H1")["clients_per_1000"] == 50  # 86050NED
    years = shipped("cbs_wmo_year")
    assert 2024 not in set(years.loc[years["region"] == "Dalfsen", "year"].astype(int))  # half-year only
    assert "year" not in half.columns and "halfyear" not in years.columns  # never mixed in one dataset


def test_suppressed_cells_stay_missing_never_zero():
    half = shipped("cbs_wmo_halfyear")
    # 86050NED has no Nederland figure for the 2nd half of 2021 (empty cell in StatLine).
    nl = _one(half, region="Nederland", halfyear="2021H2")
    assert pd.isna(nl["clients_per_1000"]) and pd.isna(nl["clients"])
    heumen = half[(half["region"] == "Heumen")]  # delivered no Wmo data to CBS in 2017-2024
    assert len(heumen) == 15 and heumen["clients"].isna().all()


def test_year_counts_cover_both_half_years():
    # A year counts everyone with a provision at any time in it: at least the larger half-year
    # (CBS rounds each count to 5, hence the tolerance of 5).
    half = shipped("cbs_wmo_halfyear").dropna(subset=["clients"])
    years = shipped("cbs_wmo_year").dropna(subset=["clients"])
    half = half.assign(year=half["halfyear"].str[:4].astype(int))
    most = half.groupby(["region_type", "municipality", "region", "year"], observed=True)["clients"].max()
    joined = years.set_index(["region_type", "municipality", "region", "year"])["clients"].to_frame("year_count")
    joined = joined.join(most.rename("half_max"), how="inner")
    assert len(joined) > 2000
    assert (joined["year_count"] >= joined["half_max"] - 5).all()


def test_population_2024_equals_the_iv3_inhabitants():
    # CBS 03759ned: Dalfsen 29,683 on 1 January 2024; the Iv3 classes (gemeenteklassen 2024) give the same.
    population = _one(shipped("cbs_population"), region="Dalfsen", year=2024)["population_1_january"]
    assert population == 29683
    classes = _one(shipped("gemeenteklassen"), municipality="Dalfsen", year=2024)
    assert classes["inhabitants"] == population


def test_health_monitor_2022_dalfsen_health_good():
    # CBS 85563NED (Gezondheidsmonitor 2022), Dalfsen, 18+: ervaren gezondheid goed/zeer goed 75.7 (72.3-78.8).
    row = _one(shipped("cbs_health_monitor"), region="Dalfsen", edition=2022, age_band="all", indicator="health_good")
    assert (row["value"], row["lower"], row["upper"]) == (75.7, 72.3, 78.8)
    assert row["cbs_table"] == "85563NED"


def test_youth_care_tables_meet_at_2021():
    years = shipped("cbs_youth_care_year")
    dalfsen = years[(years["region"] == "Dalfsen") & (years["care_form"] == "totaal")].set_index("year")
    assert set(dalfsen.loc[dalfsen.index < 2021, "cbs_table"]) == {"84134NED"}
    assert set(dalfsen.loc[dalfsen.index >= 2021, "cbs_table"]) == {"85099NED"}
    assert dalfsen.loc[2023, "pct_young_people"] == 9.8  # 85099NED, Dalfsen 2023


def test_every_municipality_of_the_classes_joins_the_cbs_names():
    classes = shipped("gemeenteklassen")
    names = set(classes.loc[classes["year"] == 2023, "cbs_name"].astype(str))
    assert names <= set(shipped("cbs_wmo_year")["region"].astype(str))
    assert names <= set(shipped("cbs_youth_care_year")["region"].astype(str))


@pytest.mark.skipif(not SOURCE.exists(), reason="the CBS extract folder ../shared/data/cbs is not on this machine")
def test_import_reproduces_the_shipped_files(tmp_path: Path):
    spec = importlib.util.spec_from_file_location("import_cbs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--source", str(SOURCE), "--out", str(tmp_path)]) == 0
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (RAW_DIR / path.name).read_bytes(), path.name


def test_split_period():
    spec = importlib.util.spec_from_file_location("import_cbs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.split_period("1e halfjaar 2024") == (2024, 1)
    assert module.split_period("1e half jaar 2024") == (2024, 1)  # CBS's spelling in 85099NED
    assert module.split_period("2e halfjaar 2017") == (2017, 2)
    assert module.split_period("2023") == (2023, None)
