"""Coverage of the interrupted time series' 95% intervals: old method (OLS with Newey-West
HAC errors, maxlags 1) against the new default (regression with AR(1) errors, Prais-Winsten
GLS with rho by REML), on simulated quarterly series with a known break.

Each series has 48 quarters (24 before and 24 from the break, as 2015Q1-2026Q4 around
2021Q1), a rising trend, a quarterly season, a level drop of 4 and a slope change of
-1 per year, and errors that are white noise (phi 0) or AR(1) with phi 0.3 or 0.5
(innovation sd 1, stationary start). Printed per error model and method: the share of
fits whose 95% interval holds the true level change and slope change, how often the
autocorrelation warning fired, and the coverage of the fits where it stayed silent.
Seeded: the same command prints the same table.

    .venv/bin/python benchmarks/bench_its_coverage.py                 # 500 series per error model, ~1 min
    .venv/bin/python benchmarks/bench_its_coverage.py --series 200 --quarters 16

Runtime on a 2-core machine: about 100 s for --series 1000 (docs/trends.md has that table).
Not part of the test run; tests/test_its.py runs a small seeded version.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

from analyse.methods.its import interrupted_time_series
from analyse.methods.timeseries import TrendWarning

LEVEL_CHANGE, SLOPE_PER_QUARTER = -4.0, -0.25  # truth: a drop of 4 and -1.0 per year
SEASON = (2.0, 0.0, -1.0, -1.0)


def simulate(rng: np.random.Generator, phi: float, quarters: int = 48) -> tuple[pd.Series, pd.Period]:
    """One series of ``quarters`` quarters with the break in the middle and AR(1) errors ``phi``."""
    index = pd.period_range("2015Q1", periods=quarters, freq="Q")
    at = index[quarters // 2]
    t = np.arange(quarters, dtype=float)
    after = (t >= quarters // 2).astype(float)
    errors = np.empty(quarters)
    errors[0] = rng.normal() / np.sqrt(1 - phi**2)
    for i in range(1, quarters):
        errors[i] = phi * errors[i - 1] + rng.normal()
    y = (50 + 0.1 * t + np.resize(SEASON, quarters) + LEVEL_CHANGE * after
         + SLOPE_PER_QUARTER * after * (t - quarters // 2) + errors)
    return pd.Series(y, index=index, name=f"simulatie phi {phi}"), at


def coverage(phi: float, method: str, series: int, quarters: int, seed: int) -> dict[str, float]:
    """Coverage of level and slope change, warning rate and coverage without a warning."""
    rng = np.random.default_rng([seed, round(phi * 100), quarters])
    truth = np.array([LEVEL_CHANGE, SLOPE_PER_QUARTER * 4])
    hits, warned = np.zeros((series, 2), dtype=bool), np.zeros(series, dtype=bool)
    for i in range(series):
        y, at = simulate(rng, phi, quarters)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TrendWarning)
            res = interrupted_time_series(y, at, errors=method)
        est = res.estimates
        hits[i] = ((est["ci_low"] <= truth) & (truth <= est["ci_high"])).to_numpy()
        warned[i] = any(d.code == "autocorrelation" for d in res.diagnostics)
    silent = hits[~warned]
    return {"level": hits[:, 0].mean(), "slope": hits[:, 1].mean(), "warned": warned.mean(),
            "silent_level": silent[:, 0].mean() if len(silent) else np.nan,
            "silent_slope": silent[:, 1].mean() if len(silent) else np.nan}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=500, help="series per error model (default 500)")
    parser.add_argument("--quarters", type=int, default=48, help="quarters per series (default 48)")
    parser.add_argument("--phi", type=float, nargs="+", default=[0.0, 0.3, 0.5], help="AR(1) coefficients")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()
    print(f"{args.series} series of {args.quarters} quarters per error model, break in the middle, seed {args.seed}")
    print(f"{'errors':<10} {'method':<28} {'level':>6} {'slope':>6} {'warned':>7} {'silent: level':>14} "
          f"{'slope':>6} {'seconds':>8}")
    names = {"hac": "OLS + Newey-West (old)", "ar1": "AR(1) errors, REML (new)"}
    for phi in args.phi:
        for method in ("hac", "ar1"):
            start = time.perf_counter()
            c = coverage(phi, method, args.series, args.quarters, args.seed)
            took = time.perf_counter() - start
            label = "white" if phi == 0 else f"AR {phi:g}"
            print(f"{label:<10} {names[method]:<28} {c['level']:>6.1%} {c['slope']:>6.1%} {c['warned']:>7.1%} "
                  f"{c['silent_level']:>14.1%} {c['silent_slope']:>6.1%} {took:>8.1f}")


if __name__ == "__main__":
    main()
