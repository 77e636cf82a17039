"""Facade for notebooks: ``from analyse import prevention_plots``. The code lives in :mod:`analyse.publish.plots`."""

from analyse.publish.plots.prevention import (  # noqa: F401
    network_positions,
    plot_coverage,
    plot_network,
    plot_policy_fields,
    plot_pyramid,
    plot_radar,
    plot_round_change,
    plot_white_spots,
)

__all__ = [
    "network_positions",
    "plot_coverage",
    "plot_network",
    "plot_policy_fields",
    "plot_pyramid",
    "plot_radar",
    "plot_round_change",
    "plot_white_spots",
]
