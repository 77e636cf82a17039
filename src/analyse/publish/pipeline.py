"""``analyse run``: execute the declared report notebooks with papermill and publish HTML.

Flow: read the pack (``notebooks/reports.yaml``) and check every parameter before
anything runs (bad ones exit 2) -> build stale data -> execute each job (in parallel, in
local worker processes or on a Dask cluster; :mod:`analyse.publish.execute`) into a
staging folder -> publish (:mod:`analyse.publish.publication`) -> write the index
(:mod:`analyse.publish.index`).

Only reports declared in the manifest run; a scratch notebook saved next to them is
never published. A failing notebook never replaces a previously published HTML and never
stops the others; a notebook that runs longer than the time limit (``--timeout``, default
:data:`~analyse.config.NOTEBOOK_TIMEOUT_S`) has its kernel killed and is marked "timeout".
One run at a time per output folder (a lock; a second run exits 75); the output folder
must be empty, new or made by the toolkit. A run killed at any moment (even ``kill -9``)
leaves each period either as it was or as the new complete version; its worker processes
and kernels die with it, and the next run removes what it left and says so.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import shutil
import subprocess
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from analyse.config import (
    KERNEL_NAME,
    NOTEBOOKS_DIR,
    PROCESSED_DIR,
    RAW_DIR,
    REPORTS_DIR,
    ROOT,
    Municipality,
    load_municipality,
    notebook_timeout,
)
from analyse.data.folders import check_owned, folder_lock, mark
from analyse.disclosure.rules import DISCLOSURE_ENV
from analyse.errors import ParameterError, UserError
from analyse.publish.completeness import IncompleteDataError, Missing, incomplete_banner, missing_for_period
from analyse.publish.execute import ReportInfo, RunSettings, execute_job
from analyse.publish.index import write_index
from analyse.publish.jobs import Job, JobResult, parse_param_args, plan_jobs
from analyse.publish.pack import NOTEBOOKS_ENV, Pack, load_pack
from analyse.publish.parameters import check_period
from analyse.publish.publication import LEFTOVERS, PERIOD_NAME, VERSIONS_DIR, publish, recover
from analyse.publish.text import dutch_list
from analyse.publish.worker import die_with_parent
from analyse.safety import register_secret

__all__ = ["EXECUTORS", "RunSummary", "banners_for", "run"]

EXECUTORS = ("local", "dask")
_UNKNOWN_COMMIT = "onbekend"
#: Marker file of an output folder made by ``analyse run``.
MARKER = ".analyse-reports"
#: Seconds to reach a Dask scheduler before the run gives up (exit 2).
DASK_CONNECT_TIMEOUT_S = 20


def _own_entry(name: str) -> bool:
    """Entries an output folder made by an earlier version (before markers) may hold."""
    return (name in ("index.html", ".gitkeep", ".analyse.lock", MARKER, VERSIONS_DIR)
            or bool(PERIOD_NAME.fullmatch(name)) or bool(re.fullmatch(LEFTOVERS, name)))


def _log(message: str) -> None:
    from analyse.logs import get

    get("analyse.run").warning(message)


@dataclass
class RunSummary:
    period: str
    results: list[JobResult]
    output_dir: Path
    ignored: list[str] = field(default_factory=list)  # notebooks not in the manifest, not run
    missing: list[Missing] = field(default_factory=list)  # quarterly datasets without the period (allowed)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.status != "ok"]


def banners_for(catalog: dict, internal: bool = False, datasets: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """Banner texts, worded by each dataset's catalog status: ``illustrative`` datasets are
    named as invented example figures, ``mixed`` ones as partly derived (real figures from the
    sources, the other years derived), ``real`` ones not at all; plus the internal-use stamp.
    ``datasets``: the report's declared datasets (reports.yaml); None: every dataset."""
    banners = []
    used = [d for name, d in catalog.items() if datasets is None or name in datasets]
    # Only the report's own datasets, each with its catalog status.
    invented = [d.title for d in used if d.status == "illustrative"]
    derived = [d.title for d in used if d.status == "mixed"]
    if invented:
        banners.append({"kind": "illustratief",
                        "text": "Illustratieve gegevens: dit rapport bevat verzonnen voorbeeldcijfers "
                                f"({dutch_list(invented)}). Niet gebruiken als feiten over de gemeente."})
    if derived:
        banners.append({"kind": "afgeleid",
                        "text": f"Deels afgeleide gegevens: in {dutch_list(derived)} zijn de cijfers die in de "
                                "bronnen staan echt (documenten van de gemeente, CBS-cijfers); de overige "
                                "jaren zijn daaruit met vaste rekenregels afgeleid en dus schattingen."})
    if internal:
        banners.append({"kind": "intern", "text": "Intern, niet verspreiden"})
    return banners


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or _UNKNOWN_COMMIT
    except (OSError, subprocess.SubprocessError):
        return _UNKNOWN_COMMIT


