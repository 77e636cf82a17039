"""Iv3 tables and Dutch notes shared by the Begroting report and ``vergelijking``: the
budget overview (lasten, baten, netto), the data vintage, data-quality notes (pgb shares)
and the note on pass-through income on 6.1.

Conventions as :mod:`analyse.methods.iv3`: euros, netto = lasten - baten. **Reëel** is in
both reports the change of an amount *per inhabitant* in euros of the price year (CPI),
so population growth does not count as growth (:func:`analyse.methods.iv3.real_change`).
"""

from __future__ import annotations

import pandas as pd

from analyse import params
from analyse.methods import iv3 as m
from analyse.publish.text import format_eur, format_pct, md

__all__ = ["budget_overview", "vintage_sentence", "pgb_notes", "pass_through_note", "REAL_DEFINITION"]

#: One definition of "reëel" for both reports.
REAL_DEFINITION = ("Reëel: per inwoner, omgerekend naar prijzen van het prijspeiljaar met de "
                   "consumentenprijsindex van het CBS; zo telt ook de groei van de bevolking niet als groei.")


def budget_overview(totals: pd.DataFrame, municipality: str, index, price_year: int) -> pd.DataFrame:
    """The municipality's Iv3 budget per group (rows) for the Begroting report: lasten of
    the budgets 2023-2025 (nominal EUR), baten and netto 2025 (EUR), lasten and netto per
    inhabitant 2025, and the real change 2023-2025 per inhabitant of the lasten
    (``reele_verandering``) and of netto (``netto_reele_verandering``) as shares (NaN below
    the minimum base, see :func:`analyse.methods.iv3.real_change`). Groups with nothing
    booked in any year are left out."""
    own = m.municipality_table(totals, municipality)
    budgets = own[own["document"].astype(str) == "begroting"]
    lasten = budgets.pivot_table(index="group", columns="year", values="lasten", observed=True, aggfunc="sum")
    out = pd.DataFrame(index=lasten.index)
    for year in (2023, 2024, 2025):
        out[f"begroting_{year}"] = lasten.get(year)
    last = budgets[budgets["year"] == 2025].set_index("group")
    for column, source in (("baten_2025", "baten"), ("netto_2025", "netto"),
                           ("per_inwoner_2025", "lasten_per_inwoner"), ("netto_per_inwoner_2025", "netto_per_inwoner")):
        out[column] = last[source].reindex(out.index)
    for measure, column in (("lasten_per_inwoner", "reele_verandering"),
                            ("netto_per_inwoner", "netto_reele_verandering")):
        change = m.real_change(own, index, 2023, 2025, price_year, measure=measure)
        out[column] = change.xs(municipality, level="municipality")["change"].reindex(out.index)
    labels = {g.id: g.label for g in m.comparison_groups().values()}
    out.insert(0, "taakveld", [labels.get(g, g) for g in out.index])
    used = (lasten.reindex(out.index).fillna(0) != 0).any(axis=1) | (out["baten_2025"].fillna(0) != 0)
    order = ["taakveld", "begroting_2023", "begroting_2024", "begroting_2025", "baten_2025", "netto_2025",
             "netto_per_inwoner_2025", "netto_reele_verandering", "per_inwoner_2025", "reele_verandering"]
    return out.loc[used, order]  # netto before lasten per inhabitant


def vintage_sentence(totals: pd.DataFrame) -> str:
    """"Laatst beschikbare Iv3-cijfers: begroting 2025, jaarrekening 2023 (...)" from the data."""
    years = m.vintage(totals)
    return (f"Laatst beschikbare Iv3-cijfers: begroting {years.get('begroting', '?')}, jaarrekening "
            f"{years.get('jaarrekening', '?')}. Het CBS publiceert een jaarrekening ruim een jaar na afloop van "
            "het jaar; de periode van dit rapport zegt niets over de stand van deze cijfers.")


def pgb_notes(shares: pd.DataFrame, municipality: str, year: int, document: str = "begroting") -> list[str]:
    """Dutch data-quality notes when the municipality books at least the ``share_warning`` of
    params/taakvelden.yaml ``pgb`` of its Wmo 18+ or youth care on the pgb taakveld (a
    likely booking artefact), with the national median share and the number of
    municipalities above the limit. ``shares``: :func:`analyse.methods.iv3.pgb_shares`. Empty
    when there is nothing to say (also before 2025)."""
    limit = float(params.value("taakvelden", "pgb")["share_warning"])
    shares = shares[(shares["year"] == year) & (shares["document"] == document)]
    notes = []
    for _, rows in shares.groupby("pair", sort=False):
        own = rows[rows["municipality"] == municipality]
        if own.empty or pd.isna(own["share"].iloc[0]) or own["share"].iloc[0] < limit:
            continue
        r = own.iloc[0]
        n_above = int((rows["share"] >= limit).sum())
        notes.append(
            f"Gegevenskwaliteit {md(r['label'])}: {md(municipality)} boekt in de {document} {year} "
            f"{format_pct(r['share'])} van de lasten {md(r['label'])} ({format_eur(r['pgb'])}) op het pgb-taakveld "
            f"{r['pgb_code']}, tegen een mediaan van {format_pct(rows['share'].median())} over alle gemeenten; "
            f"{n_above} gemeenten zitten op {format_pct(limit)} of meer. Dat is vrijwel zeker een manier van boeken "
            "(zorg in natura als pgb gecodeerd), geen keuze voor pgb. De groep in dit rapport telt pgb en zorg in "
            "natura samen, dus het totaal klopt; een uitsplitsing naar pgb zegt voor deze gemeente niets.")
    return notes


def pass_through_note(totals: pd.DataFrame, group: str = "6.1", year: int = 2023) -> str:
    """Dutch note on income booked on ``group`` that the budget did not foresee: the national
    baten of the budget and of the accounts of ``year`` (EUR billions). "" without accounts."""
    rows = totals[(totals["group"] == group) & (totals["year"] == year)]
    baten = rows.groupby(rows["document"].astype(str))["baten"].sum()
    if "jaarrekening" not in baten or "begroting" not in baten:
        return ""
    label = {g.id: g.label for g in m.comparison_groups().values()}.get(group, group)

    def bn(eur: float) -> str:
        return format_eur(eur / 1e9, 2) + " mld"

    return (f"Op {md(label)} boekten alle gemeenten samen in de jaarrekening {year} {bn(baten['jaarrekening'])} "
            f"aan baten, tegen {bn(baten['begroting'])} in de begroting {year}. Mogelijk zijn dat vooral "
            "vergoedingen van het Rijk voor de opvang van ontheemden uit Oekraïne, die de lasten en de baten op "
            "dit taakveld tegelijk verhogen; de Iv3-cijfers zelf zeggen niet waar de baten vandaan komen. "
            "Vergelijk dit taakveld daarom op netto per inwoner.")
