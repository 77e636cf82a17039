"""analyse run: parameters checked first, notebooks isolated, reports published atomically."""

from __future__ import annotations

import json
import re

import pytest
from conftest import TEST_DATA

from analyse.publish import pipeline

#: testrapport (works), mislukt (raises), schoon, lek, geheim; declared in reports.yaml there.
FIXTURES = TEST_DATA / "notebooks"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """Fixture notebooks and a scratch processed-data folder for every run in this module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSE_NOTEBOOKS_DIR", str(FIXTURES))
        mp.setenv("ANALYSE_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
        yield mp


@pytest.fixture(scope="module")
def first_run(env, tmp_path_factory):
    """Both fixture notebooks run once; a stale good HTML of 'mislukt' was published before."""
    out = tmp_path_factory.mktemp("reports")
    period_dir = out / "2026Q3"
    period_dir.mkdir()
    (period_dir / "mislukt.html").write_text("<p>vorige goede versie</p>", encoding="utf-8")
    from analyse import cli

    code = cli.main(["run", "--period", "2026Q3", "--output-dir", str(out), "--jobs", "2"])
    return code, out


def test_failed_notebook_does_not_stop_others_and_exit_is_1(first_run):
    code, out = first_run
    assert code == 1
    run = json.loads((out / "2026Q3" / "run.json").read_text())
    assert run["reports"]["testrapport"]["status"] == "ok"
    failed = run["reports"]["mislukt"]
    assert failed["status"] == "failed" and "bewust mislukt" in failed["error"]
    # The executed notebook keeps the error for diagnosis.
    kept = (out / "2026Q3" / failed["notebook_file"]).read_text()
    assert "bewust mislukt voor de test" in kept and "ValueError" in kept


def test_failed_notebook_keeps_previous_html(first_run):
    _, out = first_run
    assert (out / "2026Q3" / "mislukt.html").read_text() == "<p>vorige goede versie</p>"


def test_run_json_records_parameters_inputs_duration(first_run):
    _, out = first_run
    rep = json.loads((out / "2026Q3" / "run.json").read_text())["reports"]["testrapport"]
    assert rep["parameters"] == {"period": "2026Q3"}
    assert set(rep["inputs"]) >= {"care_use.csv", "catalog.yaml", "municipality.yaml"}
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in rep["inputs"].values())
    assert rep["duration_s"] > 0 and rep["error"] is None


def test_index_lists_reports_with_status(first_run):
    _, out = first_run
    index = (out / "index.html").read_text()
    assert 'href="2026Q3/testrapport.html"' in index
    assert "mislukt" in index and 'class="failed"' in index and "gelukt" in index


def test_html_has_no_code_noise_or_external_references(first_run):
    _, out = first_run
    page = (out / "2026Q3" / "testrapport.html").read_text()
    assert "<script" not in page.lower()
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', page)
    for noise in ("import pandas", "warnings.warn", "deze waarschuwing", "Traceback", "papermill", "In&nbsp;["):
        assert noise not in page
    for expected in ("Verantwoording", "analyse run --period 2026Q3 --notebook testrapport", "Illustratieve gegevens",
                     'class="rapport-toc"', "data:image/png;base64"):
        assert expected in page


def test_provenance_explains_each_setting_in_dutch(first_run):
    """The Verantwoording shows the manifest's Dutch description next to each parameter name and value."""
    _, out = first_run
    page = (out / "2026Q3" / "testrapport.html").read_text()
    section = page[page.index('class="verantwoording"'):]
    assert "<th>Betekenis</th><th>Naam</th><th>Waarde</th>" in section
    # tests/data/notebooks/reports.yaml: seed has the description "Startwaarde" and default 1
    assert "<tr><th>Startwaarde</th><td><code>seed</code></td><td><code>1</code></td></tr>" in section


