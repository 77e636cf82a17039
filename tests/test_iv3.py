"""Iv3 dataset, its contract, the taakveld parameters and analyse.methods.iv3."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analyse import data, params
from analyse.config import RAW_DIR, ROOT
from analyse.data import cells
from analyse.data import readers as rio
from analyse.data.catalog import load_catalog
from analyse.data.contracts import build_schemas
from analyse.data.problems import InputError
from analyse.data.validate import validate_dataset
from analyse.methods import iv3 as m
from analyse.methods.indexation import PriceIndex
from analyse.methods.peers import peer_groups


@pytest.fixture(scope="module")
def iv3() -> pd.DataFrame:
    return data.iv3()


@pytest.fixture(scope="module")
def totals(iv3) -> pd.DataFrame:
    return m.group_totals(iv3)


def test_thousands_are_converted_to_euros_once_at_reading():
    assert cells.parse_thousand_euros("2452") == 2_452_000.0
    assert cells.parse_thousand_euros("-12,5", ",") == -12_500.0
    with pytest.raises(ValueError, match="thousands of euros"):
        cells.parse_thousand_euros("n.v.t.")


def test_dalfsen_2024_budget_matches_the_published_totals(iv3):
    # Source facts (../shared/data/iv3/README, CBS Iv3 begroting 2024): Dalfsen's total lasten 90,754 k EUR,
    # baten 90,756 k EUR (a balanced budget), 29,683 inhabitants on 1 January 2024 (CBS).
    rows = iv3[(iv3["municipality"] == "Dalfsen") & (iv3["year"] == 2024) & (iv3["document"] == "begroting")]
    assert rows["lasten"].sum() == pytest.approx(90_754_000)
    assert rows["baten"].sum() == pytest.approx(90_756_000)
    assert set(rows["inhabitants"]) == {29_683}


def test_every_year_has_342_municipalities_and_no_national_total(iv3):
    counts = iv3.groupby(["year", "document"], observed=True)["municipality"].nunique()
    assert set(counts) == {342}
    assert "Nederland" not in set(iv3["municipality"])
    for name in ("'s-Hertogenbosch", "Bergen (NH.)", "Bergen (L.)", "Súdwest-Fryslân"):
        assert name in set(iv3["municipality"])


def test_classes_use_the_iv3_spelling():
    classes = data.gemeenteklassen()
    assert set(classes["municipality"]) == set(data.iv3()["municipality"])
    assert len(data.municipalities(classes)) == 342
    groningen = classes[(classes["municipality"] == "Groningen") & (classes["year"] == 2024)].iloc[0]
    assert groningen["cbs_name"] == "Groningen (gemeente)" and groningen["province"] == "Groningen"


def test_overijssel_has_25_municipalities():
    # CBS regional classification 2024: Overijssel counts 25 gemeenten, so Dalfsen has 24 provincial peers.
    groups = peer_groups(data.gemeenteklassen(), "Dalfsen", 2024)
    assert len(groups["provincie"]) == 24 and len(groups["nederland"]) == 341


def test_every_taakveld_code_has_a_full_name(iv3):
    names = m.taakveld_names()
    assert set(iv3["taakveld_code"]) <= set(names)
    assert not [n for n in names.values() if n.endswith("..")]
    truncated = iv3.loc[iv3["taakveld_name"].str.endswith(".."), "taakveld_code"].unique()
    assert names["6.71d"] == "Overige maatwerkarrangementen (Wmo)" and "6.71d" in truncated


def test_groups_cover_every_social_domain_code_once(iv3):
    groups = m.comparison_groups(include_total=False)
    codes = [c for g in groups.values() for c in g.codes]
    assert len(codes) == len(set(codes))
    social = {c for c in iv3["taakveld_code"].unique() if c.startswith("6.")}
    assert social <= set(codes)


def test_group_totals_worked_example(totals):
    dalfsen = totals[(totals["municipality"] == "Dalfsen") & (totals["year"] == 2024)
                     & (totals["document"] == "begroting")].set_index("group")
    # 6.71a-d in the file: 2,574 + 2,296 + 225 + 0 = 5,095 k EUR; per inhabitant 5,095,000 / 29,683 = 171.65.
    assert dalfsen.loc["6.71", "lasten"] == pytest.approx(5_095_000)
    assert dalfsen.loc["6.71", "lasten_per_inwoner"] == pytest.approx(171.647, abs=0.001)
    # 6.1: lasten 9,114 k, baten 6,452 k: netto 2,662 k EUR = 89.68 per inhabitant.
    assert dalfsen.loc["6.1", "netto_per_inwoner"] == pytest.approx(2_662_000 / 29_683)
    # 6.9 (coordination) does not exist before 2025: 0, not missing.
    assert dalfsen.loc["6.9", "lasten"] == 0


def test_realisation_worked_example(totals):
    real = m.realisation(totals, "Dalfsen", 2023)
    # 6.2 Wijkteams 2023: accounts 1,869 k / budget 2,007 k = 0.9312.
    assert real.loc["6.2", "realisatie"] == pytest.approx(1869 / 2007)
    with pytest.raises(ValueError):
        m.realisation(totals, "Dalfsen", 2024)  # no accounts 2024 in the data


def test_realisation_on_netto_reverses_the_social_domain_total(totals):
    """Review 1 item 2: Dalfsen's social domain 2023 looks overspent on lasten, underspent on netto."""
    real = m.realisation(totals, "Dalfsen", 2023)
    # Lasten: accounts 36,047 k / budget 28,231 k = 1.277 (128%).
    assert real.loc["sociaal_domein", "realisatie"] == pytest.approx(36_047 / 28_231)
    # Netto: accounts 36,047 - 15,694 = 20,353 k; budget 28,231 - 4,975 = 23,256 k; 20,353 / 23,256 = 0.875 (88%).
    assert real.loc["sociaal_domein", "netto_realisatie"] == pytest.approx(20_353 / 23_256)
    # 6.1: netto accounts -1,442 k (baten 8,017 k > lasten 6,575 k): a ratio of income to cost: none.
    assert real.loc["6.1", "netto_gerealiseerd"] == pytest.approx(-1_442_000)
    assert pd.isna(real.loc["6.1", "netto_realisatie"])
    # 6.81: budget 37 k EUR / 29,612 inhabitants (1 Jan 2023) = EUR 1.25 per inhabitant < EUR 5: no "192%".
    assert pd.isna(real.loc["6.81", "realisatie"])


