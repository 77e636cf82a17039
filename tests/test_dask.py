"""``analyse run --executor dask`` on a Dask LocalCluster makes the same reports as the
local executor (the one end-to-end test of issue 12's scale part: a sample of three
municipalities, both runs at the same time, about 20 s)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from analyse.config import ROOT
from analyse.data.store import build

distributed = pytest.importorskip("distributed")

ANALYSE = str(Path(sys.executable).parent / "analyse")
#: Awkward names on purpose: a comma-free province suffix, diacritics, and the own municipality.
SAMPLE = "Dalfsen,Bergen (NH.),sudwest-fryslan"
REPORTS = ["vergelijking__gemeente-bergen-nh.html", "vergelijking__gemeente-dalfsen.html",
           "vergelijking__gemeente-sudwest-fryslan.html"]


def _masked(page: str) -> str:
    """The page without what differs between any two runs: the time it was made, and the
    cell id papermill gives its injected parameters cell (a new random id per execution)."""
    page = re.sub(r"Gemaakt op .+? met analyse", "Gemaakt op <tijd> met analyse", page)
    return re.sub(r'id="cell-id=[^"]*"', 'id="cell-id=<id>"', page)


def test_dask_executor_gives_the_same_reports_as_the_local_one(tmp_path):
    build()  # both runs read the same processed data (and neither has to build it)
    common = ["run", "--notebook", "vergelijking", "--param", f"gemeente={SAMPLE}"]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        local = subprocess.Popen([ANALYSE, *common, "--jobs", "1", "--output-dir", str(tmp_path / "local")],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        on_dask = subprocess.run([ANALYSE, *common, "--executor", "dask", "--scheduler", cluster.scheduler_address,
                                  "--output-dir", str(tmp_path / "dask")], cwd=ROOT, capture_output=True, text=True)
        local_out, _ = local.communicate(timeout=120)
    assert on_dask.returncode == 0, on_dask.stdout + on_dask.stderr
    assert local.returncode == 0, local_out
    for name in REPORTS:
        local_page, dask_page = (next((tmp_path / kind).glob(f"*/{name}")).read_text(encoding="utf-8")
                                 for kind in ("local", "dask"))
        assert "Gemaakt op" in local_page
        assert _masked(local_page) == _masked(dask_page), f"{name}: the dask report differs from the local one"
    listing = next((tmp_path / "dask").glob("*/vergelijking__gemeenten.html")).read_text(encoding="utf-8")
    assert all(f'href="{name}"' in listing for name in REPORTS)

def test_dask_workers_with_several_threads_are_refused(tmp_path, run_cli):
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                                  silence_logs=40) as cluster:
        result = run_cli("run", "--notebook", "vergelijking", "--param", "gemeente=Dalfsen", "--executor", "dask",
                         "--scheduler", cluster.scheduler_address, "--output-dir", tmp_path / "out")
    assert result.code == 2
    assert "runs 2 threads: expected one thread per worker" in result.err + result.out
    assert not list((tmp_path / "out").rglob("*.html"))