def test_parameter_descriptions_name_no_files():
    """The descriptions are shown in every report's Verantwoording: Dutch words, no file names."""
    from analyse.publish.pack import load_pack

    for report in load_pack().reports:
        for name, spec in report.parameters.items():
            assert not re.search(r"\.(ya?ml|py|csv)\b|src/", spec.description), (report.id, name, spec.description)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "2026Q5"], "--period 2026Q5: expected a quarter such as 2015Q1"),
        (["--period", "2099Q1"], "--period 2099Q1: expected a quarter from 2015Q1 to"),
        (["--notebook", "bestaatniet"],
         "--notebook bestaatniet: expected one of: testrapport, mislukt, schoon, lek, geheim"),
        (["--param", "kern=Atlantis"], "--param kern=Atlantis: value 'Atlantis': expected 'alle' or one of the kernen"),
        (["--param", "kern=../../etc"], "value '../../etc': expected plain text without path separators"),
        (["--param", "seed=een"], "--param seed=een: value 'een': expected a whole number (default 1)"),
        (["--param", "onbekend=1"], "--param onbekend: no selected notebook has this parameter"),
        (["--param", "zonderwaarde"], "--param 'zonderwaarde': expected KEY=VALUE"),
    ],
)
def test_bad_parameters_exit_2_before_anything_runs(env, tmp_path, run_cli, args, message):
    result = run_cli("run", "--output-dir", tmp_path / "reports", *args)
    assert result.code == 2
    assert message in result.err
    assert not (tmp_path / "reports").exists()  # nothing ran, nothing written


def test_list_parameter_fans_out_into_one_report_each(env, tmp_path):
    summary = pipeline.run(period="2026Q3", notebooks=["testrapport"], params=["kern=Dalfsen,Hoonhorst"],
                           output_dir=tmp_path, jobs=2)
    assert [r.name for r in summary.results] == ["testrapport__kern-dalfsen", "testrapport__kern-hoonhorst"]
    assert all(r.status == "ok" for r in summary.results)
    page = (tmp_path / "2026Q3" / "testrapport__kern-hoonhorst.html").read_text()
    assert "--param kern=Hoonhorst" in page


def test_run_killed_midway_leaves_previous_reports_intact(env, tmp_path, monkeypatch):
    period_dir = tmp_path / "2026Q3"
    period_dir.mkdir()
    (period_dir / "testrapport.html").write_text("oud", encoding="utf-8")
    (period_dir / "run.json").write_text('{"reports": {}}', encoding="utf-8")

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_execute", killed)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run(period="2026Q3", output_dir=tmp_path)
    assert (period_dir / "testrapport.html").read_text() == "oud"
    assert (period_dir / "run.json").read_text() == '{"reports": {}}'
    # staging removed; only the folder's marker and lock file were added
    assert sorted(p.name for p in tmp_path.iterdir()) == [".analyse-reports", ".analyse.lock", "2026Q3"]


def test_report_opens_offline_in_headless_chromium(first_run, tmp_path):
    """The rendered HTML in real Chromium, network blocked: nothing requested from outside,
    no console errors, no visible code, the figure loaded, every TOC link lands."""
    from browser import check_page

    _, out = first_run
    check = check_page(out / "2026Q3" / "testrapport.html", screenshot=tmp_path / "testrapport.png")
    assert check.blocked == [] and check.failed == []
    assert check.console_errors == [] and check.page_errors == []
    assert check.visible_code == 0
    assert check.images >= 1 and check.broken_images == 0
    assert check.toc_links >= 3 and check.broken_toc_links == []
    assert "Traceback" not in check.text and "Error" not in check.text
    assert "Cliënten per kern" in check.text and "Illustratieve gegevens" in check.text


def test_browser_check_catches_external_requests_and_broken_images(tmp_path):
    """The offline check itself can fail: a page loading a CDN script and a remote image."""
    from browser import check_page

    page = tmp_path / "slecht.html"
    page.write_text('<html><body><script src="https://cdn.example.org/x.js"></script>'
                    '<img src="http://example.org/x.png"><pre class="jp-InputPrompt">In [1]:</pre></body></html>')
    check = check_page(page)
    assert "https://cdn.example.org/x.js" in check.blocked and "http://example.org/x.png" in check.blocked
    assert check.broken_images == 1


