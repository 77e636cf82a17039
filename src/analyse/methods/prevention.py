"""Prevention view: pyramid, Positive Health per kern, coverage, white spots, goal-effort network.

After seed 004 (prevention policy: prevention pyramid, Positive Health spider web per
kern, Doel-Inspanningen-Netwerk) and seed 000 ("witte vlekken opsporen"). Figures are in
:mod:`analyse.prevention_plots`; the method and its defaults in ``docs/prevention.md``.

Conventions
-----------
- Inputs are the frames of :mod:`analyse.data` (interventions, budget, positive_health,
  care_use, population, evaluations); every function is pure and returns a new frame.
- Money is euros per year (the interventions' ``annual_budget_eur``; budget lines of one
  year, nominal). "Per inhabitant" divides by the inhabitants of one year.
- ``as_of``: only interventions running on that date (started on or before it, no end
  date or ending on or after it). ``None`` keeps every intervention in the register,
  except in :func:`white_spots`, where it defaults to the end of the survey quarter.
- Positive Health scores are 0-10 means per kern and dimension. The model's authors call
  it a conversation tool, not a measuring instrument: results show respondents and flag
  small samples.
- Method parameters (small-sample minimum, allocation rule, white-spot weights and
  thresholds) live in ``params/white_spots.yaml``, read by :func:`white_spot_params`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import yaml
from scipy import stats

from analyse.config import PARAMS_DIR, POSITIVE_HEALTH_DIMENSIONS, PREVENTION_LEVELS
from analyse.data import explode_list
from analyse.disclosure.privacy import show_count
from analyse.publish.style import format_eur, format_number, format_pct

PARAMS_FILE = PARAMS_DIR / "white_spots.yaml"

#: Seed 004: phase 1 covers the two lower steps of the pyramid, phase 2 steps three and four.
PHASE_OF_LEVEL: dict[int, int] = {1: 1, 2: 1, 3: 2, 4: 2}
PHASE_LABELS: dict[int, str] = {1: "Fase 1 (niveau 1-2)", 2: "Fase 2 (niveau 3-4)"}

#: How an intervention's budget is split over the kernen it serves.
ALLOCATIONS = ("population", "equal")
WEIGHT_KEYS = ("score_gap", "care_rate", "interventions", "budget")

#: Node kinds of the goal-effort network, left to right.
NODE_KINDS = ("doel", "interventie", "indicator")


# --------------------------------------------------------------------------- parameters

def white_spot_params(path: Path | str | None = None, **overrides: Any) -> dict[str, Any]:
    """The method parameters (values only) from ``white_spots.yaml``, with overrides.

    Raises ValueError for an unknown name or an invalid value."""
    raw = yaml.safe_load(Path(path or PARAMS_FILE).read_text(encoding="utf-8"))
    params = {name: entry["value"] for name, entry in raw.items()}
    unknown = sorted(set(overrides) - set(params))
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}: expected one of {', '.join(params)}")
    params.update(overrides)
    weights = params["weights"]
    if set(weights) != set(WEIGHT_KEYS) or any(w < 0 for w in weights.values()):
        raise ValueError(f"weights: expected non-negative numbers for exactly {', '.join(WEIGHT_KEYS)}")
    if weights["score_gap"] + weights["care_rate"] <= 0 or weights["interventions"] + weights["budget"] <= 0:
        raise ValueError("weights: need (score_gap, care_rate) and supply (interventions, budget) each need a positive weight")
    if params["allocation"] not in ALLOCATIONS:
        raise ValueError(f"allocation: value {params['allocation']!r}: expected one of {', '.join(ALLOCATIONS)}")
    if not 0 < params["confidence"] < 1:
        raise ValueError("confidence: expected a level between 0 and 1, e.g. 0.95")
    if int(params["min_respondents"]) < 1 or int(params["care_quarters"]) < 1:
        raise ValueError("min_respondents and care_quarters: expected whole numbers of at least 1")
    return params


# --------------------------------------------------------------------------- helpers

def _timestamp(value: object) -> pd.Timestamp | None:
    return None if value is None else pd.Timestamp(value).normalize()


def _year(year: int | None, when: pd.Timestamp | None, frame: pd.DataFrame) -> int:
    """The year asked for, else the year of ``when``, else the latest year in ``frame``."""
    if year is not None:
        return int(year)
    return when.year if when is not None else int(frame["year"].max())


def running(interventions: pd.DataFrame, as_of: object = None) -> pd.DataFrame:
    """Interventions running on ``as_of`` (start <= as_of <= end, open end); all when None."""
    when = _timestamp(as_of)
    if when is None:
        return interventions.copy()
    ended = interventions["end_date"].notna() & (interventions["end_date"] < when)
    return interventions[(interventions["start_date"] <= when) & ~ended].copy()


def inhabitants(population: pd.DataFrame, year: int | None = None) -> pd.Series:
    """Inhabitants per kern (index, in configuration order) in ``year`` (default: latest)."""
    year = int(population["year"].max()) if year is None else int(year)
    rows = population[population["year"] == year].sort_values("kern")
    if rows.empty:
        years = ", ".join(str(y) for y in sorted(population["year"].unique()))
        raise ValueError(f"population: no inhabitants for {year}: expected one of the years {years}")
    return rows.set_index(rows["kern"].astype(str))["inhabitants"].astype(float).rename("inhabitants")


def small_sample(respondents: pd.Series | int, min_respondents: int | None = None) -> pd.Series | bool:
    """True where fewer than ``min_respondents`` answered (n = min is not small)."""
    minimum = white_spot_params()["min_respondents"] if min_respondents is None else min_respondents
    return respondents < minimum


def _kernen(frame: pd.DataFrame) -> list[str]:
    """The kernen of a frame in configuration order (categories) or else as they appear."""
    kern = frame["kern"]
    return list(kern.cat.categories) if isinstance(kern.dtype, pd.CategoricalDtype) else list(dict.fromkeys(kern.astype(str)))


def _in_cell_order(frame: pd.DataFrame, kernen: list[str]) -> pd.DataFrame:
    """Rows sorted by kern (given order) and dimension (fixed order), index reset."""
    order = {"kern": {k: i for i, k in enumerate(kernen)},
             "dimension": {d: i for i, d in enumerate(POSITIVE_HEALTH_DIMENSIONS)}}
    return frame.sort_values(["kern", "dimension"], key=lambda col: col.astype(str).map(order[col.name])).reset_index(drop=True)


def _position(values: pd.Series, worse_is_higher: bool) -> pd.Series:
    """Rank position 0 (best cell) to 1 (worst); ties share their mean rank; missing -> 0.5."""
    ranks = (values if worse_is_higher else -values).rank(method="average")
    count = int(values.notna().sum())
    position = (ranks - 1) / (count - 1) if count > 1 else ranks * 0.0
    return position.fillna(0.5)


# --------------------------------------------------------------------------- 1. pyramid

def pyramid(interventions: pd.DataFrame, budget: pd.DataFrame | None = None, *, year: int | None = None,
            as_of: object = None) -> pd.DataFrame:
    """Interventions and money per prevention level x policy field, with the phase of seed 004.

    Columns: level, level_label, phase, policy_field, interventions (count),
    intervention_budget_eur (sum of annual budgets, EUR per year) and, when ``budget`` is
    given, budget_eur (budget lines of ``year`` carrying that level, nominal EUR; default
    year: ``as_of``'s year, else the latest). Budget lines without a level are not
    prevention and left out. Every level x policy field pair appears, zeros included."""
    active = running(interventions, as_of)
    fields = list(interventions["policy_field"].cat.categories) \
        if isinstance(interventions["policy_field"].dtype, pd.CategoricalDtype) \
        else sorted(interventions["policy_field"].astype(str).unique())
    grid = pd.MultiIndex.from_product([list(PREVENTION_LEVELS), fields], names=["level", "policy_field"])
    keys = [active["prevention_level"].astype(int).rename("level"), active["policy_field"].astype(str)]
    out = pd.DataFrame({
        "interventions": active.groupby(keys).size(),
        "intervention_budget_eur": active["annual_budget_eur"].fillna(0.0).groupby(keys).sum(),
    }).reindex(grid, fill_value=0)
    if budget is not None:
        chosen = _year(year, _timestamp(as_of), budget)
        lines = budget[(budget["year"] == chosen) & budget["prevention_level"].notna()]
        out["budget_eur"] = lines["amount_eur"].groupby(
            [lines["prevention_level"].astype(int).rename("level"), lines["policy_field"].astype(str)]).sum()
        out["budget_eur"] = out["budget_eur"].fillna(0.0)
        out.attrs["year"] = chosen
    out = out.reset_index()
    out.insert(1, "level_label", out["level"].map(PREVENTION_LEVELS))
    out.insert(2, "phase", out["level"].map(PHASE_OF_LEVEL))
    out["interventions"] = out["interventions"].astype(int)
    return out


def phase_split(pyramid_table: pd.DataFrame) -> pd.DataFrame:
    """Totals per phase of seed 004 (phase 1 = levels 1-2, phase 2 = levels 3-4) with shares.

    Sums every numeric column of :func:`pyramid` per phase; ``share_<column>`` is the
    phase's share of the total (0-1)."""
    measures = [c for c in ("interventions", "intervention_budget_eur", "budget_eur") if c in pyramid_table]
    out = pyramid_table.groupby("phase")[measures].sum().reindex(list(PHASE_LABELS), fill_value=0)
    for column in measures:
        total = out[column].sum()
        out[f"share_{column}"] = out[column] / total if total else np.nan
    out.insert(0, "phase_label", out.index.map(PHASE_LABELS))
    return out.reset_index()


# --------------------------------------------------------------------------- 2. Positive Health

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
    points on 0-10). Rows in kern order, dimensions in the fixed order."""
    survey_round = int(positive_health["survey_round"].max()) if survey_round is None else int(survey_round)
    rows = positive_health[positive_health["survey_round"] == survey_round]
    if rows.empty:
        raise ValueError(f"positive_health: no survey round {survey_round}")
    municipal = municipal_average(rows)[["dimension", "mean_score", "respondents"]].rename(
        columns={"mean_score": "municipal_mean", "respondents": "municipal_respondents"})
    out = rows.assign(kern=rows["kern"].astype(str), dimension=rows["dimension"].astype(str))
    out = out[["survey_round", "quarter", "kern", "dimension", "mean_score", "sd", "respondents"]]
    out = out.merge(municipal, on="dimension", how="left")
    minimum = white_spot_params()["min_respondents"] if min_respondents is None else min_respondents
    out["small_sample"] = small_sample(out["respondents"], minimum).astype(bool)
    out["difference"] = out["mean_score"] - out["municipal_mean"]
    out = _in_cell_order(out, _kernen(positive_health))
    out.attrs["min_respondents"] = minimum
    return out


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


def _change_statement(row: pd.Series, rounds: tuple[int, int], confidence: float, min_respondents: int) -> str:
    level = format_pct(confidence)
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
        text += f" ({level}-betrouwbaarheidsinterval {format_number(row['ci_low'], 2)} tot {format_number(row['ci_high'], 2)})"
        if row["ci_low"] > 0:
            text += ": een aantoonbare verbetering."
        elif row["ci_high"] < 0:
            text += ": een aantoonbare verslechtering."
        else:
            text += ": geen aantoonbare verandering (het interval bevat 0)."
    if row["small_sample"]:
        text += f" Let op: kleine steekproef (minder dan {min_respondents} respondenten in een van beide rondes)."
    return text


def round_change(positive_health: pd.DataFrame, from_round: int | None = None, to_round: int | None = None,
                 confidence: float | None = None, min_respondents: int | None = None) -> pd.DataFrame:
    """Change of the mean score per kern x dimension between two survey rounds.

    Defaults: ``to_round`` the latest round, ``from_round`` the round before it. Where sd
    and respondents are present the interval is Welch's for two independent means
    (:func:`welch_interval`); otherwise ci_low/ci_high are NaN and ``statement`` says why.
    Columns: kern, dimension, mean_from, sd_from, n_from, mean_to, sd_to, n_to,
    difference (points), ci_low, ci_high, df, small_sample, statement (Dutch)."""
    params = white_spot_params()
    confidence = params["confidence"] if confidence is None else confidence
    minimum = params["min_respondents"] if min_respondents is None else min_respondents
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
    out = _in_cell_order(measured[0].join(measured[1], how="outer").reset_index(), _kernen(positive_health))
    intervals = [welch_interval(r.mean_from, r.sd_from, r.n_from, r.mean_to, r.sd_to, r.n_to, confidence)
                 for r in out.itertuples()]
    out[["difference", "ci_low", "ci_high", "df"]] = pd.DataFrame(intervals, index=out.index, dtype=float)
    for column in ("n_from", "n_to"):
        out[column] = out[column].astype("Int64")
    out["small_sample"] = (small_sample(out["n_from"], minimum) | small_sample(out["n_to"], minimum)).fillna(True).astype(bool)
    out["statement"] = out.apply(_change_statement, axis=1, rounds=(from_round, to_round), confidence=confidence,
                                 min_respondents=minimum)
    out.attrs.update(from_round=from_round, to_round=to_round, confidence=confidence)
    return out


# --------------------------------------------------------------------------- 3. coverage

def coverage(interventions: pd.DataFrame, population: pd.DataFrame, *, year: int | None = None,
             as_of: object = None, allocation: str | None = None) -> pd.DataFrame:
    """Interventions and budget per inhabitant per kern x dimension.

    The kernen are those in ``population`` for ``year`` (default: ``as_of``'s year, else
    the latest); "alle" means all of them. Allocation rule: an intervention's annual
    budget is split over the kernen it serves by inhabitants (``"population"``) or evenly
    (``"equal"``); default from the parameters. Within a kern, the intervention and its
    kern share count in full in *each* dimension it addresses, so do not add budgets over
    dimensions. A missing budget counts as 0 EUR (the intervention still counts).
    Columns: kern, dimension, interventions, budget_eur (EUR per year), inhabitants,
    budget_per_inhabitant (EUR per inhabitant per year)."""
    allocation = white_spot_params(**({"allocation": allocation} if allocation else {}))["allocation"]
    when = _timestamp(as_of)
    year = _year(year, when, population)
    people = inhabitants(population, year)
    kernen = list(people.index)
    active = running(interventions, when)[["intervention", "kernen", "dimensions", "annual_budget_eur"]]
    served = explode_list(active, "kernen", kernen)
    unknown = sorted(set(served["kernen"]) - set(kernen))
    if unknown:
        raise ValueError(f"interventions: kern(en) {', '.join(unknown)} have no inhabitants in the population data")
    weight = served["kernen"].map(people) if allocation == "population" else pd.Series(1.0, index=served.index)
    share = weight / weight.groupby(served["intervention"]).transform("sum")
    served = served.assign(budget_eur=served["annual_budget_eur"].fillna(0.0) * share)
    cells = explode_list(served, "dimensions").rename(columns={"kernen": "kern", "dimensions": "dimension"})
    grid = pd.MultiIndex.from_product([kernen, list(POSITIVE_HEALTH_DIMENSIONS)], names=["kern", "dimension"])
    grouped = cells.groupby(["kern", "dimension"])
    out = pd.DataFrame({"interventions": grouped["intervention"].nunique(),
                        "budget_eur": grouped["budget_eur"].sum()}).reindex(grid, fill_value=0).reset_index()
    out["interventions"] = out["interventions"].astype(int)
    out["inhabitants"] = out["kern"].map(people)
    out["kern"] = pd.Categorical(out["kern"], categories=kernen, ordered=True)
    out["dimension"] = pd.Categorical(out["dimension"], categories=list(POSITIVE_HEALTH_DIMENSIONS), ordered=True)
    out["budget_per_inhabitant"] = out["budget_eur"] / out["inhabitants"]
    out.attrs.update(allocation=allocation, year=year)
    return out


def coverage_matrix(table: pd.DataFrame, value: str = "budget_per_inhabitant") -> pd.DataFrame:
    """A kern x dimension table of ``value``: kernen as rows (category order, else as they
    appear), dimensions as columns in the fixed order."""
    dims = [d for d in POSITIVE_HEALTH_DIMENSIONS if d in set(table["dimension"])]
    matrix = table.assign(kern=table["kern"].astype(str), dimension=table["dimension"].astype(str))
    return matrix.pivot(index="kern", columns="dimension", values=value).reindex(index=_kernen(table), columns=dims)


# --------------------------------------------------------------------------- 4. white spots

def care_rate(care_use: pd.DataFrame, population: pd.DataFrame, *, as_of: object = None,
              quarters: int | None = None) -> pd.DataFrame:
    """Care use per 1,000 inhabitants per kern.

    clients = mean number of clients per quarter (all provisions, Wmo and youth care,
    summed; a person in both counts twice) over the last ``quarters`` quarters (default
    from the parameters) up to the quarter of ``as_of`` (default: the latest quarter);
    per_1000 = clients / inhabitants of that last quarter's year x 1,000.
    Columns: kern, clients, inhabitants, per_1000; ``attrs['window']`` names the quarters."""
    quarters = white_spot_params()["care_quarters"] if quarters is None else int(quarters)
    when = _timestamp(as_of)
    available = sorted(care_use["quarter"].unique())
    if when is not None:
        available = [q for q in available if q <= pd.Period(when, freq="Q")]
    if not available:
        raise ValueError(f"care_use: no quarter up to {when.date() if when is not None else 'now'}")
    window = available[-quarters:]
    rows = care_use[care_use["quarter"].isin(window)]
    clients = rows.groupby([rows["kern"].astype(str), "quarter"])["clients"].sum().groupby(level=0).sum() / len(window)
    people = inhabitants(population, window[-1].year)
    out = pd.DataFrame({"clients": clients.astype(float)}).reindex(people.index)
    out["inhabitants"] = people
    out["per_1000"] = out["clients"] / out["inhabitants"] * 1000
    out.attrs["window"] = f"{window[0]}-{window[-1]}"
    return out.rename_axis("kern").reset_index()


def _why(row: pd.Series, params: Mapping[str, Any]) -> str:
    """The Dutch sentence of a white-spot row: which signals fire and with which figures."""
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
        some = {0: "er is geen interventie", 1: "er is maar 1 interventie"}.get(count, f"er zijn maar {count} interventies")
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


def white_spots(positive_health: pd.DataFrame, care_use: pd.DataFrame, interventions: pd.DataFrame,
                population: pd.DataFrame, *, survey_round: int | None = None, as_of: object = None,
                params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Rank kern x dimension cells where need is high and supply is low ("witte vlekken").

    Need: the Positive Health score of the round (default: latest) below the municipal
    respondent-weighted mean, and care use per 1,000 inhabitants above the municipal rate.
    Supply: running interventions on ``as_of`` (default: end of the round's quarter) and
    their budget per inhabitant, relative to the municipal figure for the dimension.

    Each of the four criteria gives every cell a rank position from 0 (best cell) to 1
    (worst); ``need`` and ``supply`` are weighted means of those positions (supply = 1 -
    shortfall, so 1 = the most supply) and ``score`` the weighted mean of all four. A cell
    is ``flagged`` as a white spot when at least one need signal (score more than
    ``score_gap_min`` below the mean, care ratio above ``care_ratio_min``) and at least one
    supply signal (at most ``max_interventions`` interventions, budget ratio below
    ``budget_ratio_max``) fire. Rows: flagged cells first, then by score, with ``rank``
    and ``why`` (a Dutch sentence). ``params`` overrides :func:`white_spot_params`."""
    p = white_spot_params(**dict(params or {}))
    profile = health_profile(positive_health, survey_round, p["min_respondents"])
    when = _timestamp(as_of) if as_of is not None else profile["quarter"].max().end_time.normalize()
    cover = coverage(interventions, population, year=when.year, as_of=when, allocation=p["allocation"])
    care = care_rate(care_use, population, as_of=when, quarters=p["care_quarters"])
    cells = cover.merge(profile[["kern", "dimension", "mean_score", "respondents", "small_sample", "municipal_mean"]],
                        on=["kern", "dimension"], how="left")
    cells = cells.merge(care[["kern", "per_1000"]].rename(columns={"per_1000": "care_per_1000"}), on="kern", how="left")
    for column in ("kern", "dimension"):  # back to the configuration order the merges dropped
        cells[column] = pd.Categorical(cells[column], categories=cover[column].cat.categories, ordered=True)
    cells["small_sample"] = cells["small_sample"].astype("boolean").fillna(False).astype(bool)
    cells["score_below"] = cells["municipal_mean"] - cells["mean_score"]
    municipal_care = care["clients"].sum() / care["inhabitants"].sum() * 1000
    cells["municipal_care_per_1000"] = municipal_care
    cells["care_ratio"] = cells["care_per_1000"] / municipal_care
    per_dim = cover.groupby("dimension")["budget_eur"].sum() / cover.drop_duplicates("kern")["inhabitants"].sum()
    cells["municipal_budget_per_inhabitant"] = cells["dimension"].map(per_dim).astype(float)
    cells["budget_ratio"] = (cells["budget_per_inhabitant"] / cells["municipal_budget_per_inhabitant"]).where(
        cells["municipal_budget_per_inhabitant"] > 0)

    cells["low_score"] = (cells["score_below"] > p["score_gap_min"]).fillna(False).astype(bool)
    cells["high_care"] = (cells["care_ratio"] > p["care_ratio_min"]).fillna(False).astype(bool)
    cells["few_interventions"] = cells["interventions"] <= p["max_interventions"]
    cells["low_budget"] = (cells["budget_ratio"] < p["budget_ratio_max"]).fillna(False).astype(bool)
    cells["flagged"] = (cells["low_score"] | cells["high_care"]) & (cells["few_interventions"] | cells["low_budget"])

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
    cells["why"] = cells.apply(_why, axis=1, params=p)
    cells.attrs.update(params=p, as_of=str(when.date()), survey_round=int(profile["survey_round"].iloc[0]),
                       care_window=care.attrs["window"])
    columns = ["rank", "kern", "dimension", "flagged", "score", "need", "supply", "why",
               "mean_score", "municipal_mean", "score_below", "respondents", "small_sample",
               "care_per_1000", "municipal_care_per_1000", "care_ratio",
               "interventions", "budget_per_inhabitant", "municipal_budget_per_inhabitant", "budget_ratio",
               "low_score", "high_care", "few_interventions", "low_budget"]
    return cells[columns].reset_index(drop=True)


