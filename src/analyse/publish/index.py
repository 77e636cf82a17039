"""``reports/index.html``: every period and report with its status and date.

Rendered from ``templates/index/index.html.j2`` (Jinja, autoescaped), like the report
pages; read from the ``run.json`` of each period, in the order of the pack.

Reports made for other municipalities (``--param gemeente=alle``: one per municipality)
take one row in the index, linking to their own page ``<period>/<report>__gemeenten.html``
(``templates/index/gemeenten.html.j2``) that lists them grouped by province.
"""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analyse.publish.publication import GLOSSARY_FILE, RUN_FILE, atomic_write, read_run

__all__ = ["INDEX_FILE", "glossary_link", "index_rows", "municipality_page", "render_index", "write_index"]

INDEX_FILE = "index.html"
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "index"
#: The parameter (of type gemeente) whose reports for other municipalities get their own page.
MUNICIPALITY_PARAM = "gemeente"
_UNKNOWN_PROVINCE = "Provincie onbekend"


def index_rows(output_dir: Path) -> list[dict]:
    """One row per published report, newest period first; the reports for other municipalities
    of one report and period as one row with their rows in "members"."""
    rows: list[dict] = []
    for run_file in sorted(output_dir.glob(f"*/{RUN_FILE}"), reverse=True):
        run = read_run(run_file)
        reports = run.get("reports", {})
        first_row = len(rows)
        groups: dict[str, dict] = {}
        for name, rep in reports.items():
            if _per_municipality(name, rep):
                notebook = str(rep.get("notebook"))
                if notebook not in groups:
                    groups[notebook] = {"period": run_file.parent.name, "name": municipality_page(notebook)[:-5],
                                        "title": f"{rep.get('title', notebook)} per gemeente",
                                        "html": municipality_page(notebook), "notebook_file": "", "members": []}
                    rows.append(groups[notebook])
                groups[notebook]["members"].append(_row(run_file.parent.name, name, rep))
                continue
            rows.append(_row(run_file.parent.name, name, rep))
        for group in groups.values():
            _summarise(group)
        earlier = earlier_versions(output_dir, run_file.parent.name, run)
        for row in rows[first_row:]:
            row["earlier"] = [{"label": v["label"], "href": f"{v['folder']}/{v['reports'][row['name']]}"}
                              for v in earlier if v["reports"].get(row["name"])]
    return rows


def earlier_versions(output_dir: Path, period: str, run: dict) -> list[dict]:
    """The earlier versions of a period (newest first) from its run.json ("previous_versions"):
    each with a Dutch date label, its folder (relative to the index) and report name -> HTML."""
    from analyse.publish.publication import VERSIONS_DIR

    out = []
    for version in run.get("previous_versions") or []:
        folder = f"{VERSIONS_DIR}/{period}/{version}"
        reports = read_run(output_dir / folder / RUN_FILE).get("reports", {})
        stamp = str(version)
        label = f"{stamp[6:8]}-{stamp[4:6]}-{stamp[:4]} {stamp[9:11]}:{stamp[11:13]}" if len(stamp) >= 13 else stamp
        out.append({"label": label, "folder": folder,
                    "reports": {name: rep.get("html") for name, rep in reports.items() if isinstance(rep, dict)}})
    return out


def _row(period: str, name: str, rep: dict) -> dict:
    """One report of a run.json as a row of the index."""
    missing = "; ".join(f"{m.get('title') or m.get('dataset')} "
                        f"(laatste kwartaal {m.get('last_quarter') or 'geen'})"
                        for m in rep.get("incomplete") or [] if isinstance(m, dict))
    return {"period": period, "name": name, "title": rep.get("title", name),
            "status": rep.get("status", "failed"), "html": rep.get("html"),
            "error": rep.get("error") or "", "notebook_file": rep.get("notebook_file") or "",
            "made": str(rep.get("started", ""))[:16].replace("T", " "), "missing": missing,
            "municipality": str((rep.get("parameters") or {}).get(MUNICIPALITY_PARAM, ""))}


def municipality_page(notebook: str) -> str:
    """File name (inside the period folder) of the page listing a report's per-municipality versions."""
    return f"{notebook}__gemeenten.html"


def _per_municipality(name: str, rep: dict) -> bool:
    """A report made for a municipality given by name, other than the plain own report."""
    return MUNICIPALITY_PARAM in (rep.get("parameters") or {}) and name != rep.get("notebook", name)


def _summarise(group: dict) -> None:
    """The index row of a group: how many municipalities, how many failed, newest date."""
    members = group["members"]
    failed = sum(m["status"] != "ok" for m in members)
    group.update(status="failed" if failed else "ok", made=max(m["made"] for m in members),
                 missing=members[0]["missing"], count=len(members),
                 error=f"{failed} van de {len(members)} mislukt, zie het overzicht" if failed else "")


def _provinces() -> dict[str, str]:
    """Municipality -> province from the CBS classes; empty when they cannot be read."""
    from analyse.errors import AnalyseError
    from analyse.publish.municipalities import municipality_provinces

    try:
        return municipality_provinces()
    except (AnalyseError, OSError, KeyError, ValueError):
        return {}


def render_municipality_page(group: dict, provinces: dict[str, str], glossary: str | None = None) -> str:
    """The page of one group of per-municipality reports (see :func:`index_rows`), by province."""
    by_province: dict[str, list[dict]] = {}
    for row in sorted(group["members"], key=lambda r: r["municipality"].casefold()):
        by_province.setdefault(provinces.get(row["municipality"], _UNKNOWN_PROVINCE), []).append(row)
    order = sorted(by_province, key=lambda p: (p == _UNKNOWN_PROVINCE, p))
    sections = [{"name": p, "anchor": f"provincie-{i + 1}", "rows": by_province[p]} for i, p in enumerate(order)]
    return _templates().get_template("gemeenten.html.j2").render(group=group, sections=sections, glossary=glossary)


@functools.lru_cache(maxsize=1)
def _templates() -> Environment:
    """The Jinja environment of the index pages (built once per process)."""
    return Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html", "j2"]),
                       keep_trailing_newline=True)


def glossary_link(output_dir: Path) -> str | None:
    """Relative link to the begrippenlijst of the newest period that has one (None: none yet)."""
    pages = sorted(output_dir.glob(f"*/{GLOSSARY_FILE}"), reverse=True)
    return f"{pages[0].parent.name}/{GLOSSARY_FILE}" if pages else None


def render_index(rows: list[dict], glossary: str | None = None) -> str:
    """The index page for ``rows`` (see :func:`index_rows`), linking ``glossary`` when given."""
    return _templates().get_template("index.html.j2").render(rows=rows, glossary=glossary)


def write_index(output_dir: Path) -> Path:
    """Write ``output_dir/index.html`` (atomically) and return its path."""
    path = output_dir / INDEX_FILE
    rows = index_rows(output_dir)
    groups = [row for row in rows if "members" in row]
    provinces = _provinces() if groups else {}
    for group in groups:
        glossary = GLOSSARY_FILE if (output_dir / group["period"] / GLOSSARY_FILE).exists() else None
        atomic_write(output_dir / group["period"] / group["html"], render_municipality_page(group, provinces, glossary))
    atomic_write(path, render_index(rows, glossary_link(output_dir)))
    return path
