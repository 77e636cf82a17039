"""Datasets for notebooks: ``from analyse import data; data.budget()``.

The data layer: readers (CSV/xlsx) and cell parsers, contracts (pandera schemas),
catalog, validate, the processed store (Parquet + manifest) and the data dictionary.
Nothing here imports the methods, disclosure or publishing layers.
"""

from analyse.data import loading
from analyse.data.loading import *  # noqa: F403

__all__ = [*loading.__all__]
