"""Dutch wording around the CBS care series: how old the extracts are, what is missing in
them, a like-for-like before/after line for youth care and the trend of the gap with the
peer median (Zorggebruik, Samenvatting).

The extract date is a parameter (params/care_use.yaml ``cbs_extract_date``); every other
number comes from the data passed in. Numbers in Dutch format via :mod:`analyse.publish.text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analyse import params
from analyse.publish.care_text import period_words
from analyse.publish.text import MONTHS, format_number, md

__all__ = ["MONTHS", "extract_month", "vintage_sentence", "no_figures_sentence", "gap_note",
           "youth_before_after_sentence", "gap_trend_sentences", "period_years"]



def extract_month(date: str | None = None) -> str:
    """"2025-04-23" -> "april 2025" (default: params/care_use.yaml ``cbs_extract_date``)."""
    stamp = pd.Timestamp(date or params.value("care_use", "cbs_extract_date"))
    return f"{MONTHS[stamp.month - 1]} {stamp.year}"


def vintage_sentence(last: Mapping[str, object], date: str | None = None) -> str:
    """How old the CBS figures are, from the last period of each series (``{"Wmo": "2024H1",
    "jeugdzorg": 2023}``) and the extract date: "Cijfers uit de CBS-extracten van april 2025
    (Wmo tot en met het eerste halfjaar van 2024, jeugdzorg tot en met 2023); nieuwere
    CBS-cijfers kunnen inmiddels beschikbaar zijn." Series without a period are left out."""
    parts = [f"{md(name)} tot en met {period_words(period)}" for name, period in last.items()
             if period is not None and not (isinstance(period, float) and np.isnan(period))]
    inner = f" ({', '.join(parts)})" if parts else ""
    return (f"Cijfers uit de CBS-extracten van {extract_month(date)}{inner}; nieuwere CBS-cijfers kunnen inmiddels "
            "beschikbaar zijn. Het zijn dus niet de cijfers van de rapportageperiode.")


def no_figures_sentence(own: pd.Series, municipality: str, what: str, table: str,
                        periods: Sequence[object]) -> str | None:
    """None when ``own`` has at least one value; otherwise "Het CBS heeft voor Heumen geen
    cijfers over Wmo-cliënten in de gebruikte extractie van tabel 86050NED (2017 tot en met
    het eerste halfjaar van 2024); een vergelijking is daarom niet mogelijk." ``periods``: the
    periods of the table (for the span)."""
    if own.notna().any():
        return None
    span = (f" ({period_words(periods[0])} tot en met {period_words(periods[-1])})" if len(periods) else "")
    return (f"Het CBS heeft voor {md(municipality)} geen cijfers over {what} in de gebruikte extractie van tabel "
            f"{table}{span}; een vergelijking met andere gemeenten of in de tijd is daarom niet mogelijk.")


def gap_note(series: Mapping[str, pd.Series], table: str) -> str:
    """Under a chart or table: which periods are missing inside each series (between its first
    and last value), named as missing in the extract, e.g. "Nederland als geheel: 2021
    ontbreekt in de gebruikte CBS-extractie van tabel 86050NED."."""
    parts = []
    for name, values in series.items():
        valid = values.notna().to_numpy()
        if not valid.any():
            continue
        first, last = valid.argmax(), len(valid) - 1 - valid[::-1].argmax()
        missing = [period_words(p) for p, ok in zip(values.index[first:last + 1], valid[first:last + 1],
                                                    strict=True) if not ok]
        if missing:
            parts.append(f"{md(name)}: {', '.join(missing)} {'ontbreekt' if len(missing) == 1 else 'ontbreken'}")
    head = "; ".join(parts) + f" in de gebruikte CBS-extractie van tabel {table}. " if parts else ""
    return head + "Een gat in een lijn of een '–' is een ontbrekend cijfer, geen nul."


def _pct(value: float) -> str:
    decimals = 1 if round(value, 1) == round(value, 2) else 2
    return f"{format_number(value, decimals)}%"


