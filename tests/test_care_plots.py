"""Plots of the real CBS series (analyse.publish.plots.care)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from analyse.methods import care_series as C
from analyse.publish.plots import care as CP


def test_versus_peers_keeps_missing_as_gap():
    own = pd.Series([32.0, np.nan, 43.0], index=["2017H1", "2017H2", "2018H1"])
    panel = pd.DataFrame({"median": [46.5, 46.5, 49.0], "q25": [35, 35, 40], "q75": [55, 56, 60], "n": 52,
                          "n_dropped": 19}, index=own.index)
    fig = CP.plot_versus_peers(own, panel, None, "Wmo", "Per 1.000", "CBS 86050NED", "Dalfsen", "Zelfde grootte")
    line = fig.axes[0].get_lines()[-1]
    assert line.get_label() == "Dalfsen" and np.isnan(line.get_ydata()[1])  # a gap, never 0
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2017 H1", "2017 H2", "2018 H1"]
    plt.close(fig)


def test_its_counterfactual_drawn_at_most_two_years():
    labels = [f"{y}H{h}" for y in range(2017, 2025) for h in (1, 2)][:15]
    y = pd.Series(np.arange(15.0) + np.sin(np.arange(15.0)), index=labels, name="toy")
    result = C.period_its(y, "2021H1")
    assert CP.counterfactual_points(result) == 4  # 8 quarters (params/timeseries.yaml) = 4 half-years
    fig = CP.plot_period_its(result, "ITS", "Per 1.000", "CBS")
    dashed = [ln for ln in fig.axes[0].get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 1 and len(dashed[0].get_xdata()) == 4
    plt.close(fig)


def test_health_plots_one_row_per_indicator():
    table = pd.DataFrame({"indicator": ["health_good", "carer"], "label": ["Gezond", "Mantelzorger"],
                          "edition": [2022, 2022], "value": [75.7, 16.7], "lower": [72.3, 14.1], "upper": [78.8, 19.7]})
    fig = CP.plot_health_editions(table, table.assign(value=[70.0, 13.4]), "GM", "CBS", "Dalfsen")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Gezond", "Mantelzorger"]
    plt.close(fig)
    versus = table.assign(peer_median=[72.0, 17.0])
    fig = CP.plot_health_peers(versus, pd.Series({"health_good": 70.0, "carer": 13.4}), "GM", "CBS", "Dalfsen", "Peers")
    assert len(fig.axes[0].get_yticklabels()) == 2
    plt.close(fig)
