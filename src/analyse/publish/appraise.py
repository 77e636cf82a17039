"""``analyse appraise INPUT``: validate SROI/MKBA inputs, appraise, print a table or JSON.

INPUT is a folder with sroi_projects.csv, sroi_investments.csv and sroi_outcomes.csv, or
an .xlsx workbook with sheets of those names. The actors and the municipality's own actor
(municipality.yaml: ``municipality.actor``, for budget neutrality) and the CPI (cpi.csv)
come from the data directory. Inputs are checked with the data contracts of
:mod:`analyse.data.contracts` through :func:`analyse.data.validate.validate_dataset`; every
problem is raised as :class:`~analyse.data.problems.InputError` (the CLI prints it and
exits 2). The appraisal itself is :mod:`analyse.methods.cba`; this module loads, formats
(Dutch number formats) and prints.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import replace
from pathlib import Path

import pandas as pd

from analyse.config import RAW_DIR, Municipality, load_municipality
from analyse.data.catalog import Dataset
from analyse.data.cells import parse_number
from analyse.data.contracts import build_schemas
from analyse.data.crosschecks import cross_checks
from analyse.data.problems import InputError, problem
from analyse.data.readers import EXCEL_SUFFIXES
from analyse.data.validate import display_path, validate_dataset
from analyse.methods.cba.appraisal import Appraisal, appraise
from analyse.methods.cba.discounting import Rate, discount_presets
from analyse.methods.cba.pockets import actor_payback, break_even_saving, wrong_pocket
from analyse.methods.cba.project import Conventions, project_inputs
from analyse.publish.cba_text import TIMING_PHRASES, irr_text, payback_reason_text, payback_text
from analyse.publish.text import format_eur, format_ratio

__all__ = ["load_cpi", "load_inputs", "parse_rate", "project_report", "render_text", "run"]

SROI_DATASETS = ("sroi_projects", "sroi_investments", "sroi_outcomes")
CPI_FILE = "cpi.csv"
DEDUCTION_WORDS = {"multiplicative": "multiplicatief", "additive": "additief"}
TIMING_WORDS = {"end": "jaareinde", "mid": "midden van het jaar", "start": "begin van het jaar"}  # cli.py --timing


def parse_rate(text: str) -> float | str:
    """A --discount-rate value: a preset name, a share (0.0225) or a percentage (2,25%)."""
    presets = discount_presets()
    value = text.strip()
    if value in presets:
        return value
    options = f"a preset ({', '.join(presets)}) or a real rate such as 0.0225 or 2,25%"
    if value[:1].isalpha():  # a name, not a number
        raise InputError([problem("--discount-rate", f"unknown preset: expected {options}", value=text)])
    try:
        number, percent = parse_number(value, ".", allow_percent=True)
    except ValueError:
        raise InputError([problem("--discount-rate", f"not a number: expected {options}", value=text)]) from None
    if not percent and abs(number) >= 1:
        raise InputError([problem("--discount-rate", "expected a share such as 0.0225 or a percentage with a % sign "
                                                     "such as 2,25%", value=text)])
    rate = number / 100 if percent else number
    if rate <= -1:
        raise InputError([problem("--discount-rate", "expected a rate above -100%", value=text)])
    return rate


def load_inputs(source: Path, muni: Municipality) -> dict[str, pd.DataFrame]:
    """The three SROI datasets from a folder or workbook, validated and cross-checked."""
    source = Path(source)
    located: dict[str, tuple[Path, str | None]]
    if source.is_dir():
        located = {name: (source / f"{name}.csv", None) for name in SROI_DATASETS}
    elif source.is_file() and source.suffix.lower() in EXCEL_SUFFIXES:
        located = {name: (source, name) for name in SROI_DATASETS}
    else:
        raise InputError([problem(display_path(source), "not found or not a folder/workbook: expected a folder with "
                                  + ", ".join(f"{n}.csv" for n in SROI_DATASETS)
                                  + " or an .xlsx workbook with sheets " + ", ".join(SROI_DATASETS))])
    schemas = build_schemas(muni)
    frames, files, problems = {}, {}, []
    for name, (path, sheet) in located.items():
        dataset = Dataset(name=name, file=path.name, schema=name, title=name, description="", status="illustrative",
                          source="", licence="", sheet=sheet)
        frame, found = validate_dataset(path, dataset, schemas[name])
        files[name] = display_path(path) + (f"[{sheet}]" if sheet else "")
        problems += [replace(p, file=files[name]) for p in sorted(found, key=lambda p: p.row or 0)]
        if frame is not None and not found:
            frames[name] = frame
    problems += cross_checks(frames, files, muni)
    if problems:
        raise InputError(problems)
    return frames


def load_cpi(data_dir: Path, muni: Municipality) -> tuple[pd.DataFrame | None, str]:
    """The validated CPI from the data directory, or None when there is no cpi.csv (then
    only projects whose proxies are all in the project's price year can be appraised)."""
    path = data_dir / CPI_FILE
    if not path.exists():
        return None, display_path(path)
    dataset = Dataset(name="cpi", file=CPI_FILE, schema="cpi", title="cpi", description="", status="real",
                      source="", licence="")
    frame, problems = validate_dataset(path, dataset, build_schemas(muni)["cpi"])
    if problems:
        raise InputError(problems)
    return frame, display_path(path)


def _clean(value):
    """JSON-safe: NaN and infinities to None, numpy scalars to Python numbers."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def project_report(appraisal: Appraisal, muni: Municipality) -> dict:
    """Summary, per-actor block and budget neutrality of one appraisal, JSON-ready.

    ``payback_years``: the whole project year in which society's cumulative discounted net
    position first is >= 0 on the timing convention (``payback_after_years``: years from the
    start to that moment), or None with ``payback_reason`` (Dutch); ``own_payback_years`` /
    ``own_payback_reason`` the same for the municipality's own costs and benefits. ``irr``
    (real, per year) or None with ``irr_reason`` (Dutch); ``irr_roots`` every rate found at
    which the present value is zero. Budget neutrality and the own payback are computed for
    the municipality's own actor (``muni.own_actor``, from municipality.yaml), and are None
    when that actor neither pays nor benefits."""
    s = appraisal.summary
    keys = ("project", "name", "price_year", "horizon_years", "pv_benefits", "pv_costs", "npv", "bcr", "sroi",
            "net_sroi", "payback_years", "payback_after_years")
    out = {k: s[k] for k in keys}
    out["payback_reason"] = payback_reason_text(s["payback_reason"])
    out["payback_timing"] = s["timing"]
    out["irr"] = s["irr"]
    out["irr_reason"] = None if s["irr"] is not None else irr_text(s)
    out["irr_roots"] = list(s["irr_roots"])
    pockets = wrong_pocket(appraisal, muni.actors)
    out["actors"] = {row.pop("actor"): row for row in pockets.to_dict("records")}
    payers = set(appraisal.costs["payer"]) | set(appraisal.impacts["actor"])
    own = muni.own_actor in payers
    back = actor_payback(appraisal, muni.own_actor) if own else None
    out["own_actor"] = muni.own_actor
    out["own_payback_years"] = back.year if back else None
    out["own_payback_after_years"] = back.after_years if back else None
    out["own_payback_reason"] = (payback_reason_text(back.reason) if back
                                 else "niet van toepassing: de gemeente betaalt niet en ontvangt niets in dit project")
    out["budget_neutrality"] = break_even_saving(appraisal, muni.own_actor) if own else None
    return _clean(out)


def render_text(reports: list[dict], conventions: dict) -> str:
    """A readable table for people (Dutch number formats)."""
    lines = [f"Kosten-batenanalyse (SROI/MKBA): discontovoet {conventions['discount_rate']}, "
             f"stromen op {TIMING_WORDS[conventions['timing']]}, "
             f"aftrekposten {DEDUCTION_WORDS[conventions['deductions']]}; "
             "bedragen in contante waarde (CW: toekomstige euro's teruggerekend naar nu, in € van het prijsjaar); "
             "NCW = netto contante waarde (baten min kosten); B/K = baten per euro kosten", "",
             f"Terugverdiend: het eerste projectjaar waarin de opgetelde contante baten minus kosten niet meer "
             f"negatief zijn; stromen vallen {TIMING_PHRASES[conventions['timing']]} elk jaar, dus niet eerder dan "
             "het jaar waarin de eerste baten binnenkomen.", ""]
    head = ("Project", "Prijsjaar", "CW baten", "CW kosten", "NCW", "B/K", "SROI", "Netto SROI",
            "Terugverdiend (samenleving)", "Terugverdiend (gemeente)")
    rows = [head] + [(r["name"], str(r["price_year"]), format_eur(r["pv_benefits"]), format_eur(r["pv_costs"]),
                      format_eur(r["npv"]), format_ratio(r["bcr"]), format_ratio(r["sroi"]),
                      format_ratio(r["net_sroi"]),
                      payback_text(r["payback_years"], r["payback_after_years"], r["payback_reason"]),
                      payback_text(r["own_payback_years"], r["own_payback_after_years"], r["own_payback_reason"]))
                     for r in reports]
    lines += _table(rows, left=1)
    lines += ["", "Interne rentevoet (de rentevoet waarbij de netto contante waarde nul is):"]
    lines += [f"  {r['name']}: {irr_text(r)}" for r in reports]
    for r in reports:
        lines += ["", f"Wie betaalt, wie profiteert: {r['name']}"]
        rows = [("Actor", "Kosten", "Baten", "Saldo", "Baten per euro")]
        rows += [(a["label"], format_eur(a["pv_costs"]), format_eur(a["pv_benefits"]), format_eur(a["net"]),
                  format_ratio(a["return"])) for a in r["actors"].values()]
        lines += ["  " + line for line in _table(rows, left=1)]
        be = r["budget_neutrality"]
        if be:
            label = r["actors"].get(be["actor"], {}).get("label", be["actor"])
            years = f"jaar {be['start_year']}-{r['horizon_years']}"
            lines.append(f"  Budgetneutraal voor {label} bij een besparing op zorgkosten van "
                         f"{format_eur(be['yearly_saving_eur'])} per jaar ({years}); "
                         f"gemodelleerde baten voor {label}: {format_eur(be['modelled_benefits_yearly_eur'])} per jaar "
                         f"({years}; contante waarde {format_eur(be['modelled_benefits_pv'])} tegen "
                         f"{format_eur(be['pv_costs'])} kosten): "
                         + ("budgetneutraal." if be["budget_neutral"] else "niet budgetneutraal."))
    return "\n".join(lines) + "\n"


def _table(rows: list[tuple[str, ...]], left: int) -> list[str]:
    """Columns padded to their widest cell; the first ``left`` columns left-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) if i < left else cell.rjust(w)
                      for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
            for row in rows]


