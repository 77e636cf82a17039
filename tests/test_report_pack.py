"""The shipped report pack: every notebook runs on the shipped data through `analyse run`
(small Monte Carlo settings) and opens cleanly in headless Chromium."""

from __future__ import annotations

import json

import nbformat
import pytest

from analyse import cli
from analyse.config import NOTEBOOKS_DIR

NOTEBOOKS = sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb"))
EXPECTED = {"samenvatting", "begroting", "welzijnsmonitor", "kosten_baten", "preventie", "zorggebruik"}


def test_the_pack_has_the_six_reports():
    assert set(NOTEBOOKS) == EXPECTED


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_thin_and_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip outputs (nbstripout)"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and code[0] is tagged[0], "exactly one parameters cell, first"
    assert "period" in tagged[0].source
    for cell in code:
        lines = cell.source.splitlines()
        assert not any(line.lstrip().startswith(("def ", "class ")) for line in lines), "move functions into analyse"
    assert nb.metadata["kernelspec"]["name"] == "analyse"
    assert nb.metadata["analyse"]["title"]


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSE_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
        code = cli.main(["run", "--period", "2026Q3", "--output-dir", str(out), "--jobs", "2",
                         "--param", "mc_draws=500"])
    return code, out


def test_whole_pack_runs(pack):
    code, out = pack
    run = json.loads((out / "2026Q3" / "run.json").read_text())
    failed = {k: v["error"] for k, v in run["reports"].items() if v["status"] != "ok"}
    assert code == 0 and not failed, failed
    assert set(run["reports"]) == EXPECTED
    assert all(run["reports"][n]["parameters"].get("mc_draws") == 500 for n in ("kosten_baten", "samenvatting"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_reads_cleanly_offline_in_chromium(pack, name, tmp_path):
    from browser import check_page

    _, out = pack
    check = check_page(out / "2026Q3" / f"{name}.html", screenshot=tmp_path / f"{name}.png")
    assert check.blocked == [] and check.failed == [], "nothing may be fetched from outside"
    assert check.console_errors == [] and check.page_errors == []
    assert check.visible_code == 0
    assert check.broken_images == 0
    assert check.toc_links >= 3 and check.broken_toc_links == []
    for bad in ("Traceback", "Error", "Exception", "NaN", "nan%"):
        assert bad not in check.text, bad
    assert "Illustratieve gegevens" in check.text and "Verantwoording" in check.text
    if name != "samenvatting":
        assert check.images >= 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--notebook", "kosten_baten", "--param", "discount_rate=veel"],
         "--param discount_rate=veel: value 'veel': expected a number (0.0225 = 2.25%) or a preset: nl2020"),
        (["--notebook", "kosten_baten", "--param", "timing=soms"], "--param timing=soms: value 'soms': expected one of: end"),
        (["--notebook", "zorggebruik", "--param", "kern=Ankum"], "--param kern=Ankum: value 'Ankum': expected 'alle'"),
        (["--period", "2026Q5"], "--period 2026Q5: expected a quarter such as 2015Q1"),
    ],
)
def test_bad_report_parameters_exit_2_before_anything_runs(run_cli, tmp_path, args, message):
    result = run_cli("run", "--output-dir", tmp_path / "reports", *args)
    assert result.code == 2 and message in result.err
    assert not (tmp_path / "reports").exists()


def test_discount_rate_number_or_preset_is_accepted(tmp_path):
    from analyse.publish import pipeline
    from analyse.config import RAW_DIR, load_municipality

    notebooks = pipeline.discover_notebooks()
    muni = load_municipality(RAW_DIR)
    jobs = pipeline.plan_jobs(notebooks, ["kosten_baten"], {"discount_rate": ["0,03", "greenbook"]}, "2026Q3", muni)
    assert [j.parameters["discount_rate"] for j in jobs] == [0.03, "greenbook"]
    assert [j.name for j in jobs] == ["kosten_baten__discount_rate-0.03", "kosten_baten__discount_rate-greenbook"]
