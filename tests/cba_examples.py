"""Small projects in the sroi_* contracts shared by the cost-benefit tests (test_appraisal,
test_pockets, test_sensitivity, test_cba_plots, test_project)."""

from __future__ import annotations

import csv

import pandas as pd

from analyse import cba
from analyse.config import RAW_DIR


def make_inputs(outcomes: list[dict], investments: list[dict], horizon: int = 3, price_year: int = 2022,
                cpi: pd.DataFrame | None = None) -> cba.ProjectInputs:
    """A one-project input in the sroi_* contracts; unspecified outcome fields default to a
    plain outcome (no deductions, no drop-off, one year) for actor gemeente."""
    default = {"project": "p", "stakeholder": "deelnemers", "actor": "gemeente", "quantity": 10.0, "proxy_eur": 1000.0,
               "proxy_price_year": price_year, "proxy_source": "test", "deadweight": 0.0, "displacement": 0.0,
               "attribution": 0.0, "drop_off": 0.0, "duration_years": 1, "start_year": None}
    rows = [{**default, "outcome": f"effect {i + 1}", **o} for i, o in enumerate(outcomes)]
    inv = [{"project": "p", "payer": "gemeente", "kind": "personeel", **i} for i in investments]
    projects = pd.DataFrame({"project": ["p"], "name": ["Testproject"], "horizon_years": [horizon],
                             "price_year": [price_year]})
    return cba.project_inputs(projects, pd.DataFrame(inv), pd.DataFrame(rows), "p", cpi=cpi)


#: The SROI chain worked example (tests/cases/cba.yaml, "SROI chain"; test_appraisal.py).
CHAIN = {"quantity": 10.0, "proxy_eur": 1000.0, "deadweight": 0.25, "displacement": 0.10, "attribution": 0.20,
         "drop_off": 0.10, "duration_years": 3}
CHAIN_COST = [{"year": 0, "amount_eur": 10_000.0}]
ACTORS = {"gemeente": "Gemeente", "zorgverzekeraar": "Zorgverzekeraar", "inwoners": "Inwoners"}


def shipped_cpi() -> pd.DataFrame:
    return pd.read_csv(RAW_DIR / "cpi.csv")


def shipped_projects() -> list[str]:
    with open(RAW_DIR / "sroi_projects.csv", encoding="utf-8") as f:
        return [row["project"] for row in csv.DictReader(f)]


def pockets_example() -> cba.Appraisal:
    """Costs paid by gemeente (10,000 up-front) and inwoners; benefits to three actors."""
    outcomes = [{**CHAIN, "actor": "zorgverzekeraar"}, {"actor": "gemeente", "quantity": 2.0},
                {"actor": "rijk", "quantity": 1.0}]
    costs = [*CHAIN_COST, {"payer": "inwoners", "kind": "vrijwilligers", "year": 1, "amount_eur": 500.0}]
    return cba.appraise(make_inputs(outcomes, costs))


def ranged_example() -> cba.Appraisal:
    """The SROI chain with ranges on quantity, drop-off, deadweight and the cost, at 3.5%."""
    outcome = {**CHAIN, "quantity_low": 8.0, "quantity_high": 12.0, "drop_off_low": 0.05, "drop_off_high": 0.9,
               "deadweight_low": 0.2, "deadweight_high": 0.3}
    costs = [{"year": 0, "amount_eur": 10_000.0, "amount_eur_low": 9_000.0, "amount_eur_high": 16_000.0}]
    return cba.appraise(make_inputs([outcome], costs), rate=0.035)
