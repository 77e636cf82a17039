"""Dutch sentences of the prevention view: why a cell is (not) a white spot, what changed.

The methods (:mod:`analyse.methods.whitespots`, :mod:`analyse.methods.health`) return the
numbers; this module writes them as the sentences a report shows, with Dutch number
formats (:mod:`analyse.publish.text`) and protected counts of respondents.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from analyse.errors import ParameterError
from analyse.publish.counts import show_count
from analyse.publish.text import dutch_list, format_eur, format_number, format_pct, format_ratio, md

__all__ = ["VERDICTS", "change_statement", "explain_budget_sources", "explain_round_change", "explain_white_spots",
           "round_change_summary", "white_spot_headline", "white_spot_reason", "white_spot_settings",
           "white_spot_summary"]

#: The verdict per cell, by (enough_data, flagged).
VERDICTS = {(True, True): "witte vlek", (True, False): "geen witte vlek", (False, False): "onvoldoende gegevens",
            (False, True): "onvoldoende gegevens"}


def _attribute(frame: pd.DataFrame, given: Any, name: str, made_by: str) -> Any:
    if given is not None:
        return given
    if name not in frame.attrs:
        raise ParameterError(f"{name}: not given and not in the table's attrs; pass the table of {made_by}")
    return frame.attrs[name]


def _points(value: float) -> str:
    """A gap in points, 2 decimals, without sign."""
    return format_number(abs(float(value)), 2)


def _not_enough(row: pd.Series | Mapping[str, Any], params: Mapping[str, Any]) -> str:
    """Why a cell without enough survey data gets no verdict ("onvoldoende gegevens")."""
    kern, dim = row["kern"], row["dimension"]
    head = f"Onvoldoende gegevens voor {kern}, {dim}: "
    if pd.isna(row["mean_score"]):
        return head + "geen Positieve Gezondheid-meting voor deze kern en dimensie; geen oordeel over een witte vlek."
    if row["small_sample"]:
        text = head + (f"{show_count(row['respondents'])} respondenten, minder dan het minimum van "
                       f"{params['min_respondents']}, dus geen oordeel over een witte vlek.")
        if pd.notna(row.get("diff_low")) and pd.notna(row.get("diff_high")):
            text += (f" Zo weinig antwoorden laten veel ruimte voor toeval: het verschil met de rest van de "
                     f"gemeente ligt met {format_pct(params['confidence'])} zekerheid ergens tussen "
                     f"{format_number(row['diff_low'], 2)} en {format_number(row['diff_high'], 2)} punt.")
        return text + f" Bespreek de score ({format_number(row['mean_score'], 2)}) eerst met de kern."
    return head + ("de spreiding van de antwoorden (standaardafwijking) ontbreekt, dus niet vast te stellen of de "
                   "score meer dan toevallig afwijkt; geen oordeel over een witte vlek.")


def _score_need(row: pd.Series | Mapping[str, Any], params: Mapping[str, Any]) -> str:
    """The low-score need signal in words, with the interval of the gap."""
    level = format_pct(params["confidence"])
    return (f"de score op {row['dimension']} ({format_number(row['mean_score'], 2)}) ligt "
            f"{_points(row['score_below'])} punt onder het gemiddelde van de rest van de gemeente "
            f"({format_number(row['rest_mean'], 2)}), meer dan toeval (met {level} zekerheid "
            f"{_points(row['diff_high'])} tot {_points(row['diff_low'])} punt lager)")


def _score_quiet(row: pd.Series | Mapping[str, Any], params: Mapping[str, Any]) -> str:
    """Why the score is no need signal: not below the rest, or below it by chance only."""
    dim = row["dimension"]
    if not row["score_below"] > params["tolerance"]:
        return f"ligt de score op {dim} niet onder het gemiddelde van de rest van de gemeente"
    return (f"ligt de score op {dim} ({format_number(row['mean_score'], 2)}) {_points(row['score_below'])} punt "
            f"onder de rest van de gemeente ({format_number(row['rest_mean'], 2)}), maar dat kan toeval zijn "
            f"(het {format_pct(params['confidence'])}-interval van het verschil, {format_number(row['diff_low'], 2)} "
            f"tot {format_number(row['diff_high'], 2)} punt, bevat 0)")


def white_spot_reason(row: pd.Series | Mapping[str, Any], params: Mapping[str, Any]) -> str:
    """The Dutch sentence of one row of :func:`~analyse.methods.whitespots.white_spots`:
    which signals fire, with the figures (``params``: the parameters used), or why there is
    not enough data for a verdict ("Onvoldoende gegevens")."""
    kern, dim = row["kern"], row["dimension"]
    if not row["enough_data"]:
        return _not_enough(row, params)
    need = [_score_need(row, params)] if row["low_score"] else []
    if row["high_care"]:
        need.append(f"het zorggebruik ({format_number(row['care_per_1000'], 0)} cliënten per 1.000 inwoners) "
                    f"ligt boven dat van de rest van de gemeente ({format_number(row['rest_care_per_1000'], 0)}), "
                    f"meer dan toeval (met {format_pct(params['confidence'])} zekerheid "
                    f"{format_number(row['care_diff_low'], 1)} tot {format_number(row['care_diff_high'], 1)} "
                    "per 1.000 hoger)")
    supply = []
    if row["few_interventions"]:
        count = int(row["interventions"])
        some = {0: "er is geen interventie", 1: "er is maar 1 interventie"}.get(
            count, f"er zijn maar {count} interventies")
        supply.append(f"{some} gericht op {dim}")
    if row["low_budget"]:
        supply.append(f"het budget ({format_eur(row['budget_per_inhabitant'], 2)} per inwoner) is minder dan "
                      f"{format_pct(params['budget_ratio_max'])} van het gemeentelijk niveau voor deze dimensie "
                      f"({format_eur(row['municipal_budget_per_inhabitant'], 2)})")
    if row["flagged"]:
        return f"Witte vlek in {kern}, {dim}. Hoge vraag: {' en '.join(need)}. Laag aanbod: {' en '.join(supply)}."
    if not need:
        return (f"Geen witte vlek: in {kern} {_score_quiet(row, params)} en ligt het zorggebruik niet aantoonbaar "
                "boven dat van de rest van de gemeente.")
    count = int(row["interventions"])
    return (f"Geen witte vlek: in {kern} is er aanbod voor {dim} ({count} interventie{'' if count == 1 else 's'}, "
            f"{format_eur(row['budget_per_inhabitant'], 2)} per inwoner; "
            f"gemeente {format_eur(row['municipal_budget_per_inhabitant'], 2)}).")


def explain_white_spots(spots: pd.DataFrame, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """``spots`` (from ``white_spots``) with the Dutch sentence per cell in column ``why``,
    placed after ``supply``, and the verdict in ``verdict`` ("witte vlek", "geen witte vlek"
    or "onvoldoende gegevens"). ``params``: the parameters used (default ``spots.attrs['params']``)."""
    used = _attribute(spots, params, "params", "white_spots")
    why: list[str] = [white_spot_reason(row, used) for _, row in spots.iterrows()]
    out = spots.drop(columns="why", errors="ignore")
    out.insert(list(out.columns).index("supply") + 1 if "supply" in out else len(out.columns), "why", why)
    out["verdict"] = [VERDICTS[(bool(e), bool(f))] for e, f in zip(spots["enough_data"], spots["flagged"])]
    return out


def change_statement(row: pd.Series | Mapping[str, Any], rounds: tuple[int, int], confidence: float,
                     min_respondents: int) -> str:
    """The Dutch statement of one row of :func:`~analyse.methods.health.round_change`."""
    if pd.isna(row["mean_from"]) or pd.isna(row["mean_to"]):
        return f"Geen vergelijking mogelijk: niet gemeten in zowel ronde {rounds[0]} als ronde {rounds[1]}."
    text = (f"Van {format_number(row['mean_from'], 2)} (ronde {rounds[0]}) naar "
            f"{format_number(row['mean_to'], 2)} (ronde {rounds[1]}): "
            f"verschil {format_number(row['difference'], 2)} punt")
    if pd.isna(row["ci_low"]):
        reason = "de standaardafwijking ontbreekt" if pd.isna(row["sd_from"]) or pd.isna(row["sd_to"]) \
            else "er zijn te weinig respondenten (minder dan 2)"
        text += f". Geen betrouwbaarheidsinterval: {reason}, dus niet te zeggen of dit meer is dan toeval."
    else:
        text += (f" ({format_pct(confidence)}-betrouwbaarheidsinterval {format_number(row['ci_low'], 2)} "
                 f"tot {format_number(row['ci_high'], 2)})")
        if row["ci_low"] > 0:
            text += ": een aantoonbare verbetering."
        elif row["ci_high"] < 0:
            text += ": een aantoonbare verslechtering."
        else:
            text += ": geen aantoonbare verandering (het interval bevat 0)."
    if row["small_sample"]:
        text += f" Let op: kleine steekproef (minder dan {min_respondents} respondenten in een van beide rondes)."
    return text


def explain_round_change(change: pd.DataFrame) -> pd.DataFrame:
    """``change`` (from ``round_change``) with the Dutch statement per row in column ``statement``
    (last), using the rounds, confidence and minimum in ``change.attrs``."""
    names = ("from_round", "to_round", "confidence", "min_respondents")
    from_round, to_round, confidence, minimum = (_attribute(change, None, name, "round_change") for name in names)
    rounds = (from_round, to_round)
    out = change.drop(columns="statement", errors="ignore")
    out["statement"] = [change_statement(row, rounds, confidence, minimum) for _, row in out.iterrows()]
    return out


def explain_budget_sources(phases: pd.DataFrame, comparison: pd.DataFrame, unbudgeted: pd.DataFrame) -> list[str]:
    """Markdown paragraphs explaining why the pyramid's two money columns differ, with the
    figures: ``phases`` from :func:`~analyse.methods.pyramid.phase_split` (with ``budget_eur``),
    ``comparison`` from :func:`~analyse.methods.pyramid.budget_comparison` and ``unbudgeted``
    from :func:`~analyse.methods.pyramid.unbudgeted` (same year)."""
    year = _attribute(comparison, None, "year", "budget_comparison")
    out = [f"**Twee bronnen, twee vragen.** *Begroting* is het geld dat de gemeente in {year} op haar "
           "begrotingsposten voor preventie heeft staan; elke post staat in zijn geheel bij één preventieniveau. "
           "*Jaarbudget interventies* is wat de lopende interventies van partners per jaar kosten volgens het "
           "interventieregister, bij het niveau van de interventie zelf en ongeacht wie betaalt. De twee bedragen "
           "tellen iets anders en worden niet opgeteld: een begrotingspost op niveau 1 of 2 kan ook interventies "
           "op niveau 3 of 4 betalen, en interventies kunnen ook uit andere posten of door andere financiers "
           "betaald worden."]
    for _, phase in phases.iterrows():
        if phase["budget_eur"] <= 0 < phase["interventions"]:
            count = int(phase["interventions"])
            verb = "wordt" if count == 1 else "worden"
            out.append(f"De begroting {year} heeft geen post bij {phase['phase_label']}, daarom staat daar € 0. "
                       f"De {count} interventie{'' if count == 1 else 's'} in die fase (samen "
                       f"{format_eur(phase['intervention_budget_eur'])} per jaar) {verb} "
                       "dus betaald uit posten die bij een ander niveau staan, of van buiten de gemeentelijke "
                       "preventiebegroting.")
    short = comparison[(comparison["not_covered_eur"] > 0) & ~comparison["no_budget_line"]]
    if len(short):
        fields = [f"{md(r['policy_field'])} ({format_eur(r['not_covered_eur'])} meer)" for _, r in short.iterrows()]
        out.append("Per beleidsveld (tabel hieronder) kosten de lopende interventies meer dan de preventieposten "
                   f"van de begroting bij {dutch_list(fields)}: dat deel komt niet uit de preventieposten van het "
                   "beleidsveld zelf.")
    spare = comparison[comparison["prevention_budget_eur"] > comparison["intervention_budget_eur"]]
    if len(spare):
        fields = [f"{md(r['policy_field'])} ({format_eur(r['prevention_budget_eur'] - r['intervention_budget_eur'])} "
                  "meer)" for _, r in spare.iterrows()]
        out.append(f"Omgekeerd zijn de preventieposten hoger dan de lopende interventies bij {dutch_list(fields)}: "
                   "dat deel van de begroting is niet aan een interventie in het register gekoppeld (bijvoorbeeld "
                   "algemeen welzijnswerk of activiteiten die niet als interventie zijn geregistreerd).")
    if len(unbudgeted):
        groups = [f"{md(field)}: " + ", ".join(
                      f"{md(r['intervention'])} ({format_eur(r['annual_budget_eur'])} per jaar)"
                      if pd.notna(r["annual_budget_eur"]) else md(r["intervention"]) for _, r in rows.iterrows())
                  for field, rows in unbudgeted.groupby(unbudgeted["policy_field"].astype(str), sort=False)]
        out.append(f"**Let op:** in {year} lopen interventies op een beleidsveld zonder begrotingspost in dat jaar. "
                   f"{'; '.join(groups)}. Ga na wie deze interventies betaalt, of neem er een post voor op in de "
                   "begroting.")
    else:
        out.append(f"Alle lopende interventies horen bij een beleidsveld met een begrotingspost in {year}.")
    return out


def white_spot_settings(params: Mapping[str, Any]) -> str:
    """The white-spot rule's settings (``params`` as used, e.g. ``spots.attrs['params']``) in
    one Dutch sentence, without file names."""
    count = int(params["max_interventions"])
    ratio = float(params["care_ratio_min"])
    level = "dat van de rest van de gemeente"
    if ratio != 1:
        level = f"{format_ratio(ratio)} keer {level}"
    few = "geen interventie" if count == 0 else f"hoogstens {count} interventie{'' if count == 1 else 's'}"
    return (f"Instellingen: minimaal {params['min_respondents']} respondenten per kern en dimensie; "
            f"betrouwbaarheid {format_pct(params['confidence'])}; scores die hoogstens "
            f"{format_number(params['tolerance'], 3)} punt verschillen tellen als gelijk; zorggebruik telt als hoog "
            f"als het met {format_pct(params['confidence'])} zekerheid meer dan "
            f"{format_number(params['care_tolerance'], 0)} cliënt per 1.000 inwoners boven {level} ligt; "
            f"laag aanbod is {few} of minder dan "
            f"{format_pct(params['budget_ratio_max'])} van het gemeentelijk budget per inwoner. "
            "De onderbouwing van elke instelling staat in de methodebeschrijving van de preventierapportage.")


def _cells(rows: pd.DataFrame) -> str:
    """Dutch enumeration of kern x dimension cells: "Zingeving in Hoonhorst en Zingeving in Oudleusen"."""
    return dutch_list([f"{md(str(d))} in {md(str(k))}" for k, d in zip(rows["kern"], rows["dimension"])])


def _unknown_without_supply(unknown: pd.DataFrame) -> str:
    """The clause on cells without a verdict where no intervention runs at all ("" if none)."""
    bare = unknown[unknown["interventions"] == 0]
    if not len(bare):
        return ""
    return f"waaronder {len(bare)} zonder enig aanbod (geen lopende interventie): {_cells(bare)}"


def white_spot_summary(spots: pd.DataFrame, kernen: list[str] | None = None) -> str:
    """Dutch sentences: how many white spots were shown (aangetoond), in how many cells with
    enough data, and which cells had too little data for a verdict, naming those without any
    supply, so that "no white spots" is never read as "no gaps". ``spots``: the table of
    :func:`explain_white_spots` (or ``white_spots``); ``kernen``: the kernen shown (default all)."""
    shown = spots if kernen is None else spots[spots["kern"].astype(str).isin(kernen)]
    found, judged = int(shown["flagged"].sum()), int(shown["enough_data"].sum())
    unknown = shown[~shown["enough_data"]]
    spots_text = f"**{found} witte {'vlek' if found == 1 else 'vlekken'}**" if found else "**Geen witte vlekken**"
    text = f"{spots_text} aangetoond in de {judged} combinaties van kern en dimensie met voldoende gegevens."
    if len(unknown):
        names = sorted(unknown["kern"].astype(str).unique())
        bare = _unknown_without_supply(unknown)
        text += (f" Bij {len(unknown)} combinaties ({'kern' if len(names) == 1 else 'kernen'} "
                 f"{dutch_list([md(k) for k in names])}) zijn er onvoldoende gegevens voor een oordeel"
                 + (f", {bare}" if bare else "")
                 + ". Daar is een witte vlek niet aangetoond, maar ook niet uitgesloten.")
    return text


def white_spot_headline(spots: pd.DataFrame) -> str:
    """The Markdown bullet of the summary report on white spots: the number shown (aangetoond)
    with the cells, and the cells without a verdict, naming those without any supply.
    ``spots``: the table of :func:`~analyse.methods.whitespots.white_spots`."""
    flagged, unknown = spots[spots["flagged"]], spots[~spots["enough_data"]]
    text = f"- **Witte vlekken:** {len(flagged)} aangetoond"
    text += f" in de {int(spots['enough_data'].sum())} combinaties van kern en dimensie met voldoende gegevens"
    if len(flagged):
        text += f" ({_cells(flagged)})"
    if len(unknown):
        bare = _unknown_without_supply(unknown)
        text += (f"; bij {len(unknown)} van de {len(spots)} combinaties onvoldoende gegevens voor een oordeel "
                 "(te weinig respondenten)" + (f", {bare}" if bare else "")
                 + ". Daar is een witte vlek dus niet uitgesloten")
    return text + "."


def round_change_summary(change: pd.DataFrame) -> str:
    """One Dutch conclusion over the rows of :func:`~analyse.methods.health.round_change`
    (rounds and confidence in ``change.attrs``): how many kern x dimension combinations
    improved or worsened by more than chance (interval wholly above or below 0), how many
    intervals contain 0, and how many have no interval."""
    rounds = f"ronde {change.attrs.get('from_round', '?')} naar ronde {change.attrs.get('to_round', '?')}"
    level = format_pct(_attribute(change, None, "confidence", "round_change"))
    with_ci = change[change["ci_low"].notna() & change["ci_high"].notna()]
    up, down = with_ci[with_ci["ci_low"] > 0], with_ci[with_ci["ci_high"] < 0]
    level_off = len(with_ci) - len(up) - len(down)
    if not len(with_ci):
        text = f"Van {rounds} is bij geen enkele combinatie van kern en dimensie een betrouwbaarheidsinterval te maken."
    elif not len(up) and not len(down):
        every = "het interval bevat" if len(with_ci) == 1 else f"alle {len(with_ci)} intervallen bevatten"
        text = (f"**Conclusie:** van {rounds} is bij geen enkele combinatie van kern en dimensie de verandering "
                f"meer dan toeval ({every} 0, bij {level} betrouwbaarheid).")
    else:
        def counted(rows: pd.DataFrame, verb: str) -> str:
            return f"bij {len(rows)} aantoonbaar {verb} ({_cells(rows)})" if len(rows) \
                else f"bij geen enkele aantoonbaar {verb}"
        of = f"de {len(with_ci)} combinaties" if len(with_ci) > 1 else "de enige combinatie"
        text = (f"**Conclusie:** van {rounds} is de score, van {of} van kern en dimensie met een interval, "
                f"{counted(up, 'verbeterd')} en {counted(down, 'verslechterd')}")
        text += (f"; bij de overige {level_off} bevat het interval 0 (geen aantoonbare verandering, bij {level} "
                 "betrouwbaarheid)." if level_off else ".")
    missing = len(change) - len(with_ci)
    if missing:
        text += f" Bij {missing} combinatie{'' if missing == 1 else 's'} is geen interval mogelijk."
    return text
