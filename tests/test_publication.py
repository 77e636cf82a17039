"""analyse.publish.publication: staged files moved into place, run.json updated."""

from __future__ import annotations

import json

from analyse.publish.jobs import JobResult
from analyse.publish.publication import RUN_FILE, publish


def _result(name: str, status: str) -> JobResult:
    return JobResult(notebook=name, name=name, title=name.title(), parameters={"period": "2026Q3"}, status=status,
                     duration_s=1.0, started="2026-10-01T06:00:00+02:00",
                     html=f"{name}.html" if status == "ok" else None, error=None if status == "ok" else "kapot")


def test_good_report_replaces_old_one_failed_report_keeps_it(tmp_path):
    staging, out = tmp_path / "staging", tmp_path / "2026Q3"
    staging.mkdir()
    out.mkdir()
    (out / "oud.html").write_text("vorige goede versie")
    (out / RUN_FILE).write_text(json.dumps({"reports": {"oud": {"html": "oud.html", "status": "ok"},
                                                        "ander": {"status": "ok"}}}))
    for name in ("goed", "oud"):
        (staging / f"{name}.ipynb").write_text("{}")
        (staging / f"{name}.log").write_text("")
    (staging / "goed.html").write_text("nieuw")
    (staging / "oud.refused.html").write_text("geweigerd")
    run = publish([_result("goed", "ok"), _result("oud", "failed")], staging, out, "2026Q3", {"internal": False})
    assert (out / "goed.html").read_text() == "nieuw"
    assert (out / "oud.html").read_text() == "vorige goede versie"
    assert sorted(p.name for p in (out / "notebooks").iterdir()) == [
        "goed.ipynb", "goed.log", "oud.ipynb", "oud.log", "oud.refused.html"]
    assert run["reports"]["oud"]["status"] == "failed" and run["reports"]["oud"]["html"] == "oud.html"
    assert set(run["reports"]) == {"ander", "goed", "oud"}  # earlier reports of the period stay listed
    assert json.loads((out / RUN_FILE).read_text()) == run
    assert not list(out.glob(".*tmp*"))
