"""Jobs of ``analyse run``: which declared reports run with which parameter values.

``--param kern=Dalfsen,Hoonhorst`` fans out into one job (and one report) per value; a
list-typed parameter takes the comma-separated values as one list instead, and a secret
is never split. Every value is checked against the manifest (:mod:`analyse.publish.pack`)
before anything runs.

A ``gemeente`` parameter fans out the same way, and ``--param gemeente=alle`` gives one
job per municipality of the CBS classes (342) for a report whose parameter says
``all_municipalities: true``; a report that also shows the municipality's own data runs
once, for the configured municipality. Its values are matched forgivingly and
written as CBS writes them (:mod:`analyse.publish.municipalities`); a name with a comma
(``Nuenen, Gerwen en Nederwetten``) stays one value. Its job names carry the municipality
(``vergelijking__gemeente-bergen-nh``) unless it is the configured municipality alone, so
reports for other municipalities never replace the municipality's own report.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

from analyse.config import Municipality
from analyse.errors import ParameterError
from analyse.publish.municipalities import ALL_MUNICIPALITIES, match_municipality, municipality_names, slug
from analyse.publish.pack import Pack, Report
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
    """A safe ASCII file-name part for a value: "Hoonhorst" -> "hoonhorst", 0.5 -> "0.5"."""
    text = LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else str(value)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^\w.-]+", "-", folded).strip("-.").lower() or "leeg"


#: Most pieces one municipality name can be split into at its commas on the command line.
_MAX_NAME_PIECES = 4


def _municipality_values(values: list[str], names: tuple[str, ...], own: str, every: bool) -> list[str]:
    """Command-line values of a ``gemeente`` parameter: "alle" becomes every municipality
    (``every``; else the configured one, ``own``), and pieces split at a comma that belong
    to one name are joined again. Unchecked, deduplicated."""
    out: list[str] = []
    i = 0
    while i < len(values):
        if values[i] == ALL_MUNICIPALITIES:
            out.extend(names if every else [own])
            i += 1
            continue
        step = next((j for j in range(min(len(values), i + _MAX_NAME_PIECES), i + 1, -1)
                     if match_municipality(LIST_SEPARATOR.join(values[i:j]), names)), i + 1)
        out.append(LIST_SEPARATOR.join(values[i:step]))
        i = step
    return list(dict.fromkeys(out))


def _suffix(report: Report, chosen: dict[str, object], choices: dict[str, list[object]], own: str) -> str:
    """The job name's suffix: each fanned-out value, and a municipality other than the configured one."""
    parts = []
    for key in sorted(chosen):
        if report.parameters[key].type == "gemeente":
            if len(choices[key]) > 1 or chosen[key] != own:
                parts.append(f"{key}-{slug(str(chosen[key]))}")
        elif len(choices[key]) > 1:
            parts.append(f"{key}-{_slug(chosen[key])}")
    return "__".join(parts)


def _check_defaults(report: Report, given: dict[str, list[str]], muni: Municipality) -> None:
    """ParameterError before anything runs when a default a report would use is not valid
    (e.g. a ``gemeente`` default from municipality.yaml that is no CBS municipality)."""
    for key, spec in report.parameters.items():
        if key in given or key == "period" or key in report.secrets or spec.item_type != "gemeente":
            continue
        default = spec.resolved_default(muni)
        if default is None:
            continue
        try:
            check_value(key, default, spec, muni)
        except ParameterError as exc:
            source = (f"'{spec.default_from}' in municipality.yaml" if spec.default_from
                      and spec.default_from.startswith("municipality.") else
                      spec.default_from or f"reports.yaml (report {report.id})")
            raise ParameterError(f"report {report.id}: the default of parameter {key} (from {source}) is not "
                                 f"valid: {exc}; correct it or pass --param {key}=...") from None


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
    names: tuple[str, ...] = ()
    own = muni.name
    if any(spec.item_type == "gemeente" for r in reports for spec in r.parameters.values()):
        names = municipality_names(muni.source.parent if muni.source else None)
        own = match_municipality(muni.name, names) or muni.name  # as CBS writes it
    for key, values in params.items():
        if ALL_MUNICIPALITIES not in values:
            continue
        using = [r for r in reports if key in r.parameters and r.parameters[key].type == "gemeente"]
        refusing = [r.id for r in using if not r.parameters[key].all_municipalities]
        if refusing and (selected or len(refusing) == len(using)):
            raise ParameterError(f"--param {key}={ALL_MUNICIPALITIES}: report(s) {', '.join(refusing)} cannot be "
                                 "made for every municipality (they also show the municipality's own data): "
                                 f"expected one or more municipality names for {key}")
    jobs = []
    for report in reports:
        given = {k: v for k, v in params.items() if k in report.parameters}
        _check_defaults(report, given, muni)
        secrets = {k: LIST_SEPARATOR.join(v) for k, v in given.items() if k in report.secrets}
        choices: dict[str, list[object]] = {}
        for key, values in given.items():
            spec = report.parameters[key]
            if key in secrets:
                continue
            if spec.is_list:
                choices[key] = [check_value(key, values, spec, muni)]
            elif spec.type == "gemeente":
                checked = [check_value(key, v, spec, muni)
                           for v in _municipality_values(values, names, own, spec.all_municipalities)]
                choices[key] = list(dict.fromkeys(checked))
            else:
                choices[key] = [check_value(key, v, spec, muni) for v in values]
        keys = sorted(choices)
        for combo in product(*(choices[k] for k in keys)):
            chosen: dict[str, object] = dict(zip(keys, combo))
            suffix = _suffix(report, chosen, choices, own)
            job_params = {"period": period, **chosen} if "period" in report.parameters else chosen
            jobs.append(Job(notebook=report.id, name=f"{report.id}__{suffix}" if suffix else report.id,
                            parameters=job_params, secrets=secrets))
    return jobs


def _quote(word: str) -> str:
    """Shell quoting that stays readable: "gemeente='s-Hertogenbosch", "gemeente=Bergen (NH.)"."""
    if shlex.quote(word) == word:
        return word
    return f'"{word}"' if not set(word) & set('"$`\\!') else shlex.quote(word)


def reproduce_command(job: Job, period: str, data_dir: Path | None, internal: bool = False) -> str:
    """The ``analyse run`` command that makes this report again (secrets as <geheim>)."""
    parts = ["analyse", "run", "--period", period, "--notebook", job.notebook]
    if internal:
        parts.append("--internal")
    for key, value in job.parameters.items():
        if key != "period":
            shown = LIST_SEPARATOR.join(map(str, value)) if isinstance(value, list) else value
            parts += ["--param", _quote(f"{key}={shown}")]
    for key in job.secrets:
        parts += ["--param", f"{key}={SECRET_PLACEHOLDER}"]
    if data_dir is not None:
        parts += ["--data-dir", _quote(str(data_dir))]
    return " ".join(parts)
