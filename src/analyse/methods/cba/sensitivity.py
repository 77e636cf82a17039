"""Sensitivity: one-way (tornado), switching values, Monte Carlo and Sobol indices.

The uncertain inputs are the ``_low``/``_high`` ranges in sroi_outcomes (one input per
outcome and parameter) and sroi_investments (one input per payer and kind of cost, all
its years moving together: a cost level is uncertain as a whole, not year by year).
See :func:`uncertain_inputs`. Every analysis evaluates the same vectorised model
(:class:`~analyse.methods.cba.engine.Model`) as the deterministic appraisal. The tornado
plot is :func:`analyse.publish.plots.cba.plot_tornado`.

Distributions, each between the input's low and high with the base value as mode:
``triangular`` (default), ``pert`` (beta with shape 4), ``uniform`` (ignores the base),
``normal`` (mean = base, low-high spans 2 x 1.96 standard deviations, clipped to the
values the input can take: 0-1 for shares, >= 0 otherwise). Draws are made as quantiles
(uniform 0-1) and mapped through the distribution, so inputs are independent. Seeded
with ``numpy.random.default_rng(seed)``: the same seed gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import betaincinv, ndtri

from analyse.methods.cba.appraisal import Appraisal
from analyse.methods.cba.engine import Model, UncertainInput

__all__ = ["MonteCarlo", "monte_carlo", "one_way", "quantile_values", "sobol_indices", "switching_values",
           "uncertain_inputs"]

DISTRIBUTIONS = ("triangular", "pert", "uniform", "normal")
PERCENTILES = (5, 25, 50, 75, 95)
_Z975 = 1.959963984540054  # standard normal quantile of 97.5%


def uncertain_inputs(appraisal: Appraisal) -> pd.DataFrame:
    """The inputs with a range: id, label, kind (outcome/cost), parameter, low, base, high,
    linear (NPV linear in the input). Cost inputs are totals over a payer's kind of cost."""
    rows = [{"input": u.id, "label": u.label, "kind": u.kind, "parameter": u.parameter,
             "low": u.low, "base": u.base, "high": u.high, "linear": u.linear} for u in appraisal.model.inputs]
    return pd.DataFrame(rows, columns=["input", "label", "kind", "parameter", "low", "base", "high", "linear"])


