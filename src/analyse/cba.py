"""Facade for notebooks: ``from analyse import cba``. The code lives in analyse.methods.cba
(discounting, appraisal, returns, wrong pocket, sensitivity), analyse.publish.plots.cba (plots)
and analyse.publish.cba_text (the Dutch sentences and tables of the Kosten en baten report)."""

from analyse.methods import cba as methods_cba
from analyse.methods.cba import *  # noqa: F403
from analyse.publish import cba_text
from analyse.publish.cba_text import *  # noqa: F403
from analyse.publish.plots import cba as plots_cba
from analyse.publish.plots.cba import *  # noqa: F403

__all__ = [*methods_cba.__all__, *plots_cba.__all__, *cba_text.__all__]
