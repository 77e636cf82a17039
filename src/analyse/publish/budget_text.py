"""Dutch sentences on how a yearly budget changed: every step against its base year.

A cut worded as "met 10% verlaagd" is only checkable when the reader sees from which
year and amount it is measured. These sentences name, per step, the years, the base
year, both amounts and the change, and then the total from the first to the last year,
nominal and real, so that the steps multiply to the total (0,923 x 0,950 = 0,877 is
-12,3%). The numbers come from :func:`analyse.methods.indexation.change_steps`.
"""

from __future__ import annotations

import pandas as pd

from analyse.methods.indexation import change_steps, cumulative_change
from analyse.publish.text import format_eur, format_number, format_pct

__all__ = ["signed_pct", "format_factor", "step_phrases", "budget_change_text", "budget_change_short",
           "prevention_budget_line", "sourced_years", "welfare_budget_line", "iv3_taakveld_sentence"]


def signed_pct(share: float, decimals: int = 1) -> str:
    """A change as a Dutch percentage with its sign: -0.0769 -> "-7,7%", 0.05 -> "+5,0%", 0 -> "0,0%"."""
    text = format_pct(share, decimals)
    return text if text.startswith("-") or text.strip("0,%") == "" else f"+{text}"


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def step_phrases(steps: pd.DataFrame, amounts: bool = True) -> list[str]:
    """One phrase per step of :func:`change_steps`, e.g. "2012-2014: -7,7% ten opzichte
    van 2011 (van € 1.300.000 naar € 1.200.000)"; without amounts when ``amounts`` is False."""
    out = []
    for row in steps.itertuples(index=False):
        text = (f"{_years(int(row.first_year), int(row.last_year))}: {signed_pct(float(row.change))} "
                f"ten opzichte van {int(row.base_year)}")
        if amounts:
            text += f" (van {format_eur(float(row.base_eur))} naar {format_eur(float(row.end_eur))})"
        out.append(text)
    return out


def budget_change_text(nominal: pd.Series, real: pd.Series, start: int, end: int, price_year: int,
                       subject: str = "het budget") -> str:
    """Markdown: the nominal steps from ``start`` to ``end`` (a list) and the total change,
    nominal and real (in prices of ``price_year``; ``real`` e.g. from
    :func:`analyse.methods.indexation.deflate`). ``subject`` names the budget ("het welzijnsbudget")."""
    steps = change_steps(nominal, start, end)
    total, real_total = steps.attrs["total_change"], cumulative_change(real, start, end)
    series = nominal.sort_index()
    first_amount, last_amount = float(series.loc[start]), float(series.loc[end])
    amounts = f"van {format_eur(first_amount)} in {start} naar {format_eur(last_amount)} in {end}"
    if steps.empty:
        return (f"Van {start} tot {end} bleef {subject} nominaal gelijk ({format_eur(first_amount)}); "
                f"reëel ({_REAL}, prijspeil {price_year}) veranderde het met **{signed_pct(real_total)}**.")
    count = "in één stap," if len(steps) == 1 else f"in {len(steps)} stappen, elk"
    items = "\n".join(f"- {phrase};" for phrase in step_phrases(steps)).removesuffix(";") + "."
    text = (f"Van {start} tot {end} veranderde {subject} nominaal {count} gemeten ten opzichte van het "
            f"jaar ervoor:\n\n{items}\n\n")
    if len(steps) > 1:
        text += (f"Samen {signed_pct(total)} nominaal ({amounts}; de stappen vermenigvuldigd: "
                 f"{_chain(steps['change'])} = {format_factor(1 + total)}), ")
    else:
        text += f"Samen {signed_pct(total)} nominaal ({amounts}), "
    text += f"reëel **{signed_pct(real_total)}** ({_REAL}, prijspeil {price_year})."
    if int(steps["base_year"].iloc[0]) == start and start == int(series.index.min()):
        text += (f" De reeks begint in {start}: of {subject} vóór {start} al veranderde, "
                 "staat niet in de gegevens.")
    return text


#: What "reëel" means, said where the figure appears.
_REAL = "na correctie voor inflatie"


def format_factor(value: float) -> str:
    """A growth factor with three decimals, Dutch: 0.923077 -> "0,923"."""
    return format_number(value, 3)


def _chain(changes: pd.Series) -> str:
    return " × ".join(format_factor(1 + float(c)) for c in changes)


