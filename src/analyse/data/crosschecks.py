"""Checks across files: what one dataset says must agree with another.

Realisation only on budget lines that the budget has; evaluations only of registered
interventions of the right partner; SROI inputs for known projects within their horizon;
a population for every kern; the national open data agree with each other and hold
the configured municipality. Each problem names the file, row, column and value.
"""

from __future__ import annotations

import pandas as pd

from analyse import params
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
    out += national_checks(frames, files, muni)
    return out


#: The CBS series whose regions are CBS names of municipalities (schema name -> region column).
CBS_SERIES = ("cbs_wmo_halfyear", "cbs_wmo_year", "cbs_youth_care_halfyear", "cbs_youth_care_year",
              "cbs_health_monitor", "cbs_population")
#: Lines at most per check (the rest counted), so a wholly wrong file stays readable.
_CAP = 50


def _capped(found: list[Problem], file: str, what: str) -> list[Problem]:
    if len(found) <= _CAP:
        return found
    rest = len(found) - _CAP
    return found[:_CAP] + [Problem(file=file, message=f"... and {rest:,} more {what} not listed", count=rest)]


def _pairs(frame: pd.DataFrame) -> dict[tuple[str, int], int]:
    """(municipality, year) -> first source row."""
    out: dict[tuple[str, int], int] = {}
    firsts = frame.drop_duplicates(["municipality", "year"])  # ~300 of ~96,000 Iv3 rows
    for row, name, year in zip(firsts.index, firsts["municipality"], firsts["year"]):
        out.setdefault((str(name), int(year)), int(row))
    return out


def national_checks(frames: dict[str, pd.DataFrame], files: dict[str, str], muni: Municipality) -> list[Problem]:
    """The national open data agree with each other and hold the configured municipality:
    Iv3 and gemeenteklassen name the same municipalities in each year they share; the
    municipality of municipality.yaml is in both (every year) and, by its CBS name, in every
    CBS series; Iv3 taakveld codes are known (params/taakvelden.yaml)."""
    out: list[Problem] = []
    iv3, classes = frames.get("iv3"), frames.get("gemeenteklassen")
    pairs = {name: _pairs(frames[name]) for name in ("iv3", "gemeenteklassen")
             if frames.get(name) is not None and not frames[name].empty}
    if iv3 is not None and classes is not None:
        a, b = pairs.get("iv3", {}), pairs.get("gemeenteklassen", {})
        shared = {y for _, y in a} & {y for _, y in b}
        out += _capped([problem(files["iv3"], f"municipality not in {files['gemeenteklassen']} for {year}: expected "
                                              "the same municipalities (same spelling) in both", row=row,
                                column="municipality", value=name)
                        for (name, year), row in a.items() if (name, year) not in b and year in shared],
                       files["iv3"], "municipalities missing from gemeenteklassen")
        out += _capped([problem(files["gemeenteklassen"], f"municipality not in {files['iv3']} for {year}: "
                                                          "expected the same municipalities (same spelling) in both",
                                row=row, column="municipality", value=name)
                        for (name, year), row in b.items() if (name, year) not in a and year in shared],
                       files["gemeenteklassen"], "municipalities missing from iv3")
    for schema in ("iv3", "gemeenteklassen"):
        if schema not in pairs:
            continue
        present = pairs[schema]
        for year in sorted({y for _, y in present}):
            if (muni.name, year) not in present:
                out.append(problem(files[schema], f"no rows for {year} of '{muni.name}' (the name in "
                                                  "municipality.yaml): expected the municipality in every year, "
                                                  "spelled as CBS writes it", column="municipality", value=muni.name))
    cbs_name = muni.name
    if classes is not None and not classes.empty:
        own = classes[classes["municipality"] == muni.name]
        if not own.empty:
            cbs_name = str(own.sort_values("year")["cbs_name"].iloc[-1])
    for schema in CBS_SERIES:
        frame = frames.get(schema)
        if frame is None or frame.empty or "region" not in frame:
            continue
        regions = frame["region"] if "region_type" not in frame else frame.loc[frame["region_type"] == "gemeente",
                                                                               "region"]
        if cbs_name not in set(regions.astype(str)):
            out.append(problem(files[schema], f"no rows for '{cbs_name}' (the CBS name of '{muni.name}' in "
                                              "municipality.yaml / gemeenteklassen): expected the municipality's "
                                              "own series", column="region", value=cbs_name))
    if iv3 is not None and not iv3.empty:
        known = {str(k) for k in params.value("taakvelden", "names")}
        firsts = iv3.groupby(iv3["taakveld_code"].astype(str), sort=False).head(1)
        out += _capped([problem(files["iv3"], "unknown taakveld code: expected a code of the Iv3 classification "
                                              "(params/taakvelden.yaml names)", row=int(row), column="taakveld_code",
                                value=code)
                        for row, code in zip(firsts.index, firsts["taakveld_code"].astype(str)) if code not in known],
                       files["iv3"], "unknown taakveld codes")
    return out


# --------------------------------------------------------------------------- whole directory
