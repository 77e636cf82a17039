"""The report pack declared as data: ``notebooks/reports.yaml``, checked by one model.

The manifest lists every report: its id (the notebook's file stem), notebook file, Dutch
title, order in the pack, and its parameters, each with a type, a default (or where the
default comes from), the allowed values (or where they come from), a secret flag and a
Dutch description::

    reports:
      - id: zorggebruik
        notebook: zorggebruik.ipynb
        title: Zorggebruik
        order: 6
        datasets: [care_use, population]     # optional: the datasets it shows (for its banner)
        parameters:
          period: {type: period, description: Rapportageperiode (kwartaal)}
          kern: {type: kern, default: alle, description: '"alle" of één kern uit municipality.yaml'}
          provision: {type: choice, allowed: [wmo, jeugd], default: wmo, description: Voorziening}

The parameter types and fields are described in :mod:`analyse.publish.parameters`.
Where a default is taken from the configuration (``default_from``), the notebook's
parameters cell says ``None``. A ``secret`` parameter never reaches the notebook as a
value: ``analyse run`` hands it to the kernel in an environment variable.

Only declared reports are run and published. ``analyse run`` checks every value here
before anything runs; each notebook checks its own values in the cell after its
parameters cell (:func:`check_parameters`), so JupyterLab and papermill show the same
message as the command line.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from analyse.config import NOTEBOOKS_DIR, Municipality, load_municipality
from analyse.errors import ConfigError, ParameterError
from analyse.publish.parameters import ReportParameter, check_value

MANIFEST_FILE = "reports.yaml"
#: Folder with the notebooks and their manifest (``analyse run`` sets it for its kernels).
NOTEBOOKS_ENV = "ANALYSE_NOTEBOOKS_DIR"
#: Parameter names that must be declared secret (a safety net against a forgotten flag).
SECRET_NAMES = ("_password", "_wachtwoord", "_secret", "_token")

__all__ = ["MANIFEST_FILE", "NOTEBOOKS_ENV", "Pack", "Report", "check_parameters", "load_pack", "manifest_path"]


class Report(BaseModel):
    """One report of the pack: a notebook with its title, order and parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    notebook: str
    title: str = Field(min_length=2)  # Dutch
    order: int
    parameters: dict[str, ReportParameter] = Field(default_factory=dict)
    #: The catalog datasets the report shows (its banner names only the illustrative ones
    #: among them); None: every dataset of the catalog.
    datasets: tuple[str, ...] | None = None
    #: Seconds this report's notebook may run (None: the run's default). ``analyse run
    #: --timeout`` overrides it for every report.
    timeout: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)

    @model_validator(mode="after")
    def _consistent(self) -> Report:
        if self.notebook != f"{self.id}.ipynb":
            raise ValueError(f"notebook {self.notebook!r}: expected {self.id}.ipynb (the id is the file stem)")
        unflagged = [k for k, spec in self.parameters.items() if k.lower().endswith(SECRET_NAMES) and not spec.secret]
        if unflagged:
            raise ValueError(f"parameter {unflagged[0]!r}: its name says it is secret: expected 'secret: true'")
        named = [k for k, spec in self.parameters.items() if spec.item_type == "gemeente" and k != "gemeente"]
        if named:  # the index lists the reports made for other municipalities by this name
            raise ValueError(f"parameter {named[0]!r} of type gemeente: expected the name 'gemeente'")
        if "period" in self.parameters and self.parameters["period"].type != "period":
            raise ValueError("parameter 'period' (the report period, set by --period): expected type period")
        return self

    @property
    def secrets(self) -> set[str]:
        return {k for k, spec in self.parameters.items() if spec.secret}

    def defaults(self, muni: Municipality) -> dict[str, Any]:
        """Every parameter's default (secrets and the report period excluded)."""
        return {k: spec.resolved_default(muni) for k, spec in self.parameters.items()
                if not spec.secret and k != "period"}


