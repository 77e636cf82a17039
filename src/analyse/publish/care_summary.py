"""Headline figures of the real CBS care-use and health series for one municipality (Samenvatting).

:func:`care_headlines` computes, from the CBS datasets and ``gemeenteklassen``, the figures a
summary needs (Wmo per 1,000 in the latest year, youth care as % of young people, health
rated good in the latest edition, each against the median of municipalities of the same
size and urbanity, and the change since the policy start) and :func:`headline_lines` words
them as Dutch Markdown bullets. Missing CBS figures stay missing and are said to be missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analyse import params
from analyse.methods import care_series as C
from analyse.methods import health_monitor as HM
from analyse.methods import iv3 as IV3
from analyse.methods import peers as PR
from analyse.publish.care_text import before_after_sentence, interval_rank_words, period_words, rank_words
from analyse.publish.care_wording import vintage_sentence, youth_before_after_sentence
from analyse.publish.text import format_eur, format_number, md

__all__ = ["PEER_GROUP", "STATUS_WORDS", "CareHeadlines", "care_headlines", "headline_lines", "iv3_line",
           "status_label", "with_label"]

#: The peer group of the headlines: same size class and urbanity.
PEER_GROUP = "grootte_stedelijkheid"


STATUS_WORDS = {"real": "echt", "mixed": "deels afgeleid", "illustrative": "illustratief"}


def status_label(catalog: dict, *names: str) -> str:
    """The label of a summary line from its datasets' catalog status: "illustratief" when any
    is illustrative, else "deels afgeleid" when any is mixed, else "echt". ``catalog``:
    :func:`analyse.data.catalog.load_catalog`; an unknown name raises KeyError (a typo must
    not turn an invented figure into a real one)."""
    statuses = {catalog[n].status for n in names}
    for status in ("illustrative", "mixed"):
        if status in statuses:
            return STATUS_WORDS[status]
    return STATUS_WORDS["real"]


def with_label(line: str, label: str) -> str:
    """A Markdown bullet "- **Title:** text" with the label after the title: "- **Title
    (illustratief):** text"; a line without a bold title gets the label in front."""
    if ":**" in line:
        return line.replace(":**", f" ({label}):**", 1)
    return f"- ({label}) " + line.removeprefix("- ")


@dataclass(frozen=True)
class CareHeadlines:
    """One municipality's headline figures (NaN or None when CBS has none). ``class_year``:
    the year of the CBS municipality classes the peer group is taken from."""

    municipality: str
    class_year: int | None
    wmo_year: int | None
    wmo: PR.Position | None
    youth_year: int | None
    youth: PR.Position | None
    health_edition: int | None
    health: HM.IntervalPosition | None
    wmo_half: pd.DataFrame
    stable_since: str | None
    policy_start: str
    youth_series: pd.DataFrame | None = None


def _peers(classes: pd.DataFrame, municipality: str, year: int) -> tuple[int | None, list[str]]:
    peer_year = C.classes_year(classes, municipality, year)
    return peer_year, ([] if peer_year is None else PR.peer_groups(classes, municipality, peer_year)[PEER_GROUP])


