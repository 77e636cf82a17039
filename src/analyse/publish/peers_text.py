"""Tables and Dutch sentences of the peer comparison (report ``vergelijking``) and the
Iv3 section of the Begroting report.

Data come from :mod:`analyse.methods.iv3` (comparison groups, per inhabitant, real change)
and :mod:`analyse.methods.peers` (peer groups, positions); this module only arranges and
words them. Every sentence states its definition; amounts are euros per inhabitant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from analyse import config, params
from analyse.methods import iv3 as m
from analyse.methods.peers import RANK_ORDER, SIZE_FALLBACK, position_table
from analyse.publish.text import dutch_list, format_eur, format_number, format_pct, md

__all__ = ["SOURCE", "MEASURES", "comparison_data", "pgb_table", "main_first", "main_group_sentence", "min_peers",
           "comparison_table", "position_sentences", "realisation_table",
           "change_table", "min_change_base", "max_zero_share", "min_base_share", "netto_first_sentences",
           "large_changes", "caveats", "peer_group_table"]

#: Source line under every Iv3 figure and table.
SOURCE = ("CBS, Iv3 (begrotingen en jaarrekeningen gemeenten), CC BY 4.0; bewerking "
          "michielsd/begrotingsanalysetool (Apache-2.0)")
#: measure -> Dutch definition.
MEASURES = {
    "lasten_per_inwoner": "lasten per inwoner (uitgaven op de taakvelden gedeeld door het aantal inwoners "
                          "op 1 januari)",
    "netto_per_inwoner": "netto lasten per inwoner (lasten min baten, wat de gemeente uit algemene middelen "
                         "betaalt, gedeeld door het aantal inwoners)",
}
#: Peer group id -> short Dutch column heading for its median.
MEDIAN_HEADINGS = {"grootte_stedelijkheid": "Mediaan zelfde grootte en stedelijkheid",
                   "provincie": "Mediaan provincie", "sociale_structuur": "Mediaan zelfde sociale structuur",
                   SIZE_FALLBACK: "Mediaan zelfde grootteklasse",
                   "nederland": "Mediaan van alle gemeenten"}


def max_zero_share() -> float:
    """Share of peers booking nothing from which no percentile is given (params/taakvelden.yaml)."""
    return float(params.value("taakvelden", "max_zero_share"))


def min_base_share() -> float:
    """Baten / lasten from which the lasten mislead and netto leads (params/taakvelden.yaml)."""
    return float(params.value("taakvelden", "min_base_share"))


_CACHE: dict[tuple, dict[str, Any]] = {}  # frames, and the comparison_data tuple


def _raw_state() -> tuple:
    """Cheap fingerprint of the data directory (names, sizes, modification times)."""
    raw = Path(config.RAW_DIR)
    files = sorted(p for p in raw.iterdir() if p.is_file()) if raw.is_dir() else []
    return (str(raw), str(config.PROCESSED_DIR), *((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files))


def _frames() -> dict[str, Any]:
    """The cache for the current state of the data directory (emptied when it changed)."""
    key = _raw_state()
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = {}
    return _CACHE[key]


def _cached(name: str) -> Any:
    """One derived frame of the Iv3 data ("totals", "pgb") or a dataset ("iv3", "gemeenteklassen",
    "cpi"), loaded through :mod:`analyse.data` once per state of the data directory, so a warm
    kernel that makes the report for many municipalities reads each file once."""
    frames = _frames()
    if name not in frames:
        if name == "totals":
            frames[name] = m.group_totals(_cached("iv3"))
        elif name == "pgb":
            frames[name] = m.pgb_shares(_cached("iv3"))
        else:
            from analyse.data import loading

            frames[name] = loading.load(name)
    return frames[name]


def comparison_data() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(group totals of :func:`analyse.methods.iv3.group_totals`, municipality classes, CPI),
    cached per state of the data directory (see :func:`_cached`)."""
    frames = _frames()
    if "comparison" not in frames:
        frames["comparison"] = (_cached("totals"), _cached("gemeenteklassen"), _cached("cpi"))
    return frames["comparison"]