def run(args: argparse.Namespace) -> str:
    """Do ``analyse appraise`` for parsed arguments; return the text to print."""
    rate: Rate = parse_rate(args.discount_rate) if args.discount_rate is not None else None  # None: default preset
    data_dir = Path(args.data_dir or RAW_DIR)
    muni = load_municipality(data_dir)
    frames = load_inputs(Path(args.input), muni)
    cpi, cpi_file = load_cpi(data_dir, muni)
    projects = frames["sroi_projects"]
    ids = list(projects["project"])
    if args.project is not None and args.project not in ids:
        raise InputError([problem("--project", f"unknown project: expected one of {', '.join(ids)} "
                                               f"(sroi_projects in {display_path(Path(args.input))})",
                                  value=args.project)])
    reports = []
    for project in ([args.project] if args.project else ids):
        inputs = project_inputs(projects, frames["sroi_investments"], frames["sroi_outcomes"], project,
                                cpi=cpi, cpi_file=cpi_file)
        reports.append(project_report(appraise(inputs, rate=rate, timing=args.timing), muni))
    conv = Conventions.make(rate, args.timing)
    conventions = {"discount_rate": conv.rate.label, "discount_rate_preset": conv.rate.name,
                   "discount_rate_reference": conv.rate.reference or None, "timing": conv.timing,
                   "deductions": conv.deductions, "optimism_bias": conv.optimism_bias,
                   "year_0": "up-front, not discounted", "money": "euros of each project's price_year (real)"}
    if args.json:
        return json.dumps({"conventions": conventions, "projects": reports}, ensure_ascii=False, indent=2) + "\n"
    return render_text(reports, conventions)
