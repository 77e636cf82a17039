"""Plots of the cost-benefit engine (:mod:`analyse.methods.cba`) in the house style.

Each function takes a table computed by the engine, draws it with Dutch titles and labels,
the source line and, with ``illustrative=True``, the label "illustratieve gegevens", and
returns the matplotlib Figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analyse.publish import style

__all__ = ["plot_tornado", "plot_wrong_pocket"]


def plot_wrong_pocket(table: pd.DataFrame, *, price_year: int | None = None,
                      title: str = "Wie betaalt, wie profiteert?", illustrative: bool = False,
                      source: str | None = None) -> Figure:
    """Bar chart of :func:`~analyse.methods.cba.pockets.wrong_pocket`: present values in EUR of
    the price year, costs to the left, benefits to the right, the net position as a marker,
    one row per actor (Dutch labels, house style). Returns the figure."""
    unit = f"contante waarde (€, prijsjaar {price_year})" if price_year else "contante waarde (€)"
    fig, ax = style.new_figure(title, xlabel=unit[0].upper() + unit[1:], source=source, illustrative=illustrative,
                               figsize=(8.0, 0.6 * len(table) + 1.6))
    y = np.arange(len(table))[::-1]
    ax.barh(y, -table["pv_costs"], color=style.COLORS["negative"], label="Kosten (betaalt)")
    ax.barh(y, table["pv_benefits"], color=style.COLORS["positive"], label="Baten (ontvangt)")
    ax.scatter(table["net"], y, marker="D", color=style.COLORS["dark"], zorder=3, label="Saldo")
    ax.axvline(0, color=style.COLORS["dark"], linewidth=0.8)
    ax.xaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
    ax.set_yticks(y, table["label"])
    ax.grid(axis="y", visible=False)
    style.eur_axis(ax, "x")
    ax.legend(loc="upper center", ncol=3, bbox_to_anchor=(0.5, -0.75 / (0.77 * fig.get_figheight())), fontsize=8)
    return fig


def plot_tornado(table: pd.DataFrame, *, metric: str = "npv", top: int = 15, title: str | None = None,
                 illustrative: bool = False, source: str | None = None) -> Figure:
    """Tornado diagram of :func:`~analyse.methods.cba.sensitivity.one_way`: per input a bar
    from the base result to the result at the input's low end and one to its high end
    (metric "npv" in EUR of the price year, or "sroi" as a ratio); the ``top`` inputs with
    the largest swing. Returns the figure."""
    rows = table.head(top).iloc[::-1]
    words = {"npv": "netto contante waarde", "sroi": "SROI-ratio"}[metric]
    fig, ax = style.new_figure(title or f"Gevoeligheid van de {words} per invoer", xlabel=words.capitalize(),
                               source=source, illustrative=illustrative, figsize=(8.0, 0.4 * len(rows) + 1.8))
    base = float(rows[f"{metric}_base"].iloc[0]) if len(rows) else 0.0
    y = np.arange(len(rows))
    ax.barh(y, rows[f"{metric}_low"] - base, left=base, color=style.COLORS["secondary"],
            label="Invoer op laagste waarde")
    ax.barh(y, rows[f"{metric}_high"] - base, left=base, color=style.COLORS["primary"],
            label="Invoer op hoogste waarde")
    ax.axvline(base, color=style.COLORS["dark"], linewidth=0.8)
    if metric == "npv":
        ax.axvline(0, color=style.COLORS["negative"], linewidth=0.8, linestyle="--")
        style.eur_axis(ax, "x")
    else:
        ax.axvline(1, color=style.COLORS["negative"], linewidth=0.8, linestyle="--")
        style.number_axis(ax, "x", decimals=1)
    ax.xaxis.set_major_locator(MaxNLocator(6, steps=[1, 2, 2.5, 5, 10]))
    ax.set_yticks(y, rows["label"])
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", ncol=2, bbox_to_anchor=(0.5, -0.75 / (0.77 * fig.get_figheight())), fontsize=8)
    return fig
