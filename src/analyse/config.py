"""Paths and settings, defined once.

Every other module and every notebook asks this module where things are; nothing
re-derives a path. The project root is found from the package location (src layout)
and can be overridden with the environment variable ``ANALYSE_ROOT``.

The municipality itself (name, kernen, partners, policy fields, actors) is *data*:
it lives in ``municipality.yaml`` inside the data directory, so that another
municipality's data directory carries its own configuration.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyse.errors import ConfigError  # noqa: F401  (re-exported)

PACKAGE_DIR = Path(__file__).resolve().parent
#: Method parameters as data, each with its source (read with :mod:`analyse.params`).
PARAMS_DIR = PACKAGE_DIR / "params"


def _find_root() -> Path:
    env = os.environ.get("ANALYSE_ROOT")
    if env:
        return Path(env).resolve()
    # src/analyse/config.py -> project root is two levels above the package.
    candidate = PACKAGE_DIR.parent.parent
    if (candidate / "pyproject.toml").exists():
        return candidate
    return Path.cwd()


ROOT = _find_root()
DATA_DIR = ROOT / "data"
#: Raw inputs; ``ANALYSE_DATA_DIR`` points notebooks at another municipality's folder
#: (``analyse run --data-dir`` sets it for the kernels it starts).
RAW_DIR = Path(os.environ.get("ANALYSE_DATA_DIR") or DATA_DIR / "raw")
PROCESSED_DIR = Path(os.environ.get("ANALYSE_PROCESSED_DIR") or DATA_DIR / "processed")
REPORTS_DIR = ROOT / "reports"
NOTEBOOKS_DIR = ROOT / "notebooks"
DOCS_DIR = ROOT / "docs"

CATALOG_FILE = "catalog.yaml"
MUNICIPALITY_FILE = "municipality.yaml"
MANIFEST_FILE = "manifest.json"

NOTEBOOK_TIMEOUT_ENV = "ANALYSE_NOTEBOOK_TIMEOUT"
#: Default seconds one report notebook may run before ``analyse run`` kills its kernel and
#: marks it "timeout" (overridden by the environment variable, a report's ``timeout:`` and
#: ``analyse run --timeout SECONDS``; see :func:`notebook_timeout`).
NOTEBOOK_TIMEOUT_S = 15 * 60


def notebook_timeout() -> float:
    """Seconds per notebook from the environment (read now), else :data:`NOTEBOOK_TIMEOUT_S`'s
    default; ConfigError (exit 2) naming the variable when it is set to no usable number."""
    raw = os.environ.get(NOTEBOOK_TIMEOUT_ENV, "").strip()
    if not raw:
        return NOTEBOOK_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 7 * 24 * 3600:  # also nan, inf
        raise ConfigError(f"environment variable {NOTEBOOK_TIMEOUT_ENV}={raw!r}: expected seconds per notebook, "
                          f"more than 0 and at most {7 * 24 * 3600} (a week), e.g. 900; unset it for the "
                          "default of 900")
    return value

#: Name under which `make lab` registers the project's Jupyter kernel; notebooks use it.
KERNEL_NAME = "analyse"

#: Bumped whenever a data contract changes in a way that invalidates processed data.
SCHEMA_VERSION = "1"

#: The six dimensions of Positive Health (Huber), in the fixed order used everywhere.
POSITIVE_HEALTH_DIMENSIONS: tuple[str, ...] = (
    "Lichaamsfuncties",
    "Mentaal welbevinden",
    "Zingeving",
    "Kwaliteit van leven",
    "Meedoen",
    "Dagelijks functioneren",
)

#: Prevention pyramid (Dalfsen preventie 2021; Preventieniveaus, after Deklerck as used by RIVM): level -> Dutch label.
PREVENTION_LEVELS: dict[int, str] = {
    1: "Universele preventie",
    2: "Selectieve preventie",
    3: "Geïndiceerde preventie",
    4: "Zorggerelateerde preventie",
}

#: Separator for list-valued cells (e.g. the dimensions an intervention addresses).
LIST_SEPARATOR = "|"

#: Word in a kernen list meaning "every kern of the municipality".
ALL_KERNEN = "alle"

#: Policy field of the welfare reports when municipality.yaml has no ``welfare_policy_field``.
WELFARE_POLICY_FIELD = "Welzijn"


#: Environment variable that carries a secret notebook parameter (see :func:`secret`).
SECRET_ENV_PREFIX = "ANALYSE_SECRET_"


def secret(name: str) -> str:
    """The value of secret parameter ``name`` (e.g. a database password), read from the
    environment variable ``ANALYSE_SECRET_<NAME>``: ``analyse run --param name=...`` puts it
    there for the notebook's kernel instead of writing it into the notebook, run.json or
    the report. Empty when not given."""
    return os.environ.get(SECRET_ENV_PREFIX + name.upper(), "")


def last_completed_quarter(today: _dt.date | None = None) -> pd.Period:
    """The most recent calendar quarter that has fully ended on ``today``."""
    today = today or _dt.date.today()
    return pd.Period(today, freq="Q") - 1


@dataclass(frozen=True)
class Municipality:
    """The configuration of one municipality, read from ``municipality.yaml``."""

    name: str
    cbs_code: str
    kernen: tuple[str, ...]
    partners: tuple[str, ...]
    policy_fields: tuple[str, ...]
    actors: dict[str, str]  # id -> Dutch label
    own_actor: str  # the actor id that is the municipality itself (budget neutrality)
    period_start: pd.Period
    budget_first_year: int
    source: Path | None = None
    #: The policy field the welfare reports follow (budget, summary); one of ``policy_fields``.
    welfare_policy_field: str = WELFARE_POLICY_FIELD
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def period_end(self) -> pd.Period:
        """Last quarter data may describe: the last completed quarter today."""
        return last_completed_quarter()


def _require_list(raw: dict, key: str, path: Path) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{path}: '{key}': expected a non-empty list of names")
    if len(set(value)) != len(value):
        raise ConfigError(f"{path}: '{key}': names must be unique")
    return tuple(v.strip() for v in value)


def load_municipality(data_dir: Path | str | None = None) -> Municipality:
    """Read and check ``municipality.yaml`` from a data directory (default data/raw)."""
    path = Path(data_dir or RAW_DIR) / MUNICIPALITY_FILE
    if not path.exists():
        raise ConfigError(f"{path}: file not found: every data directory needs a {MUNICIPALITY_FILE}")
    from analyse.safety import read_yaml

    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping with keys municipality, kernen, partners, ...")
    muni = raw.get("municipality") or {}
    if not isinstance(muni, dict) or not muni.get("name"):
        raise ConfigError(f"{path}: 'municipality': expected a mapping with at least 'name'")
    actors_raw = raw.get("actors")
    if not isinstance(actors_raw, dict) or not actors_raw:
        raise ConfigError(f"{path}: 'actors': expected a mapping of actor id to label")
    own_actor = str(muni.get("actor", "gemeente"))
    if own_actor not in actors_raw:
        raise ConfigError(
            f"{path}: 'municipality.actor': value {own_actor!r}: expected one of the actors "
            f"({', '.join(map(str, actors_raw))})"
        )
    period = raw.get("period") or {}
    if not isinstance(period, dict):
        raise ConfigError(f"{path}: 'period': value {period!r}: expected a mapping such as "
                          "'period: {start: 2015Q1, budget_first_year: 2011}'")
    try:
        start = pd.Period(str(period.get("start", "2015Q1")), freq="Q")
        if not 1900 <= start.year <= 2200:
            raise ValueError(start)
    except (ValueError, TypeError, OverflowError):
        raise ConfigError(
            f"{path}: 'period.start': value {period.get('start')!r}: expected a quarter such as 2015Q1"
        ) from None
    policy_fields = _require_list(raw, "policy_fields", path)
    welfare = str(raw.get("welfare_policy_field", WELFARE_POLICY_FIELD))
    if welfare not in policy_fields:
        raise ConfigError(
            f"{path}: 'welfare_policy_field': value {welfare!r}: expected one of the policy_fields "
            f"({', '.join(policy_fields)})"
        )
    first_year = period.get("budget_first_year", start.year)
    if not isinstance(first_year, int) or isinstance(first_year, bool) or not 1900 <= first_year <= 2200:
        raise ConfigError(f"{path}: 'period.budget_first_year': expected a year such as 2011")
    return Municipality(
        name=str(muni["name"]),
        cbs_code=str(muni.get("cbs_code", "")),
        kernen=_require_list(raw, "kernen", path),
        partners=_require_list(raw, "partners", path),
        policy_fields=policy_fields,
        actors={str(k): str(v) for k, v in actors_raw.items()},
        own_actor=own_actor,
        period_start=start,
        budget_first_year=first_year,
        source=path,
        welfare_policy_field=welfare,
        extra={
            k: v
            for k, v in raw.items()
            if k
            not in {"municipality", "kernen", "partners", "policy_fields", "actors", "period", "welfare_policy_field"}
        },
    )
