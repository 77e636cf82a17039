"""Dutch number and text conventions for everything a report shows.

- thousands separator ".", decimal separator ",";
- euros: "€ 1.200.000" (no cents unless ``decimals`` is given); negative "-€ 5.000";
- percentages from shares: 0.1 -> "10%", with ``decimals`` -> "10,0%";
- missing values (None, NaN) -> "–" (en dash).

No plotting here: this module is cheap to import.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

MISSING = "–"


def is_missing(value: object) -> bool:
    """None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """Dutch number: 1234567.891 -> "1.234.568"; with decimals=2 -> "1.234.567,89"."""
    if value is None or is_missing(value):
        return MISSING
    number = round(float(value), decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md(value: object) -> str:
    """Text from input files made safe to put in Markdown: HTML escaped (so a name such
    as ``<script>...`` shows as text) and Markdown syntax escaped (no links or emphasis
    injected through a partner's or intervention's name)."""
    if is_missing(value):
        return MISSING
    return html.escape(_MARKDOWN_SPECIALS.sub(r"\\\1", str(value)), quote=False)


def format_eur(value: float | int | None, decimals: int = 0) -> str:
    """Euros the Dutch way: 1200000 -> "€ 1.200.000"; -5000 -> "-€ 5.000"."""
    if value is None or is_missing(value):
        return MISSING
    sign = "-" if float(value) < 0 and round(abs(float(value)), decimals) != 0 else ""
    return f"{sign}€ {format_number(abs(float(value)), decimals)}"


def format_pct(share: float | None, decimals: int = 0) -> str:
    """A share as a Dutch percentage: 0.1 -> "10%", 0.0225 with decimals=2 -> "2,25%"."""
    if share is None or is_missing(share):
        return MISSING
    return f"{format_number(float(share) * 100, decimals)}%"


def dutch_list(items: Iterable[str]) -> str:
    """Dutch enumeration: "a", "a en b", "a, b en c" ("" for none)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def format_ratio(value: float | None, decimals: int = 2) -> str:
    """A ratio such as an SROI: 2.97 -> "2,97"."""
    return format_number(value, decimals)


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def format_date(value: object) -> str:
    """A date the Dutch way: 2026-11-25 (date, datetime, Timestamp or ISO text) -> "25 november 2026"."""
    import pandas as pd

    if value is None or is_missing(value):
        return MISSING
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {MONTHS[stamp.month - 1]} {stamp.year}"


def format_period(value: object) -> str:
    """A period the Dutch way: "2026Q3" -> "3e kwartaal 2026", "2024H1" -> "1e halfjaar 2024",
    2023 -> "2023". Text that is none of these is returned unchanged."""
    if value is None or is_missing(value):
        return MISSING
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})\s*-?\s*([QqKkHh])([1-4])", text)
    if not match:
        return text
    year, kind, number = match.groups()
    if kind in "Hh" and number not in "12":
        return text
    return f"{number}e {'halfjaar' if kind in 'Hh' else 'kwartaal'} {year}"
