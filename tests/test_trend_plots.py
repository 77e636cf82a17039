"""Trend plots (analyse.publish.plots.trends, via analyse.trend_plots): the house style, a
Figure returned by every plot, and points resting on small counts left out."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from analyse import trend_plots as P  # noqa: E402
from analyse import trends as T  # noqa: E402
from analyse.disclosure.rules import DISCLOSURE_ENV  # noqa: E402
from analyse.publish import trend_text as TT  # noqa: E402


def _series(seed: int, n: int = 48) -> pd.Series:
    rng = np.random.default_rng(seed)
    idx = pd.period_range("2015Q1", periods=n, freq="Q")
    return pd.Series(50 + 0.1 * np.arange(n) + np.tile([2.0, 0.0, -1.0, -1.0], n // 4) + rng.normal(0, 1, n),
                     index=idx, name=f"simulatie {seed}")


def test_plots_follow_house_style_and_return_the_figure():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        its = T.interrupted_time_series(_series(0), "2021Q1")
        fc = T.forecast(_series(1))
        fit = T.fit_trend(_series(2))
    nominal = pd.Series({2024: 1000.0, 2025: 1000.0})
    real = T.deflate(nominal, 2024, pd.Series({2024: 100.0, 2025: 103.0}, name="test"))
    figures = [
        P.plot_its(its, ylabel="Cliënten per 1.000 inwoners", source="test", illustrative=True),
        P.plot_forecast(fc, source="test", illustrative=True),
        P.plot_trend(fit, source="test", illustrative=True),
        P.plot_real_nominal(nominal, real, source="test", illustrative=True),
    ]
    assert all(isinstance(fig, Figure) for fig in figures)
    titles = [fig.axes[0].get_title(loc="left") for fig in figures]
    assert titles == ["Onderbroken tijdreeks: simulatie 0", "Voorspelling: simulatie 1", "Trend: simulatie 2",
                      "Begroting nominaal en reëel (prijzen 2024)"]
    for fig in figures:
        texts = [t.get_text() for t in fig.texts]
        assert "Bron: test" in texts and "ILLUSTRATIEVE GEGEVENS" in texts
        assert fig.axes[0].get_legend() is not None
        plt.close(fig)


def _small_counts_fit() -> T.TrendFit:
    quarters = pd.period_range("2018Q1", periods=12, freq="Q")
    clients = [3, 20, 22, 25, 7, 30, 31, 8, 33, 35, 36, 40]  # 3 and 7 are hidden (<= 7), 8 is shown
    frame = pd.DataFrame({"quarter": quarters, "kern": "K", "clients": clients, "per_1000": [c / 2.0 for c in clients]})
    return T.fit_trend(T.quarterly_series(frame, "per_1000", kern="K"))


def test_points_resting_on_small_counts_are_not_plotted():
    """A kern-level rate whose numerator is 7 or fewer people is left out of the figure
    (issue 7), while the fit still uses every quarter."""
    fit = _small_counts_fit()
    assert list(T.small_count_points(fit.fitted["observed"], fit.fitted["count"])) == [
        c <= 7 for c in [3, 20, 22, 25, 7, 30, 31, 8, 33, 35, 36, 40]]
    assert fit.estimates.loc["trend_per_year", "n"] == 12
    fig = P.plot_trend(fit)
    observed = fig.axes[0].get_lines()[0]
    shown = observed.get_ydata()
    assert np.isnan(shown[0]) and np.isnan(shown[4]) and shown[7] == 4.0
    assert "2 kwartaal/kwartalen met kleine aantallen niet getoond" in observed.get_label()
    plt.close(fig)


def test_small_count_points_reads_counts_from_the_series_and_respects_the_switch(monkeypatch):
    frame = pd.DataFrame({"quarter": pd.period_range("2018Q1", periods=3, freq="Q"), "clients": [3, 20, 9],
                          "per_1000": [1.5, 10.0, 4.5]})
    series = T.quarterly_series(frame, "per_1000")
    assert T.small_count_points(series).tolist() == [True, False, False]
    assert not T.small_count_points(pd.Series([1.0], index=series.index[:1])).any()  # no counts: nothing hidden
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    assert not T.small_count_points(series).any()


def test_its_counterfactual_is_drawn_only_as_far_as_the_data_support():
    """Issue 11 item 8: the counterfactual is an extrapolation. With 24 quarters before
    2021Q1 it is drawn for min(24, 8) = 8 quarters (2021Q1-2022Q4), not to the end of the
    series (2026Q4), and its legend says it is an extrapolation."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        its = T.interrupted_time_series(_series(0), "2021Q1")
    fig = P.plot_its(its)
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    counter = [label for label in lines if label.startswith("Trend van vóór 2021Q1 doorgetrokken")]
    assert counter == ["Trend van vóór 2021Q1 doorgetrokken\n(extrapolatie, geen meting; 2 jaar)"]
    x = lines[counter[0]].get_xdata()
    assert len(x) == 8
    assert (pd.Timestamp(x[0]), pd.Timestamp(x[-1])) == (pd.Timestamp("2021-01-01"), pd.Timestamp("2022-10-01"))
    plt.close(fig)


