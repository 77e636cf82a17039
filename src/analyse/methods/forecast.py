"""Forecasts of quarterly series: Holt-Winters as a state-space ETS model with prediction intervals.

ETS with additive errors and additive seasonality (period 4), so the prediction intervals
are analytic (no simulation noise); the trend (none, additive or additive damped) is
chosen by AICc among :data:`ETS_CANDIDATES` (details in docs/trends.md).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from analyse.errors import SeriesError
from analyse.methods.timeseries import LEVEL, QUARTERS_PER_YEAR, Diagnostic, check_quarterly, warn_and_keep

__all__ = ["MIN_FORECAST", "ETS_CANDIDATES", "ForecastResult", "forecast"]

#: Three years of quarters: needed to estimate a seasonal ETS model with a trend (9-10 parameters).
MIN_FORECAST = 3 * QUARTERS_PER_YEAR

#: ETS candidates: (label, trend, damped_trend); additive error and season throughout.
ETS_CANDIDATES: tuple[tuple[str, str | None, bool], ...] = (
    ("geen trend", None, False),
    ("additieve trend", "add", False),
    ("gedempte additieve trend", "add", True),
)


@dataclass(frozen=True)
class ForecastResult:
    """ETS forecast of a quarterly series.

    ``forecast``: per future quarter mean, pi_low, pi_high (prediction interval at
    ``level``). ``spec``: the ETSModel arguments chosen, to refit it directly.
    ``candidates``: AICc of every candidate (inf = too many parameters for n).
    ``warnings`` (English) and ``diagnostics`` (:class:`Diagnostic`, worded in Dutch by
    :mod:`analyse.publish.trend_text`)."""

    name: str
    observed: pd.Series
    forecast: pd.DataFrame
    spec: dict
    candidates: pd.DataFrame
    n: int
    level: float
    warnings: tuple[str, ...]
    model: Any = field(repr=False)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), kw_only=True)

    def interval(self, level: float) -> pd.DataFrame:
        """Prediction interval of the same forecast at another ``level`` (e.g. 0.8 for a fan)."""
        start = len(self.observed)
        prediction = self.model.get_prediction(start=start, end=start + len(self.forecast) - 1)
        frame = prediction.summary_frame(alpha=1 - level)
        return pd.DataFrame({"mean": frame["mean"].to_numpy(), "pi_low": frame["pi_lower"].to_numpy(),
                             "pi_high": frame["pi_upper"].to_numpy()}, index=self.forecast.index)


def forecast(series: pd.Series, horizon: int = 4, level: float = LEVEL) -> ForecastResult:
    """Holt-Winters (ETS) forecast of the next ``horizon`` quarters with prediction intervals.

    ETS(A, trend, A) with period 4: additive errors give analytic intervals; the trend
    (none, additive, damped additive) is chosen by AICc among :data:`ETS_CANDIDATES`.
    Needs at least 12 quarters (three years): a seasonal model with trend has 9-10
    parameters. Prediction intervals assume the model is right and can fall below zero
    for small counts (a warning says so)."""
    y = check_quarterly(series)
    if len(y) < MIN_FORECAST:
        raise SeriesError(str(y.name), f"too short for a seasonal forecast: {len(y)} quarters, "
                                       f"need at least {MIN_FORECAST} (three years)")
    notes: list[Diagnostic] = []
    fits, rows = {}, []
    for label, trend, damped in ETS_CANDIDATES:
        spec = {"error": "add", "trend": trend, "damped_trend": damped, "seasonal": "add",
                "seasonal_periods": QUARTERS_PER_YEAR}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = ETSModel(y, **spec).fit(disp=False)
        reported = sorted({str(w.message).splitlines()[0] for w in caught})
        rows.append({"candidate": label, "aicc": float(fit.aicc), "n_params": len(fit.params),
                     "notes": "; ".join(reported)})
        fits[label] = (spec, fit)
    candidates = pd.DataFrame(rows).set_index("candidate")
    finite = candidates[np.isfinite(candidates["aicc"])]
    chosen = finite["aicc"].idxmin() if len(finite) else ETS_CANDIDATES[0][0]
    spec, fit = fits[chosen]
    if candidates.loc[chosen, "notes"]:
        warn_and_keep(notes, "fit_notes", f"series '{y.name}': statsmodels reported while fitting ETS ({chosen}): "
                                          f"{str(candidates.loc[chosen, 'notes'])}", model=chosen)
    frame = fit.get_prediction(start=len(y), end=len(y) + horizon - 1).summary_frame(alpha=1 - level)
    out = pd.DataFrame({"mean": frame["mean"].to_numpy(), "pi_low": frame["pi_lower"].to_numpy(),
                        "pi_high": frame["pi_upper"].to_numpy()},
                       index=pd.period_range(y.index[-1] + 1, periods=horizon, freq="Q"))
    if (out["pi_low"] < 0).any():
        warn_and_keep(notes, "below_zero", f"series '{y.name}': prediction interval below zero: additive errors "
                                           "do not know that counts are non-negative")
    return ForecastResult(str(y.name), y, out, {**spec, "label": chosen}, candidates, len(y), level,
                          tuple(d.message for d in notes), fit, diagnostics=tuple(notes))
