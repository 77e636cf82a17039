"""Datasets for notebooks: ``from analyse import data; data.budget()``.

The data layer: readers (CSV/xlsx), contracts (pandera schemas), catalog, validate, the
processed store (Parquet + manifest) and the data dictionary. Nothing here imports the
methods, disclosure or publishing layers."""

from analyse.data.loading import (  # noqa: F401
    load,
    is_illustrative,
    explode_list,
    budget,
    realisation,
    evaluations,
    interventions,
    care_use,
    positive_health,
    sroi_projects,
    sroi_investments,
    sroi_outcomes,
    cpi,
    population,
)

__all__ = [
    "load",
    "is_illustrative",
    "explode_list",
    "budget",
    "realisation",
    "evaluations",
    "interventions",
    "care_use",
    "positive_health",
    "sroi_projects",
    "sroi_investments",
    "sroi_outcomes",
    "cpi",
    "population",
]
