"""Dutch words for the cost-benefit figures: payback, IRR, the Monte Carlo headline, the
table of uncertain inputs and why the simulated median differs from the base case.

The numbers come from :mod:`analyse.methods.cba` (payback and IRR with reason codes in
:mod:`~analyse.methods.cba.returns`, range shapes and pulls in
:mod:`~analyse.methods.cba.asymmetry`); this module only words and formats them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from analyse.methods.cba.appraisal import Appraisal
from analyse.methods.cba.discounting import DiscountRate
from analyse.methods.cba.engine import FRACTIONS, PARAMETER_LABELS
from analyse.methods.cba.pockets import actor_payback, break_even_saving
from analyse.methods.cba.project import OUTCOME_PARAMS
from analyse.methods.cba.returns import (
    ABOVE_BRACKET,
    BELOW_BRACKET,
    MULTIPLE_ROOTS,
    NO_BENEFITS,
    NO_COSTS,
    NO_ROOT,
    NO_SIGN_CHANGE,
    NOT_REACHED,
    PAID_BACK_FIRST_YEAR,
)
from analyse.publish.text import format_eur, format_number, format_pct, format_ratio

__all__ = ["INPUT_COLUMNS", "SWITCHING_COLUMNS", "TIMING_PHRASES", "budget_table", "explain_median", "irr_text",
           "overview_table", "payback_reason_text", "payback_text", "price_level_text", "range_text", "rate_text",
           "sroi_headline", "switching_table", "uncertain_inputs_table"]

#: When the flows of a project year fall, as a phrase ("stromen ... elk jaar").
TIMING_PHRASES = {"end": "aan het eind van", "mid": "halverwege", "start": "aan het begin van"}

_PAYBACK_REASONS = {
    NOT_REACHED: "niet binnen de looptijd",
    NO_BENEFITS: "niet: er komen geen baten binnen",
    NO_COSTS: "niet van toepassing: geen eigen kosten",
}
_NPV = "kijk naar de netto contante waarde"
_IRR_REASONS = {
    NO_SIGN_CHANGE: "geen interne rentevoet: de kasstromen veranderen niet van teken (alleen kosten of alleen "
                    "baten), dus de contante waarde is bij geen enkele rentevoet nul",
    ABOVE_BRACKET: "geen bruikbare interne rentevoet: de kosten vooraf zijn zo klein tegenover de netto baten dat "
                   f"de rentevoet extreem hoog uitkomt en niets over het rendement zegt; {_NPV}",
    BELOW_BRACKET: "geen bruikbare interne rentevoet: de baten halen de kosten bij lange na niet in",
    NO_ROOT: "geen interne rentevoet: de kasstromen wisselen meer dan eens van teken en de contante waarde wordt "
             "bij geen enkele zinnige rentevoet nul",
    MULTIPLE_ROOTS: "geen eenduidige interne rentevoet: de kasstromen wisselen meer dan eens van teken, zodat de "
                    "contante waarde bij meer dan één rentevoet nul is; geen daarvan "
                    f"is een bruikbaar rendement, {_NPV}",
    PAID_BACK_FIRST_YEAR: "geen bruikbare interne rentevoet: de kosten vooraf zijn in het eerste jaar al "
                          "terugverdiend, zodat een rentevoet vooral zou zeggen hoe klein die kosten vooraf zijn en "
                          f"niet wat het project oplevert; {_NPV}",
}
_SHAPES = {
    "only_lower": "alleen lager mogelijk (de basis is de hoogste waarde)",
    "only_higher": "alleen hoger mogelijk (de basis is de laagste waarde)",
    "more_below": "meer ruimte omlaag dan omhoog",
    "more_above": "meer ruimte omhoog dan omlaag",
    "symmetric": "even ver omlaag als omhoog",
}
_SHAPES_SHORT = {"only_lower": "kan alleen lager uitvallen", "only_higher": "kan alleen hoger uitvallen",
                 "more_below": "kan verder omlaag dan omhoog", "more_above": "kan verder omhoog dan omlaag"}

#: Dutch headings of :func:`switching_table`.
SWITCHING_COLUMNS = ("Project", "Invoer", "Laag", "Basis", "Hoog", "Omslagwaarde")

#: Dutch headings of :func:`uncertain_inputs_table`.
INPUT_COLUMNS = ("Invoer", "Geldt voor", "Basis", "Laag", "Hoog", "Ligging van de bandbreedte")


def payback_reason_text(reason: str | None) -> str | None:
    """Dutch reason why there is no payback year (None when there is one)."""
    return None if reason is None else _PAYBACK_REASONS.get(reason, reason)


def payback_text(year: int | None, after_years: float | None, reason: str | None = None) -> str:
    """"jaar 3 (na 3 jaar)", "jaar 3 (na 2,5 jaar)" (mid-year flows) or the reason, e.g.
    "niet binnen de looptijd"."""
    if year is None or after_years is None:
        return payback_reason_text(reason) or _PAYBACK_REASONS[NOT_REACHED]
    decimals = 1 if after_years % 1 else 0
    after = "direct bij de start" if after_years == 0 else f"na {format_number(after_years, decimals)} jaar"
    return f"jaar {year} ({after})"


def irr_text(summary: Mapping[str, Any]) -> str:
    """The IRR of an appraisal summary as "13,1%", or only the Dutch reason why there is no
    meaningful one (no rate printed: not the roots, not a rate earned back in year 1)."""
    value, reason = summary.get("irr"), summary.get("irr_reason")
    if value is None:
        return _IRR_REASONS.get(reason or NO_SIGN_CHANGE, str(reason))
    return format_pct(value, 1)


def sroi_headline(name: str, base: float | None, mc: Mapping[str, Any]) -> str:
    """One line: base case, Monte Carlo median with the 5-95% interval and the chance that
    SROI > 1, e.g. "Preventief huisbezoek: basis 1,20; mediaan 1,03 (90% tussen 0,79 en 1,30);
    kans SROI > 1: 56%"."""
    s = mc["sroi"]
    return (f"{name}: basis {format_ratio(base)}; mediaan {format_ratio(s['p50'])} "
            f"(90% tussen {format_ratio(s['p5'])} en {format_ratio(s['p95'])}); "
            f"kans SROI > 1: {format_pct(mc['p_sroi_above_one'])}")


