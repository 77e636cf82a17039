"""Protected counts of people as Dutch text: in sentences, figure labels and tables.

The numbers come from :mod:`analyse.disclosure` (hidden, rounded); this module only
writes them down: a hidden count as the rules' marker ("*") in a table or "≤7" in a
sentence, a missing value as "–", others as Dutch numbers ("1.235").
"""

from __future__ import annotations

import pandas as pd

from analyse.disclosure.counts import primary_suppressed, protect_counts, round_to_base, rounding_band
from analyse.disclosure.rules import DisclosureRules, load_rules, protection_enabled
from analyse.disclosure.tables import ProtectedTable
from analyse.publish.text import MISSING, format_number, is_missing

__all__ = ["SECONDARY_NOTE", "PARTIAL_TOTAL_NOTE", "BAND_NOTE", "WITHIN_ROUNDING", "WITHIN_ROUNDING_NOTE",
           "BAND_DASH", "show_count", "show_band", "display_counts", "table_display", "table_footnote"]

#: Footnote sentence added under a table in which cells were hidden secondarily.
SECONDARY_NOTE = ("Enkele andere aantallen zijn ook niet getoond, zodat verborgen aantallen "
                  "niet uit de totalen zijn terug te rekenen.")

#: Footnote sentence under a table whose totals leave out hidden cells.
PARTIAL_TOTAL_NOTE = ("Totalen zijn de som van de getoonde (afgeronde) aantallen; niet-getoonde aantallen "
                      "tellen daarin niet mee, dus zo'n totaal is lager dan het werkelijke totaal.")

#: Dash between the two ends of a band of counts ("58–62").
BAND_DASH = "–"

#: Footnote sentence under a table that shows counts of people as a band.
BAND_NOTE = ("Aantallen personen staan er als bandbreedte (bijvoorbeeld 58–62): het afgeronde aantal "
             "kan voor elk aantal in die band staan. Een indicator heet alleen 'achter' of 'op koers' als "
             "dat geldt voor elk aantal in de band; het verschil met de streefwaarde is berekend op het "
             "afgeronde aantal.")

#: Shown instead of a gap to the target that lies within the rounding of the count.
WITHIN_ROUNDING = "binnen afronding"

#: Footnote sentence explaining :data:`WITHIN_ROUNDING`.
WITHIN_ROUNDING_NOTE = ("'Binnen afronding': in de bandbreedte liggen aantallen die de streefwaarde halen en "
                        "aantallen die haar niet halen; het verschil is dan niet te tonen zonder het precieze "
                        "aantal prijs te geven.")


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


def show_band(shown: float | None, rules: DisclosureRules | None = None) -> str:
    """A shown (rounded) count as the band of counts it stands for: 60 -> "58–62" with
    base 5; "–" when missing. Use it where the count is compared with a target, so a
    rounded 60 is never read as "exactly the target"."""
    if shown is None or is_missing(shown):
        return MISSING
    if not protection_enabled():
        return format_number(shown)
    band = rounding_band(pd.Series([shown], dtype="float64"), rules).iloc[0]
    return f"{format_number(band['low'])}{BAND_DASH}{format_number(band['high'])}"


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
    """The rules' footnote, plus :data:`SECONDARY_NOTE` when cells were hidden secondarily
    and :data:`PARTIAL_TOTAL_NOTE` when a total leaves out hidden cells."""
    return (table.rules.footnote + (" " + SECONDARY_NOTE if table.any_secondary else "")
            + (" " + PARTIAL_TOTAL_NOTE if table.any_partial else ""))
