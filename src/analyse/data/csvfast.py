"""Large CSV files within a memory budget: bounded reading and a columnar fast path.

:func:`input_bytes` reads a file (gzip-compressed or not) and refuses one larger than
:data:`MAX_INPUT_BYTES` (also when a small .gz would expand beyond it) before it fills the
memory. :func:`read_plain` reads the common case, one row per line (quotes allowed, no
blank lines, no line break inside a value), with pyarrow into Arrow-backed text columns
(about the file's own size in memory instead of ~60 bytes per cell as Python strings);
anything else (blank lines, a line break inside quotes, a row with another number of
fields, broken quotes) returns None and goes to the exact line-by-line reader of
:mod:`analyse.data.readers`, which reports such rows by line.
Row numbers are the file's line numbers either way (header on line 1).
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["MAX_INPUT_BYTES", "input_bytes", "is_utf8", "read_plain"]

#: Largest (uncompressed) input file: 1 GB of CSV is ~10 million rows, far beyond any
#: municipal dataset; ``analyse validate`` stays below ~2 GB of memory up to this size.
MAX_INPUT_BYTES = 1_000_000_000
_CHUNK = 1 << 24


class TooLarge(ValueError):
    """The file (or what a .gz expands to) exceeds MAX_INPUT_BYTES; ``args``: (size, exact)
    (``exact`` False: a .gz that expands to more than ``size`` bytes, not counted further)."""


class BadGzip(ValueError):
    """A .gz file that cannot be decompressed."""


def input_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed for ``.gz``; TooLarge / BadGzip / OSError."""
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise TooLarge(path.stat().st_size, True)
    if path.suffix.lower() != ".gz":
        return path.read_bytes()
    try:
        # First count what the file expands to, keeping nothing (a gzip bomb is refused in
        # constant memory); only then decompress it into memory.
        size = 0
        with gzip.open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if size > MAX_INPUT_BYTES:
                    raise TooLarge(MAX_INPUT_BYTES, False)
        parts = []
        with gzip.open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                parts.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise BadGzip(str(exc)) from None
    return b"".join(parts)


def is_utf8(data: bytes | memoryview) -> bool:
    """Whether ``data`` is valid UTF-8, checked in chunks (no full decoded copy)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), _CHUNK):
            decoder.decode(view[start:start + _CHUNK], final=start + _CHUNK >= len(view))
    except UnicodeDecodeError:
        return False
    return True


def eligible(data: bytes) -> bool:
    """A file the fast path may read: header on line 1 and no blank line (a value with a
    line break inside quotes is found after reading; the file then goes the exact way)."""
    return (not data.startswith((b"\n", b"\r")) and b"\n\n" not in data and b"\n\r\n" not in data
            and b"\r\r" not in data)


def read_plain(data: bytes, encoding: str, delimiter: str, header: list[str]) -> pd.DataFrame | None:
    """Rows of a plain CSV (see :func:`eligible`) as Arrow-backed text columns named
    ``header``, indexed by line number; None when it is not plain after all."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=_CHUNK,
                                           encoding="utf8" if encoding.startswith("utf-8") else encoding),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                             escape_char=False, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, ValueError, UnicodeDecodeError):
        return None
    import pyarrow.compute as pc

    for column in table.columns:  # a line break inside a value: rows and lines no longer match
        if pc.any(pc.match_substring_regex(column, "[\r\n]")).as_py():
            return None
    dtype = pd.StringDtype("pyarrow")
    frame = pd.DataFrame({name: pd.Series(pd.array(table.column(i), dtype=dtype), copy=False)
                          for i, name in enumerate(header)})
    del table
    frame.index = pd.Index(np.arange(2, len(frame) + 2), name="row")
    blank = np.ones(len(frame), bool)
    for name in frame.columns:
        blank &= (frame[name].str.strip() == "").to_numpy(dtype=bool)
    return frame[~blank] if blank.any() else frame
