"""The disclosure rules: threshold, rounding base, method, marker and footnote.

The values live in ``params/disclosure.yaml`` (one entry per rule, read through
:mod:`analyse.params`) and follow OpenSAFELY and CBS StatLine:

- method ``"suppress"`` (default, after OpenSAFELY): counts at or below the threshold
  (7) are hidden, **zero included** (a shown 0 next to a hidden cell narrows it down,
  and "nobody in this kern" is itself a statement about the few who live there); the
  other counts are rounded to the nearest multiple of the base (5), halves upwards;
- method ``"cbs"`` (after CBS StatLine): every count is rounded to the base first;
  rounded counts above 0 and at most the threshold are hidden (true 3-7 with the
  defaults), counts that round to 0 (true 0-2) are shown as 0.

Protection can be switched off for internal exploration only (:data:`DISCLOSURE_ENV`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analyse import params
from analyse.config import PARAMS_DIR
from analyse.errors import ParameterError

__all__ = ["PARAMS_FILE", "METHODS", "DISCLOSURE_ENV", "DisclosureRules", "load_rules", "protection_enabled"]

#: Name of the parameter file (in ``src/analyse/params/``) that holds the rules.
PARAMS_NAME = "disclosure"
PARAMS_FILE = PARAMS_DIR / f"{PARAMS_NAME}.yaml"

METHODS = ("suppress", "cbs")

#: Switch for internal exploration only: ``ANALYSE_DISCLOSURE=off`` (set by
#: ``analyse run --internal``) turns protection off; such reports are stamped
#: "Intern, niet verspreiden".
DISCLOSURE_ENV = "ANALYSE_DISCLOSURE"
_OFF = ("off", "0", "uit", "false")


def _whole(value: object, least: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


@dataclass(frozen=True)
class DisclosureRules:
    """How counts of people are protected (see the module docstring); build it with
    :func:`load_rules`. ``threshold`` and ``base`` are numbers of persons."""

    threshold: int
    base: int
    method: str
    marker: str
    footnote: str

    def __post_init__(self) -> None:
        if not _whole(self.threshold, 0):
            raise ParameterError(f"threshold: value {self.threshold!r}: expected a whole number of at least 0, e.g. 7")
        if not _whole(self.base, 1):
            raise ParameterError(f"base: value {self.base!r}: expected a whole number of at least 1, e.g. 5")
        if self.method not in METHODS:
            raise ParameterError(f"method: value {self.method!r}: expected one of {', '.join(METHODS)}")
        if not isinstance(self.marker, str) or not self.marker.strip():
            raise ParameterError("marker: expected a short text such as '*'")


def load_rules(path: Path | str | None = None, **overrides: Any) -> DisclosureRules:
    """The rules from ``disclosure.yaml`` (or the parameter file ``path``), with overrides.

    The footnote is the method's template filled with threshold and base, unless
    ``footnote=`` is given literally. Raises :class:`ParameterError` (a ValueError) for
    an unknown name or an invalid value."""
    entries = params.read_file(path) if path is not None else params.load(PARAMS_NAME)
    values = {name: item.value for name, item in entries.items()}
    unknown = sorted(set(overrides) - set(values))
    if unknown:
        raise ParameterError(f"unknown rule(s) {', '.join(unknown)}: expected one of {', '.join(values)}")
    templates = values.pop("footnote")
    values.update(overrides)
    if "footnote" not in overrides:
        method = values.get("method")
        if method not in templates:
            raise ParameterError(f"method: value {method!r}: expected one of {', '.join(templates)}")
        values["footnote"] = templates[method].format(threshold=values["threshold"], base=values["base"])
    return DisclosureRules(**values)


def protection_enabled() -> bool:
    """False only when switched off explicitly for internal use (:data:`DISCLOSURE_ENV`)."""
    return os.environ.get(DISCLOSURE_ENV, "on").strip().lower() not in _OFF
