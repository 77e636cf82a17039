"""``analyse appraise`` (analyse.publish.appraise): inputs, text and JSON output, clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cba_examples import shipped_projects

from analyse.config import RAW_DIR


@pytest.mark.parametrize("project", shipped_projects())
def test_cli_json_on_each_shipped_project(run_cli, project):
    result = run_cli("appraise", RAW_DIR, "--project", project, "--json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["conventions"]["discount_rate_preset"] == "nl2020"
    [p] = report["projects"]
    assert p["project"] == project
    for key in ("pv_benefits", "pv_costs", "npv", "bcr", "sroi", "net_sroi", "payback_years", "actors"):
        assert key in p
    assert p["npv"] == pytest.approx(p["pv_benefits"] - p["pv_costs"])
    assert p["net_sroi"] == pytest.approx(p["sroi"] - 1)
    assert sum(a["net"] for a in p["actors"].values()) == pytest.approx(p["npv"])
    assert p["actors"]["gemeente"]["label"] == "Gemeente"
    assert p["budget_neutrality"]["actor"] == "gemeente"
    # Payback in whole project years (>= 1: flows at the year end) or null with a Dutch reason;
    # the municipality's own payback next to it; IRR or null with a Dutch reason.
    for years, reason in ((p["payback_years"], p["payback_reason"]), (p["own_payback_years"], p["own_payback_reason"])):
        assert (isinstance(years, int) and years >= 1 and reason is None) or (years is None and reason)
    if not p["budget_neutrality"]["budget_neutral"]:  # own benefits below own costs: never paid back
        assert (p["own_payback_years"], p["own_payback_reason"]) == (None, "niet binnen de looptijd")
    assert (p["irr"] is None) == bool(p["irr_reason"])
    if p["payback_years"] == 1:  # the outlay is earned back in year 1: no rate, only the reason
        assert p["irr"] is None and p["irr_reason"].startswith(
            "geen bruikbare interne rentevoet: de kosten vooraf zijn in het eerste jaar al terugverdiend")
    if p["irr"] is None:
        assert "%" not in p["irr_reason"]
    # Budget neutrality like for like: the modelled benefits per year are their present value over
    # the annuity factor of the saving years, the needed saving is the own costs over the same factor.
    be = p["budget_neutrality"]
    assert be["modelled_benefits_yearly_eur"] == pytest.approx(be["modelled_benefits_pv"] / be["annuity_factor"])
    assert be["yearly_saving_eur"] == pytest.approx(be["pv_costs"] / be["annuity_factor"])
    assert be["budget_neutral"] == (be["modelled_benefits_yearly_eur"] >= be["yearly_saving_eur"])


def test_cli_table_for_people_and_presets(run_cli):
    result = run_cli("appraise", RAW_DIR, "--discount-rate", "greenbook", "--timing", "mid")
    assert result.code == 0, result.err
    assert "discontovoet greenbook (3.5% declining)" in result.out
    assert "Wie betaalt, wie profiteert: Preventief huisbezoek ouderen" in result.out
    assert "€ " in result.out
    assert "Terugverdiend (gemeente)" in result.out and "niet binnen de looptijd" in result.out
    assert "Interne rentevoet" in result.out
    as_number = run_cli("appraise", RAW_DIR, "--discount-rate", "3,5%", "--json", "--project", "maaltijdvoorziening")
    assert json.loads(as_number.out)["conventions"]["discount_rate"] == "3.5%"


def test_cli_reads_an_xlsx_workbook(run_cli, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in ("sroi_projects", "sroi_investments", "sroi_outcomes"):
        frame = pd.read_csv(RAW_DIR / f"{name}.csv")
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if isinstance(v, float) and np.isnan(v) else v for v in row])
    path = tmp_path / "sroi.xlsx"
    book.save(path)
    from_book = run_cli("appraise", path, "--json")
    from_csv = run_cli("appraise", RAW_DIR, "--json")
    assert from_book.code == 0, from_book.err
    assert json.loads(from_book.out)["projects"] == json.loads(from_csv.out)["projects"]


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file (row 2 = the first data row, as the problem lines count)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(column)] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.mark.parametrize(("edit", "args", "message"), [
    (("sroi_outcomes.csv", 3, "deadweight", "120%"), (),
     "sroi_outcomes.csv:3: column 'deadweight': value '120%': expected a share between 0 and 1"),
    (("sroi_outcomes.csv", 4, "duration_years", "-2"), (),
     "sroi_outcomes.csv:4: column 'duration_years': value '-2': expected a duration between 1 and 100"),
    (("sroi_outcomes.csv", 2, "actor", ""), (),
     "sroi_outcomes.csv:2: column 'actor': value '': empty: expected a value (required)"),
    (("sroi_outcomes.csv", 2, "proxy_price_year", "2009"), (),
     "cpi.csv: no consumer price index for 2009"),
    (None, ("--discount-rate", "nl2030"),
     "--discount-rate: value 'nl2030': unknown preset: expected a preset (nl2020, nl-riskfree"),
    (None, ("--discount-rate", "2.5x"), "--discount-rate: value '2.5x': not a number: expected"),
    (None, ("--discount-rate", "3.5"), "--discount-rate: value '3.5': expected a share such as 0.0225"),
    (None, ("--project", "zwembad"),
     "--project: value 'zwembad': unknown project: expected one of beweegprogramma_ouderen"),
])
def test_cli_bad_input_exits_2_with_one_clear_line(run_cli, raw_copy, edit, args, message):
    if edit:
        file, row, column, value = edit
        _edit(raw_copy / file, row, column, value)
    result = run_cli("appraise", raw_copy, "--data-dir", raw_copy, *args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_cli_missing_input_folder(run_cli, tmp_path):
    result = run_cli("appraise", tmp_path / "nope")
    assert result.code == 2
    assert "not found or not a folder/workbook: expected a folder with sroi_projects.csv" in result.err


def test_budget_neutrality_for_the_configured_own_actor(run_cli, raw_copy):
    """A municipality whose configuration names its own actor "gem" (not "gemeente") still
    gets budget neutrality, for that actor, in JSON and in the table."""
    config = raw_copy / "municipality.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  actor: gemeente ", "  actor: gem ")
    text = text.replace("  gemeente: Gemeente", "  gem: Gemeente Dalfsen")
    config.write_text(text, encoding="utf-8")
    for name in ("sroi_investments.csv", "sroi_outcomes.csv"):
        path = raw_copy / name
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        rows = [["gem" if cell == "gemeente" else cell for cell in row] for row in rows]
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
    result = run_cli("appraise", raw_copy, "--data-dir", raw_copy, "--json")
    assert result.code == 0, result.err
    before = json.loads(run_cli("appraise", RAW_DIR, "--json").out)
    for project, original in zip(json.loads(result.out)["projects"], before["projects"]):
        assert "gemeente" not in project["actors"]
        be = project["budget_neutrality"]
        assert be is not None and be["actor"] == "gem"
        # Only the name changed: the same numbers as for "gemeente" in the shipped data.
        assert be["yearly_saving_eur"] == pytest.approx(original["budget_neutrality"]["yearly_saving_eur"])
    table = run_cli("appraise", raw_copy, "--data-dir", raw_copy)
    assert "Budgetneutraal voor Gemeente Dalfsen bij een besparing" in table.out


def test_cli_json_payback_and_irr_on_a_worked_project(run_cli, raw_copy):
    # One project: gemeente pays EUR 100 up-front; an outcome of 1 x EUR 55 a year for 3 years to the
    # zorgverzekeraar; 10%, flows at the year end: cumulative -50.00, -4.55, +36.78 (see
    # test_appraisal) -> paid back in year 3; the gemeente itself receives nothing -> not reached.
    # IRR: one sign change, so one root of -100 + 55/(1+r) + 55/(1+r)^2 + 55/(1+r)^3. At 29%:
    # 42.636 + 33.051 + 25.621 = 101.31 (> 100); at 30%: 42.308 + 32.544 + 25.034 = 99.89 (< 100),
    # so the IRR lies between 29% and 30%, and the PV at the reported rate is zero.
    (raw_copy / "sroi_projects.csv").write_text(
        "project,name,description,horizon_years,price_year,source\n"
        "p,Testproject,,3,2022,test\n", encoding="utf-8")
    (raw_copy / "sroi_investments.csv").write_text(
        "project,payer,year,kind,amount_eur,amount_eur_low,amount_eur_high\n"
        "p,gemeente,0,opstartkosten,100,,\n", encoding="utf-8")
    header = (raw_copy / "sroi_outcomes.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = header.split(",")
    row = dict.fromkeys(columns, "")
    row.update(project="p", outcome="effect", stakeholder="deelnemers", actor="zorgverzekeraar", quantity="1",
               proxy_eur="55", proxy_price_year="2022", proxy_source="test", deadweight="0", displacement="0",
               attribution="0", drop_off="0", duration_years="3")
    (raw_copy / "sroi_outcomes.csv").write_text(header + "\n" + ",".join(row[c] for c in columns) + "\n",
                                                encoding="utf-8")
    result = run_cli("appraise", raw_copy, "--data-dir", raw_copy, "--discount-rate", "0.10", "--json")
    assert result.code == 0, result.err
    [p] = json.loads(result.out)["projects"]
    assert (p["payback_years"], p["payback_after_years"], p["payback_reason"]) == (3, 3.0, None)
    assert p["payback_timing"] == "end"
    assert (p["own_payback_years"], p["own_payback_reason"]) == (None, "niet: er komen geen baten binnen")
    r = p["irr"]
    assert p["irr_reason"] is None and 0.29 < r < 0.30
    assert -100 + sum(55 / (1 + r) ** t for t in (1, 2, 3)) == pytest.approx(0, abs=1e-6)
    # Budget neutrality of the gemeente: costs 100 up-front, the annuity factor of years 1-3 at 10%
    # is 1/1.1 + 1/1.21 + 1/1.331 = 0.909091 + 0.826446 + 0.751315 = 2.486852, so the needed saving
    # is 100 / 2.486852 = 40.21 a year; it receives nothing (0 a year, PV 0): not budget neutral.
    be = p["budget_neutrality"]
    assert be["yearly_saving_eur"] == pytest.approx(40.2115, abs=1e-4)
    assert (be["modelled_benefits_pv"], be["modelled_benefits_yearly_eur"], be["budget_neutral"]) == (0, 0, False)
    table = run_cli("appraise", raw_copy, "--data-dir", raw_copy, "--discount-rate", "0.10")
    assert ("Budgetneutraal voor Gemeente bij een besparing op zorgkosten van € 40 per jaar (jaar 1-3); "
            "gemodelleerde baten voor Gemeente: € 0 per jaar (jaar 1-3; contante waarde € 0 tegen € 100 kosten): "
            "niet budgetneutraal.") in table.out
