"""Protected counts of people as Dutch text: in sentences, figure labels and tables.

The numbers come from :mod:`analyse.disclosure` (hidden, rounded); this module only
writes them down: a hidden count as the rules' marker ("*") in a table or "≤7" in a
sentence, a missing value as "–", others as Dutch numbers ("1.235").
"""

from __future__ import annotations

import pandas as pd

from analyse.disclosure.counts import primary_suppressed, protect_counts, round_to_base
from analyse.disclosure.rules import DisclosureRules, load_rules, protection_enabled
from analyse.disclosure.tables import ProtectedTable
from analyse.publish.text import MISSING, format_number, is_missing

__all__ = ["SECONDARY_NOTE", "show_count", "display_counts", "table_display", "table_footnote"]

#: Footnote sentence added under a table in which cells were hidden secondarily.
SECONDARY_NOTE = ("Enkele andere aantallen zijn ook niet getoond, zodat verborgen aantallen "
                  "niet uit de totalen zijn terug te rekenen.")


def show_count(count: float | int | None, rules: DisclosureRules | None = None) -> str:
    """One count of people as it may appear in a sentence or a figure label: rounded to
    the base, "≤7" when at or below the threshold, as is with protection switched off."""
    if count is None or is_missing(count):
        return MISSING
    if not protection_enabled():
        return format_number(count)
    rules = rules or load_rules()
    value = pd.Series([count], dtype="float64")
    if bool(primary_suppressed(value, rules).iloc[0]):
        return f"≤{rules.threshold}"
    return format_number(round_to_base(value, rules.base).iloc[0])


def display_counts(values: pd.Series, rules: DisclosureRules | None = None) -> pd.Series:
    """Protected counts as Dutch text: hidden -> marker, missing -> "–", else "1.235"."""
    rules = rules or load_rules()
    hide = primary_suppressed(values, rules)
    shown = protect_counts(values, rules)
    return pd.Series([rules.marker if h else format_number(v) for h, v in zip(hide, shown, strict=True)],
                     index=values.index, dtype="object")


def table_display(table: ProtectedTable) -> pd.DataFrame:
    """A protected two-way table as text: the marker where hidden, else "1.235"."""
    marker = table.rules.marker
    return table.values.map(lambda v: marker if is_missing(v) else format_number(v))


def table_footnote(table: ProtectedTable) -> str:
    """The rules' footnote, plus :data:`SECONDARY_NOTE` when cells were hidden secondarily."""
    return table.rules.footnote + (" " + SECONDARY_NOTE if table.any_secondary else "")