def pgb_table() -> pd.DataFrame:
    """:func:`analyse.methods.iv3.pgb_shares` of the iv3 dataset, cached like :func:`comparison_data`."""
    return _cached("pgb")


def min_peers() -> int:
    """The smallest peer group the report ranks against (params/peers.yaml ``min_peers``)."""
    return int(params.value("peers", "min_peers"))


def main_first(groups: dict[str, list[str]], minimum: int | None = None) -> dict[str, list[str]]:
    """``groups`` (peer group id -> peers, in :data:`PEER_GROUPS` order) with the group the
    report ranks against first: the first with at least ``minimum`` peers (default
    :func:`min_peers`), else the largest. Every function here that speaks of "the" peer
    group takes the first group of the mapping it is given."""
    minimum = min_peers() if minimum is None else minimum
    main = next((k for k, peers in groups.items() if len(peers) >= minimum),
                max(groups, key=lambda k: len(groups[k])))
    return {main: groups[main], **{k: v for k, v in groups.items() if k != main}}


def main_group_sentence(groups: dict[str, list[str]], labels: dict[str, str], municipality: str) -> str:
    """Dutch sentence saying which peer group the report ranks against, and why when it is not
    the first of :data:`~analyse.methods.peers.RANK_ORDER` ("" when it is). ``groups`` as
    :func:`main_first` gives them."""
    order = list(RANK_ORDER)
    main = next(iter(groups))
    skipped = [k for k in order[: order.index(main)] if k in groups]
    if not skipped:
        return ""

    def count(n: int) -> str:
        return f"{n} {'gemeente' if n == 1 else 'gemeenten'}"

    def name(key: str) -> str:
        return labels[key][:1].lower() + labels[key][1:]

    too_small = " ".join(f"De groep {md(name(k))} telt {count(len(groups[k]))} naast {md(municipality)}, minder "
                         f"dan {min_peers()}: te weinig voor een kwartiel, mediaan of percentiel." for k in skipped)
    honest = ("" if main == SIZE_FALLBACK else " Die gemeenten zijn niet vergelijkbaar in grootte: lees de positie "
              "daarom voorzichtig.")
    return (f"{too_small} {md(municipality)} wordt daarom in de grafiek, het percentiel, de verandering en de "
            f"realisatie vergeleken met de {count(len(groups[main]))} van de groep {md(name(main))}; de tabellen tonen "
            f"de mediaan van elke groep.{honest}")


def peer_group_table(groups: dict[str, list[str]], labels: dict[str, str]) -> pd.DataFrame:
    """One row per peer group: its Dutch label and number of peers (the municipality excluded)."""
    return pd.DataFrame({"groep": [labels[k] for k in groups], "aantal": [len(v) for v in groups.values()]},
                        index=list(groups))


