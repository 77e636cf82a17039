"""Typing one cell as analysts write it: Dutch or plain numbers, euros, shares and
percentages, whole numbers, quarters, dates and years.

Each parser takes one non-empty cell (text, or the number/date Excel stored) and returns
a typed value, or raises ValueError whose message is the "expected ..." part of the
problem line (see :mod:`analyse.data.problems`). ``decimal`` is the file's decimal
separator ("," or "."; see :mod:`analyse.data.readers` for how it is decided).
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

_CURRENCY = re.compile(r"€|^euro?|euro?$", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})*([.,]\d+)?$")
_PLAIN = re.compile(r"^\d+([.,]\d+)?$|^[.,]\d+$")
#: Largest magnitude of a number in an input cell (a quadrillion: far above any municipal
#: amount or count); a longer digit string is a typing or export error, never ``inf``.
MAX_MAGNITUDE = 1e15


def is_empty(value: object) -> bool:
    """True for a missing cell: None, NaN or blank text."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def parse_number(value: object, decimal: str = ".", allow_percent: bool = False) -> tuple[float, bool]:
    """Parse Dutch or plain number text. Returns (number, had_percent_sign).

    "€ 1.200.000" -> 1200000.0; "1.200.000,50" -> 1200000.5; "2,97" -> 2.97;
    "10%" -> (10.0, True) when ``allow_percent``; numbers from Excel pass through.
    """
    expected = "expected a number such as 1200000 or 1.200.000,50"
    if isinstance(value, bool):
        raise ValueError(expected)
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int with hundreds of digits
            raise ValueError(_too_large(expected)) from None
        if not math.isfinite(number):
            raise ValueError(expected)
        if abs(number) > MAX_MAGNITUDE:
            raise ValueError(_too_large(expected))
        return number, False
    if not isinstance(value, str):
        raise ValueError(expected)
    text = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("'", "")
    text = _CURRENCY.sub("", text)
    percent = text.endswith("%")
    if percent:
        if not allow_percent:
            raise ValueError(expected + " (no % sign here)")
        text = text[:-1]
    sign = 1.0
    if text.startswith(("-", "\u2212")):
        sign, text = -1.0, text[1:]
    elif text.startswith("+"):
        text = text[1:]
    if not text or not (_GROUPED.match(text) or _PLAIN.match(text)):
        raise ValueError(expected)
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        dec = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if dec == "," else ","
        if text.count(dec) > 1:
            raise ValueError(expected)
        text = text.replace(thousands, "").replace(dec, ".")
    elif has_comma:
        if _THOUSANDS_COMMA.match(text) and (decimal == "." or text.count(",") > 1):
            text = text.replace(",", "")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        else:
            raise ValueError(expected)
    elif has_dot:
        if _THOUSANDS_DOT.match(text) and (decimal == "," or text.count(".") > 1):
            text = text.replace(".", "")
        elif text.count(".") > 1:
            raise ValueError(expected)
    number = float(text) if len(text) <= 40 else math.inf
    if abs(number) > MAX_MAGNITUDE:
        raise ValueError(_too_large(expected))
    return sign * number, percent


def _too_large(expected: str) -> str:
    limit = f"{MAX_MAGNITUDE:,.0f}".replace(",", ".")  # Dutch grouping in the number only, not the text
    return f"{expected}, at most {limit} in size"


def parse_float(value: object, decimal: str = ".") -> float:
    return parse_number(value, decimal)[0]


def parse_money(value: object, decimal: str = ".") -> float:
    """Euros as float: "€ 1.200.000" -> 1200000.0."""
    try:
        return parse_number(value, decimal)[0]
    except ValueError:
        raise ValueError("expected an amount in euros such as 1200000, 1.200.000,50 or € 1.200.000") from None


_WHOLE = re.compile(r"^-?\d{1,15}$")


def parse_thousand_euros(value: object, decimal: str = ".") -> float:
    """An amount in thousands of euros (the Iv3 convention) as euros: "2452" -> 2452000.0."""
    if isinstance(value, str) and _WHOLE.match(value):  # fast path: whole thousands, as CBS writes them
        return float(value) * 1000.0
    try:
        return parse_number(value, decimal)[0] * 1000.0
    except ValueError:
        raise ValueError("expected an amount in thousands of euros such as 2452 or -12,5") from None


