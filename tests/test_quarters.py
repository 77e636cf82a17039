"""The pack runs for every quarter of 2024 and 2025 (issue 11, item 4: every Q4 run failed).

Why it failed: in the fourth quarter the welfare evaluations add percentages, report marks
(rapportcijfers) and waiting days to the indicators behind target; the report table marked
the whole ``value`` column as counts of people, so the publishing check refused "39" (a
percentage) as an unrounded count and the Welzijnsmonitor was not published (exit 1).

What is tested, and why it covers that failure within about a minute:

- every quarter 2024Q1-2025Q4, and 2023Q4 (also named in the issue): the code cells of the quarter-dependent reports
  (Welzijnsmonitor and Samenvatting, ``QUARTER_REPORTS``) are executed in this process
  with ``period`` set to the quarter, and every table they display goes through the same
  publishing check (:func:`analyse.publish.check.publication_problems`) that refused the
  Q4 pages. A kernel per quarter would take 20-40 s each; in-process it is a few seconds.
- one end-to-end ``analyse run --period 2025Q4`` of both reports with ``--jobs 2``: exit 0
  and both published (the command of the issue, through nbclient, HTML export and check).
"""

from __future__ import annotations

import ast
import json

import matplotlib
import nbformat
import pytest
from bs4 import BeautifulSoup

from analyse import cli
from analyse.config import ROOT
from analyse.publish.check import publication_problems

matplotlib.use("Agg")

NOTEBOOKS = ROOT / "notebooks"
QUARTERS = ["2023Q4"] + [f"{year}Q{q}" for year in (2024, 2025) for q in range(1, 5)]
QUARTER_REPORTS = ("welzijnsmonitor", "samenvatting")


def _run_cells(name: str, **parameters: object) -> list[object]:
    """Execute the notebook's code cells here, the parameters cell overridden by
    ``parameters``; returns what the cells display (the value of a last expression, and
    anything passed to ``display``)."""
    import IPython.display
    import matplotlib.pyplot as plt

    shown: list[object] = []
    original = IPython.display.display
    IPython.display.display = lambda *objects, **_: shown.extend(objects)  # type: ignore[assignment]
    try:
        nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        namespace: dict[str, object] = {}
        for i, cell in enumerate(c for c in nb.cells if c.cell_type == "code"):
            tree = ast.parse(cell.source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, f"{name}[{i}]", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), f"{name}[{i}]", "eval"), namespace)
                if value is not None:
                    shown.append(value)
            if i == 0:
                namespace.update(parameters)
            plt.close("all")
    finally:
        IPython.display.display = original  # type: ignore[assignment]
    return shown


def _tables(shown: list[object]) -> list[str]:
    return [obj.to_html() for obj in shown if hasattr(obj, "to_html") and hasattr(obj, "data")]


@pytest.mark.parametrize("period", QUARTERS)
def test_quarter_dependent_reports_pass_the_publishing_check(monkeypatch, period):
    monkeypatch.delenv("ANALYSE_DISCLOSURE", raising=False)
    for name in QUARTER_REPORTS:
        extra = {"mc_draws": 200} if name == "samenvatting" else {}
        shown = _run_cells(name, period=period, **extra)
        assert shown, f"{name} {period}: nothing displayed"
        for table in _tables(shown):
            assert publication_problems(table) == [], f"{name} {period}"
    # The Welzijnsmonitor shows its indicator tables in every quarter.
    assert len(_tables(_run_cells("welzijnsmonitor", period=period))) >= 3


def test_the_fourth_quarter_table_mixes_units_and_marks_only_counts(monkeypatch):
    # 2025Q4 (the failing quarter): the table of indicators behind target holds percentages,
    # report marks and days next to participants; only participant cells are checked counts.
    monkeypatch.delenv("ANALYSE_DISCLOSURE", raising=False)
    tables = _tables(_run_cells("welzijnsmonitor", period="2025Q4"))
    behind = next(t for t in tables if "achter op hun streefwaarde" in t)
    for unit in ("%", "rapportcijfer", "dagen", "deelnemers"):
        assert f">{unit}<" in behind, unit
    soup = BeautifulSoup(behind, "html.parser")
    for row in soup.find("tbody").find_all("tr"):
        cells = row.find_all("td")
        unit, value = cells[4].get_text(), cells[5]
        assert ("telling" in value.get("class", [])) == (unit == "deelnemers"), row
    assert publication_problems(behind) == []


def test_fourth_quarter_run_end_to_end(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSE_PROCESSED_DIR", str(tmp_path / "processed"))
    out = tmp_path / "reports"
    code = cli.main(["run", "--period", "2025Q4", "--output-dir", str(out), "--jobs", "2",
                     "--param", "mc_draws=200", *[a for n in QUARTER_REPORTS for a in ("--notebook", n)]])
    run = json.loads((out / "2025Q4" / "run.json").read_text())
    failed = {k: v["error"] for k, v in run["reports"].items() if v["status"] != "ok"}
    assert code == 0 and not failed, failed
    assert all((out / "2025Q4" / f"{n}.html").exists() for n in QUARTER_REPORTS)