def comparison_table(totals: pd.DataFrame, groups: dict[str, list[str]], municipality: str, year: int,
                     measure: str, document: str = "begroting", noun: str = "vergelijkbare gemeenten") -> pd.DataFrame:
    """Per comparison group of taakvelden (rows, report order): the municipality's value,
    the median of each peer group (``mediaan_<peer group>``), the percentile and words
    against the first peer group of ``groups`` (see :func:`main_first`), the share of its
    peers booking nothing on it (``nul_aandeel``) and the municipality's baten as a share of
    its lasten (``baten_aandeel``). No percentile (NaN, words say why) where at least
    :func:`max_zero_share` of the peers book nothing, or where the peers' median lasten per
    inhabitant are below :func:`min_change_base` (a rank on a taakveld hardly used says nothing).
    ``noun`` names the first group's peers in the words (:func:`analyse.methods.peers.peer_noun`)."""
    labels = {g.id: g.label for g in m.comparison_groups().values()}
    rows = totals[(totals["year"] == year) & (totals["document"] == document)]
    wide = rows.pivot_table(index="municipality", columns="group", values=measure, observed=True, aggfunc="sum")
    gross = rows.pivot_table(index="municipality", columns="group", values=["lasten", "baten", "lasten_per_inwoner"],
                             observed=True, aggfunc="sum")
    first = next(iter(groups))
    out = position_table(wide, municipality, groups[first], noun)
    table = pd.DataFrame({"taakveld": [labels.get(g, g) for g in out.index], "waarde": out["value"]},
                         index=out.index)
    for key, peers in groups.items():
        table[f"mediaan_{key}"] = out["median"] if key == first else position_table(wide, municipality, peers)["median"]
    peer_names = [p for p in groups[first] if p != municipality]
    peer_values = wide.reindex(peer_names)
    table["percentiel"], table["positie"], table["n"] = out["percentile"], out["words"], out["n_peers"]
    table["nul_aandeel"] = (peer_values == 0).sum() / peer_values.notna().sum().where(lambda n: n > 0)
    own_lasten = gross["lasten"].reindex([municipality]).iloc[0] if municipality in gross.index else None
    table["baten_aandeel"] = (gross["baten"].loc[municipality] / own_lasten.where(own_lasten > 0)).reindex(
        table.index) if own_lasten is not None else float("nan")
    peer_gross = gross["lasten_per_inwoner"].reindex(peer_names).median().reindex(table.index)
    few = table["nul_aandeel"] >= max_zero_share()
    tiny = (peer_gross < min_change_base()) & ~few
    table.loc[few | tiny, "percentiel"] = float("nan")
    table.loc[few, "positie"] = [f"geen percentiel: {format_pct(v)} van de {noun} boekt hier niets"
                                 for v in table.loc[few, "nul_aandeel"]]
    table.loc[tiny, "positie"] = (f"geen percentiel: de mediaan van de lasten is onder "
                                  f"{format_eur(min_change_base())} per inwoner")
    table.index.name = "group"
    return table


def position_sentences(table: pd.DataFrame, municipality: str, measure: str, peer_label: str,
                       groups: tuple[str, ...] = ("6.1", "6.2", "6.71", "jeugd", m.SOCIAL_DOMAIN)) -> str:
    """Dutch bullet lines for the main groups: value, median and position in words (against
    the first peer group of ``table``, see :func:`comparison_table`)."""
    median = next(c for c in table.columns if c.startswith("mediaan_"))
    lines = []
    for group in groups:
        if group not in table.index:
            continue
        row = table.loc[group]
        lines.append(f"- **{md(row['taakveld'])}**: {format_eur(row['waarde'])} per inwoner, tegen een mediaan van "
                     f"{format_eur(row[median])}: {_rank(row)}.")
    what = MEASURES[measure]
    peer_label = peer_label[:1].lower() + peer_label[1:]  # "zelfde provincie (Drenthe)", not "(drenthe)"
    return (f"Gemeten als {what}; vergeleken met {peer_label}.\n\n" + "\n".join(lines))


def _rank(row: pd.Series) -> str:
    if pd.isna(row["percentiel"]):
        return str(row["positie"])
    return f"{row['positie']} (percentiel {format_number(row['percentiel'])})"


