"""Facade for notebooks: ``from analyse import trend_plots``. The code lives in analyse.publish.plots.trends."""

from analyse.publish.plots import trends
from analyse.publish.plots.trends import *  # noqa: F403

__all__ = [*trends.__all__]
