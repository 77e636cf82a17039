"""Benchmark: the comparison report (`vergelijking`) for all 342 municipalities on 2 cores.

In one go, on the same cores (`taskset -c 0,1`: the cores are stated in the output):

1. `analyse run --notebook vergelijking --param gemeente=alle --jobs 2`: one report per
   municipality (342), in two worker processes that each keep one warm Jupyter kernel
   (imports and the Iv3 data loaded once per kernel), papermill's and nbconvert's Python
   APIs in-process, the HTML exporter's templates compiled once per worker;
2. the naive loop an analyst would script by hand on a sample of 10 municipalities:
   the papermill command line and then `jupyter nbconvert --to html --no-input`, one
   notebook after the other (a new kernel and new Python processes for every report).

Prints reports per minute for both, their ratio, the peak memory (sum of the resident
set sizes of the whole process tree, sampled every 0.2 s), the CPU seconds per report
(all processes of the tree: a figure that other work on the machine does not change) and
where the time of one report goes (from the executed notebooks: reset, each cell).
Targets (issue 12): all 342 in under 6 minutes, at least 5x the naive throughput.

    .venv/bin/python benchmarks/bench_vergelijking.py            # all 342 + naive sample of 10
    .venv/bin/python benchmarks/bench_vergelijking.py --limit 40 # a quicker look: 40 municipalities
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

from analyse.publish.municipalities import municipality_names

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "vergelijking.ipynb"
CORES = "0,1"
#: The naive loop's sample: spread over the alphabet, with the awkward names in it.
SAMPLE = ["'s-Hertogenbosch", "Bergen (NH.)", "Dalfsen", "Súdwest-Fryslân", "Amsterdam", "Vlieland", "Ede",
          "Hengelo", "Oss", "Zwolle"]


class TreeMonitor:
    """Peak of the summed RSS of a process and all its descendants, and their CPU seconds
    (user + system, the last value seen per process), sampled every ``every_s`` in a thread."""

    def __init__(self, pid: int, every_s: float = 0.2):
        self.pid, self.every_s, self.peak = pid, every_s, 0
        self.cpu_by_pid: dict[tuple[int, float], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @property
    def cpu(self) -> float:
        return sum(self.cpu_by_pid.values())

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for proc in procs:
                try:
                    with proc.oneshot():
                        total += proc.memory_info().rss
                        times = proc.cpu_times()
                        self.cpu_by_pid[(proc.pid, proc.create_time())] = times.user + times.system
                except psutil.NoSuchProcess:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self.every_s)

    def __enter__(self) -> TreeMonitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(command: list[str], cwd: Path) -> tuple[float, int, float]:
    """Run ``command`` pinned to the cores: wall seconds, peak tree RSS (bytes), CPU seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(["taskset", "-c", CORES, *command], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    with TreeMonitor(proc.pid) as monitor:
        _, err = proc.communicate()
    if proc.returncode not in (0, 1):  # 1: some reports failed (counted below)
        sys.exit(f"{' '.join(command)} failed with {proc.returncode}:\n{err[-3000:]}")
    return time.perf_counter() - start, monitor.peak, monitor.cpu


def naive(names: list[str], out: Path) -> tuple[float, int]:
    """papermill CLI + jupyter nbconvert CLI per municipality, one after the other."""
    script = "set -e\n" + "".join(
        f'"{BIN / "papermill"}" "{NOTEBOOK}" "{out}/{i}.ipynb" -p gemeente "{name}" -k analyse '
        '--no-progress-bar --log-level ERROR\n'
        f'"{BIN / "jupyter"}" nbconvert --to html --no-input --log-level ERROR "{out}/{i}.ipynb"\n'
        for i, name in enumerate(names))
    elapsed, peak, cpu = timed(["bash", "-c", script], NOTEBOOK.parent)
    made = len(list(out.glob("*.html")))
    if made != len(names):
        sys.exit(f"naive loop made {made} of {len(names)} reports")
    return elapsed, peak, cpu


def ours(values: str, out: Path) -> tuple[float, int, float, dict]:
    elapsed, peak, cpu = timed([str(BIN / "analyse"), "run", "--notebook", "vergelijking", "--param",
                                f"gemeente={values}", "--jobs", "2", "--output-dir", str(out)], ROOT)
    runs = sorted(out.glob("*/run.json"))
    return elapsed, peak, cpu, json.loads(runs[-1].read_text(encoding="utf-8"))


def cell_profile(folder: Path) -> list[tuple[float, str]]:
    """Median seconds per code cell over the executed notebooks (kernel kept warm: not the first)."""
    per_cell: dict[int, list[float]] = {}
    labels: dict[int, str] = {}
    for path in sorted(folder.rglob("vergelijking__gemeente-*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        if not code or not code[0].source.startswith("%reset"):
            continue  # the first notebook of a kernel: start-up, imports and data loading
        for i, cell in enumerate(code):
            per_cell.setdefault(i, []).append(float(cell.metadata.get("papermill", {}).get("duration") or 0))
            labels[i] = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
    return [(statistics.median(v), labels[i]) for i, v in sorted(per_cell.items())]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N municipalities (default: all)")
    parser.add_argument("--naive", type=int, default=len(SAMPLE), help="size of the naive sample (default 10)")
    args = parser.parse_args()
    names = list(municipality_names())
    chosen = names[: args.limit] if args.limit else names
    subprocess.run([str(BIN / "analyse"), "build"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    work = Path(tempfile.mkdtemp(prefix="bench-vergelijking-"))
    try:
        (work / "naive").mkdir()
        load_before = os.getloadavg()[0]
        t_naive, mem_naive, cpu_naive = naive(SAMPLE[: args.naive], work / "naive")
        values = "alle" if not args.limit else ",".join(chosen)
        t_ours, mem_ours, cpu_ours, run = ours(values, work / "ours")
        load_after = os.getloadavg()[0]
        cells = cell_profile(work / "ours")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    reports = {k: v for k, v in run["reports"].items() if k.startswith("vergelijking__gemeente-")}
    ok = sum(r["status"] == "ok" for r in reports.values())
    durations = sorted(r["duration_s"] for r in reports.values())
    rate_ours = len(reports) / t_ours * 60
    rate_naive = args.naive / t_naive * 60
    print(f"machine: {os.cpu_count()} cores, runs pinned to cores {CORES} (taskset); {len(chosen)} municipalities; "
          f"load average {load_before:.1f} before, {load_after:.1f} after (other work on the machine slows both)")
    print(f"analyse run --param gemeente={'alle' if not args.limit else '<' + str(len(chosen)) + ' names>'} "
          f"--jobs 2: {len(reports)} reports ({ok} ok) in {t_ours:6.1f} s = {rate_ours:6.1f} reports/min, "
          f"peak memory {mem_ours / 2**20:,.0f} MiB")
    print(f"naive loop (papermill CLI + jupyter nbconvert CLI), sample of {args.naive}: {t_naive:6.1f} s = "
          f"{rate_naive:6.1f} reports/min, peak memory {mem_naive / 2**20:,.0f} MiB")
    print(f"ratio (reports/min analyse run / naive): {rate_ours / rate_naive:.1f}x")
    print(f"CPU seconds per report (all processes, independent of other load): analyse run "
          f"{cpu_ours / len(reports):.2f}, naive {cpu_naive / args.naive:.2f} "
          f"(ratio {cpu_naive / args.naive / (cpu_ours / len(reports)):.1f}x)")
    print(f"per report in a worker (run.json): median {statistics.median(durations):.2f} s, "
          f"slowest {durations[-1]:.1f} s (the first of each worker: kernel start, imports, data)")
    for name, rep in reports.items():
        if rep["status"] != "ok":
            print(f"  not published: {name}: {rep.get('error')}")
    print("where a warm report's notebook time goes (median s per cell):")
    for seconds, label in cells:
        print(f"  {seconds:5.2f}  {label}")


if __name__ == "__main__":
    main()