def care_headlines(municipality: str, wmo_year: pd.DataFrame, wmo_half: pd.DataFrame, youth_year: pd.DataFrame,
                   monitor: pd.DataFrame, classes: pd.DataFrame, policy_year: int | None = None) -> CareHeadlines:
    """The headline figures of ``municipality`` (a ``gemeenteklassen`` name) from the CBS frames
    (already limited to the report period). ``policy_year``: the first year under the policy
    (default params/care_use.yaml ``policy_start_year``); before/after compares half-years."""
    policy_year = params.value("care_use", "policy_start_year") if policy_year is None else policy_year
    own = C.cbs_name(classes, municipality)
    year = C.latest_period(wmo_year, own)
    class_year, peers = _peers(classes, municipality, int(year) if year else int(wmo_year["year"].max()))
    wmo = PR.position(C.values_in(wmo_year, year, classes), municipality, peers) if year and peers else None
    y_year = C.latest_period(youth_year, own, "pct_young_people", care_form="totaal")
    youth = (PR.position(C.values_in(youth_year, y_year, classes, "pct_young_people", care_form="totaal"),
                         municipality, peers) if y_year and peers else None)
    table = HM.monitor_table(monitor, own, indicators=("health_good",))
    edition = int(table["edition"].max()) if len(table) else None
    health = None
    if edition is not None and peers:
        row = table[table["edition"] == edition].iloc[0]
        health = HM.interval_position(HM.peer_values(monitor, "health_good", edition, classes), municipality,
                                      _peers(classes, municipality, edition)[1], row["lower"], row["upper"])
    rate = C.municipality_series(wmo_half, own)
    median = (C.peer_panel(wmo_half, peers, classes, periods=list(rate.index))["median"] if peers and len(rate)
              else pd.Series(dtype=float))
    clients = C.municipality_series(wmo_half, own, "clients")
    at = f"{policy_year}H1"
    return CareHeadlines(municipality, class_year, int(year) if year else None, wmo, int(y_year) if y_year else None,
                         youth, edition, health, C.before_after(rate, clients, median, at), C.stable_since(clients), at,
                         _youth_series(youth_year, own, peers, classes))


def _youth_series(youth_year: pd.DataFrame, own: str, peers: list[str], classes: pd.DataFrame) -> pd.DataFrame:
    """Per year the municipality's youth-care share and count, the peer median, the national share
    and the CBS table (columns pct, count, median, national, table)."""
    pct = C.municipality_series(youth_year, own, "pct_young_people", care_form="totaal")
    rows = youth_year[(youth_year["region"].astype(str) == own) & (youth_year["region_type"].astype(str) == "gemeente")
                      & (youth_year["care_form"].astype(str) == "totaal")]
    median = (C.peer_panel(youth_year, peers, classes, "pct_young_people", periods=list(pct.index),
                           care_form="totaal")["median"] if peers and len(pct) else pd.Series(dtype=float))
    return pd.DataFrame({
        "pct": pct, "count": C.municipality_series(youth_year, own, "young_people", care_form="totaal"),
        "median": median.reindex(pct.index),
        "national": C.municipality_series(youth_year, "Nederland", "pct_young_people", region_type="Nederland",
                                          care_form="totaal").reindex(pct.index),
        "table": rows.set_index("year")["cbs_table"].astype(str).reindex(pct.index)})


def _versus(pos: PR.Position | None, decimals: int, unit: str) -> str:
    if pos is None or pd.isna(pos.value):
        return ": geen cijfer in de gebruikte CBS-extractie, dus geen vergelijking"
    words = rank_words(pos.n_lower, pos.n_equal, pos.n_peers, pos.percentile)
    return (f"{format_number(pos.value, decimals)}{unit}, mediaan van vergelijkbare gemeenten "
            f"{format_number(pos.median, decimals)}{unit} ({words})")