class Pack(BaseModel):
    """The manifest: the reports in their order, and the folder they live in."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    reports: tuple[Report, ...] = Field(min_length=1)
    folder: Path

    @field_validator("reports")
    @classmethod
    def _unique_in_order(cls, reports: tuple[Report, ...]) -> tuple[Report, ...]:
        ids = [r.id for r in reports]
        if len(set(ids)) != len(ids):
            raise ValueError(f"report ids must be unique: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}")
        return tuple(sorted(reports, key=lambda r: (r.order, r.id)))

    @property
    def ids(self) -> list[str]:
        """The report ids in pack order."""
        return [r.id for r in self.reports]

    def report(self, report_id: str) -> Report:
        for rep in self.reports:
            if rep.id == report_id:
                return rep
        raise ParameterError(f"--notebook {report_id}: expected one of: {', '.join(self.ids)} "
                             f"(the reports declared in {self.folder / MANIFEST_FILE})")

    def path(self, report: Report) -> Path:
        return self.folder / report.notebook

    def undeclared(self) -> list[str]:
        """Notebooks in the folder that are not in the manifest (never run or published)."""
        declared = {r.notebook for r in self.reports}
        return sorted(p.name for p in self.folder.glob("*.ipynb") if p.name not in declared)


def manifest_path(folder: Path | str | None = None) -> Path:
    """Where the manifest is: ``folder``, else $ANALYSE_NOTEBOOKS_DIR, else the working
    directory when it holds one (a kernel runs in its notebook's folder), else notebooks/."""
    if folder is None:
        env = os.environ.get(NOTEBOOKS_ENV)
        here = Path.cwd()
        folder = Path(env) if env else here if (here / MANIFEST_FILE).exists() else NOTEBOOKS_DIR
    return Path(folder).resolve() / MANIFEST_FILE


def load_pack(folder: Path | str | None = None) -> Pack:
    """Read and check the manifest; every declared notebook must exist."""
    from analyse.safety import read_yaml

    path = manifest_path(folder)
    if not path.is_file():
        raise ConfigError(f"{path}: cannot read the report manifest: file not found")
    raw = read_yaml(path)  # size and alias-expansion limits; ConfigError naming the file
    if not isinstance(raw, dict) or not isinstance(raw.get("reports"), list):
        raise ConfigError(f"{path}: expected a mapping with 'reports': a list of reports")
    try:
        pack = Pack(reports=raw["reports"], folder=path.parent)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(part) for part in first["loc"]]
        prefix = ""
        if len(loc) > 1 and loc[0] == "reports" and isinstance(first["loc"][1], int):  # name the report by its id
            entry = raw["reports"][first["loc"][1]]
            prefix = f"report {entry.get('id', loc[1]) if isinstance(entry, dict) else loc[1]!r}: "
            loc = loc[2:]
        where = ".".join(loc) + ": " if loc else ""
        raise ConfigError(f"{path}: {prefix}{where}{first['msg'].removeprefix('Value error, ')}") from None
    missing = [r.notebook for r in pack.reports if not pack.path(r).exists()]
    if missing:
        raise ConfigError(f"{path}: declared notebook(s) not found: {', '.join(missing)}")
    return pack


# --------------------------------------------------------------------------- values


def check_parameters(report_id: str, namespace: MutableMapping[str, Any], *,
                     data_dir: Path | str | None = None) -> None:
    """Check a notebook's parameters where it runs (call it right after the parameters cell)::

        from analyse.publish.pack import check_parameters
        check_parameters("zorggebruik", globals())

    Every declared parameter in ``namespace`` is checked as ``analyse run`` checks it and
    replaced by its typed value; ``None`` becomes the default from the municipality's
    configuration or a parameter file. Secret parameters are skipped (they arrive in the
    environment). A bad value raises :class:`~analyse.errors.ParameterError`, shown in
    JupyterLab and papermill as its message only."""
    report = load_pack().report(report_id)
    muni = load_municipality(data_dir)
    for name, spec in report.parameters.items():
        if spec.secret:
            continue
        value = namespace.get(name)
        if value is None and name != "period":  # None period: the last completed quarter
            value = spec.resolved_default(muni)
        namespace[name] = check_value(name, value, spec, muni)
