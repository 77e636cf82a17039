"""Facade for notebooks: ``from analyse import trend_plots``. The code lives in :mod:`analyse.publish.plots`."""

from analyse.publish.plots.trends import (  # noqa: F401
    plot_real_nominal,
    plot_trend,
    plot_forecast,
    plot_its,
)

__all__ = [
    "plot_real_nominal",
    "plot_trend",
    "plot_forecast",
    "plot_its",
]