def _value(parameter: str, value: float) -> str:
    if parameter in FRACTIONS:
        return format_number(value, 2)
    if parameter == "duration_years":
        return f"{format_number(value, 1 if value % 1 else 0)} jaar"
    if parameter in ("proxy_eur", "amount_eur"):
        return format_eur(value).replace(" ", "\u00a0")  # no line break between € and the amount in a table
    return format_number(value, 0)


def _parameter_label(row: Mapping[str, Any]) -> str:
    return str(row["label"]).split(",")[0] if row["kind"] == "cost" else PARAMETER_LABELS[row["parameter"]]


def range_text(row: Mapping[str, Any]) -> str:
    """Where the base sits in the range, in words with the room on either side, e.g. "meer
    ruimte omhoog dan omlaag (+0,10 tegen -0,05)"."""
    text = _SHAPES[row["shape"]]
    if row["shape"] in ("more_below", "more_above"):
        text += f" (+{_value(row['parameter'], row['above'])} tegen -{_value(row['parameter'], row['below'])})"
    return text


def uncertain_inputs_table(asymmetry: pd.DataFrame) -> pd.DataFrame:
    """The uncertain inputs of :func:`~analyse.methods.cba.asymmetry.range_asymmetry` as a
    Dutch table (INPUT_COLUMNS): inputs with the same parameter and the same range are one
    row ("Geldt voor": the outcomes, or "alle N effecten"); values formatted."""
    n_outcomes = asymmetry.loc[asymmetry["kind"] == "outcome", "outcome"].nunique()
    rows = []
    keys = ["kind", "parameter", "low", "base", "high"]
    order = {name: i for i, name in enumerate(OUTCOME_PARAMS)}
    ordered = asymmetry.assign(_order=[order.get(p, len(order)) if k == "outcome" else len(order) + 1
                                       for k, p in zip(asymmetry["kind"], asymmetry["parameter"])])
    ordered = ordered.sort_values("_order", kind="stable")
    for _, group in ordered.groupby(keys, sort=False):
        first = group.iloc[0]
        if first["kind"] == "cost":
            scope = "alle jaren"
        elif len(group) == n_outcomes and n_outcomes > 1:
            scope = f"alle {n_outcomes} effecten"
        else:
            scope = "; ".join(group["outcome"])
        rows.append((_parameter_label(first), scope, _value(first["parameter"], first["base"]),
                     _value(first["parameter"], first["low"]), _value(first["parameter"], first["high"]),
                     range_text(first)))
    return pd.DataFrame(rows, columns=list(INPUT_COLUMNS))


