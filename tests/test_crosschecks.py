"""Cross-dataset checks of the national open data (Iv3, gemeenteklassen, CBS series)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyse.data.validate import validate_dir


def _edit(path: Path, change) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(frame).to_csv(path, index=False)


def test_national_data_must_agree_and_hold_the_configured_municipality(raw_copy_all):
    raw = raw_copy_all

    def iv3(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame[~((frame["municipality"] == "Dalfsen") & (frame["year"] == "2024"))].copy()
        frame.loc[frame["municipality"] == "Zwolle", "municipality"] = "Atlantis"
        frame.loc[frame.index[0], "taakveld_code"] = "9.99"  # matches the pattern, not a taakveld
        return frame

    _edit(raw / "iv3.csv.gz", iv3)
    _edit(raw / "cbs_wmo_halfyear.csv.gz", lambda f: f[f["region"] != "Dalfsen"])

    def health(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[frame.index[0], "lower"] = str(float(frame.loc[frame.index[0], "value"]) + 1)
        return frame

    _edit(raw / "cbs_health_monitor.csv.gz", health)
    problems = validate_dir(raw).problems
    found = {(Path(p.file).name, p.column, str(p.value)) for p in problems}
    assert ("iv3.csv.gz", "municipality", "Atlantis") in found
    assert ("gemeenteklassen.csv", "municipality", "Zwolle") in found
    assert ("iv3.csv.gz", "municipality", "Dalfsen") in found  # no rows for 2024
    assert ("iv3.csv.gz", "taakveld_code", "9.99") in found
    assert ("cbs_wmo_halfyear.csv.gz", "region", "Dalfsen") in found
    assert any(Path(p.file).name == "cbs_health_monitor.csv.gz" and p.column == "lower" and p.row == 2
               for p in problems)
    texts = [str(p) for p in problems]
    assert any("no rows for 2024 of 'Dalfsen'" in t for t in texts)


def test_configured_municipality_missing_from_the_national_data(raw_copy_all):
    yaml_file = raw_copy_all / "municipality.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("name: Dalfsen", "name: Atlantis"),
                         encoding="utf-8")
    problems = validate_dir(raw_copy_all).problems
    named = {Path(p.file).name for p in problems if p.value == "Atlantis"}
    assert {"iv3.csv.gz", "gemeenteklassen.csv", "cbs_wmo_year.csv.gz", "cbs_population.csv"} <= named