def test_realisation_minimum_base_boundary(totals):
    # 6.5 Arbeidsparticipatie 2023: budget 639 k EUR; the base is min_base x inhabitants.
    people = float(totals[(totals["municipality"] == "Dalfsen") & (totals["year"] == 2023)
                          & (totals["document"] == "begroting")]["inhabitants"].iloc[0])
    at = 639_000 / people  # exactly the budget per inhabitant: still shown (>=)
    assert m.realisation(totals, "Dalfsen", 2023, min_base=at).loc["6.5", "realisatie"] == pytest.approx(791 / 639)
    assert pd.isna(m.realisation(totals, "Dalfsen", 2023, min_base=at * 1.0001).loc["6.5", "realisatie"])
    rates = m.realisation_rates(totals, 2023, ["Dalfsen"], min_base=at)
    assert rates.loc[("Dalfsen", "6.5"), "realisatie"] == pytest.approx(791 / 639)  # vectorised = single


def test_pgb_share_flags_dalfsen_wmo_2025():
    from analyse.data import loading

    shares = m.pgb_shares(loading.load("iv3"))
    wmo = shares[(shares["pair"] == "wmo") & (shares["year"] == 2025) & (shares["document"] == "begroting")]
    dalfsen = wmo.set_index("municipality").loc["Dalfsen"]
    # Budget 2025: 6.711-6.714 all EUR 0, 6.791 pgb EUR 5,204 k: share 5,204 / 5,204 = 100%.
    assert dalfsen["pgb"] == pytest.approx(5_204_000) and dalfsen["share"] == pytest.approx(1.0)
    # Nationally small (median about 4%); 19 municipalities at 90% or more in the budget 2025.
    assert 0.03 < wmo["share"].median() < 0.06
    assert int((wmo["share"] >= params.value("taakvelden", "pgb")["share_warning"]).sum()) == 19
    assert shares["year"].min() == 2025  # the pgb taakvelden exist from Iv3 2025 only


def test_social_domain_label_explains_itself():
    assert "hoofdtaakveld" not in m.SOCIAL_DOMAIN_LABEL and "6.x" in m.SOCIAL_DOMAIN_LABEL
    assert m.vintage(pd.DataFrame({"document": ["begroting", "begroting", "jaarrekening"],
                                   "year": [2024, 2025, 2023]})) == {"begroting": 2025, "jaarrekening": 2023}


def test_real_change_and_its_minimum_base():
    frame = pd.DataFrame({
        "municipality": ["A", "A", "B", "B"], "year": [2023, 2025, 2023, 2025], "document": "begroting",
        "group": pd.Categorical(["g"] * 4), "lasten_per_inwoner": [100.0, 121.0, 4.0, 40.0],
    })
    index = PriceIndex(pd.Series({2023: 100.0, 2025: 110.0}), "test")
    out = m.real_change(frame, index, 2023, 2025, 2025)
    # A: 100 in 2023 prices = 110 in 2025 prices; 121 / 110 - 1 = +10% real.
    assert out.loc[("A", "g"), "start_real"] == pytest.approx(110.0)
    assert out.loc[("A", "g"), "change"] == pytest.approx(0.10)
    # B starts at 4.40 real, below the EUR 5 minimum base: no percentage.
    assert params.value("taakvelden", "min_change_base") == 5
    assert pd.isna(out.loc[("B", "g"), "change"])
    with pytest.raises(ValueError, match="no index value for 2024"):
        m.real_change(frame, index, 2023, 2025, 2024)


