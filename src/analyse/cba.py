"""Facade for notebooks: ``from analyse import cba``. The code lives in analyse.methods.cba
(discounting, appraisal, wrong pocket, sensitivity) and analyse.publish.plots.cba (plots)."""
from analyse.methods import cba as methods_cba
from analyse.methods.cba import *  # noqa: F403
from analyse.publish.plots import cba as plots_cba
from analyse.publish.plots.cba import *  # noqa: F403

__all__ = [*methods_cba.__all__, *plots_cba.__all__]
