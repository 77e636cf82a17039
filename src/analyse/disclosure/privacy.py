"""Small-count protection (statistical disclosure control) for tables of people.

Counts of people in a small kern can point to individual inhabitants, so every count
that reaches management goes through these functions first. The rules (read from
``params/disclosure.yaml``, see :func:`load_rules`) follow OpenSAFELY and CBS:

- method ``"suppress"`` (default, after OpenSAFELY): counts at or below the threshold
  (7) are hidden, **zero included** (a shown 0 next to a hidden cell narrows it down,
  and "nobody in this kern" is itself a statement about the few who live there); the
  other counts are rounded to the nearest multiple of the base (5), halves upwards;
- method ``"cbs"`` (after CBS StatLine): every count is rounded to the base first;
  rounded counts above 0 and at most the threshold are hidden (true 3-7 with the
  defaults), counts that round to 0 (true 0-2) are shown as 0.

For a two-way table with totals (:func:`protect_table`) hidden cells must not be
recoverable by subtraction: after the primary suppression every row and column
(including its total) that has exactly one hidden entry gets a second one
(secondary suppression, smallest remaining cell), until no line has exactly one.
Totals are computed from the true counts and then protected like any count (unlike
OpenSAFELY, which sums the rounded cells), so a total may differ from the sum of the
shown cells by a few. This is the usual minimal rule; it does not defend against
every linear-programming attack on large tables with many hidden cells.

Rates, percentages and means computed from a hidden count are hidden too
(:func:`protect_derived`). :func:`looks_person_level` tells whether an input frame
holds records of individual people (BSN, names, addresses, dates of birth), which
``analyse validate`` rejects: the toolkit only takes aggregated data.
"""

from __future__ import annotations

from analyse.config import PARAMS_DIR
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

PARAMS_FILE = PARAMS_DIR / "disclosure.yaml"

METHODS = ("suppress", "cbs")

#: Footnote sentence added under a table in which cells were hidden secondarily.
SECONDARY_NOTE = ("Enkele andere aantallen zijn ook niet getoond, zodat verborgen aantallen "
                  "niet uit de totalen zijn terug te rekenen.")

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


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class DisclosureRules:
    """How counts of people are protected; see the module docstring."""

    threshold: int = 7
    base: int = 5
    method: str = "suppress"
    marker: str = "*"
    footnote: str = "Aantallen van 7 of minder zijn niet getoond; overige aantallen afgerond op 5."

    def __post_init__(self) -> None:
        if not isinstance(self.threshold, int) or isinstance(self.threshold, bool) or self.threshold < 0:
            raise ValueError(f"threshold: value {self.threshold!r}: expected a whole number of at least 0, e.g. 7")
        if not isinstance(self.base, int) or isinstance(self.base, bool) or self.base < 1:
            raise ValueError(f"base: value {self.base!r}: expected a whole number of at least 1, e.g. 5")
        if self.method not in METHODS:
            raise ValueError(f"method: value {self.method!r}: expected one of {', '.join(METHODS)}")
        if not isinstance(self.marker, str) or not self.marker.strip():
            raise ValueError("marker: expected a short text such as '*'")


def load_rules(path: Path | str | None = None, **overrides: Any) -> DisclosureRules:
    """The rules from ``disclosure.yaml`` (or ``path``), with overrides.

    The footnote is the method's template filled with threshold and base, unless
    ``footnote=`` is given literally. Raises ValueError for an unknown name or an
    invalid value."""
    raw = yaml.safe_load(Path(path or PARAMS_FILE).read_text(encoding="utf-8"))
    params = {name: entry["value"] for name, entry in raw.items()}
    unknown = sorted(set(overrides) - set(params))
    if unknown:
        raise ValueError(f"unknown rule(s) {', '.join(unknown)}: expected one of {', '.join(params)}")
    templates = params.pop("footnote")
    params.update(overrides)
    if "footnote" not in overrides:
        method = params.get("method")
        if method not in templates:
            raise ValueError(f"method: value {method!r}: expected one of {', '.join(templates)}")
        params["footnote"] = templates[method].format(threshold=params["threshold"], base=params["base"])
    return DisclosureRules(**params)


