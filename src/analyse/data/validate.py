"""Validate input files against their data contracts, collecting every problem.

Three passes, each reporting ``file:row: column 'x': value 'y': expected ...`` lines:

1. reading (:mod:`analyse.io`): encoding, delimiter, quotes, field counts;
2. typing and checks (:mod:`analyse.schemas` via pandera): each cell parsed by its
   column's kind, then allowed values, ranges, low <= value <= high and unique keys;
3. cross-file checks: realisation lines exist in the budget, evaluated interventions
   in the register, SROI rows belong to a known project, every kern has a population.

Rows that fail pass 2 are left out of the typed frame used for the later checks so
one mistake gives one message.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analyse.config import LIST_SEPARATOR, RAW_DIR, Municipality, load_municipality
from analyse.data import readers as rio
from analyse.data.catalog import Dataset, load_catalog
from analyse.data.cells import parse_text
from analyse.data.contracts import PARSERS, build_schemas
from analyse.data.crosschecks import cross_checks
from analyse.data.parse import (
    MAX_PROBLEMS_PER_FILE,
    BadCells,
    duplicate_problems,
    more_problems,
    type_column,
    without_unique,
)
from analyse.data.person_level import person_level_columns
from analyse.data.problems import InputError, Problem, problem
from analyse.logs import get

#: Columns that open and close a period: the end may not lie before the start.
_PERIOD_COLUMNS = (("start_date", "end_date"),)


def display_path(path: Path) -> str:
    """Path as the user would type it: relative to the working directory when inside it."""
    path = Path(path).absolute()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _allowed_values(column: pa.Column) -> list[str] | None:
    for check in column.checks:
        stats = getattr(check, "statistics", None) or {}
        if "allowed_values" in stats:
            return list(stats["allowed_values"])
    return None


def _canonical(allowed: list[str] | tuple[str, ...]) -> dict[str, str]:
    return {a.casefold(): a for a in allowed}


def _parse_list(text: str, spec, canonical: dict[str, str]) -> str:
    items = [" ".join(part.split()) for part in text.split(LIST_SEPARATOR)]
    items = [i for i in items if i]
    if spec.all_word and len(items) == 1 and items[0].casefold() == spec.all_word.casefold():
        return spec.all_word
    out = []
    for item in items:
        if item.casefold() not in canonical:
            shown = ", ".join(spec.allowed)
            extra = f" or '{spec.all_word}'" if spec.all_word else ""
            raise ValueError(f"'{item}' is not allowed: "
                             f"expected items separated by '{LIST_SEPARATOR}' from: {shown}{extra}")
        out.append(canonical[item.casefold()])
    if not out:
        raise ValueError("expected at least one item")
    return LIST_SEPARATOR.join(dict.fromkeys(out))


def parse_frame(raw: rio.RawTable, schema: pa.DataFrameSchema, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Type every cell of ``raw`` by its column's kind; return the typed frame (index =
    source row numbers; cells that failed are empty and listed in ``attrs["bad_cells"]``)
    and the problems found."""
    problems: list[Problem] = []
    frame = raw.frame
    header_row = int(frame.index.min()) - 1 if len(frame) else 1
    expected = list(schema.columns)
    person = person_level_columns(frame, schema)
    for name, reason in person.items():
        problems.append(problem(file, f"expected aggregated data, not person-level records ({reason}): "
                                      f"aggregate per {_words(schema.metadata['key'])} first",
                                row=header_row, column=name))
    for name in frame.columns:
        if name not in schema.columns and name not in person:
            problems.append(problem(file, f"unknown column: expected only the columns {', '.join(expected)} "
                                          "(see the data dictionary)", row=header_row, column=name))
    for name, column in schema.columns.items():
        if column.required and name not in frame.columns:
            problems.append(problem(file, "missing column: expected it in the header (see the data dictionary)",
                                    row=header_row, column=name))
    if problems:
        return pd.DataFrame(), problems

    bad_cells = BadCells(frame.index)
    typed: dict[str, pd.Series] = {}
    budget = MAX_PROBLEMS_PER_FILE
    for name, column in schema.columns.items():
        kind = column.metadata["kind"]
        parser, dtype = PARSERS[kind]
        list_spec = column.metadata.get("list")
        allowed = _allowed_values(column)
        choices = list_spec.allowed if list_spec else allowed
        canonical = _canonical(choices) if choices else None
        cells = frame[name] if name in frame.columns else pd.Series([None] * len(frame), index=frame.index,
                                                                    dtype=object)

        def convert(cell: object, parser=parser, list_spec=list_spec, canonical=canonical, column=column) -> object:
            value = parser(cell, raw.decimal)
            if list_spec is not None and canonical is not None:
                value = _parse_list(value, list_spec, canonical)
            elif canonical is not None and isinstance(value, str):
                if value.casefold() not in canonical:
                    raise ValueError(_isin_error(column))
                value = canonical[value.casefold()]
            return value

        result = type_column(cells, convert, not column.nullable, dtype, max(budget, 0),
                             plain_text=parser is parse_text and canonical is None and list_spec is None)
        for row, cell, message in result.bad[:max(budget, 0)]:
            problems.append(problem(file, message or "empty: expected a value (required)", row=row, column=name,
                                    value=cell))
        budget -= result.n_bad
        bad_cells.add(name, result.bad_mask)
        typed[name] = result.values
    if budget < 0:
        problems.append(more_problems(file, -budget))
    out = pd.DataFrame(typed, index=frame.index)
    out.attrs["bad_cells"] = bad_cells
    return out, problems


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _isin_error(column: pa.Column) -> str:
    return next(c.error for c in column.checks if c.name == "isin")


