"""Checks across files: what one dataset says must agree with another.

Realisation only on budget lines that the budget has; evaluations only of registered
interventions of the right partner; SROI inputs for known projects within their horizon;
a population for every kern. Each problem names the file, row, column and value.
"""

from __future__ import annotations

import pandas as pd

from analyse.config import Municipality
from analyse.data.problems import Problem, problem


def _rows_missing(frame: pd.DataFrame, cols: list[str], reference: pd.DataFrame, ref_cols: list[str]) -> pd.Index:
    keys = set(reference[ref_cols].astype(str).itertuples(index=False, name=None))
    mask = [k not in keys for k in frame[cols].astype(str).itertuples(index=False, name=None)]
    return frame.index[mask]


def cross_checks(frames: dict[str, pd.DataFrame], files: dict[str, str], muni: Municipality) -> list[Problem]:
    """Checks that need two datasets (or the configuration as a whole).

    ``frames`` should hold only datasets that passed their own checks: a reference
    dataset with problems of its own would make every row that refers to it look bad."""
    out: list[Problem] = []
    if {"budget", "realisation"} <= frames.keys():
        real = frames["realisation"].assign(year=frames["realisation"]["quarter"].dt.year.astype(str))
        budget = frames["budget"].assign(year=frames["budget"]["year"].astype(str))
        for row in _rows_missing(real, ["year", "policy_field", "budget_line"], budget, ["year", "policy_field",
                                                                                         "budget_line"]):
            r = real.loc[row]
            out.append(problem(files["realisation"], f"expected a budget line of policy field '{r.policy_field}' "
                                                     f"in the budget for {r.year} ({files['budget']})",
                               row=int(row), column="budget_line", value=r.budget_line))
    if {"evaluations", "interventions"} <= frames.keys():
        ev, reg = frames["evaluations"], frames["interventions"]
        partner_of = dict(zip(reg["intervention"], reg["partner"]))
        for row, name, partner in zip(ev.index, ev["intervention"], ev["partner"]):
            if name not in partner_of:
                out.append(problem(files["evaluations"],
                                   f"expected an intervention from the register ({files['interventions']})",
                                   row=int(row), column="intervention", value=name))
            elif partner_of[name] != partner:
                out.append(problem(files["evaluations"],
                                   f"expected the partner of '{name}' in the register: '{partner_of[name]}'",
                                   row=int(row), column="partner", value=partner))
    if "sroi_projects" in frames:
        projects = frames["sroi_projects"]
        horizon = dict(zip(projects["project"], projects["horizon_years"]))
        for name in ("sroi_investments", "sroi_outcomes"):
            if name not in frames:
                continue
            frame = frames[name]
            for row, project in zip(frame.index, frame["project"]):
                if project not in horizon:
                    out.append(problem(files[name], f"expected a project from {files['sroi_projects']}",
                                       row=int(row), column="project", value=project))
            for project in horizon:
                if project not in set(frame["project"]):
                    out.append(problem(files[name],
                                       f"project '{project}' has no rows: expected at least one per project"))
        if "sroi_investments" in frames:
            inv = frames["sroi_investments"]
            for row, project, year in zip(inv.index, inv["project"], inv["year"]):
                if project in horizon and year > horizon[project]:
                    out.append(problem(files["sroi_investments"],
                                       f"expected a project year within the horizon of '{project}' "
                                       f"(0 to {horizon[project]})", row=int(row), column="year", value=year))
    if "population" in frames:
        present = set(frames["population"]["kern"])
        for kern in muni.kernen:
            if kern not in present:
                out.append(problem(files["population"],
                                   f"kern '{kern}' has no population: expected at least one row per kern "
                                                       "(needed for rates per 1,000 inhabitants)"))
    return out


# --------------------------------------------------------------------------- whole directory
