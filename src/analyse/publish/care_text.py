"""Dutch sentences and tables for the real CBS care-use and health figures (Zorggebruik,
Preventie, Samenvatting).

Every sentence states the period, the unit and the source; a difference is only called a
difference when the method allows it (see :mod:`analyse.methods.care_series` and
:mod:`analyse.methods.health_monitor`). Numbers in Dutch format via :mod:`analyse.publish.text`.
"""

from __future__ import annotations

import pandas as pd

from analyse.errors import SeriesError
from analyse.methods import health_monitor as HM
from analyse.methods.care_series import MIN_POINTS_AFTER, MIN_POINTS_BEFORE, PeriodITS, period_its
from analyse.methods.peers import PEER_GROUPS
from analyse.publish.text import format_number, md

__all__ = ["SOURCES", "DEFINITIONS", "COVID_CAVEAT", "peer_sentence", "peer_table", "its_sentences",
           "its_or_reason", "year_table", "half_year_sentence", "panel_note", "wijk_sentence",
           "health_change_sentence", "health_peer_sentence", "health_edition_caveat", "period_words", "rank_words",
           "interval_rank_words", "before_after_table", "before_after_sentence", "gap_model_sentences",
           "ALL_MUNICIPALITIES", "NATIONAL"]

SOURCES = {
    "wmo": "CBS StatLine, tabel 86050NED (Wmo-cliënten met een maatwerkvoorziening), CC BY 4.0",
    "wmo_wijk": "CBS StatLine, wijktabellen 84751NED t/m 85996NED (Wmo-cliënten per wijk), CC BY 4.0",
    "youth": "CBS StatLine, tabellen 84134NED (2015-2020) en 85099NED (vanaf 2021), jongeren met jeugdzorg, CC BY 4.0",
    "health": "Gezondheidsmonitor Volwassenen en Ouderen (GGD'en, CBS, RIVM), CBS StatLine 83674NED (2016), "
              "85012NED (2020) en 85563NED (2022), CC BY 4.0",
}
DEFINITIONS = {
    "wmo": "Wmo-cliënten: inwoners met ten minste één maatwerkvoorziening uit de Wmo 2015 (alle soorten, zoals "
           "hulp bij het huishouden, begeleiding, hulpmiddelen en woningaanpassingen) in de periode, per 1.000 "
           "inwoners, zoals CBS het publiceert (afgerond op hele cliënten per 1.000; aantallen afgerond op 5). "
           "Algemene (vrij toegankelijke) voorzieningen tellen niet mee. Een halfjaarcijfer telt wie in dat "
           "halfjaar een voorziening had; een jaarcijfer wie dat ergens in het jaar had en is daarom hoger.",
    "youth": "Jongeren met jeugdzorg: jongeren van 0 tot en met 22 jaar met ten minste één vorm van jeugdhulp, "
             "jeugdbescherming of jeugdreclassering in de periode, als percentage van alle jongeren van die leeftijd "
             "in de gemeente. Tot en met 2020 uit tabel 84134NED, vanaf 2021 uit 85099NED: een verandering "
             "precies in 2021 kan deels de overgang tussen de tabellen zijn.",
    "health": "Gezondheidsmonitor: een steekproefenquête onder volwassenen (2016: 19 jaar en ouder; 2020 en 2022: "
              "18 jaar en ouder). Elk cijfer is een schatting met een 95%-betrouwbaarheidsinterval; in kleine "
              "gemeenten is dat interval enkele procentpunten breed. Angst- of depressiegevoelens: het aandeel dat "
              "in de enquête aangeeft die gevoelens in de afgelopen 4 weken te hebben gehad (CBS-kolom "
              "AngstOfDepressiegevoelensAfg4Wk, alleen 2022); een zelf gerapporteerd gevoel, geen diagnose van een "
              "angststoornis of depressie.",
}
COVID_CAVEAT = ("Let op: 2020 en 2021 waren coronajaren. Voorzieningen gingen dicht of draaiden anders en de "
                "vraag naar ondersteuning veranderde; een daling of stijging in die jaren zegt daarom weinig over "
                "het effect van beleid.")


