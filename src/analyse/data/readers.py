"""Reading files as analysts have them.

CSV with comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252; .xlsx via
openpyxl. Cells are returned untyped (text, or the number/date Excel stored) together
with the line number each row came from; typing happens against the data contract in
:mod:`analyse.data.contracts`, with the cell parsers of :mod:`analyse.data.cells`.

Number convention: a file's decimal separator follows from its delimiter, as Excel
does in a Dutch locale: semicolon-separated files use a decimal comma ("1.200.000,50"),
comma- and tab-separated files a decimal point ("1200000.50"). Text cells in .xlsx
files are read the Dutch way. Unambiguous values parse either way ("2,97" in a comma
file is 2.97, "1.200.000" in either is 1,200,000); the one ambiguous form, a single
group of three digits after the separator ("1.200"), follows the file's convention.
The catalog can set ``decimal`` per dataset to override.
"""

from __future__ import annotations

import csv
import io as _io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analyse.data import csvfast as fast
from analyse.data.problems import InputError, Problem, problem

_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Rows with a wrong number of fields listed at most (the rest is counted).
MAX_ROW_PROBLEMS = 1000
#: Largest sheet size (rows x columns) read as declared: Excel's own limit is 1,048,576 x 16,384,
#: and a declared range that large (one stray cell far away) would be padded cell by cell.
MAX_SHEET_ROWS, MAX_SHEET_COLUMNS = 2_000_000, 200
#: Files above this size take the columnar fast path when they have one row per line (no blank lines).
FAST_PATH_MIN_BYTES = 1_000_000
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass
class RawTable:
    """Untyped cells of one file: ``frame`` has one column per header name (normalised
    to lower_snake_case) and an index holding the source line/row number."""

    path: Path
    frame: pd.DataFrame
    decimal: str  # "," or "."
    encoding: str | None = None
    delimiter: str | None = None


def normalise_header(name: object) -> str:
    """'Budget line ' -> 'budget_line'; 'Prevention-level' -> 'prevention_level'."""
    text = "" if name is None else str(name)
    text = text.strip().lstrip("\ufeff").lower()
    return re.sub(r"[\s\-]+", "_", text)


# --------------------------------------------------------------------------- reading


def read_table(path: Path | str, decimal: str | None = None, sheet: str | None = None) -> RawTable:
    """Read a CSV or XLSX file into a :class:`RawTable`; raise InputError on an unreadable file."""
    path = Path(path)
    if not path.exists():
        raise InputError([problem(path, "file not found")])
    if path.is_dir():
        raise InputError([problem(path, "is a folder: expected a CSV or .xlsx file (check 'file:' in catalog.yaml)")])
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        table = _read_xlsx(path, sheet)
    else:
        table = _read_csv(path)
    if decimal:
        table.decimal = decimal
    return table


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(
                [
                    problem(
                        path,
                        f"starts with a UTF-8 marker but byte {exc.start + 3} is not UTF-8: "
                        "expected one text encoding throughout",
                    )
                ]
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(
            [problem(path, f"byte {exc.start} cannot be read as UTF-8 or Windows-1252: expected a text (CSV) file")]
        ) from None


def _sniff_delimiter(header_line: str) -> str:
    counts = {d: 0 for d in (";", ",", "\t")}
    in_quote = False
    for ch in header_line:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> RawTable:
    try:
        data = fast.input_bytes(path)  # a compressed CSV (e.g. iv3.csv.gz) is decompressed
    except fast.TooLarge as exc:
        size, exact = exc.args
        what = f"{size:,} bytes" if exact else f"expands to more than {size:,} bytes when decompressed"
        raise InputError([problem(path, f"{what}: expected a CSV file of at most "
                                        f"{fast.MAX_INPUT_BYTES:,} bytes (split it, e.g. per year)")]) from None
    except fast.BadGzip as exc:
        message = f"cannot decompress ({exc}): expected a gzip-compressed CSV file"
        raise InputError([problem(path, message)]) from None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError([problem(path, "file is empty: expected a header row and data rows")])
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            [
                problem(
                    path, "this is a spreadsheet (zip) file with a text extension: save it as .xlsx or export it as CSV"
                )
            ]
        )
    if b"\x00" in data:
        raise InputError([problem(path, "file contains binary data (NUL bytes): expected a text (CSV) file")])
    # Control characters other than tab/newline betray a binary file (the same bytes in UTF-8 and cp1252).
    controls = len(_CONTROLS.findall(data))
    if controls > 0:
        raise InputError([problem(path, f"file contains {controls} control characters: expected a text (CSV) file")])
    if fast.eligible(data) and len(data) > FAST_PATH_MIN_BYTES:
        table = _read_plain(path, data)
        if table is not None:
            return table
    text, encoding = _decode(path, data)
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    start_line = 1
    omitted = 0
    try:
        for record in reader:
            line = start_line
            start_line = reader.line_num + 1
            if not record or all(not cell.strip() for cell in record):
                continue
            if header is None:
                header = [normalise_header(h) for h in record]
                header_line = line
                continue
            if len(record) != len(header):
                if len(problems) >= MAX_ROW_PROBLEMS:
                    omitted += 1
                    continue
                problems.append(
                    problem(
                        path,
                        f"row has {len(record)} fields: expected {len(header)} separated by '{_show_delim(delimiter)}' "
                        "(check the delimiter, quotes, or a truncated row)",
                        row=line,
                    )
                )
                continue
            rows.append(record)
            lines.append(line)
    except csv.Error as exc:
        problems.append(
            problem(path, f"cannot parse CSV ({exc}): expected closed quotes and one delimiter", row=start_line)
        )
    if omitted:
        problems.append(Problem(file=str(path), message=f"... and {omitted:,} more rows with another number of "
                                "fields, not listed", count=omitted))
    if header is None:
        raise InputError(problems or [problem(path, "file is empty: expected a header row and data rows")])
    problems.extend(_header_problems(path, header, header_line))
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([problem(path, "has a header but no data rows: expected at least one row")])
    frame = pd.DataFrame(rows, columns=header, index=pd.Index(lines, name="row"), dtype=object)
    decimal = "," if delimiter == ";" else "."
    return RawTable(path=path, frame=frame, decimal=decimal, encoding=encoding, delimiter=delimiter)


