"""House style: colours, fonts, figure labelling and report tables.

Every figure and table in the report pack goes through these helpers, so reports look
the same. Dutch number formats (€ 1.200.000, 2,97, 10%) are in :mod:`analyse.publish.text`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter

from analyse.publish.text import MISSING, format_eur, format_number, format_pct, format_ratio, is_missing, md  # noqa: F401

#: Colour palette (colour-blind safe, after Okabe & Ito), by role.
COLORS = {
    "primary": "#0072B2",
    "secondary": "#E69F00",
    "positive": "#009E73",
    "negative": "#D55E00",
    "neutral": "#7F7F7F",
    "highlight": "#CC79A7",
    "light": "#56B4E9",
    "dark": "#333333",
}
#: Ordered palette for categories (kernen, policy fields, actors).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#7F7F7F")

#: Colours of the prevention pyramid levels 1-4 (universal -> care-related).
LEVEL_COLORS = {1: "#009E73", 2: "#56B4E9", 3: "#E69F00", 4: "#D55E00"}

ILLUSTRATIVE_LABEL = "illustratieve gegevens"


def eur_axis(ax, axis: str = "y", decimals: int = 0) -> None:
    """Format an axis' tick labels as Dutch euros."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: format_eur(v, decimals)))


def number_axis(ax, axis: str = "y", decimals: int = 0) -> None:
    """Format an axis' tick labels as Dutch numbers."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, decimals)))


def pct_axis(ax, axis: str = "y", decimals: int = 0) -> None:
    """Format an axis holding shares (0-1) as Dutch percentages."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(FuncFormatter(lambda v, _pos: format_pct(v, decimals)))


def apply_style() -> None:
    """Set matplotlib defaults for the report pack (fonts, grid, colours, sizes)."""
    mpl.rcParams.update({
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 110,
        "savefig.dpi": 110,
        "savefig.bbox": "tight",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#DDDDDD",
        "grid.linewidth": 0.6,
        "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
        "legend.frameon": False,
        "axes.formatter.use_locale": False,
    })


def annotate_figure(fig, source: str | None = None, illustrative: bool = False) -> None:
    """Put the source line and, for invented data, the label "illustratieve gegevens"
    on a figure (bottom left and top right), so neither can be cropped away silently."""
    if source:
        fig.text(0.01, -0.02, f"Bron: {source}", ha="left", va="top", fontsize=8, color=COLORS["neutral"])
    if illustrative:
        fig.text(0.99, 1.0, ILLUSTRATIVE_LABEL.upper(), ha="right", va="bottom", fontsize=8,
                 fontweight="bold", color=COLORS["negative"])


def new_figure(title: str, xlabel: str = "", ylabel: str = "", source: str | None = None,
               illustrative: bool = False, figsize: Sequence[float] | None = None):
    """A figure with one axes in the house style, titled and labelled; returns (fig, ax)."""
    apply_style()
    fig, ax = plt.subplots(figsize=figsize)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    annotate_figure(fig, source, illustrative)
    return fig, ax


def color_for(items: Sequence[str]) -> dict[str, str]:
    """Stable colour per category in the given order (kernen, actors, ...)."""
    return {item: PALETTE[i % len(PALETTE)] for i, item in enumerate(items)}


def format_table(frame, eur: Sequence[str] = (), pct: Sequence[str] = (), ratio: Sequence[str] = (),
                 number: Sequence[str] = (), decimals: int = 0, caption: str | None = None, hide_index: bool = False,
                 columns: dict[str, str] | None = None, counts: Sequence[str] | None = None):
    """A pandas Styler that shows ``frame`` with Dutch formats per column group:
    ``eur`` as € 1.200.000, ``pct`` (shares 0-1) as 10%, ``ratio`` as 2,97,
    ``number`` as 1.234; other columns keep pandas' display. ``columns`` (name -> Dutch
    heading) selects, orders and renames the columns shown; the format arguments use
    the original names. Text is HTML-escaped; text columns are left-aligned.

    Counts of people are protected by default (:func:`analyse.privacy.protect_for_display`:
    ``counts`` or the known count columns; small counts hidden and shown as the marker,
    others rounded, derived figures hidden or recomputed with them) with the rule as a
    footnote in the caption; the cells of count columns carry the class ``telling`` so the
    publishing check can verify them."""
    from analyse.disclosure import privacy

    rules = privacy.load_rules()
    frame, hidden, any_hidden = privacy.protect_for_display(frame, counts=counts, rules=rules)
    count_cols = privacy.display_count_columns(frame, counts)
    protected = privacy.protection_enabled() and bool(count_cols)
    if columns:
        keep = list(columns)
        frame, hidden = frame[keep].rename(columns=columns), hidden[keep].rename(columns=columns)
    heading = (lambda c: columns.get(c, c)) if columns else (lambda c: c)
    formats = {}
    formats.update({heading(c): (lambda v, d=decimals: format_eur(v, d)) for c in eur})
    formats.update({heading(c): (lambda v, d=decimals: format_pct(v, d)) for c in pct})
    formats.update({heading(c): format_ratio for c in ratio})
    formats.update({heading(c): (lambda v, d=decimals: format_number(v, d)) for c in number})
    shown_counts = [heading(c) for c in count_cols if heading(c) in frame.columns]
    for c in shown_counts:
        formats.setdefault(c, lambda v: format_number(v, 0))
    formats = {c: f for c, f in formats.items() if c in frame.columns}
    marker = rules.marker
    styler = frame.style.format(formats, na_rep=MISSING, escape="html")
    for column in frame.columns:
        if hidden[column].any():
            rows = hidden.index[hidden[column].to_numpy(dtype=bool)]
            styler = styler.format(lambda v: marker, subset=pd.IndexSlice[list(rows), [column]])
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    text_columns = [c for c in frame.columns if c not in formats and not _is_numeric(frame[c])]
    if text_columns:
        styler = styler.set_properties(subset=text_columns, **{"text-align": "left"})
    if shown_counts and protected:
        classes = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for c in shown_counts:
            classes[c] = "telling"
        styler = styler.set_td_classes(classes)
    note = rules.footnote if any_hidden or (protected and shown_counts) else None
    full_caption = " ".join(x for x in (caption, f"({note})" if note else None) if x)
    if full_caption:
        styler = styler.set_caption(html.escape(full_caption, quote=False))
    if hide_index:
        styler = styler.hide(axis="index")
    return styler


def _is_numeric(column) -> bool:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return is_numeric_dtype(column) and not is_bool_dtype(column)
