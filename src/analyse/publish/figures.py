"""Figures as every reader gets them: a sharp image, a Dutch text alternative, the data behind it.

A plot function states what its chart shows with :func:`describe` (a Dutch sentence with
the message, not "grafiek van ...") and hands over the data it drew. In a notebook the
figure is then shown by :func:`figure_html` (registered by :func:`install_display`):

- the image as SVG (vector: sharp when zoomed or printed; text drawn as paths, so no font
  is fetched), embedded as a ``data:`` URI so the report stays one offline file;
- the text alternative as the image's ``alt``;
- the data as a table in a collapsed ``<details>`` block, and as a CSV download that works
  offline (a ``data:`` URI; semicolon-separated with a decimal comma, UTF-8 with BOM, so
  Dutch Excel opens it as it is).

Counts of people in ``data`` must already be protected, as in the figure itself.
A figure nobody described is shown with its title as the text alternative and marked
``data-beschrijving="titel"``, so a test can find it.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analyse.publish.text import MISSING, format_number

__all__ = ["FIGURE_CLASS", "PLACEHOLDER_ALT", "describe", "figure_html", "install_display"]

FIGURE_CLASS = "rapport-figuur"
#: What nbconvert writes for an image without a description; never acceptable in a report.
PLACEHOLDER_ALT = "No description has been provided for this image"
_ALT = "_analyse_alt"
_DATA = "_analyse_data"
_NAME = "_analyse_name"
_MIN_ALT_WORDS = 4


def describe(fig: Figure, alt: str, data: pd.DataFrame | None = None, name: str | None = None) -> Figure:
    """Attach the Dutch text alternative ``alt`` (the chart's message, at least a short
    sentence) and the plotted ``data`` (Dutch column names) to ``fig``; returns ``fig``.
    ``name`` is the CSV file name without extension (default: from the title)."""
    text = " ".join(str(alt).split())
    if len(text.split()) < _MIN_ALT_WORDS or text == PLACEHOLDER_ALT:
        raise ValueError(f"a figure's text alternative must state its message in a sentence, not {alt!r}")
    setattr(fig, _ALT, text)
    setattr(fig, _DATA, None if data is None else data.copy())
    setattr(fig, _NAME, name)
    return fig


def _title(fig: Figure) -> str:
    titles = [fig.get_suptitle()]
    titles += [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center", "right")]  # house style: left
    return "; ".join(t for t in titles if t.strip()) or "Figuur"


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "figuur"


def _svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    # No date and a fixed hash salt: the same figure gives the same bytes (reproducible reports).
    with mpl.rc_context({"svg.hashsalt": "analyse", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def _cell(value: object, plain: bool = False) -> str:
    """One table cell the Dutch way; ``plain``: a year or period, no thousands separator."""
    if plain and not isinstance(value, float | bool):
        return MISSING if value is None or value is pd.NA else str(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return MISSING
        decimals = 0 if float(value).is_integer() else 2
        text = format_number(float(value), decimals)
        return text.rstrip("0").rstrip(",") if decimals else text
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    return str(value)


#: Columns whose whole numbers are years or periods ("Jaar", "Halfjaar", "Periode"): shown as 2021, not 2.021.
_PERIOD_COLUMN = re.compile(r"jaar|periode|kwartaal", re.IGNORECASE)


def _table(data: pd.DataFrame) -> str:
    plain = [bool(_PERIOD_COLUMN.search(str(c))) for c in data.columns]
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in data.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v, p))}</td>"
                                    for v, p in zip(row, plain, strict=True)) + "</tr>"
                   for row in data.itertuples(index=False))
    return f'<table class="figuur-gegevens"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _csv_uri(data: pd.DataFrame) -> str:
    text = data.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    payload = base64.b64encode(("\ufeff" + text).encode("utf-8")).decode("ascii")
    return f"data:text/csv;charset=utf-8;base64,{payload}"


def figure_html(fig: Figure) -> str:
    """The figure as one self-contained HTML block (see the module docstring)."""
    alt = getattr(fig, _ALT, None)
    marker = "" if alt else ' data-beschrijving="titel"'
    alt = alt or _title(fig)
    image = base64.b64encode(_svg(fig)).decode("ascii")
    parts = [f'<figure class="{FIGURE_CLASS}"{marker}>',
             f'<img src="data:image/svg+xml;base64,{image}" alt="{html.escape(alt)}">']
    data = getattr(fig, _DATA, None)
    if data is not None and len(data.columns):
        name = getattr(fig, _NAME, None) or _slug(_title(fig))
        parts.append("<details><summary>Gegevens bij deze figuur</summary>" + _table(data)
                     + f'<p><a download="{html.escape(name)}.csv" href="{_csv_uri(data)}">'
                       "Download de gegevens (CSV, puntkomma-gescheiden)</a></p></details>")
    parts.append("</figure>")
    return "".join(parts)


def install_display() -> bool:
    """In an IPython kernel: show every matplotlib figure through :func:`figure_html`
    (instead of a PNG), so the notebook and its HTML hold the accessible version only.
    Returns False outside IPython. Safe to call repeatedly."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of the stack
        return False
    shell = get_ipython()
    if shell is None:
        return False
    if "inline" in mpl.get_backend():
        # The inline backend sets IPython's figure formats when it is first imported (lazily,
        # at the first figure), dropping ours: import it now, then register.
        import matplotlib_inline.backend_inline  # noqa: F401
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Figure, figure_html)
    for mime in ("image/png", "image/jpeg", "image/svg+xml", "application/pdf"):
        formatters[mime].pop(Figure, None)
    return True