# --------------------------------------------------------------------------- one series of counts


def round_to_base(values: pd.Series, base: int) -> pd.Series:
    """Nearest multiple of ``base``, halves upwards (base 5: 12 -> 10, 13 -> 15); NaN stays NaN."""
    values = pd.Series(values, dtype="float64")
    return np.floor(values / base + 0.5) * base


def _check_counts(values: pd.Series) -> pd.Series:
    values = pd.Series(values).astype("float64")
    bad = values[(values < 0) | (values.notna() & (values % 1 != 0))]
    if not bad.empty:
        raise ValueError(f"expected counts of people (whole numbers of at least 0), got {bad.iloc[0]:g} "
                         f"at {bad.index[0]!r}")
    return values


def primary_suppressed(values: pd.Series, rules: DisclosureRules) -> pd.Series:
    """True where a count itself must be hidden under ``rules`` (never for missing values)."""
    values = _check_counts(values)
    if rules.method == "cbs":
        rounded = round_to_base(values, rules.base)
        return (rounded > 0) & (rounded <= rules.threshold)
    return values <= rules.threshold  # NaN compares False


def protect_counts(values: pd.Series, rules: DisclosureRules | None = None) -> pd.Series:
    """Counts as they may be shown: float, NaN where hidden, rounded to the base elsewhere.

    With the defaults: 0..7 -> NaN, 8 -> 10, 12 -> 10, 13 -> 15. Missing stays missing
    (tell it apart from hidden with :func:`primary_suppressed`)."""
    rules = rules or load_rules()
    values = _check_counts(values)
    return round_to_base(values, rules.base).mask(primary_suppressed(values, rules))


def protect_derived(rates: pd.Series, counts: pd.Series, rules: DisclosureRules | None = None,
                    suppressed: pd.Series | None = None) -> pd.Series:
    """Hide rates, percentages and means derived from a hidden count.

    ``counts`` are the true counts behind each rate (same index), e.g. clients behind
    clients per 1,000 inhabitants or respondents behind a mean score. ``suppressed``
    optionally adds cells hidden for another reason (e.g. secondary suppression in a
    :class:`ProtectedTable`, stacked to the same index)."""
    rules = rules or load_rules()
    counts = counts.reindex(rates.index)
    hide = primary_suppressed(counts, rules)
    if suppressed is not None:
        hide = hide | suppressed.reindex(rates.index).fillna(False).astype(bool)
    return rates.astype("float64").mask(hide)


def count_columns(schema) -> list[str]:
    """Names of the columns that count people (``metadata["count"]`` in the data contract)."""
    return [name for name, column in schema.columns.items() if (column.metadata or {}).get("count")]


# --------------------------------------------------------------------------- two-way tables


@dataclass
class ProtectedTable:
    """A protected two-way table. ``values`` holds what may be shown (NaN where hidden,
    totals in the last row and column when asked for); ``primary`` and ``secondary``
    mark the hidden cells by reason; ``display`` is text with the marker."""

    values: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    display: pd.DataFrame
    rules: DisclosureRules

    @property
    def suppressed(self) -> pd.DataFrame:
        return self.primary | self.secondary

    @property
    def footnote(self) -> str:
        """The rules' footnote, plus a sentence when cells were hidden secondarily."""
        return self.rules.footnote + (" " + SECONDARY_NOTE if self.secondary.to_numpy().any() else "")


