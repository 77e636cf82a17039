"""``analyse run``: execute the report notebooks with papermill and publish HTML.

Flow: check every parameter before anything runs (bad ones exit 2) -> build stale data
-> execute each notebook job (in parallel, papermill's Python API, HTML rendered with
nbconvert in the same worker process) into a staging folder -> publish: move each good
HTML into ``reports/<period>/``, keep every executed notebook (with its error, if any)
in ``reports/<period>/notebooks/``, write ``run.json`` and ``reports/index.html``.

A failing notebook never replaces a previously published HTML and never stops the
others; a run killed midway leaves the published reports as they were (files are only
moved into place, each with an atomic rename, after the jobs finished).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from itertools import product
from pathlib import Path

from analyse import __version__
from analyse.errors import ParameterError, PublicationError
from analyse.config import (
    ALL_KERNEN,
    KERNEL_NAME,
    NOTEBOOKS_DIR,
    PROCESSED_DIR,
    RAW_DIR,
    REPORTS_DIR,
    ROOT,
    SECRET_ENV_PREFIX,
    Municipality,
    last_completed_quarter,
    load_municipality,
)
from analyse.data.readers import parse_quarter
from analyse.disclosure.privacy import DISCLOSURE_ENV

RUN_FILE = "run.json"
INDEX_FILE = "index.html"
FANOUT_SEPARATOR = ","
_SAFE_VALUE = re.compile(r"^[\w .,:+\-%€()'éëïöüáàèçÉËÏÖÜ]*$")


#: Notebook parameters with a fixed set of values, checked before anything runs.
CHOICES = {"timing": ("end", "mid", "start"), "provision": ("wmo", "jeugd")}




@dataclass(frozen=True)
class NotebookInfo:
    name: str  # file stem, e.g. "zorggebruik"
    path: Path
    title: str
    order: int
    parameters: dict[str, dict]  # papermill.inspect_notebook output


@dataclass
class Job:
    notebook: str
    name: str  # output stem: the notebook, or notebook__key-value for a fan-out
    parameters: dict[str, object]
    secrets: dict[str, str] = field(default_factory=dict, repr=False)  # never written anywhere


def is_secret(key: str, spec: dict) -> bool:
    """A notebook parameter marked secret: its comment says "geheim" or "secret", or its
    name ends in _password, _wachtwoord, _secret or _token."""
    comment = str(spec.get("help", "")).lower()
    return ("geheim" in comment or "secret" in comment
            or key.lower().endswith(("_password", "_wachtwoord", "_secret", "_token")))


@dataclass
class JobResult:
    notebook: str
    name: str
    title: str
    parameters: dict[str, object]
    status: str  # "ok" | "failed"
    duration_s: float
    started: str
    error: str | None = None
    html: str | None = None  # file name inside reports/<period>/
    notebook_file: str | None = None  # executed .ipynb inside reports/<period>/notebooks/
    inputs: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- notebooks


def discover_notebooks(folder: Path = NOTEBOOKS_DIR) -> dict[str, NotebookInfo]:
    """The report notebooks in ``folder`` with their title, order and parameters."""
    import nbformat
    import papermill

    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        meta = nb.metadata.get("analyse", {})
        out[path.stem] = NotebookInfo(
            name=path.stem, path=path, title=meta.get("title", path.stem), order=int(meta.get("order", 99)),
            parameters=papermill.inspect_notebook(str(path)))
    return dict(sorted(out.items(), key=lambda kv: (kv[1].order, kv[0])))


# --------------------------------------------------------------------------- parameters


def parse_param_args(items: list[str]) -> dict[str, list[str]]:
    """["kern=Dalfsen,Lemelerveld", "seed=1"] -> {"kern": ["Dalfsen", "Lemelerveld"], "seed": ["1"]}."""
    out: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"--param '{item}': expected KEY=VALUE, e.g. --param kern=Dalfsen")
        values = [v.strip() for v in value.split(FANOUT_SEPARATOR)] if value.strip() else [""]
        out.setdefault(key, []).extend(values)
    return out


def _check_value(key: str, raw: str, spec: dict, muni: Municipality) -> object:
    """Type and check one parameter value against the notebook's declared default."""
    if "/" in raw or "\\" in raw or ".." in raw or not _SAFE_VALUE.match(raw):
        raise ParameterError(f"--param {key}={raw}: value '{raw}': expected plain text without path separators")
    if key == "kern":
        if raw != ALL_KERNEN and raw not in muni.kernen:
            raise ParameterError(f"--param kern={raw}: value '{raw}': expected '{ALL_KERNEN}' or one of the kernen "
                                 f"in municipality.yaml: {', '.join(muni.kernen)}")
        return raw
    if key == "discount_rate":
        from analyse.methods.cba import discount_presets  # presets kept as data with their sources

        presets = list(discount_presets())

        try:
            return float(raw.replace(",", "."))
        except ValueError:
            if raw in presets:
                return raw
            raise ParameterError(f"--param discount_rate={raw}: value '{raw}': expected a number (0.0225 = 2.25%) "
                                 f"or a preset: {', '.join(presets)}") from None
    if key in CHOICES and raw not in CHOICES[key]:
        raise ParameterError(f"--param {key}={raw}: value '{raw}': expected one of: {', '.join(CHOICES[key])}")
    kind = _declared_type(spec)
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw.replace(",", "."))
        if kind == "bool":
            if raw.lower() not in ("true", "false", "ja", "nee", "1", "0"):
                raise ValueError
            return raw.lower() in ("true", "ja", "1")
    except ValueError:
        raise ParameterError(f"--param {key}={raw}: value '{raw}': expected a value of type {kind} "
                             f"(default {spec.get('default')})") from None
    return raw