#: The peer group of all municipalities: its figure is the median municipality, not the country.
ALL_MUNICIPALITIES = "Alle gemeenten (mediaan van alle gemeenten, niet Nederland als geheel)"
#: The national figure of CBS (all inhabitants of the Netherlands together).
NATIONAL = "Nederland als geheel"


def period_words(period: object) -> str:
    """"2024H1" -> "het eerste halfjaar van 2024"; 2023 -> "2023"."""
    text = str(period)
    if len(text) == 6 and text[4] == "H":
        return f"het {'eerste' if text[5] == '1' else 'tweede'} halfjaar van {text[:4]}"
    return text


def _value(value: float, decimals: int, unit: str) -> str:
    return f"{format_number(value, decimals)} {unit}".strip()


def rank_words(n_lower: int, n_equal: int, n_peers: int, percentile: float) -> str:
    """The position in counts that match the whole-number percentile: "hoger dan 64 van de 71
    vergelijkbare gemeenten; percentiel 91"; below the 50th percentile "lager dan ...". Ties
    are named ("gelijk aan 1")."""
    if n_peers == 0:
        return "geen vergelijking mogelijk (geen vergelijkbare gemeenten met een cijfer)"
    if pd.isna(percentile):
        return "geen vergelijking mogelijk (geen cijfer voor de gemeente zelf)"
    higher = n_peers - n_lower - n_equal
    words = (f"hoger dan {n_lower}" if percentile >= 50 else f"lager dan {higher}") + f" van de {n_peers}"
    tie = f", gelijk aan {n_equal}" if n_equal else ""
    return f"{words} vergelijkbare gemeenten{tie}; percentiel {round(percentile)}"


def interval_rank_words(ip: HM.IntervalPosition, decimals: int = 1, unit: str = "%") -> str:
    """A survey estimate against the peer median with its interval: the rank only when the
    whole 95% interval gives the same tenth; otherwise "hoger dan de mediaan (75,7% tegen
    72,0%); de precieze rangorde is onzeker ..."."""
    p = ip.point
    value = _value(p.value, decimals, unit).replace(" %", "%")
    median = _value(p.median, decimals, unit).replace(" %", "%")
    if ip.median_inside:
        return (f"niet aantoonbaar anders dan de mediaan ({value} tegen {median}; de mediaan ligt binnen het "
                "95%-interval), dus ook geen rangorde")
    side = "hoger" if p.value > p.median else "lager"
    if not ip.uncertain:
        words = rank_words(p.n_lower, p.n_equal, p.n_peers, p.percentile)
        return f"{side} dan de mediaan ({value} tegen {median}): {words}"
    lo, hi = sorted((round(ip.at_lower.percentile), round(ip.at_upper.percentile)))
    return (f"{side} dan de mediaan ({value} tegen {median}); de precieze rangorde is onzeker: binnen het "
            f"95%-interval ligt de gemeente tussen percentiel {lo} en {hi} van de {p.n_peers} vergelijkbare gemeenten")