def youth_before_after_sentence(pct: pd.Series, count: pd.Series, peer_median: pd.Series, national: pd.Series,
                                municipality: str, start: int, tables: pd.Series | None = None) -> str:
    """Youth care, year figure with year figure: the first year from ``start`` with a value
    against the latest, for the municipality (percentage and count), the peer median and the
    Netherlands. Example (CBS 85099NED, Dalfsen, start 2021): 8,7% -> 9,8% (+1,1 procentpunt;
    685 -> 770 jongeren, +12%); mediaan 10,1% -> 10,35%; Nederland 10,6% -> 11,0%.
    ``tables``: the CBS table per year; a change of table is said."""
    values = pct.dropna()
    values = values[values.index.astype(int) >= start]
    if len(values) < 2:
        return f"Jongeren met jeugdzorg: te weinig jaarcijfers vanaf {start} voor een vergelijking."
    a, b = values.index[0], values.index[-1]
    text = (f"Jongeren met jeugdzorg, jaarcijfer {a} tegenover {b}: {md(municipality)} {_pct(values[a])} en "
            f"{_pct(values[b])} ({'+' if values[b] >= values[a] else ''}{format_number(values[b] - values[a], 1)} "
            "procentpunt")
    if pd.notna(count.get(a)) and pd.notna(count.get(b)) and count[a]:
        change = (count[b] / count[a] - 1) * 100
        text += (f"; {format_number(count[a])} en {format_number(count[b])} jongeren, "
                 f"{'+' if change >= 0 else ''}{format_number(change, 0)}%")
    text += ")"
    for label, other in (("mediaan van vergelijkbare gemeenten", peer_median), ("Nederland als geheel", national)):
        if pd.notna(other.get(a)) and pd.notna(other.get(b)):
            text += f"; {label} {_pct(other[a])} en {_pct(other[b])}"
    text += "."
    if tables is not None and a in tables.index and b in tables.index:
        text += (f" Beide jaren uit CBS-tabel {tables[a]}, dus dezelfde telwijze." if tables[a] == tables[b] else
                 f" Let op: {a} komt uit tabel {tables[a]} en {b} uit {tables[b]}; een deel van het verschil kan de "
                 "overgang tussen de tabellen zijn.")
    return text


def period_years(index: pd.Index) -> np.ndarray:
    """Periods as decimal years: "2017H1" -> 2017.0, "2017H2" -> 2017.5, 2017 -> 2017.0."""
    out = []
    for p in index:
        text = str(p)
        out.append(int(text[:4]) + (0.5 if text.endswith("H2") else 0.0))
    return np.asarray(out, dtype=float)


def _slope(values: pd.Series) -> float:
    return float(np.polyfit(period_years(values.index), values.to_numpy(dtype=float), 1)[0])


def gap_trend_sentences(gap: pd.Series, at: str, municipality: str) -> list[str]:
    """The gap with the peer median (per 1,000) before and from the policy start in plain
    words: first and last value before the start, the straight-line trend per year on each
    side and, when the trend before the start ran the other way and was steeper, that most of
    the change in trend is the end of that earlier movement. No model estimate is printed."""
    values = gap.dropna()
    before, after = values[values.index.astype(str) < at], values[values.index.astype(str) >= at]
    if len(before) < 2 or len(after) < 2:
        return [f"Te weinig halfjaren vóór en na {period_words(at)} om de ontwikkeling van het verschil met de mediaan "
                "te beschrijven."]
    pre, post = _slope(before), _slope(after)

    def signed(x: float) -> str:
        return f"{'+' if x >= 0 else ''}{format_number(x, 1)}"
    out = [f"Het verschil tussen {md(municipality)} en de mediaan van vergelijkbare gemeenten ging vóór de start van "
           f"{signed(before.iloc[0])} ({period_words(before.index[0])}) naar {signed(before.iloc[-1])} per 1.000 "
           f"({period_words(before.index[-1])}), gemiddeld {signed(pre)} per 1.000 per jaar; vanaf de start "
           f"gemiddeld {signed(post)} per 1.000 per jaar (rechte lijn door de halfjaren)."]
    if pre * post < 0 and abs(pre) > abs(post):
        direction = "inhaalgroei" if pre > 0 else "daling"
        out.append(f"Van die omslag (van {signed(pre)} naar {signed(post)} per jaar) is dus meer dan de helft het "
                   f"einde van de {direction} vóór {period_words(at)}, niet een nieuwe beweging daarna. Een effect "
                   "van het beleid is hiermee niet aangetoond.")
    else:
        out.append("Dat is een beschrijving van de gemeten halfjaren, geen gemeten effect van het beleid: er is "
                   "geen vergelijkbare gemeente zonder beleid.")
    return out