def _declared_type(spec: dict) -> str:
    """Type of a notebook parameter: its annotation, else the type of its default value."""
    declared = spec.get("inferred_type_name", "None")
    if declared != "None":
        return declared
    try:
        return type(ast.literal_eval(spec.get("default", ""))).__name__
    except (ValueError, SyntaxError):
        return "str"


def check_period(text: str | None, muni: Municipality) -> str:
    """The report period as text (default: the last completed quarter)."""
    if text is None:
        return str(last_completed_quarter())
    try:
        quarter = parse_quarter(text)
    except ValueError as exc:
        raise ParameterError(f"--period {text}: {exc}") from None
    if not muni.period_start <= quarter <= muni.period_end:
        raise ParameterError(f"--period {text}: expected a quarter from {muni.period_start} to {muni.period_end} "
                             "(the last completed quarter)")
    return str(quarter)


def plan_jobs(notebooks: dict[str, NotebookInfo], selected: list[str] | None, params: dict[str, list[str]],
              period: str, muni: Municipality) -> list[Job]:
    """One job per selected notebook and per combination of list-valued parameters."""
    names = selected or list(notebooks)
    for name in names:
        if name not in notebooks:
            raise ParameterError(f"--notebook {name}: expected one of: {', '.join(notebooks)}")
    declared = {k for n in names for k in notebooks[n].parameters}
    for key in params:
        if key == "period":
            raise ParameterError("--param period=...: use --period instead")
        if key not in declared:
            raise ParameterError(f"--param {key}: no selected notebook has this parameter; "
                                 f"known: {', '.join(sorted(declared - {'period'}))}")
    jobs = []
    for name in names:
        info = notebooks[name]
        secrets = {k: FANOUT_SEPARATOR.join(vals) for k, vals in params.items()
                   if k in info.parameters and is_secret(k, info.parameters[k])}
        own = {k: [_check_value(k, v, info.parameters[k], muni) for v in vals]
               for k, vals in params.items() if k in info.parameters and k not in secrets}
        keys = sorted(own)
        for combo in product(*(own[k] for k in keys)) if keys else [()]:
            values = dict(zip(keys, combo))
            fanned = [k for k in keys if len(own[k]) > 1]
            suffix = "__".join(f"{k}-{_slug(values[k])}" for k in fanned)
            job_params = {"period": period, **values} if "period" in info.parameters else dict(values)
            jobs.append(Job(notebook=name, name=f"{name}__{suffix}" if suffix else name, parameters=job_params,
                            secrets=secrets))
    return jobs


def _slug(value: object) -> str:
    return re.sub(r"[^\w.-]+", "-", str(value)).strip("-").lower() or "leeg"


# --------------------------------------------------------------------------- execution


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "onbekend"
    except (OSError, subprocess.SubprocessError):
        return "onbekend"


