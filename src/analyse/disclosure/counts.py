"""Protection of one series of counts of people, and of figures derived from them.

Counts are numbers of persons (whole numbers of at least 0; NaN means missing, which is
not the same as hidden). Everything here returns numbers: NaN where a value may not be
shown. The Dutch text for counts is in :mod:`analyse.publish.counts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyse.disclosure.rules import DisclosureRules, load_rules

__all__ = ["round_to_base", "check_counts", "primary_suppressed", "protect_counts", "protect_derived"]


def round_to_base(values: pd.Series, base: int) -> pd.Series:
    """Nearest multiple of ``base``, halves upwards (base 5: 12 -> 10, 13 -> 15); NaN stays NaN."""
    values = pd.Series(values, dtype="float64")
    return np.floor(values / base + 0.5) * base


def check_counts(values: pd.Series) -> pd.Series:
    """``values`` as float; ValueError unless they are counts of people (whole, at least 0, or NaN)."""
    values = pd.Series(values).astype("float64")
    bad = values[(values < 0) | (values.notna() & (values % 1 != 0))]
    if not bad.empty:
        raise ValueError(f"expected counts of people (whole numbers of at least 0), got {bad.iloc[0]:g} "
                         f"at {bad.index[0]!r}")
    return values


def primary_suppressed(values: pd.Series, rules: DisclosureRules) -> pd.Series:
    """True where a count itself must be hidden under ``rules`` (never for missing values)."""
    values = check_counts(values)
    if rules.method == "cbs":
        rounded = round_to_base(values, rules.base)
        return (rounded > 0) & (rounded <= rules.threshold)
    return values <= rules.threshold  # NaN compares False


def protect_counts(values: pd.Series, rules: DisclosureRules | None = None) -> pd.Series:
    """Counts as they may be shown: float, NaN where hidden, rounded to the base elsewhere.

    With the defaults: 0..7 -> NaN, 8 -> 10, 12 -> 10, 13 -> 15. Missing stays missing
    (tell it apart from hidden with :func:`primary_suppressed`)."""
    rules = rules or load_rules()
    values = check_counts(values)
    return round_to_base(values, rules.base).mask(primary_suppressed(values, rules))


def protect_derived(rates: pd.Series, counts: pd.Series, rules: DisclosureRules | None = None,
                    suppressed: pd.Series | None = None) -> pd.Series:
    """Hide rates, percentages and means derived from a hidden count.

    ``counts`` are the true counts behind each rate (same index), e.g. clients behind
    clients per 1,000 inhabitants or respondents behind a mean score. ``suppressed``
    optionally adds cells hidden for another reason (e.g. secondary suppression in a
    :class:`~analyse.disclosure.tables.ProtectedTable`, stacked to the same index)."""
    rules = rules or load_rules()
    counts = counts.reindex(rates.index)
    hide = primary_suppressed(counts, rules)
    if suppressed is not None:
        hide = hide | suppressed.reindex(rates.index).fillna(False).astype(bool)
    return rates.astype("float64").mask(hide)
