"""Benchmark: `analyse run` for the whole report pack against the naive way.

The naive way is what an analyst would script by hand: a shell loop that calls the
papermill command line and then `jupyter nbconvert --to html --no-input` for each
notebook, one after the other. `analyse run` executes the same notebooks with the same
parameters in parallel worker processes (default: one per core), with papermill's and
nbconvert's Python APIs in the worker, and keeps each worker's kernel for its next
notebook (namespace cleared first), so later notebooks skip kernel start-up and library
imports. Both run on this machine in one go; the floor is the slowest single notebook
(kernel start, compute and rendering) from run.json.

    python benchmarks/bench_run.py            # prints both times, the ratio and the floor
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analyse.publish.pack import load_pack

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
_PACK = load_pack(ROOT / "notebooks")
#: The declared reports only (notebooks/reports.yaml), as analyse run runs them.
NOTEBOOKS = [_PACK.path(report) for report in _PACK.reports]


def naive(period: str, out: Path) -> float:
    script = "set -e\n" + "".join(
        f'"{BIN / "papermill"}" "{nb}" "{out / nb.name}" -p period {period} -k analyse '
        '--no-progress-bar --log-level ERROR\n'
        f'"{BIN / "jupyter"}" nbconvert --to html --no-input --log-level ERROR "{out / nb.name}"\n'
        for nb in NOTEBOOKS)
    start = time.perf_counter()
    subprocess.run(["bash", "-c", script], check=True, cwd=ROOT / "notebooks", stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def ours(period: str, out: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    subprocess.run([str(BIN / "analyse"), "run", "--period", period, "--output-dir", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return elapsed, json.loads((out / period / "run.json").read_text())


def main() -> None:
    period = "2026Q3"
    subprocess.run([str(BIN / "analyse"), "build"], check=True, stdout=subprocess.DEVNULL)  # both start from built data
    work = Path(tempfile.mkdtemp(prefix="bench-run-"))
    try:
        (work / "naive").mkdir()
        t_naive = naive(period, work / "naive")
        t_ours, run = ours(period, work / "ours")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    durations = {k: v["duration_s"] for k, v in run["reports"].items()}
    slowest = max(durations, key=durations.get)
    print(f"{len(NOTEBOOKS)} notebooks, period {period}, {os.cpu_count()} cores")
    print(f"naive loop (papermill CLI + jupyter nbconvert CLI per notebook, sequential): {t_naive:6.1f} s")
    print(f"analyse run (parallel workers, papermill + nbconvert APIs in-process):       {t_ours:6.1f} s")
    print(f"ratio naive / analyse run: {t_naive / t_ours:.2f}x")
    print(f"floor: slowest single notebook ({slowest}, kernel start + compute + render): {durations[slowest]:.1f} s")


if __name__ == "__main__":
    main()