def reproduce_command(job: Job, period: str, data_dir: Path | None, internal: bool = False) -> str:
    parts = ["analyse", "run", "--period", period, "--notebook", job.notebook]
    if internal:
        parts.append("--internal")
    for key, value in job.parameters.items():
        if key != "period":
            parts += ["--param", f"{key}={value}"]
    for key in job.secrets:
        parts += ["--param", f"{key}=<geheim>"]
    if data_dir is not None:
        parts += ["--data-dir", str(data_dir)]
    return " ".join(parts)


#: Kernel kept alive in a local worker process for its next job (see _worker_kernel).
_KERNEL: dict = {}

_RESET_CELL = ("%reset -f\n"
               "import matplotlib.pyplot\n"
               "matplotlib.pyplot.close('all')")


def _worker_kernel(kernel_name: str, cwd: str):
    """A kernel manager kept alive across the jobs of one local worker process, so each
    notebook after the first skips kernel start-up and re-importing the libraries (its
    namespace is cleared by a reset cell first). The kernel exits with the worker."""
    from jupyter_client.manager import AsyncKernelManager

    key = (kernel_name, cwd)
    if key not in _KERNEL:
        _KERNEL.clear()
        _KERNEL[key] = AsyncKernelManager(kernel_name=kernel_name)
    return _KERNEL[key]


def execute_job(job: Job, settings: dict) -> JobResult:
    """Run one notebook job into ``settings['staging']`` and render its HTML.

    Runs in a worker process (local pool or Dask); never raises for a failing notebook."""
    import nbformat
    import papermill

    from analyse.publish.report import publication_problems, render_html

    os.environ.update(settings["env"])
    staging = Path(settings["staging"])
    info = settings["notebooks"][job.notebook]
    executed = staging / f"{job.name}.ipynb"
    started = time.perf_counter()
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    result = JobResult(notebook=job.notebook, name=job.name, title=info["title"], parameters=job.parameters,
                       status="ok", duration_s=0.0, started=stamp, notebook_file=executed.name,
                       inputs=settings["inputs"])
    log = open(staging / f"{job.name}.log", "w", encoding="utf-8")  # noqa: SIM115 - closed below
    saved_stderr = os.dup(2)
    os.dup2(log.fileno(), 2)  # kernel chatter goes to the job's log, not the terminal
    try:
        source = nbformat.read(info["path"], as_version=4)
        cwd = str(Path(info["path"]).parent)
        extra = {}
        for key, value in job.secrets.items():  # to the kernel through its environment only
            os.environ[SECRET_ENV_PREFIX + key.upper()] = value
        if settings.get("reuse_kernel") and not job.secrets:
            km = _worker_kernel(settings["kernel"], cwd)
            if km.has_kernel:  # a kernel that ran an earlier notebook: clear its namespace first
                reset = nbformat.v4.new_code_cell(_RESET_CELL, metadata={"tags": ["remove"]})
                source.cells.insert(0, reset)
            extra["km"] = km
        papermill.execute_notebook(source, str(executed), parameters=job.parameters,
                                   kernel_name=settings["kernel"], progress_bar=False, log_output=False,
                                   cwd=cwd, request_save_on_cell_execute=False, **extra)
        nb = nbformat.read(executed, as_version=4)
        effective = {**info["defaults"], **{k: repr(v) for k, v in job.parameters.items()},
                     **{k: "<geheim>" for k in job.secrets}}
        provenance = {"parameters": effective, "inputs": settings["inputs"], "timestamp": stamp,
                      "package_version": __version__, "git_commit": settings["git_commit"],
                      "command": reproduce_command(job, settings["period"], settings["data_dir_arg"],
                                                   settings.get("internal", False))}
        label = info["title"] + (f" ({', '.join(f'{k} {v}' for k, v in job.parameters.items() if k != 'period')})"
                                 if len(job.parameters) > 1 else "")
        page = render_html(nb, title=label, municipality=settings["municipality"],
                           period_label=f"Periode {settings['period']}", banners=settings["banners"],
                           provenance=provenance)
        refused = publication_problems(page, check_counts=not settings.get("internal"))
        if refused:
            (staging / f"{job.name}.refused.html").write_text(page, encoding="utf-8")
            raise PublicationError("; ".join(refused[:5]) + (f" (en {len(refused) - 5} meer)" if len(refused) > 5 else ""))
        (staging / f"{job.name}.html").write_text(page, encoding="utf-8")
        result.html = f"{job.name}.html"
    except Exception as exc:  # a failing notebook is reported, not raised
        result.status = "failed"
        result.error = _describe_error(exc)
    finally:
        for key in job.secrets:
            os.environ.pop(SECRET_ENV_PREFIX + key.upper(), None)
        os.dup2(saved_stderr, 2)
        os.close(saved_stderr)
        log.close()
    result.duration_s = round(time.perf_counter() - started, 2)
    return result


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, PublicationError):
        return f"niet gepubliceerd, publicatiecontrole: {exc}"
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" (cel {cell})" if cell else ""
    return f"{ename}: {evalue}{where}".strip()


