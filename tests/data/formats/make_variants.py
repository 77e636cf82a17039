"""Make the Dutch-locale and Excel variants of the plain fixture files in this folder.

For every ``<name>.plain.csv`` this writes, with the same content:

- ``<name>.excel-nl.csv``: as Excel saves "CSV (puntkomma-gescheiden)" in a Dutch
  locale: semicolons, Windows-1252, CRLF, "€ 1.200.000,00", "2,97", "25%", dates
  day-first (1-1-2021), header names in words ("Budget line");
- ``<name>.bom.csv``: the same text as UTF-8 with a byte-order mark;
- ``<name>.xlsx``: typed cells (numbers, dates, shares with a % number format).

The variants are committed; run ``python tests/data/formats/make_variants.py`` after
changing a plain file. tests/test_io.py checks each variant loads to the plain frame.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from analyse.config import load_municipality
from analyse.schemas import build_schemas

HERE = Path(__file__).resolve().parent
MUNICIPALITY_DIR = HERE.parents[2] / "data" / "raw"


def dutch_number(x: float, decimals: int | None = None) -> str:
    text = f"{x:,.{decimals}f}" if decimals is not None else f"{x:,}"
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def dutch_cell(kind: str, text: str) -> str:
    if text == "":
        return ""
    if kind == "money":
        return "€ " + dutch_number(float(text), 2)
    if kind == "fraction":
        return dutch_number(round(float(text) * 100, 6)) + "%"
    if kind == "number":
        return dutch_number(float(text))
    if kind == "date":
        d = dt.date.fromisoformat(text)
        return f"{d.day}-{d.month}-{d.year}"
    return text


def excel_cell(kind: str, text: str):
    if text == "":
        return None
    if kind in ("money", "fraction", "number"):
        return float(text)
    if kind in ("int", "year"):
        return int(text)
    if kind == "date":
        return dt.datetime.fromisoformat(text)
    return text


def header_words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def main() -> None:
    schemas = build_schemas(load_municipality(MUNICIPALITY_DIR))
    for plain in sorted(HERE.glob("*.plain.csv")):
        name = plain.name.removesuffix(".plain.csv")
        schema = schemas[name]
        with open(plain, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        header, body = rows[0], rows[1:]
        kinds = [schema.columns[c].metadata["kind"] for c in header]
        dutch = [[header_words(h) for h in header]] + [[dutch_cell(k, v) for k, v in zip(kinds, r)] for r in body]
        for suffix, encoding in ((".excel-nl.csv", "cp1252"), (".bom.csv", "utf-8-sig")):
            with open(HERE / f"{name}{suffix}", "w", newline="", encoding=encoding) as fh:
                csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(dutch)
        book = Workbook()
        sheet = book.active
        sheet.title = name
        sheet.append([header_words(h) for h in header])
        for r in body:
            sheet.append([excel_cell(k, v) for k, v in zip(kinds, r)])
        for col, kind in enumerate(kinds, start=1):
            fmt = {"money": '"€" #,##0.00', "fraction": "0.0%", "date": "d-m-yyyy"}.get(kind)
            if fmt:
                for cell in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell[0].number_format = fmt
        book.save(HERE / f"{name}.xlsx")


if __name__ == "__main__":
    main()