# --------------------------------------------------------------------------- 5. goal-effort network

def goal_effort_network(interventions: pd.DataFrame, evaluations: pd.DataFrame | None = None,
                        policy_goals: Iterable[str] = (), *, as_of: object = None) -> nx.DiGraph:
    """The Doel-Inspanningen-Netwerk: goals -> interventions -> indicators (a DiGraph).

    Goals are the register's ``goal`` values plus ``policy_goals`` from the caller (so a
    goal without interventions can exist); indicators are the distinct indicators per
    intervention in ``evaluations``. Node ids are ``(kind, name)`` for goals and
    interventions and ``("indicator", intervention, indicator)`` for indicators (an
    indicator belongs to one intervention); each node has ``kind`` (doel, interventie,
    indicator) and ``label`` (the Dutch name shown)."""
    graph = nx.DiGraph()
    for goal in policy_goals:
        graph.add_node(("doel", goal), kind="doel", label=goal)
    for row in running(interventions, as_of).sort_values("intervention").itertuples():
        node = ("interventie", row.intervention)
        graph.add_node(node, kind="interventie", label=row.intervention)
        if isinstance(row.goal, str) and row.goal.strip():
            graph.add_node(("doel", row.goal), kind="doel", label=row.goal)
            graph.add_edge(("doel", row.goal), node)
    if evaluations is not None:
        pairs = evaluations[["intervention", "indicator"]].drop_duplicates().sort_values(["intervention", "indicator"])
        for name, indicator in pairs.itertuples(index=False):
            if ("interventie", name) in graph:
                node = ("indicator", name, indicator)
                graph.add_node(node, kind="indicator", label=indicator)
                graph.add_edge(("interventie", name), node)
    return graph


def orphans(graph: nx.DiGraph) -> dict[str, list[str]]:
    """Gaps in the goal-effort network, as sorted lists of names.

    goals_without_interventions, interventions_without_indicators and
    interventions_without_goal."""
    def names(kind: str, direction: str) -> list[str]:
        degree = graph.out_degree if direction == "out" else graph.in_degree
        return sorted(data["label"] for node, data in graph.nodes(data=True) if data["kind"] == kind and degree(node) == 0)

    return {"goals_without_interventions": names("doel", "out"),
            "interventions_without_indicators": names("interventie", "out"),
            "interventions_without_goal": names("interventie", "in")}


__all__ = [
    "ALLOCATIONS", "PHASE_LABELS", "PHASE_OF_LEVEL", "care_rate", "coverage", "coverage_matrix",
    "goal_effort_network", "health_profile", "inhabitants", "municipal_average", "orphans", "phase_split",
    "pyramid", "round_change", "running", "small_sample", "welch_interval", "white_spot_params", "white_spots",
]