def _settings(pack: Pack, muni: Municipality, period: str, staging: Path, data_dir: Path, processed: Path,
              data_dir_arg: Path | None, executor: str, internal: bool, missing: list[Missing],
              timeout_s: float | None, timeout_override: bool = False) -> RunSettings:
    from analyse.data.catalog import load_catalog
    from analyse.data.store import read_manifest

    manifest = read_manifest(processed) or {}
    catalog = load_catalog(data_dir)
    return RunSettings(
        staging=str(staging), kernel=KERNEL_NAME, period=period, municipality=muni.name,
        reports={r.id: ReportInfo(path=str(pack.path(r)), title=r.title, defaults=r.defaults(muni),
                                  descriptions={k: p.description for k, p in r.parameters.items()},
                                  banners=None if r.datasets is None else  # per-report banner
                                  banners_for(catalog, internal, r.datasets)
                                  + ([incomplete_banner(period, missing)] if missing else []),
                                  timeout_s=None if timeout_override else r.timeout)
                 for r in pack.reports},
        inputs={k: v["sha256"] for k, v in manifest.get("inputs", {}).items()},
        banners=banners_for(catalog, internal)
        + ([incomplete_banner(period, missing)] if missing else []), git_commit=_git_commit(),
        data_dir_arg=data_dir_arg, internal=internal, reuse_kernel=True, timeout_s=timeout_s,
        env={"ANALYSE_DATA_DIR": str(data_dir), "ANALYSE_PROCESSED_DIR": str(processed),
             NOTEBOOKS_ENV: str(pack.folder), "PYTHONWARNINGS": "ignore", "TQDM_DISABLE": "1",
             DISCLOSURE_ENV: "off" if internal else "on"})


