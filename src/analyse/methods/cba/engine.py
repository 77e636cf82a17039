"""The model as array arithmetic: one formula for the deterministic appraisal, the
sensitivity analyses and the Monte Carlo, vectorised over draws.

Impact of an outcome in outcome year k (k = 1 in project year ``start_year``)::

    quantity x proxy x keep x (1 - drop_off) ** (k - 1) x w(k)

where keep = (1 - deadweight)(1 - displacement)(1 - attribution) (multiplicative) or
max(0, 1 - (deadweight + displacement + attribution)) (additive), and w(k) = 1 while
k <= duration. A fractional duration (from a Monte Carlo draw) counts its last year in
part: w(k) = clip(duration - (k - 1), 0, 1), so 2.5 years = two full years and half of the
third. Impacts after the appraisal horizon are not counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from analyse.methods.cba.discounting import check_timing
from analyse.methods.cba.project import OUTCOME_PARAMS, Conventions, ProjectInputs

#: Elements per (draws x outcomes x years) block evaluated at once: small enough to stay
#: in the processor cache, large enough that numpy's per-call overhead does not matter.
BLOCK_ELEMENTS = 1 << 18

#: Dutch labels of the uncertain inputs (as the data contract titles them).
PARAMETER_LABELS = {"quantity": "Aantal", "proxy_eur": "Financiële proxy", "deadweight": "Deadweight",
                    "displacement": "Verplaatsing", "attribution": "Attributie", "drop_off": "Drop-off",
                    "duration_years": "Duur", "amount_eur": "Bedrag"}
FRACTIONS = ("deadweight", "displacement", "attribution", "drop_off")


def keep_share(deadweight, displacement, attribution, deductions: str = "multiplicative"):
    """Share of the gross outcome that is the project's impact (arrays broadcast)."""
    if deductions == "multiplicative":
        return (1 - deadweight) * (1 - displacement) * (1 - attribution)
    return np.maximum(0.0, 1 - (deadweight + displacement + attribution))


def outcome_profile(params: Mapping[str, np.ndarray], horizon: int, deductions: str = "multiplicative") -> np.ndarray:
    """Impact (EUR of the price year, undiscounted) per outcome and OUTCOME year: index k = 0
    is the outcome's first year (project year ``start_year``), k = horizon - 1 the last one
    an appraisal can count.

    ``params[name]`` has shape (..., outcomes) for every name in OUTCOME_PARAMS (typically
    (draws, outcomes)); the result has shape (..., outcomes, horizon)."""
    first = params["quantity"] * params["proxy_eur"] * keep_share(
        params["deadweight"], params["displacement"], params["attribution"], deductions)
    remain = 1.0 - np.asarray(params["drop_off"], dtype=float)
    duration = np.asarray(params["duration_years"], dtype=float)
    shape = np.broadcast_shapes(first.shape, remain.shape, duration.shape) + (horizon,)
    profile = np.empty(shape)
    profile[..., 0] = first
    for k in range(1, horizon):  # first x (1 - drop_off) ** k by repeated multiplication, all draws at once
        np.multiply(profile[..., k - 1], remain, out=profile[..., k])
    weight = np.subtract(duration[..., None], np.arange(horizon, dtype=float))
    np.minimum(np.maximum(weight, 0.0, out=weight), 1.0, out=weight)  # clip(duration - k, 0, 1)
    profile *= weight
    return profile


def outcome_year_factors(start_year: np.ndarray, year_factors: np.ndarray) -> np.ndarray:
    """Discount factor of each outcome's outcome year k (shape (outcomes, horizon)): the
    factor of project year start_year + k, or 0 after the horizon (not counted)."""
    horizon = len(year_factors)
    project_year = np.asarray(start_year)[:, None] + np.arange(horizon)  # (outcomes, horizon)
    padded = np.concatenate([[0.0], year_factors, [0.0]])
    return padded[np.clip(project_year, 0, horizon + 1)]


