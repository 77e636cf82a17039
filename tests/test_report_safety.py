"""Text from input files is always shown as text in reports, never run (issue 7, item 4)."""

from __future__ import annotations

import pytest

from analyse.publish import pipeline

SCRIPT = "<script>alert('xss')</script>"
IMAGE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """The prevention report on data whose intervention and goal names carry HTML payloads."""
    import shutil

    from analyse.config import RAW_DIR

    raw = tmp_path_factory.mktemp("raw") / "raw"
    shutil.copytree(RAW_DIR, raw)
    # Two interventions get hostile names and lose their evaluations, so the report lists
    # them as text ("Interventies zonder indicatoren") besides drawing them in the network.
    register = raw / "interventions.csv"
    text = register.read_text(encoding="utf-8")
    text = text.replace("Beweegprogramma 65+,", f'"{SCRIPT}",').replace("BoekStart en voorlezen,", f'"{IMAGE}",')
    register.write_text(text, encoding="utf-8")
    evaluations = raw / "evaluations.csv"
    lines = evaluations.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if ",Beweegprogramma 65+," not in line and ",BoekStart en voorlezen," not in line]
    assert len(kept) < len(lines)
    evaluations.write_text("\n".join(kept) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSE_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
        summary = pipeline.run(period="2026Q3", notebooks=["preventie"], data_dir=raw, output_dir=out, jobs=1)
    assert [r.status for r in summary.results] == ["ok"], summary.results[0].error
    return out / "2026Q3" / "preventie.html"


def test_payloads_are_escaped_in_the_html(hostile_report):
    page = hostile_report.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "<img src=x" not in page.lower()
    assert "&lt;script&gt;" in page


def test_payloads_render_as_text_and_never_run_in_chromium(hostile_report, tmp_path):
    from browser import check_page

    check = check_page(hostile_report, screenshot=tmp_path / "hostile.png")
    assert check.dialogs == [], "a script ran"
    assert check.page_errors == [] and check.blocked == []
    assert SCRIPT in check.text and IMAGE in check.text