def test_dask_executor_runs_the_same_jobs(env, tmp_path):
    """--executor dask --scheduler ADDRESS against a local Dask cluster."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = pipeline.run(period="2026Q3", notebooks=["testrapport"], output_dir=tmp_path,
                               executor="dask", scheduler=cluster.scheduler_address)
    assert [r.status for r in summary.results] == ["ok"]
    assert (tmp_path / "2026Q3" / "testrapport.html").exists()


def test_dask_executor_needs_a_scheduler(env, tmp_path, run_cli):
    result = run_cli("run", "--executor", "dask", "--output-dir", tmp_path)
    assert result.code == 2 and "--scheduler ADDRESS" in result.err


def test_schedule_examples_run_analyse_each_quarter():
    from analyse.config import ROOT

    cron = (ROOT / "deploy" / "crontab.example").read_text()
    line = next(row for row in cron.splitlines() if row and not row.startswith("#"))
    minute, hour, day, months, weekday, *command = line.split()
    assert (day, months) == ("1", "1,4,7,10") and ".venv/bin/analyse run" in " ".join(command)
    assert ">>" in command  # keeps a log
    timer = (ROOT / "deploy" / "analyse-report.timer").read_text()
    assert "OnCalendar=*-01,04,07,10-01" in timer and "Persistent=true" in timer
    service = (ROOT / "deploy" / "analyse-report.service").read_text()
    assert "ExecStart=/opt/analyse/.venv/bin/analyse run" in service


def test_reused_kernel_starts_each_notebook_clean(env, tmp_path):
    """One worker runs both notebooks in one kernel; the second sees none of the first's
    variables or figures (the fixture 'schoon' fails otherwise)."""
    summary = pipeline.run(period="2026Q3", notebooks=["testrapport", "schoon"], output_dir=tmp_path, jobs=1)
    assert [(r.name, r.status, r.error) for r in summary.results] == [("testrapport", "ok", None),
                                                                      ("schoon", "ok", None)]
    assert "schoon" in (tmp_path / "2026Q3" / "schoon.html").read_text()


def test_publishing_check_refuses_a_small_count_that_bypassed_protection(first_run):
    _, out = first_run
    run = json.loads((out / "2026Q3" / "run.json").read_text())
    rep = run["reports"]["lek"]
    assert rep["status"] == "failed" and rep["html"] is None
    assert "niet gepubliceerd, publicatiecontrole: één telling in een tabel niet beschermd" in rep["error"]
    assert not re.search(r"\d", rep["error"].split("aantallen van")[0])  # the refused count is not repeated
    assert "3" not in rep["error"].replace("7 of minder", "").replace("op 5", "")
    assert not (out / "2026Q3" / "lek.html").exists()
    assert (out / "2026Q3" / "notebooks" / "lek.refused.html").exists()  # kept for diagnosis


def test_counts_are_protected_in_the_published_tables(first_run):
    """testrapport shows Wmo and youth clients per kern for 2026Q3: small youth counts in
    Hoonhorst and Oudleusen are hidden, the others rounded to 5, with the footnote."""
    from analyse import data, privacy

    _, out = first_run
    page = (out / "2026Q3" / "testrapport.html").read_text()
    cells = re.findall(r'<td[^>]*class="[^"]*telling[^"]*"[^>]*>([^<]*)</td>', page)
    assert cells and all(c == "*" or int(c.replace(".", "")) % 5 == 0 for c in cells)
    care = data.care_use()
    small = care[(care["quarter"] == "2026Q3") & (care["clients"] <= 7)]
    assert len(small) > 0 and cells.count("*") >= len(small)  # the shipped data have small cells this quarter
    assert "Aantallen van 7 of minder zijn niet getoond" in page
    assert privacy.protection_enabled()


def test_internal_run_is_stamped_and_unprotected(env, tmp_path):
    summary = pipeline.run(period="2026Q3", notebooks=["testrapport"], output_dir=tmp_path, jobs=1, internal=True)
    assert [r.status for r in summary.results] == ["ok"]
    page = (tmp_path / "2026Q3" / "testrapport.html").read_text()
    assert "Intern, niet verspreiden" in page and "--internal" in page
    assert "Aantallen van 7 of minder" not in page
    assert json.loads((tmp_path / "2026Q3" / "run.json").read_text())["internal"] is True


def test_secret_parameter_never_appears_in_any_output(env, tmp_path, run_cli):
    secret = "Sup3r,Geheim!wachtwoord"  # a comma too: a secret is never split into a fan-out
    result = run_cli("run", "--period", "2026Q3", "--notebook", "geheim", "--param", f"db_password={secret}",
                     "--output-dir", tmp_path)
    assert result.code == 0, result.err
    page = (tmp_path / "2026Q3" / "geheim.html").read_text()
    assert f"wachtwoord ontvangen: {len(secret)} tekens; in de parameters: 0 tekens" in page  # it did arrive
    assert "db_password=&lt;geheim&gt;" in page or "db_password=<geheim>" in page
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
            assert b"Sup3r" not in path.read_bytes(), path
    assert secret not in result.out + result.err


def test_only_declared_reports_run_a_scratch_notebook_is_never_published(env, tmp_path, run_cli):
    """A notebook saved next to the reports but not in reports.yaml (here one that shows a
    small count unprotected) is not run, not published and named on stderr."""
    import shutil

    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(FIXTURES / "schoon.ipynb", folder)
    shutil.copy(FIXTURES / "lek.ipynb", folder / "scratch.ipynb")
    (folder / "reports.yaml").write_text(
        "reports:\n  - {id: schoon, notebook: schoon.ipynb, title: Schone start, order: 1,\n"
        "     parameters: {period: {type: period, description: Rapportageperiode}}}\n", encoding="utf-8")
    env.setenv("ANALYSE_NOTEBOOKS_DIR", str(folder))
    try:
        result = run_cli("run", "--period", "2026Q3", "--output-dir", tmp_path / "reports")
        assert result.code == 0, result.err
        assert "not run: scratch.ipynb is not declared in reports.yaml" in result.err
        run = json.loads((tmp_path / "reports" / "2026Q3" / "run.json").read_text())
        assert list(run["reports"]) == ["schoon"]
        assert not list((tmp_path / "reports").rglob("scratch*"))
        refused = run_cli("run", "--period", "2026Q3", "--notebook", "scratch", "--output-dir", tmp_path / "r2")
        assert refused.code == 2
        assert "--notebook scratch: expected one of: schoon (the reports declared in" in refused.err
        assert not (tmp_path / "r2").exists()
    finally:
        env.setenv("ANALYSE_NOTEBOOKS_DIR", str(FIXTURES))


def test_bad_value_in_papermill_stops_at_the_check_cell_with_the_cli_message(env, tmp_path, run_cli):
    """The notebook checks its own parameters right after its parameters cell: papermill
    (and JupyterLab) show the command line's message, not a KeyError several cells in."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from analyse.config import KERNEL_NAME

    cli = run_cli("run", "--notebook", "testrapport", "--param", "kern=Atlantis", "--output-dir", tmp_path / "r")
    message = cli.err.strip()
    assert cli.code == 2 and message.startswith("--param kern=Atlantis: value 'Atlantis': expected 'alle'")
    with pytest.raises(PapermillExecutionError) as err:
        papermill.execute_notebook(str(FIXTURES / "testrapport.ipynb"), str(tmp_path / "uit.ipynb"),
                                   parameters={"kern": "Atlantis"}, kernel_name=KERNEL_NAME, cwd=str(FIXTURES),
                                   progress_bar=False)
    assert err.value.ename == "ParameterError" and err.value.evalue == message
    assert err.value.exec_count == 3  # parameters, injected parameters, the check cell
    assert err.value.traceback == [f"ParameterError: {message}"]  # the message only, no traceback


