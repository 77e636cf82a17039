"""Render an executed notebook as a self-contained HTML report for management.

No code, prompts or stderr noise; every image and style inline and nothing loaded from
the network (the ``rapport`` template drops require.js, MathJax, Mermaid and widget
scripts, and a Content-Security-Policy forbids any external request); a banner for
illustrative data or internal use; a table of contents; and a provenance section
("Verantwoording") with the parameters, input hashes, versions and the command that
reproduces the report.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from functools import lru_cache
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from analyse.publish.publication import GLOSSARY_FILE
from analyse.publish.text import format_date

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

REPORT_CSS = """
/* Links are underlined: colour alone does not set them apart (WCAG 1.4.1, axe link-in-text-block). */
.jp-RenderedHTMLCommon a, .rapport-header a { text-decoration: underline; }
body.jp-Notebook { max-width: 62rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
.rapport-header, .rapport-toc, .verantwoording { font-family: var(--jp-content-font-family, "DejaVu Sans",
                                                                  sans-serif); }
.rapport-header { border-bottom: 2px solid #0072B2; margin-bottom: 1rem; padding-bottom: .5rem; }
.rapport-meta { color: #555; margin: .25rem 0 0; }
.rapport-meta a { color: #0072B2; }
dl.begrippen dt { font-weight: bold; margin-top: .8rem; }
dl.begrippen dd { margin: .15rem 0 0 1.25rem; }
.begrip-bron { color: #555; font-size: .85rem; }
.rapport-banner { font-weight: bold; padding: .4rem .8rem; margin: .25rem 0; border-radius: 3px; }
.rapport-banner-illustratief { background: #FFF4E0; color: #8A4B00; border: 1px solid #E69F00; }
.rapport-banner-afgeleid { background: #EEF5FB; color: #0B4A75; border: 1px solid #56B4E9; }
.rapport-banner-ontbreekt { background: #FDE8E8; color: #9B1C1C; border: 2px solid #D55E00; }
.rapport-banner-intern { background: #FDE8E8; color: #9B1C1C; border: 1px solid #D55E00; text-transform: uppercase; }
@media print { .rapport-banner-intern { position: fixed; top: 0; left: 0; right: 0; }
               body.jp-Notebook { padding-top: 3rem; } }
.rapport-toc { background: #F5F8FB; border: 1px solid #DDE6EE; padding: .5rem 1rem; margin: 1rem 0 1.5rem; }
.rapport-toc-title { font-size: 1rem; margin: .25rem 0; }
.rapport-toc ol { margin: 0; padding-left: 1.25rem; }
.rapport-toc .toc-level-3 { margin-left: 1rem; list-style: circle; }
.jp-RenderedHTMLCommon table { border-collapse: collapse; font-size: .9rem; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { padding: .25rem .6rem; }
.jp-RenderedHTMLCommon td { text-align: right; }
.jp-RenderedHTMLCommon td:first-child, .jp-RenderedHTMLCommon th { text-align: left; }
.verantwoording { font-size: .85rem; color: #333; }
.jp-RenderedHTMLCommon .verantwoording table { margin-left: 0; margin-right: auto; }
.jp-RenderedHTMLCommon td { white-space: nowrap; }
.jp-RenderedHTMLCommon td[style*="text-align: left"], .verantwoording td { white-space: normal; }
.verantwoording code { word-break: break-all; }
"""

_HEADING = re.compile(r'<h([1-3])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Copy of ``nb`` without stderr output, error tracebacks shown as text, or cells
    tagged ``remove``: what a manager should not see."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if "remove" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        cells.append(cell)
    nb.cells = cells
    return nb


#: Reports state the time they were made in Dutch local time.
LOCAL_TIMEZONE = "Europe/Amsterdam"


def parameter_text(value: object) -> str:
    """A parameter value as a Dutch reader reads it, not as a Python literal: 'Dalfsen' ->
    Dalfsen, 2.0 -> 2,0, None -> standaard, True -> ja, [a, b] -> a, b; integers (years,
    seeds) without a thousands separator: 2024 -> 2024."""
    if value is None:
        return "standaard"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, (list, tuple)):
        return ", ".join(parameter_text(v) for v in value)
    return str(value)


def local_time_text(stamp: str) -> str:
    """An ISO time stamp in Dutch local time: "2026-11-25T16:44:19+00:00" -> "25 november 2026,
    17:44". Without time-zone data: in UTC, and it says so ("..., 16:44 UTC"); text that is
    no ISO time stamp is returned unchanged."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    if moment.tzinfo is None:
        moment = moment.astimezone()  # a naive stamp is the machine's local time
    suffix = ""
    try:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo(LOCAL_TIMEZONE))
    except (ImportError, KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        moment, suffix = moment.astimezone(dt.UTC), " UTC"
    return f"{format_date(moment.date())}, {moment:%H:%M}{suffix}"


def provenance_cell(provenance: dict) -> nbformat.NotebookNode:
    """Markdown cell "Verantwoording": parameters, inputs, versions and the command."""
    descriptions = provenance.get("descriptions", {})
    rows = "".join(
        f"<tr><th>{html.escape(str(descriptions.get(k, k)))}</th><td><code>{html.escape(str(k))}</code></td>"
        f"<td><code>{html.escape(parameter_text(v))}</code></td></tr>"
        for k, v in provenance.get("parameters", {}).items()
    )
    inputs = "".join(
        f"<tr><th>{html.escape(name)}</th><td><code>{html.escape(digest)}</code></td></tr>"
        for name, digest in provenance.get("inputs", {}).items()
    )
    body = "".join(
        (
            '<div class="verantwoording">',
            f"<p>Gemaakt op {html.escape(local_time_text(provenance.get('timestamp', '')))} met analyse "
            f"{html.escape(provenance.get('package_version', ''))}, git-commit "
            f"<code>{html.escape(provenance.get('git_commit', 'onbekend'))}</code>.</p>",
            "<p>Opnieuw maken met precies deze invoer:</p>",
            f"<pre><code>{html.escape(provenance.get('command', ''))}</code></pre>",
            "<h3>Instellingen</h3><p>Per instelling de betekenis, de naam (voor het commando hierboven) "
            "en de gebruikte waarde.</p>",
            f"<table><tr><th>Betekenis</th><th>Naam</th><th>Waarde</th></tr>{rows}</table>",
            f"<h3>Invoerbestanden (sha256)</h3><table>{inputs}</table>",
            "</div>",
        )
    )
    # One HTML block without blank lines, so Markdown keeps it inside the div.
    text = "## Verantwoording\n\n" + body + "\n"
    return nbformat.v4.new_markdown_cell(text, id="verantwoording")  # a fixed id: the same run, the same page


def add_toc(body: str) -> str:
    """Replace the template's placeholder by links to the h1-h3 headings of the body."""
    items = []
    for level, anchor, inner in _HEADING.findall(body):
        text = html.unescape(_TAG.sub("", inner)).replace("¶", "").strip()
        if text:
            items.append(f'<li class="toc-level-{level}"><a href="#{anchor}">{html.escape(text)}</a></li>')
    nav = ""
    if items:
        nav = (
            '<nav class="rapport-toc" aria-label="Inhoudsopgave"><h2 class="rapport-toc-title">Inhoud</h2>'
            f"<ol>{''.join(items)}</ol></nav>"
        )
    return body.replace("<!-- rapport-toc -->", nav, 1)


@lru_cache(maxsize=1)
def _exporter() -> HTMLExporter:
    """One exporter per process: its templates are compiled once, not for every report
    (a worker renders hundreds of reports in ``analyse run --param gemeente=alle``)."""
    return HTMLExporter(
        template_name="rapport",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def render_html(
    nb: nbformat.NotebookNode,
    *,
    title: str,
    municipality: str,
    period_label: str,
    banners: list[dict[str, str]],
    provenance: dict | None,
    glossary_href: str | None = GLOSSARY_FILE,
) -> str:
    """Self-contained HTML of an executed notebook.

    banners: e.g. ``[{"kind": "illustratief", "text": "Illustratieve gegevens: ..."}]``;
    provenance: the "Verantwoording" section (None: none, e.g. for the glossary page);
    glossary_href: link to the begrippenlijst in the header (None: no link)."""
    nb = clean_notebook(nb)
    if provenance is not None:
        nb.cells.append(provenance_cell(provenance))
    nb.metadata["title"] = title
    exporter = _exporter()
    resources = {
        "report": {"css": REPORT_CSS, "banners": banners, "municipality": municipality, "period_label": period_label,
                   "glossary_href": glossary_href}
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return add_toc(body)
