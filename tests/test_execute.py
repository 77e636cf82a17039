"""analyse.publish.execute: what one report job shows in its header and Verantwoording."""

from __future__ import annotations

from analyse.publish.execute import ReportInfo, RunSettings, header_municipality, provenance
from analyse.publish.jobs import Job


def _settings(defaults: dict[str, object]) -> RunSettings:
    info = ReportInfo(path="x.ipynb", title="Vergelijking", defaults=defaults)
    return RunSettings(staging="/tmp", kernel="k", period="2026Q3", municipality="Dalfsen",
                       reports={"vergelijking": info}, inputs={}, banners=[], git_commit="abc", env={})


def test_header_names_the_reports_own_gemeente():
    """Review 2 item 3: a report made for Emmen says Emmen under its title, not the configured Dalfsen."""
    settings = _settings({"gemeente": "Dalfsen", "jaar": 2025})
    assert header_municipality(Job("vergelijking", "vergelijking__gemeente-emmen", {"gemeente": "Emmen"}),
                               settings) == "Emmen"
    # no gemeente given: the report's default (the configured municipality)
    assert header_municipality(Job("vergelijking", "vergelijking", {"period": "2026Q3"}), settings) == "Dalfsen"


def test_header_of_a_report_without_gemeente_names_the_configured_municipality():
    settings = _settings({"kern": "alle"})
    assert header_municipality(Job("vergelijking", "vergelijking", {"kern": "Nieuwleusen"}), settings) == "Dalfsen"


def test_provenance_keeps_the_values_for_dutch_formatting():
    """Review 2 item 13: the values themselves, not their Python repr ('Dalfsen', 2.0)."""
    settings = _settings({"gemeente": "Dalfsen", "cpi_assumption_pct": 2.0, "discount_rate": None})
    job = Job("vergelijking", "vergelijking__gemeente-emmen", {"gemeente": "Emmen"}, secrets={"token": "s3cret"})
    params = provenance(job, settings, "2026-11-25T16:44:19+00:00")["parameters"]
    assert params["gemeente"] == "Emmen" and params["cpi_assumption_pct"] == 2.0 and params["discount_rate"] is None
    assert params["token"] != "s3cret"


def test_time_limit_is_the_reports_own_else_the_runs():
    """A report may declare `timeout:` in reports.yaml; --timeout (RunSettings.timeout_s with no
    per-report values, see pipeline._settings) and the default apply otherwise."""
    from dataclasses import replace

    from analyse.publish.execute import _time_limit

    settings = replace(_settings({}), timeout_s=900.0)
    job = Job("vergelijking", "vergelijking", {})
    assert _time_limit(job, settings) == 900.0
    own = replace(settings, reports={"vergelijking": replace(settings.reports["vergelijking"], timeout_s=60.0)})
    assert _time_limit(job, own) == 60.0


def test_command_line_timeout_overrides_every_report(monkeypatch, tmp_path):
    import pytest

    from analyse.config import PROCESSED_DIR, RAW_DIR, load_municipality
    from analyse.publish import pipeline
    from analyse.publish.pack import Report, load_pack

    pack = load_pack()
    slow = pack.reports[0].model_copy(update={"timeout": 1800.0})
    pack = pack.model_copy(update={"reports": [slow, *pack.reports[1:]]})
    muni = load_municipality()
    args = (pack, muni, "2026Q3", tmp_path, RAW_DIR, PROCESSED_DIR, None, "local", False, [])
    monkeypatch.setattr(pipeline, "_git_commit", lambda: "x")
    assert pipeline._settings(*args, 900.0).reports[slow.id].timeout_s == 1800.0
    assert pipeline._settings(*args, 60.0, True).reports[slow.id].timeout_s is None  # --timeout 60 wins
    with pytest.raises(ValueError):
        Report.model_validate({**slow.model_dump(), "timeout": 0})
