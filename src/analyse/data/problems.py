"""Problems found in user input, reported as one line each.

The line format is a contract (schedules and people grep it)::

    file:row: column 'x': value 'y': expected ...

``row`` is the line number in a CSV file (the header is line 1) or the row number in
a spreadsheet, so the user can jump straight to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analyse.errors import InputError  # noqa: F401  (re-exported: raised with a list of Problems)


def _show(value: object, limit: int = 60) -> str:
    text = str(value)
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: object = None
    has_value: bool = False
    #: How many problems this line stands for (more than 1: a "... and N more" line).
    count: int = 1

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        parts = [where]
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.has_value:
            parts.append(f"value '{_show(self.value)}'")
        parts.append(self.message)
        return ": ".join(parts)


def problem(file: str | Path, message: str, row: int | None = None, column: str | None = None,
            value: object = ..., ) -> Problem:
    """Make a Problem; pass ``value`` to quote the offending cell."""
    return Problem(file=str(file), message=message, row=row, column=column,
                   value=None if value is ... else value, has_value=value is not ...)
