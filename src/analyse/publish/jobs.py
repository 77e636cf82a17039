"""Jobs of ``analyse run``: which declared reports run with which parameter values.

``--param kern=Dalfsen,Hoonhorst`` fans out into one job (and one report) per value; a
list-typed parameter takes the comma-separated values as one list instead, and a secret
is never split. Every value is checked against the manifest (:mod:`analyse.publish.pack`)
before anything runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

from analyse.config import Municipality
from analyse.errors import ParameterError
from analyse.publish.pack import Pack
from analyse.publish.parameters import LIST_SEPARATOR, check_value

__all__ = ["Job", "JobResult", "SECRET_PLACEHOLDER", "parse_param_args", "plan_jobs", "reproduce_command"]

#: Shown instead of a secret value wherever parameters are written down.
SECRET_PLACEHOLDER = "<geheim>"


@dataclass
class Job:
    notebook: str  # report id (= notebook file stem)
    name: str  # output stem: the report id, or id__key-value for a fan-out
    parameters: dict[str, object]
    secrets: dict[str, str] = field(default_factory=dict, repr=False)  # never written anywhere


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
    #: quarterly datasets without rows for the period, published anyway (--allow-incomplete):
    #: {"dataset", "title", "last_quarter"} each
    incomplete: list[dict[str, str | None]] = field(default_factory=list)


def parse_param_args(items: list[str]) -> dict[str, list[str]]:
    """["kern=Dalfsen,Lemelerveld", "seed=1"] -> {"kern": ["Dalfsen", "Lemelerveld"], "seed": ["1"]}."""
    out: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(f"--param '{item}': expected KEY=VALUE, e.g. --param kern=Dalfsen")
        values = [v.strip() for v in value.split(LIST_SEPARATOR)] if value.strip() else [""]
        out.setdefault(key, []).extend(values)
    return out


def _slug(value: object) -> str:
    text = LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else str(value)
    return re.sub(r"[^\w.-]+", "-", text).strip("-").lower() or "leeg"


def plan_jobs(pack: Pack, selected: list[str] | None, params: dict[str, list[str]], period: str,
              muni: Municipality) -> list[Job]:
    """One job per selected report and per combination of fanned-out values, in pack order."""
    reports = [pack.report(name) for name in selected] if selected else list(pack.reports)
    declared = {k for r in reports for k in r.parameters}
    for key in params:
        if key == "period":
            raise ParameterError("--param period=...: use --period instead")
        if key not in declared:
            raise ParameterError(f"--param {key}: no selected notebook has this parameter; "
                                 f"known: {', '.join(sorted(declared - {'period'}))}")
    jobs = []
    for report in reports:
        given = {k: v for k, v in params.items() if k in report.parameters}
        secrets = {k: LIST_SEPARATOR.join(v) for k, v in given.items() if k in report.secrets}
        choices: dict[str, list[object]] = {}
        for key, values in given.items():
            spec = report.parameters[key]
            if key in secrets:
                continue
            if spec.is_list:
                choices[key] = [check_value(key, values, spec, muni)]
            else:
                choices[key] = [check_value(key, v, spec, muni) for v in values]
        keys = sorted(choices)
        for combo in product(*(choices[k] for k in keys)):
            chosen: dict[str, object] = dict(zip(keys, combo))
            suffix = "__".join(f"{k}-{_slug(chosen[k])}" for k in keys if len(choices[k]) > 1)
            job_params = {"period": period, **chosen} if "period" in report.parameters else chosen
            jobs.append(Job(notebook=report.id, name=f"{report.id}__{suffix}" if suffix else report.id,
                            parameters=job_params, secrets=secrets))
    return jobs


def reproduce_command(job: Job, period: str, data_dir: Path | None, internal: bool = False) -> str:
    """The ``analyse run`` command that makes this report again (secrets as <geheim>)."""
    parts = ["analyse", "run", "--period", period, "--notebook", job.notebook]
    if internal:
        parts.append("--internal")
    for key, value in job.parameters.items():
        if key != "period":
            shown = LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else value
            parts += ["--param", f"{key}={shown}"]
    for key in job.secrets:
        parts += ["--param", f"{key}={SECRET_PLACEHOLDER}"]
    if data_dir is not None:
        parts += ["--data-dir", str(data_dir)]
    return " ".join(parts)
