"""Positive Health per kern: municipal average, the spider-web profile and change between rounds.

After **Dalfsen preventie 2021** (Positive Health as a spider web per kern, repeated to see
change) and **Positieve Gezondheid** (six dimensions; the model's authors call it a
conversation tool, not a measuring instrument: results show respondents and flag small
samples). Scores are 0-10 means per kern and dimension; differences are points on 0-10.

Defaults (the small-sample minimum ``min_respondents`` and the interval level
``confidence``) are read from ``params/white_spots.yaml`` through :mod:`analyse.params`.
The Dutch sentence per change is written in :mod:`analyse.publish.prevention_text`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from analyse import params
from analyse.config import POSITIVE_HEALTH_DIMENSIONS
from analyse.methods.kernen import kern_order

#: Parameter file (``params/<name>.yaml``) of the prevention methods.
PARAMS = "white_spots"

__all__ = ["compare_with_rest", "health_profile", "latest_round", "municipal_average", "pooled", "round_change",
           "small_sample", "welch_interval"]


def default_min_respondents() -> int:
    """The small-sample minimum of the parameter file (respondents)."""
    return int(params.value(PARAMS, "min_respondents"))


def small_sample(respondents: Any, min_respondents: int | None = None) -> Any:
    """True where fewer than ``min_respondents`` answered (n = min is not small); a number
    gives a bool, a Series a boolean Series."""
    minimum = default_min_respondents() if min_respondents is None else min_respondents
    return respondents < minimum


def in_cell_order(frame: pd.DataFrame, kernen: list[str]) -> pd.DataFrame:
    """Rows sorted by kern (given order) and dimension (fixed order), index reset."""
    order = {"kern": {k: i for i, k in enumerate(kernen)},
             "dimension": {d: i for i, d in enumerate(POSITIVE_HEALTH_DIMENSIONS)}}
    return frame.sort_values(["kern", "dimension"],
                             key=lambda col: col.astype(str).map(order[str(col.name)])).reset_index(drop=True)


def municipal_average(positive_health: pd.DataFrame) -> pd.DataFrame:
    """Respondent-weighted mean score per survey round x dimension for the municipality.

    mean = sum(n_k * mean_k) / sum(n_k) over the kernen; columns survey_round, dimension,
    mean_score, respondents (sum). Kernen with a high response weigh more."""
    frame = positive_health.assign(dimension=positive_health["dimension"].astype(str),
                                   weighted=positive_health["mean_score"] * positive_health["respondents"])
    out = frame.groupby(["survey_round", "dimension"], sort=False)[["weighted", "respondents"]].sum()
    out["mean_score"] = (out["weighted"] / out["respondents"]).astype(float)
    return out.drop(columns="weighted").reset_index()[["survey_round", "dimension", "mean_score", "respondents"]]


def health_profile(positive_health: pd.DataFrame, survey_round: int | None = None,
                   min_respondents: int | None = None) -> pd.DataFrame:
    """Spider-web data: per kern x dimension of one round (default: latest) the mean score,
    respondents, ``small_sample`` (fewer than ``min_respondents``, default from the
    parameters), the municipal respondent-weighted mean and ``difference`` (kern - municipal,
    points on 0-10). Rows in kern order, dimensions in the fixed order; the minimum used is
    in ``attrs['min_respondents']``."""
    survey_round = int(positive_health["survey_round"].max()) if survey_round is None else int(survey_round)
    rows = positive_health[positive_health["survey_round"] == survey_round]
    if rows.empty:
        raise ValueError(f"positive_health: no survey round {survey_round}")
    municipal = municipal_average(rows)[["dimension", "mean_score", "respondents"]].rename(
        columns={"mean_score": "municipal_mean", "respondents": "municipal_respondents"})
    out = rows.assign(kern=rows["kern"].astype(str), dimension=rows["dimension"].astype(str))
    out = out[["survey_round", "quarter", "kern", "dimension", "mean_score", "sd", "respondents"]]
    out = out.merge(municipal, on="dimension", how="left")
    minimum = default_min_respondents() if min_respondents is None else min_respondents
    out["small_sample"] = small_sample(out["respondents"], minimum).astype(bool)
    out["difference"] = out["mean_score"] - out["municipal_mean"]
    out = in_cell_order(out, kern_order(positive_health))
    out.attrs["min_respondents"] = minimum
    return out


def latest_round(positive_health: pd.DataFrame, up_to: object = None) -> int:
    """The latest survey round measured in or before the quarter ``up_to`` (a quarter such as
    "2024Q4" or a date; None: the latest round), so a report on a past period never uses a
    later survey. ValueError when no round is that early."""
    rounds = positive_health[["survey_round", "quarter"]].drop_duplicates()
    if up_to is not None:
        rounds = rounds[rounds["quarter"] <= pd.Period(up_to, freq="Q")]
    if rounds.empty:
        raise ValueError(f"positive_health: no survey round in or before {up_to}")
    return int(rounds["survey_round"].max())


def welch_interval(mean1: float, sd1: float, n1: float, mean2: float, sd2: float, n2: float,
                   confidence: float = 0.95) -> tuple[float, float, float, float]:
    """Welch confidence interval for mean2 - mean1 of two independent samples.

    se = sqrt(sd1^2/n1 + sd2^2/n2); Welch-Satterthwaite degrees of freedom
    df = se^4 / ((sd1^2/n1)^2/(n1-1) + (sd2^2/n2)^2/(n2-1)); interval = diff +- t(df) * se.
    Returns (difference, low, high, df); NaN bounds when an sd is missing or an n < 2."""
    diff = mean2 - mean1
    if any(pd.isna(v) for v in (sd1, sd2, n1, n2)) or n1 < 2 or n2 < 2:
        return diff, np.nan, np.nan, np.nan
    v1, v2 = sd1 ** 2 / n1, sd2 ** 2 / n2
    se = float(np.sqrt(v1 + v2))
    if se == 0:
        return diff, diff, diff, np.inf
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2, df)) * se
    return diff, diff - half, diff + half, float(df)


def round_change(positive_health: pd.DataFrame, from_round: int | None = None, to_round: int | None = None,
                 confidence: float | None = None, min_respondents: int | None = None) -> pd.DataFrame:
    """Change of the mean score per kern x dimension between two survey rounds.

    Defaults: ``to_round`` the latest round, ``from_round`` the round before it. Where sd
    and respondents are present the interval is Welch's for two independent means
    (:func:`welch_interval`); otherwise ci_low/ci_high are NaN. Columns: kern, dimension,
    mean_from, sd_from, n_from, mean_to, sd_to, n_to, difference (points), ci_low,
    ci_high, df, small_sample (fewer than the minimum in either round, or not measured);
    ``attrs``: from_round, to_round, confidence, min_respondents. The Dutch statement per
    row: :func:`analyse.publish.prevention_text.explain_round_change`."""
    confidence = float(params.value(PARAMS, "confidence")) if confidence is None else confidence
    minimum = default_min_respondents() if min_respondents is None else min_respondents
    rounds = sorted(int(r) for r in positive_health["survey_round"].unique())
    to_round = rounds[-1] if to_round is None else int(to_round)
    earlier = [r for r in rounds if r < to_round]
    if from_round is None and not earlier:
        raise ValueError(f"positive_health: no survey round before round {to_round} to compare with")
    from_round = earlier[-1] if from_round is None else int(from_round)
    names = {"mean_score": "mean", "sd": "sd", "respondents": "n"}
    measured = [health_profile(positive_health, rnd, minimum).set_index(["kern", "dimension"])[list(names)]
                .rename(columns={column: f"{short}_{suffix}" for column, short in names.items()})
                for rnd, suffix in ((from_round, "from"), (to_round, "to"))]
    out = in_cell_order(measured[0].join(measured[1], how="outer").reset_index(), kern_order(positive_health))
    columns = ["mean_from", "sd_from", "n_from", "mean_to", "sd_to", "n_to"]
    intervals = [welch_interval(m1, s1, n1, m2, s2, n2, confidence)
                 for m1, s1, n1, m2, s2, n2 in out[columns].astype(float).to_numpy()]
    out[["difference", "ci_low", "ci_high", "df"]] = pd.DataFrame(intervals, index=out.index, dtype=float)
    for column in ("n_from", "n_to"):
        out[column] = out[column].astype("Int64")
    small = small_sample(out["n_from"], minimum) | small_sample(out["n_to"], minimum)
    out["small_sample"] = small.fillna(True).astype(bool)
    out.attrs.update(from_round=from_round, to_round=to_round, confidence=confidence, min_respondents=minimum)
    return out


def pooled(means: Any, sds: Any, ns: Any) -> tuple[float, float, float]:
    """Mean, standard deviation and size of the union of several samples, from their means,
    sds and sizes: n = sum n_j; mean = sum(n_j m_j) / n; sd^2 = (sum (n_j - 1) s_j^2 +
    sum n_j (m_j - mean)^2) / (n - 1) (the exact sample variance of the combined sample).
    NaN sd when any sd is missing or n < 2; all NaN when there are no respondents."""
    m, s, n = (np.asarray(v, dtype=float) for v in (means, sds, ns))
    total = float(n.sum())
    if total <= 0:
        return np.nan, np.nan, 0.0
    mean = float((n * m).sum() / total)
    if np.isnan(s).any() or total < 2:
        return mean, np.nan, total
    squares = float(((n - 1) * s ** 2).sum() + (n * (m - mean) ** 2).sum())
    return mean, float(np.sqrt(max(squares, 0.0) / (total - 1))), total


def compare_with_rest(positive_health: pd.DataFrame, survey_round: int | None = None,
                      confidence: float | None = None, min_respondents: int | None = None) -> pd.DataFrame:
    """Each kern against the rest of the municipality, per dimension of one round (default: latest).

    The rest is the other kernen pooled (:func:`pooled`: respondent-weighted mean, sd of the
    combined sample); ``difference`` = kern - rest (points on 0-10) with the Welch interval
    (:func:`welch_interval`, level ``confidence``, default from the parameters) in
    ``diff_low``/``diff_high``; NaN bounds when an sd is missing or a group has fewer than 2
    respondents. Columns: those of :func:`health_profile` plus rest_mean, rest_sd,
    rest_respondents, difference (replaced: now against the rest), diff_low, diff_high, df;
    ``attrs``: confidence, min_respondents."""
    confidence = float(params.value(PARAMS, "confidence")) if confidence is None else float(confidence)
    out = health_profile(positive_health, survey_round, min_respondents)
    rest = []
    for row in out.itertuples():
        others = out[(out["dimension"] == row.dimension) & (out["kern"] != row.kern)]
        rest.append(pooled(others["mean_score"], others["sd"], others["respondents"]))
    out[["rest_mean", "rest_sd", "rest_respondents"]] = pd.DataFrame(rest, index=out.index, dtype=float)
    intervals = [welch_interval(rm, rs, rn, m, s, n, confidence) for rm, rs, rn, m, s, n in
                 out[["rest_mean", "rest_sd", "rest_respondents", "mean_score", "sd", "respondents"]]
                 .astype(float).to_numpy()]
    out[["difference", "diff_low", "diff_high", "df"]] = pd.DataFrame(intervals, index=out.index, dtype=float)
    out.attrs["confidence"] = confidence
    return out
