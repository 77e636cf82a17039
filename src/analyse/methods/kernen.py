"""The kernen of a frame in configuration order, and their inhabitants in that order.

The data layer gives ``kern`` as a categorical whose categories follow
``municipality.yaml``; hand-made frames may carry plain text instead.
"""

from __future__ import annotations

import pandas as pd

from analyse.methods.population import inhabitants

__all__ = ["inhabitants_in_order", "kern_order"]


def kern_order(frame: pd.DataFrame) -> list[str]:
    """The kernen of ``frame['kern']``: its categories (configuration order), else as they appear."""
    kern = frame["kern"]
    if isinstance(kern.dtype, pd.CategoricalDtype):
        return [str(k) for k in kern.cat.categories]
    return list(dict.fromkeys(kern.astype(str)))


def inhabitants_in_order(population: pd.DataFrame, year: int | None = None) -> pd.Series:
    """Inhabitants per kern in ``year`` (default: latest), indexed by kern in configuration
    order (categories), else alphabetically; see :func:`analyse.methods.population.inhabitants`."""
    people = inhabitants(population, year)
    if isinstance(population["kern"].dtype, pd.CategoricalDtype):
        order = [k for k in kern_order(population) if k in people.index]
    else:
        order = sorted(people.index)
    return people.reindex(order)
