"""Facade for notebooks: ``from analyse import trends``. The code lives in analyse.methods
(indexation, timeseries, its, forecast, budget; the per-1,000 rule in population)."""

import pandas as pd

from analyse.errors import SeriesError
from analyse.methods import budget, indexation, its, timeseries
from analyse.methods import forecast as forecasting
from analyse.methods.budget import *  # noqa: F403
from analyse.methods.forecast import *  # noqa: F403
from analyse.methods.indexation import *  # noqa: F403
from analyse.methods.its import *  # noqa: F403
from analyse.methods.population import add_rate_per_1000, per_1000
from analyse.methods.timeseries import *  # noqa: F403
from analyse.publish.plots.trends import small_count_points

__all__ = [*indexation.__all__, *timeseries.__all__, *its.__all__, *forecasting.__all__, *budget.__all__,
           "SeriesError", "add_rate_per_1000", "per_1000", "small_count_points"]


def cpi_index(cpi: pd.DataFrame | None = None) -> indexation.PriceIndex:  # type: ignore[no-redef]
    """Notebook convenience: the CPI as a PriceIndex; loads ``analyse.data.cpi()`` when no
    CPI frame (columns year, cpi_index) is given, then calls
    :func:`analyse.methods.indexation.cpi_index`."""
    from analyse import data

    return indexation.cpi_index(data.cpi() if cpi is None else cpi)
