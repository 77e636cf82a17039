"""Protection of one series of counts of people, and of figures derived from them.

Counts are numbers of persons (whole numbers of at least 0; NaN means missing, which is
not the same as hidden). Everything here returns numbers: NaN where a value may not be
shown. The Dutch text for counts is in :mod:`analyse.publish.counts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyse.disclosure.rules import DisclosureRules, load_rules, protection_enabled

__all__ = ["round_to_base", "check_counts", "primary_suppressed", "protect_counts", "protect_derived",
           "rounding_band", "rounded_counts", "hidden_range"]


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


def rounded_counts(values: pd.Series, rules: DisclosureRules | None = None) -> pd.Series:
    """Counts rounded to the base but not hidden (for a series that is fitted and then drawn
    with its small points left out); unchanged with protection switched off."""
    values = check_counts(values)
    if not protection_enabled():
        return values
    return round_to_base(values, (rules or load_rules()).base)


def rounding_band(shown: pd.Series, rules: DisclosureRules | None = None) -> pd.DataFrame:
    """The whole numbers of people a shown (rounded) count can stand for: columns ``low``
    and ``high`` (inclusive), NaN where ``shown`` is NaN.

    Halves round upwards, so a shown r stands for r - base/2 <= n < r + base/2: with base 5,
    60 -> 58..62 and 10 -> 8..12. Under the method "suppress" counts at or below the
    threshold are hidden, so the band starts above it (base 10, threshold 7: 10 -> 8..14)."""
    rules = rules or load_rules()
    shown = pd.Series(shown, dtype="float64")
    low = np.ceil(shown - rules.base / 2)
    high = np.ceil(shown + rules.base / 2) - 1
    if rules.method == "suppress":
        low = low.clip(lower=rules.threshold + 1)
    else:
        low = low.clip(lower=0)
    return pd.DataFrame({"low": low, "high": high}, index=shown.index)


def hidden_range(rules: DisclosureRules | None = None) -> tuple[int, int]:
    """The whole numbers of people a hidden count (the marker) can stand for, (low, high)
    inclusive: 0..7 under "suppress" with threshold 7; under "cbs" (base 5) 3..7, the
    counts that round to 5."""
    rules = rules or load_rules()
    candidates = pd.Series(range(rules.threshold + rules.base + 1), dtype="float64")
    hidden = candidates[primary_suppressed(candidates, rules).to_numpy()]
    if hidden.empty:  # rules under which no count is hidden: the range is never used
        return 0, rules.threshold
    return int(hidden.min()), int(hidden.max())


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
