"""Facade for notebooks: ``from analyse import prevention_plots``. The code lives in
analyse.publish.plots.prevention."""

from analyse.publish.plots import prevention as _prevention
from analyse.publish.plots.prevention import *  # noqa: F403

__all__ = [*_prevention.__all__]