# --------------------------------------------------------------------------- publishing


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def publish(results: list[JobResult], staging: Path, out_period: Path, period: str, extra: dict) -> dict:
    """Move good HTML and all executed notebooks into place; update run.json."""
    (out_period / "notebooks").mkdir(parents=True, exist_ok=True)
    previous = {}
    if (out_period / RUN_FILE).exists():
        try:
            previous = json.loads((out_period / RUN_FILE).read_text(encoding="utf-8")).get("reports", {})
        except ValueError:
            previous = {}
    reports = dict(previous)
    for res in results:
        for suffix in (".ipynb", ".log", ".refused.html"):
            kept = staging / f"{res.name}{suffix}"
            if kept.exists():
                os.replace(kept, out_period / "notebooks" / kept.name)
        res.notebook_file = f"notebooks/{res.name}.ipynb"
        if res.status == "ok":
            os.replace(staging / res.html, out_period / res.html)
        else:
            # keep the last good HTML (if any) published, but record this failure
            res.html = previous.get(res.name, {}).get("html") if (out_period / f"{res.name}.html").exists() else None
        reports[res.name] = asdict(res)
    run = {"period": period, "package_version": __version__, **extra, "reports": reports}
    _atomic_write(out_period / RUN_FILE, json.dumps(run, indent=2, ensure_ascii=False, default=str) + "\n")
    return run


def write_index(output_dir: Path, notebooks: dict[str, NotebookInfo] | None = None) -> Path:
    """reports/index.html: every period and report with status and date."""
    import html as _html

    rows = []
    for run_file in sorted(output_dir.glob(f"*/{RUN_FILE}"), reverse=True):
        try:
            run = json.loads(run_file.read_text(encoding="utf-8"))
        except ValueError:
            continue
        period = run_file.parent.name
        for name, rep in run.get("reports", {}).items():  # in the order of the pack
            status = "gelukt" if rep["status"] == "ok" else "mislukt"
            link = (f'<a href="{_html.escape(period)}/{_html.escape(rep["html"])}">{_html.escape(rep["title"])}</a>'
                    if rep.get("html") else _html.escape(rep["title"]))
            note = ""
            if rep["status"] != "ok":
                note = (f'<div class="fout">{_html.escape(rep.get("error") or "")} · notebook met foutmelding: '
                        f'<a href="{_html.escape(period)}/{_html.escape(rep.get("notebook_file") or "")}">'
                        f'{_html.escape(rep.get("notebook_file") or "")}</a></div>')
            rows.append(f'<tr class="{rep["status"]}"><td>{_html.escape(period)}</td><td>{link}{note}</td>'
                        f'<td>{status}</td><td>{_html.escape(rep["started"][:16].replace("T", " "))}</td></tr>')
    page = f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Rapportages</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body {{ font-family: sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; }}
