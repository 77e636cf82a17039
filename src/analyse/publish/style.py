"""House style: colours, matplotlib defaults and figure labelling.

Every figure in the report pack goes through these helpers, so reports look the same.
Dutch number formats (€ 1.200.000, 2,97, 10%) are in :mod:`analyse.publish.text`, report
tables in :mod:`analyse.publish.tables`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.rcsetup import cycler
from matplotlib.ticker import FuncFormatter

from analyse.publish.text import format_eur, format_number, format_pct

__all__ = ["COLORS", "PALETTE", "LEVEL_COLORS", "ILLUSTRATIVE_LABEL", "eur_axis", "number_axis", "pct_axis",
           "apply_style", "annotate_figure", "new_figure", "color_for"]

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
        "axes.prop_cycle": cycler(color=list(PALETTE)),
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
