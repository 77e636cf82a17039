"""Report parameters: one declared parameter of a report, and the check of its values.

A parameter has a ``type``: ``period`` (a quarter within the municipality's period; the
parameter named ``period`` is the report period, set by ``--period``), ``text``,
``number``, ``integer``, ``choice`` (``allowed`` values, or a ``source``: ``kernen`` or
``policy_fields`` of municipality.yaml), ``kern`` ("alle" or one of the kernen),
``gemeente`` (one of the 342 municipalities of the CBS classes, matched forgivingly and
returned as CBS writes it, see :mod:`analyse.publish.municipalities`; with
``all_municipalities: true`` ``analyse run`` also takes "alle": one report per
municipality), or ``list of <type>`` (a list; on the
command line a comma-separated value). A ``number`` with ``source: discount_presets``
also takes the name of a discount-rate preset; ``minimum`` and ``maximum`` bound
numbers. ``default_from`` takes the default from the municipality's configuration
(``municipality.name``, ``municipality.welfare_policy_field``,
``municipality.budget_first_year``) or a method parameter (``params.<file>.<key>``).

:func:`check_value` is the one check: the command line (text such as "0,03") and the
notebook (a value such as 0.03) both use it, so both say the same thing, worded as the
command line: ``--param kern=Ankum: value 'Ankum': expected 'alle' or one of the kernen ...``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from analyse import params
from analyse.config import ALL_KERNEN, Municipality
from analyse.errors import ParameterError

__all__ = ["LIST_SEPARATOR", "SCALAR_TYPES", "ReportParameter", "check_municipality", "check_period", "check_value",
           "plain"]

SCALAR_TYPES = ("period", "text", "number", "integer", "choice", "kern", "gemeente")
LIST_PREFIX = "list of "
LIST_SEPARATOR = ","
_SAFE_TEXT = re.compile(r"^[\w .,:+\-%€()'éëïöüáàèçÉËÏÖÜ]*$")
_MUNICIPALITY_DEFAULTS = ("name", "welfare_policy_field", "budget_first_year")


class ReportParameter(BaseModel):
    """One declared notebook parameter."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str
    description: str = Field(min_length=3)  # Dutch, shown to analysts
    default: Any = None
    default_from: str | None = None  # "municipality.<setting>" or "params.<file>.<key>"
    allowed: tuple[str, ...] | None = None
    source: Literal["kernen", "policy_fields", "discount_presets"] | None = None
    minimum: float | None = None
    maximum: float | None = None
    secret: bool = False
    #: Type gemeente: the report can be made for every municipality (``--param gemeente=alle``
    #: fans out). False for a report that also shows the municipality's own data: "alle"
    #: then runs it once, for the configured municipality.
    all_municipalities: bool = False

    @property
    def item_type(self) -> str:
        return self.type.removeprefix(LIST_PREFIX)

    @property
    def is_list(self) -> bool:
        return self.type.startswith(LIST_PREFIX)

    @model_validator(mode="after")
    def _consistent(self) -> ReportParameter:
        kind = self.item_type
        if kind not in SCALAR_TYPES or (self.is_list and kind == "period"):
            raise ValueError(f"type {self.type!r}: expected one of {', '.join(SCALAR_TYPES)} "
                             f"or '{LIST_PREFIX}<type>' (not a list of periods)")
        if kind == "choice" and (self.allowed is None) == (self.source not in ("kernen", "policy_fields")):
            raise ValueError("a choice needs either 'allowed' values or a source (kernen, policy_fields)")
        if self.allowed is not None and kind != "choice":
            raise ValueError("'allowed' is for type choice only")
        if self.source == "discount_presets" and kind != "number":
            raise ValueError("source discount_presets is for type number only")
        if self.source in ("kernen", "policy_fields") and kind != "choice":
            raise ValueError(f"source {self.source} is for type choice only")
        if self.all_municipalities and kind != "gemeente":
            raise ValueError("'all_municipalities' is for type gemeente only")
        if self.secret and kind != "text":
            raise ValueError("a secret parameter has type text")
        if self.default_from is not None and self.default is not None:
            raise ValueError("give 'default' or 'default_from', not both")
        if self.default_from is not None:
            parts = self.default_from.split(".")
            if not ((len(parts) == 2 and parts[0] == "municipality" and parts[1] in _MUNICIPALITY_DEFAULTS)
                    or (len(parts) == 3 and parts[0] == "params")):
                raise ValueError(f"default_from {self.default_from!r}: expected municipality.<one of "
                                 f"{', '.join(_MUNICIPALITY_DEFAULTS)}> or params.<file>.<key>")
        return self

    def resolved_default(self, muni: Municipality) -> Any:
        """The default, taken from the municipality or a parameter file where declared so."""
        if self.default_from is None:
            return self.default
        parts = self.default_from.split(".")
        if parts[0] == "municipality":
            return getattr(muni, parts[1])
        return params.value(parts[1], parts[2])



def _flag(name: str, raw: object) -> str:
    """How the value is written on the command line (the start of every message)."""
    shown = LIST_SEPARATOR.join(map(str, raw)) if isinstance(raw, (list, tuple)) else raw
    return f"--period {shown}" if name == "period" else f"--param {name}={shown}"


def check_period(value: object, muni: Municipality, name: str = "period") -> str:
    """A report period as text, e.g. "2026Q3": a quarter from the municipality's first
    quarter to the last completed one (None: the last completed quarter)."""
    from analyse.data.cells import parse_quarter

    if value is None:
        return str(muni.period_end)
    try:
        quarter = parse_quarter(value)
    except ValueError as exc:
        raise ParameterError(f"{_flag(name, value)}: {exc}") from None
    if not muni.period_start <= quarter <= muni.period_end:
        raise ParameterError(f"{_flag(name, value)}: expected a quarter from {muni.period_start} to "
                             f"{muni.period_end} (the last completed quarter)")
    return str(quarter)