def _catalog_entry(name: str):
    return load_catalog(RAW_DIR)[name]


def test_a_broken_iv3_file_is_reported_by_file_row_column_value(tmp_path):
    lines = gzip.decompress((RAW_DIR / "iv3.csv.gz").read_bytes()).decode("utf-8").splitlines()[:6]
    lines[2] = lines[2].replace(",begroting,", ",begrooting,")
    fields = lines[4].split(",")
    fields[5] = "veel"  # lasten
    lines[4] = ",".join(fields)
    path = tmp_path / "iv3.csv.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    schema = build_schemas(load_municipality_for_tests())["iv3"]
    _, problems = validate_dataset(path, _catalog_entry("iv3"), schema)
    shown = [f"{p.row}:{p.column}:{p.value}:{p.message}" for p in problems]
    assert any(s.startswith("3:document:begrooting:expected a document") for s in shown), shown
    assert any(s.startswith("5:lasten:veel:expected an amount in thousands of euros") for s in shown), shown


def load_municipality_for_tests():
    from analyse.config import load_municipality

    return load_municipality(RAW_DIR)


def test_a_corrupt_gzip_file_is_an_input_error(tmp_path):
    path = tmp_path / "iv3.csv.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    with pytest.raises(InputError, match="cannot decompress"):
        rio.read_table(path)


def _import_script():
    spec = importlib.util.spec_from_file_location("import_iv3", ROOT / "scripts" / "import_iv3.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_import_script_documents_the_originals():
    module = _import_script()
    assert len(module.SOURCE_SHA256) == 8
    assert all(len(h) == 64 for h in module.SOURCE_SHA256.values())


@pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "iv3").exists(), reason="original extracts not present")
def test_import_is_reproducible(tmp_path):
    module = _import_script()
    assert module.main(["--out", str(tmp_path)]) == 0
    for name in ("iv3.csv.gz", "gemeenteklassen.csv"):
        assert (tmp_path / name).read_bytes() == (RAW_DIR / name).read_bytes(), name


def test_data_dir_is_self_contained():
    # The shipped data must not need ../shared at run time.
    for name in ("iv3", "gemeenteklassen"):
        assert (RAW_DIR / _catalog_entry(name).file).exists()
        assert not Path(_catalog_entry(name).file).is_absolute()


def test_no_netto_realisation_where_the_baten_deviate():
    """Review 2 item 12. Dalfsen 2023 (EUR thousands): 5.1 netto budget 182, baten 0 -> 184:
    |184 - 0| / 182 = 1.01 > max_baten_shift 0.5 -> no rate (was 22 / 182 = 12%). 6.3: baten
    4,147 -> 4,728, |581| / 1,920 = 0.30 <= 0.5 -> rate kept, 3,254 / 1,920 = 169%."""
    assert m.max_baten_shift() == 0.5
    netto, b_budget, b_actual = pd.Series([182.0, 1920.0]), pd.Series([0.0, 4147.0]), pd.Series([184.0, 4728.0])
    assert m.baten_offset(netto, b_budget, b_actual).tolist() == [True, False]
    # Boundary: a deviation of exactly half the netto budget keeps the rate, just above drops it.
    assert not m.baten_offset(pd.Series([100.0]), pd.Series([0.0]), pd.Series([50.0])).iloc[0]
    assert m.baten_offset(pd.Series([100.0]), pd.Series([0.0]), pd.Series([50.01])).iloc[0]
    # Netto budget zero or negative: any baten deviation drops the rate; none keeps the (already NaN) rule.
    assert m.baten_offset(pd.Series([0.0, -5.0, 0.0]), pd.Series([0.0] * 3), pd.Series([1.0, 1.0, 0.0])).tolist() == [
        True, True, False]


def test_realisation_suppresses_offset_netto_rates_for_dalfsen(totals):
    real = m.realisation(totals, "Dalfsen", 2023)
    assert pd.isna(real.loc["5.1", "netto_realisatie"]) and real.loc["5.1", "realisatie"] == pytest.approx(206 / 182)
    assert (real.loc["5.1", "baten_begroot"], real.loc["5.1", "baten_gerealiseerd"]) == (0, 184_000)
    assert real.loc["6.3", "netto_realisatie"] == pytest.approx(3_254 / 1_920, abs=1e-3)
    rates = m.realisation_rates(totals, 2023, ["Dalfsen"])  # vectorised: same rule
    assert pd.isna(rates.loc[("Dalfsen", "5.1"), "netto_realisatie"])
    assert rates.loc[("Dalfsen", "6.3"), "netto_realisatie"] == pytest.approx(real.loc["6.3", "netto_realisatie"])