def peer_sentence(positions: pd.DataFrame, municipality: str, what: str, unit: str, period: object,
                  group: str = "grootte_stedelijkheid", decimals: int = 0, labels: dict[str, str] | None = None,
                  median_unit: str | None = None, class_year: int | None = None) -> str:
    """"In 2023 had Dalfsen 54 Wmo-cliënten per 1.000 inwoners. De mediaan van de 70 gemeenten in
    de groep 'zelfde grootteklasse en stedelijkheid (...)' (CBS-gemeenteklassen 2023) was 67 per
    1.000 inwoners: Dalfsen ligt lager dan 60 van de 70 vergelijkbare gemeenten, gelijk aan 1; percentiel 14."
    (``what`` before, ``unit`` after the number)."""
    row = positions.loc[group]
    if pd.isna(row["value"]):
        return (f"Voor {md(municipality)} staat over {period_words(period)} geen cijfer voor {what} in de gebruikte "
                "CBS-extractie; een vergelijking is voor die periode niet mogelijk.")
    label = (labels or PEER_GROUPS).get(group, PEER_GROUPS[group]).lower()
    main = f"{format_number(row['value'], decimals)} {what} {unit}".strip()
    median = _value(row["median"], decimals, unit if median_unit is None else median_unit)
    year = f" (CBS-gemeenteklassen {class_year})" if class_year else ""
    words = rank_words(int(row["n_lower"]), int(row["n_equal"]), int(row["n_peers"]), float(row["percentile"]))
    return (f"In {period_words(period)} had {md(municipality)} {main}. "
            f"De mediaan van de {int(row['n_peers'])} gemeenten met een cijfer in de groep '{md(label)}'{year} was "
            f"{median}: {md(municipality)} ligt {words}.")


