"""Logging of the command line, through the standard library, with timestamps.

``analyse COMMAND --log-file FILE --log-level LEVEL`` (see :mod:`analyse.cli`): records go
to standard error (warnings and worse, or LEVEL when it is given without a log file)
and, with ``--log-file``, every record at LEVEL (default INFO) or above is appended to
FILE, with a timestamp each. Secret values are
redacted from every record. Libraries log under their own names; the toolkit under
``analyse``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path

from analyse.safety import redact

__all__ = ["FILE_ONLY", "FORMAT", "LEVELS", "crash_log", "get", "setup", "write_failure"]

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_HANDLER_MARK = "_analyse_handler"


class _Redact(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        return True


class _NotOnConsole(logging.Filter):
    """Records logged with ``extra=FILE_ONLY`` (the console already showed the message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "console", True)


#: ``log.error(..., extra=FILE_ONLY)``: to the log file only, not again on standard error.
FILE_ONLY = {"console": False}


class _FileHandler(logging.FileHandler):
    """A log file whose first write error is kept (see :func:`write_failure`) instead of
    a "--- Logging error ---" traceback on standard error for every record."""

    failure: OSError | None = None

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:  # also when closed: a full disk is reported, never a traceback
            if self.failure is None:
                self.failure = exc

    def close(self) -> None:
        try:
            super().close()
        except OSError as exc:
            if self.failure is None:
                self.failure = exc

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - the logging API
        exc = sys.exc_info()[1]
        if self.failure is None:
            self.failure = exc if isinstance(exc, OSError) else OSError(str(exc))


def write_failure() -> tuple[Path, OSError] | None:
    """The log file that could not be written and why (None: every record was written)."""
    for handler in get().handlers:
        if isinstance(handler, _FileHandler) and handler.failure is not None:
            return Path(handler.baseFilename), handler.failure
    return None


def get(name: str = "analyse") -> logging.Logger:
    return logging.getLogger(name)


def setup(level: str = "INFO", log_file: Path | str | None = None, console: str = "WARNING") -> None:
    """Configure the ``analyse`` logger (idempotent: earlier handlers of this module go):
    records at ``level`` or above to ``log_file``, at ``console`` or above to stderr."""
    logger = get()
    for handler in [h for h in logger.handlers if getattr(h, _HANDLER_MARK, False)]:
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(getattr(logging, level.upper(), logging.INFO))
    logger.propagate = False
    formatter = logging.Formatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S%z")
    stream = logging.StreamHandler(sys.stderr)
    stream.setLevel(getattr(logging, console.upper(), logging.WARNING))
    stream.addFilter(_NotOnConsole())
    handlers: list[logging.Handler] = [stream]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        handlers.append(_FileHandler(log_file, mode="a", encoding="utf-8"))
    for handler in handlers:
        setattr(handler, _HANDLER_MARK, True)
        handler.setFormatter(formatter)
        handler.addFilter(_Redact())
        logger.addHandler(handler)


def log_file() -> Path | None:
    """The file the ``analyse`` logger appends to (None: standard error only)."""
    for handler in get().handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def crash_log(exc: BaseException) -> Path:
    """Write ``exc`` with its traceback (redacted) to the log file, or to a new file in
    the temporary folder when there is none; return that file's path."""
    text = redact("".join(traceback.format_exception(exc)))
    path = log_file()
    if path is None:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        path = Path(tempfile.gettempdir()) / f"analyse-error-{stamp}-{os.getpid()}.log"
        path.write_text(text, encoding="utf-8")
    else:
        get().error("internal error:\n%s", text, extra=FILE_ONLY)
    return path