def explain_median(base: float | None, mc: Mapping[str, Any], asymmetry: pd.DataFrame, top: int = 3) -> str:
    """Why the Monte Carlo median differs from the base-case SROI (or that it does not, at
    two decimals): the lopsided ranges that pull the simulation that way, strongest first
    (summed pull per kind of input), with their ranges."""
    median = mc["sroi"]["p50"]
    if base is None or median is None:
        return "Zonder kosten is er geen SROI-ratio."
    if format_ratio(base) == format_ratio(median):
        return f"De mediaan van de simulatie ({format_ratio(median)}) is gelijk aan de basiswaarde."
    lower = median < base
    way = "lager" if lower else "hoger"
    pulling = asymmetry[(asymmetry["pull"] < 0) if lower else (asymmetry["pull"] > 0)]
    pulling = pulling[pulling["shape"] != "symmetric"]
    intro = (f"De mediaan van de simulatie ({format_ratio(median)}) ligt {way} dan de basiswaarde "
             f"({format_ratio(base)}). ")
    if pulling.empty:
        return intro + ("Geen bandbreedte ligt scheef in die richting: het verschil komt door de samenhang van de "
                        "invoer (de SROI is een verhouding van baten en kosten).")
    pulling = pulling.assign(what=[_parameter_label(r) for _, r in pulling.iterrows()])
    groups = pulling.groupby("what", sort=False)["pull"].sum().abs().sort_values(ascending=False).head(top)
    parts = []
    for what in groups.index:
        g = pulling[pulling["what"] == what]
        shapes = set(g["shape"])
        p = g.iloc[0]["parameter"]
        text = what.lower() + (f": {_SHAPES_SHORT[g.iloc[0]['shape']]}" if len(shapes) == 1 else "")
        ranges = list(dict.fromkeys((r["low"], r["base"], r["high"]) for _, r in g.iterrows()))
        if len(ranges) <= 2:
            shown = " of ".join(f"{_value(p, lo)} tot {_value(p, hi)} rond {_value(p, b)}" for lo, b, hi in ranges)
            text += f", {shown}" + (f" (bij {len(g)} effecten)" if len(g) > 1 else "")
        elif len(g) > 1:
            text += f" (bij {len(g)} effecten)"
        parts.append(text)
    direction = "omlaag" if lower else "omhoog"
    return intro + ("Dat komt doordat bandbreedtes in het invoerbestand scheef liggen rond de basiswaarde: "
                    + "; ".join(parts) + f". De simulatie trekt elke invoer tussen laag en hoog met de basis als "
                    f"meest waarschijnlijke waarde; ligt er meer ruimte aan één kant, dan schuiven de trekkingen "
                    f"die kant op en trekken deze invoeren de SROI {direction}.")


def switching_table(switching: pd.DataFrame, project_column: str = "project") -> pd.DataFrame:
    """The switching values of :func:`~analyse.methods.cba.sensitivity.switching_values` that lie
    within their range, as a Dutch table (SWITCHING_COLUMNS), each value in the unit of its
    input (shares with two decimals, years, euros, numbers)."""
    found = switching[switching["switch_value"].notna()]
    rows = [(str(r[project_column]), str(r["label"]), *(_value(r["parameter"], r[c]) for c in
                                                       ("low", "base", "high", "switch_value")))
            for _, r in found.iterrows()]
    return pd.DataFrame(rows, columns=list(SWITCHING_COLUMNS))


