"""One notebook job: run the notebook, add its provenance, render HTML, check it.

Runs in a worker process (local pool or Dask) and never raises for a failing notebook:
the failure is recorded in the :class:`~analyse.publish.jobs.JobResult`. Everything goes
into the run's staging folder; :mod:`analyse.publish.publication` moves it into place.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from analyse import __version__
from analyse.errors import PublicationError
from analyse.publish.jobs import SECRET_PLACEHOLDER, Job, JobResult, reproduce_command
from analyse.publish.worker import job_environment, kernel_for, stderr_to, time_limit
from analyse.safety import redact

__all__ = ["ReportInfo", "RunSettings", "execute_job", "header_municipality", "provenance"]

#: How many publication problems the error message lists.
_SHOWN_PROBLEMS = 5


@dataclass(frozen=True)
class ReportInfo:
    """What a worker needs to know of one declared report."""

    path: str
    title: str
    defaults: dict[str, object]  # resolved defaults of its parameters
    descriptions: dict[str, str] = field(default_factory=dict)  # parameter -> Dutch description
    banners: list[dict[str, str]] | None = None  # this report's banners (None: RunSettings.banners)
    timeout_s: float | None = None  # this report's time limit (None: RunSettings.timeout_s)


@dataclass(frozen=True)
class RunSettings:
    """Everything shared by the jobs of one run (picklable: sent to every worker)."""

    staging: str
    kernel: str
    period: str
    municipality: str
    reports: dict[str, ReportInfo]
    inputs: dict[str, str]  # input file -> sha256
    banners: list[dict[str, str]]
    git_commit: str
    env: dict[str, str]  # environment for the kernels
    data_dir_arg: Path | None = None  # --data-dir as given (for the reproduce command)
    internal: bool = False
    reuse_kernel: bool = False
    timeout_s: float | None = None  # per notebook job; the kernel is killed when it is exceeded


def _time_limit(job: Job, settings: RunSettings) -> float | None:
    """Seconds the job's notebook may run: its report's own limit, else the run's."""
    own = settings.reports[job.notebook].timeout_s
    return settings.timeout_s if own is None else own


def provenance(job: Job, settings: RunSettings, stamp: str) -> dict:
    """Parameters (defaults included, secrets hidden), input hashes, versions and command."""
    info = settings.reports[job.notebook]
    effective = {**info.defaults, **job.parameters,  # values as such: the report writes them in Dutch
                 **{k: SECRET_PLACEHOLDER for k in job.secrets}}
    return {"parameters": effective, "descriptions": info.descriptions, "inputs": settings.inputs, "timestamp": stamp,
            "package_version": __version__, "git_commit": settings.git_commit,
            "command": reproduce_command(job, settings.period, settings.data_dir_arg, settings.internal)}


def header_municipality(job: Job, settings: RunSettings) -> str:
    """The municipality in the report's header: the report's own ``gemeente`` parameter when
    it has one (given or by default), else the configured municipality (review2 item 3)."""
    info = settings.reports.get(job.notebook)
    chosen = job.parameters.get("gemeente", None if info is None else info.defaults.get("gemeente"))
    return str(chosen) if chosen not in (None, "") else settings.municipality


def _label(title: str, job: Job) -> str:
    """The report's title, with the fanned-out or chosen values after it."""
    shown = [f"{k} {v}" for k, v in job.parameters.items() if k != "period"]
    return f"{title} ({', '.join(shown)})" if shown else title


def _run_notebook(job: Job, settings: RunSettings, executed: Path) -> None:
    import nbformat
    import papermill

    info = settings.reports[job.notebook]
    source = nbformat.read(info.path, as_version=4)
    cwd = str(Path(info.path).parent)
    extra = {}
    if settings.reuse_kernel and not job.secrets:  # a secret reaches only a fresh kernel's environment
        extra["km"] = kernel_for(source, settings.kernel, cwd, run=settings.staging)  # one kernel per run
    papermill.execute_notebook(source, str(executed), parameters=job.parameters, kernel_name=settings.kernel,
                               progress_bar=False, log_output=False, cwd=cwd, request_save_on_cell_execute=False,
                               **extra)


