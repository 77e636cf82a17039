"""Facade for notebooks: ``from analyse import welzijn``. The code lives in analyse.methods.welzijn."""

from analyse.methods import welzijn as _welzijn
from analyse.methods.welzijn import *  # noqa: F403

__all__ = [*_welzijn.__all__]