def _number(text: str) -> float:
    return float(text.strip().replace(",", "."))


def _choices(spec: ReportParameter, muni: Municipality) -> tuple[list[str], str]:
    """Allowed values of a choice or kern, and how to say so."""
    if spec.item_type == "kern":
        return [ALL_KERNEN, *muni.kernen], (f"'{ALL_KERNEN}' or one of the kernen in municipality.yaml: "
                                            f"{', '.join(muni.kernen)}")
    if spec.source in ("kernen", "policy_fields"):
        values = list(getattr(muni, spec.source))
        return values, f"one of the {spec.source} in municipality.yaml: {', '.join(values)}"
    values = list(spec.allowed or ())
    return values, f"one of: {', '.join(values)}"


def check_municipality(name: str, value: object, muni: Municipality, every: bool = False) -> str:
    """The municipality ``value`` stands for, as CBS writes it (``sudwest-fryslan`` ->
    ``Súdwest-Fryslân``); ParameterError with the closest names when there is none."""
    from analyse.publish.municipalities import ALL_MUNICIPALITIES, closest, match_municipality, municipality_names

    names = municipality_names(muni.source.parent if muni.source else None)
    found = match_municipality(value, names) if isinstance(value, str) else None
    if found is not None:
        return found
    bad = f"{_flag(name, value)}: value '{value}'"
    if value == ALL_MUNICIPALITIES:
        raise ParameterError(f"{bad}: expected one municipality here; '{ALL_MUNICIPALITIES}' (one report per "
                             "municipality) is for 'analyse run --param'")
    near = closest(value, names) if isinstance(value, str) else []
    hint = f"; closest: {', '.join(near)}" if near else ""
    every_hint = f" (or '{ALL_MUNICIPALITIES}' on the command line: one report per municipality)" if every else ""
    raise ParameterError(f"{bad}: expected one of the {len(names)} municipalities as CBS writes them{hint}{every_hint}")


#: Typographic quotes and dashes a word processor puts in, and the plain character they stand for.
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                              "\u00b4": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u2010": "-",
                              "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00a0": " "})


def plain(text: str) -> str:
    """``text`` as typed on a plain keyboard: Unicode composed (NFC: a Mac's decomposed
    ``u`` + combining accent becomes ``ú``) and typographic quotes and dashes made plain
    (``‘s-Hertogenbosch`` -> ``'s-Hertogenbosch``)."""
    return unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC)


def _check_one(name: str, value: object, spec: ReportParameter, muni: Municipality) -> object:
    kind = spec.item_type
    if isinstance(value, str):
        value = plain(value)
    bad = f"{_flag(name, value)}: value '{value}'"
    if isinstance(value, str) and ("/" in value or "\\" in value or ".." in value or not _SAFE_TEXT.match(value)):
        raise ParameterError(f"{bad}: expected plain text without path separators")
    if kind == "period":
        return check_period(value, muni, name)
    if kind in ("choice", "kern"):
        values, expected = _choices(spec, muni)
        if value not in values:
            raise ParameterError(f"{bad}: expected {expected}")
        return value
    if kind == "gemeente":
        return check_municipality(name, value, muni, spec.all_municipalities)
    if kind == "text":
        if not isinstance(value, str):
            raise ParameterError(f"{bad}: expected text")
        return value
    number: float | int
    try:
        if isinstance(value, bool):
            raise ValueError
        if kind == "integer":
            number = int(value.strip()) if isinstance(value, str) else value  # type: ignore[assignment]
            if not isinstance(number, int):
                raise ValueError
        else:
            number = _number(value) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
            if not math.isfinite(number):  # "nan", "inf": never a usable setting
                raise ValueError
    except (ValueError, TypeError):
        if spec.source == "discount_presets":
            from analyse.methods.cba import discount_presets

            presets = list(discount_presets())
            if value in presets:
                return value
            raise ParameterError(f"{bad}: expected a number (a share, e.g. 0.03 = 3%) or a preset: "
                                 f"{', '.join(presets)}") from None
        what = "a whole number" if kind == "integer" else "a number"
        raise ParameterError(f"{bad}: expected {what} (default {spec.default})") from None
    low, high = spec.minimum, spec.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        # Thousands separated (100,000 draws), but never a year-like number (2023, not 2,023).
        shown = (lambda v: f"{int(v):,}" if abs(v) >= 10_000 else f"{int(v)}") if kind == "integer" \
            else (lambda v: f"{v:g}")
        expected = (f"from {shown(low)} to {shown(high)}" if low is not None and high is not None
                    else f"at least {shown(low)}" if low is not None else f"at most {shown(high)}")
        raise ParameterError(f"{bad}: expected a number {expected}")
    return number


def check_value(name: str, value: object, spec: ReportParameter, muni: Municipality) -> object:
    """One parameter value checked and typed: text from the command line ("0,03") or a
    value from a notebook (0.03). Raises ParameterError with the command line's wording."""
    if spec.is_list:
        items = value.split(LIST_SEPARATOR) if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)):
            raise ParameterError(f"{_flag(name, value)}: value '{value}': expected a list")
        return [_check_one(name, item.strip() if isinstance(item, str) else item, spec, muni) for item in items]
    return _check_one(name, value, spec, muni)


