"""How the input ranges lie around their base values, and how that moves the Monte Carlo.

The Monte Carlo (:func:`~analyse.methods.cba.sensitivity.monte_carlo`) draws each input
between its low and high value with the base as mode. When a range is lopsided (a duration
of 5-8 years around 8 can only get shorter; a drop-off of 0.05-0.20 around 0.10 has more
room upwards) the draws lie on average on one side of the base, so the median SROI differs
from the base-case SROI. :func:`range_asymmetry` measures this per input:

- ``below`` = base - low and ``above`` = high - base (units of the input);
- ``shape``: "only_lower" (base = high: the range lies wholly below the base),
  "only_higher" (base = low), "more_below" / "more_above" (more room on that side),
  "symmetric" (below = above, up to 1e-9 of the range);
- ``mean``: the mean of the input's distribution (triangular (low + base + high) / 3, PERT
  (low + 4 base + high) / 6, uniform (low + high) / 2, normal: the base);
- ``pull``: SROI with this input at that mean and every other input at base, minus the
  base-case SROI: the direction and rough size in which this range moves the simulation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyse.methods.cba.appraisal import Appraisal
from analyse.methods.cba.sensitivity import DISTRIBUTIONS, uncertain_inputs

__all__ = ["SHAPES", "distribution_mean", "range_asymmetry"]

SHAPES = ("only_lower", "only_higher", "more_below", "more_above", "symmetric")
_TOLERANCE = 1e-9  # share of the range within which below and above count as equal


def distribution_mean(low: np.ndarray, base: np.ndarray, high: np.ndarray, distribution: str = "triangular"):
    """Mean of the distribution the Monte Carlo draws an input from (arrays broadcast)."""
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution {distribution!r}: expected one of {', '.join(DISTRIBUTIONS)}")
    low, base, high = (np.asarray(x, dtype=float) for x in (low, base, high))
    return {"triangular": (low + base + high) / 3, "pert": (low + 4 * base + high) / 6,
            "uniform": (low + high) / 2, "normal": base}[distribution]


def _shape(below: float, above: float) -> str:
    tol = _TOLERANCE * (below + above)
    if below <= tol:
        return "only_higher"
    if above <= tol:
        return "only_lower"
    if abs(below - above) <= tol:
        return "symmetric"
    return "more_below" if below > above else "more_above"


def range_asymmetry(appraisal: Appraisal, distribution: str = "triangular") -> pd.DataFrame:
    """One row per uncertain input (as :func:`~analyse.methods.cba.sensitivity.uncertain_inputs`,
    plus ``outcome``: the outcome's name, or the cost label) with below, above, shape, mean,
    sroi_at_mean and pull (see the module docstring)."""
    table = uncertain_inputs(appraisal)
    model = appraisal.model
    names = appraisal.inputs.outcomes["outcome"].to_numpy()
    table["outcome"] = [str(names[u.positions[0]]) if u.kind == "outcome" else u.label for u in model.inputs]
    table["below"] = table["base"] - table["low"]
    table["above"] = table["high"] - table["base"]
    table["shape"] = [_shape(b, a) for b, a in zip(table["below"], table["above"])]
    table["mean"] = distribution_mean(table["low"], table["base"], table["high"], distribution)
    k = len(table)
    if k:
        values = np.tile(model.base_values, (k, 1))
        values[np.arange(k), np.arange(k)] = table["mean"].to_numpy()
        result = model.evaluate(values)
        with np.errstate(divide="ignore", invalid="ignore"):
            sroi = np.where(result["pv_costs"] > 0, result["pv_benefits"] / result["pv_costs"], np.nan)
        table["sroi_at_mean"] = sroi
    else:
        table["sroi_at_mean"] = pd.Series(dtype=float)
    base = appraisal.summary["sroi"]
    table["pull"] = table["sroi_at_mean"] - (np.nan if base is None else base)
    return table
