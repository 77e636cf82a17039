"""Protection of tables: two-way tables with totals, and report tables row by row.

For a two-way table with totals (:func:`protect_table`) hidden cells must not be
recoverable from the totals. After OpenSAFELY, the totals are the **sums of the shown
(rounded) cells**, hidden cells counted as 0: a total then says nothing that the shown
cells do not already say, so no hidden cell can be worked out from it, not even by
someone who knows which hidden cells are small. The price: a total in a line with hidden
cells is lower than the true total; such totals are flagged (``partial``) and the report
says so. (:func:`secondary_suppression`, hiding extra cells against totals of the true
counts, stays available but is no longer needed for these tables: rounded true totals
let an attacker who knows that the hidden cells are small recover them.)

Which columns of a report table count people comes from the data contracts
(:func:`analyse.data.contracts.count_metadata`): whole columns (``clients``,
``respondents``), columns that count people in some rows only (the evaluations' ``value``
where ``is_count`` is "ja"), plus the counts the library derives from them
(``participants``).

Everything here is pure and returns numbers (NaN where hidden), a mask of the hidden
cells and flags; the Dutch text (marker, footnote) is made in :mod:`analyse.publish`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analyse.data.contracts import count_metadata
from analyse.disclosure.counts import check_counts, hidden_range, primary_suppressed, round_to_base, rounding_band
from analyse.disclosure.rules import DisclosureRules, load_rules, protection_enabled
from analyse.methods.population import RATE_COLUMN
from analyse.methods.welzijn import PARTICIPANTS_COLUMN, SMALL_COUNT_STATUS, WITHIN_ROUNDING_STATUS, meets_target

__all__ = ["REPORT_COUNT_COLUMNS", "ROW_COUNT_COLUMNS", "DERIVED_COLUMNS", "ProtectedTable", "secondary_suppression",
           "protect_table", "count_columns", "display_count_columns", "count_cells", "protect_for_display",
           "gap_within_rounding", "publishable_status"]

_CONTRACTS = count_metadata()

#: Columns in report tables that count people in every row: the data contracts' count
#: columns (``metadata["count"]``) plus the counts the library derives from them.
REPORT_COUNT_COLUMNS = tuple(dict.fromkeys(
    [c for columns in _CONTRACTS.values() for c, rule in columns.items() if rule is True] + [PARTICIPANTS_COLUMN]))

#: Columns that count people in some rows only, with the rule from the data contract
#: (``metadata["count_rows"]``): {column: {flag column: value}}.
ROW_COUNT_COLUMNS: dict[str, dict[str, str]] = {
    c: rule for columns in _CONTRACTS.values() for c, rule in columns.items() if isinstance(rule, dict)}

#: Column names of figures computed from the count in the same row (hidden with it):
#: the rate per 1,000 inhabitants (:data:`analyse.methods.population.RATE_COLUMN`), a
#: mean score and the gap to a target.
DERIVED_COLUMNS = (RATE_COLUMN, "mean_score", "gap")


@dataclass
class ProtectedTable:
    """A protected two-way table. ``values`` holds what may be shown (NaN where hidden,
    totals in the last row and column when asked for); ``primary`` and ``secondary``
    mark the hidden cells by reason (True = hidden; :func:`protect_table` hides no cell
    secondarily, since its totals add up shown cells only); ``partial`` marks the totals
    that leave hidden cells out."""

    values: pd.DataFrame
    primary: pd.DataFrame
    secondary: pd.DataFrame
    rules: DisclosureRules
    #: True for the totals whose line has hidden cells (they leave those out).
    partial: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def suppressed(self) -> pd.DataFrame:
        """Every hidden cell, whatever the reason."""
        return self.primary | self.secondary

    @property
    def any_secondary(self) -> bool:
        """Whether cells were hidden only to protect others (the footnote then says so)."""
        return bool(self.secondary.to_numpy().any())

    @property
    def any_partial(self) -> bool:
        """Whether a shown total leaves out hidden cells (the footnote then says so)."""
        return bool(self.partial.to_numpy().any())


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

    Primary suppression of small cells and rounding of the others; with ``totals`` a
    ``total_label`` row and column that are the **sums of the shown rounded cells** (hidden
    cells count as 0, after OpenSAFELY), so no total reveals anything about a hidden cell.
    A total is ``partial`` when its line has hidden cells; a total of 0 made of hidden cells
    only is hidden itself. Raises ValueError for missing, negative or fractional counts."""
    rules = rules or load_rules()
    if table.isna().to_numpy().any():
        raise ValueError("expected a count in every cell: fill cells without people with 0 first")
    cells = table.apply(check_counts)
    hidden = np.column_stack([primary_suppressed(cells[c], rules).to_numpy() for c in cells.columns]) \
        if cells.shape[1] else np.zeros(cells.shape, dtype=bool)
    shown = np.where(hidden, np.nan, cells.apply(round_to_base, base=rules.base).to_numpy(dtype="float64"))
    index, columns = cells.index, cells.columns
    if totals:
        filled = np.nan_to_num(shown)
        grand = filled.sum()
        shown = np.vstack([np.column_stack([shown, filled.sum(axis=1)]),
                           np.append(filled.sum(axis=0), grand)])
        part = np.zeros(shown.shape, dtype=bool)
        part[:-1, -1] = hidden.any(axis=1)
        part[-1, :-1] = hidden.any(axis=0)
        part[-1, -1] = bool(hidden.any())
        hidden = np.pad(hidden, ((0, 1), (0, 1)))
        empty = part & (shown == 0)  # every cell of the line hidden or shown as 0: nothing to add up
        hidden = hidden | empty
        shown = np.where(empty, np.nan, shown)
        part = part & ~empty
        index, columns = list(index) + [total_label], list(columns) + [total_label]
    else:
        part = np.zeros(shown.shape, dtype=bool)

    def frame(data: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(data, index=index, columns=columns)

    return ProtectedTable(values=frame(shown), primary=frame(hidden), secondary=frame(np.zeros(shown.shape, bool)),
                          rules=rules, partial=frame(part))


def count_columns(schema) -> list[str]:
    """Names of the columns that count people in every row (``metadata["count"]`` in the data contract)."""
    return [name for name, column in schema.columns.items() if (column.metadata or {}).get("count")]


def _row_rules(frame: pd.DataFrame, counts: Iterable[str] | None) -> dict[str, dict[str, str]]:
    """The columns of ``frame`` that count people in some rows only (default tables only)."""
    if counts is not None:
        return {}
    return {c: rule for c, rule in ROW_COUNT_COLUMNS.items() if c in frame.columns and set(rule) <= set(frame.columns)}


def display_count_columns(frame: pd.DataFrame, counts: Iterable[str] | None = None) -> list[str]:
    """The columns of a report table that count people (in every row or in some): ``counts``
    or, by default, :data:`REPORT_COUNT_COLUMNS` plus :data:`ROW_COUNT_COLUMNS` whose
    flag column is in the table (the evaluations' ``value`` with ``is_count``)."""
    names = [c for c in (counts if counts is not None else REPORT_COUNT_COLUMNS) if c in frame.columns]
    return names + [c for c in _row_rules(frame, counts) if c not in names]


def _count_rows(frame: pd.DataFrame, rule: dict[str, str]) -> pd.Series:
    """True for the rows in which a row-count column counts people (and has a value)."""
    hit = pd.Series(True, index=frame.index)
    for flag, wanted in rule.items():
        hit &= pd.Series(frame[flag].astype("string").eq(wanted).fillna(False).to_numpy(dtype=bool),
                         index=frame.index)
    return hit


def count_cells(frame: pd.DataFrame, counts: Iterable[str] | None = None) -> pd.DataFrame:
    """True for every cell of ``frame`` that holds a count of people (per the data contracts,
    see :func:`display_count_columns`): whole count columns, and a row-count column only in
    its count rows. What the publishing check verifies is exactly these cells."""
    mask = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    rules = _row_rules(frame, counts)
    for name in display_count_columns(frame, counts):
        mask[name] = _count_rows(frame, rules[name]).to_numpy() if name in rules else True
    return mask


def gap_within_rounding(hidden: pd.DataFrame) -> pd.Series:
    """Rows whose ``gap`` is withheld although the count is shown: the rounded count lies so
    close to the target that the gap could contradict the status or betray the exact count."""
    if not {"gap", "value"} <= set(hidden.columns):
        return pd.Series(False, index=hidden.index)
    return hidden["gap"] & ~hidden["value"]


def _protect_row_counts(frame: pd.DataFrame, name: str, rule: dict[str, str],
                        rules: DisclosureRules) -> tuple[pd.Series, pd.Series, pd.Series]:
    """A column that counts people only in its count rows: protected there, other rows
    unchanged. Returns (values, hidden, count rows)."""
    is_count = _count_rows(frame, rule) & frame[name].notna()
    values = pd.to_numeric(frame[name], errors="coerce")
    people = values.where(is_count, 0)
    hide = is_count & primary_suppressed(people, rules)
    return values.where(~is_count, round_to_base(people, rules.base)).mask(hide), hide, is_count


def _undecided(frame: pd.DataFrame, rules: DisclosureRules) -> tuple[pd.Series, pd.Series]:
    """Rows whose ``value`` counts people and whose shown form (the rounding band of the
    rounded count, or for a hidden count :func:`hidden_range`) holds values on target and
    values behind (``direction`` as in :func:`analyse.methods.welzijn.meets_target`, "hoger"
    without the column). Returns (undecided, hidden)."""
    values = pd.to_numeric(frame["value"], errors="coerce")
    target = pd.to_numeric(frame["target"], errors="coerce")
    counted = _count_rows(frame, ROW_COUNT_COLUMNS["value"]) & values.notna() & target.notna()
    hidden = counted & primary_suppressed(values.where(counted, 0), rules)
    band = rounding_band(round_to_base(values.where(counted), rules.base), rules)
    low, high = hidden_range(rules)
    band.loc[hidden, "low"], band.loc[hidden, "high"] = low, high
    direction = frame["direction"] if "direction" in frame.columns else pd.Series(None, index=frame.index)
    mixed = meets_target(band["low"], target, direction) != meets_target(band["high"], target, direction)
    return counted & mixed, hidden


def publishable_status(status: pd.DataFrame, rules: DisclosureRules | None = None) -> pd.DataFrame:
    """``status`` (:func:`analyse.methods.welzijn.indicator_status`) with a status that depends
    only on what a report shows: where a count of people is shown as a band (58 -> "58–62")
    or hidden (0..7) and that range holds values on target and values behind, the status
    becomes "binnen afronding van de streefwaarde" (shown) or "klein aantal, niet te
    beoordelen" (hidden) instead of the status of the true value, which would narrow the
    count down (hidden, target 5, "achter": 0..4). Other rows keep their status, which
    every value in the range shares. Unchanged with protection switched off."""
    out = status.copy()
    needed = {"value", "target", "status", *ROW_COUNT_COLUMNS["value"]}
    if not protection_enabled() or not needed <= set(status.columns):
        return out
    undecided, hidden = _undecided(status, rules or load_rules())
    out.loc[undecided & ~hidden, "status"] = WITHIN_ROUNDING_STATUS
    out.loc[undecided & hidden, "status"] = SMALL_COUNT_STATUS
    return out


def _protect_gap(frame: pd.DataFrame, out: pd.DataFrame, counted: pd.Series, rules: DisclosureRules) -> pd.Series:
    """The gap to the target where ``value`` counts people: rounded value - target, or NaN
    (withheld) where the band of the shown value holds values on target and values behind
    (:func:`publishable_status`), where any gap would either contradict the status (e.g.
    "60 vs 60, gap 0" for a true 58) or narrow the count down. Other rows keep their gap."""
    target = pd.to_numeric(frame["target"], errors="coerce")
    gap = pd.to_numeric(frame["gap"], errors="coerce").astype("float64")
    rounded_gap = (out["value"] - target).mask(_undecided(frame, rules)[0])
    return gap.where(~counted, rounded_gap)


def protect_for_display(frame: pd.DataFrame, counts: Iterable[str] | None = None,
                        rules: DisclosureRules | None = None) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """Protect a report table row by row: returns (frame with hidden cells as NaN,
    mask of hidden cells, whether any cell was hidden).

    Count columns are ``counts`` or, by default, those of :func:`display_count_columns`
    (from the data contracts; a row-count column such as the evaluations' ``value`` only
    in its count rows). Columns in :data:`DERIVED_COLUMNS` are hidden where a count of the
    same row is hidden; a ``gap`` to a target is also withheld where the target lies within
    the rounding band of the count (:func:`gap_within_rounding`). With protection switched
    off nothing changes."""
    hidden = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    if not protection_enabled():
        return frame, hidden, False
    rules = rules or load_rules()
    out = frame.copy()
    row_rules = _row_rules(frame, counts)
    whole = [n for n in display_count_columns(frame, counts) if n not in row_rules]
    row_hidden = pd.Series(False, index=frame.index)
    for name in whole:
        values = pd.to_numeric(frame[name], errors="coerce")
        shown = values.notna()
        hide = primary_suppressed(values.where(shown, 0), rules) & shown
        out[name] = round_to_base(values.where(shown, 0), rules.base).where(shown).mask(hide)
        hidden[name] = hide
        row_hidden |= hide
    counted = pd.Series(False, index=frame.index)
    for name, rule in row_rules.items():
        out[name], hidden[name], rows = _protect_row_counts(frame, name, rule, rules)
        row_hidden |= hidden[name]
        if name == "value":
            counted = rows
    # Derived figures: hidden with their count; rates follow the rounded count (a rate
    # with the exact numerator and a shown denominator would undo the rounding).
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
                values = _protect_gap(frame, out, counted & ~row_hidden, rules)
            out[name] = values.mask(row_hidden)
            hidden[name] = (row_hidden | values.isna()) & frame[name].notna()
    return out, hidden, bool(hidden.to_numpy().any())
