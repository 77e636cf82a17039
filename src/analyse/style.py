"""Facade for notebooks: ``from analyse import style``. The code lives in :mod:`analyse.publish`."""

from analyse.publish.style import (  # noqa: F401
    COLORS,
    PALETTE,
    LEVEL_COLORS,
    ILLUSTRATIVE_LABEL,
    eur_axis,
    number_axis,
    pct_axis,
    apply_style,
    annotate_figure,
    new_figure,
    color_for,
    format_table,
)
from analyse.publish.text import (  # noqa: F401
    MISSING,
    is_missing,
    format_number,
    md,
    format_eur,
    format_pct,
    format_ratio,
)

__all__ = [
    "COLORS",
    "PALETTE",
    "LEVEL_COLORS",
    "ILLUSTRATIVE_LABEL",
    "eur_axis",
    "number_axis",
    "pct_axis",
    "apply_style",
    "annotate_figure",
    "new_figure",
    "color_for",
    "format_table",
    "MISSING",
    "is_missing",
    "format_number",
    "md",
    "format_eur",
    "format_pct",
    "format_ratio",
]