def yearly_impact(params: Mapping[str, np.ndarray], start_year: np.ndarray, horizon: int,
                  deductions: str = "multiplicative") -> np.ndarray:
    """Impact (EUR of the price year, undiscounted) per outcome and PROJECT year 1..horizon:
    :func:`outcome_profile` moved to start in each outcome's ``start_year``."""
    profile = outcome_profile(params, horizon, deductions)
    out = np.zeros_like(profile)
    for o, start in enumerate(np.asarray(start_year)):
        first = int(start) - 1
        if first < horizon:
            out[..., o, first:] = profile[..., o, :horizon - first]
    return out


@dataclass(frozen=True)
class UncertainInput:
    """One input with a range. An outcome input is one cell of sroi_outcomes; a cost input
    is one payer's kind of cost over all its years, moved as one: every row of the group
    is scaled by value / base (rows with their own low/high add them to the group range)."""

    id: str
    label: str
    kind: str  # "outcome" or "cost"
    parameter: str
    positions: tuple[int, ...]  # outcome row, or cost rows
    weights: tuple[float, ...]  # cost rows: share of the group's base
    low: float
    base: float
    high: float
    linear: bool  # NPV is linear in this input (switching value solved exactly)

    @property
    def domain(self) -> tuple[float, float]:
        """Values the input can take at all (used to clip normal draws)."""
        return (0.0, 1.0) if self.parameter in FRACTIONS else (0.0, np.inf)


def find_uncertain_inputs(inputs: ProjectInputs, deductions: str = "multiplicative") -> tuple[UncertainInput, ...]:
    """Every input with low < high, outcomes first (in data order), then cost groups."""
    found: list[UncertainInput] = []
    o = inputs.outcomes
    linear = {"quantity", "proxy_eur", "deadweight", "displacement", "attribution"}
    if deductions == "additive":
        linear = {"quantity", "proxy_eur"}  # the floor at 0 makes deductions piecewise linear
    for pos, row in enumerate(o.itertuples(index=False)):
        for name in OUTCOME_PARAMS:
            low, base, high = getattr(row, f"{name}_low"), getattr(row, name), getattr(row, f"{name}_high")
            if low < high:
                found.append(UncertainInput(
                    id=f"{row.outcome}|{row.actor}|{name}", label=f"{row.outcome}: {PARAMETER_LABELS[name].lower()}",
                    kind="outcome", parameter=name, positions=(pos,), weights=(1.0,),
                    low=float(low), base=float(base), high=float(high), linear=name in linear))
    inv = inputs.investments
    for (payer, kind), group in inv.groupby(["payer", "kind"], sort=False):
        low, base, high = (float(group[c].sum()) for c in ("amount_eur_low", "amount_eur", "amount_eur_high"))
        if low < high:
            weights = group["amount_eur"] / base if base > 0 else np.full(len(group), 1.0 / len(group))
            found.append(UncertainInput(
                id=f"kosten|{payer}|{kind}", label=f"Kosten {kind} ({payer}), alle jaren",
                kind="cost", parameter="amount_eur", positions=tuple(int(p) for p in group.index),
                weights=tuple(float(w) for w in weights), low=low, base=base, high=high, linear=True))
    return tuple(found)


