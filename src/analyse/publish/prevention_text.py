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
from analyse.publish.text import format_eur, format_number, format_pct

__all__ = ["change_statement", "explain_round_change", "explain_white_spots", "white_spot_reason"]


def _attribute(frame: pd.DataFrame, given: Any, name: str, made_by: str) -> Any:
    if given is not None:
        return given
    if name not in frame.attrs:
        raise ParameterError(f"{name}: not given and not in the table's attrs; pass the table of {made_by}")
    return frame.attrs[name]


def white_spot_reason(row: pd.Series | Mapping[str, Any], params: Mapping[str, Any]) -> str:
    """The Dutch sentence of one row of :func:`~analyse.methods.whitespots.white_spots`:
    which signals fire, with the figures (``params``: budget_ratio_max, min_respondents)."""
    kern, dim = row["kern"], row["dimension"]
    need = []
    if row["low_score"]:
        need.append(f"de score op {dim} ({format_number(row['mean_score'], 2)}) ligt "
                    f"{format_number(row['score_below'], 2)} punt onder het gemeentelijk gemiddelde "
                    f"({format_number(row['municipal_mean'], 2)})")
    if row["high_care"]:
        need.append(f"het zorggebruik ({format_number(row['care_per_1000'], 0)} cliënten per 1.000 inwoners) "
                    f"ligt boven het gemeentelijk niveau ({format_number(row['municipal_care_per_1000'], 0)})")
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
        text = f"Witte vlek in {kern}, {dim}. Hoge vraag: {' en '.join(need)}. Laag aanbod: {' en '.join(supply)}."
    elif not need:
        text = (f"Geen witte vlek: in {kern} ligt de score op {dim} niet onder het gemeentelijk gemiddelde "
                "en ligt het zorggebruik niet boven het gemeentelijk niveau.")
    else:
        count = int(row["interventions"])
        text = (f"Geen witte vlek: in {kern} is er aanbod voor {dim} ({count} interventie{'' if count == 1 else 's'}, "
                f"{format_eur(row['budget_per_inhabitant'], 2)} per inwoner; "
                f"gemeente {format_eur(row['municipal_budget_per_inhabitant'], 2)}).")
    if pd.isna(row["mean_score"]):
        text += " Geen Positieve Gezondheid-meting voor deze kern en dimensie."
    elif row["small_sample"]:
        text += (f" Let op: {show_count(row['respondents'])} respondenten, minder dan {params['min_respondents']}: "
                 "kleine steekproef, bespreek de score eerst met de kern.")
    return text


def explain_white_spots(spots: pd.DataFrame, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """``spots`` (from ``white_spots``) with the Dutch sentence per cell in column ``why``,
    placed after ``supply``. ``params``: the parameters used (default ``spots.attrs['params']``)."""
    used = _attribute(spots, params, "params", "white_spots")
    why: list[str] = [white_spot_reason(row, used) for _, row in spots.iterrows()]
    out = spots.drop(columns="why", errors="ignore")
    out.insert(list(out.columns).index("supply") + 1 if "supply" in out else len(out.columns), "why", why)
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
