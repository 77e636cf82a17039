"""Protection of tables: two-way tables with totals, and report tables row by row.

For a two-way table with totals (:func:`protect_table`) hidden cells must not be
recoverable by subtraction: after the primary suppression every row and column
(including its total) that has exactly one hidden entry gets a second one
(secondary suppression, smallest remaining cell), until no line has exactly one.
Totals are computed from the true counts and then protected like any count (unlike
OpenSAFELY, which sums the rounded cells), so a total may differ from the sum of the
shown cells by a few. This is the usual minimal rule; it does not defend against
every linear-programming attack on large tables with many hidden cells.

Everything here is pure and returns numbers (NaN where hidden), a mask of the hidden
cells and flags; the Dutch text (marker, footnote) is made in :mod:`analyse.publish`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyse.disclosure.counts import check_counts, primary_suppressed, round_to_base
from analyse.disclosure.rules import DisclosureRules, load_rules, protection_enabled
from analyse.methods.population import RATE_COLUMN

__all__ = ["REPORT_COUNT_COLUMNS", "DERIVED_COLUMNS", "ProtectedTable", "secondary_suppression", "protect_table",
           "count_columns", "display_count_columns", "protect_for_display"]

#: Column names in report tables that count people: the data contracts' count columns
#: plus the counts the library derives from them.
REPORT_COUNT_COLUMNS = ("clients", "respondents", "participants")

#: Column names of figures computed from the count in the same row (hidden with it):
#: the rate per 1,000 inhabitants (:data:`analyse.methods.population.RATE_COLUMN`), a
#: mean score and the gap to a target.
DERIVED_COLUMNS = (RATE_COLUMN, "mean_score", "gap")


@dataclass
class ProtectedTable:
    """A protected two-way table. ``values`` holds what may be shown (NaN where hidden,
    totals in the last row and column when asked for); ``primary`` and ``secondary``
    mark the hidden cells by reason (True = hidden)."""

    values: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    rules: DisclosureRules

    @property
    def suppressed(self) -> pd.DataFrame:
        """Every hidden cell, whatever the reason."""
        return self.primary | self.secondary

    @property
    def any_secondary(self) -> bool:
        """Whether cells were hidden only to protect others (the footnote then says so)."""
        return bool(self.secondary.to_numpy().any())


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
    """Protect a two-way table of counts of people (e.g. kernen x provision).

    Primary suppression of small cells, then (with ``totals``) secondary suppression so
    no hidden cell follows from a row or column total, then rounding of what is shown.
    Totals (a ``total_label`` row and column) are the sums of the true counts, protected
    like any count: rounded, and hidden at or below the threshold. Raises ValueError for
    missing, negative or fractional counts."""
    rules = rules or load_rules()
    if table.isna().to_numpy().any():
        raise ValueError("expected a count in every cell: fill cells without people with 0 first")
    cells = table.apply(check_counts)
    if totals:
        cells = cells.copy()
        cells[total_label] = cells.sum(axis=1)
        cells.loc[total_label] = cells.sum(axis=0)
    true = cells.to_numpy(dtype="float64")
    primary = np.column_stack([primary_suppressed(cells[c], rules).to_numpy() for c in cells.columns]) \
        if cells.shape[1] else np.zeros(cells.shape, dtype=bool)
    secondary = secondary_suppression(true, primary, totals)
    rounded = cells.apply(round_to_base, base=rules.base).to_numpy(dtype="float64")
    shown = np.where(primary | secondary, np.nan, rounded)

    def frame(data: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(data, index=cells.index, columns=cells.columns)

    return ProtectedTable(values=frame(shown), primary=frame(primary), secondary=frame(secondary), rules=rules)


def count_columns(schema) -> list[str]:
    """Names of the columns that count people (``metadata["count"]`` in the data contract)."""
    return [name for name, column in schema.columns.items() if (column.metadata or {}).get("count")]


def display_count_columns(frame: pd.DataFrame, counts: Iterable[str] | None = None) -> list[str]:
    """The columns of a report table that count people: ``counts`` or, by default, those
    named in :data:`REPORT_COUNT_COLUMNS`, plus ``value`` of welfare evaluations (rows
    with ``is_count`` "ja" only)."""
    names = [c for c in (counts if counts is not None else REPORT_COUNT_COLUMNS) if c in frame.columns]
    if counts is None and {"value", "is_count"} <= set(frame.columns):
        names.append("value")
    return names


def _protect_evaluation_values(frame: pd.DataFrame, rules: DisclosureRules) -> tuple[pd.Series, pd.Series]:
    """Column ``value`` of welfare evaluations: counts of people only in rows whose
    ``is_count`` is "ja" (protected there), other rows unchanged. Returns (values, hidden)."""
    is_count = pd.Series(frame["is_count"].astype("string").eq("ja").fillna(False).to_numpy(dtype=bool),
                         index=frame.index) & frame["value"].notna()
    values = pd.to_numeric(frame["value"], errors="coerce")
    people = values.where(is_count, 0)
    hide = is_count & primary_suppressed(people, rules)
    return values.where(~is_count, round_to_base(people, rules.base)).mask(hide), hide


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
        out["value"], hidden["value"] = _protect_evaluation_values(frame, rules)
        row_hidden |= hidden["value"]
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
            if name == RATE_COLUMN:
                values = values * scale.fillna(1.0)
            elif name == "gap" and {"value", "target"} <= set(frame.columns):
                values = out["value"] - pd.to_numeric(frame["target"], errors="coerce")
            out[name] = values.mask(row_hidden)
            hidden[name] = row_hidden & frame[name].notna()
    return out, hidden, bool(hidden.to_numpy().any())