def _banners(job: Job, settings: RunSettings) -> list[dict[str, str]]:
    """The report's own banners when it declares its datasets, else the run's."""
    info = settings.reports.get(job.notebook)
    return settings.banners if info is None or info.banners is None else info.banners


def _render_and_check(job: Job, settings: RunSettings, executed: Path, stamp: str) -> str:
    """The report page; PublicationError when the publishing check refuses it."""
    import nbformat

    from analyse.publish.check import publication_problems
    from analyse.publish.report import render_html

    nb = nbformat.read(executed, as_version=4)
    page = render_html(nb, title=_label(settings.reports[job.notebook].title, job),
                       municipality=header_municipality(job, settings), period_label=f"Periode {settings.period}",
                       banners=_banners(job, settings), provenance=provenance(job, settings, stamp))
    refused = publication_problems(page, check_counts=not settings.internal)
    if refused:
        (Path(settings.staging) / f"{job.name}.refused.html").write_text(page, encoding="utf-8")
        more = f" (en {len(refused) - _SHOWN_PROBLEMS} meer)" if len(refused) > _SHOWN_PROBLEMS else ""
        raise PublicationError("; ".join(refused[:_SHOWN_PROBLEMS]) + more)
    return page


def execute_job(job: Job, settings: RunSettings) -> JobResult:
    """Run one notebook job into the staging folder and render its HTML there."""
    staging = Path(settings.staging)
    executed = staging / f"{job.name}.ipynb"
    started = time.perf_counter()
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    result = JobResult(notebook=job.notebook, name=job.name, title=settings.reports[job.notebook].title,
                       parameters=job.parameters, status="ok", duration_s=0.0, started=stamp,
                       notebook_file=executed.name, inputs=settings.inputs)
    limit = None
    # A job with a secret runs into a private temporary folder: its outputs reach the staging
    # folder (inside the output folder) only after the secret was redacted from them.
    work = Path(tempfile.mkdtemp(prefix="analyse-job-")) if job.secrets else staging
    try:
        with (job_environment(settings.env, job.secrets), stderr_to(work / f"{job.name}.log"),
              time_limit(_time_limit(job, settings)) as limit):
            _run_notebook(job, settings, work / executed.name)
        _redact_into(work, staging, job)  # before the page is made from the executed notebook
        page = _render_and_check(job, settings, executed, stamp)
        (staging / f"{job.name}.html").write_text(page, encoding="utf-8")
        result.html = f"{job.name}.html"
    except Exception as exc:  # a failing notebook is reported, not raised
        if limit is not None and limit.expired:
            result.status = "timeout"
            result.error = (f"tijdslimiet overschreden: de notebook liep langer dan {limit.seconds:g} seconden "
                            "en is gestopt (analyse run --timeout)")
        else:
            result.status = "failed"
            result.error = redact(_describe_error(exc), job.secrets.values())
    finally:
        _redact_into(work, staging, job)
    result.duration_s = round(time.perf_counter() - started, 2)
    return result


def _redact_into(work: Path, staging: Path, job: Job) -> None:
    """Secret values out of every file of ``job`` in ``work`` (an exception message may hold
    one), moved into ``staging``; ``work`` is removed when it is a private folder."""
    if not job.secrets:
        return
    for suffix in (".ipynb", ".log", ".html", ".refused.html"):
        for path in {work / f"{job.name}{suffix}", staging / f"{job.name}{suffix}"}:
            if path.exists():
                text = path.read_text(encoding="utf-8", errors="replace")
                (staging / path.name).write_text(redact(text, job.secrets.values()), encoding="utf-8")
                if path.parent != staging:
                    path.unlink()
    if work != staging:
        shutil.rmtree(work, ignore_errors=True)


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, PublicationError):
        return f"niet gepubliceerd, publicatiecontrole: {exc}"
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" (cel {cell})" if cell else ""
    return f"{ename}: {evalue}{where}".strip()
