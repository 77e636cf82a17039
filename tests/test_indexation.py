"""Indexation (analyse.methods.indexation, via the notebook facade analyse.trends): the
shipped CPI against CBS published figures, explicit assumptions, the wage/price mix and
the parameter file. Worked examples by hand (deflation, index numbers, changes,
purchasing power) are cases in tests/cases/trends.yaml."""

from __future__ import annotations

import pandas as pd
import pytest

from analyse import data, params
from analyse import trends as T
from analyse.config import RAW_DIR
from analyse.methods import indexation


@pytest.fixture(scope="module")
def cpi_frame(tmp_path_factory) -> pd.DataFrame:
    """The shipped CPI, built into a scratch folder (data/processed is not touched)."""
    return data.cpi(data_dir=RAW_DIR, processed_dir=tmp_path_factory.mktemp("processed"))


@pytest.fixture(scope="module")
def cpi(cpi_frame) -> indexation.PriceIndex:
    return indexation.cpi_index(cpi_frame)


def test_deflate_reproduces_cbs_published_index(cpi):
    # CBS 83131NED/83136NED: yearly average CPI 2022 = 121.43 with 2015 = 100.
    # So 100 euros of 2015 buy what 121.43 euros buy in 2022, and back again.
    to_2022 = T.deflate(pd.Series({2015: 100.0}), 2022, cpi)
    assert to_2022.loc[2015] == pytest.approx(121.43, abs=0.005)
    assert to_2022.attrs["price_year"] == 2022 and to_2022.attrs["assumed_years"] == ()
    assert T.deflate(pd.Series({2022: 121.43}), 2015, cpi).loc[2022] == pytest.approx(100.0, abs=0.005)


def test_shipped_cpi_agrees_with_cbs_yearly_changes(cpi):
    # CBS release "Inflatie 10 procent in 2022": CPI +10.0% in 2022; 2015 -> 2022 = 121.43 / 100 - 1.
    assert T.yearly_change(cpi.values).loc[2022] == pytest.approx(0.100, abs=0.0005)
    assert T.cumulative_change(cpi.values, 2015, 2022) == pytest.approx(0.2143, abs=0.00005)
    assert T.index_numbers(cpi.values, 2022).loc[2015] == pytest.approx(82.35, abs=0.005)


def test_cpi_index_takes_the_frame_and_the_facade_loads_it_for_notebooks(cpi_frame, monkeypatch):
    with pytest.raises(TypeError):
        indexation.cpi_index()  # methods load no data
    monkeypatch.setattr(data, "cpi", lambda: cpi_frame)
    shipped = T.cpi_index()
    assert shipped.values.loc[2022] == pytest.approx(121.43) and shipped.name == "CPI (CBS, 2015 = 100)"
    assert T.cpi_index(cpi_frame).values.equals(shipped.values)


def test_duplicate_years_and_a_missing_index_are_refused(cpi):
    with pytest.raises(T.SeriesError, match=r"series 'welzijn': duplicate year 2012"):
        T.deflate(pd.Series([1.0, 2.0], index=[2012, 2012], name="welzijn"), 2015, cpi)
    with pytest.raises(TypeError):
        T.deflate(pd.Series({2015: 1.0}), 2022)  # the index is always explicit
    with pytest.raises(T.SeriesError, match=r"expected yearly values indexed by integer year"):
        T.deflate(pd.Series({"2015": 1.0}), 2022, cpi)


def test_year_beyond_cpi_fails_unless_an_assumption_is_passed(cpi):
    budget = pd.Series({2025: 1_140_000.0, 2026: 1_140_000.0}, name="welzijn")
    with pytest.raises(T.SeriesError, match=r"no index value for 2026 \(covers 2010-2025\).*extend_index"):
        T.deflate(budget, 2025, cpi)
    assumed = T.load_indexation_params()["cpi_change_assumption_pct"].values  # {2026: 2.0}
    extended = T.extend_index(cpi, assumed)
    real = T.deflate(budget, 2025, extended)
    # 2026 index = 2025 index x 1.02, so 1,140,000 of 2026 = 1,140,000 / 1.02 = 1,117,647.06 of 2025.
    assert real.loc[2026] == pytest.approx(1_117_647.06, abs=0.01)
    assert real.loc[2025] == pytest.approx(1_140_000.0)
    assert real.attrs["assumed_years"] == (2026,) and "aangenomen" in real.attrs["index"]
    loss = T.purchasing_power_loss(budget, 2025, 2026, price_year=2025, index=extended)
    assert loss["index_assumed"].tolist() == [False, True]
    with pytest.raises(T.SeriesError, match="expected the year after 2025"):
        T.extend_index(cpi, {2027: 2.0})


def test_wage_price_mix_index(cpi):
    # Pure wages (weight 1): CBS cao wages +6.1% 2023, +6.6% 2024, +5.0% 2025, 2022 = 100:
    # 100 x 1.061 x 1.066 x 1.050 = 118.757.
    wages = T.wage_price_index(wage_weight=1.0, prices=cpi)
    assert wages.values.loc[2025] == pytest.approx(118.757, abs=0.001)
    # 80/20 (params default) in 2023: 0.8 x 6.1% + 0.2 x (126.04 / 121.43 - 1) = 4.88% + 0.76% = 5.64%.
    mix = T.wage_price_index(prices=cpi)
    assert mix.values.loc[2022] == 100.0
    assert mix.values.loc[2023] == pytest.approx(100 * (1 + 0.8 * 0.061 + 0.2 * (126.04 / 121.43 - 1)), abs=1e-9)
    assert mix.values.loc[2023] == pytest.approx(105.64, abs=0.005)
    # Used as the index of deflate: 100 euros of 2022 in 2025 wage prices.
    assert T.deflate(pd.Series({2022: 100.0}), 2025, wages).loc[2022] == pytest.approx(118.757, abs=0.001)
    with pytest.raises(ValueError, match="between 0 and 1"):
        T.wage_price_index(wage_weight=1.2, prices=cpi)


def test_indexation_parameters_have_one_shape_and_mark_the_assumption():
    entries = T.load_indexation_params()
    assert entries == params.load("indexation") and set(entries) >= {"wage_weight", "cao_wage_change_pct",
                                                                     "cpi_change_assumption_pct"}
    assert params.value("indexation", "wage_weight") == 0.8
    assert params.value("indexation", "cao_wage_change_pct") == {2023: 6.1, 2024: 6.6, 2025: 5.0}
    assumption = params.entry("indexation", "cpi_change_assumption_pct")
    assert "ASSUMPTION" in assumption.label and assumption.description.startswith("ASSUMPTION")
    assert all(entry.reference for entry in entries.values())
    assert T.load_indexation_params(T.PARAMS_FILE) == entries
