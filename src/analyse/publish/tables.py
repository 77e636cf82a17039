"""Report tables: a pandas Styler with Dutch formats and protected counts of people.

Every table in the report pack goes through :func:`format_table`, so counts of people
are protected by default (:func:`analyse.disclosure.tables.protect_for_display`) and the
cells of count columns carry the class ``telling`` for the publishing check.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Sequence

import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from analyse.disclosure.rules import load_rules, protection_enabled
from analyse.disclosure.tables import (
    count_cells,
    display_count_columns,
    gap_within_rounding,
    protect_for_display,
    publishable_status,
)
from analyse.publish.counts import BAND_NOTE, WITHIN_ROUNDING, WITHIN_ROUNDING_NOTE, show_band
from analyse.publish.text import MISSING, format_eur, format_number, format_pct, format_ratio

__all__ = ["format_table"]


def format_table(frame, eur: Sequence[str] = (), pct: Sequence[str] = (), ratio: Sequence[str] = (),
                 number: Sequence[str] = (), decimals: int = 0, caption: str | None = None, hide_index: bool = False,
                 columns: dict[str, str] | None = None, counts: Sequence[str] | None = None,
                 bands: Sequence[str] = (), trim: bool = False):
    """A pandas Styler that shows ``frame`` with Dutch formats per column group:
    ``eur`` as € 1.200.000, ``pct`` (shares 0-1) as 10%, ``ratio`` as 2,97,
    ``number`` as 1.234 (with ``trim``: at most ``decimals`` decimals, trailing zeros
    dropped, so 7,4 and 35 in one column); other columns keep pandas' display.
    ``columns`` (name -> Dutch heading) selects, orders and renames the columns shown; the format arguments use
    the original names. Text is HTML-escaped; text columns are left-aligned.

    Counts of people are protected by default (:func:`analyse.disclosure.tables.protect_for_display`:
    ``counts`` or the known count columns; small counts hidden and shown as the marker,
    others rounded, derived figures hidden or recomputed with them) with the rule as a
    footnote in the caption; the cells that hold a count of people (per the data contracts:
    :func:`analyse.disclosure.tables.count_cells`, e.g. the evaluations' ``value`` only in
    rows that count people) carry the class ``telling`` so the publishing check can verify
    them. Count cells of the columns in ``bands`` are shown as the band of counts they stand
    for ("58–62"), for tables that compare counts with a target; a gap withheld there
    because the band holds values on target and behind reads "binnen afronding", and a
    ``status`` column gets the status of what is shown
    (:func:`analyse.disclosure.tables.publishable_status`), never one that narrows a count."""
    rules = load_rules()
    frame = publishable_status(frame, rules) if "status" in frame.columns else frame
    is_count = count_cells(frame, counts)
    frame, hidden, any_hidden = protect_for_display(frame, counts=counts, rules=rules)
    count_cols = display_count_columns(frame, counts)
    protected = protection_enabled() and bool(count_cols)
    within = gap_within_rounding(hidden) if protected else pd.Series(False, index=frame.index)
    notes = []
    if bands and protected:
        frame = frame.astype({b: "object" for b in bands if b in frame.columns})
        for b in bands:
            rows = is_count[b] & ~hidden[b] if b in frame.columns else pd.Series(False, index=frame.index)
            frame.loc[rows, b] = [show_band(v, rules) for v in frame.loc[rows, b]]
            notes += [BAND_NOTE] if rows.any() else []
    if within.any():
        frame = frame.astype({"gap": "object"})
        frame.loc[within, "gap"] = WITHIN_ROUNDING
        hidden.loc[within, "gap"] = False
        notes.append(WITHIN_ROUNDING_NOTE)
    if columns:
        keep = list(columns)
        frame, hidden = frame[keep].rename(columns=columns), hidden[keep].rename(columns=columns)
        is_count = is_count[keep].rename(columns=columns)
    names: dict[str, str] = columns or {}

    def heading(column: str) -> str:
        return names.get(column, column)

    formats: dict[str, Callable[..., str]] = {}
    formats.update({heading(c): (lambda v, d=decimals: format_eur(v, d)) for c in eur})
    formats.update({heading(c): (lambda v, d=decimals: format_pct(v, d)) for c in pct})
    formats.update({heading(c): format_ratio for c in ratio})
    formats.update({heading(c): (lambda v, d=decimals: _number_or_text(v, d, trim)) for c in number})
    shown_counts = [heading(c) for c in count_cols if heading(c) in frame.columns]
    for c in shown_counts:
        formats.setdefault(c, lambda v: _number_or_text(v, 0))
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
        classes = classes.mask(is_count.reindex(index=frame.index, columns=frame.columns, fill_value=False), "telling")
        styler = styler.set_td_classes(classes)
    note = " ".join(dict.fromkeys([rules.footnote, *notes])) if any_hidden or (protected and shown_counts) else None
    full_caption = " ".join(x for x in (caption, f"({note})" if note else None) if x)
    if full_caption:
        styler = styler.set_caption(html.escape(full_caption, quote=False))
    if hide_index:
        styler = styler.hide(axis="index")
    # pandas gives every table a random id (in its CSS selectors); one taken from the table's
    # content makes the same report the same page in every run (reproducible HTML)
    return styler.set_uuid(hashlib.sha1(f"{full_caption}\n{frame.to_csv()}".encode()).hexdigest()[:10])


def _number_or_text(value: object, decimals: int, trim: bool = False) -> str:
    """A Dutch number (``trim``: trailing decimal zeros dropped), or text (a band such as
    "58–62", "binnen afronding") as it is."""
    if isinstance(value, str):
        return value
    text = format_number(value, decimals)  # type: ignore[arg-type]
    if trim and decimals and text != MISSING:
        text = text.rstrip("0").rstrip(",")
        text = "0" if text == "-0" else text
    return text


def _is_numeric(column: pd.Series) -> bool:
    """Numbers (not booleans): right-aligned by pandas; other columns are text."""
    return is_numeric_dtype(column) and not is_bool_dtype(column)