def check_frame(frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str,
                raw: pd.DataFrame | None = None) -> list[Problem]:
    """Run the pandera contract (allowed values, ranges, unique key) and range brackets.

    ``raw`` (the untyped cells) lets messages quote the cell as the user wrote it."""

    def shown(row: int | None, column: str, typed: object) -> object:
        if raw is not None and row is not None and column in raw.columns and row in raw.index:
            cell = raw.at[row, column]
            if isinstance(cell, str):
                return cell.strip()
        return _show_value(typed)

    problems: list[Problem] = []
    if frame.empty:
        return problems
    key = schema.metadata["key"]
    parsed_bad = frame.attrs.get("bad_cells")
    problems.extend(duplicate_problems(frame, key, file, parsed_bad if isinstance(parsed_bad, BadCells) else None))
    checks = without_unique(schema)
    try:
        checks.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        bad_cells = frame.attrs.get("bad_cells", set())
        for case in cases[cases["check"] != "multiple_fields_uniqueness"].head(MAX_PROBLEMS_PER_FILE).itertuples():
            row = None if pd.isna(case.index) else int(case.index)
            if (row, case.column) in bad_cells:
                continue  # already reported when the cell was parsed
            problems.append(problem(file, str(case.check), row=row, column=case.column,
                                    value=shown(row, case.column, case.failure_case)))
    for value_col, (low_col, high_col) in schema.metadata.get("ranges", {}).items():
        if value_col not in frame:
            continue
        for bound, op, word in ((low_col, "gt", "at most"), (high_col, "lt", "at least")):
            if bound not in frame:
                continue
            bad = getattr(frame[bound], op)(frame[value_col]).fillna(False)
            for row in frame.index[bad.to_numpy(dtype=bool)][:MAX_PROBLEMS_PER_FILE]:
                expected = f"expected {word} {value_col} ({shown(row, value_col, frame.at[row, value_col])})"
                problems.append(problem(file, expected,
                                        row=int(row), column=bound, value=shown(row, bound, frame.at[row, bound])))
    for start, end in _PERIOD_COLUMNS:
        if start in frame and end in frame:
            before = (frame[end] < frame[start]).fillna(False).to_numpy(dtype=bool)
            for row in frame.index[before][:MAX_PROBLEMS_PER_FILE]:
                problems.append(problem(file, f"expected a date on or after {start} "
                                              f"({shown(row, start, frame.at[row, start])})",
                                        row=int(row), column=end, value=shown(row, end, frame.at[row, end])))
    return problems


def _show_value(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def finalize(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Validated frame as notebooks get it: 0..n index, categories in configuration order."""
    out = frame.reset_index(drop=True)
    for name, column in schema.columns.items():
        if column.metadata["kind"] == "category":
            allowed = _allowed_values(column) or sorted(out[name].dropna().unique())
            out[name] = pd.Categorical(out[name], categories=allowed)
    return out


# --------------------------------------------------------------------------- cross-file


@dataclass
class Validation:
    """Everything one validation run found."""

    data_dir: Path
    municipality: Municipality
    catalog: dict[str, Dataset]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)  # typed, index = source rows
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_dataset(path: Path, dataset: Dataset, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame | None,
                                                                                        list[Problem]]:
    """Read, type and check one file."""
    file = display_path(path)
    try:
        raw = rio.read_table(path, decimal=dataset.decimal, sheet=dataset.sheet)
    except InputError as exc:
        return None, [Problem(file=file, message=p.message, row=p.row, column=p.column, value=p.value,
                              has_value=p.has_value, count=p.count) for p in exc.problems]
    typed, problems = parse_frame(raw, schema, file)
    if typed.empty and problems:
        return None, problems
    problems += check_frame(typed, schema, file, raw.frame)
    bad = typed.attrs.pop("bad_cells", None)
    keep = ~bad.rows() if isinstance(bad, BadCells) else np.ones(len(typed), bool)
    problem_rows = {p.row for p in problems if p.row is not None}
    if problem_rows:
        keep &= ~typed.index.isin(list(problem_rows))
    return typed[keep], problems


def validate_dir(data_dir: Path | str | None = None, progress: bool = False) -> Validation:
    """Validate every dataset of the catalog in ``data_dir`` (default data/raw).

    Raises ConfigError for a missing or malformed municipality.yaml / catalog.yaml."""
    data_dir = Path(data_dir or RAW_DIR)
    muni = load_municipality(data_dir)
    schemas = build_schemas(muni)
    catalog = load_catalog(data_dir, set(schemas))
    result = Validation(data_dir=data_dir, municipality=muni, catalog=catalog)
    files: dict[str, str] = {}
    items = catalog.values()
    if progress:
        from tqdm import tqdm

        items = tqdm(list(items), desc="validate", unit="file", leave=False)
    log = get("analyse.validate")
    for number, dataset in enumerate(items, start=1):
        path = data_dir / dataset.file
        files[dataset.name] = display_path(path)
        started = time.perf_counter()
        frame, problems = validate_dataset(path, dataset, schemas[dataset.schema])
        log.info("%d/%d %s: %s rows, %d problem(s), %.1f s", number, len(catalog), files[dataset.name],
                 f"{len(frame):,}" if frame is not None else "no", sum(p.count for p in problems),
                 time.perf_counter() - started)
        result.problems += sorted(problems, key=lambda p: (p.count > 1, p.row or 0))  # "... and N more" last
        if frame is not None:
            result.frames[dataset.name] = frame
    # Cross checks refer to datasets by their schema name, and use clean datasets only.
    with_problems = {p.file for p in result.problems}
    by_schema = {catalog[n].schema: f for n, f in result.frames.items() if files[n] not in with_problems}
    files_by_schema = {catalog[n].schema: f for n, f in files.items()}
    result.problems += cross_checks(by_schema, files_by_schema, muni)
    return result