# --------------------------------------------------------------------------- completeness (issue 11, item 10)


def _without_quarter(raw_copy, dataset: str, quarter: str) -> None:
    """Remove the rows of ``quarter`` from ``dataset``.csv in a copy of data/raw."""
    path = raw_copy / f"{dataset}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"{quarter},")]
    assert len(kept) < len(lines)
    path.write_text("".join(kept), encoding="utf-8")


def test_quarterly_datasets_come_from_the_contracts():
    """Keyed by quarter: realisation, evaluations and care_use. The Positive Health survey has
    a quarter column but is keyed by survey round (a round every two years), so it is not."""
    from analyse.config import load_municipality
    from analyse.data.catalog import load_catalog
    from analyse.publish.completeness import quarterly_datasets

    catalog = load_catalog()
    manifest = {"outputs": {name: {"schema": d.schema} for name, d in catalog.items()}}
    assert quarterly_datasets(manifest, load_municipality()) == {
        "care_use": "quarter", "evaluations": "quarter", "realisation": "quarter"}


def test_a_quarter_whose_data_have_not_arrived_stops_the_run_with_exit_2(env, raw_copy, tmp_path, run_cli,
                                                                        monkeypatch):
    monkeypatch.setenv("ANALYSE_PROCESSED_DIR", str(tmp_path / "processed"))
    _without_quarter(raw_copy, "care_use", "2026Q3")
    published = tmp_path / "reports" / "2026Q3"
    published.mkdir(parents=True)
    (published / "samenvatting.html").write_text("vorige versie", encoding="utf-8")
    result = run_cli("run", "--period", "2026Q3", "--data-dir", raw_copy, "--output-dir", tmp_path / "reports")
    assert result.code == 2
    assert "no data for 2026Q3 yet in 1 quarterly dataset(s): care_use (last quarter 2026Q2)" in result.err
    assert "evaluations" not in result.err and "realisation" not in result.err  # those have 2026Q3
    assert "--allow-incomplete" in result.err
    # nothing ran, nothing written: the published report is untouched, no index, no glossary
    assert sorted(p.name for p in (tmp_path / "reports").rglob("*")) == ["2026Q3", "samenvatting.html"]
    assert (published / "samenvatting.html").read_text(encoding="utf-8") == "vorige versie"
    # an earlier quarter that every dataset has runs as before
    ok = run_cli("run", "--period", "2026Q2", "--notebook", "testrapport", "--data-dir", raw_copy,
                 "--output-dir", tmp_path / "reports")
    assert ok.code == 0, ok.err


