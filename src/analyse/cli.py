"""The ``analyse`` command line (a contract: schedules and other tools call it).

Exit status: 0 success; 1 the run failed (a report failed or timed out, or the disk is
full); 2 bad input or bad arguments (with one line per problem, ``file:row: column 'x':
value 'y': expected ...``; at most 50 lines, then a count of the rest); 3 an unexpected
internal error (a short message and the log file with the traceback); 75 another run holds
the output folder's lock; 130 interrupted (Ctrl-C); 143 terminated (SIGTERM).
Every error is caught in one place, :func:`main`.
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from analyse import __version__
from analyse.errors import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    AnalyseError,
    InputError,
    UserError,
)

#: Problem lines printed at most; the rest is counted.
MAX_SHOWN_PROBLEMS = 50
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_USER_OS_ERRORS = (errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS,
                   errno.EEXIST, errno.ENAMETOOLONG)


def _cmd_validate(args: argparse.Namespace) -> int:
    from analyse.data.validate import validate_dir

    result = validate_dir(args.data_dir, progress=sys.stderr.isatty())
    if not result.ok:
        raise InputError(result.problems)
    n = sum(len(f) for f in result.frames.values())
    print(f"{len(result.frames)} datasets valid ({n:,} rows) in {result.data_dir}")
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from analyse.data.store import build

    result = build(args.data_dir, args.out, force=args.force, progress=sys.stderr.isatty())
    if not result.built:
        print(f"{result.out_dir}: up to date (inputs unchanged), nothing to do")
        return EXIT_OK
    outputs = result.manifest["outputs"]
    rows = sum(o["rows"] for o in outputs.values())
    print(f"built {len(outputs)} datasets ({rows:,} rows) into {result.out_dir}")
    return EXIT_OK


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from analyse.data.dictionary import render_dictionary

    if args.out is not None:
        out = Path(args.out)
        if out.is_dir():
            raise UserError(f"--out {out}: is a folder: expected a file name, e.g. {out / 'data-dictionary.md'}")
        if not out.parent.is_dir():
            raise UserError(f"--out {out}: folder {out.parent} does not exist: expected an existing folder "
                            "(create it first)")
    text = render_dictionary(args.data_dir)
    if args.out is None:
        sys.stdout.write(text)
        sys.stdout.flush()  # a write error (a full disk, a closed pipe) surfaces here, not silently at exit
    else:
        from analyse.publish.publication import atomic_write

        atomic_write(Path(args.out), text)
        print(f"wrote {args.out}")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from analyse.publish.index import INDEX_FILE
    from analyse.publish.pipeline import run

    summary = run(period=args.period, notebooks=args.notebook, jobs=args.jobs, params=args.param,
                  data_dir=args.data_dir, output_dir=args.output_dir, executor=args.executor,
                  scheduler=args.scheduler, progress=sys.stderr.isatty(), internal=args.internal,
                  allow_incomplete=args.allow_incomplete, timeout=args.timeout)
    out_period = summary.output_dir / summary.period
    for res in summary.results:
        mark = {"ok": "ok     ", "timeout": "TIMEOUT"}.get(res.status, "MISLUKT")
        print(f"{mark} {res.name:<40} {res.duration_s:6.1f} s")
    print(f"index: {summary.output_dir / INDEX_FILE}")
    for m in summary.missing:
        print(f"warning: published with missing data: {m.dataset} has no rows for {summary.period} "
              f"(last quarter {m.last or 'none'}); every report carries a 'gegevens ontbreken' banner",
              file=sys.stderr)
    for name in summary.ignored:
        print(f"not run: {name} is not declared in reports.yaml (a scratch notebook is never published)",
              file=sys.stderr)
    if summary.failed:
        for res in summary.failed:
            kept = out_period / (res.notebook_file or "")
            print(f"failed: {res.name}: {res.error}; executed notebook with the error: {kept}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _cmd_appraise(args: argparse.Namespace) -> int:
    from analyse.publish.appraise import run as appraise

    sys.stdout.write(appraise(args))
    return EXIT_OK


def _log_args(p: argparse.ArgumentParser, default: object) -> None:
    from analyse.logs import LEVELS

    p.add_argument("--log-file", type=Path, default=default, metavar="FILE",
                   help="append timestamped log records to FILE (created with its folder); standard error then "
                        "shows warnings and errors only")
    p.add_argument("--log-level", default=default, choices=LEVELS, type=str.upper,
                   help="least important records logged (default INFO)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analyse", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"analyse {__version__}")
    _log_args(parser, None)
    common = argparse.ArgumentParser(add_help=False)
    _log_args(common, argparse.SUPPRESS)  # also accepted after the command
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_parser = sub.add_parser

    def add(name: str, **kwargs: object) -> argparse.ArgumentParser:
        return add_parser(name, parents=[common], **kwargs)  # type: ignore[arg-type]

    sub.add_parser = add  # type: ignore[method-assign]

    def data_dir_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", type=Path, default=None,
                       help="folder with catalog.yaml, municipality.yaml and the data files (default: data/raw)")

    p = sub.add_parser("validate", help="check every dataset of the catalog against its data contract")
    data_dir_arg(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("build", help="validate, then write typed Parquet and manifest.json to data/processed")
    data_dir_arg(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    p.add_argument("--force", action="store_true", help="rebuild even when the inputs are unchanged")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("dictionary", help="print the data dictionary generated from the schemas (Markdown)")
    data_dir_arg(p)
    p.add_argument("--out", type=Path, default=None, help="write to this file instead of standard output")
    p.set_defaults(func=_cmd_dictionary)

    p = sub.add_parser("appraise", help="cost-benefit appraisal (SROI/MKBA) of the projects in a folder or workbook")
    p.add_argument("input", metavar="INPUT", type=Path, help="folder with sroi_projects.csv, sroi_investments.csv and "
                   "sroi_outcomes.csv, or an .xlsx workbook with sheets of those names")
    p.add_argument("--project", default=None, metavar="ID", help="appraise only this project (default: every project)")
    p.add_argument("--discount-rate", default=None, metavar="R|PRESET", help="real discount rate per year (0.0225 or "
                   "2,25%%) or a preset from docs/cba.md, e.g. nl2020, nl2015, greenbook (default: nl2020 = 2.25%%)")
    p.add_argument("--timing", default="end", choices=["end", "mid", "start"], help="when flows fall within a year")
    p.add_argument("--json", action="store_true", help="print JSON for scripts instead of a table")
    data_dir_arg(p)
    p.set_defaults(func=_cmd_appraise)

    p = sub.add_parser("run", help="build stale data, run the report notebooks, publish HTML to reports/<period>/")
    data_dir_arg(p)
    p.add_argument("--period", default=None, help="quarter to report on, e.g. 2026Q3 (default: last completed quarter)")
    p.add_argument("--notebook", action="append", default=None, metavar="NAME",
                   help="run only this report: an id from notebooks/reports.yaml (repeatable; default: every "
                        "declared report)")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run in parallel (default: number of cores)")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="notebook parameter (repeatable); a comma-separated list fans out into one report per value")
    p.add_argument("--output-dir", type=Path, default=None, help="where reports go (default: reports/)")
    p.add_argument("--executor", default="local", choices=["local", "dask"],
                   help="where notebooks run (default: local)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="Dask scheduler address for --executor dask")
    p.add_argument("--internal", action="store_true",
                   help="internal exploration only: small counts are NOT protected; every report is stamped "
                        "'Intern, niet verspreiden'")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="publish even when a quarterly dataset (one keyed by quarter in its contract, e.g. "
                        "realisation, evaluations, care_use) has no rows for --period yet; every report then shows a "
                        "'gegevens ontbreken' banner naming those datasets. Without it such a run stops with exit "
                        "2 and changes nothing")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="time limit per report notebook; one that runs longer is stopped (its kernel killed), "
                        "marked 'timeout' and not published (default 900 = 15 minutes, or "
                        "ANALYSE_NOTEBOOK_TIMEOUT)")
    p.set_defaults(func=_cmd_run)
    return parser


class Terminated(BaseException):
    """SIGTERM (``timeout``, systemd, kill) turned into an exception, so clean-up runs."""


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    def handler(signum: int, frame: object) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. called from a test thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _say(text: str) -> None:
    from analyse.safety import redact

    print(redact(text), file=sys.stderr)


def _report_problems(exc: InputError) -> None:
    for p in exc.problems[:MAX_SHOWN_PROBLEMS]:
        _say(str(p))
    rest = len(exc.problems) - MAX_SHOWN_PROBLEMS
    total = sum(getattr(p, "count", 1) for p in exc.problems)
    if rest > 0:
        # A line may stand for many problems ("... and N more"): say both, so the total adds up.
        hidden = sum(getattr(p, "count", 1) for p in exc.problems[MAX_SHOWN_PROBLEMS:])
        _say(f"... and {rest:,} more line(s) not shown, for {hidden:,} of the problems below "
             "(fix the first ones and run again)")
    files = len({getattr(p, "file", None) for p in exc.problems})
    _say(f"{total:,} problem(s) in {files} file(s); nothing was changed.")


def main(argv: list[str] | None = None) -> int:
    """Run one command; every error ends here and becomes one message and an exit status."""
    from analyse import logs

    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        logs.setup(args.log_level or "INFO", args.log_file,
                   console="WARNING" if args.log_file or not args.log_level else args.log_level)
    except OSError as exc:
        _say(f"--log-file {args.log_file}: cannot write ({exc.strerror}): expected a writable file")
        return EXIT_BAD_INPUT
    log = logs.get("analyse.cli")
    log.info("analyse %s: %s", __version__, " ".join(sys.argv[1:] if argv is None else argv))
    if _log_failed():
        return EXIT_FAILED  # nothing ran: an unattended run must not go unlogged
    try:
        with _sigterm_raises():
            code = handler(args)
        log.info("finished with exit status %d", code)
        return EXIT_FAILED if _log_failed() and code == EXIT_OK else code
    except InputError as exc:
        _report_problems(exc)
        log.error("bad input (exit %d):\n%s", exc.exit_code, "\n".join(map(str, exc.problems[:MAX_SHOWN_PROBLEMS])),
                  extra=logs.FILE_ONLY)
        return exc.exit_code
    except AnalyseError as exc:
        _say(str(exc))
        log.error("%s (exit %d)", exc, exc.exit_code, extra=logs.FILE_ONLY)
        return exc.exit_code
    except KeyboardInterrupt:
        _say("interrupted; previous outputs are untouched")
        return EXIT_INTERRUPTED
    except Terminated:
        _say("terminated (SIGTERM); previous outputs are untouched")
        log.error("terminated by SIGTERM (exit %d)", EXIT_TERMINATED, extra=logs.FILE_ONLY)
        return EXIT_TERMINATED
    except OSError as exc:
        return _os_error(exc)
    except MemoryError:
        _say("out of memory: the input is too large for this machine; previous outputs are untouched")
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a message
        path = logs.crash_log(exc)
        _say(f"internal error (a bug in analyse, not in your input): {type(exc).__name__}: {exc}\n"
             f"the traceback is in {path}; previous outputs are untouched")
        return EXIT_INTERNAL


def _log_failed() -> bool:
    """Say so (once per failure) when the log file could not be written."""
    from analyse import logs

    failed = logs.write_failure()
    if failed is None:
        return False
    path, exc = failed
    reason = "disk full" if exc.errno in _DISK_FULL else (exc.strerror or str(exc))
    _say(f"--log-file {path}: cannot write ({reason}): expected a writable file with free space")
    return True


def _os_error(exc: OSError) -> int:
    from analyse import logs

    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno in _DISK_FULL:
        _say(f"disk full while writing{where}: free some space and run again; previous outputs are untouched")
        return EXIT_FAILED
    if exc.errno in _USER_OS_ERRORS:
        _say(f"cannot use{where}: {exc.strerror}: expected an existing, readable (and, for output, writable) "
             "path; nothing was changed")
        return EXIT_BAD_INPUT
    path = logs.crash_log(exc)
    _say(f"system error{where}: {exc.strerror or exc}; the traceback is in {path}")
    return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
