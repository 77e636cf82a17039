"""Payback period in whole project years and the internal rate of return, with the reason
when either does not exist.

Payback follows the appraisal's timing convention. Project year 0 is up-front; the flows
of project year t (t >= 1) fall at the end of year t ("end", t years after the start),
halfway through it ("mid", t - 0.5 years) or at its start ("start", t - 1 years). The
payback year is the first project year t whose cumulative discounted net position (years
0..t) is >= 0, and never earlier than the first year in which a benefit arrives: nothing
is earned back before money comes in. It is a whole year: within a year the flows are
one lump at the moment of the convention, so interpolating between two of those moments
would claim a return before it arrives. ``after_years`` is the time from the start of the
project to that moment (t, t - 0.5 or t - 1 years).

The IRR is reported only where it is unique: net flows with exactly one sign change have
exactly one rate at which their present value is zero (Descartes' rule of signs, which
also holds for the fractional times of the mid-year convention). With no sign change
there is none; with several sign changes the present value is scanned across
IRR_BRACKET and every root found is returned, so several roots are reported as such,
never one of them silently. A unique IRR is still not meaningful when the up-front outlay
is earned back in the first project year (:func:`meaningful_rate`): the percentage then
mostly says how small that outlay is (it grows without bound as the outlay tends to zero),
not what the project yields, so it is withheld with reason ``paid_back_first_year``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from analyse.methods.cba.discounting import check_timing

__all__ = ["IRR_BRACKET", "InternalRate", "Payback", "internal_rate", "irr", "meaningful_rate", "payback",
           "payback_period"]

#: Bracket for the internal rate of return (real, per year): -99% to 1000%.
IRR_BRACKET = (-0.99, 10.0)

#: Reasons (codes; :mod:`analyse.publish.cba_text` words them in Dutch).
NOT_REACHED = "not_reached"  # the cumulative position stays below 0 up to the horizon
NO_BENEFITS = "no_benefits"  # no benefit arrives in any year: nothing can be earned back
NO_COSTS = "no_costs"  # nothing is paid: there is nothing to earn back
NO_SIGN_CHANGE = "no_sign_change"  # the net flows never change sign: no IRR
ABOVE_BRACKET = "above_bracket"  # one sign change, the root lies above IRR_BRACKET (over 1000%)
BELOW_BRACKET = "below_bracket"  # one sign change, the root lies below IRR_BRACKET (under -99%)
NO_ROOT = "no_root"  # several sign changes and no root in the bracket
MULTIPLE_ROOTS = "multiple_roots"  # several sign changes and several roots in the bracket
PAID_BACK_FIRST_YEAR = "paid_back_first_year"  # one root, but the outlay is earned back in year 1


@dataclass(frozen=True)
class Payback:
    """Payback on the timing convention: ``year`` the whole project year (None if not
    reached, with ``reason``), ``after_years`` the time from the start to the moment the
    flows of that year fall (year - 0, - 0.5 or - 1 by ``timing``)."""

    year: int | None
    after_years: float | None
    timing: str
    reason: str | None = None


@dataclass(frozen=True)
class InternalRate:
    """IRR (real, per year; None with ``reason`` when not unique or absent), every root
    found in IRR_BRACKET, and the number of sign changes of the net flows."""

    value: float | None
    roots: tuple[float, ...]
    sign_changes: int
    reason: str | None = None


def payback_period(cumulative_pv_net: np.ndarray | list[float], first_inflow_year: int = 1) -> int | None:
    """First project year t >= ``first_inflow_year`` (>= 1) whose cumulative discounted net
    position ``cumulative_pv_net[t]`` (years 0..t, t = 0 up-front) is >= 0; None when
    there is none up to the horizon."""
    cum = np.asarray(cumulative_pv_net, dtype=float)
    for t in range(max(1, int(first_inflow_year)), len(cum)):
        if cum[t] >= 0:
            return t
    return None


def payback(pv_benefits: np.ndarray | list[float], pv_costs: np.ndarray | list[float],
            timing: str = "end") -> Payback:
    """Payback of discounted benefits and costs per project year 0..horizon (EUR of the
    price year) on the timing convention ("end", "mid" or "start")."""
    shift = check_timing(timing)
    benefits, costs = np.asarray(pv_benefits, dtype=float), np.asarray(pv_costs, dtype=float)
    if not np.any(costs > 0):
        return Payback(None, None, timing, NO_COSTS)
    inflows = np.flatnonzero(benefits[1:] > 0)
    if not len(inflows):
        return Payback(None, None, timing, NO_BENEFITS)
    year = payback_period(np.cumsum(benefits - costs), int(inflows[0]) + 1)
    if year is None:
        return Payback(None, None, timing, NOT_REACHED)
    return Payback(year, float(year - shift), timing)


def _times(n: int, timing: str) -> np.ndarray:
    times = np.maximum(np.arange(n) - check_timing(timing), 0.0)
    times[0] = 0.0
    return times


def internal_rate(net_flows: np.ndarray | list[float], timing: str = "end") -> InternalRate:
    """The IRR of net flows of project years 0..n (see the module docstring): unique with
    one sign change; otherwise None with the reason and every root found in IRR_BRACKET."""
    flows = np.asarray(net_flows, dtype=float)
    times = _times(len(flows), timing)
    signs = np.sign(flows[flows != 0])
    changes = int(np.sum(signs[1:] != signs[:-1]))
    if changes == 0:
        return InternalRate(None, (), 0, NO_SIGN_CHANGE)

    def pv(r: float) -> float:
        return float(flows @ np.exp(-times * math.log1p(r)))

    grid = np.unique(np.concatenate([np.linspace(IRR_BRACKET[0], 1.0, 400), np.linspace(1.0, IRR_BRACKET[1], 181)]))
    values = np.array([pv(r) for r in grid])  # the same function brentq solves, so the signs agree
    roots = [float(r) for r, v in zip(grid, values) if v == 0]
    for i in np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0):
        roots.append(float(brentq(pv, grid[i], grid[i + 1], xtol=1e-12)))
    roots = sorted(roots)
    if changes == 1:
        if roots:
            return InternalRate(roots[0], tuple(roots), 1)
        # PV tends to the flows at time 0 as the rate grows: the root lies above the bracket
        # when PV at its top end still has the other sign.
        now = float(flows[times == 0].sum())
        above = now != 0 and np.sign(values[-1]) != np.sign(now)
        return InternalRate(None, (), 1, ABOVE_BRACKET if above else BELOW_BRACKET)
    if len(roots) == 1:  # several sign changes, yet a single root across the whole bracket
        return InternalRate(roots[0], tuple(roots), changes)
    return InternalRate(None, tuple(roots), changes, MULTIPLE_ROOTS if roots else NO_ROOT)


def meaningful_rate(rate: InternalRate, back: Payback) -> InternalRate:
    """``rate`` without its value (reason ``paid_back_first_year``, roots kept) when the
    payback ``back`` of the same flows falls in project year 1: the up-front outlay is then
    earned back by the first year's flows and the rate mostly measures how small the outlay
    is; otherwise ``rate`` unchanged."""
    if rate.value is not None and back.year == 1:
        return InternalRate(None, rate.roots, rate.sign_changes, PAID_BACK_FIRST_YEAR)
    return rate


def irr(net_flows: np.ndarray | list[float], timing: str = "end") -> float | None:
    """Internal rate of return (real, per year) of net flows of project years 0..n, or None
    when it is absent or not unique (:func:`internal_rate` says why)."""
    return internal_rate(net_flows, timing).value