def test_allow_incomplete_publishes_with_a_gegevens_ontbreken_banner_in_every_report(env, raw_copy, tmp_path,
                                                                                      run_cli, monkeypatch):
    monkeypatch.setenv("ANALYSE_PROCESSED_DIR", str(tmp_path / "processed"))
    _without_quarter(raw_copy, "realisation", "2026Q3")
    _without_quarter(raw_copy, "evaluations", "2026Q3")
    out = tmp_path / "reports"
    result = run_cli("run", "--period", "2026Q3", "--notebook", "testrapport", "--notebook", "schoon",
                     "--data-dir", raw_copy, "--output-dir", out, "--allow-incomplete")
    assert result.code == 0, result.err
    assert "warning: published with missing data: evaluations" in result.err
    for name in ("testrapport", "schoon"):
        page = (out / "2026Q3" / f"{name}.html").read_text(encoding="utf-8")
        banner = re.findall(r'<div class="rapport-banner rapport-banner-ontbreekt">(.*?)</div>', page, re.S)
        assert len(banner) == 1 and banner[0].startswith("Gegevens ontbreken: voor 2026Q3")
        assert "Realisatie per kwartaal (laatste kwartaal met gegevens: 2026Q2)" in banner[0]
        assert "Welzijnsevaluaties per kwartaal (laatste kwartaal met gegevens: 2026Q2)" in banner[0]
        assert "Zorggebruik" not in banner[0]  # care_use has 2026Q3
    run = json.loads((out / "2026Q3" / "run.json").read_text())
    for name in ("testrapport", "schoon"):
        assert run["reports"][name]["incomplete"] == [
            {"dataset": "evaluations", "title": "Welzijnsevaluaties per kwartaal", "last_quarter": "2026Q2"},
            {"dataset": "realisation", "title": "Realisatie per kwartaal", "last_quarter": "2026Q2"}]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert ("Gegevens ontbreken: Welzijnsevaluaties per kwartaal (laatste kwartaal 2026Q2); "
            "Realisatie per kwartaal (laatste kwartaal 2026Q2)") in index


def test_help_and_readme_document_allow_incomplete(capsys):
    from analyse import cli
    from analyse.config import ROOT

    with pytest.raises(SystemExit):
        cli.main(["run", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--allow-incomplete" in shown and "'gegevens ontbreken' banner" in shown
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[--allow-incomplete]" in readme and "**Gegevens ontbreken** banner" in readme


def test_complete_period_has_no_banner(first_run):
    _, out = first_run
    assert "Gegevens ontbreken" not in (out / "2026Q3" / "testrapport.html").read_text()
    assert json.loads((out / "2026Q3" / "run.json").read_text())["reports"]["testrapport"]["incomplete"] == []
    assert (out / "2026Q3" / "begrippen.html").is_file()  # written by every run, linked from each header
    assert 'href="begrippen.html">Begrippenlijst</a>' in (out / "2026Q3" / "testrapport.html").read_text()


def test_a_dataset_without_any_rows_is_named_as_such():
    from analyse.publish.completeness import Missing, incomplete_banner, incomplete_message

    missing = [Missing("care_use", "Zorggebruik Wmo en jeugd per kern", None)]
    assert "care_use (last quarter none)" in incomplete_message("2026Q3", missing)
    assert "Zorggebruik Wmo en jeugd per kern (nog geen gegevens)" in incomplete_banner("2026Q3", missing)["text"]
