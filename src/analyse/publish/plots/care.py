"""Plots of the real CBS series: Wmo and youth care against peers, per wijk, the interrupted
time series on half-years, and the Gezondheidsmonitor with its 95% intervals.

House style of :mod:`analyse.publish.style`. Periods are drawn as categories in time order
("2017 H1" = January-June 2017); a missing CBS value is a gap in the line, never a zero.
These are published CBS figures (rates and survey percentages), not counts of people from
municipal records, so nothing is hidden here; CBS already rounded its counts to 5.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analyse.methods.care_series import STEPS_PER_YEAR, PeriodITS
from analyse.methods.its import ITS_COUNTERFACTUAL_QUARTERS
from analyse.publish.style import COLORS, PALETTE, new_figure, number_axis
from analyse.publish.text import format_number

__all__ = ["period_label", "plot_versus_peers", "plot_wijken", "plot_period_its", "plot_health_editions",
           "plot_health_peers", "counterfactual_points"]

EDITION_COLORS = {2016: COLORS["light"], 2020: COLORS["secondary"], 2022: COLORS["primary"]}


def period_label(period: object) -> str:
    """"2024H1" -> "2024 H1"; 2023 -> "2023"."""
    text = str(period)
    return f"{text[:4]} {text[4:]}" if len(text) == 6 else text


def _period_axis(ax, periods: list) -> None:
    ax.set_xticks(range(len(periods)))
    ax.set_xticklabels([period_label(p) for p in periods], rotation=45, ha="right", fontsize=8)


def plot_versus_peers(own: pd.Series, panel: pd.DataFrame, national: pd.Series | None, title: str, ylabel: str,
                      source: str, own_label: str, peer_label: str, decimals: int = 0) -> Figure:
    """The municipality's series, the peers' median with their middle half (25th-75th
    percentile) as a band, and the Netherlands, per period."""
    periods = list(own.index)
    x = np.arange(len(periods))
    fig, ax = new_figure(title, "", ylabel, source)
    panel = panel.reindex(periods)
    n = int(panel["n"].iloc[0]) if len(panel) else 0
    ax.fill_between(x, panel["q25"].to_numpy(dtype=float), panel["q75"].to_numpy(dtype=float),
                    color=COLORS["light"], alpha=0.3, label=f"{peer_label}: middelste helft (n = {n})")
    ax.plot(x, panel["median"].to_numpy(dtype=float), color=COLORS["light"], linewidth=2,
            label=f"{peer_label}: mediaan")
    if national is not None:
        ax.plot(x, national.reindex(periods).to_numpy(dtype=float), color=COLORS["neutral"], linestyle="--",
                linewidth=1.5, label="Nederland als geheel")
    ax.plot(x, own.to_numpy(dtype=float), color=COLORS["primary"], marker="o", markersize=4, linewidth=2.5,
            label=own_label)
    _period_axis(ax, periods)
    number_axis(ax, decimals=decimals)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def plot_wijken(series: dict[str, pd.Series], title: str, ylabel: str, source: str) -> Figure:
    """One line per region (the municipality first, then its wijken)."""
    fig, ax = new_figure(title, "", ylabel, source)
    periods = list(next(iter(series.values())).index)
    x = np.arange(len(periods))
    for i, (name, values) in enumerate(series.items()):
        ax.plot(x, values.reindex(periods).to_numpy(dtype=float), marker="o", markersize=3,
                linewidth=2.5 if i == 0 else 1.5, color=PALETTE[i % len(PALETTE)], label=name)
    _period_axis(ax, periods)
    number_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def counterfactual_points(result: PeriodITS) -> int:
    """How many points from the break the counterfactual is drawn: at most the quarterly
    method's horizon in years (params/timeseries.yaml) and never more than the pre-period."""
    per_point_quarters = 4 // STEPS_PER_YEAR[result.kind]
    return min(result.n_before, max(ITS_COUNTERFACTUAL_QUARTERS // per_point_quarters, 1))


def plot_period_its(result: PeriodITS, title: str, ylabel: str, source: str) -> Figure:
    """Observed points, the fitted segments and the pre-break trend continued (with its band)
    for :func:`counterfactual_points` points after the break, labelled as an extrapolation."""
    f = result.fitted
    periods = list(f.index)
    x = np.arange(len(periods))
    fig, ax = new_figure(title, "", ylabel, source)
    ax.plot(x, f["observed"], color=COLORS["neutral"], marker="o", markersize=4, linewidth=1,
            label=f"Waargenomen (n = {result.n_before} + {result.n_after})")
    before = ~f["after"].to_numpy(dtype=bool)
    ax.plot(x[before], f["fitted"][before], color=COLORS["primary"], linewidth=2, label="Model (trend vóór en na)")
    ax.plot(x[~before], f["fitted"][~before], color=COLORS["primary"], linewidth=2)
    start = int(np.argmax(~before))
    shown = slice(start, start + counterfactual_points(result))
    ax.fill_between(x[shown], f["counterfactual_ci_low"].to_numpy()[shown],
                    f["counterfactual_ci_high"].to_numpy()[shown],
                    color=COLORS["secondary"], alpha=0.25, label="95%-interval van de doorgetrokken trend")
    ax.plot(x[shown], f["counterfactual"].to_numpy()[shown], color=COLORS["secondary"], linestyle="--", linewidth=2,
            label=f"Trend van vóór {period_label(result.at)} doorgetrokken\n(extrapolatie, geen meting)")
    ax.axvline(start - 0.5, color=COLORS["dark"], linewidth=1, linestyle=":")
    _period_axis(ax, periods)
    number_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def _whiskers(ax, y: np.ndarray, rows: pd.DataFrame, color: str, label: str, marker: str = "o") -> None:
    err = np.vstack([(rows["value"] - rows["lower"]).to_numpy(dtype=float),
                     (rows["upper"] - rows["value"]).to_numpy(dtype=float)])
    ax.errorbar(rows["value"].to_numpy(dtype=float), y, xerr=err, fmt=marker, color=color, capsize=3,
                markersize=5, label=label)


def plot_health_editions(table: pd.DataFrame, national: pd.DataFrame, title: str, source: str,
                         own_label: str) -> Figure:
    """Per indicator (rows) the municipality's estimate of each edition with its 95% interval,
    and the Netherlands of the same edition as an open marker."""
    labels = list(dict.fromkeys(table["label"]))
    editions = sorted(table["edition"].unique())
    fig, ax = new_figure(title, "Procent", "", source, figsize=(8.0, 0.55 * len(labels) + 1.5))
    for i, edition in enumerate(editions):
        offset = (i - (len(editions) - 1) / 2) * 0.22
        rows = table[table["edition"] == edition]
        y = np.array([labels.index(lab) for lab in rows["label"]], dtype=float) + offset
        _whiskers(ax, y, rows, EDITION_COLORS.get(int(edition), PALETTE[i]), f"{own_label} {edition}")
        nat = national[national["edition"] == edition].set_index("label").reindex(rows["label"])
        ax.scatter(nat["value"].to_numpy(dtype=float), y, facecolors="none", edgecolors=COLORS["dark"], s=22,
                   label="Nederland (zelfde jaar)" if i == len(editions) - 1 else None, zorder=3)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    number_axis(ax, axis="x")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig


def plot_health_peers(versus: pd.DataFrame, national: pd.Series, title: str, source: str, own_label: str,
                      peer_label: str) -> Figure:
    """One edition: the municipality's estimate with its 95% interval, the peer median and
    the Netherlands, per indicator."""
    labels = list(versus["label"])
    y = np.arange(len(labels), dtype=float)
    fig, ax = new_figure(title, "Procent", "", source, figsize=(8.0, 0.5 * len(labels) + 1.5))
    _whiskers(ax, y, versus, COLORS["primary"], f"{own_label} (95%-interval)")
    ax.scatter(versus["peer_median"].to_numpy(dtype=float), y, marker="D", color=COLORS["secondary"], s=26,
               label=f"{peer_label}: mediaan", zorder=3)
    ax.scatter(national.reindex(versus["indicator"]).to_numpy(dtype=float), y, facecolors="none",
               edgecolors=COLORS["dark"], s=26, label="Nederland", zorder=3)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda v, _pos: format_number(v))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return fig
