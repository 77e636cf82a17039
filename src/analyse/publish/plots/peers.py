"""Peer comparison charts (seaborn): the distribution of the peers' values per taakveld
group with the municipality marked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from analyse.publish.style import COLORS, annotate_figure, apply_style, eur_axis

__all__ = ["plot_peer_distribution"]

#: Seed of the dots' vertical jitter: the same report gives the same picture in every run.
JITTER_SEED = 2024


@contextmanager
def _fixed_jitter() -> Iterator[None]:
    """seaborn draws the strip plot's jitter from numpy's global generator; seed it for the
    plot and put the caller's state back afterwards (nothing else is affected)."""
    state = np.random.get_state()
    np.random.seed(JITTER_SEED)
    try:
        yield
    finally:
        np.random.set_state(state)


def plot_peer_distribution(frames: dict[str, pd.DataFrame], municipality: str, title: str, source: str,
                           clip_quantile: float = 0.97) -> Figure:
    """One panel per measure (``frames``: panel title -> frame with columns ``taakveld``,
    ``municipality``, ``value`` for the peers and the municipality itself): a bar from the
    first to the third quartile of the peers with the median as a line, every peer as a dot
    (seaborn strip plot) and the municipality as a large marker. The x axis stops at the
    ``clip_quantile`` of the peers (or the municipality's value, if further out); peers
    beyond it are drawn at the edge and counted under the axis."""
    import matplotlib.pyplot as plt

    apply_style()
    n_rows = max(len(f["taakveld"].unique()) for f in frames.values())
    fig, axes = plt.subplots(1, len(frames), figsize=(11, 0.42 * n_rows + 1.8), sharey=True, squeeze=False)
    for ax, (panel, frame) in zip(axes[0], frames.items()):
        peers = frame[frame["municipality"] != municipality].copy()
        own = frame[frame["municipality"] == municipality]
        order = list(dict.fromkeys(frame["taakveld"]))
        peers = peers[peers["value"].notna()]
        values = pd.concat([peers["value"], own["value"]]).dropna()
        edge_low = peers["value"].quantile(1 - clip_quantile) if len(peers) else values.min()
        edge_high = peers["value"].quantile(clip_quantile) if len(peers) else values.max()
        low = min(0.0, float(edge_low), float(own["value"].min())) if len(values) else 0.0
        high = (max(float(edge_high), float(own["value"].max())) * 1.08 if len(values) else 1.0) or 1.0
        beyond = int(((peers["value"] > high) | (peers["value"] < low)).sum())
        peers["value"] = peers["value"].clip(low, high)
        if len(peers):  # no peers (a municipality alone in its class): only its own marker
            stats = peers.groupby("taakveld", sort=False)["value"].quantile([0.25, 0.5, 0.75]).unstack()
            stats = stats.reindex(order)
            positions = range(len(order))
            ax.barh(list(positions), stats[0.75] - stats[0.25], left=stats[0.25], height=0.6, color="#DDDDDD",
                    edgecolor=COLORS["neutral"], linewidth=0.6, zorder=1)
            ax.vlines(stats[0.5], [p - 0.3 for p in positions], [p + 0.3 for p in positions],
                      color=COLORS["dark"], linewidth=1.2, zorder=2)
            with _fixed_jitter():
                sns.stripplot(data=peers, x="value", y="taakveld", order=order, ax=ax, color=COLORS["light"],
                              size=2.5, alpha=0.6, jitter=0.2)
        own_y = [order.index(t) for t in own["taakveld"]]
        ax.scatter(own["value"], own_y, color=COLORS["negative"], marker="D", s=60, zorder=5, label=municipality)
        ax.set_yticks(list(range(len(order))), order)
        ax.set_xlim(low, high)
        ax.axvline(0, color=COLORS["neutral"], linewidth=0.6)
        eur_axis(ax, "x")
        ax.set_title(panel, fontsize=10)
        ax.set_xlabel("€ per inwoner" + (f"\n({beyond} waarden buiten de as, aan de rand getekend)" if beyond else ""))
        ax.set_ylabel("")
    axes[0][0].legend(loc="lower right", fontsize=8)
    axes[0][0].set_ylim(len(order) - 0.5, -0.5)
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    annotate_figure(fig, source)
    fig.subplots_adjust(left=0.3, right=0.98, top=1 - 0.9 / fig.get_figheight(), bottom=1.1 / fig.get_figheight(),
                        wspace=0.08)
    return fig