def test_protected_rates_follow_the_rounded_count_as_the_tables_do(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    care = pd.DataFrame({"quarter": pd.PeriodIndex(["2026Q3", "2026Q3"], freq="Q"),
                         "kern": pd.Categorical(["Dalfsen", "Hoonhorst"]), "provision": "wmo",
                         "clients": [592, 93]})
    population = pd.DataFrame({"year": [2026, 2026], "kern": pd.Categorical(["Dalfsen", "Hoonhorst"]),
                               "inhabitants": [12135, 1629]})
    rates = P.protected_rates(care, population).set_index("kern")
    # 592 -> 590 (base 5): 590 / 12.135 x 1.000 = 48,62 (the true count gives 48,78, kept for
    # the tables, which round it themselves); 93 -> 95: 95 / 1.629 x 1.000 = 58,32
    assert rates["clients_shown"].tolist() == [590.0, 95.0]
    assert rates.loc["Dalfsen", "per_1000_shown"] == pytest.approx(48.6197, abs=1e-4)
    assert rates.loc["Hoonhorst", "per_1000_shown"] == pytest.approx(58.3180, abs=1e-4)
    assert rates["clients"].tolist() == [592, 93]   # the true count decides which points to hide
    assert rates.loc["Dalfsen", "per_1000"] == pytest.approx(48.7845, abs=1e-4)   # 592 / 12.135 x 1.000
    # the table of the same frame shows the same rate as the figure: 48,6
    html = TT.rate_table(rates.reset_index(), "clients", "Wmo-cliënten").to_html()
    assert ">590<" in html and ">48,6<" in html and ">48,8<" not in html


@pytest.mark.parametrize("values, decimals", [
    ([70.0, 65.0, 80.0], 0),      # counts of people: whole numbers on the axis
    ([48.6, 47.2, 58.3], 1),      # rates below 100: one decimal
    ([148.6, 147.2], 0),          # 100 or more: whole numbers
    ([99.5, 12.0], 1),            # boundary: below 100 and not whole
    ([np.nan, 5.0], 0),           # missing values are ignored
])
def test_axis_decimals(values, decimals):
    assert P.axis_decimals(pd.Series(values)) == decimals


def test_a_count_axis_reads_whole_numbers():
    quarters = pd.period_range("2020Q1", periods=12, freq="Q")
    frame = pd.DataFrame({"quarter": quarters, "kern": "K", "shown": [60, 65, 70, 70, 75, 70, 80, 85, 80, 90, 85, 95],
                          "participants": [60, 65, 70, 70, 75, 70, 80, 85, 80, 90, 85, 95]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", T.TrendWarning)
        fit = T.fit_trend(T.quarterly_series(frame, "shown", counts="participants", kern="K"))
    fig = P.plot_trend(fit, ylabel="Deelnames")
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert labels and all("," not in label for label in labels)   # "70", never "70,0"
    plt.close(fig)


def test_budget_amounts_axis_starts_at_zero():
    # review 2 item 2: a fall from 1.3 to 1.1 million must not fill the chart (axis from 0, not from 1.1 million)
    nominal = pd.Series({2011: 1_300_000.0, 2025: 1_140_000.0})
    real = T.deflate(nominal, 2025, pd.Series({2011: 100.0, 2025: 130.0}, name="test"))
    fig = P.plot_real_nominal(nominal, real, source="test")
    assert fig.axes[0].get_ylim()[0] == 0
    plt.close(fig)
