"""Discounting: discount factors and present values under an explicit convention.

Conventions
-----------
- ``rate`` is a REAL discount rate per year as a share (0.0225 = 2.25%), or the name of a
  preset kept as data with its source in ``analyse/params/discount_rates.yaml``; ``None``
  (the default everywhere) is the preset that file marks as ``default_preset``
  (Werkgroep discontovoet 2020).
- ``flows[0]`` is project year 1. Year 0 (up-front) is never discounted; callers add it
  undiscounted.
- ``timing`` says when in the year a flow happens: ``"end"`` discounts year i by i years,
  ``"mid"`` by i - 0.5, ``"start"`` by i - 1.
- A declining schedule (Green Book) compounds across its kinks: the factor for time t is
  the product of (1 + r_k) ** -(years of (0, t] spent in band k), so DF(31) = DF(30) / 1.03.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from analyse import params
from analyse.errors import ParameterError

__all__ = ["DiscountRate", "RateError", "Rate", "default_preset", "discount_factors", "discount_presets",
           "present_value", "resolve_rate"]

PRESETS_FILE = "discount_rates"  # analyse/params/discount_rates.yaml
DEFAULT_KEY = "default_preset"  # the entry naming the default preset
TIMINGS: dict[str, float] = {"end": 0.0, "mid": 0.5, "start": 1.0}  # timing -> years earlier than year end


class RateError(ParameterError):
    """An unknown preset, a rate that is not a number, or a timing that does not exist."""


@dataclass(frozen=True)
class DiscountRate:
    """A constant rate or a declining schedule: ``schedule`` holds (first_year, rate) pairs,
    the first starting at year 1; each rate applies from its first year on."""

    schedule: tuple[tuple[int, float], ...]
    name: str | None = None
    title: str = ""
    reference: str = ""
    link: str = ""

    @property
    def constant(self) -> float | None:
        """The rate when it does not change over time, else None."""
        return self.schedule[0][1] if len(self.schedule) == 1 else None

    @property
    def label(self) -> str:
        """Short description, e.g. "nl2020 (2.25%)" or "greenbook (3.5% declining)"."""
        first = f"{self.schedule[0][1] * 100:.4g}%"
        text = first if self.constant is not None else f"{first} declining"
        return f"{self.name} ({text})" if self.name else text

    def factors_at(self, times: np.ndarray) -> np.ndarray:
        """Discount factors at times ``times`` (years from now, >= 0; fractions allowed)."""
        t = np.asarray(times, dtype=float)
        log_df = np.zeros_like(t)
        starts = [first - 1 for first, _ in self.schedule]  # band k covers (starts[k], starts[k + 1]]
        ends = starts[1:] + [math.inf]
        for (_, rate), lo, hi in zip(self.schedule, starts, ends):
            log_df -= np.clip(t - lo, 0.0, hi - lo) * math.log1p(rate)
        return np.exp(log_df)


def _check_rate(value: float, what: str) -> float:
    if not math.isfinite(value) or value <= -1:
        raise RateError(f"{what}: {value!r}: expected a real rate per year above -1 (-100%), e.g. 0.0225 for 2.25%")
    return float(value)


@cache
def discount_presets() -> dict[str, DiscountRate]:
    """The presets of ``params/discount_rates.yaml``, by name (read through :mod:`analyse.params`)."""
    out = {}
    for name, entry in params.load(PRESETS_FILE).items():
        if name == DEFAULT_KEY:
            continue
        raw = entry.values if entry.values is not None else {1: entry.value}
        schedule = tuple((int(first), _check_rate(float(rate), name)) for first, rate in sorted(raw.items()))
        link = next((r.href for r in entry.reference if r.href), "")
        out[name] = DiscountRate(schedule=schedule, name=name, title=entry.label,
                                 reference=" ".join(entry.description.split()), link=link)
    return out


def default_preset() -> str:
    """Name of the default preset (``default_preset`` in ``params/discount_rates.yaml``)."""
    name = str(params.value(PRESETS_FILE, DEFAULT_KEY))
    if name not in discount_presets():
        raise RateError(f"default_preset {name!r}: expected one of {', '.join(discount_presets())}")
    return name


#: What a ``rate`` argument accepts: a real rate per year, a preset name, a DiscountRate,
#: or None for the default preset.
Rate = float | str | DiscountRate | None


def resolve_rate(rate: Rate = None) -> DiscountRate:
    """A :class:`DiscountRate` from a number (real rate per year), a preset name, itself, or
    None (the default preset)."""
    if rate is None:
        rate = default_preset()
    if isinstance(rate, DiscountRate):
        return rate
    if isinstance(rate, str):
        presets = discount_presets()
        if rate not in presets:
            raise RateError(f"unknown discount-rate preset {rate!r}: expected a number such as 0.0225 "
                            f"or one of {', '.join(presets)}")
        return presets[rate]
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.floating, np.integer)):
        raise RateError(f"discount rate {rate!r}: expected a number such as 0.0225 or a preset name")
    return DiscountRate(schedule=((1, _check_rate(float(rate), "discount rate")),))


def check_timing(timing: str) -> float:
    """Years by which ``timing`` moves a flow before the year end; raise RateError if unknown."""
    if timing not in TIMINGS:
        raise RateError(f"timing {timing!r}: expected one of {', '.join(TIMINGS)}")
    return TIMINGS[timing]


def discount_factors(n_years: int, rate: Rate = None, timing: str = "end") -> np.ndarray:
    """Discount factors of project years 1..n_years (element 0 is year 1).

    rate: real discount rate per year (0.0225 = 2.25%), a preset name or None (the default
    preset); timing: "end"
    (year i discounted by i years), "mid" (i - 0.5) or "start" (i - 1)."""
    if isinstance(n_years, bool) or int(n_years) != n_years or n_years < 0:
        raise ValueError(f"n_years {n_years!r}: expected a whole number of years >= 0")
    shift = check_timing(timing)
    return resolve_rate(rate).factors_at(np.arange(1, int(n_years) + 1) - shift)


def present_value(flows: Sequence[float] | np.ndarray, rate: Rate = None, timing: str = "end") -> float:
    """Present value of yearly flows, flows[0] in project year 1 (same conventions as
    :func:`discount_factors`); flows in euros of one price year give a PV in those euros."""
    values = np.asarray(flows, dtype=float)
    return float(values @ discount_factors(len(values), rate, timing))