def headline_lines(h: CareHeadlines) -> list[str]:
    """Dutch Markdown bullets with source, period and the label "echt" in each line (all CBS)."""
    name = md(h.municipality)
    wmo_year = f" {h.wmo_year}, jaarcijfer" if h.wmo_year else ""
    youth_year = f" {h.youth_year}" if h.youth_year else ""
    latest = h.wmo_half["period"].iloc[-1] if len(h.wmo_half) else None
    stand = vintage_sentence({"Wmo": latest, "jeugdzorg": h.youth_year, "Gezondheidsmonitor": h.health_edition})
    intro = (f"{stand} 'Vergelijkbare gemeenten': de andere "
             f"gemeenten in dezelfde grootteklasse en stedelijkheid (CBS-gemeenteklassen {h.class_year}); per regel "
             "staat hoeveel daarvan een cijfer hebben.\n")
    lines = [intro, f"- **Wmo-cliënten per 1.000 inwoners{wmo_year} (CBS 86050NED; echt):** {name} "
             f"{_versus(h.wmo, 0, '')}.".replace(" :", ":"),
             f"- **Jongeren met jeugdzorg{youth_year} (CBS 84134NED/85099NED, % van de 0- tot 23-jarigen; echt):** "
             f"{name} {_versus(h.youth, 1, '%')}.".replace(" :", ":")]
    if h.health is not None and pd.notna(h.health.point.value):
        low, high = (format_number(v, 1) for v in (h.health.lower, h.health.upper))
        lines.append(f"- **Ervaren gezondheid goed of zeer goed {h.health_edition} (Gezondheidsmonitor, CBS; echt, "
                     f"steekproef):** {name} {format_number(h.health.point.value, 1)}% (95%-interval {low}% tot "
                     f"{high}%), {interval_rank_words(h.health)}.")
    if h.youth_series is not None and h.youth_series["pct"].notna().sum() >= 2:
        first = int(h.policy_start[:4])
        lines.append("- **Jeugdzorg sinds de start van het preventiebeleid (jaarcijfers, CBS; echt):** "
                     + youth_before_after_sentence(h.youth_series["pct"], h.youth_series["count"],
                                                   h.youth_series["median"], h.youth_series["national"],
                                                   h.municipality, first, h.youth_series["table"]))
    if len(h.wmo_half) < 2:
        lines.append("- **Wmo sinds de start van het preventiebeleid:** de gebruikte CBS-extractie heeft voor deze "
                     "gemeente geen halfjaarcijfers vóór en na de start; geen vergelijking.")
    else:
        start = period_words(h.policy_start)
        lines.append(f"- **Wmo per halfjaar, vóór en na de start van het preventiebeleid ({start}; "
                     f"CBS 86050NED; echt):** " + before_after_sentence(h.wmo_half, h.municipality, h.stable_since)
                     + " Een halfjaarcijfer is lager dan een jaarcijfer en wordt alleen met halfjaren vergeleken.")
    return lines


def iv3_line(totals: pd.DataFrame, classes: pd.DataFrame, municipality: str, up_to_year: int,
             label: str = "echt") -> str:
    """One summary bullet: the social domain's netto lasten (lasten minus baten) per inhabitant
    in the latest budget (begroting) up to ``up_to_year``, against the median of the same size
    and urbanity in that year's classes. ``totals``: :func:`analyse.methods.iv3.group_totals`.
    Example (CBS Iv3 open data, begroting 2025): Dalfsen EUR 963 vs median EUR 1,017 of 72
    peers, percentile 40. ``label``: :func:`status_label` of the datasets used."""
    years = totals.loc[(totals["document"].astype(str) == "begroting") & (totals["year"] <= up_to_year), "year"]
    if years.empty:
        return "- **Sociaal domein, netto lasten per inwoner (Iv3):** geen begroting tot en met dit jaar."
    year = int(years.max())
    values = IV3.values(totals, year, "begroting", IV3.SOCIAL_DOMAIN, "netto_per_inwoner")
    class_year, peers = _peers(classes, municipality, year)
    pos = PR.position(values, municipality, peers)
    if pd.isna(pos.value):
        return f"- **Sociaal domein, netto lasten per inwoner, begroting {year} (Iv3; {label}):** geen cijfer."
    words = rank_words(pos.n_lower, pos.n_equal, pos.n_peers, pos.percentile)
    return (f"- **Sociaal domein, netto lasten per inwoner, begroting {year} (CBS Iv3; {label}):** {md(municipality)} "
            f"{format_eur(pos.value)}, mediaan van vergelijkbare gemeenten {format_eur(pos.median)} ({words}; "
            f"CBS-gemeenteklassen {class_year}). Netto is lasten min baten (zoals rijksvergoedingen en eigen "
            "bijdragen) over alle taakvelden van hoofdtaak 6 Sociaal domein; de onderbouwing staat in Vergelijking.")