@dataclass(frozen=True)
class Model:
    """One project under one set of conventions, as arrays ready for batch evaluation."""

    outcome_base: dict[str, np.ndarray]  # name -> (outcomes,)
    start_year: np.ndarray  # (outcomes,)
    horizon: int
    year_factors: np.ndarray  # (horizon,) discount factors of project years 1..horizon
    outcome_factors: np.ndarray  # (outcomes, horizon) discount factor of each outcome year
    cost_base: np.ndarray  # (costs,) EUR incl. optimism bias
    cost_factors: np.ndarray  # (costs,) discount factor of each cost's year (year 0: 1)
    fixed_pv_costs: float  # PV of the cost rows outside any uncertain cost input
    cost_coefficients: np.ndarray  # (inputs,) PV of costs per euro of each input (0 for outcome inputs)
    deductions: str
    uplift: float  # 1 + optimism bias, applied to every cost
    inputs: tuple[UncertainInput, ...]

    @classmethod
    def build(cls, inputs: ProjectInputs, conventions: Conventions) -> Model:
        shift = check_timing(conventions.timing)
        horizon = inputs.horizon
        years = np.arange(0, horizon + 1)
        factors = conventions.rate.factors_at(np.maximum(years - shift, 0.0))
        factors[0] = 1.0  # year 0 (up-front) is never discounted
        start_year = inputs.outcomes["start_year"].to_numpy(dtype=int)
        uplift = 1.0 + conventions.optimism_bias
        cost_base = inputs.investments["amount_eur"].to_numpy(dtype=float) * uplift
        cost_factors = factors[inputs.investments["year"].to_numpy(dtype=int)]
        found = find_uncertain_inputs(inputs, conventions.deductions)
        coefficients = np.zeros(len(found))
        fixed = np.ones(len(cost_base), dtype=bool)
        for j, u in enumerate(found):
            if u.kind == "cost":
                rows = list(u.positions)
                coefficients[j] = uplift * float(np.asarray(u.weights) @ cost_factors[rows])
                fixed[rows] = False
        return cls(outcome_base={n: inputs.outcomes[n].to_numpy(dtype=float) for n in OUTCOME_PARAMS},
                   start_year=start_year, horizon=horizon, year_factors=factors[1:],
                   outcome_factors=outcome_year_factors(start_year, factors[1:]),
                   cost_base=cost_base, cost_factors=cost_factors,
                   fixed_pv_costs=float(cost_base[fixed] @ cost_factors[fixed]), cost_coefficients=coefficients,
                   deductions=conventions.deductions, uplift=uplift, inputs=found)

    @property
    def base_values(self) -> np.ndarray:
        """Base value of every uncertain input, shape (inputs,)."""
        return np.array([u.base for u in self.inputs])

    @property
    def block_rows(self) -> int:
        """Draws per block such that a block's draws x outcomes x years array has about
        BLOCK_ELEMENTS elements."""
        return max(1, BLOCK_ELEMENTS // max(1, self.outcome_factors.size))

    def evaluate(self, values: np.ndarray) -> dict[str, np.ndarray]:
        """PV of benefits and of costs for each row of ``values`` (shape (n, inputs): one
        value per uncertain input, in the order of ``self.inputs``); returns arrays (n,).

        Benefits: an array of draws x outcomes x outcome years per block of draws, summed
        against the discount factors; costs are linear in the cost inputs."""
        values = np.atleast_2d(np.asarray(values, dtype=float))
        n = values.shape[0]
        pv_b = np.empty(n)
        for lo in range(0, n, self.block_rows):
            pv_b[lo:lo + self.block_rows] = self._benefits(values[lo:lo + self.block_rows])
        return {"pv_benefits": pv_b, "pv_costs": self.fixed_pv_costs + values @ self.cost_coefficients}

    def _benefits(self, values: np.ndarray) -> np.ndarray:
        n = values.shape[0]
        params = {name: base[None, :] for name, base in self.outcome_base.items()}
        for name in {u.parameter for u in self.inputs if u.kind == "outcome"}:
            params[name] = np.repeat(params[name], n, axis=0)  # a fresh (n, outcomes) array to fill
        for j, u in enumerate(self.inputs):
            if u.kind == "outcome":
                params[u.parameter][:, u.positions[0]] = values[:, j]
        profile = outcome_profile(params, self.horizon, self.deductions)
        pv = profile.reshape(profile.shape[0], -1) @ self.outcome_factors.ravel()
        return np.broadcast_to(pv, (n,))