def netto_first_sentences(lasten: pd.DataFrame, netto: pd.DataFrame, peer_label: str,
                          groups: tuple[str, ...] = ("6.1", "6.2", "6.71", "jeugd", m.SOCIAL_DOMAIN)) -> str:
    """Dutch bullet lines for the main groups that lead with netto per inhabitant (what the
    municipality pays from general means) and give the lasten after it; where the baten
    cover at least :func:`min_base_share` of the lasten, or lasten and netto fall on
    different sides of the median, the line says that the lasten alone mislead.
    ``lasten`` and ``netto``: :func:`comparison_table` for the two measures."""
    median = next(c for c in netto.columns if c.startswith("mediaan_"))
    lines = []
    for group in groups:
        if group not in netto.index or group not in lasten.index:
            continue
        n, g = netto.loc[group], lasten.loc[group]
        line = (f"- **{md(n['taakveld'])}**: netto {format_eur(n['waarde'])} per inwoner, mediaan "
                f"{format_eur(n[median])}: {_rank(n)}.")
        if g["baten_aandeel"] == 0:
            line += " Geen baten: de lasten zijn gelijk aan netto."
            lines.append(line)
            continue
        side_n = int(n["waarde"] > n[median]) - int(n["waarde"] < n[median])
        side_g = int(g["waarde"] > g[median]) - int(g["waarde"] < g[median])
        gross = (f"de lasten per inwoner ({format_eur(g['waarde'])}, mediaan {format_eur(g[median])}"
                 + ("" if pd.isna(g["percentiel"]) else f", percentiel {format_number(g['percentiel'])}") + ")")
        if pd.notna(g["baten_aandeel"]) and g["baten_aandeel"] >= min_base_share():
            # The gross position only in a subordinate clause with its reason: never quotable alone.
            line += (f" Omdat de baten hier {format_pct(g['baten_aandeel'])} van de lasten dekken, zeggen {gross} "
                     "weinig over wat de gemeente zelf betaalt; netto is hier de maat.")
        elif side_n != side_g:
            line += (f" Omdat netto en lasten aan verschillende kanten van de mediaan liggen, is netto hier de maat; "
                     f"{gross} tellen ook uitgaven mee die baten dekken.")
        else:
            line += f" Lasten {format_eur(g['waarde'])} per inwoner, mediaan {format_eur(g[median])}: {_rank(g)}."
        lines.append(line)
    peer_label = peer_label[:1].lower() + peer_label[1:]
    return ("Eerst netto: lasten min baten, wat de gemeente uit algemene middelen betaalt; dan de lasten: alle "
            "uitgaven op het taakveld. Beide per inwoner (inwoners op 1 januari), vergeleken met "
            f"{peer_label}.\n\n" + "\n".join(lines))


def realisation_table(totals: pd.DataFrame, municipality: str, year: int, peers: list[str]) -> pd.DataFrame:
    """Budget against accounts of ``year`` per group for the municipality (lasten and netto,
    see :func:`analyse.methods.iv3.realisation`, rates NaN on small budgets), with the median
    rates of the peers (``realisatie_mediaan``, ``netto_realisatie_mediaan``; NaN without peers)."""
    own = m.realisation(totals, municipality, year)
    others = [p for p in peers if p != municipality]
    medians = (m.realisation_rates(totals, year, others).groupby(level="group", observed=True).median()
               if others else None)
    for measure in ("realisatie", "netto_realisatie"):
        own[f"{measure}_mediaan"] = medians[measure].reindex(own.index) if medians is not None else float("nan")
    labels = {g.id: g.label for g in m.comparison_groups().values()}
    own.insert(0, "taakveld", [labels.get(g, g) for g in own.index])
    return own[["taakveld", "netto_begroot", "netto_gerealiseerd", "netto_realisatie", "netto_realisatie_mediaan",
                "begroot", "gerealiseerd", "realisatie", "realisatie_mediaan", "baten_begroot",
                "baten_gerealiseerd"]]  # netto first; baten for analyse.publish.iv3_text.offset_note


def change_table(totals: pd.DataFrame, index, municipality: str, peers: list[str], start: int, end: int,
                 price_year: int) -> pd.DataFrame:
    """Real change from ``start`` to ``end`` (budgets) per group for the municipality, of the
    lasten and of the netto lasten per inhabitant, each with the median change of the peers
    (``mediaan_verandering``, ``netto_mediaan_verandering``)."""
    parts = []
    totals = totals[totals["municipality"].isin([municipality, *peers])]
    for measure, prefix in (("lasten_per_inwoner", ""), ("netto_per_inwoner", "netto_")):
        change = m.real_change(totals, index, start, end, price_year, measure=measure)
        own = change.xs(municipality, level="municipality")
        peer_rows = change[change.index.get_level_values("municipality").isin(peers)]
        own = own.assign(mediaan_verandering=peer_rows["change"].groupby(level="group", observed=True).median())
        parts.append(own.add_prefix(prefix))
    out = pd.concat(parts[::-1], axis=1)  # netto first
    labels = {g.id: g.label for g in m.comparison_groups().values()}
    out.insert(0, "taakveld", [labels.get(g, g) for g in out.index])
    return out


