"""Report tables: a pandas Styler with Dutch formats and protected counts of people.

Every table in the report pack goes through :func:`format_table`, so counts of people
are protected by default (:func:`analyse.disclosure.tables.protect_for_display`) and the
cells of count columns carry the class ``telling`` for the publishing check.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from analyse.disclosure.rules import load_rules, protection_enabled
from analyse.disclosure.tables import display_count_columns, protect_for_display
from analyse.publish.text import MISSING, format_eur, format_number, format_pct, format_ratio

__all__ = ["format_table"]


def format_table(frame, eur: Sequence[str] = (), pct: Sequence[str] = (), ratio: Sequence[str] = (),
                 number: Sequence[str] = (), decimals: int = 0, caption: str | None = None, hide_index: bool = False,
                 columns: dict[str, str] | None = None, counts: Sequence[str] | None = None):
    """A pandas Styler that shows ``frame`` with Dutch formats per column group:
    ``eur`` as € 1.200.000, ``pct`` (shares 0-1) as 10%, ``ratio`` as 2,97,
    ``number`` as 1.234; other columns keep pandas' display. ``columns`` (name -> Dutch
    heading) selects, orders and renames the columns shown; the format arguments use
    the original names. Text is HTML-escaped; text columns are left-aligned.

    Counts of people are protected by default (:func:`analyse.disclosure.tables.protect_for_display`:
    ``counts`` or the known count columns; small counts hidden and shown as the marker,
    others rounded, derived figures hidden or recomputed with them) with the rule as a
    footnote in the caption; the cells of count columns carry the class ``telling`` so the
    publishing check can verify them."""
    rules = load_rules()
    frame, hidden, any_hidden = protect_for_display(frame, counts=counts, rules=rules)
    count_cols = display_count_columns(frame, counts)
    protected = protection_enabled() and bool(count_cols)
    if columns:
        keep = list(columns)
        frame, hidden = frame[keep].rename(columns=columns), hidden[keep].rename(columns=columns)
    names: dict[str, str] = columns or {}

    def heading(column: str) -> str:
        return names.get(column, column)

    formats: dict[str, Callable[..., str]] = {}
    formats.update({heading(c): (lambda v, d=decimals: format_eur(v, d)) for c in eur})
    formats.update({heading(c): (lambda v, d=decimals: format_pct(v, d)) for c in pct})
    formats.update({heading(c): format_ratio for c in ratio})
    formats.update({heading(c): (lambda v, d=decimals: format_number(v, d)) for c in number})
    shown_counts = [heading(c) for c in count_cols if heading(c) in frame.columns]
    for c in shown_counts:
        formats.setdefault(c, lambda v: format_number(v, 0))
    formats = {c: f for c, f in formats.items() if c in frame.columns}
    marker = rules.marker
    styler = frame.style.format(formats, na_rep=MISSING, escape="html")
    for column in frame.columns:
        if hidden[column].any():
            rows = hidden.index[hidden[column].to_numpy(dtype=bool)]
            styler = styler.format(lambda v: marker, subset=pd.IndexSlice[list(rows), [column]])
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    text_columns = [c for c in frame.columns if c not in formats and not _is_numeric(frame[c])]
    if text_columns:
        styler = styler.set_properties(subset=text_columns, **{"text-align": "left"})
    if shown_counts and protected:
        classes = pd.DataFrame("", index=frame.index, columns=frame.columns)
        for c in shown_counts:
            classes[c] = "telling"
        styler = styler.set_td_classes(classes)
    note = rules.footnote if any_hidden or (protected and shown_counts) else None
    full_caption = " ".join(x for x in (caption, f"({note})" if note else None) if x)
    if full_caption:
        styler = styler.set_caption(html.escape(full_caption, quote=False))
    if hide_index:
        styler = styler.hide(axis="index")
    return styler


def _is_numeric(column: pd.Series) -> bool:
    """Numbers (not booleans): right-aligned by pandas; other columns are text."""
    return is_numeric_dtype(column) and not is_bool_dtype(column)
