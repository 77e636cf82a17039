"""Input safety: does a frame hold records of individual people?

The toolkit only takes aggregated data. ``analyse validate`` rejects a column whose
values pass the Dutch eleven-test for citizen service numbers (BSN), columns named like
names, addresses or dates of birth, and a postcode together with a house number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import pandas as pd

__all__ = ["BSN_MIN_SHARE", "PERSON_COLUMNS", "POSTCODE_COLUMNS", "HOUSE_NUMBER_COLUMNS", "elfproef",
           "looks_like_bsn", "person_level_columns", "looks_person_level"]

#: Share of the non-empty values of a column that must pass the eleven-test before the
#: column is taken for citizen service numbers (a column of random 9-digit codes
#: passes for about 1 in 11 values).
BSN_MIN_SHARE = 0.8

#: Column names (after header normalisation to lower_snake_case) that identify people.
PERSON_COLUMNS: dict[str, str] = {
    **dict.fromkeys(("bsn", "burgerservicenummer", "citizen_service_number", "sofinummer"),
                    "its name says it holds citizen service numbers (BSN)"),
    **dict.fromkeys(("naam", "name", "voornaam", "achternaam", "voorletters", "first_name", "last_name",
                     "surname", "full_name", "volledige_naam"), "its name says it holds names of people"),
    **dict.fromkeys(("adres", "address", "straat", "straatnaam", "street", "woonadres"),
                    "its name says it holds addresses"),
    **dict.fromkeys(("geboortedatum", "date_of_birth", "birth_date", "birthdate", "dob"),
                    "its name says it holds dates of birth"),
}
POSTCODE_COLUMNS = ("postcode", "postal_code", "zip", "zipcode")
HOUSE_NUMBER_COLUMNS = ("huisnummer", "house_number", "huisnr")

#: Weights of the eleven-test for the first eight digits; the ninth counts -1.
_BSN_WEIGHTS = range(9, 1, -1)


def elfproef(number: str) -> bool:
    """The Dutch eleven-test for a citizen service number (BSN) of 9 digits:
    9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11, and not all digits are 0."""
    if len(number) != 9 or not number.isdigit() or set(number) == {"0"}:
        return False
    digits = [int(d) for d in number]
    weighted = sum(w * d for w, d in zip(_BSN_WEIGHTS, digits[:8], strict=True)) - digits[8]
    return weighted % 11 == 0


def _as_digits(cell: object) -> str | None:
    """A raw cell as a digit string ("1234.56.782" and 123456782.0 allowed), else None."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = re.sub(r"[\s.\-]", "", str(cell))
    return text or None


def looks_like_bsn(values: Iterable[object], min_share: float = BSN_MIN_SHARE) -> bool:
    """True when at least ``min_share`` of the non-empty values pass the eleven-test."""
    counts = pd.Series(list(values) if not isinstance(values, pd.Series) else values, dtype=object).value_counts()
    passed = total = 0
    for value, n in counts.items():  # each distinct value once (large files repeat them)
        text = _as_digits(value)
        if text is not None:
            total += n
            passed += n if elfproef(text) else 0
    return bool(total) and passed >= min_share * total


def person_level_columns(frame: pd.DataFrame, schema=None, min_share: float = BSN_MIN_SHARE) -> dict[str, str]:
    """Columns of ``frame`` that identify individual people -> the reason, in words.

    With ``schema`` (a data contract), its own columns are not judged by their name
    (``sroi_projects.name`` is a project name) and only its text columns are tested
    for BSN values (amounts are typed and checked by the contract)."""
    known = schema.columns if schema is not None else {}
    out: dict[str, str] = {}
    for name in frame.columns:
        column = known.get(name)
        if column is not None and column.metadata.get("kind") != "text":
            continue
        if looks_like_bsn(frame[name], min_share):
            out[name] = "this column looks like citizen service numbers (BSN)"
        elif column is None and name in PERSON_COLUMNS:
            out[name] = PERSON_COLUMNS[name]
    names = [n for n in frame.columns if n not in known]
    postcode = next((n for n in names if n in POSTCODE_COLUMNS), None)
    house = next((n for n in names if n in HOUSE_NUMBER_COLUMNS), None)
    if postcode and house and house not in out:
        out[house] = f"together with '{postcode}' it gives home addresses"
    return out


def looks_person_level(frame: pd.DataFrame, schema=None) -> list[str]:
    """Messages, one per column, when ``frame`` looks like records of individual people
    rather than aggregated counts; empty when it does not."""
    return [f"column '{name}': {reason}" for name, reason in person_level_columns(frame, schema).items()]
