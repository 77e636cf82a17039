"""Dutch sentences and tables of the trend sections: diagnostics, the interrupted time
series and the forecast, worded for a manager.

The methods (:mod:`analyse.methods.timeseries`, :mod:`analyse.methods.its`,
:mod:`analyse.methods.forecast`) return numbers and :class:`Diagnostic` records (a code
and the numbers behind a warning); this module turns them into what a report shows, with
Dutch number formats (:mod:`analyse.publish.text`). A change is only called a change when
its 95% interval excludes zero, and the counterfactual is only quoted as far as the result
draws it (``ITSResult.horizon`` quarters from the start).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from analyse.config import PREVENTION_LEVELS
from analyse.methods.forecast import ForecastResult
from analyse.methods.its import ITSResult
from analyse.methods.population import INHABITANTS_COLUMN, RATE_COLUMN
from analyse.methods.timeseries import Diagnostic
from analyse.publish.glossary import GLOSSARY_FILE, anchor
from analyse.publish.tables import format_table
from analyse.publish.text import dutch_list, format_number, format_pct

__all__ = ["TREND_METHOD", "COVID_PERIOD", "PROVISIONS", "counterfactual_caveat", "diagnostic_text",
           "diagnostics_text", "forecast_method", "forecast_rows", "forecast_table", "format_p", "intervention_text",
           "its_method", "its_rows", "its_summary", "its_table", "interval_text", "kern_role", "provision_intro",
           "rate_table"]

#: How the trend's margin is computed, in plain Dutch (fit_trend: OLS with Newey-West errors);
#: the method's name only as a link to the begrippenlijst (review1 item 20).
TREND_METHOD = ("De band rond de trendlijn is het 95%-betrouwbaarheidsinterval. Opeenvolgende kwartalen lijken vaak "
                "op elkaar; de berekening houdt daar rekening mee door de marge breder te maken naarmate kwartalen "
                "meer op elkaar lijken (uitleg in de begrippenlijst: "
                f"[Newey-West-standaardfouten]({GLOSSARY_FILE}#{anchor('Newey-West-standaardfouten')})). Waar de "
                "reeks lang genoeg is, telt het vaste verschil tussen kwartalen (seizoen) apart mee.")


#: The two provisions of the care-use data (care_use ``provision``): what a report calls them.
#: name: the provision in a sentence; clients: heading of the count; in_text: the clients inside
#: a sentence; other: the other provision.
PROVISIONS: dict[str, dict[str, str]] = {
    "wmo": {"name": "Wmo-ondersteuning", "clients": "Wmo-cliënten", "in_text": "Wmo-cliënten", "other": "jeugd"},
    "jeugd": {"name": "jeugdhulp", "clients": "Jeugdhulpcliënten", "in_text": "jeugdhulpcliënten", "other": "wmo"},
}

#: Quarters in which COVID-19 measures applied in the Netherlands (first measures March 2020,
#: last ones lifted in March 2022; Rijksoverheid, "Coronavirus tijdlijn"): a change in care
#: or welfare use around these quarters may come from the pandemic.
COVID_PERIOD = (pd.Period("2020Q1", freq="Q"), pd.Period("2022Q1", freq="Q"))


def _bound(value: float, decimals: int = 1) -> str:
    """One bound of an interval: a bound that is not zero but rounds to zero at ``decimals``
    reads "net onder 0" or "net boven 0", so every number keeps the same decimals and an
    interval that excludes zero never reads "... tot 0,0"."""
    if value != 0 and round(value, decimals) == 0:
        return "net onder 0" if value < 0 else "net boven 0"
    return format_number(value, decimals)


def interval_text(low: float, high: float, decimals: int = 1) -> str:
    """The interval in Dutch with ``decimals`` decimals: "-8,4 tot -4,0"; a nonzero bound that
    rounds to zero reads "net onder 0" / "net boven 0" ("-11,8 tot net onder 0")."""
    return f"{_bound(low, decimals)} tot {_bound(high, decimals)}"


def format_p(p: float) -> str:
    """A p-value in Dutch: below 0,01 as "< 0,01" (never "0,00"), otherwise two decimals
    ("0,03"); a value just under 0,05 that would round up to "0,05" reads "< 0,05", so it never
    seems to sit on the 5% boundary from the wrong side. NaN as "–"."""
    if pd.isna(p):
        return "–"
    if p < 0.01:
        return "< 0,01"
    shown = format_number(p, 2)
    return "< 0,05" if p < 0.05 and shown == format_number(0.05, 2) else shown


def diagnostic_text(diagnostic: Diagnostic) -> str:
    """One warning of a trend, interrupted time series or forecast as a Dutch sentence."""
    d: Mapping[str, Any] = diagnostic.details
    code = diagnostic.code
    if code == "short_side":
        side = "vóór" if d["side"] == "before" else "vanaf"
        return (f"Er zijn maar {d['n']} kwartalen {side} {d['at']} (minder dan {d['minimum']}): de sprong en de "
                "trendverandering zijn daardoor slecht te bepalen. Lees ze hooguit als een aanwijzing.")
    if code == "short_series":
        return (f"De reeks telt maar {d['n']} kwartalen (minder dan {d['minimum']}): de trend is onzeker en kan met "
                "een paar nieuwe kwartalen flink veranderen.")
    if code == "autocorrelation":
        p = format_number(d["p"], 3)
        if d.get("errors") == "hac":
            return ("Opeenvolgende kwartalen lijken meer op elkaar dan de berekening aanneemt (een statistische "
                    f"toets op die samenhang geeft p = {p}; onder 0,05 geldt ze als duidelijk; zie "
                    "'Breusch-Godfrey-toets' in de begrippenlijst). De marge rond de trend is daardoor "
                    "waarschijnlijk te smal: de trend is minder zeker dan de figuur suggereert.")
        return ("Ook na de correctie voor samenhang tussen opeenvolgende kwartalen blijft er samenhang over (een "
                f"statistische toets geeft p = {p}; zie 'Breusch-Godfrey-toets' in de begrippenlijst). De marges "
                "zijn daardoor mogelijk te smal.")
    if code == "rho_at_bound":
        return ("Opeenvolgende kwartalen hangen zeer sterk samen: de reeks lijkt eerder te zwerven dan rond een "
                "trend te schommelen. Sprong en trendverandering zijn daardoor onzeker.")
    if code == "fit_notes":
        return (f"Het rekenprogramma meldde problemen bij het schatten van het prognosemodel ({d['model']}). "
                "Gebruik de prognose met extra voorzichtigheid.")
    if code == "below_zero":
        return ("De ondergrens van het voorspellingsinterval ligt onder nul. Minder dan nul kan niet: lees die "
                "ondergrens als nul.")
    return "Bij deze berekening is een waarschuwing gegeven; raadpleeg de analist."


def diagnostics_text(result: Any) -> list[str]:
    """The Dutch sentences of every diagnostic of a fit (``result.diagnostics``), in order, without repeats."""
    return list(dict.fromkeys(diagnostic_text(d) for d in getattr(result, "diagnostics", ())))


def its_method(results: ITSResult | Mapping[str, ITSResult]) -> str:
    """How the intervals of one or more interrupted time series were computed, in plain
    Dutch, with the estimated AR(1) coefficient (its range over several results)."""
    fits = [results] if isinstance(results, ITSResult) else list(results.values())
    if all(r.errors == "hac" for r in fits):
        return ("De marges zijn breder gemaakt omdat opeenvolgende kwartalen op elkaar lijken (zie "
                "'Newey-West-standaardfouten' in de begrippenlijst).")
    rhos = [r.rho for r in fits if r.errors == "ar1"]
    low, high = min(rhos), max(rhos)
    value = format_number(low, 2) if round(low, 2) == round(high, 2) else interval_text(low, high, 2)
    return ("De marges houden rekening met samenhang tussen opeenvolgende kwartalen: een kwartaal dat hoog uitvalt, "
            "wordt vaak gevolgd door nog een hoog kwartaal (een AR(1)-foutenmodel). De geschatte samenhang is "
            f"{value} op een schaal van 0 (geen) tot 1 (zeer sterk). Zonder die correctie zouden de marges bij "
            "samenhang te smal zijn.")


def _change(row: pd.Series) -> bool:
    return bool(row["ci_low"] > 0 or row["ci_high"] < 0)


#: Sentence templates per statement: (when the interval excludes zero, when it holds zero).
_ITS_SENTENCES = {
    "level": ("Direct na de start ({at}) {verb} het niveau met {size} {unit} (95%-betrouwbaarheidsinterval {ci}).",
              "Direct na de start ({at}) is geen duidelijke sprong te zien: de schatting is {estimate} {unit}, maar "
              "het 95%-betrouwbaarheidsinterval {ci} omvat nul."),
    "slope": ("Daarna {verb} de trend met {size} {unit} per jaar ten opzichte van de trend van vóór de start "
              "(interval {ci}).",
              "Een verandering van de trend is niet aangetoond: {estimate} {unit} per jaar, interval {ci}, en dat "
              "omvat nul."),
    "effect": ("In {until}, {span} na de start, lag de waarde {size} {unit} {side} dan de doorgetrokken trend van "
               "vóór de start (interval {ci}).",
               "In {until}, {span} na de start, is geen duidelijk verschil met de doorgetrokken trend van vóór de "
               "start (interval {ci})."),
}


def _worded(kind: str, row: pd.Series, decimals: int, **values: object) -> str:
    changed, unchanged = _ITS_SENTENCES[kind]
    falls = row["estimate"] < 0
    return (changed if _change(row) else unchanged).format(
        verb="daalde" if falls else "steeg", side="lager" if falls else "hoger",
        size=format_number(abs(row["estimate"]), decimals), estimate=format_number(row["estimate"], decimals),
        ci=interval_text(row["ci_low"], row["ci_high"], decimals), **values)


def _span(result: ITSResult) -> str:
    quarters = (result.horizon_quarter - result.at).n + 1
    return f"{quarters} kwartalen" if quarters % 4 else f"{quarters // 4} jaar"


def counterfactual_caveat(result: ITSResult) -> str:
    """Why the continued pre-intervention trend is shown only ``horizon`` quarters, in Dutch."""
    return ("De doorgetrokken trend is een extrapolatie, geen meting: hij neemt aan dat zonder interventie niets "
            f"anders was veranderd. Daarom trekken we hem niet verder door dan {_span(result)} na de start; een "
            "vergelijking met latere kwartalen zou vooral op die aanname rusten.")


def its_summary(result: ITSResult, unit: str, decimals: int = 1, caveat: bool = True) -> str:
    """Dutch sentences on the level change, the trend change and the difference with the
    pre-intervention trend at the end of the shown counterfactual (``horizon_quarter``),
    each only called a change when its 95% interval excludes zero; ``unit`` e.g.
    "per 1.000 inwoners". ``caveat``: end with :func:`counterfactual_caveat` (a report
    with several kernen may show it once instead)."""
    until = result.horizon_quarter
    est = result.estimates
    text = [_worded("level", est.loc["level_change"], decimals, at=result.at, unit=unit),
            _worded("slope", est.loc["slope_change"], decimals, unit=unit),
            _worded("effect", result.effect(until), decimals, until=until, span=_span(result), unit=unit)]
    return " ".join(text + ([counterfactual_caveat(result)] if caveat else []))


def its_rows(results: Mapping[str, ITSResult]) -> pd.DataFrame:
    """Per kern (key of ``results``) and effect: estimate, 95% interval, p, quarters before
    and from the start, and the conclusion in words; Dutch column names."""
    names = {"level_change": "Sprong in niveau", "slope_change": "Verandering trend per jaar"}
    rows = []
    for kern, result in results.items():
        for term, row in result.estimates.iterrows():
            rows.append({"Kern": kern, "Effect": names[str(term)], "Schatting": row["estimate"],
                         "95%-BI laag": row["ci_low"], "95%-BI hoog": row["ci_high"], "p-waarde": row["p_value"],
                         "Conclusie": "verandering aangetoond" if _change(row) else "niet aangetoond",
                         "Kwartalen vóór": int(row["n_before"]), "Kwartalen vanaf": int(row["n_after"])})
    return pd.DataFrame(rows)


def its_table(results: Mapping[str, ITSResult], decimals: int = 1):
    """:func:`its_rows` as a Dutch-formatted table (pandas Styler): estimates and bounds with
    ``decimals`` decimals as in the sentences (a nonzero bound that rounds to zero as "net
    onder 0"), p-values by :func:`format_p` ("< 0,01")."""
    rows = its_rows(results)
    for column in ("Schatting", "95%-BI laag", "95%-BI hoog"):
        rows[column] = [_bound(v, decimals) for v in rows[column]]
    rows["p-waarde"] = [format_p(p) for p in rows["p-waarde"]]
    return format_table(rows, number=["Kwartalen vóór", "Kwartalen vanaf"], hide_index=True)


#: The ETS candidates of analyse.methods.forecast in words.
_ETS_WORDS = {"geen trend": "zonder trend", "additieve trend": "met een rechte trend",
              "gedempte additieve trend": "met een afvlakkende (gedempte) trend"}


def forecast_method(result: ForecastResult) -> str:
    """Which forecast model was chosen and why, in plain Dutch (AICc explained)."""
    chosen = _ETS_WORDS.get(str(result.spec["label"]), str(result.spec["label"]))
    return (f"Gekozen model: exponentiële afvlakking {chosen}. Van de drie varianten (zonder trend, met een rechte "
            "trend, met een afvlakkende trend) is de variant gekozen met de laagste AICc: een maat die afweegt "
            "hoe goed het model de afgelopen kwartalen beschrijft tegen hoeveel onderdelen het daarvoor nodig "
            "heeft, zodat een ingewikkelder model alleen wint als het duidelijk beter past "
            f"(op {result.n} kwartalen).")


def forecast_rows(result: ForecastResult, levels: Iterable[float] = (0.95,)) -> pd.DataFrame:
    """Per future quarter the expected value and the prediction interval at each of ``levels``; Dutch columns."""
    frame = pd.DataFrame({"Kwartaal": result.forecast.index.astype(str), "Verwachting": result.forecast["mean"]})
    for level in levels:
        band = result.interval(level)
        frame[f"{format_pct(level)}-interval laag"] = band["pi_low"].to_numpy()
        frame[f"{format_pct(level)}-interval hoog"] = band["pi_high"].to_numpy()
    return frame.reset_index(drop=True)


def forecast_table(result: ForecastResult, levels: Iterable[float] = (0.95,), decimals: int = 1):
    """:func:`forecast_rows` as a Dutch-formatted table (pandas Styler), numbers with ``decimals``
    decimals as in the other tables of the trend sections."""
    frame = forecast_rows(result, levels)
    return format_table(frame, number=[c for c in frame.columns if c != "Kwartaal"], decimals=decimals,
                        hide_index=True)


def provision_intro(provision: str) -> str:
    """Which provision the care-use report shows and how to get the other one, in Dutch."""
    shown, other = PROVISIONS[provision], PROVISIONS[PROVISIONS[provision]["other"]]
    return (f"Dit rapport gaat alleen over **{shown['name']}**: alle aantallen, tabellen en figuren tellen "
            f"{shown['in_text']}; {other['name']} staat er niet in. Hetzelfde rapport over "
            f"{other['name']} maakt u met de instelling provision={shown['other']} "
            f"(analyse run --notebook zorggebruik --param provision={shown['other']}).")


def intervention_text(started: pd.DataFrame, at: pd.Period | str, horizon_quarter: pd.Period | str) -> str:
    """Which intervention started in quarter ``at`` (the first row of
    :func:`analyse.methods.its.interventions_started`), in which kernen it runs and which
    kernen are the comparison, plus the caveat that other events of the same time (other
    interventions starting then, COVID-19 between :data:`COVID_PERIOD`) may explain a change."""
    at, until = pd.Period(at, freq="Q"), pd.Period(horizon_quarter, freq="Q")
    if started.empty:
        return (f"Het interventieregister noemt geen interventie die in {at} begon. Controleer de startdatum: "
                "zonder interventie is een sprong of trendbreuk niet aan een programma toe te schrijven.")
    main = started.iloc[0]
    level = PREVENTION_LEVELS.get(int(main["prevention_level"]), "").lower()
    text = [f"In {at} startte **{main['intervention']}** ({level}) in {dutch_list(main['kernen'])}."]
    if list(main["without"]):
        text.append(f"In {dutch_list(main['without'])} loopt dit programma niet: dat zijn de vergelijkingskernen. "
                    "Veranderde het zorggebruik alleen in de kernen met het programma, dan past dat bij een effect "
                    "ervan; veranderde het overal evenveel, dan ligt een andere oorzaak meer voor de hand.")
    else:
        text.append("Het programma loopt in alle kernen, dus er is geen kern zonder programma om mee te vergelijken.")
    others = [f"{row['intervention']} (in {dutch_list(row['kernen'])})" for _, row in started.iloc[1:].iterrows()]
    causes = []
    if at - 4 <= COVID_PERIOD[1] and until >= COVID_PERIOD[0]:
        causes.append(f"de coronapandemie (COVID-19, maatregelen van {COVID_PERIOD[0]} tot en met "
                      f"{COVID_PERIOD[1]}), die zorggebruik en deelname aan activiteiten veranderde")
    if others:
        causes.append(f"in hetzelfde kwartaal {'startte' if len(others) == 1 else 'startten'} ook {dutch_list(others)}")
    if causes:
        text.append(f"Let op: rond dezelfde tijd gebeurde meer: {'; '.join(causes)}. Zulke gelijktijdige "
                    "gebeurtenissen kunnen een verandering ook verklaren; deze analyse kan ze niet van het "
                    "programma scheiden.")
    return " ".join(text)


def kern_role(started: pd.DataFrame, kern: str) -> str:
    """"kern met programma" or "vergelijkingskern" for the intervention of
    :func:`intervention_text` (the first row of ``started``); "" without one."""
    if started.empty:
        return ""
    return "kern met programma" if kern in list(started.iloc[0]["kernen"]) else "vergelijkingskern"


def rate_table(frame: pd.DataFrame, count: str, count_heading: str, rate_heading: str = "Per 1.000 inwoners",
               decimals: int = 1):
    """Counts per kern with inhabitants and the rate per 1,000 (:data:`RATE_COLUMN`) as a
    protected Dutch table: the count rounded as in every table, the rate recomputed from the
    rounded count and shown with ``decimals`` decimals (590 of 12.135 inwoners: 48,6)."""
    shown = frame[["kern", count, INHABITANTS_COLUMN, RATE_COLUMN]].copy()
    shown[INHABITANTS_COLUMN] = [format_number(v, 0) for v in shown[INHABITANTS_COLUMN]]
    return format_table(shown, number=[INHABITANTS_COLUMN, RATE_COLUMN], decimals=decimals, hide_index=True,
                        columns={"kern": "Kern", count: count_heading, INHABITANTS_COLUMN: "Inwoners",
                                 RATE_COLUMN: rate_heading})
