"""Benchmark of the cost-benefit Monte Carlo: vectorised engine against per-draw loops.

    .venv/bin/python benchmarks/bench_cba.py [--draws 100000] [--appraise-draws 200] [--loop-draws 2000] [--seed 1]

A synthetic project (10 outcomes, 10-year horizon, every outcome input and every cost
group uncertain: 73 inputs, triangular) is appraised with ``analyse.methods.cba.monte_carlo`` on
--draws draws. The same draws are then evaluated by three per-draw Python loops, each on
the first draws only (its time scaled per draw to --draws; the output says so), and each
must reproduce the vectorised NPVs of those draws:

1. the straightforward loop: per draw, write the drawn inputs into the project's tables
   and call ``analyse.methods.cba.appraise`` (the target, >= 50x, refers to this one);
2. a hand-written scalar loop in plain Python arithmetic (the fastest loop one could write
   without numpy);
3. the engine's own model called on one draw at a time.

Peak memory of the vectorised run is measured with tracemalloc (Python allocations,
numpy arrays included). Targets: < 1 s for 100,000 draws and >= 50x the straightforward loop.
"""

from __future__ import annotations

import argparse
import math
import time
import tracemalloc
from dataclasses import replace

import numpy as np
import pandas as pd

from analyse.methods import cba
from analyse.methods.cba.engine import Model
from analyse.methods.cba.sensitivity import quantile_values

OUTCOMES, HORIZON = 10, 10
STRAIGHTFORWARD = "straightforward per-draw loop (appraise() per draw)"


def synthetic_inputs() -> cba.ProjectInputs:
    """A 10-outcome, 10-year project in the sroi_* contracts, every range filled."""
    projects = pd.DataFrame({"project": ["synthetisch"], "name": ["Synthetisch project"],
                             "horizon_years": [HORIZON], "price_year": [2022]})
    i = np.arange(OUTCOMES)
    outcomes = pd.DataFrame({
        "project": "synthetisch", "outcome": [f"effect {k + 1}" for k in i], "stakeholder": "deelnemers",
        "actor": np.array(["gemeente", "zorgverzekeraar", "inwoners", "rijk", "partners"])[i % 5],
        "quantity": 50.0 + 10 * i, "quantity_low": 25.0 + 5 * i, "quantity_high": 80.0 + 15 * i,
        "proxy_eur": 100.0 + 20 * i, "proxy_eur_low": 80.0 + 15 * i, "proxy_eur_high": 130.0 + 25 * i,
        "proxy_price_year": 2022,
        "deadweight": 0.3, "deadweight_low": 0.2, "deadweight_high": 0.45,
        "displacement": 0.05, "displacement_low": 0.0, "displacement_high": 0.1,
        "attribution": 0.2, "attribution_low": 0.1, "attribution_high": 0.3,
        "drop_off": 0.1, "drop_off_low": 0.05, "drop_off_high": 0.2,
        "duration_years": 3 + i % 6, "duration_years_low": 2 + i % 6, "duration_years_high": 5 + i % 6,
        "start_year": 1 + i % 3,
    })
    years = np.arange(0, HORIZON + 1)
    investments = pd.DataFrame({
        "project": "synthetisch", "payer": ["gemeente"] * len(years) + ["partners"] * HORIZON,
        "kind": ["opstart" if y == 0 else "personeel" for y in years] + ["locatie"] * HORIZON,
        "year": [*years, *years[1:]],
        "amount_eur": [20000.0 if y == 0 else 30000.0 for y in years] + [5000.0] * HORIZON,
    })
    investments["amount_eur_low"] = investments["amount_eur"] * 0.85
    investments["amount_eur_high"] = investments["amount_eur"] * 1.3
    return cba.project_inputs(projects, investments, outcomes, "synthetisch")


def appraise_per_draw_npv(appraisal: cba.Appraisal, draws: int, seed: int) -> np.ndarray:
    """The straightforward way: a Python loop over draws that draws the inputs, writes them
    into the project's tables and calls :func:`analyse.methods.cba.appraise` (same random stream)."""
    rng = np.random.default_rng(seed)
    model, inputs = appraisal.model, appraisal.inputs
    out = np.empty(draws)
    for d in range(draws):
        values = quantile_values(rng.random((1, len(model.inputs))), model.inputs)[0]
        outcomes, investments = inputs.outcomes.copy(), inputs.investments.copy()
        for value, u in zip(values, model.inputs):
            if u.kind == "outcome":
                outcomes.loc[u.positions[0], u.parameter] = value
            else:
                investments.loc[list(u.positions), "amount_eur"] = value * np.asarray(u.weights)
        out[d] = cba.appraise(replace(inputs, outcomes=outcomes, investments=investments)).summary["npv"]
    return out


