"""Typing one column of untyped cells, fast: each distinct cell text is parsed once;
and the bounds on what a file's problems may cost (a cap per file, duplicate keys found
vectorised, bad cells kept as masks).

A column of text cells (every CSV column, and spreadsheet columns that hold text only) is
factorised; the cell parser of :mod:`analyse.data.cells` runs once per distinct value and
the typed values are spread back with the codes. The result (values and the problem
for each bad cell) is exactly what parsing every cell would give, in row order, at a
fraction of the time on large files (a quarter or a kern repeats thousands of times).
Columns of mixed spreadsheet values (numbers, dates, text) are parsed cell by cell, as
``1``, ``1.0`` and ``True`` must not be merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analyse.data.cells import is_empty
from analyse.data.problems import Problem, problem

__all__ = ["MAX_PROBLEMS_PER_FILE", "BadCells", "TypedColumn", "duplicate_problems", "more_problems", "to_series",
           "type_column", "without_unique"]

#: Problems listed per file at most; the rest is counted in one line (output and memory stay bounded).
MAX_PROBLEMS_PER_FILE = 1000


@dataclass
class TypedColumn:
    """A typed column; ``bad`` holds (row, cell, message) for at most ``limit`` bad cells
    in row order (message None: an empty required cell), ``n_bad`` counts them all and
    ``bad_mask`` marks every bad cell."""

    values: pd.Series
    bad: list[tuple[int, object, str | None]]
    n_bad: int
    bad_mask: np.ndarray


def to_series(values: list[object] | np.ndarray, dtype: object, index: pd.Index) -> pd.Series:
    """Typed values (None for missing) as a Series of ``dtype``."""
    if dtype == "datetime64[ns]":
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)).to_numpy(dtype="datetime64[ns]"), index=index)
    if dtype == "float64":
        return pd.Series([float("nan") if v is None else v for v in values], index=index, dtype="float64")
    return pd.Series(pd.array(values, dtype=dtype), index=index)


def _all_text(cells: pd.Series) -> bool:
    if isinstance(cells.dtype, pd.StringDtype):
        return True
    return pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty")


#: Whitespace that ``str.split`` splits on besides a single space, or that it trims.
_IRREGULAR_SPACE = (r"^\s|\s$|\s\s|[\t\n\r\x0b\x0c\x85\xa0\x{1680}\x{2000}-\x{200a}"
                    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]")


def _plain_text(cells: pd.Series) -> pd.Series | None:
    """An Arrow-backed text column whose every cell is non-empty and already written the way
    :func:`analyse.data.cells.parse_text` would return it, as typed text without touching
    each cell in Python; None otherwise."""
    if not (isinstance(cells.dtype, pd.StringDtype) and cells.dtype.storage == "pyarrow") or cells.isna().any():
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.chunked_array(pa.array(cells.array))
    if len(arr) == 0 or pc.any(pc.equal(pc.utf8_length(arr), 0)).as_py():
        return None
    if pc.any(pc.match_substring_regex(arr, _IRREGULAR_SPACE)).as_py():
        return None
    return cells.astype("str")


def type_column(cells: pd.Series, convert: Callable[[object], object], required: bool, dtype: object,
                limit: int, plain_text: bool = False) -> TypedColumn:
    """Type ``cells`` with ``convert`` (raises ValueError with the "expected ..." text).
    ``plain_text``: ``convert`` only normalises spaces, so clean text passes as it is."""
    if plain_text and dtype == "str":
        values = _plain_text(cells)
        if values is not None:
            return TypedColumn(values, [], 0, np.zeros(len(cells), bool))
    if not _all_text(cells):
        return _cell_by_cell(cells, convert, required, dtype, limit)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    typed: list[object] = []
    failures: dict[int, str | None] = {}
    for k, cell in enumerate(uniques):
        if is_empty(cell):
            typed.append(None)
            if required:
                failures[k] = None
            continue
        try:
            typed.append(convert(cell))
        except ValueError as exc:
            typed.append(None)
            failures[k] = str(exc)
    missing = len(typed)
    typed.append(None)  # the typed value of a missing cell (NA in a spreadsheet column)
    if required:
        failures[missing] = None
    codes = np.where(codes < 0, missing, codes)
    base = to_series(typed, dtype, pd.RangeIndex(len(typed)))
    values = pd.Series(base.array.take(codes), index=cells.index)
    mask = np.isin(codes, np.fromiter(failures, dtype=codes.dtype)) if failures else np.zeros(len(codes), bool)
    positions = np.flatnonzero(mask)
    bad = []
    for pos in positions[:limit]:
        code = int(codes[pos])
        cell = "" if code == missing or failures[code] is None else uniques[code]
        bad.append((int(cells.index[pos]), cell, failures[code]))
    return TypedColumn(values, bad, len(positions), mask)


def _cell_by_cell(cells: pd.Series, convert: Callable[[object], object], required: bool, dtype: object,
                  limit: int) -> TypedColumn:
    values: list[object] = []
    bad: list[tuple[int, object, str | None]] = []
    mask = np.zeros(len(cells), bool)
    for pos, (row, cell) in enumerate(cells.items()):
        value = None
        if is_empty(cell):
            if required:
                mask[pos] = True
                if len(bad) < limit:
                    bad.append((int(row), "", None))
        else:
            try:
                value = convert(cell)
            except ValueError as exc:
                mask[pos] = True
                if len(bad) < limit:
                    bad.append((int(row), cell, str(exc)))
        values.append(value)
    return TypedColumn(to_series(values, dtype, cells.index), bad, int(mask.sum()), mask)


class BadCells:
    """Which cells failed to parse: a mask per column (cheap on millions of rows)."""

    def __init__(self, index: pd.Index):
        self.index = index
        self.masks: dict[str, np.ndarray] = {}

    def add(self, column: str, mask: np.ndarray) -> None:
        if mask.any():
            self.masks[column] = mask

    def __contains__(self, item: tuple[object, str]) -> bool:
        row, column = item
        mask = self.masks.get(column)
        if mask is None or row not in self.index:
            return False
        return bool(mask[self.index.get_loc(row)])

    def rows(self) -> np.ndarray:
        """A mask of the rows with at least one bad cell."""
        any_bad = np.zeros(len(self.index), bool)
        for mask in self.masks.values():
            any_bad |= mask
        return any_bad


def more_problems(file: str, n: int) -> Problem:
    """The line that stands for ``n`` further problems of ``file`` (not listed, to bound output)."""
    return Problem(file=file, message=f"... and {n:,} more problem(s) in this file, not listed: fix the ones above "
                                      "first (often one cause: a column shifted, a wrong delimiter or a repeated "
                                      "block of rows)", count=n)


def without_unique(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    """The schema without its unique key (checked by :func:`duplicate_problems`, capped)."""
    import copy

    checks = copy.copy(schema)
    checks.unique = None
    return checks


def _shown_key(value: object) -> str:
    return "(leeg)" if is_empty(value) else str(value)


def duplicate_problems(frame: pd.DataFrame, key: list[str], file: str,
                       bad_cells: BadCells | None = None) -> list[Problem]:
    """One problem per repeated key (the first occurrence named), at most
    MAX_PROBLEMS_PER_FILE lines and a count of the rest. Rows whose key has a cell that
    failed to parse (``bad_cells``, reported already) take no part; an empty key cell
    shows as "(leeg)"."""
    if not all(k in frame for k in key):
        return []
    if bad_cells is not None:
        invalid = np.zeros(len(frame), bool)
        for k in key:
            mask = bad_cells.masks.get(k)
            if mask is not None and len(mask) == len(frame):
                invalid |= mask
        if invalid.any():
            frame = frame[~invalid]
    if frame.empty:
        return []
    groups = frame.groupby(key, sort=False, dropna=False, observed=True).ngroup().to_numpy()
    first_of_group = pd.Series(np.arange(len(frame))).groupby(groups).transform("min").to_numpy()
    positions = np.flatnonzero(first_of_group != np.arange(len(frame)))
    if not len(positions):
        return []
    listed = positions[:MAX_PROBLEMS_PER_FILE]
    wanted = frame[key].iloc[listed]
    first_rows = frame.index[first_of_group[listed]]
    out = []
    for row, first, values in zip(wanted.index, first_rows, wanted.itertuples(index=False, name=None)):
        out.append(problem(file, f"duplicate key: expected each combination of {', '.join(key)} once "
                                 f"(also on row {first})",
                           row=int(row), column=", ".join(key), value=", ".join(_shown_key(v) for v in values)))
    if len(positions) > MAX_PROBLEMS_PER_FILE:
        out.append(more_problems(file, len(positions) - MAX_PROBLEMS_PER_FILE))
    return out
