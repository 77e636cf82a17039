"""White spots ("witte vlekken"): kern x dimension cells where need is high and supply is low.

After **Dalfsen welzijn 2015** ("verbinden van vraag en aanbod (witte vlekken opsporen)")
and **Dalfsen preventie 2021** (Positive Health per kern). Need: the Positive Health score
and care use per 1,000 inhabitants; supply: running interventions and their budget per
inhabitant. A low score counts as need only when it is statistically meaningful: the kern
scores below the rest of the municipality with a Welch interval of the difference that
excludes 0 (by more than the tolerance), from at least the minimum of respondents; care use
counts as need likewise when the kern's rate is above the rest's by more than chance
(a Poisson interval, :func:`care_against_rest`); cells
with fewer respondents (or no sd) have ``enough_data`` False and are never white spots
("onvoldoende gegevens"). The weights, thresholds, confidence level and tolerances are
parameters in ``params/white_spots.yaml``, read by :func:`white_spot_params`; the method
for policy officers is in ``docs/prevention.md``.
The Dutch sentence per cell is written in :mod:`analyse.publish.prevention_text`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analyse import params as parameters
from analyse.errors import ParameterError
from analyse.methods.coverage import care_rate, check_allocation, coverage
from analyse.methods.health import PARAMS, compare_with_rest
from analyse.methods.population import RATE_COLUMN, per_1000
from analyse.methods.pyramid import as_date

#: The four criteria of the white-spot score (keys of the ``weights`` parameter).
WEIGHT_KEYS = ("score_gap", "care_rate", "interventions", "budget")

#: Guard against floating-point noise in ratio comparisons (not a method choice: a ratio within
#: this of its threshold counts as equal to it).
FLOAT_NOISE = 1e-9

#: Columns of :func:`white_spots`, in order.
COLUMNS = ["rank", "kern", "dimension", "flagged", "enough_data", "score", "need", "supply",
           "mean_score", "sd", "respondents", "small_sample", "municipal_mean",
           "rest_mean", "rest_respondents", "score_below", "diff_low", "diff_high",
           "care_per_1000", "municipal_care_per_1000", "care_ratio", "rest_care_per_1000",
           "care_diff_low", "care_diff_high",
           "interventions", "budget_per_inhabitant", "municipal_budget_per_inhabitant", "budget_ratio",
           "low_score", "high_care", "few_interventions", "low_budget"]

__all__ = ["WEIGHT_KEYS", "care_against_rest", "white_spot_params", "white_spots"]


def white_spot_params(path: Path | str | None = None, **overrides: Any) -> dict[str, Any]:
    """The method parameters (values only) of ``params/white_spots.yaml`` (or the parameter
    file ``path``), with ``overrides``; an override of None keeps the file's value.

    Raises :class:`~analyse.errors.ParameterError` (a ValueError) for an unknown name or
    an invalid value."""
    entries = parameters.read_file(path) if path else parameters.load(PARAMS)
    values: dict[str, Any] = {name: copy.deepcopy(e.values if e.values is not None else e.value)
                              for name, e in entries.items()}
    unknown = sorted(set(overrides) - set(values))
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}: expected one of {', '.join(values)}")
    values.update({name: value for name, value in overrides.items() if value is not None})
    weights = values["weights"]
    if not isinstance(weights, Mapping) or set(weights) != set(WEIGHT_KEYS) or any(w < 0 for w in weights.values()):
        raise ParameterError(f"weights: expected non-negative numbers for exactly {', '.join(WEIGHT_KEYS)}")
    if weights["score_gap"] + weights["care_rate"] <= 0 or weights["interventions"] + weights["budget"] <= 0:
        raise ParameterError("weights: need (score_gap, care_rate) and supply (interventions, budget) "
                             "each need a positive weight")
    check_allocation(values["allocation"])
    if not 0 < values["confidence"] < 1:
        raise ParameterError("confidence: expected a level between 0 and 1, e.g. 0.95")
    if values["tolerance"] < 0 or values["care_tolerance"] < 0:
        raise ParameterError("tolerance and care_tolerance: expected numbers of at least 0")
    if int(values["min_respondents"]) < 1 or int(values["care_quarters"]) < 1:
        raise ParameterError("min_respondents and care_quarters: expected whole numbers of at least 1")
    return values


def care_against_rest(care: pd.DataFrame, confidence: float, ratio: float = 1.0) -> pd.DataFrame:
    """Care use per 1,000 inhabitants of each kern against the rest of the municipality (the
    other kernen together), with a confidence interval of the difference.

    ``care``: :func:`~analyse.methods.coverage.care_rate` (kern, clients, inhabitants). The
    clients of a kern are treated as a Poisson count c over n inhabitants (rate c / n, variance
    c / n²); the difference kern - ``ratio`` x rest, per 1,000, is d = 1,000 x (c_k / n_k - ratio x
    c_r / n_r) with se = 1,000 x sqrt(c_k / n_k² + ratio² x c_r / n_r²) and the interval d ± z x se,
    z the normal quantile of ``confidence`` (the Wald interval of a rate difference; Kirkwood &
    Sterne 2003, ch. 23). Columns: kern, rest_care_per_1000, care_diff_low, care_diff_high (per
    1,000; NaN without other kernen)."""
    total_clients, total_people = care["clients"].sum(), care["inhabitants"].sum()
    rest_clients = total_clients - care["clients"]
    rest_people = (total_people - care["inhabitants"]).astype(float).where(lambda n: n > 0)
    rest_rate = rest_clients / rest_people
    own = care["clients"] / care["inhabitants"]
    se = 1000 * np.sqrt(care["clients"] / care["inhabitants"] ** 2 + ratio ** 2 * rest_clients / rest_people ** 2)
    diff = 1000 * (own - ratio * rest_rate)
    z = float(stats.norm.ppf(0.5 + confidence / 2))
    return pd.DataFrame({"kern": care["kern"], "rest_care_per_1000": 1000 * rest_rate,
                         "care_diff_low": diff - z * se, "care_diff_high": diff + z * se})


def _position(values: pd.Series, worse_is_higher: bool) -> pd.Series:
    """Rank position 0 (best cell) to 1 (worst); ties share their mean rank; missing -> 0.5."""
    ranks = (values if worse_is_higher else -values).rank(method="average")
    count = int(values.notna().sum())
    position = (ranks - 1) / (count - 1) if count > 1 else ranks * 0.0
    return position.fillna(0.5)


def white_spots(positive_health: pd.DataFrame, care_use: pd.DataFrame, interventions: pd.DataFrame,
                population: pd.DataFrame, *, survey_round: int | None = None, as_of: object = None,
                params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Rank kern x dimension cells where need is high and supply is low ("witte vlekken").

    Need: the Positive Health score of the round (default: latest) below the rest of the
    municipality (:func:`~analyse.methods.health.compare_with_rest`: the Welch interval of
    kern - rest at level ``confidence`` lies wholly below ``-tolerance``), and care use per
    1,000 inhabitants above ``care_ratio_min`` x the rest of the municipality, the whole
    interval of that difference (:func:`care_against_rest`, level ``confidence``) lying more
    than ``care_tolerance`` above 0.
    Supply: running interventions on ``as_of`` (default: end of the round's quarter) and
    their budget per inhabitant, relative to the municipal figure for the dimension.

    Each of the four criteria gives every cell a rank position from 0 (best cell) to 1
    (worst); ``need`` and ``supply`` are weighted means of those positions (supply = 1 -
    shortfall, so 1 = the most supply) and ``score`` the weighted mean of all four. A cell
    is ``flagged`` as a white spot when it has ``enough_data`` (at least ``min_respondents``
    respondents and a known sd; otherwise "onvoldoende gegevens", never a white spot), at
    least one need signal and at least one supply signal (at most ``max_interventions``
    interventions, budget ratio below ``budget_ratio_max``) fire. ``score_below`` = rest
    mean - kern mean (points; NaN without enough data). Rows: flagged cells first, then by score, with ``rank``;
    columns :data:`COLUMNS`; ``attrs``: params, as_of, survey_round, care_window.
    ``params`` overrides :func:`white_spot_params`. The Dutch sentence per cell:
    :func:`analyse.publish.prevention_text.explain_white_spots`."""
    p = white_spot_params(**dict(params or {}))
    profile = compare_with_rest(positive_health, survey_round, p["confidence"], p["min_respondents"])
    when = as_date(as_of) or profile["quarter"].max().end_time.normalize()
    cover = coverage(interventions, population, year=when.year, as_of=when, allocation=p["allocation"])
    care = care_rate(care_use, population, as_of=when, quarters=p["care_quarters"])
    survey = ["kern", "dimension", "mean_score", "sd", "respondents", "small_sample", "municipal_mean",
              "rest_mean", "rest_respondents", "difference", "diff_low", "diff_high"]
    cells = cover.merge(profile[survey], on=["kern", "dimension"], how="left")
    cells = cells.merge(care[["kern", RATE_COLUMN]].rename(columns={RATE_COLUMN: "care_per_1000"}),
                        on="kern", how="left")
    cells = cells.merge(care_against_rest(care, p["confidence"], p["care_ratio_min"]), on="kern", how="left")
    for column in ("kern", "dimension"):  # back to the configuration order the merges dropped
        cells[column] = pd.Categorical(cells[column], categories=cover[column].cat.categories, ordered=True)
    cells["small_sample"] = cells["small_sample"].astype("boolean").fillna(True).astype(bool)
    # Enough data: measured, at least the minimum of respondents, and an interval (sd known).
    cells["enough_data"] = ~cells["small_sample"] & cells["diff_high"].notna()
    cells["score_below"] = (cells["rest_mean"] - cells["mean_score"]).where(cells["enough_data"])
    municipal_care = per_1000(care["clients"].sum(), care["inhabitants"].sum())
    cells["municipal_care_per_1000"] = municipal_care
    cells["care_ratio"] = cells["care_per_1000"] / municipal_care
    per_dim = cover.groupby("dimension")["budget_eur"].sum() / cover.drop_duplicates("kern")["inhabitants"].sum()
    cells["municipal_budget_per_inhabitant"] = cells["dimension"].map(per_dim).astype(float)
    cells["budget_ratio"] = (cells["budget_per_inhabitant"] / cells["municipal_budget_per_inhabitant"]).where(
        cells["municipal_budget_per_inhabitant"] > 0)

    # Need: the whole interval of (kern - rest) lies more than the tolerance below 0.
    cells["low_score"] = (cells["enough_data"] & (cells["diff_high"] < -p["tolerance"])).astype(bool)
    # Care use: the whole interval of (kern - care_ratio_min x rest) lies more than care_tolerance above 0.
    cells["high_care"] = (cells["care_diff_low"] > p["care_tolerance"]).fillna(False).astype(bool)
    cells["few_interventions"] = cells["interventions"] <= p["max_interventions"]
    cells["low_budget"] = (cells["budget_ratio"] < p["budget_ratio_max"] - FLOAT_NOISE).fillna(False).astype(bool)
    cells["flagged"] = cells["enough_data"] & (cells["low_score"] | cells["high_care"]) \
        & (cells["few_interventions"] | cells["low_budget"])

    w = p["weights"]
    pos = {"score_gap": _position(cells["score_below"], True), "care_rate": _position(cells["care_ratio"], True),
           "interventions": _position(cells["interventions"].astype(float), False),
           "budget": _position(cells["budget_ratio"], False)}
    need_w, supply_w = w["score_gap"] + w["care_rate"], w["interventions"] + w["budget"]
    cells["need"] = (w["score_gap"] * pos["score_gap"] + w["care_rate"] * pos["care_rate"]) / need_w
    shortfall = (w["interventions"] * pos["interventions"] + w["budget"] * pos["budget"]) / supply_w
    cells["supply"] = 1 - shortfall
    cells["score"] = (need_w * cells["need"] + supply_w * shortfall) / (need_w + supply_w)
    cells = cells.sort_values(["flagged", "score", "kern", "dimension"], ascending=[False, False, True, True])
    cells.insert(0, "rank", range(1, len(cells) + 1))
    cells.attrs.update(params=p, as_of=str(when.date()), survey_round=int(profile["survey_round"].iloc[0]),
                       care_window=care.attrs["window"])
    return cells[COLUMNS].reset_index(drop=True)
