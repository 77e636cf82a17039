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
from analyse.publish.text import dutch_list, format_eur, format_pct, md

__all__ = ["budget_overview", "vintage_sentence", "pgb_notes", "pass_through_note", "offset_note", "REAL_DEFINITION"]

#: One definition of "reëel" for both reports.
REAL_DEFINITION = ("Reëel: per inwoner, omgerekend naar prijzen van het prijspeiljaar met de "
                   "consumentenprijsindex van het CBS; zo telt ook de groei van de bevolking niet als groei.")


def budget_overview(totals: pd.DataFrame, municipality: str, index, price_year: int) -> pd.DataFrame:
    """The municipality's Iv3 budget per group (rows) for the Begroting report: lasten
    (``begroting_<year>``) and netto (``netto_<year>``) of the budgets 2023-2025 side by side
    (nominal EUR), baten 2025 (EUR), lasten and netto per
    inhabitant 2025, and the real change 2023-2025 per inhabitant of the lasten
    (``reele_verandering``) and of netto (``netto_reele_verandering``) as shares (NaN below
    the minimum base, see :func:`analyse.methods.iv3.real_change`). Groups with nothing
    booked in any year are left out."""
    own = m.municipality_table(totals, municipality)
    budgets = own[own["document"].astype(str) == "begroting"]
    lasten = budgets.pivot_table(index="group", columns="year", values="lasten", observed=True, aggfunc="sum")
    netto = budgets.pivot_table(index="group", columns="year", values="netto", observed=True, aggfunc="sum")
    out = pd.DataFrame(index=lasten.index)
    for year in (2023, 2024, 2025):
        out[f"begroting_{year}"] = lasten.get(year)
        out[f"netto_{year}"] = netto.get(year).reindex(out.index) if year in netto else float("nan")
    last = budgets[budgets["year"] == 2025].set_index("group")
    for column, source in (("baten_2025", "baten"),
                           ("per_inwoner_2025", "lasten_per_inwoner"), ("netto_per_inwoner_2025", "netto_per_inwoner")):
        out[column] = last[source].reindex(out.index)
    for measure, column in (("lasten_per_inwoner", "reele_verandering"),
                            ("netto_per_inwoner", "netto_reele_verandering")):
        change = m.real_change(own, index, 2023, 2025, price_year, measure=measure)
        out[column] = change.xs(municipality, level="municipality")["change"].reindex(out.index)
    labels = {g.id: g.label for g in m.comparison_groups().values()}
    out.insert(0, "taakveld", [labels.get(g, g) for g in out.index])
    used = (lasten.reindex(out.index).fillna(0) != 0).any(axis=1) | (out["baten_2025"].fillna(0) != 0)
    order = ["taakveld", "begroting_2023", "netto_2023", "begroting_2024", "netto_2024", "begroting_2025",
             "baten_2025", "netto_2025",
             "netto_per_inwoner_2025", "netto_reele_verandering", "per_inwoner_2025", "reele_verandering"]
    return out.loc[used, order]  # netto before lasten per inhabitant


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def vintage_sentence(totals: pd.DataFrame) -> str:
    """"Iv3-cijfers uit de CBS-extractie van april 2025 (...): begroting 2025, jaarrekening 2023;
    nieuwere CBS-cijfers (jaarrekening 2024, begroting 2026) kunnen beschikbaar zijn." The
    years come from the data, the date from params/taakvelden.yaml ``extract_date``."""
    years = m.vintage(totals)
    date = pd.Timestamp(str(params.value("taakvelden", "extract_date")))
    budget, accounts = years.get("begroting"), years.get("jaarrekening")
    newer = dutch_list([*([f"jaarrekening {accounts + 1}"] if accounts else []),
                        *([f"begroting {budget + 1}"] if budget else [])])
    return (f"Iv3-cijfers uit de extractie van {date.day} {MONTHS[date.month - 1]} {date.year} (CBS-cijfers zoals "
            f"toen gepubliceerd): begroting {budget or '?'}, jaarrekening {accounts or '?'}. Nieuwere CBS-cijfers"
            f"{f' ({newer})' if newer else ''} kunnen inmiddels beschikbaar zijn; de periode van dit rapport zegt "
            "niets over de stand van deze cijfers.")


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
            f"{n_above} gemeenten zitten op {format_pct(limit)} of meer. Dat is waarschijnlijk een boekings- of "
            "verwerkingsartefact (niet nagevraagd bij de gemeente of het CBS), geen "
            "aanwijzing voor een keuze voor pgb. De groep in dit rapport telt pgb en zorg in natura samen, dus het "
            "totaal hangt er niet van af; een uitsplitsing naar pgb zegt voor deze gemeente niets.")
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


def offset_note(real: pd.DataFrame, year: int = 2023) -> str:
    """Dutch sentence naming the groups without a netto realisation rate because their baten
    deviated from the budget (:func:`analyse.methods.iv3.baten_offset`), with the amounts.
    ``real``: :func:`analyse.publish.peers_text.realisation_table`; "" when there are none."""
    hit = real[m.baten_offset(real["netto_begroot"], real["baten_begroot"], real["baten_gerealiseerd"])]
    if hit.empty:
        return ""
    shown = dutch_list(f"{md(r.taakveld)} (baten begroot {format_eur(r.baten_begroot)}, jaarrekening "
                       f"{format_eur(r.baten_gerealiseerd)}; netto begroot {format_eur(r.netto_begroot)})"
                       for r in hit.itertuples())
    return (f"Geen realisatiepercentage netto waar de baten in {year} meer dan "
            f"{format_pct(m.max_baten_shift())} van het begrote netto bedrag afweken van de begroting: dan meet "
            f"het percentage vooral onverwachte inkomsten, niet de uitgaven. Dat geldt voor {shown}.")
