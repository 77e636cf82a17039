"""Facade for notebooks: ``from analyse import welzijn``. The code lives in :mod:`analyse.methods`."""

from analyse.methods.welzijn import (  # noqa: F401
    ON_TARGET,
    OFF_TARGET,
    NO_TARGET,
    indicator_status,
    status_summary,
    reach_per_1000,
)

__all__ = [
    "ON_TARGET",
    "OFF_TARGET",
    "NO_TARGET",
    "indicator_status",
    "status_summary",
    "reach_per_1000",
]
