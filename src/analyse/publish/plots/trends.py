"""Plots of indexation, trends, interrupted time series and forecasts in the house style
(:mod:`analyse.publish.style`).

Each function returns the matplotlib Figure, with a Dutch title and axis labels, the
source line and, with ``illustrative=True``, the label "illustratieve gegevens". Quarters
are drawn at the start of the quarter; intervals are shaded bands with their level in the
legend. Observed points that rest on a small count of people (the disclosure rules of
:mod:`analyse.disclosure`) are left out of the figure; the fit still uses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from analyse.disclosure.counts import primary_suppressed, rounded_counts
from analyse.disclosure.rules import load_rules, protection_enabled
from analyse.methods.forecast import ForecastResult
from analyse.methods.its import ITSResult
from analyse.methods.population import INHABITANTS_COLUMN, RATE_COLUMN, add_rate_per_1000, per_1000
from analyse.methods.timeseries import COUNT_COLUMN, TrendFit
from analyse.publish.style import COLORS, eur_axis, new_figure, number_axis
from analyse.publish.text import format_number

__all__ = ["small_count_points", "protected_rates", "axis_decimals", "plot_real_nominal", "plot_trend",
           "plot_forecast", "plot_its"]


def _x(index: pd.Index) -> pd.DatetimeIndex:
    return cast(pd.PeriodIndex, index).to_timestamp(how="start")


def _pct(level: float) -> str:
    return f"{format_number(level * 100)}%"


def small_count_points(series: pd.Series, counts: pd.Series | None = None) -> pd.Series:
    """True for the points whose underlying count of people is small enough to be hidden
    in a report (primary suppression of :mod:`analyse.disclosure`).

    ``counts``: the people behind each value (default ``series.attrs["counts"]``, set by
    ``quarterly_series``). All False without counts, for unknown (NaN) counts, and with
    protection switched off."""
    counts = series.attrs.get("counts") if counts is None else counts
    if counts is None or not protection_enabled():
        return pd.Series(False, index=series.index)
    counts = pd.Series(counts).reindex(series.index)
    return primary_suppressed(counts.fillna(0), load_rules()) & counts.notna()


def protected_rates(frame: pd.DataFrame, population: pd.DataFrame, count: str = "clients") -> pd.DataFrame:
    """``frame`` with the rate per 1,000 inhabitants (add_rate_per_1000: ``inhabitants`` and
    ``per_1000``, from the true count, for tables, which protect it themselves) plus the
    values figures and fits show: ``{count}_shown``, the count rounded as in the tables, and
    ``per_1000_shown``, the rate of that rounded count (592 clients of 12.135 inhabitants:
    590 and 48,62, as the table shows). ``count`` keeps the true count, so the points to hide
    follow the same rule as the tables. Shown = true with protection switched off."""
    out = add_rate_per_1000(frame, population, count=count)
    out[f"{count}_shown"] = rounded_counts(out[count])
    out[f"{RATE_COLUMN}_shown"] = per_1000(out[f"{count}_shown"].to_numpy(), out[INHABITANTS_COLUMN].to_numpy())
    return out


def axis_decimals(values: pd.Series) -> int:
    """Decimals of a value axis: 0 for whole numbers (counts of people: 70, not 70,0) and for
    values of 100 or more, otherwise 1."""
    values = pd.Series(values, dtype="float64").dropna()
    if values.empty or (values % 1 == 0).all() or values.abs().max() >= 100:
        return 0
    return 1


def _value_axis(ax, values: pd.Series) -> None:
    """The y axis in Dutch numbers with :func:`axis_decimals`; whole numbers get ticks on whole numbers."""
    decimals = axis_decimals(values)
    if decimals == 0:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    number_axis(ax, decimals=decimals)


def plot_real_nominal(nominal: pd.Series, real: pd.Series, title: str | None = None, source: str | None = None,
                      illustrative: bool = False) -> Figure:
    """Yearly budget in nominal euros and in prices of ``real.attrs['price_year']`` (from
    analyse.methods.indexation.deflate); years resting on an assumed index are marked."""
    price_year = real.attrs.get("price_year")
    fig, ax = new_figure(title or f"Begroting nominaal en reëel (prijzen {price_year})", "Jaar",
                         "Bedrag per jaar", source, illustrative)
    ax.plot(nominal.index, nominal.to_numpy(), color=COLORS["neutral"], marker="o", label="Nominaal (lopende prijzen)")
    ax.plot(real.index, real.to_numpy(), color=COLORS["primary"], marker="o", label=f"Reëel (prijzen {price_year})")
    assumed = [y for y in real.attrs.get("assumed_years", ()) if y in real.index]
    if assumed:
        ax.scatter(assumed, real.loc[assumed], s=90, facecolors="none", edgecolors=COLORS["negative"], zorder=3,
                   label="Index aangenomen (geen CBS-cijfer)")
    eur_axis(ax)
    ax.set_ylim(bottom=0)  # amounts from 0: a 39% loss must not look like a collapse
    ax.legend()
    return fig


def _hidden(fitted: pd.DataFrame) -> pd.Series:
    """True for the quarters whose observed value rests on a small count (see :func:`small_count_points`)."""
    counts = fitted[COUNT_COLUMN] if COUNT_COLUMN in fitted else None
    return small_count_points(fitted["observed"], counts)


def _shown(fitted: pd.DataFrame) -> pd.Series:
    """Observed values as they may be shown: points resting on small counts left out."""
    return fitted["observed"].mask(_hidden(fitted))


def _hidden_note(fitted: pd.DataFrame) -> str:
    hidden = int(_hidden(fitted).sum())
    return f"; {hidden} kwartaal/kwartalen met kleine aantallen niet getoond" if hidden else ""


def plot_trend(fit: TrendFit, title: str | None = None, ylabel: str = "", source: str | None = None,
               illustrative: bool = False) -> Figure:
    """Observed series with the fitted trend line and its confidence band."""
    f = fit.fitted
    kind = "log-lineaire" if fit.log else "lineaire"
    fig, ax = new_figure(title or f"Trend: {fit.name}", "Kwartaal", ylabel, source, illustrative)
    x = _x(f.index)
    ax.plot(x, _shown(f), color=COLORS["neutral"], marker="o", markersize=3, linewidth=1,
            label="Waargenomen" + _hidden_note(f))
    ax.fill_between(x, f["trend_ci_low"], f["trend_ci_high"], color=COLORS["light"], alpha=0.35,
                    label=f"{_pct(fit.level)}-betrouwbaarheidsinterval")
    ax.plot(x, f["trend"], color=COLORS["primary"], linewidth=2, label=f"{kind.capitalize()} trend (n = {len(f)})")
    _value_axis(ax, f["observed"])
    ax.legend()
    return fig


def plot_forecast(result: ForecastResult, levels: Sequence[float] = (0.8, 0.95), title: str | None = None,
                  ylabel: str = "", source: str | None = None, illustrative: bool = False) -> Figure:
    """Observed series and the forecast as a fan: one band per prediction-interval level."""
    fig, ax = new_figure(title or f"Voorspelling: {result.name}", "Kwartaal", ylabel, source, illustrative)
    obs = result.observed
    ax.plot(_x(obs.index), obs, color=COLORS["neutral"], marker="o", markersize=3, linewidth=1,
            label=f"Waargenomen (n = {result.n})")
    x = _x(result.forecast.index)
    for i, level in enumerate(sorted(levels, reverse=True)):
        band = result.interval(level)
        ax.fill_between(x, band["pi_low"], band["pi_high"], color=COLORS["secondary"], alpha=0.2 + 0.2 * i,
                        label=f"{_pct(level)}-voorspellingsinterval")
    ax.plot(x, result.forecast["mean"], color=COLORS["secondary"], marker="o", linewidth=2,
            label=f"Voorspelling (ETS, {result.spec['label']})")
    _value_axis(ax, obs)
    ax.legend()
    return fig


def plot_its(result: ITSResult, title: str | None = None, ylabel: str = "", source: str | None = None,
             illustrative: bool = False) -> Figure:
    """Observed series, fitted segmented regression and the counterfactual (the pre-intervention
    trend continued) with its confidence band, drawn only where ``fitted["counterfactual_shown"]``
    (at most ``result.horizon`` quarters from the start) and labelled as an extrapolation."""
    f = result.fitted
    fig, ax = new_figure(title or f"Onderbroken tijdreeks: {result.name}", "Kwartaal", ylabel, source, illustrative)
    x = _x(f.index)
    shown = f["counterfactual_shown"].to_numpy(dtype=bool) if "counterfactual_shown" in f else f.index >= result.at
    ax.plot(x, _shown(f), color=COLORS["neutral"], marker="o", markersize=3, linewidth=1,
            label=f"Waargenomen (n = {result.n_before} + {result.n_after})" + _hidden_note(f))
    ax.plot(x, f["fitted"], color=COLORS["primary"], linewidth=2, label="Model (sprong en trendverandering)")
    quarters = int(shown.sum())
    span = f"{quarters // 4} jaar" if quarters % 4 == 0 else f"{quarters} kwartalen"
    ax.fill_between(x[shown], f.loc[shown, "counterfactual_ci_low"], f.loc[shown, "counterfactual_ci_high"],
                    color=COLORS["secondary"], alpha=0.25,
                    label=f"{_pct(result.level)}-interval van de doorgetrokken trend")
    ax.plot(x[shown], f.loc[shown, "counterfactual"], color=COLORS["secondary"], linewidth=2, linestyle="--",
            label=f"Trend van vóór {result.at} doorgetrokken\n(extrapolatie, geen meting; {span})")
    ax.axvline(result.at.to_timestamp(how="start"), color=COLORS["dark"], linewidth=1, linestyle=":")
    ax.annotate(f"start {result.at}", (result.at.to_timestamp(how="start"), 1), xycoords=("data", "axes fraction"),
                xytext=(3, -12), textcoords="offset points", fontsize=8, color=COLORS["dark"])
    _value_axis(ax, f["observed"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)  # beside the axes: the lines stay visible
    return fig
