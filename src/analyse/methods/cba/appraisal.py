"""Appraisal of one project: impacts, costs, cash flows and the summary figures.

All money is in euros of the project's price year (real terms); present values use the
conventions in :class:`~analyse.methods.cba.project.Conventions`. Year 0 is up-front and never
discounted; years 1..horizon are discounted by the timing convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analyse.methods.cba.discounting import Rate
from analyse.methods.cba.engine import Model, yearly_impact
from analyse.methods.cba.project import Conventions, ProjectInputs
from analyse.methods.cba.returns import internal_rate, meaningful_rate, payback

__all__ = ["Appraisal", "appraise"]


@dataclass(frozen=True)
class Appraisal:
    """Result of :func:`appraise`: tidy tables plus a summary mapping.

    - ``impacts``: outcome x project year: impact_eur (undiscounted), discount_factor, pv_eur;
    - ``costs``: payer x kind x project year: amount_eur (incl. optimism bias), discount_factor, pv_eur;
    - ``cashflows``: project year 0..horizon: benefits, costs, net, discounted and cumulative;
    - ``summary``: pv_benefits, pv_costs, npv, bcr, sroi, net_sroi, payback_years (whole project
      year on the timing convention, :mod:`~analyse.methods.cba.returns`), payback_after_years,
      payback_reason, irr (None with irr_reason also when the up-front outlay is earned back in
      year 1: :func:`~analyse.methods.cba.returns.meaningful_rate`), irr_reason, irr_roots,
      irr_sign_changes and the conventions used
      (None where a figure is undefined; the reason codes say why)."""

    inputs: ProjectInputs
    conventions: Conventions
    impacts: pd.DataFrame
    costs: pd.DataFrame
    cashflows: pd.DataFrame
    summary: dict
    model: Model = field(repr=False)  # the vectorised model the sensitivity analyses evaluate


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def appraise(inputs: ProjectInputs, rate: Rate = None, timing: str = "end",
             deductions: str = "multiplicative", optimism_bias: float = 0.0) -> Appraisal:
    """Appraise one project (see :func:`~analyse.methods.cba.project.project_inputs`).

    rate: real discount rate per year (0.0225 = 2.25%), a preset name or None (the default
    preset of params/discount_rates.yaml); timing: "end",
    "mid" or "start" of the year; deductions: "multiplicative" (1-dw)(1-disp)(1-attr) or
    "additive" max(0, 1-(dw+disp+attr)); optimism_bias: uplift on every cost (0.2 = +20%)."""
    conv = Conventions.make(rate, timing, deductions, optimism_bias)
    model = Model.build(inputs, conv)
    horizon = inputs.horizon
    years = np.arange(1, horizon + 1)
    o = inputs.outcomes

    impact = yearly_impact(model.outcome_base, model.start_year, horizon, conv.deductions)  # (outcomes, years)
    n_out = len(o)
    impacts = pd.DataFrame({
        "project": inputs.project,
        "outcome": np.repeat(o["outcome"].to_numpy(), horizon),
        "stakeholder": np.repeat(o["stakeholder"].to_numpy(), horizon),
        "actor": np.repeat(o["actor"].to_numpy(), horizon),
        "year": np.tile(years, n_out),
        "impact_eur": impact.ravel(),
        "discount_factor": np.tile(model.year_factors, n_out),
    })
    impacts["pv_eur"] = impacts["impact_eur"] * impacts["discount_factor"]

    inv = inputs.investments
    costs = pd.DataFrame({"project": inputs.project, "payer": inv["payer"], "kind": inv["kind"], "year": inv["year"],
                          "amount_eur": model.cost_base, "discount_factor": model.cost_factors})
    costs["pv_eur"] = costs["amount_eur"] * costs["discount_factor"]

    factors = np.concatenate([[1.0], model.year_factors])
    benefits = np.concatenate([[0.0], impact.sum(axis=0)])
    cost_flow = np.bincount(costs["year"].to_numpy(dtype=int), weights=costs["amount_eur"], minlength=horizon + 1)
    cash = pd.DataFrame({"year": np.arange(0, horizon + 1), "benefits_eur": benefits, "costs_eur": cost_flow,
                         "net_eur": benefits - cost_flow, "discount_factor": factors})
    cash["pv_benefits_eur"] = cash["benefits_eur"] * factors
    cash["pv_costs_eur"] = cash["costs_eur"] * factors
    cash["pv_net_eur"] = cash["pv_benefits_eur"] - cash["pv_costs_eur"]
    cash["cumulative_pv_net_eur"] = cash["pv_net_eur"].cumsum()

    pv_b, pv_c = float(impacts["pv_eur"].sum()), float(costs["pv_eur"].sum())
    back = payback(cash["pv_benefits_eur"].to_numpy(), cash["pv_costs_eur"].to_numpy(), conv.timing)
    rate_of_return = meaningful_rate(internal_rate(cash["net_eur"].to_numpy(), conv.timing), back)
    summary = {
        "project": inputs.project, "name": inputs.name, "price_year": inputs.price_year, "horizon_years": horizon,
        "discount_rate": conv.rate.label, "timing": conv.timing, "deductions": conv.deductions,
        "optimism_bias": conv.optimism_bias,
        "pv_benefits": pv_b, "pv_costs": pv_c, "npv": pv_b - pv_c,
        "bcr": _ratio(pv_b, pv_c), "sroi": _ratio(pv_b, pv_c), "net_sroi": _ratio(pv_b - pv_c, pv_c),
        "payback_years": back.year, "payback_after_years": back.after_years, "payback_reason": back.reason,
        "irr": rate_of_return.value, "irr_reason": rate_of_return.reason, "irr_roots": list(rate_of_return.roots),
        "irr_sign_changes": rate_of_return.sign_changes,
    }
    return Appraisal(inputs=inputs, conventions=conv, impacts=impacts, costs=costs, cashflows=cash,
                     summary=summary, model=model)
