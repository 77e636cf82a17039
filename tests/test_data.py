"""Library access for notebooks: one call per dataset, typed, rebuilt when stale."""

from __future__ import annotations

import pandas as pd
import pytest

from analyse import data
from analyse.config import POSITIVE_HEALTH_DIMENSIONS, load_municipality
from analyse.data.problems import InputError


@pytest.fixture
def dirs(raw_copy, tmp_path):
    return {"data_dir": raw_copy, "processed_dir": tmp_path / "processed"}


def test_loaders_return_typed_frames(dirs):
    muni = load_municipality(dirs["data_dir"])
    care = data.care_use(**dirs)
    assert care["quarter"].dtype == pd.PeriodDtype("Q")
    assert list(care["kern"].cat.categories) == list(muni.kernen)
    assert str(care["clients"].dtype) == "Int64"
    budget = data.budget(**dirs)
    assert budget["amount_eur"].dtype == "float64"
    assert list(budget["policy_field"].cat.categories) == list(muni.policy_fields)
    register = data.interventions(**dirs)
    assert pd.api.types.is_datetime64_any_dtype(register["start_date"])
    health = data.positive_health(**dirs)
    assert list(health["dimension"].cat.categories) == list(POSITIVE_HEALTH_DIMENSIONS)
    for loader in (data.realisation, data.evaluations, data.sroi_projects, data.sroi_investments,
                   data.sroi_outcomes, data.cpi, data.population):
        assert len(loader(**dirs)) > 0


def test_loader_rebuilds_when_raw_data_change(dirs):
    before = data.cpi(**dirs)
    path = dirs["data_dir"] / "cpi.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0]] + [line for line in lines[1:] if not line.startswith("2010,")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    after = data.cpi(**dirs)
    assert len(after) == len(before) - 1 and 2010 not in set(after["year"])


def test_loader_refuses_invalid_raw_data_and_keeps_processed(dirs):
    data.care_use(**dirs)
    (dirs["data_dir"] / "care_use.csv").write_text("quarter,kern,provision,clients\n2015Q1,Atlantis,wmo,3\n")
    with pytest.raises(InputError, match="value 'Atlantis'"):
        data.care_use(**dirs)
    assert (dirs["processed_dir"] / "care_use.parquet").exists()


def test_explode_list_expands_alle():
    frame = pd.DataFrame({"intervention": ["a", "b"], "kernen": ["alle", "X|Y"]})
    out = data.explode_list(frame, "kernen", all_items=["X", "Y", "Z"])
    assert out.groupby("intervention")["kernen"].apply(list).to_dict() == {"a": ["X", "Y", "Z"], "b": ["X", "Y"]}
