"""``reports/index.html``: every period and report with its status and date.

Rendered from ``templates/index/index.html.j2`` (Jinja, autoescaped), like the report
pages; read from the ``run.json`` of each period, in the order of the pack.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analyse.publish.publication import GLOSSARY_FILE, RUN_FILE, atomic_write, read_run

__all__ = ["INDEX_FILE", "glossary_link", "index_rows", "render_index", "write_index"]

INDEX_FILE = "index.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "index"


def index_rows(output_dir: Path) -> list[dict[str, str | None]]:
    """One row per published report, newest period first."""
    rows = []
    for run_file in sorted(output_dir.glob(f"*/{RUN_FILE}"), reverse=True):
        reports = read_run(run_file).get("reports", {})
        for name, rep in reports.items():
            missing = "; ".join(f"{m.get('title') or m.get('dataset')} "
                                f"(laatste kwartaal {m.get('last_quarter') or 'geen'})"
                                for m in rep.get("incomplete") or [] if isinstance(m, dict))
            rows.append({"period": run_file.parent.name, "name": name, "title": rep.get("title", name),
                         "status": rep.get("status", "failed"), "html": rep.get("html"),
                         "error": rep.get("error") or "", "notebook_file": rep.get("notebook_file") or "",
                         "made": str(rep.get("started", ""))[:16].replace("T", " "), "missing": missing})
    return rows


def glossary_link(output_dir: Path) -> str | None:
    """Relative link to the begrippenlijst of the newest period that has one (None: none yet)."""
    pages = sorted(output_dir.glob(f"*/{GLOSSARY_FILE}"), reverse=True)
    return f"{pages[0].parent.name}/{GLOSSARY_FILE}" if pages else None


def render_index(rows: list[dict[str, str | None]], glossary: str | None = None) -> str:
    """The index page for ``rows`` (see :func:`index_rows`), linking ``glossary`` when given."""
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html", "j2"]),
                      keep_trailing_newline=True)
    return env.get_template("index.html.j2").render(rows=rows, glossary=glossary)


def write_index(output_dir: Path) -> Path:
    """Write ``output_dir/index.html`` (atomically) and return its path."""
    path = output_dir / INDEX_FILE
    atomic_write(path, render_index(index_rows(output_dir), glossary_link(output_dir)))
    return path
