"""analyse.publish.pack: the manifest (reports.yaml) and the check in the notebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import TEST_DATA

from analyse.config import RAW_DIR, ConfigError, load_municipality
from analyse.errors import ParameterError
from analyse.publish import pack
from analyse.publish.pack import check_parameters, load_pack

FIXTURES = TEST_DATA / "notebooks"


@pytest.fixture(scope="module")
def muni():
    return load_municipality(RAW_DIR)


def _write_pack(folder: Path, reports: list[dict], notebooks: tuple[str, ...] = ("een",)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in notebooks:
        shutil.copy(FIXTURES / "schoon.ipynb", folder / f"{name}.ipynb")
    (folder / pack.MANIFEST_FILE).write_text(yaml.safe_dump({"reports": reports}), encoding="utf-8")
    return folder


def _report(**fields) -> dict:
    return {"id": "een", "notebook": "een.ipynb", "title": "Een rapport", "order": 1, **fields}


# --------------------------------------------------------------------------- the manifest


def test_fixture_pack_is_read_in_order():
    fixtures = load_pack(FIXTURES)
    assert fixtures.ids == ["testrapport", "mislukt", "schoon", "lek", "geheim"]
    assert fixtures.report("geheim").secrets == {"db_password"}
    assert fixtures.undeclared() == []


@pytest.mark.parametrize(
    "reports, message",
    [
        ([_report(notebook="twee.ipynb")], "expected een.ipynb (the id is the file stem)"),
        ([_report(), _report(order=2)], "report ids must be unique: een"),
        ([_report(parameters={"x": {"type": "getal", "description": "iets"}})], "type 'getal': expected one of"),
        ([_report(parameters={"x": {"type": "choice", "description": "iets"}})], "a choice needs either 'allowed'"),
        ([_report(parameters={"x": {"type": "text", "allowed": ["a"], "description": "iets"}})],
         "'allowed' is for type choice only"),
        ([_report(parameters={"x": {"type": "integer", "secret": True, "description": "iets"}})],
         "a secret parameter has type text"),
        ([_report(parameters={"x": {"type": "text", "default_from": "elders.x", "description": "iets"}})],
         "default_from 'elders.x': expected municipality."),
        ([_report(parameters={"period": {"type": "text", "description": "iets"}})], "'period' (the report period"),
        ([_report(parameters={"x": {"type": "text", "descriptoin": "typo"}})], "x.description: Field required"),
        ([_report(parameters={"api_token": {"type": "text", "description": "iets"}})],
         "parameter 'api_token': its name says it is secret: expected 'secret: true'"),
        ([_report(notebook="twee.ipynb", id="twee")], "declared notebook(s) not found: twee.ipynb"),
        ([_report(parameters={"stad": {"type": "gemeente", "description": "iets"}})],
         "parameter 'stad' of type gemeente: expected the name 'gemeente'"),
        ([_report(parameters={"kern": {"type": "kern", "all_municipalities": True, "description": "iets"}})],
         "'all_municipalities' is for type gemeente only"),
        ([_report(datasets="iv3")], "datasets: Input should be a valid tuple"),
    ],
)
def test_bad_manifest_is_a_config_error(tmp_path, reports, message):
    folder = _write_pack(tmp_path / "nb", reports)
    with pytest.raises(ConfigError, match="reports.yaml") as err:
        load_pack(folder)
    assert message in str(err.value)


def test_missing_manifest_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the report manifest"):
        load_pack(tmp_path)


def test_scratch_notebook_is_undeclared(tmp_path):
    folder = _write_pack(tmp_path / "nb", [_report()], notebooks=("een", "kladje"))
    loaded = load_pack(folder)
    assert loaded.ids == ["een"] and loaded.undeclared() == ["kladje.ipynb"]
    with pytest.raises(ParameterError, match="--notebook kladje: expected one of: een "):
        loaded.report("kladje")


def test_manifest_is_found_from_env_then_working_directory(tmp_path, monkeypatch):
    folder = _write_pack(tmp_path / "nb", [_report()])
    monkeypatch.delenv(pack.NOTEBOOKS_ENV, raising=False)
    monkeypatch.chdir(folder)  # a kernel runs in its notebook's folder
    assert pack.manifest_path() == folder / pack.MANIFEST_FILE
    monkeypatch.chdir(tmp_path)
    assert pack.manifest_path() == pack.NOTEBOOKS_DIR / pack.MANIFEST_FILE
    monkeypatch.setenv(pack.NOTEBOOKS_ENV, str(FIXTURES))
    assert pack.manifest_path() == FIXTURES / pack.MANIFEST_FILE


def test_defaults_come_from_the_municipality_and_parameter_files(muni):
    from analyse import params

    report = load_pack().report("begroting")
    defaults = report.defaults(muni)
    assert defaults["welfare_policy_field"] == muni.welfare_policy_field == "Welzijn"
    assert defaults["first_year"] == muni.budget_first_year
    rate = load_pack().report("kosten_baten").parameters["discount_rate"]
    assert rate.resolved_default(muni) == params.value("discount_rates", "default_preset")


# --------------------------------------------------------------------------- in the notebook


def test_check_parameters_types_values_and_fills_defaults(monkeypatch, muni):
    monkeypatch.setenv(pack.NOTEBOOKS_ENV, str(pack.NOTEBOOKS_DIR))
    namespace = {"period": "2026-Q3", "price_year": 2025, "first_year": None, "cpi_assumption_pct": 2,
                 "tolerance": "0,1", "welfare_policy_field": None, "other": object()}
    check_parameters("begroting", namespace)
    assert namespace["period"] == "2026Q3" and namespace["tolerance"] == 0.1
    assert namespace["first_year"] == muni.budget_first_year and namespace["welfare_policy_field"] == "Welzijn"


def test_check_parameters_raises_the_message_of_the_command_line(monkeypatch):
    monkeypatch.setenv(pack.NOTEBOOKS_ENV, str(FIXTURES))
    with pytest.raises(ParameterError) as err:
        check_parameters("testrapport", {"period": "2026Q3", "kern": "Atlantis", "seed": 1, "rate": 0.5})
    assert str(err.value).startswith("--param kern=Atlantis: value 'Atlantis': expected 'alle' or one of the kernen")
    assert err.value._render_traceback_() == [f"ParameterError: {err.value}"]  # Jupyter shows only this
    namespace = {"period": "2026Q3", "db_password": "wordt niet gecontroleerd/../"}
    check_parameters("geheim", namespace)  # a secret is not checked (and arrives in the environment)


def test_welfare_policy_field_is_checked_against_policy_fields(raw_copy):
    path = raw_copy / "municipality.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("welfare_policy_field: Welzijn", "welfare_policy_field: Wonen"), encoding="utf-8")
    with pytest.raises(ConfigError, match="'welfare_policy_field': value 'Wonen': expected one of the policy_fields"):
        load_municipality(raw_copy)
    path.write_text(text.replace("welfare_policy_field: Welzijn", "welfare_policy_field: Mantelzorg"), encoding="utf-8")
    assert load_municipality(raw_copy).welfare_policy_field == "Mantelzorg"
    path.write_text(text.replace("welfare_policy_field: Welzijn", ""), encoding="utf-8")
    assert load_municipality(raw_copy).welfare_policy_field == "Welzijn"  # the default when absent


def test_datasets_of_the_shipped_reports_are_in_the_catalog():
    """A misspelt name in ``datasets`` would drop an "illustratieve gegevens" banner."""
    from analyse.data.catalog import load_catalog

    known = set(load_catalog(RAW_DIR))
    for report in load_pack(pack.NOTEBOOKS_DIR).reports:
        assert set(report.datasets or ()) <= known, f"{report.id}: {set(report.datasets or ()) - known}"
