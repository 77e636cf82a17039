"""Every error the toolkit raises on purpose derives from :class:`AnalyseError`.

Two families, told apart by the exit status of the command line:

- :class:`UserError` (exit 2): the user's input, configuration or parameters are wrong.
  The message says what is wrong, where, and what was expected; nothing was changed.
- other :class:`AnalyseError` (exit 1): the run itself failed (a report refused by the
  publishing check, a notebook that failed).

Other statuses of the command line: 3 an unexpected internal error (a bug: the message
names the log file with the traceback); 75 another run holds the lock on the output
folder (:class:`LockedError`, try again later); 130 interrupted (Ctrl-C); 143 terminated
(SIGTERM, e.g. by ``timeout`` or systemd).

In JupyterLab and in papermill a :class:`UserError` shows as its message only (no
traceback), so a bad parameter reads the same in a notebook as on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
#: EX_TEMPFAIL of sysexits.h: the output folder is locked by another run; try again later.
EXIT_LOCKED = 75
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class AnalyseError(Exception):
    """Base of every deliberate error of the toolkit."""

    exit_code = EXIT_FAILED


class UserError(AnalyseError):
    """A user's mistake (bad file, configuration or parameter): exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def _render_traceback_(self) -> list[str]:  # IPython: show the message, not a traceback
        return [f"{type(self).__name__}: {self}"]


class InputError(UserError):
    """Bad input files: carries every problem found (one ``file:row: ...`` line each)."""

    def __init__(self, problems: Iterable[Any]):
        #: analyse.data.problems.Problem items (typed loosely: errors sits below the data layer)
        self.problems: list[Any] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(UserError, ValueError):
    """A configuration or parameter file is missing or malformed."""


class ParameterError(UserError, ValueError):
    """A report or method parameter has a value outside what is allowed."""


class SeriesError(UserError, ValueError):
    """A series is unfit for the method asked; the message names the series."""

    def __init__(self, name: str, problem: str):
        self.series = name
        self.problem = problem
        super().__init__(f"series '{name}': {problem}")


class PublicationError(AnalyseError, RuntimeError):
    """A report was refused by the publishing check (exit 1; the old report stays)."""


class LockedError(AnalyseError):
    """Another run holds the lock on the output folder (exit 75): nothing was changed."""

    exit_code = EXIT_LOCKED
