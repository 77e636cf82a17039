"""Figures of the prevention view, in the house style (:mod:`analyse.publish.style`), Dutch labels.

Each function takes a frame (or graph) from the prevention methods (:mod:`analyse.methods.pyramid`,
``health``, ``coverage``, ``whitespots``, ``network``) and returns the matplotlib Figure;
``illustrative=True`` stamps "illustratieve gegevens" on it and ``source`` adds the source
line. The heatmaps are drawn with ``seaborn.heatmap``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any, cast

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.projections.polar import PolarAxes

from analyse.config import POSITIVE_HEALTH_DIMENSIONS, PREVENTION_LEVELS
from analyse.methods.coverage import coverage_matrix
from analyse.methods.network import NODE_KINDS, orphans
from analyse.methods.pyramid import PHASE_LABELS, PHASE_OF_LEVEL
from analyse.publish import style
from analyse.publish.counts import show_count
from analyse.publish.prevention_text import VERDICTS
from analyse.publish.text import format_eur, format_number, format_pct

MEASURE_LABELS = {
    "budget_eur": "Begroting (€ per jaar)",
    "intervention_budget_eur": "Jaarbudget lopende interventies (€ per jaar)",
    "interventions": "Aantal interventies",
}
COVERAGE_LABELS = {
    "budget_per_inhabitant": "Budget per inwoner (€ per jaar)",
    "budget_eur": "Budget (€ per jaar)",
    "interventions": "Aantal interventies",
}
NODE_COLORS = dict(zip(NODE_KINDS, (style.COLORS["primary"], style.COLORS["secondary"], style.COLORS["positive"])))
LAYER_TITLES = dict(zip(NODE_KINDS, ("Doelen", "Interventies", "Indicatoren")))


def _format(value: float, measure: str) -> str:
    if measure == "interventions":
        return format_number(value)
    decimals = 2 if measure == "budget_per_inhabitant" else 0
    return format_eur(value, decimals)


def _wrap(text: str, width: int = 14) -> str:
    return textwrap.fill(str(text), width, break_long_words=False)


# --------------------------------------------------------------------------- pyramid

def plot_pyramid(table: pd.DataFrame, measure: str = "budget_eur", *, title: str | None = None,
                 source: str | None = "begroting; interventieregister", illustrative: bool = False) -> Figure:
    """The prevention pyramid: one centred bar per level (1 at the bottom), width = ``measure``
    summed over policy fields, with the phase totals (Dalfsen preventie 2021) on the right."""
    totals = table.groupby("level")[measure].sum().reindex(list(PREVENTION_LEVELS), fill_value=0)
    fig, ax = style.new_figure(title or f"Preventiepiramide: {MEASURE_LABELS[measure].lower()}", "", "",
                               source, illustrative, figsize=(8.5, 4.5))
    widest = float(totals.max()) or 1.0
    for level, value in zip(PREVENTION_LEVELS, totals.to_numpy(float)):
        ax.barh(level, value, left=-value / 2, height=0.8, color=style.LEVEL_COLORS[level])
        ax.text(-widest / 2 - widest * 0.03, level, f"{level} {PREVENTION_LEVELS[level]}", ha="right", va="center")
        ax.text(0, level, _format(value, measure), ha="center", va="center", fontweight="bold",
                color=style.COLORS["dark"])
    phases = totals.groupby(pd.Series(PHASE_OF_LEVEL)).sum()
    for phase, label in PHASE_LABELS.items():
        levels = [lvl for lvl, ph in PHASE_OF_LEVEL.items() if ph == phase]
        x = widest / 2 + widest * 0.05
        ax.plot([x, x], [min(levels) - 0.35, max(levels) + 0.35], color=style.COLORS["neutral"], lw=1.5)
        ax.text(x + widest * 0.03, np.mean(levels), f"{label}\n{_format(phases[phase], measure)}", va="center")
    ax.set_xlim(-widest * 1.3, widest * 1.05)
    ax.set_ylim(0.4, 4.6)
    ax.axis("off")
    return fig


def plot_policy_fields(table: pd.DataFrame, measure: str = "intervention_budget_eur", *, title: str | None = None,
                       source: str | None = "begroting; interventieregister", illustrative: bool = False) -> Figure:
    """Horizontal bars per policy field, stacked by prevention level (pyramid colours)."""
    matrix = table.pivot_table(index="policy_field", columns="level", values=measure, aggfunc="sum", sort=False)
    matrix = matrix.reindex(columns=list(PREVENTION_LEVELS), fill_value=0).iloc[::-1]
    fig, ax = style.new_figure(title or f"{MEASURE_LABELS[measure]} per beleidsveld en preventieniveau",
                               MEASURE_LABELS[measure], "", source, illustrative)
    left = np.zeros(len(matrix))
    for level in PREVENTION_LEVELS:
        ax.barh(matrix.index, matrix[level], left=left, color=style.LEVEL_COLORS[level],
                label=f"{level} {PREVENTION_LEVELS[level]}")
        left += matrix[level].to_numpy()
    if measure == "interventions":
        style.number_axis(ax, "x")
    else:
        style.eur_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    return fig


# --------------------------------------------------------------------------- Positive Health

def plot_radar(profile: pd.DataFrame, kern: str, *, source: str | None = "enquête Positieve Gezondheid",
               illustrative: bool = False) -> Figure:
    """Spider web of one kern against the municipality's respondent-weighted mean (0-10).

    Six axes in the fixed order of POSITIVE_HEALTH_DIMENSIONS, clockwise from the top;
    each axis label shows the respondents, "*" marks a small sample."""
    rows = profile[profile["kern"] == kern].set_index("dimension").reindex(list(POSITIVE_HEALTH_DIMENSIONS))
    if rows["mean_score"].isna().all():
        raise ValueError(f"no Positive Health scores for kern {kern!r}")
    angles = np.linspace(0, 2 * np.pi, len(rows), endpoint=False)
    closed = np.append(angles, angles[0])
    style.apply_style()
    fig = plt.figure(figsize=(7, 6.5))
    ax = cast(PolarAxes, fig.add_subplot(projection="polar"))
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    survey_round = int(rows["survey_round"].dropna().iloc[0])
    fig.suptitle(f"Positieve Gezondheid in {kern}, meetronde {survey_round}", x=0.01, y=0.99, ha="left",
                 fontsize=12, fontweight="bold")
    lines = (("municipal_mean", "Gemeente (gewogen naar respondenten)", style.COLORS["neutral"], "--"),
             ("mean_score", kern, style.COLORS["primary"], "-"))
    for column, label, color, line in lines:
        values = np.append(rows[column].to_numpy(float), rows[column].iloc[0])
        ax.plot(closed, values, line, color=color, lw=2, label=label)
        if column == "mean_score":
            ax.fill(closed, values, color=color, alpha=0.15)
    labels = [f"{dim}\n(n = {show_count(n)}{' *' if small else ''})"
              for dim, n, small in zip(rows.index, rows["respondents"], rows["small_sample"])]
    ax.set_xticks(angles)
    ax.set_xticklabels(labels)
    ax.tick_params(axis="x", pad=10)
    ax.set_ylim(0, 10)
    ax.set_yticks([2, 4, 6, 8, 10])
    ax.set_rlabel_position(90)
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), fontsize=8)
    if rows["small_sample"].any():
        fig.text(0.01, 0.01, f"* minder dan {profile.attrs['min_respondents']} respondenten: kleine steekproef, "
                             "lees als gespreksstof, niet als meting.",
                 fontsize=8, color=style.COLORS["negative"])
    style.annotate_figure(fig, source, illustrative)
    return fig


def plot_round_change(change: pd.DataFrame, *, source: str | None = "enquête Positieve Gezondheid",
                      illustrative: bool = False) -> Figure:
    """Change per kern x dimension between two rounds with its confidence interval.

    Filled dots have an interval; open dots have none (sd or respondents missing); grey
    marks a small sample."""
    rows = change.iloc[::-1].reset_index(drop=True)
    rounds = f"ronde {change.attrs.get('from_round', '?')} naar {change.attrs.get('to_round', '?')}"
    level = format_pct(change.attrs.get("confidence", 0.95))
    xlabel = (f"Verschil (punten op 0-10)\nlijn: {level}-betrouwbaarheidsinterval (bandbreedte waarbinnen het "
              f"echte verschil met {level} zekerheid ligt);\ngrijs: kleine steekproef; "
              "open stip: geen interval mogelijk")
    fig, ax = style.new_figure(f"Verandering Positieve Gezondheid, {rounds}", xlabel, "",
                               source, illustrative, figsize=(8, 0.22 * len(rows) + 1.8))
    y = np.arange(len(rows))
    colors = np.where(rows["small_sample"], style.COLORS["neutral"], style.COLORS["primary"])
    has_ci = rows["ci_low"].notna()
    ax.errorbar(rows.loc[has_ci, "difference"], y[has_ci],
                xerr=[rows.loc[has_ci, "difference"] - rows.loc[has_ci, "ci_low"],
                      rows.loc[has_ci, "ci_high"] - rows.loc[has_ci, "difference"]],
                fmt="none", ecolor=colors[has_ci], elinewidth=1.2)
    ax.scatter(rows.loc[has_ci, "difference"], y[has_ci], color=colors[has_ci], zorder=3, s=18)
    ax.scatter(rows.loc[~has_ci, "difference"], y[~has_ci], facecolors="white", edgecolors=colors[~has_ci],
               zorder=3, s=18)
    ax.axvline(0, color=style.COLORS["dark"], lw=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{k} – {d}" for k, d in zip(rows["kern"], rows["dimension"])], fontsize=8)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    style.number_axis(ax, "x", 1)
    return fig


# --------------------------------------------------------------------------- heatmaps

def _grid(ax: Axes, values: pd.DataFrame, labels: pd.DataFrame, **heatmap: Any) -> None:
    """Draw ``values`` as a seaborn heatmap on ``ax``, dimensions (wrapped) along x and kernen
    along y from the index and columns of ``labels``, without axis titles, ticks or grid."""
    sns.heatmap(values, ax=ax, xticklabels=[_wrap(c) for c in labels.columns], yticklabels=list(labels.index),
                **heatmap)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.tick_params(length=0, labelrotation=0)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(False)


def _heatmap(matrix: pd.DataFrame, title: str, colorbar: str, cmap: str,
             cell_text: Callable[[int, int, float], str], source: str | None, illustrative: bool) -> Figure:
    """A kern x dimension heatmap (seaborn) with a text in every cell; cell (i, j) spans
    x j..j+1 and y i..i+1, row 0 at the top."""
    fig, ax = style.new_figure(title, "", "", source, illustrative, figsize=(9, 0.55 * len(matrix) + 2.2))
    values = matrix.to_numpy(float)
    _grid(ax, matrix.astype(float), matrix, cmap=cmap, cbar_kws={"label": colorbar, "shrink": 0.8})
    high = np.nanmax(values) if matrix.size else 0
    for (i, j), value in np.ndenumerate(values):
        dark = high and value > 0.6 * high
        ax.text(j + 0.5, i + 0.5, cell_text(i, j, value), ha="center", va="center", fontsize=8,
                color="white" if dark else style.COLORS["dark"])
    return fig


def plot_coverage(table: pd.DataFrame, value: str = "budget_per_inhabitant", *, title: str | None = None,
                  source: str | None = "interventieregister; inwoners per kern", illustrative: bool = False) -> Figure:
    """Heatmap kern x dimension of the coverage (interventions, budget or budget per inhabitant)."""
    matrix = coverage_matrix(table, value)
    rule = {"population": "naar inwonertal", "equal": "gelijk per kern"}.get(str(table.attrs.get("allocation")), "")
    heading = title or f"Aanbod per kern en dimensie: {COVERAGE_LABELS[value].lower()}"
    if rule and value != "interventions":
        heading += f"\n(budget over kernen verdeeld {rule})"
    return _heatmap(matrix, heading, COVERAGE_LABELS[value], "Blues",
                    lambda i, j, v: _format(v, value), source, illustrative)


#: Cell colour per verdict of the white-spot figure (the verdicts of ``explain_white_spots``).
VERDICT_COLORS = {"witte vlek": style.COLORS["negative"], "geen witte vlek": "#E8F1E4",
                  "onvoldoende gegevens": "#D9D9D9"}
#: The text in a cell of the white-spot figure, per verdict.
VERDICT_LABELS = {"witte vlek": "witte vlek", "geen witte vlek": "geen witte\nvlek",
                  "onvoldoende gegevens": "onvoldoende\ngegevens"}
#: Extra line in a cell where no intervention runs for the dimension in the kern.
NO_SUPPLY_LABEL = "geen aanbod"
#: The legend entries of the white-spot figure, per verdict: exactly what the colours mean.
VERDICT_LEGEND = {
    "witte vlek": "witte vlek: hoge vraag én laag aanbod",
    "geen witte vlek": "geen witte vlek: genoeg respondenten, maar geen hoge vraag of geen laag aanbod",
    "onvoldoende gegevens": "onvoldoende gegevens: te weinig respondenten, geen oordeel (ook geen 'geen witte vlek')",
}


def white_spot_verdicts(spots: pd.DataFrame) -> pd.DataFrame:
    """Kern x dimension table of the verdict per cell ("witte vlek", "geen witte vlek",
    "onvoldoende gegevens"), from ``enough_data`` and ``flagged`` of ``white_spots``."""
    enough = coverage_matrix(spots, "enough_data").fillna(False).astype(bool)
    flagged = coverage_matrix(spots, "flagged").fillna(False).astype(bool)
    codes = {(bool(e), bool(f)): verdict for (e, f), verdict in VERDICTS.items()}
    return pd.DataFrame([[codes[(e, f)] for e, f in zip(erow, frow)]
                         for erow, frow in zip(enough.to_numpy(), flagged.to_numpy())],
                        index=enough.index, columns=enough.columns)


def plot_white_spots(spots: pd.DataFrame, *, title: str | None = None,
                     source: str | None = "enquête Positieve Gezondheid; zorggebruik; interventieregister",
                     illustrative: bool = False) -> Figure:
    """Kern x dimension grid of the white-spot verdict (the same verdict as the text):
    one colour per verdict (:data:`VERDICT_COLORS`), the verdict written in the cell, and
    "geen aanbod" added where no intervention runs for the dimension in the kern. The
    ranking score of ``white_spots`` is not shown: it orders cells, it is no verdict."""
    verdicts = white_spot_verdicts(spots)
    no_supply = coverage_matrix(spots, "interventions").eq(0)
    order = list(VERDICT_COLORS)
    codes = verdicts.apply(lambda column: column.map(order.index)).astype(float)
    fig, ax = style.new_figure(title or "Witte vlekken: hoge vraag, laag aanbod", "", "", source, illustrative,
                               figsize=(9, 0.55 * len(verdicts) + 3.0))
    _grid(ax, codes, verdicts, cmap=ListedColormap([VERDICT_COLORS[v] for v in order]), vmin=-0.5,
          vmax=len(order) - 0.5, cbar=False, linewidths=1, linecolor="white")
    for (i, j), verdict in np.ndenumerate(verdicts.to_numpy()):
        label = VERDICT_LABELS[verdict] + (f"\n{NO_SUPPLY_LABEL}" if no_supply.iat[i, j] else "")
        ax.text(j + 0.5, i + 0.5, label, ha="center", va="center", fontsize=8,
                color="white" if verdict == "witte vlek" else style.COLORS["dark"])
    counts = verdicts.stack().value_counts()
    handles = [Patch(facecolor=VERDICT_COLORS[v], edgecolor=style.COLORS["neutral"],
                     label=f"{VERDICT_LEGEND[v]} ({int(counts.get(v, 0))}×)") for v in order]
    handles.append(Patch(facecolor="none", edgecolor="none",
                         label=f"{NO_SUPPLY_LABEL}: geen lopende interventie voor deze dimensie in de kern"))
    fig.subplots_adjust(bottom=0.32)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.12, -0.13), fontsize=8, frameon=False)
    return fig


# --------------------------------------------------------------------------- goal-effort network

def network_positions(graph: nx.DiGraph) -> dict[object, tuple[float, float]]:
    """Layered left-to-right positions: x = 0 goals, 1 interventions, 2 indicators.

    Interventions are stacked under their goal and indicators under their intervention, so
    few edges cross; y runs from 1 (top) to 0 (bottom)."""
    kind = nx.get_node_attributes(graph, "kind")
    label = nx.get_node_attributes(graph, "label")
    goals = sorted((n for n in graph if kind[n] == "doel"), key=label.get)
    interventions: list[object] = []
    for goal in goals:
        interventions += [n for n in sorted(graph.successors(goal), key=label.get) if n not in interventions]
    interventions += sorted((n for n in graph if kind[n] == "interventie" and n not in interventions), key=label.get)
    indicators = [n for node in interventions for n in sorted(graph.successors(node), key=label.get)]
    pos = {}
    for x, layer in enumerate((goals, interventions, indicators)):
        for i, node in enumerate(layer):
            pos[node] = (float(x), 1.0 - (i + 0.5) / len(layer))
    return pos


def plot_network(graph: nx.DiGraph, *, title: str = "Doel-Inspanningen-Netwerk",
                 source: str | None = "interventieregister; welzijnsevaluaties", illustrative: bool = False) -> Figure:
    """The goal-effort network drawn in three columns (Doelen -> Interventies -> Indicatoren).

    Goals without interventions and interventions without indicators get a red border."""
    pos = network_positions(graph)
    kind = nx.get_node_attributes(graph, "kind")
    tallest = max([sum(1 for n in graph if kind[n] == k) for k in LAYER_TITLES] + [1])
    fig, ax = style.new_figure(title, "", "", source, illustrative, figsize=(13, max(4.0, 0.26 * tallest + 1.5)))
    nx.draw_networkx_edges(graph, pos, ax=ax, arrows=False, edge_color=style.COLORS["neutral"], width=0.7, alpha=0.7)
    gaps = orphans(graph)
    missing = {("doel", g) for g in gaps["goals_without_interventions"]} | \
              {("interventie", i) for i in gaps["interventions_without_indicators"]}
    for node, (x, y) in pos.items():
        data = graph.nodes[node]
        orphan = node in missing
        ax.text(x, y, _wrap(data["label"], 34 if data["kind"] != "indicator" else 24), ha="center", va="center",
                fontsize=7.5, zorder=3,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "linewidth": 2.0 if orphan else 1.0,
                      "edgecolor": style.COLORS["negative"] if orphan else NODE_COLORS[data["kind"]]})
    for x, kind_name in enumerate(LAYER_TITLES):
        ax.text(x, 1.0 + 0.6 / max(tallest, 1) + 0.02, LAYER_TITLES[kind_name], ha="center", va="bottom",
                fontweight="bold", color=NODE_COLORS[kind_name])
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-0.01, 1.06)
    ax.axis("off")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.02)
    if missing:
        fig.text(0.99, -0.02, "rood omrand: doel zonder interventie of interventie zonder indicator",
                 ha="right", va="top", fontsize=8, color=style.COLORS["negative"])
    return fig


__all__ = ["NO_SUPPLY_LABEL", "VERDICT_COLORS", "VERDICT_LABELS", "VERDICT_LEGEND", "network_positions",
           "plot_coverage", "plot_network", "plot_policy_fields", "plot_pyramid", "plot_radar", "plot_round_change",
           "plot_white_spots", "white_spot_verdicts"]
