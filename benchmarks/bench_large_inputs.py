"""Benchmark: `analyse validate` and `analyse build` on large inputs (time and peak memory).

The largest dataset of the municipality's own data (``evaluations.csv``: welfare
evaluations per quarter, kern, partner, intervention and indicator) is repeated 10, 100
and 1000 times in a scratch copy of ``data/raw`` (the indicator gets a suffix per copy so
the unique key still holds: a valid file, the worst case for the checks that run on every
row). Each command runs in its own process; peak memory is that process's maximum
resident set size (``wait4``), time is wall-clock time.

    python benchmarks/bench_large_inputs.py              # 10x, 100x, 1000x
    python benchmarks/bench_large_inputs.py 10 100       # chosen factors only

The README states the memory budget these figures are checked against.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
DATASET = "evaluations.csv"
ANALYSE = Path(sys.executable).parent / "analyse"


def scaled_copy(factor: int, target: Path) -> tuple[int, int]:
    """data/raw copied to ``target`` with DATASET repeated ``factor`` times: (rows, bytes)."""
    shutil.copytree(RAW, target)
    with open(RAW / DATASET, encoding="utf-8", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    column = header.index("indicator")
    with open(target / DATASET, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        for copy in range(factor):
            buffer = io.StringIO()
            chunk = csv.writer(buffer, lineterminator="\n")
            for row in rows:
                if copy:
                    row = row.copy()
                    row[column] = f"{row[column]} #{copy}"
                chunk.writerow(row)
            out.write(buffer.getvalue())
    return len(rows) * factor, (target / DATASET).stat().st_size


def measure(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak resident memory in MB, exit status) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if proc.stderr is not None:
        proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main(factors: list[int]) -> None:
    print(f"{'factor':>6} {'rows':>11} {'MB':>7}  {'command':<8} {'seconds':>8} {'peak MB':>8} {'exit':>4}")
    for factor in factors:
        with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp:
            data = Path(tmp) / "raw"
            rows, size = scaled_copy(factor, data)
            for command, extra in (("validate", []), ("build", ["--out", str(Path(tmp) / "processed")])):
                seconds, peak, code = measure([str(ANALYSE), command, "--data-dir", str(data), *extra])
                print(f"{factor:>6} {rows:>11,} {size / 1e6:>7.1f}  {command:<8} {seconds:>8.1f} {peak:>8.0f} "
                      f"{code:>4}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