def budget_change_short(nominal: pd.Series, real: pd.Series, start: int, end: int, price_year: int) -> str:
    """One line for a summary: "nominaal -12,3% (2012-2014: -7,7% ten opzichte van 2011; 2022: -5,0%
    ten opzichte van 2021), reëel **-38,9%** (prijspeil 2025)"."""
    steps = change_steps(nominal, start, end)
    shown = f" ({'; '.join(step_phrases(steps, amounts=False))})" if len(steps) else " (geen wijziging)"
    return (f"nominaal {signed_pct(steps.attrs['total_change'])}{shown}, reëel "
            f"{signed_pct(cumulative_change(real, start, end))} (prijspeil {price_year})")


def prevention_budget_line(budget: pd.DataFrame, year: int, welfare_field: str, label: str) -> str:
    """Summary bullet: the budget lines of ``year`` with a prevention level, and how much of that
    is the general welfare work of ``welfare_field`` (every welfare line has a prevention level,
    so the total is mostly general welfare work). ``budget``: :func:`analyse.data.budget` (EUR)."""
    rows = budget[(budget["year"] == year) & budget["prevention_level"].notna()]
    welfare = rows.loc[rows["policy_field"] == welfare_field, "amount_eur"].sum()
    all_lines = budget[(budget["year"] == year) & (budget["policy_field"] == welfare_field)]
    every = " elke welzijnspost heeft een preventieniveau;" if all_lines["prevention_level"].notna().all() else ""
    total = rows["amount_eur"].sum()
    return (f"- Preventiebudget {year} ({label}): {format_eur(total)} aan begrotingsposten met een preventieniveau, "
            f"waarvan {format_eur(welfare)} algemeen welzijnswerk (beleidsveld {welfare_field};{every} de andere "
            f"posten samen {format_eur(total - welfare)}).")


def sourced_years(budget: pd.DataFrame, policy_field: str) -> list[int]:
    """Years in which at least one line of ``policy_field`` comes straight from a budget document
    (column ``source`` filled); the other years are derived (column ``derivation``)."""
    rows = budget[(budget["policy_field"] == policy_field) & budget["source"].notna()]
    return sorted(int(y) for y in rows["year"].unique())


def welfare_budget_line(change: str, first: int, last: int, label: str, sourced: list[int]) -> str:
    """Summary bullet on the welfare budget as a worked example, not a headline: ``change`` from
    :func:`budget_change_short`, ``sourced`` from :func:`sourced_years`."""
    years = " en ".join(filter(None, (", ".join(map(str, sourced[:-1])), str(sourced[-1])))) if sourced else ""
    where = (f"alleen in {years} komt (een deel van) de posten rechtstreeks uit een begrotingsdocument; de andere "
             "bedragen zijn afgeleid" if sourced else "alle bedragen zijn afgeleid")
    return (f"- Welzijnsbudget {first}-{last} (rekenvoorbeeld; {label}): {change}. Let op: "
            f"{where} (zie Begroting en financiën), dus lees dit als rekenvoorbeeld, niet als vastgestelde "
            "bezuiniging.")


def iv3_taakveld_sentence(iv3: pd.DataFrame, municipality: str, year: int, taakveld: str, amount: float) -> str:
    """How the policy lines (``amount`` EUR in ``year``) relate to one Iv3 taakveld in the budget
    (begroting) of that year: its netto (lasten minus baten) from CBS Iv3. Example (Iv3 begroting
    2025, Dalfsen, taakveld 6.1): lasten 16.058.000 - baten 12.409.000 = netto 3.649.000."""
    rows = iv3[(iv3["municipality"] == municipality) & (iv3["year"] == year)
               & (iv3["document"].astype(str) == "begroting") & (iv3["taakveld_code"].astype(str) == taakveld)]
    if rows.empty:
        return ""
    r = rows.iloc[0]
    return (f"Ter vergelijking: in de Iv3-begroting {year} (CBS) staat op taakveld {taakveld} {r['taakveld_name']} "
            f"netto {format_eur(r['lasten'] - r['baten'])} (lasten {format_eur(r['lasten'])} min baten "
            f"{format_eur(r['baten'])}). Dat taakveld omvat meer dan de welzijnsposten hier ({format_eur(amount)} in "
            f"{year}); de posten zijn met deze gegevens niet een-op-een aan taakvelden te koppelen.")
