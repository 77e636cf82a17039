"""The ``analyse`` command line (a contract: schedules and other tools call it).

Exit status: 0 success; 2 bad input or bad arguments (with one line per problem,
``file:row: column 'x': value 'y': expected ...``); 1 anything else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from analyse import __version__
from analyse.errors import EXIT_FAILED, EXIT_OK, AnalyseError, InputError


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

    text = render_dictionary(args.data_dir)
    if args.out is None:
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    return EXIT_OK


def _cmd_run(args: argparse.Namespace) -> int:
    from analyse.publish.index import INDEX_FILE
    from analyse.publish.pipeline import run

    summary = run(period=args.period, notebooks=args.notebook, jobs=args.jobs, params=args.param,
                  data_dir=args.data_dir, output_dir=args.output_dir, executor=args.executor,
                  scheduler=args.scheduler, progress=sys.stderr.isatty(), internal=args.internal,
                  allow_incomplete=args.allow_incomplete)
    out_period = summary.output_dir / summary.period
    for res in summary.results:
        mark = "ok    " if res.status == "ok" else "MISLUKT"
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analyse", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"analyse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    p.set_defaults(func=_cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        return handler(args)
    except InputError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        files = len({getattr(p, "file", None) for p in exc.problems})
        print(f"{len(exc.problems)} problem(s) in {files} file(s); nothing was changed.", file=sys.stderr)
        return exc.exit_code
    except AnalyseError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; previous outputs are untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