def parse_fraction(value: object, decimal: str = ".") -> float:
    """A share between 0 and 1: "10%" -> 0.10, "0,1" -> 0.10, Excel 0.1 -> 0.10.

    A bare number above 1 is refused rather than guessed to be a percentage."""
    expected = "expected a share between 0 and 1 (0,1) or a percentage (10%)"
    try:
        number, percent = parse_number(value, decimal, allow_percent=True)
    except ValueError:
        raise ValueError(expected) from None
    if percent:
        return round(number / 100.0, 12)  # 33,3% -> 0.333 exactly, not 0.33299999999999996
    if number > 1 or number < 0:
        raise ValueError(expected)
    return number


def parse_percent(value: object, decimal: str = ".") -> float:
    """A percentage figure kept as percent points: "2,7%" -> 2.7, "2,7" -> 2.7."""
    try:
        return parse_number(value, decimal, allow_percent=True)[0]
    except ValueError:
        raise ValueError("expected a percentage such as 2,7 or 2,7%") from None


def parse_int(value: object, decimal: str = ".") -> int:
    expected = "expected a whole number"
    try:
        number = parse_number(value, decimal)[0]
    except ValueError:
        raise ValueError(expected) from None
    if number != int(number):
        raise ValueError(expected)
    return int(number)


_QUARTER_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*[QK](?P<q>\d)$", re.IGNORECASE),
    re.compile(r"^[QK](?P<q>\d)\s*[-/ ]?\s*(?P<year>\d{4})$", re.IGNORECASE),
)


def parse_quarter(value: object, decimal: str = ".") -> pd.Period:
    """"2015Q1", "2015-Q1", "2015 K1", "Q1 2015" -> Period('2015Q1', 'Q')."""
    expected = "expected a quarter such as 2015Q1 (quarters Q1 to Q4)"
    if isinstance(value, pd.Period):
        return value.asfreq("Q")
    text = str(value).strip()
    for pattern in _QUARTER_PATTERNS:
        match = pattern.match(text)
        if match:
            q = int(match["q"])
            if not 1 <= q <= 4:
                raise ValueError(expected)
            return pd.Period(year=int(match["year"]), quarter=q, freq="Q")
    raise ValueError(expected)


_HALFYEAR_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})\s*[-/ ]?\s*H(?P<h>\d)$", re.IGNORECASE),
    re.compile(r"^(?P<h>\d)e\s*half\s*jaar\s+(?P<year>\d{4})$", re.IGNORECASE),
)


def parse_halfyear(value: object, decimal: str = ".") -> str:
    """"2024H1", "2024-H1", "1e halfjaar 2024" (CBS) -> "2024H1". Kept as text: a
    half-year is its own period kind, never a quarter or a year."""
    expected = "expected a half-year such as 2024H1 (H1 or H2)"
    text = " ".join(str(value).split())
    for pattern in _HALFYEAR_PATTERNS:
        match = pattern.match(text)
        if match:
            if match["h"] not in ("1", "2") or not 1900 <= int(match["year"]) <= 2200:
                raise ValueError(expected)
            return f"{match['year']}H{match['h']}"
    raise ValueError(expected)


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_date(value: object, decimal: str = ".") -> pd.Timestamp:
    """ISO "2021-03-01" or Dutch day-first "1-3-2021"; Excel dates pass through."""
    if isinstance(value, (dt.datetime, dt.date)):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[ T]00:00(:00)?$", text):
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise ValueError("expected a date such as 2021-03-01 or 1-3-2021")


def parse_year(value: object, decimal: str = ".") -> int:
    try:
        year = parse_int(value, ",")  # "2.021" never means a year; treat dots as grouping
    except ValueError:
        raise ValueError("expected a year such as 2021") from None
    if not 1900 <= year <= 2200:
        raise ValueError("expected a year such as 2021")
    return year


def parse_text(value: object, decimal: str = ".") -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())
