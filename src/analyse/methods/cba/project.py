"""One project's inputs, rebased to its price year, and the conventions of an appraisal.

The frames are those of the data contracts ``sroi_projects``, ``sroi_investments`` and
``sroi_outcomes`` (see docs/data-dictionary.md), as :mod:`analyse.data` returns them or as
:func:`analyse.data.validate.validate_dataset` types them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyse.data.problems import InputError, problem
from analyse.methods.cba.discounting import DiscountRate, Rate, check_timing, resolve_rate

__all__ = ["Conventions", "ProjectInputs", "cpi_factors", "project_inputs"]

#: Outcome inputs that may carry a ``_low``/``_high`` range (the sroi_outcomes contract).
OUTCOME_PARAMS: tuple[str, ...] = ("quantity", "proxy_eur", "deadweight", "displacement", "attribution",
                                   "drop_off", "duration_years")
MONEY_COLUMNS = ("proxy_eur", "proxy_eur_low", "proxy_eur_high")
DEDUCTIONS = ("multiplicative", "additive")


@dataclass(frozen=True)
class ProjectInputs:
    """Inputs of one project.

    ``outcomes``: one row per outcome; proxies in euros of ``price_year`` (column ``rebase``
    holds the CPI factor applied), ``start_year`` filled (default 1), empty ``_low``/``_high``
    cells set to the base value. ``investments``: one row per payer, project year and kind
    of cost, euros of ``price_year`` (year 0 = up-front)."""

    project: str
    name: str
    horizon: int
    price_year: int
    outcomes: pd.DataFrame
    investments: pd.DataFrame


@dataclass(frozen=True)
class Conventions:
    """How an appraisal counts: discount rate (real, per year), timing of flows within the
    year, multiplicative or additive deductions, optimism-bias uplift on costs (0.2 = +20%)."""

    rate: DiscountRate
    timing: str = "end"
    deductions: str = "multiplicative"
    optimism_bias: float = 0.0

    @classmethod
    def make(cls, rate: Rate = None, timing: str = "end",
             deductions: str = "multiplicative", optimism_bias: float = 0.0) -> Conventions:
        """Check and resolve the conventions (raises ValueError on an unknown choice); rate
        None is the default preset of params/discount_rates.yaml."""
        check_timing(timing)
        if deductions not in DEDUCTIONS:
            raise ValueError(f"deductions {deductions!r}: expected one of {', '.join(DEDUCTIONS)}")
        if not np.isfinite(optimism_bias) or optimism_bias < 0:
            raise ValueError(f"optimism_bias {optimism_bias!r}: expected a share >= 0, "
                             "e.g. 0.2 for a 20% uplift on costs")
        return cls(resolve_rate(rate), timing, deductions, float(optimism_bias))


def _text(series: pd.Series) -> pd.Series:
    return series.astype(str)


def _numbers(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def cpi_factors(from_years: np.ndarray, to_year: int, cpi: pd.DataFrame | None,
                cpi_file: str = "cpi.csv") -> np.ndarray:
    """Factor that turns euros of each of ``from_years`` into euros of ``to_year``:
    CPI(to_year) / CPI(from_year), from a frame with columns year and cpi_index (2015 = 100).

    Raises InputError naming the missing years when the CPI lacks one that is needed."""
    years = np.asarray(from_years, dtype=int)
    if np.all(years == to_year):
        return np.ones(len(years))
    index = {} if cpi is None else dict(zip(_numbers(cpi["year"]).astype(int), _numbers(cpi["cpi_index"])))
    missing = sorted({int(y) for y in [*years, to_year] if y not in index or not np.isfinite(index[y])})
    if missing:
        shown = ", ".join(str(y) for y in missing)
        raise InputError([problem(cpi_file, f"no consumer price index for {shown}: expected a cpi_index for "
                                            f"every proxy price year and for the price year {to_year} "
                                            "(CBS 83131NED, 2015 = 100)")])
    return np.array([index[to_year] / index[int(y)] for y in years])


def project_inputs(projects: pd.DataFrame, investments: pd.DataFrame, outcomes: pd.DataFrame, project: str,
                   cpi: pd.DataFrame | None = None, cpi_file: str = "cpi.csv") -> ProjectInputs:
    """Select one project's rows and rebase its proxies to the project's price year.

    Proxies (and their ranges) are multiplied by CPI(price_year) / CPI(proxy_price_year);
    costs are already in euros of the price year (sroi_investments contract)."""
    ids = _text(projects["project"])
    if project not in set(ids):
        raise KeyError(f"project {project!r}: expected one of {', '.join(ids)}")
    row = projects[ids == project].iloc[0]
    price_year = int(row["price_year"])
    out = outcomes[_text(outcomes["project"]) == project].reset_index(drop=True)
    inv = investments[_text(investments["project"]) == project].reset_index(drop=True)

    o = pd.DataFrame({"outcome": _text(out["outcome"]), "stakeholder": _text(out["stakeholder"]),
                      "actor": _text(out["actor"])})
    for name in OUTCOME_PARAMS:
        base = _numbers(out[name])
        o[name] = base
        for end in ("low", "high"):
            col = f"{name}_{end}"
            values = _numbers(out[col]) if col in out else np.full(len(out), np.nan)
            o[col] = np.where(np.isnan(values), base, values)
    start = _numbers(out["start_year"]) if "start_year" in out else np.full(len(out), np.nan)
    for name in OUTCOME_PARAMS:
        bad = ~((o[f"{name}_low"] <= o[name]) & (o[name] <= o[f"{name}_high"]))
        if bad.any():
            raise ValueError(f"project {project!r}, outcome {o.loc[bad, 'outcome'].iloc[0]!r}: {name}: "
                             f"expected {name}_low <= {name} <= {name}_high")
    o["start_year"] = np.where(np.isnan(start), 1, start).astype(int)
    o["proxy_price_year"] = _numbers(out["proxy_price_year"]).astype(int)
    factor = cpi_factors(o["proxy_price_year"].to_numpy(), price_year, cpi, cpi_file)
    o["rebase"] = factor
    for col in MONEY_COLUMNS:
        o[col] = o[col] * factor

    i = pd.DataFrame({"payer": _text(inv["payer"]), "kind": _text(inv["kind"]),
                      "year": _numbers(inv["year"]).astype(int)})
    for col in ("amount_eur", "amount_eur_low", "amount_eur_high"):
        values = _numbers(inv[col]) if col in inv else np.full(len(inv), np.nan)
        i[col] = values if col == "amount_eur" else np.where(np.isnan(values), _numbers(inv["amount_eur"]), values)
    late = i["year"] > int(row["horizon_years"])
    if late.any():
        raise ValueError(f"project {project!r}: costs in year {int(i.loc[late, 'year'].max())}: "
                         f"expected project years 0 to the horizon ({int(row['horizon_years'])})")
    return ProjectInputs(project=project, name=str(row["name"]), horizon=int(row["horizon_years"]),
                         price_year=price_year, outcomes=o, investments=i)