def _read_plain(path: Path, data: bytes) -> RawTable | None:
    """The columnar fast path (:mod:`analyse.data.csvfast`) for a large plain file."""
    bom = data.startswith(b"\xef\xbb\xbf")
    encoding = ("utf-8-sig" if bom else "utf-8") if fast.is_utf8(data[3:] if bom else data) else "cp1252"
    end = data.find(b"\n")
    try:
        first_line = bytes(data[3 if bom else 0:end if end >= 0 else len(data)]).decode(encoding.replace("-sig", ""))
    except UnicodeDecodeError:
        return None
    delimiter = _sniff_delimiter(first_line.rstrip("\r"))
    header = [normalise_header(h) for h in next(csv.reader([first_line.rstrip("\r")], delimiter=delimiter))]
    if _header_problems(path, header, 1):
        return None
    frame = fast.read_plain(data, encoding, delimiter, header)
    if frame is None or frame.empty:
        return None
    return RawTable(path=path, frame=frame, decimal="," if delimiter == ";" else ".", encoding=encoding,
                    delimiter=delimiter)


def _show_delim(delimiter: str) -> str:
    return "\\t" if delimiter == "\t" else delimiter


def _header_problems(path: Path, header: list[str], line: int) -> list[Problem]:
    out = []
    seen: set[str] = set()
    for i, name in enumerate(header, start=1):
        if not name:
            out.append(problem(path, f"header cell {i} is empty: expected a column name", row=line))
        elif name in seen:
            out.append(
                problem(path, "column name appears twice in the header: expected unique names", row=line, column=name)
            )
        seen.add(name)
    return out


def _check_dimensions(path: Path, worksheet) -> None:  # noqa: ANN001 - an openpyxl read-only sheet
    """A sheet that declares an absurd size (one stray cell or a bad dimension tag far away)
    is read by its used cells only, instead of being padded cell by cell for minutes."""
    rows, columns = worksheet.max_row or 0, worksheet.max_column or 0
    if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
        worksheet.reset_dimensions()


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(
            [
                problem(
                    path,
                    f"cannot open as an Excel workbook ({type(exc).__name__}): "
                    "expected an .xlsx file saved by Excel or LibreOffice",
                )
            ]
        ) from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InputError(
                    [problem(path, f"sheet '{sheet}' not found: expected one of {', '.join(workbook.sheetnames)}")]
                )
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        _check_dimensions(path, worksheet)
        header: list[str] | None = None
        rows: list[list[object]] = []
        lines: list[int] = []
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            cells = [None if (isinstance(v, str) and not v.strip()) else v for v in values]
            if all(v is None for v in cells):
                continue
            if header is None:
                header = [normalise_header(v) for v in cells]
                header_line = number
                continue
            rows.append(cells)
            lines.append(number)
    finally:
        workbook.close()
    if header is None:
        raise InputError([problem(path, "workbook sheet is empty: expected a header row and data rows")])
    # Trailing empty header cells come from formatting, not data.
    while header and not header[-1]:
        header.pop()
    width = len(header)
    problems = _header_problems(path, header, header_line)
    beyond = [number for number, cells in zip(lines, rows) if any(v is not None for v in cells[width:])]
    for number in beyond[:MAX_ROW_PROBLEMS]:
        problems.append(problem(path, f"row has values beyond the {width} header columns: expected a header for "
                                      "every column", row=number))
    if len(beyond) > MAX_ROW_PROBLEMS:
        problems.append(Problem(file=str(path), message=f"... and {len(beyond) - MAX_ROW_PROBLEMS:,} more rows with "
                                "values beyond the header, not listed", count=len(beyond) - MAX_ROW_PROBLEMS))
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([problem(path, "has a header but no data rows: expected at least one row")])
    frame = pd.DataFrame(
        [(c + [None] * width)[:width] for c in rows], columns=header, index=pd.Index(lines, name="row"), dtype=object
    )
    return RawTable(path=path, frame=frame, decimal=",")
