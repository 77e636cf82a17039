"""Reading files as analysts have them.

CSV with comma, semicolon or tab; UTF-8 with or without BOM, or Windows-1252; .xlsx via
openpyxl. Cells are returned untyped (text, or the number/date Excel stored) together
with the line number each row came from; typing happens against the data contract in
:mod:`analyse.schemas`, with the parsers defined here.

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
import datetime as dt
import io as _io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analyse.data.problems import InputError, Problem, problem

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
            raise InputError([problem(path, f"starts with a UTF-8 marker but byte {exc.start + 3} is not UTF-8: expected one text encoding throughout")]) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError([problem(path, f"byte {exc.start} cannot be read as UTF-8 or Windows-1252: expected a text (CSV) file")]) from None


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
    data = path.read_bytes()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise InputError([problem(path, "file is empty: expected a header row and data rows")])
    if data.startswith(b"PK\x03\x04"):
        raise InputError([problem(path, "this is a spreadsheet (zip) file with a text extension: save it as .xlsx or export it as CSV")])
    if b"\x00" in data:
        raise InputError([problem(path, "file contains binary data (NUL bytes): expected a text (CSV) file")])
    text, encoding = _decode(path, data)
    # Control characters other than tab/newline betray a binary file decoded as text.
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    if controls > 0:
        raise InputError([problem(path, f"file contains {controls} control characters: expected a text (CSV) file")])
    first_line = text.lstrip("\r\n").splitlines()[0]
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    start_line = 1
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
                problems.append(problem(
                    path,
                    f"row has {len(record)} fields: expected {len(header)} separated by '{_show_delim(delimiter)}' "
                    "(check the delimiter, quotes, or a truncated row)",
                    row=line))
                continue
            rows.append(record)
            lines.append(line)
    except csv.Error as exc:
        problems.append(problem(path, f"cannot parse CSV ({exc}): expected closed quotes and one delimiter", row=start_line))
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


def _show_delim(delimiter: str) -> str:
    return "\\t" if delimiter == "\t" else delimiter


def _header_problems(path: Path, header: list[str], line: int) -> list[Problem]:
    out = []
    seen: set[str] = set()
    for i, name in enumerate(header, start=1):
        if not name:
            out.append(problem(path, f"header cell {i} is empty: expected a column name", row=line))
        elif name in seen:
            out.append(problem(path, "column name appears twice in the header: expected unique names", row=line, column=name))
        seen.add(name)
    return out


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError([problem(path, f"cannot open as an Excel workbook ({type(exc).__name__}): expected an .xlsx file saved by Excel or LibreOffice")]) from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InputError([problem(path, f"sheet '{sheet}' not found: expected one of {', '.join(workbook.sheetnames)}")])
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
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
    for number, cells in zip(lines, rows):
        if any(v is not None for v in cells[width:]):
            problems.append(problem(path, f"row has values beyond the {width} header columns: expected a header for every column", row=number))
    if problems:
        raise InputError(problems)
    if not rows:
        raise InputError([problem(path, "has a header but no data rows: expected at least one row")])
    frame = pd.DataFrame([(c + [None] * width)[:width] for c in rows], columns=header,
                         index=pd.Index(lines, name="row"), dtype=object)
    return RawTable(path=path, frame=frame, decimal=",")


# --------------------------------------------------------------------------- parsing
# Each parser takes one non-empty cell and returns a typed value or raises ValueError
# whose message is the "expected ..." part of the problem line.

_CURRENCY = re.compile(r"€|^euro?|euro?$", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})*([.,]\d+)?$")
_PLAIN = re.compile(r"^\d+([.,]\d+)?$|^[.,]\d+$")


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
        if not math.isfinite(float(value)):
            raise ValueError(expected)
        return float(value), False
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
    return sign * float(text), percent


def parse_float(value: object, decimal: str = ".") -> float:
    return parse_number(value, decimal)[0]


def parse_money(value: object, decimal: str = ".") -> float:
    """Euros as float: "€ 1.200.000" -> 1200000.0."""
    try:
        return parse_number(value, decimal)[0]
    except ValueError:
        raise ValueError("expected an amount in euros such as 1200000, 1.200.000,50 or € 1.200.000") from None


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
