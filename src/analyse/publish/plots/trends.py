"""Plots for :mod:`analyse.trends` in the house style (:mod:`analyse.style`).

Each function returns ``(fig, ax)``, with a Dutch title and axis labels, the source line
and, with ``illustrative=True``, the label "illustratieve gegevens". Quarters are drawn
at the start of the quarter; intervals are shaded bands with their level in the legend.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analyse.publish.style import COLORS, eur_axis, format_number, new_figure, number_axis
from analyse.methods.trends import ForecastResult, ITSResult, TrendFit


def _x(index: pd.PeriodIndex):
    return index.to_timestamp(how="start")


def _pct(level: float) -> str:
    return f"{format_number(level * 100)}%"


def plot_real_nominal(nominal: pd.Series, real: pd.Series, title: str | None = None, source: str | None = None,
                      illustrative: bool = False):
    """Yearly budget in nominal euros and in prices of ``real.attrs['price_year']`` (from
    :func:`analyse.trends.deflate`); years resting on an assumed index are marked."""
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
    ax.legend()
    return fig, ax


def _shown(fitted: pd.DataFrame) -> pd.Series:
    """Observed values as they may be shown: points resting on small counts left out."""
    return fitted["observed"].mask(fitted["hidden"]) if "hidden" in fitted else fitted["observed"]


def _hidden_note(fitted: pd.DataFrame) -> str:
    hidden = int(fitted["hidden"].sum()) if "hidden" in fitted else 0
    return f"; {hidden} kwartaal/kwartalen met kleine aantallen niet getoond" if hidden else ""


def plot_trend(fit: TrendFit, title: str | None = None, ylabel: str = "", source: str | None = None,
               illustrative: bool = False):
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
    number_axis(ax, decimals=1 if f["observed"].abs().max() < 100 else 0)
    ax.legend()
    return fig, ax


def plot_forecast(result: ForecastResult, levels: Sequence[float] = (0.8, 0.95), title: str | None = None,
                  ylabel: str = "", source: str | None = None, illustrative: bool = False):
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
    number_axis(ax, decimals=1 if obs.abs().max() < 100 else 0)
    ax.legend()
    return fig, ax


def plot_its(result: ITSResult, title: str | None = None, ylabel: str = "", source: str | None = None,
             illustrative: bool = False):
    """Observed series, fitted segmented regression and the counterfactual (no intervention)
    with its confidence band from the intervention quarter on."""
    f = result.fitted
    fig, ax = new_figure(title or f"Onderbroken tijdreeks: {result.name}", "Kwartaal", ylabel, source, illustrative)
    x = _x(f.index)
    after = f.index >= result.at
    ax.plot(x, _shown(f), color=COLORS["neutral"], marker="o", markersize=3, linewidth=1,
            label=f"Waargenomen (n = {result.n_before} + {result.n_after})" + _hidden_note(f))
    ax.plot(x, f["fitted"], color=COLORS["primary"], linewidth=2, label="Model (niveau- en trendbreuk)")
    ax.fill_between(x[after], f.loc[after, "counterfactual_ci_low"], f.loc[after, "counterfactual_ci_high"],
                    color=COLORS["secondary"], alpha=0.25, label=f"{_pct(result.level)}-interval zonder interventie")
    ax.plot(x[after], f.loc[after, "counterfactual"], color=COLORS["secondary"], linewidth=2, linestyle="--",
            label="Zonder interventie (contrafeitelijk)")
    ax.axvline(result.at.to_timestamp(how="start"), color=COLORS["dark"], linewidth=1, linestyle=":")
    ax.annotate(f"start {result.at}", (result.at.to_timestamp(how="start"), 1), xycoords=("data", "axes fraction"),
                xytext=(3, -12), textcoords="offset points", fontsize=8, color=COLORS["dark"])
    number_axis(ax, decimals=1 if f["observed"].abs().max() < 100 else 0)
    ax.legend()
    return fig, ax