def rate_text(rate: DiscountRate) -> str:
    """The discount rate in words with the preset's Dutch label (params/discount_rates.yaml),
    e.g. "2,25% per jaar (reëel, dus boven de inflatie): standaard discontovoet MKBA
    (werkgroep discontovoet 2020)"; a rate without a preset is "zelf gekozen"."""
    first = rate.schedule[0][1] * 100
    decimals = next(d for d in (0, 1, 2, 3, 4) if abs(round(first, d) - first) < 1e-9)
    text = f"{format_number(first, decimals)}% per jaar"
    if rate.constant is None:
        text += f", dalend vanaf jaar {rate.schedule[1][0]}"
    text += " (reëel, dus boven de inflatie)"
    title = rate.title
    if not title:
        return text + ", zelf gekozen"
    if title[1:2].islower():  # "Standaard ..." -> "standaard ..."; an acronym such as "HM" stays
        title = title[0].lower() + title[1:]
    return f"{text}: {title}"


def price_level_text(years: Iterable[int]) -> str:
    """"prijspeil 2022" for the price year(s) of the projects; "prijspeil van elk project
    (2020 en 2022)" when they differ."""
    found = sorted({int(y) for y in years})
    if len(found) == 1:
        return f"prijspeil {found[0]}"
    return f"prijspeil van elk project ({', '.join(map(str, found[:-1]))} en {found[-1]})"


def _money(results: Mapping[str, Appraisal]) -> str:
    """" (prijspeil 2022)" after a money heading when all projects share one price year."""
    years = {r.summary["price_year"] for r in results.values()}
    return f" ({price_level_text(years)})" if len(years) == 1 else ""


def _with_price_year(table: pd.DataFrame, results: Mapping[str, Appraisal], money: str) -> pd.DataFrame:
    """A "Prijspeil" column after the project when the headings cannot name one price year."""
    if not money:
        table.insert(1, "Prijspeil", [str(r.summary["price_year"]) for r in results.values()])
    return table


def overview_table(results: Mapping[str, Appraisal], simulations: Mapping[str, Mapping[str, Any]], actor: str,
                   actor_label: str) -> pd.DataFrame:
    """Per project the base case ("basisraming": every input at its base value) with, next to
    its SROI, the simulated median and the chance that SROI > 1 (``simulations``: project ->
    Monte Carlo summary), and the payback for society and for ``actor`` (the municipality's
    own actor, labelled ``actor_label``). Formatted Dutch strings; money headings name the
    price level."""
    money = _money(results)
    rows = []
    for project, result in results.items():
        s, mc = result.summary, simulations[project]
        own = actor_payback(result, actor)
        rows.append((s["name"], format_eur(s["pv_benefits"]), format_eur(s["pv_costs"]), format_eur(s["npv"]),
                     format_ratio(s["sroi"]), format_ratio(mc["sroi"]["p50"]), format_pct(mc["p_sroi_above_one"]),
                     payback_text(s["payback_years"], s["payback_after_years"], s["payback_reason"]),
                     payback_text(own.year, own.after_years, own.reason)))
    columns = ["Project", f"CW baten{money}", f"CW kosten{money}", f"NCW{money}", "SROI basisraming",
               "SROI mediaan simulatie", "Kans SROI > 1", "Terugverdiend (samenleving)",
               f"Terugverdiend ({actor_label})"]
    return _with_price_year(pd.DataFrame(rows, columns=columns), results, money)


def budget_table(results: Mapping[str, Appraisal], actor: str, actor_label: str) -> pd.DataFrame:
    """Budget neutrality of ``actor`` per project, like for like: its own costs against its
    own modelled benefits as present values over the whole term, and the saving it needs per
    year against its modelled benefits per year (the constant yearly amount over the same
    years with the same present value); "ja" when the benefits cover the costs (then also
    per year). Formatted Dutch strings (:func:`~analyse.methods.cba.pockets.break_even_saving`)."""
    money = _money(results)
    rows = []
    for result in results.values():
        b = break_even_saving(result, actor)
        rows.append((result.summary["name"], format_eur(b["pv_costs"]), format_eur(b["modelled_benefits_pv"]),
                     format_eur(b["yearly_saving_eur"]), format_eur(b["modelled_benefits_yearly_eur"]),
                     "ja" if b["budget_neutral"] else "nee"))
    columns = ["Project", f"Kosten {actor_label}, CW looptijd{money}", f"Baten {actor_label}, CW looptijd{money}",
               f"Benodigde besparing per jaar{money}", f"Baten {actor_label} per jaar{money}", "Budgetneutraal"]
    return _with_price_year(pd.DataFrame(rows, columns=columns), results, money)
