"""Facade for notebooks: ``from analyse import style``. The code lives in analyse.publish (style: colours and
figures, tables: format_table, text: Dutch number formats)."""
from analyse.publish import style, tables
from analyse.publish.style import *  # noqa: F403
from analyse.publish.tables import *  # noqa: F403
from analyse.publish.text import MISSING, format_eur, format_number, format_pct, format_ratio, is_missing, md

__all__ = [*style.__all__, *tables.__all__,
           "MISSING", "is_missing", "format_number", "md", "format_eur", "format_pct", "format_ratio"]