def _lines(n_rows: int, n_cols: int) -> list[list[tuple[int, int]]]:
    """Every row and column of an extended table; the total is the last entry of each."""
    rows = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    cols = [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return rows + cols


def secondary_suppression(true: np.ndarray, hidden: np.ndarray, totals: bool = True) -> np.ndarray:
    """Extra cells to hide so that no line of ``true`` has exactly one hidden entry.

    ``true`` and ``hidden`` are extended arrays: with ``totals`` their last row and column
    are the totals, and each line (row or column, total included) adds up. A line with
    exactly one hidden entry gives it away by subtraction, so its smallest shown cell is
    hidden too (a total only if no cell is left; ties: first in reading order); repeat
    until stable. Without totals nothing can be subtracted and nothing is added."""
    extra = np.zeros_like(hidden, dtype=bool)
    if not totals:
        return extra
    state = hidden.copy()
    changed = True
    while changed:
        changed = False
        for line in _lines(*true.shape):
            if sum(state[p] for p in line) != 1:
                continue
            total = line[-1]
            candidates = [p for p in line if not state[p]]
            pick = min(candidates, key=lambda p: (p == total, true[p], p))
            state[pick] = extra[pick] = True
            changed = True
    return extra


def protect_table(table: pd.DataFrame, rules: DisclosureRules | None = None, totals: bool = True,
                  total_label: str = "Totaal") -> ProtectedTable:
    """Protect a two-way table of counts (e.g. kernen x provision).

    Primary suppression of small cells, then (with ``totals``) secondary suppression so
    no hidden cell follows from a row or column total, then rounding of what is shown.
    Totals (a ``total_label`` row and column) are the sums of the true counts, protected
    like any count: rounded, and hidden at or below the threshold. Raises ValueError for
    missing, negative or fractional counts."""
    rules = rules or load_rules()
    if table.isna().to_numpy().any():
        raise ValueError("expected a count in every cell: fill cells without people with 0 first")
    cells = table.apply(_check_counts)
    if totals:
        cells = cells.copy()
        cells[total_label] = cells.sum(axis=1)
        cells.loc[total_label] = cells.sum(axis=0)
    true = cells.to_numpy(dtype="float64")
    primary = np.column_stack([primary_suppressed(cells[c], rules).to_numpy() for c in cells.columns]) \
        if cells.shape[1] else np.zeros(cells.shape, dtype=bool)
    secondary = secondary_suppression(true, primary, totals)
    hidden = primary | secondary
    shown = np.where(hidden, np.nan, np.floor(true / rules.base + 0.5) * rules.base)

    def frame(data) -> pd.DataFrame:
        return pd.DataFrame(data, index=cells.index, columns=cells.columns)

    from analyse.publish.style import format_number  # matplotlib: not needed by analyse validate

    values = frame(shown)
    display = values.map(lambda v: rules.marker if _is_nan(v) else format_number(v))
    return ProtectedTable(values=values, primary=frame(primary), secondary=frame(secondary),
                          display=display, rules=rules)


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def display_counts(values: pd.Series, rules: DisclosureRules | None = None) -> pd.Series:
    """Protected counts as Dutch text: hidden -> marker, missing -> "–", else "1.235"."""
    from analyse.publish.style import MISSING, format_number

    rules = rules or load_rules()
    hide = primary_suppressed(values, rules)
    shown = protect_counts(values, rules)
    return pd.Series([rules.marker if h else (MISSING if _is_nan(v) else format_number(v))
                      for h, v in zip(hide, shown)], index=values.index, dtype="object")


# --------------------------------------------------------------------------- person-level input


def elfproef(number: str) -> bool:
    """The Dutch eleven-test for a citizen service number (BSN) of 9 digits:
    9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is divisible by 11, and not all digits are 0."""
    if len(number) != 9 or not number.isdigit() or set(number) == {"0"}:
        return False
    digits = [int(d) for d in number]
    weighted = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8])) - digits[8]
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
    texts = [t for t in (_as_digits(v) for v in values) if t is not None]
    if not texts:
        return False
    return sum(elfproef(t) for t in texts) >= min_share * len(texts)


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


# --------------------------------------------------------------------------- display

#: Switch for internal exploration only: ``ANALYSE_DISCLOSURE=off`` (set by
#: ``analyse run --internal``) turns protection off; such reports are stamped
#: "Intern, niet verspreiden".
DISCLOSURE_ENV = "ANALYSE_DISCLOSURE"

#: Column names in report tables that count people: the data contracts' count columns
#: plus the counts the library derives from them.
REPORT_COUNT_COLUMNS = ("clients", "respondents", "participants")

#: Column names of figures computed from the count in the same row (hidden with it).
DERIVED_COLUMNS = ("rate_per_1000", "per_1000", "mean_score", "gap")