def scalar_loop_npv(model: Model, draws: int, seed: int) -> np.ndarray:
    """A hand-written scalar loop: per draw, draw each input, then sum impacts over outcomes
    and years and costs over rows in plain Python arithmetic (same random stream)."""
    rng = np.random.default_rng(seed)
    inputs = model.inputs
    base = {name: values.tolist() for name, values in model.outcome_base.items()}
    start = model.start_year.tolist()
    factors = model.year_factors.tolist()
    horizon = model.horizon
    cost_factors = model.cost_factors.tolist()
    uplift = model.uplift
    out = np.empty(draws)
    for d in range(draws):
        params = {name: list(values) for name, values in base.items()}
        costs = model.cost_base.tolist()
        for u_j, inp in zip(rng.random(len(inputs)).tolist(), inputs):
            a, m, b = inp.low, inp.base, inp.high
            if u_j < (m - a) / (b - a):  # triangular inverse CDF
                value = a + math.sqrt(u_j * (b - a) * (m - a))
            else:
                value = b - math.sqrt((1 - u_j) * (b - a) * (b - m))
            if inp.kind == "outcome":
                params[inp.parameter][inp.positions[0]] = value
            else:
                for row, weight in zip(inp.positions, inp.weights):
                    costs[row] = value * weight * uplift
        pv_benefits = 0.0
        for o in range(len(start)):
            keep = (1 - params["deadweight"][o]) * (1 - params["displacement"][o]) * (1 - params["attribution"][o])
            impact = params["quantity"][o] * params["proxy_eur"][o] * keep
            for k in range(horizon):
                year = start[o] + k
                weight = min(max(params["duration_years"][o] - k, 0.0), 1.0)
                if year > horizon or weight == 0:
                    break
                pv_benefits += impact * weight * factors[year - 1]
                impact *= 1 - params["drop_off"][o]
        pv_costs = sum(c * f for c, f in zip(costs, cost_factors))
        out[d] = pv_benefits - pv_costs
    return out


def engine_per_draw_npv(model: Model, draws: int, seed: int) -> np.ndarray:
    """The engine called once per draw (numpy on one draw at a time), same random stream."""
    rng = np.random.default_rng(seed)
    out = np.empty(draws)
    for d in range(draws):
        result = model.evaluate(quantile_values(rng.random((1, len(model.inputs))), model.inputs))
        out[d] = result["pv_benefits"][0] - result["pv_costs"][0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100_000)
    parser.add_argument("--appraise-draws", type=int, default=200, help="draws for the appraise() loop")
    parser.add_argument("--loop-draws", type=int, default=2_000, help="draws for the other two loops")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    appraisal = cba.appraise(synthetic_inputs())
    model = appraisal.model
    cba.monte_carlo(appraisal, draws=1_000, seed=args.seed)  # warm-up (imports, caches)

    tracemalloc.start()
    start = time.perf_counter()
    mc = cba.monte_carlo(appraisal, draws=args.draws, seed=args.seed)
    vec_s = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    loops = {}
    for name, loop, subject, n in (
            (STRAIGHTFORWARD, appraise_per_draw_npv, appraisal, args.appraise_draws),
            ("hand-written scalar loop (plain Python arithmetic per draw)", scalar_loop_npv, model, args.loop_draws),
            ("engine called once per draw (numpy on one draw)", engine_per_draw_npv, model, args.loop_draws)):
        start = time.perf_counter()
        npv = loop(subject, n, args.seed)
        seconds = time.perf_counter() - start
        # The same numbers as the vectorised run on the draws they share.
        np.testing.assert_allclose(npv, mc.samples["npv"].to_numpy()[:n], rtol=1e-9, atol=1e-6)
        loops[name] = (n, seconds, seconds / n * args.draws)

    print(f"synthetic project: {OUTCOMES} outcomes, {HORIZON}-year horizon, {len(model.inputs)} uncertain inputs "
          "(triangular), 2-core machine")
    print(f"vectorised Monte Carlo: {args.draws:,} draws in {vec_s:.3f} s ({vec_s / args.draws * 1e6:.2f} us per draw, "
          "drawing the inputs included)")
    for name, (n, seconds, scaled) in loops.items():
        print(f"{name}: {n:,} draws in {seconds:.3f} s ({seconds / n * 1e6:,.1f} us per draw); "
              f"scaled per draw to {args.draws:,} draws: {scaled:,.1f} s; vectorised is {scaled / vec_s:,.0f}x faster")
    print("(each loop ran on the first draws only and is scaled per draw; each reproduced the vectorised NPVs "
          "of those draws to 1e-9)")
    print(f"peak memory of the vectorised run (tracemalloc): {peak / 2**20:.1f} MiB")
    print(f"NPV mean {mc.summary['npv']['mean']:,.0f}, P(NPV > 0) = {mc.summary['p_npv_positive']:.3f}")
    ratio = loops[STRAIGHTFORWARD][2] / vec_s
    met = vec_s < 1.0 and ratio >= 50
    print(f"targets (< 1 s; >= 50x the straightforward per-draw loop, i.e. appraise() per draw): "
          f"{'met' if met else 'NOT met'}")

if __name__ == "__main__":
    main()