def peer_table(positions: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """A table per peer group: group, the municipality's value, peer median, peers with a
    value, percentile (whole number, as text) and the position in words."""
    names = dict(labels or PEER_GROUPS) | {"nederland": ALL_MUNICIPALITIES}
    return pd.DataFrame({
        "Vergelijkingsgroep": [names.get(k, k) for k in positions.index],
        "Waarde": positions["value"].to_numpy(dtype=float),
        "Mediaan groep": positions["median"].to_numpy(dtype=float),
        "Gemeenten met cijfer": positions["n_peers"].astype(int).to_numpy(),
        "Percentiel": ["–" if pd.isna(v) else str(round(v)) for v in positions["percentile"]],
        "Positie": [rank_words(int(r.n_lower), int(r.n_equal), int(r.n_peers), float(r.percentile))
                    for r in positions.itertuples()],
    })


def year_table(own: pd.Series, peer_median: pd.Series, national: pd.Series, municipality: str,
               peer_label: str) -> pd.DataFrame:
    """Per year (rows) the municipality, the peer median and the Netherlands (year figures only)."""
    frame = pd.DataFrame({"Jaar": [str(p) for p in own.index], municipality: own.to_numpy(dtype=float),
                          f"Mediaan {peer_label.lower()}": peer_median.reindex(own.index).to_numpy(dtype=float),
                          NATIONAL: national.reindex(own.index).to_numpy(dtype=float)})
    return frame


def half_year_sentence(own: pd.Series, municipality: str, unit: str) -> str:
    """The latest half-year against the same half of the year before (never against a year figure)."""
    values = own.dropna()
    if values.empty:
        return ""
    last = str(values.index[-1])
    text = f"Laatste halfjaar: {period_words(last)}, {md(municipality)} {format_number(values.iloc[-1])} {unit}"
    before = f"{int(last[:4]) - 1}{last[4:]}"
    if before in values.index:
        text += f" (een jaar eerder, {period_words(before)}: {format_number(values[before])})"
    return text + (". Een halfjaarcijfer is lager dan een jaarcijfer (een jaar telt iedereen die ergens in het jaar "
                   "een voorziening had) en wordt daarom alleen met halfjaren vergeleken.")


def panel_note(panel: pd.DataFrame, peer_label: str, class_year: int | None = None) -> str:
    """Under a peer figure: which peers the band and median are over (one median per figure)."""
    n, dropped = int(panel["n"].iloc[0]), int(panel["n_dropped"].iloc[0])
    year = f" (CBS-gemeenteklassen {class_year})" if class_year else ""
    text = (f"Vergelijkingsgroep: {md(peer_label.lower())}{year}. De lijn is de mediaan, de band de middelste helft "
            f"(25e tot 75e percentiel) van de {n} gemeenten met een cijfer in elke periode")
    if dropped:
        text += (f"; {dropped} gemeenten van de groep hebben niet in elke periode een cijfer (geen levering aan CBS, "
                 "of samengevoegd) en zijn weggelaten, zodat de lijn niet verspringt door een andere samenstelling")
    return text + "."


def wijk_sentence(series: dict[str, pd.Series], unit: str) -> str:
    """The last value of each region's series: "In het eerste halfjaar van 2024: wijk A 52, ..."."""
    parts, last = [], None
    for name, values in series.items():
        values = values.dropna()
        if len(values):
            last = values.index[-1]
            parts.append(f"{md(name)} {format_number(values.iloc[-1])}")
    if not parts:
        return "Geen wijkcijfers."
    return (f"In {period_words(last)} ({unit}): " + "; ".join(parts) + ". CBS publiceert per wijk van de CBS-"
            "wijkindeling, niet per kern; een wijk kan meer dan één dorp omvatten.")


def _interval(row: pd.Series, unit: str, decimals: int = 1) -> str:
    return (f"{format_number(row['estimate'], decimals)} {unit} (95%-interval {format_number(row['ci_low'], decimals)} "
            f"tot {format_number(row['ci_high'], decimals)})")


def its_or_reason(series: pd.Series, at: str | int) -> tuple[PeriodITS | None, str]:
    """The interrupted time series of ``series`` or, when it cannot be fitted (missing CBS
    values, too few points), None and the Dutch reason."""
    try:
        return period_its(series, at), ""
    except SeriesError as exc:
        detail = str(exc)
        if "missing value" in detail:
            return None, (f"Geen rekenmodel voor {md(series.name)}: in de gebruikte CBS-extractie ontbreekt voor "
                          "een of meer perioden een cijfer. Een ontbrekend cijfer vullen we niet aan.")
        return None, (f"Geen rekenmodel voor {md(series.name)}: er zijn te weinig perioden met een cijfer vóór en "
                      "na de start.")


def its_sentences(result: PeriodITS, unit: str, what: str) -> list[str]:
    """Dutch sentences on one interrupted time series: the estimates with their intervals,
    whether the series is long enough to conclude, and what the method cannot tell."""
    level, slope = result.estimates.loc["level_change"], result.estimates.loc["slope_change"]
    kind = "halfjaren" if result.kind == "halfyear" else "jaren"
    out = [f"{what}: sprong bij de start {_interval(level, unit)}; verandering van de trend "
           f"{_interval(slope, unit + ' per jaar')}. Gebaseerd op {result.n_before} {kind} vóór en "
           f"{result.n_after} vanaf {period_words(result.at)}."]
    if not result.conclusive:
        out.append(f"**Te kort om te concluderen.** Voor een betrouwbare uitspraak zijn minstens {MIN_POINTS_BEFORE} "
                   f"punten vóór en {MIN_POINTS_AFTER} punten na de start nodig; deze reeks heeft er "
                   f"{result.n_before} en {result.n_after}. Met zo weinig punten zijn de intervallen in de praktijk te "
                   "smal (bij 8 + 8 punten dekt een 95%-interval de werkelijke waarde maar in ongeveer 80% van de "
                   "gevallen); lees de cijfers als een beschrijving, niet als een gemeten effect.")
    elif level["ci_low"] <= 0 <= level["ci_high"] and slope["ci_low"] <= 0 <= slope["ci_high"]:
        out.append("Geen van beide veranderingen is aantoonbaar: beide intervallen bevatten nul.")
    return out


def health_change_sentence(changes: pd.DataFrame, first: int, last: int, municipality: str) -> str:
    """The change between two editions against the national change (``changes`` from
    :func:`analyse.methods.health_monitor.local_changes`): a change is only called local when
    it differs from the national change by more than the sampling margin."""
    moved = changes[changes["clear"]]
    if moved.empty:
        return (f"Tussen {first} en {last} veranderde in {md(municipality)} geen van deze cijfers meer dan de "
                "onzekerheid van de steekproef (de 95%-intervallen overlappen).")
    parts = []
    for row in moved.itertuples():
        national = ("" if pd.isna(row.national_change) else
                    f"; landelijk {format_number(row.national_change, 1)} punt")
        verdict = ("meer dan de landelijke verandering" if row.local else
                   "het verschil met de landelijke verandering valt binnen de onzekerheid van de steekproef")
        parts.append(f"{row.label.lower()} van {format_number(row.first, 1)}% naar {format_number(row.last, 1)}% "
                     f"({format_number(row.change, 1)} punt{national}: {verdict})")
    local = bool(moved["local"].any())
    lead = ("meer dan de steekproefonzekerheid" if local else
            "ongeveer even veel als in Nederland als geheel (dus geen lokale verandering)")
    return (f"Tussen {first} en {last} veranderde in {md(municipality)} {lead}: " + "; ".join(parts) + ". "
            + f"Let op: {first} telde volwassenen van {19 if first == 2016 else 18} jaar en ouder, {last} van 18 jaar "
              "en ouder. De andere verschillen vallen binnen de onzekerheid van de steekproef.")


def health_peer_sentence(versus: pd.DataFrame, municipality: str, edition: int, peer_label: str) -> str:
    """Which indicators differ from the peer median by more than the municipality's interval."""
    out = versus[~versus["inside"] & versus["peer_median"].notna()]
    if out.empty:
        return (f"In {edition} ligt de mediaan van de vergelijkingsgroep ('{md(peer_label.lower())}') bij elk "
                f"cijfer binnen het 95%-interval van {md(municipality)}: geen aantoonbaar verschil.")
    parts = []
    for row in out.itertuples():
        higher = row.value > row.peer_median
        margin = row.lower - row.peer_median if higher else row.peer_median - row.upper
        parts.append(f"{row.label.lower()} {format_number(row.value, 1)}% "
                     f"({'hoger' if higher else 'lager'} dan de mediaan {format_number(row.peer_median, 1)}%; de "
                     f"mediaan ligt {format_number(margin, 1)} punt buiten het 95%-interval "
                     f"{format_number(row.lower, 1)}-{format_number(row.upper, 1)}%)")
    return (f"In {edition} ligt de mediaan van de vergelijkingsgroep ('{md(peer_label.lower())}') buiten het "
            f"95%-interval van {md(municipality)} bij: " + "; ".join(parts) + ". Ligt de mediaan daar maar een "
            "fractie van een punt buiten, dan is het verschil klein en nauwelijks zeker. Bij de andere cijfers "
            "ligt de mediaan binnen het interval: geen aantoonbaar verschil.")


def health_edition_caveat(national: pd.DataFrame, indicator: str = "health_good") -> str:
    """The national movement of one indicator over the editions, as a caution against
    reading a local change as local."""
    rows = national[national["indicator"] == indicator].sort_values("edition")
    if rows.empty:
        return ""
    moves = ", ".join(f"{format_number(r.value, 1)}% ({r.edition})" for r in rows.itertuples())
    return (f"Ook landelijk bewoog dit cijfer: {moves}. De edities verschillen in leeftijdsgrens (2016: 19+, "
            "daarna 18+) en 2020 viel in de coronapandemie. Vergelijk een gemeente daarom eerst met Nederland en "
            "de vergelijkingsgroep in hetzelfde jaar, en lees een verandering in de tijd pas als lokaal als die "
            "groter is dan de landelijke.")


ROLES = {"before": "laatste zelfde halfjaar vóór de start", "start": "eerste halfjaar met beleid",
         "latest": "laatste halfjaar met een CBS-cijfer"}


def before_after_table(frame: pd.DataFrame, municipality: str, peer_label: str) -> pd.DataFrame:
    """:func:`analyse.methods.care_series.before_after` as a Dutch table."""
    return pd.DataFrame({"Halfjaar": [f"{period_words(p)} ({ROLES[r]})" for r, p in zip(frame["role"], frame["period"],
                                                                                         strict=True)],
                         f"{municipality} per 1.000": frame["rate"].to_numpy(dtype=float),
                         "Aantal cliënten": frame["clients"].to_numpy(dtype=float),
                         f"Mediaan {peer_label.lower()}": frame["peer_median"].to_numpy(dtype=float),
                         "Verschil met mediaan": frame["gap"].to_numpy(dtype=float)})


def before_after_sentence(frame: pd.DataFrame, municipality: str, since: str | None) -> str:
    """Observed before/after in words, half-year with half-year, with the client count (a rate
    can fall because the population grows) and the gap with the peer median; never an effect."""
    rows = frame.set_index("role")
    if "latest" not in rows.index or len(rows) < 2:
        return ("Vóór en na de start is niet te vergelijken: de gebruikte CBS-extractie heeft voor deze gemeente "
                "geen cijfer in hetzelfde halfjaar vóór en na de start.")
    a = rows.loc["before"] if "before" in rows.index else rows.iloc[0]
    b = rows.loc["latest"]
    count = ""
    if pd.notna(a["clients"]) and pd.notna(b["clients"]) and a["clients"]:
        change = (b["clients"] / a["clients"] - 1) * 100
        count = (f" Het aantal cliënten ging van {format_number(a['clients'])} naar {format_number(b['clients'])} "
                 f"({format_number(change, 0)}%)" + (f" en is sinds {period_words(since)} vrijwel gelijk" if since
                                                      else "") + ".")
        if change > (b["rate"] / a["rate"] - 1) * 100 + 0.5:
            count += " Per 1.000 inwoners daalde het meer, doordat het aantal inwoners groeide."
    gap = ""
    if pd.notna(a["gap"]) and pd.notna(b["gap"]):
        def side(g: float) -> str:
            return f"{format_number(abs(g))} per 1.000 {'onder' if g < 0 else 'boven'}"
        gap = (f" Tegenover de mediaan van vergelijkbare gemeenten lag {md(municipality)} eerst {side(a['gap'])} en "
               f"nu {side(b['gap'])} die mediaan.")
    return (f"{md(municipality)} had {format_number(a['rate'])} Wmo-cliënten per 1.000 inwoners in "
            f"{period_words(a['period'])} en {format_number(b['rate'])} in {period_words(b['period'])} (zelfde "
            f"halfjaar, zodat seizoen en telwijze gelijk zijn).{count}{gap} Een effect van het preventiebeleid is "
            "hiermee niet vast te stellen: er is geen vergelijkbare gemeente zonder beleid, en rond dezelfde tijd "
            "veranderden ook landelijke regels en kwam corona.")


def gap_model_sentences(result: PeriodITS, municipality: str) -> list[str]:
    """The model on the gap with the peer median, in plain words, with what it cannot show."""
    slope = result.estimates.loc["slope_change"]
    pre = result.fitted.loc[~result.fitted["after"].astype(bool), "observed"].diff().dropna()
    big = pre.abs().idxmax()
    jump = f"{format_number(pre[big], 1)} per 1.000 (naar {period_words(big)})"
    out = [f"Rekenmodel (ter informatie): trekken we door de halfjaren een rechte lijn vóór en een rechte lijn vanaf "
           f"{period_words(result.at)}, dan verandert het verschil tussen {md(municipality)} en de mediaan van "
           f"vergelijkbare gemeenten vanaf de start met {_interval(slope, 'per 1.000 per jaar')}. Het model houdt er "
           "rekening mee dat opeenvolgende halfjaren op elkaar lijken."]
    if not result.conclusive:
        out.append(f"**Te kort om te concluderen.** Voor een betrouwbare uitspraak zijn minstens {MIN_POINTS_BEFORE} "
                   f"halfjaren vóór en {MIN_POINTS_AFTER} na de start nodig; hier zijn het er {result.n_before} en "
                   f"{result.n_after}. Een rechte lijn beschrijft de periode vóór de start bovendien alleen goed als "
                   f"die geleidelijk verliep; de grootste sprong van halfjaar op halfjaar was daar {jump}. Lees het "
                   "getal daarom niet als gemeten effect; de gemeten halfjaren hierboven zijn de basis.")
    return out
