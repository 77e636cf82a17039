"""analyse: reproducible policy analysis for the Dutch municipal social domain.

Notebooks start with ``from analyse import data`` and call ``data.budget()``,
``data.care_use()`` and so on: each returns a validated, typed frame.
"""

__version__ = "0.1.0"