def protection_enabled() -> bool:
    """False only when switched off explicitly for internal use."""
    return os.environ.get(DISCLOSURE_ENV, "on").strip().lower() not in ("off", "0", "uit", "false")


def display_count_columns(frame: pd.DataFrame, counts: Iterable[str] | None = None) -> list[str]:
    """The columns of a report table that count people: ``counts`` or, by default, those
    named in :data:`REPORT_COUNT_COLUMNS`, plus ``value`` of welfare evaluations (rows
    with ``is_count`` "ja" only)."""
    names = [c for c in (counts if counts is not None else REPORT_COUNT_COLUMNS) if c in frame.columns]
    if counts is None and {"value", "is_count"} <= set(frame.columns):
        names.append("value")
    return names


def protect_for_display(frame: pd.DataFrame, counts: Iterable[str] | None = None,
                        rules: DisclosureRules | None = None) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """Protect a report table row by row: returns (frame with hidden cells as NaN,
    mask of hidden cells, whether any cell was hidden).

    Count columns are ``counts`` or, by default, the columns named in
    :data:`REPORT_COUNT_COLUMNS`, plus ``value`` in rows whose ``is_count`` is "ja"
    (welfare evaluations). Columns in :data:`DERIVED_COLUMNS` are hidden where a count
    of the same row is hidden. With protection switched off nothing changes."""
    hidden = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    if not protection_enabled():
        return frame, hidden, False
    rules = rules or load_rules()
    out = frame.copy()
    names = display_count_columns(frame, counts)
    evaluations = counts is None and "value" in names  # value counts people in some rows only
    whole = [n for n in names if not (evaluations and n == "value")]
    row_hidden = pd.Series(False, index=frame.index)
    for name in whole:
        values = pd.to_numeric(frame[name], errors="coerce")
        shown = values.notna()
        hide = primary_suppressed(values.where(shown, 0), rules) & shown
        out[name] = round_to_base(values.where(shown, 0), rules.base).where(shown).mask(hide)
        hidden[name] = hide
        row_hidden |= hide
    if evaluations:
        is_count = pd.Series(frame["is_count"].astype("string").eq("ja").fillna(False).to_numpy(dtype=bool),
                             index=frame.index) & frame["value"].notna()
        values = pd.to_numeric(frame["value"], errors="coerce")
        people = values.where(is_count, 0)
        hide = is_count & primary_suppressed(people, rules)
        out["value"] = values.where(~is_count, round_to_base(people, rules.base)).mask(hide)
        hidden["value"] = hide
        row_hidden |= hide
    # Derived figures: hidden with their count; rates follow the rounded count (a rate
    # with the exact numerator and a shown denominator would undo the rounding), and the
    # gap to a target is recomputed from the rounded value.
    if len(whole) == 1:
        true = pd.to_numeric(frame[whole[0]], errors="coerce")
        scale = (out[whole[0]] / true).where(true > 0, 1.0)
    else:
        scale = pd.Series(1.0, index=frame.index)
    for name in DERIVED_COLUMNS:
        if name in frame.columns and name not in whole:
            values = pd.to_numeric(frame[name], errors="coerce")
            if name in ("rate_per_1000", "per_1000"):
                values = values * scale.fillna(1.0)
            elif name == "gap" and {"value", "target"} <= set(frame.columns):
                values = out["value"] - pd.to_numeric(frame["target"], errors="coerce")
            out[name] = values.mask(row_hidden)
            hidden[name] = row_hidden & frame[name].notna()
    return out, hidden, bool(hidden.to_numpy().any())


def show_count(count: float | int | None, rules: DisclosureRules | None = None) -> str:
    """One count of people as it may appear in a sentence or a figure label: rounded to
    the base, "≤7" when at or below the threshold, as is with protection switched off."""
    from analyse.publish.style import MISSING, format_number

    if count is None or _is_nan(count):
        return MISSING
    if not protection_enabled():
        return format_number(count)
    rules = rules or load_rules()
    value = pd.Series([float(count)])
    if bool(primary_suppressed(value, rules).iloc[0]):
        return f"≤{rules.threshold}"
    return format_number(round_to_base(value, rules.base).iloc[0])