def _metrics(result: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    pv_b, pv_c = result["pv_benefits"], result["pv_costs"]
    with np.errstate(divide="ignore", invalid="ignore"):
        sroi = np.where(pv_c > 0, pv_b / pv_c, np.nan)
    return {"npv": pv_b - pv_c, "sroi": sroi, "pv_benefits": pv_b, "pv_costs": pv_c}


def quantile_values(u: np.ndarray, inputs: tuple[UncertainInput, ...], distribution: str = "triangular") -> np.ndarray:
    """Map quantiles ``u`` (shape (n, inputs), each in 0-1) to input values by the
    distribution between each input's low and high with its base as mode."""
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution {distribution!r}: expected one of {', '.join(DISTRIBUTIONS)}")
    low = np.array([x.low for x in inputs])
    mode = np.array([x.base for x in inputs])
    high = np.array([x.high for x in inputs])
    span = high - low
    if distribution == "uniform":
        return low + u * span
    if distribution == "triangular":
        # Inverse CDF, c = (mode - low) / span: low + sqrt(u A) for u < c, high - sqrt((1 - u) B)
        # for u >= c, with A = span (mode - low), B = span (high - mode). Both branches with u
        # clamped at c meet in the mode, so  x = low + high - mode + sqrt(A min(u, c))
        # - sqrt(B (1 - max(u, c))): no masks (np.where is slow on large arrays).
        c, a, b = (mode - low) / span, span * (mode - low), span * (high - mode)
        left = np.minimum(u, c)
        left *= a
        np.sqrt(left, out=left)
        right = np.maximum(u, c)
        right *= -b
        right += b
        np.sqrt(right, out=right)
        left -= right
        left += low + high - mode
        return left
    if distribution == "pert":
        return low + span * betaincinv(1 + 4 * (mode - low) / span, 1 + 4 * (high - mode) / span, u)
    lo, hi = np.array([x.domain for x in inputs]).T
    return np.clip(mode + span / (2 * _Z975) * ndtri(u), lo, hi)


def evaluate_quantiles(model: Model, n: int, quantiles: Callable[[int, int], np.ndarray],
                       distribution: str = "triangular") -> dict[str, np.ndarray]:
    """Evaluate ``n`` rows of quantiles block by block, so that every array (quantiles,
    input values, draws x outcomes x years) stays small enough for the processor cache.

    ``quantiles(lo, hi)`` returns rows lo..hi-1 (shape (hi - lo, inputs)); it is called
    with consecutive blocks in order. Returns pv_benefits and pv_costs, shape (n,)."""
    block = model.block_rows
    out = {"pv_benefits": np.empty(n), "pv_costs": np.empty(n)}
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        result = model.evaluate(quantile_values(quantiles(lo, hi), model.inputs, distribution))
        for key, array in out.items():
            array[lo:hi] = result[key]
    return out


# --------------------------------------------------------------------------- one-way


def one_way(appraisal: Appraisal) -> pd.DataFrame:
    """Tornado table: NPV and SROI with each uncertain input at its low and at its high end,
    all others at base; sorted by swing (|NPV at high - NPV at low|), largest first."""
    model = appraisal.model
    k = len(model.inputs)
    table = uncertain_inputs(appraisal)
    if k == 0:
        return table.assign(npv_low=[], npv_high=[], sroi_low=[], sroi_high=[], swing=[], npv_base=[], sroi_base=[])
    values = np.tile(model.base_values, (2 * k, 1))
    values[np.arange(k), np.arange(k)] = table["low"].to_numpy()
    values[k + np.arange(k), np.arange(k)] = table["high"].to_numpy()
    m = _metrics(model.evaluate(values))
    table["npv_low"], table["npv_high"] = m["npv"][:k], m["npv"][k:]
    table["sroi_low"], table["sroi_high"] = m["sroi"][:k], m["sroi"][k:]
    table["swing"] = (table["npv_high"] - table["npv_low"]).abs()
    table["npv_base"] = appraisal.summary["npv"]
    table["sroi_base"] = appraisal.summary["sroi"]
    return table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- switching values


def switching_values(appraisal: Appraisal) -> pd.DataFrame:
    """Per uncertain input, the value at which NPV = 0, which is also where SROI = 1
    (SROI = PV benefits / PV costs), all other inputs at base.

    Where NPV is linear in the input it is solved exactly from two evaluations; otherwise
    by brentq over the input's range. ``switch_value`` is NaN and ``note`` says "none within
    range" when the result does not cross zero between the input's low and high."""
    model = appraisal.model
    table = uncertain_inputs(appraisal)
    found, methods, notes = [], [], []
    for j, u in enumerate(model.inputs):
        def npv(value: float, j: int = j) -> float:
            values = model.base_values.copy()
            values[j] = value
            return float(_metrics(model.evaluate(values))["npv"][0])

        f_lo, f_hi = npv(u.low), npv(u.high)
        value = np.nan
        if u.linear:
            methods.append("exact (linear)")
            slope = (f_hi - f_lo) / (u.high - u.low)
            if slope != 0:
                root = u.low - f_lo / slope
                if u.low <= root <= u.high:
                    value = root
        else:
            methods.append("brentq")
            if f_lo == 0:
                value = u.low
            elif f_lo * f_hi < 0:
                value = brentq(npv, u.low, u.high, xtol=1e-10 * max(1.0, abs(u.high)))
            elif f_hi == 0:
                value = u.high
        found.append(value)
        notes.append("" if np.isfinite(value) else "none within range")
    table["switch_value"] = found
    table["change_from_base"] = table["switch_value"] / table["base"].where(table["base"] != 0) - 1
    table["method"] = methods
    table["note"] = notes
    return table.drop(columns=["linear"])


# --------------------------------------------------------------------------- Monte Carlo


@dataclass(frozen=True)
class MonteCarlo:
    """Result of :func:`monte_carlo`: ``samples`` (one row per draw: npv, sroi, pv_benefits,
    pv_costs) and ``summary`` (mean, sd and percentiles p5, p25, p50 (the median), p75, p95 of
    NPV and SROI by ``numpy.percentile``'s linear rule; P(NPV > 0) and P(SROI > 1), the share of
    draws above, which are equal when every draw has costs)."""

    samples: pd.DataFrame
    summary: dict


def _describe(values: np.ndarray) -> dict:
    values = values[np.isfinite(values)]
    if not len(values):
        return {"mean": None, "sd": None, **{f"p{p}": None for p in PERCENTILES}}
    pct = np.percentile(values, PERCENTILES)
    return {"mean": float(values.mean()), "sd": float(values.std(ddof=1)) if len(values) > 1 else 0.0,
            **{f"p{p}": float(v) for p, v in zip(PERCENTILES, pct)}}


def monte_carlo(appraisal: Appraisal, draws: int = 10_000, seed: int = 0,
                distribution: str = "triangular") -> MonteCarlo:
    """Draw every uncertain input at once (independently, by ``distribution``) ``draws``
    times and evaluate NPV and SROI vectorised (arrays of draws x outcomes x years)."""
    if int(draws) != draws or draws < 2:
        raise ValueError(f"draws {draws!r}: expected a whole number of at least 2")
    model = appraisal.model
    rng = np.random.default_rng(seed)
    k = len(model.inputs)
    # Consecutive blocks of one stream: the same numbers as rng.random((draws, k)) at once.
    m = _metrics(evaluate_quantiles(model, int(draws), lambda lo, hi: rng.random((hi - lo, k)), distribution))
    samples = pd.DataFrame(m)
    summary = {"draws": int(draws), "seed": seed, "distribution": distribution,
               "inputs": len(model.inputs),
               "npv": _describe(m["npv"]), "sroi": _describe(m["sroi"]),
               "p_npv_positive": float(np.mean(m["npv"] > 0)),
               "p_sroi_above_one": float(np.mean(m["sroi"] > 1)),  # NaN (no costs) counts as not above
               "deterministic_npv": appraisal.summary["npv"], "deterministic_sroi": appraisal.summary["sroi"]}
    return MonteCarlo(samples=samples, summary=summary)


# --------------------------------------------------------------------------- Sobol


def sobol_indices(appraisal: Appraisal, n: int = 1024, seed: int = 0, distribution: str = "triangular",
                  metric: str = "npv") -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices of NPV or SROI per uncertain input,
    with 95% bootstrap confidence half-widths, sorted by ST (largest first).

    Uses SALib (Saltelli/Sobol' sequence, n * (inputs + 2) model runs; ``n`` a power of 2)
    on the inputs' quantiles mapped through ``distribution``, so it decomposes the variance
    of the same distribution :func:`monte_carlo` samples. S1: share of the variance due to
    the input alone; ST: including its interactions."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    if n < 2 or n & (n - 1):
        raise ValueError(f"n {n!r}: expected a power of 2 (e.g. 512, 1024) for the Sobol' sequence")
    if metric not in ("npv", "sroi"):
        raise ValueError(f"metric {metric!r}: expected 'npv' or 'sroi'")
    model = appraisal.model
    table = uncertain_inputs(appraisal)[["input", "label", "kind", "parameter"]]
    if table.empty:
        return table.assign(S1=[], S1_conf=[], ST=[], ST_conf=[])
    problem = {"num_vars": len(table), "names": list(table["input"]), "bounds": [[0.0, 1.0]] * len(table)}
    u = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    u = np.clip(u, 1e-9, 1 - 1e-9)  # the normal quantile function is infinite at 0 and 1
    y = _metrics(evaluate_quantiles(model, len(u), lambda lo, hi: u[lo:hi], distribution))[metric]
    result = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    table = table.assign(S1=result["S1"], S1_conf=result["S1_conf"], ST=result["ST"], ST_conf=result["ST_conf"])
    return table.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)
