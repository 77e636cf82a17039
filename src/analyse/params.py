"""Method parameters as data, in one shape, read by one loader.

Every file in ``src/analyse/params/`` is a mapping of parameter name to an entry, the way
PolicyEngine keeps legislation parameters::

    metadata:                       # optional: what the file is for
      description: Disclosure control for small counts of people.
    threshold:
      label: Drempel kleine aantallen       # short Dutch label (shown in reports)
      description: Counts at or below the threshold are hidden.
      unit: persons                         # persons, share, share/year, eur, points, ...
      value: 7                              # one value ...
      reference:                            # ... and at least one source
        - title: OpenSAFELY output checking
          href: https://docs.opensafely.org/

An entry has either ``value`` (a number, text, or a small mapping) or ``values``: a mapping
of integer key (a year, or a first year of a schedule) to a number, e.g. CBS wage changes
per year or a declining discount-rate schedule. Nothing in the code repeats a parameter's
value: code asks :func:`value` (or :func:`entry` for its label and references).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analyse.config import PARAMS_DIR
from analyse.errors import ConfigError
from analyse.safety import load_yaml

METADATA_KEY = "metadata"


class Reference(BaseModel):
    """A source: a title and, where there is one, a web address."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=3)
    href: str | None = None


class Parameter(BaseModel):
    """One method parameter with its unit, label, description and sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    label: str = Field(min_length=2)
    description: str = Field(min_length=5)
    unit: str = Field(min_length=1)
    value: Any = None
    values: dict[int, float] | None = None
    reference: tuple[Reference, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_value(self) -> Parameter:
        if (self.value is None) == (self.values is None):
            raise ValueError("give exactly one of 'value' and 'values'")
        return self

    @property
    def sources(self) -> str:
        """The references as one line of text ("title (href); ...")."""
        return "; ".join(r.title + (f" ({r.href})" if r.href else "") for r in self.reference)


def _safe_load(text: str, path: Path) -> Any:
    """YAML without aliases (a parameter file never needs them; they allow alias bombs),
    size-limited (:func:`analyse.safety.load_yaml`)."""
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if any(isinstance(e, yaml.AliasEvent) for e in events):
        raise ConfigError(f"{path}: YAML aliases (*name) are not allowed in a parameter file")
    return load_yaml(text, path)


def read_file(path: Path | str) -> dict[str, Parameter]:
    """All parameters of one file, checked (no cache: for files outside the package)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read parameter file: {exc}") from None
    raw = _safe_load(text, path)
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of parameter name to entry")
    out: dict[str, Parameter] = {}
    for name, body in raw.items():
        if name == METADATA_KEY:
            continue
        if not isinstance(body, dict):
            raise ConfigError(f"{path}: '{name}': expected an entry with label, description, unit, value, reference")
        try:
            out[str(name)] = Parameter(name=str(name), **body)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            raise ConfigError(f"{path}: '{name}': {where}: {first['msg']}") from None
    return out


@cache
def load(name: str) -> dict[str, Parameter]:
    """The parameters of ``params/<name>.yaml`` (cached; treat as read-only)."""
    return read_file(PARAMS_DIR / f"{name}.yaml")


def entry(name: str, key: str) -> Parameter:
    """One parameter entry of file ``name``; a clear error if it does not exist."""
    params = load(name)
    if key not in params:
        raise ConfigError(f"{PARAMS_DIR / (name + '.yaml')}: no parameter '{key}' "
                          f"(there are: {', '.join(params)})")
    return params[key]


def value(name: str, key: str) -> Any:
    """The value of one parameter: ``value``, or the ``values`` mapping when it has those."""
    item = entry(name, key)
    return item.values if item.values is not None else item.value


def files() -> list[str]:
    """Names of every parameter file shipped with the package."""
    return sorted(p.stem for p in PARAMS_DIR.glob("*.yaml"))
