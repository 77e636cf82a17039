"""Forecasts (analyse.methods.forecast, via analyse.trends) against statsmodels' ETSModel called directly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from analyse import trends as T


def test_forecast_agrees_with_statsmodels_directly():
    rng = np.random.default_rng(11)
    y = pd.Series(60 + 0.3 * np.arange(40) + np.tile([3.0, 0, -2, -1], 10) + rng.normal(0, 1.5, 40),
                  index=pd.period_range("2015Q1", periods=40, freq="Q"), name="wmo")
    result = T.forecast(y)
    assert list(result.forecast.index.astype(str)) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    direct_aicc = {}
    for label, trend, damped in T.ETS_CANDIDATES:
        direct_aicc[label] = ETSModel(y, error="add", trend=trend, damped_trend=damped, seasonal="add",
                                      seasonal_periods=4).fit(disp=False).aicc
    assert result.spec["label"] == min(direct_aicc, key=direct_aicc.get)
    spec = {k: v for k, v in result.spec.items() if k != "label"}
    direct = ETSModel(y, **spec).fit(disp=False).get_prediction(start=40, end=43).summary_frame(alpha=0.05)
    assert np.allclose(result.forecast["mean"], direct["mean"], rtol=1e-6)
    assert np.allclose(result.forecast["pi_low"], direct["pi_lower"], rtol=1e-6)
    assert np.allclose(result.forecast["pi_high"], direct["pi_upper"], rtol=1e-6)
    assert result.n == 40 and result.level == 0.95
    eighty = result.interval(0.8)
    assert (eighty["pi_low"] > result.forecast["pi_low"]).all()
    assert (eighty["pi_high"] < result.forecast["pi_high"]).all()


def test_too_short_for_a_seasonal_forecast():
    short = pd.Series(np.arange(11, dtype=float) + 50, index=pd.period_range("2015Q1", periods=11, freq="Q"),
                      name="kort")
    with pytest.raises(T.SeriesError, match=r"series 'kort': too short for a seasonal forecast: 11 quarters"):
        T.forecast(short)