tr.failed td {{ background: #FDE8E8; }} .fout {{ font-size: .85rem; color: #9B1C1C; }}
</style></head><body>
<h1>Rapportages</h1>
<table><thead><tr><th>Periode</th><th>Rapport</th><th>Status</th><th>Gemaakt</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</body></html>
"""
    path = output_dir / INDEX_FILE
    _atomic_write(path, page)
    return path


# --------------------------------------------------------------------------- the command


@dataclass
class RunSummary:
    period: str
    results: list[JobResult]
    output_dir: Path

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.status != "ok"]


def banners_for(catalog: dict, internal: bool = False) -> list[dict[str, str]]:
    """Banner texts: illustrative datasets (by title) and internal-use stamp."""
    banners = []
    invented = [d.title for d in catalog.values() if d.illustrative]
    if invented:
        banners.append({"kind": "illustratief",
                        "text": "Illustratieve gegevens: dit rapport bevat verzonnen voorbeeldcijfers "
                                f"({', '.join(invented)}). Niet gebruiken als feiten over de gemeente."})
    if internal:
        banners.append({"kind": "intern", "text": "Intern, niet verspreiden"})
    return banners


def run(period: str | None = None, notebooks: list[str] | None = None, jobs: int | None = None,
        params: list[str] | None = None, data_dir: Path | None = None, output_dir: Path | None = None,
        executor: str = "local", scheduler: str | None = None, progress: bool = False,
        notebooks_dir: Path | None = None, internal: bool = False) -> RunSummary:
    """Run the report pack. Raises ParameterError / InputError / ConfigError before
    anything runs when arguments or data are bad."""
    from analyse.data.store import build, read_manifest
    from analyse.data.catalog import load_catalog

    data_dir_arg = Path(data_dir).resolve() if data_dir else None
    data_dir = Path(data_dir or RAW_DIR).resolve()
    output_dir = Path(output_dir or REPORTS_DIR).resolve()
    muni = load_municipality(data_dir)
    period = check_period(period, muni)
    available = discover_notebooks(Path(notebooks_dir or os.environ.get("ANALYSE_NOTEBOOKS_DIR") or NOTEBOOKS_DIR))
    job_list = plan_jobs(available, notebooks, parse_param_args(params or []), period, muni)
    if executor not in ("local", "dask"):
        raise ParameterError(f"--executor {executor}: expected local or dask")
    if executor == "dask" and not scheduler:
        raise ParameterError("--executor dask: expected --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")

    processed = Path(os.environ.get("ANALYSE_PROCESSED_DIR") or PROCESSED_DIR).resolve()
    build(data_dir, processed)
    manifest = read_manifest(processed) or {}
    catalog = load_catalog(data_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    staging = output_dir / f".staging-{period}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    settings = {
        "staging": str(staging), "kernel": KERNEL_NAME, "period": period, "municipality": muni.name,
        "notebooks": {n: {"path": str(i.path), "title": i.title,
                          "defaults": {k: v["default"] for k, v in i.parameters.items()}} for n, i in available.items()},
        "inputs": {k: v["sha256"] for k, v in manifest.get("inputs", {}).items()},
        "banners": banners_for(catalog, internal), "git_commit": _git_commit(), "data_dir_arg": data_dir_arg,
        "internal": internal,
        "env": {"ANALYSE_DATA_DIR": str(data_dir), "ANALYSE_PROCESSED_DIR": str(processed),
                "PYTHONWARNINGS": "ignore", "TQDM_DISABLE": "1", DISCLOSURE_ENV: "off" if internal else "on"},
    }
    try:
        settings["reuse_kernel"] = executor == "local"
        results = _execute(job_list, settings, jobs or os.cpu_count() or 1, executor, scheduler, progress)
        order = {j.name: i for i, j in enumerate(job_list)}
        results.sort(key=lambda r: order[r.name])
        publish(results, staging, output_dir / period, period,
                {"municipality": muni.name, "git_commit": settings["git_commit"], "internal": internal,
                 "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds")})
        write_index(output_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RunSummary(period=period, results=results, output_dir=output_dir)


def _execute(job_list: list[Job], settings: dict, workers: int, executor: str, scheduler: str | None,
             progress: bool) -> list[JobResult]:
    from tqdm import tqdm

    bar = tqdm(total=len(job_list), desc="rapporten", unit="rapport", disable=not progress)
    results: list[JobResult] = []
    try:
        if executor == "dask":
            from distributed import Client
            from distributed import as_completed as dask_completed

            with Client(scheduler) as client:
                futures = [client.submit(execute_job, job, settings, pure=False) for job in job_list]
                for fut in dask_completed(futures):
                    results.append(fut.result())
                    bar.update()
        else:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=max(1, min(workers, len(job_list))), mp_context=context) as pool:
                futures: list[Future] = [pool.submit(execute_job, job, settings) for job in job_list]
                for fut in as_completed(futures):
                    results.append(fut.result())
                    bar.update()
    finally:
        bar.close()
    return results
