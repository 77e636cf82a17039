"""Small hand-made frames for the prevention tests, in the typed form analyse.data returns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyse.config import POSITIVE_HEALTH_DIMENSIONS as DIMS


def interventions_frame(rows: list[dict]) -> pd.DataFrame:
    """An interventions register in the typed form data.interventions() returns."""
    defaults = {"partner": "Saam Welzijn", "policy_field": "Welzijn", "prevention_level": 1, "kernen": "alle",
                "target_group": "iedereen", "start_date": "2020-01-01", "end_date": None,
                "annual_budget_eur": np.nan, "goal": None}
    frame = pd.DataFrame([defaults | row for row in rows])
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    frame["prevention_level"] = frame["prevention_level"].astype("Int64")
    fields = ["Welzijn", "Gezondheid", "Sport en bewegen", "Mantelzorg", "Cultuur"]
    frame["policy_field"] = pd.Categorical(frame["policy_field"], categories=fields)
    return frame


def population_frame(inhabitants: dict[str, int], year: int = 2025) -> pd.DataFrame:
    kernen = list(inhabitants)
    return pd.DataFrame({"year": pd.array([year] * len(kernen), dtype="Int64"),
                         "kern": pd.Categorical(kernen, categories=kernen),
                         "inhabitants": pd.array(list(inhabitants.values()), dtype="Int64")})


def health_frame(scores: dict[tuple[str, str], float], n: int | dict = 100, sd: float | None = 1.5,
                 survey_round: int = 1, quarter: str = "2025Q2") -> pd.DataFrame:
    kernen = list(dict.fromkeys(k for k, _d in scores))
    rows = [{"survey_round": survey_round, "quarter": pd.Period(quarter, freq="Q"), "kern": k, "dimension": d,
             "mean_score": s, "sd": sd, "respondents": n[(k, d)] if isinstance(n, dict) else n}
            for (k, d), s in scores.items()]
    frame = pd.DataFrame(rows)
    frame["kern"] = pd.Categorical(frame["kern"], categories=kernen)
    frame["survey_round"] = frame["survey_round"].astype("Int64")
    frame["respondents"] = frame["respondents"].astype("Int64")
    frame["sd"] = frame["sd"].astype(float)
    return frame


def care_frame(clients: dict[str, int], quarters=("2024Q3", "2024Q4", "2025Q1", "2025Q2")) -> pd.DataFrame:
    rows = [{"quarter": pd.Period(q, freq="Q"), "kern": k, "provision": "wmo", "clients": c}
            for q in quarters for k, c in clients.items()]
    frame = pd.DataFrame(rows)
    frame["clients"] = frame["clients"].astype("Int64")
    return frame


def village() -> dict[str, pd.DataFrame]:
    """Three kernen of 1,000 inhabitants. C has high need and no Zingeving offer.

    - "Breed" serves all kernen on every dimension except Zingeving, EUR 3,000 a year;
    - "Zin" serves Zingeving in A and B only, EUR 2,000 a year;
    - Positive Health (n = 100 everywhere): A and B score 7.0 on every dimension,
      C 6.0, except Zingeving 5.0;
    - care use: 50 clients a quarter in A and B, 100 in C.
    """
    interventions = interventions_frame([
        {"intervention": "Breed", "dimensions": "|".join(d for d in DIMS if d != "Zingeving"),
         "annual_budget_eur": 3000.0, "goal": "Iedereen doet mee"},
        {"intervention": "Zin", "dimensions": "Zingeving", "kernen": "A|B", "annual_budget_eur": 2000.0,
         "goal": "Iedereen doet mee"},
    ])
    scores = {(k, d): 7.0 for k in "AB" for d in DIMS} | {("C", d): (5.0 if d == "Zingeving" else 6.0) for d in DIMS}
    return {"interventions": interventions, "population": population_frame({"A": 1000, "B": 1000, "C": 1000}),
            "positive_health": health_frame(scores), "care_use": care_frame({"A": 50, "B": 50, "C": 100})}