def min_change_base() -> float:
    """EUR per inhabitant below which no percentage change is shown (params/taakvelden.yaml)."""
    return float(params.value("taakvelden", "min_change_base"))


def large_changes(change: pd.DataFrame, threshold: float = 0.5) -> str:
    """A Dutch warning naming the groups whose real change of lasten exceeds ``threshold``
    (a share) either way, or "" when there are none."""
    big = change[change["change"].abs() > threshold]
    if big.empty:
        return ""
    shown = dutch_list(f"{md(r.taakveld)} ({format_pct(r.change)})" for r in big.itertuples())
    return (f"Grote sprongen ({shown}) komen meestal door een andere manier van boeken of door nieuwe inkomsten "
            "op het taakveld (zie de netto lasten), niet door beleid alleen; controleer ze in de begroting zelf.")


def caveats(totals: pd.DataFrame, classes: pd.DataFrame, table: pd.DataFrame, municipality: str, year: int,
            document: str = "begroting") -> list[str]:
    """Dutch warnings that keep a reader from over-reading the comparison."""
    out = []
    n_first = int(table["n"].max()) if len(table) else 0
    if n_first < 10:
        out.append(f"De eerste vergelijkingsgroep is klein ({n_first} gemeenten): de positie staat daarom in "
                   "aantallen, niet in tienden. Kijk ook naar de mediaan van de provincie en van Nederland.")
    zero = table[table["nul_aandeel"] >= max_zero_share()]
    if len(zero):
        shown = dutch_list(f"{md(r.taakveld)} ({format_pct(r.nul_aandeel)})" for r in zero.itertuples())
        out.append(f"Op sommige taakvelden boekt {format_pct(max_zero_share())} of meer van de gemeenten in de "
                   f"vergelijkingsgroep niets: {shown}. Daar staat geen percentiel; vaak staan die lasten op een ander "
                   "taakveld.")
    rows = totals[(totals["year"] == year) & (totals["document"] == document)]
    negative = rows[rows["netto"] < 0].groupby("group", observed=True)["municipality"].nunique()
    negative = negative[negative > 0]
    if len(negative):
        labels = {g.id: g.label for g in m.comparison_groups().values()}
        shown = dutch_list(f"{md(labels.get(g, g))} ({n})" for g, n in negative.items())
        out.append("Netto kan negatief zijn: de gemeente ontvangt op het taakveld meer dan ze uitgeeft (bijvoorbeeld "
                   f"een rijksuitkering of de rol van centrumgemeente). Aantal gemeenten met netto < 0: {shown}.")
    small = classes[(classes["year"] == year) & (classes["inhabitants"] < 5000)].sort_values("inhabitants")
    if len(small):
        names = dutch_list(f"{md(r.municipality)} {format_number(r.inhabitants)}" for r in small.itertuples())
        out.append(f"Zeer kleine gemeenten (minder dan 5.000 inwoners: {names}) hebben extreme bedragen per "
                   "inwoner; daarom tonen we de mediaan, die daar niet gevoelig voor is.")
    out.append("Wijkteams (6.2) boeken sommige gemeenten onder Samenkracht en burgerparticipatie (6.1); vergelijk "
               "die twee daarom ook samen.")
    if year >= 2025:
        out.append("Vanaf de begroting 2025 geldt een nieuwe Iv3-indeling van het sociaal domein (toegang 6.21-6.23, "
                   "Wmo 6.711-6.714, jeugdhulp 6.751-6.763, pgb 6.791/6.792, coördinatie 6.91/6.92). De groepen "
                   "hier tellen oude en nieuwe taakvelden zo op dat ze zo goed mogelijk hetzelfde betekenen; "
                   "verschuivingen tussen groepen blijven mogelijk.")
    return out