def run(period: str | None = None, notebooks: list[str] | None = None, jobs: int | None = None,
        params: list[str] | None = None, data_dir: Path | None = None, output_dir: Path | None = None,
        executor: str = "local", scheduler: str | None = None, progress: bool = False,
        notebooks_dir: Path | None = None, internal: bool = False, allow_incomplete: bool = False,
        timeout: float | None = None) -> RunSummary:
    """Run the report pack. Raises ParameterError / InputError / ConfigError before
    anything runs when arguments, the manifest, the output folder or the data are bad,
    IncompleteDataError when a quarterly dataset has no rows for the period (unless
    ``allow_incomplete``: then every report carries a "gegevens ontbreken" banner), and
    LockedError when another run writes to the same output folder. ``timeout``: seconds
    per notebook for every report (default: a report's own ``timeout:`` in reports.yaml,
    else :data:`~analyse.config.NOTEBOOK_TIMEOUT_S`)."""
    from analyse.data.store import build
    from analyse.publish.glossary import render_glossary

    data_dir_arg = Path(data_dir).resolve() if data_dir else None
    data_dir = Path(data_dir or RAW_DIR).resolve()
    output_dir = Path(output_dir or REPORTS_DIR).resolve()
    muni = load_municipality(data_dir)
    period = check_period(period, muni)
    pack = load_pack(notebooks_dir or os.environ.get(NOTEBOOKS_ENV) or NOTEBOOKS_DIR)
    job_list = plan_jobs(pack, notebooks, parse_param_args(params or []), period, muni)
    for job in job_list:
        for value in job.secrets.values():
            register_secret(value)
    timeout_override = timeout is not None  # --timeout wins over a report's own `timeout:`
    timeout = notebook_timeout() if timeout is None else timeout
    if jobs is not None and jobs < 1:
        raise ParameterError(f"--jobs {jobs}: expected the number of notebooks to run in parallel, at least 1 "
                             "(leave it out for one per core)")
    if not 0 < timeout <= 7 * 24 * 3600:
        raise ParameterError(f"--timeout {timeout:g}: expected seconds per notebook, more than 0 and at most "
                             f"{7 * 24 * 3600} (a week)")
    if executor not in EXECUTORS:
        raise ParameterError(f"--executor {executor}: expected {' or '.join(EXECUTORS)}")
    if executor == "dask" and not scheduler:
        raise ParameterError("--executor dask: expected --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    check_owned(output_dir, MARKER, _own_entry, "--output-dir")

    processed = Path(os.environ.get("ANALYSE_PROCESSED_DIR") or PROCESSED_DIR).resolve()
    build(data_dir, processed)
    missing = missing_for_period(processed, period, muni)
    if missing and not allow_incomplete:
        raise IncompleteDataError(period, missing)
    with folder_lock(output_dir, f"'analyse run' into {output_dir}"):
        mark(output_dir, MARKER, "made by 'analyse run': index.html, a link per period and versions/ are "
                                 "managed by it; it deletes nothing else")
        recover(output_dir, _log)
        staging = output_dir / f".staging-{period}-{os.getpid()}"
        staging.mkdir()
        try:
            settings = _settings(pack, muni, period, staging, data_dir, processed, data_dir_arg, executor,
                                 internal, missing, timeout, timeout_override)
            results = _execute(job_list, settings, jobs or os.cpu_count() or 1, executor, scheduler, progress)
            order = {j.name: i for i, j in enumerate(job_list)}
            results.sort(key=lambda r: order[r.name])
            for res in results:
                res.incomplete = [{"dataset": m.dataset, "title": m.title, "last_quarter": m.last} for m in missing]
            publish(results, staging, output_dir / period, period,
                    {"municipality": muni.name, "git_commit": settings.git_commit, "internal": internal,
                     "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds")},
                    glossary=render_glossary(muni.name, f"Periode {period}"))
            write_index(output_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return RunSummary(period=period, results=results, output_dir=output_dir, ignored=pack.undeclared(),
                      missing=missing)


def _execute(job_list: list[Job], settings: RunSettings, workers: int, executor: str, scheduler: str | None,
             progress: bool) -> list[JobResult]:
    """Run the jobs in local worker processes (spawned: a clean interpreter each) or on Dask."""
    from tqdm import tqdm

    bar = tqdm(total=len(job_list), desc="rapporten", unit="rapport", disable=not progress)
    results: list[JobResult] = []
    try:
        if executor == "dask":
            from distributed import as_completed as dask_completed

            with _dask_client(scheduler) as client:
                _one_thread_per_worker(client, scheduler)  # kept kernels, stderr and environment are per process
                futures = [client.submit(execute_job, job, settings, pure=False) for job in job_list]
                for fut in dask_completed(futures):
                    results.append(fut.result())
                    bar.update()
        else:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=max(1, min(workers, len(job_list))), mp_context=context,
                                     initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
                local: list[Future] = [pool.submit(execute_job, job, settings) for job in job_list]
                try:
                    for done in as_completed(local):
                        results.append(done.result())
                        bar.update()
                except BaseException:  # Ctrl-C, SIGTERM, an error: stop the workers now, not after their notebooks
                    _stop_workers(pool)
                    raise
    finally:
        bar.close()
    return results


def _one_thread_per_worker(client, scheduler: str | None) -> None:  # noqa: ANN001 - distributed is optional
    """A notebook job redirects its process's stderr, sets its environment and keeps a
    kernel per process, so each Dask worker must run one job at a time (UserError otherwise)."""
    workers = client.scheduler_info().get("workers", {})
    threaded = sorted(addr for addr, info in workers.items() if info.get("nthreads", 1) > 1)
    if threaded:
        client.close()
        raise UserError(f"--scheduler {scheduler}: Dask worker {threaded[0]} runs "
                        f"{workers[threaded[0]]['nthreads']} threads: expected one thread per worker "
                        "(start workers with 'dask worker ADDRESS --nthreads 1 --nworkers N'); nothing was run")


def _dask_client(scheduler: str | None):  # noqa: ANN202 - distributed is optional
    """A Dask client, or UserError (exit 2) when the scheduler cannot be reached."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=DASK_CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UserError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({type(exc).__name__}: {exc}): "
                        "expected the address of a running scheduler, e.g. tcp://127.0.0.1:8786; "
                        "nothing was published") from None


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (their kernels notice and exit) and drop pending jobs."""
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
