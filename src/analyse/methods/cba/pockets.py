"""Who pays and who benefits (the wrong-pocket view), and budget neutrality (Dalfsen welzijn 2015).

In the social domain the municipality often pays while health insurers, the national
government (Wlz) or residents benefit. :func:`wrong_pocket` splits the appraisal per
actor; :func:`break_even_saving` answers the welfare policy's budget principle ("more
welfare budget when it saves at least as much in care costs"): the smallest constant
yearly saving at which one actor's own costs are covered over the whole term.

The actor is always an explicit argument: for the municipality pass its own actor id from
its configuration, ``load_municipality().own_actor`` (``municipality.actor`` in
municipality.yaml), never a name typed in code. The plot is
:func:`analyse.publish.plots.cba.plot_wrong_pocket`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analyse.methods.cba.appraisal import Appraisal
from analyse.methods.cba.returns import Payback, payback, payback_period

__all__ = ["actor_payback", "break_even_saving", "saving_payback", "wrong_pocket"]


def wrong_pocket(appraisal: Appraisal, actors: Mapping[str, str] | None = None) -> pd.DataFrame:
    """PV of costs paid and benefits received per actor (EUR of the price year).

    actors: id -> Dutch label (``Municipality.actors``), giving the row order and labels;
    actors in the data but not in the mapping are added with their id as label. Columns:
    actor, label, pv_costs, pv_benefits, net (benefits - costs), return (benefits per euro
    paid; NaN for an actor that pays nothing)."""
    costs = appraisal.costs.groupby("payer")["pv_eur"].sum()
    benefits = appraisal.impacts.groupby("actor")["pv_eur"].sum()
    labels = dict(actors or {})
    for actor in [*costs.index, *benefits.index]:
        labels.setdefault(actor, actor)
    out = pd.DataFrame({"actor": list(labels), "label": list(labels.values())})
    out["pv_costs"] = out["actor"].map(costs).fillna(0.0).astype(float)
    out["pv_benefits"] = out["actor"].map(benefits).fillna(0.0).astype(float)
    out["net"] = out["pv_benefits"] - out["pv_costs"]
    out["return"] = out["pv_benefits"] / out["pv_costs"].where(out["pv_costs"] > 0)
    return out


def _actor_costs(appraisal: Appraisal, actor: str) -> np.ndarray:
    """Discounted costs of one actor per project year 0..horizon."""
    known = set(appraisal.costs["payer"]) | set(appraisal.impacts["actor"])
    if actor not in known:
        raise ValueError(f"actor {actor!r}: expected one that pays or benefits in this project: "
                         f"{', '.join(sorted(known))}")
    mine = appraisal.costs[appraisal.costs["payer"] == actor]
    return np.bincount(mine["year"].to_numpy(dtype=int), weights=mine["pv_eur"], minlength=appraisal.inputs.horizon + 1)


def actor_payback(appraisal: Appraisal, actor: str) -> Payback:
    """Payback of one actor's own costs by the benefits the appraisal assigns to that actor,
    in whole project years on the appraisal's timing convention (as
    :func:`~analyse.methods.cba.returns.payback`); reason ``not_reached`` when its own
    benefits do not cover its own costs within the horizon.

    actor: for the municipality itself ``Municipality.own_actor`` of its configuration
    (raises ValueError for an actor that neither pays nor benefits in the project)."""
    costs = _actor_costs(appraisal, actor)
    mine = appraisal.impacts[appraisal.impacts["actor"] == actor]
    benefits = np.bincount(mine["year"].to_numpy(dtype=int), weights=mine["pv_eur"],
                           minlength=appraisal.inputs.horizon + 1)
    return payback(benefits, costs, appraisal.conventions.timing)


def _saving_factors(appraisal: Appraisal, start_year: int) -> np.ndarray:
    """Discount factor per project year 0..horizon of a saving made from ``start_year`` on."""
    if not 1 <= start_year <= appraisal.inputs.horizon:
        raise ValueError(f"start_year {start_year!r}: expected a project year from 1 to {appraisal.inputs.horizon}")
    factors = appraisal.cashflows["discount_factor"].to_numpy().copy()
    factors[:start_year] = 0.0
    return factors


def break_even_saving(appraisal: Appraisal, actor: str, clients: float | None = None,
                      start_year: int = 1) -> dict:
    """Smallest constant yearly saving (EUR of the price year, from ``start_year`` to the
    horizon) at which ``actor`` is budget neutral over the whole term: the PV of the saving
    covers the PV of the actor's own costs over all years.

    actor: the actor id whose budget is asked about; for the municipality itself that is
    ``Municipality.own_actor`` of its configuration (raises ValueError for an actor that
    neither pays nor benefits in the project).

    With K the actor's discounted costs over years 0..horizon and A the annuity factor (the
    sum of the discount factors of the saving years), the saving is S = K / A; a saving that
    only pays back by an earlier year while later costs follow is not budget neutral.
    ``payback_year``: the first year in which the cumulative position with S is >= 0;
    ``per_client_eur`` divides by ``clients``. Like for like with S: ``modelled_benefits_pv``
    (the PV of the benefits the appraisal assigns to the actor, against ``pv_costs``) and
    ``modelled_benefits_yearly_eur`` = modelled_benefits_pv / A (the constant yearly amount
    over the same years with that PV, against S). ``budget_neutral``: modelled_benefits_pv
    >= pv_costs, which is the same as modelled_benefits_yearly_eur >= yearly_saving_eur."""
    costs = np.cumsum(_actor_costs(appraisal, actor))
    annuity = np.cumsum(_saving_factors(appraisal, start_year))
    years = np.arange(start_year, appraisal.inputs.horizon + 1)
    saving = float(max(costs[-1] / annuity[-1], 0.0))
    covered = saving * annuity[years] >= costs[years] * (1 - 1e-12)  # the last year always: S A = K
    modelled = float(appraisal.impacts.loc[appraisal.impacts["actor"] == actor, "pv_eur"].sum())
    if clients is not None and not clients > 0:
        raise ValueError(f"clients {clients!r}: expected a number of clients above 0")
    return {
        "actor": actor, "pv_costs": float(costs[-1]), "start_year": start_year,
        "annuity_factor": float(annuity[-1]), "yearly_saving_eur": saving, "clients": clients,
        "per_client_eur": saving / clients if clients else None,
        "payback_year": int(years[np.argmax(covered)]),
        "modelled_benefits_pv": modelled, "modelled_benefits_yearly_eur": modelled / float(annuity[-1]),
        "budget_neutral": bool(modelled >= costs[-1]),
    }


def saving_payback(appraisal: Appraisal, yearly_saving: float, actor: str, start_year: int = 1) -> int | None:
    """Payback year (whole project year, as :func:`~analyse.methods.cba.returns.payback_period`,
    never before ``start_year``) of ``actor``'s own costs against a constant yearly saving (EUR of the price year, from
    ``start_year`` to the horizon); None when it does not pay back within the horizon.

    actor: the actor id whose costs are paid back, for the municipality itself
    ``Municipality.own_actor`` of its configuration."""
    position = yearly_saving * _saving_factors(appraisal, start_year) - _actor_costs(appraisal, actor)
    return payback_period(np.cumsum(position), start_year)
