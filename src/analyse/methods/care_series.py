"""Real care-use series (CBS Wmo and youth care) for one municipality, its peers and the Netherlands.

Conventions:

- Half-years ("2024H1") and years are separate series, never mixed: a series is taken from
  either a ``*_halfyear`` or a ``*_year`` dataset (see :mod:`analyse.data.contracts.cbs`).
- CBS's missing cells stay missing (NaN): a missing value is never read as 0.
- Regions are CBS names; peer groups come from :mod:`analyse.methods.peers`, whose
  municipality names can differ for nine municipalities ("Beek" vs CBS "Beek (L.)"):
  :func:`by_municipality` translates with the ``cbs_name`` column of ``gemeenteklassen``.
- The peer median per period is taken over a *balanced* panel (the peers with a value in
  every period of the window), so the line does not jump when a municipality stops
  delivering data or merges.
- :func:`period_its` is the interrupted time series of :mod:`analyse.methods.its` (same
  design, Prais-Winsten AR(1) errors by REML, t intervals) on half-yearly or yearly points:
  the slope change is reported per year (2 x per half-year). With fewer than
  :data:`MIN_POINTS_AFTER` points from the break, ``conclusive`` is False and reports say
  plainly that the series is too short to conclude.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyse import params
from analyse.errors import SeriesError
from analyse.methods.timeseries import LEVEL, Diagnostic, TrendWarning, band, contrast, fit_ar1

__all__ = ["MIN_POINTS_AFTER", "MIN_POINTS_BEFORE", "PeriodITS", "by_municipality", "municipality_series",
           "period_its", "period_kind", "peer_panel", "values_in", "up_to", "latest_period", "classes_year",
           "cbs_name", "before_after", "stable_since", "STABLE_TOLERANCE_PCT"]

#: Points from the break needed before a change is called established (params/care_use.yaml).
MIN_POINTS_AFTER: int = params.value("care_use", "its_min_points_after")
#: Points before the break needed for a pre-trend worth extrapolating (params/care_use.yaml).
MIN_POINTS_BEFORE: int = params.value("care_use", "its_min_points_before")
#: Within this % of the latest count a client count counts as unchanged (params/care_use.yaml).
STABLE_TOLERANCE_PCT: float = params.value("care_use", "stable_tolerance_pct")
STEPS_PER_YEAR = {"halfyear": 2, "year": 1}


def period_kind(frame: pd.DataFrame) -> str:
    """"halfyear" or "year": which period column ``frame`` has (exactly one)."""
    kinds = [k for k in STEPS_PER_YEAR if k in frame.columns]
    if len(kinds) != 1:
        raise ValueError("expected a CBS frame with either a 'halfyear' or a 'year' column, not both or neither")
    return kinds[0]


def up_to(frame: pd.DataFrame, quarter: pd.Period | str) -> pd.DataFrame:
    """The rows of periods that had ended by the end of ``quarter`` (a report on 2019Q4
    never shows 2020): half-year H1 ends in Q2, H2 and a year in Q4."""
    q = pd.Period(quarter, freq="Q")
    kind = period_kind(frame)
    labels = frame[kind].astype(str)
    if kind == "halfyear":
        ends = labels.map(lambda p: pd.Period(f"{p[:4]}Q{2 if p[5] == '1' else 4}", freq="Q"))
    else:
        ends = labels.map(lambda p: pd.Period(f"{p}Q4", freq="Q"))
    return frame[(ends <= q).to_numpy()]


def latest_period(frame: pd.DataFrame, region: str, value: str = "clients_per_1000", region_type: str = "gemeente",
                  **filters: object) -> str | int | None:
    """The last period in which ``region`` has a value (None when it has none)."""
    series = municipality_series(frame, region, value, region_type, **filters).dropna()
    return series.index[-1] if len(series) else None


def cbs_name(classes: pd.DataFrame, municipality: str) -> str:
    """The CBS spelling of a municipality of ``gemeenteklassen`` ("Beek" -> "Beek (L.)"); the
    name itself when it has no other spelling or is not in the classes."""
    rows = classes.loc[classes["municipality"].astype(str) == municipality, "cbs_name"].astype(str)
    return rows.iloc[-1] if len(rows) else municipality


def classes_year(classes: pd.DataFrame, municipality: str, year: int) -> int | None:
    """The year of ``gemeenteklassen`` nearest to ``year`` (the earlier one on a tie) in which
    ``municipality`` has classes; None when it has none (peer groups then cannot be formed)."""
    years = sorted(int(y) for y in classes.loc[classes["municipality"].astype(str) == municipality, "year"].unique())
    return min(years, key=lambda y: (abs(y - year), y)) if years else None


def _order(labels: pd.Index | list) -> list:
    """Periods in time order: "2017H1" < "2017H2" < "2018H1"; years numerically."""
    return sorted(labels, key=lambda p: (int(str(p)[:4]), str(p)[4:]))


def municipality_series(frame: pd.DataFrame, region: str, value: str = "clients_per_1000",
                        region_type: str = "gemeente", **filters: object) -> pd.Series:
    """One region's values by period (index "2017H1"... or 2017...), in time order, NaN kept.

    ``filters``: further column == value selections (e.g. ``care_form="totaal"``)."""
    kind = period_kind(frame)
    rows = frame[(frame["region"].astype(str) == region) & (frame["region_type"].astype(str) == region_type)]
    for column, wanted in filters.items():
        rows = rows[rows[column].astype(str) == str(wanted)]
    if rows[kind].duplicated().any():
        raise ValueError(f"{region}: more than one row per {kind}; add a filter (e.g. care_form)")
    series = rows.set_index(kind)[value].astype(float)
    return series.reindex(_order(series.index)).rename(region)


def by_municipality(values: pd.Series, classes: pd.DataFrame) -> pd.Series:
    """Values indexed by CBS region name -> indexed by the ``municipality`` names of
    ``gemeenteklassen`` (the names the peer groups use). Regions without classes (merged
    municipalities, Nederland) are dropped."""
    names = classes[["municipality", "cbs_name"]].astype(str).drop_duplicates("cbs_name")
    mapping = dict(zip(names["cbs_name"], names["municipality"], strict=True))
    out = values[values.index.isin(list(mapping))]
    return out.rename(index=mapping)


def values_in(frame: pd.DataFrame, period: str | int, classes: pd.DataFrame, value: str = "clients_per_1000",
              **filters: object) -> pd.Series:
    """Every municipality's value in one period, indexed by the peer-group names (NaN kept)."""
    kind = period_kind(frame)
    rows = frame[(frame["region_type"].astype(str) == "gemeente") & (frame[kind].astype(str) == str(period))]
    for column, wanted in filters.items():
        rows = rows[rows[column].astype(str) == str(wanted)]
    return by_municipality(rows.set_index(rows["region"].astype(str))[value].astype(float), classes)


def peer_panel(frame: pd.DataFrame, peers: list[str], classes: pd.DataFrame, value: str = "clients_per_1000",
               periods: list | None = None, **filters: object) -> pd.DataFrame:
    """Per period the median, lower and upper quartile of the peers that have a value in
    *every* period (a balanced panel), and ``n`` (how many). Columns: median, q25, q75, n,
    n_dropped (peers left out for a gap)."""
    kind = period_kind(frame)
    rows = frame[frame["region_type"].astype(str) == "gemeente"]
    for column, wanted in filters.items():
        rows = rows[rows[column].astype(str) == str(wanted)]
    wide = rows.pivot_table(index="region", columns=kind, values=value, aggfunc="first", observed=True)
    wide = wide[_order(wide.columns) if periods is None else periods]
    wide = by_municipality(wide.astype(float), classes).reindex([p for p in peers])
    complete = wide.dropna(how="any")
    out = pd.DataFrame({"median": complete.median(), "q25": complete.quantile(0.25),
                        "q75": complete.quantile(0.75)})
    return out.assign(n=len(complete), n_dropped=len(peers) - len(complete))


@dataclass(frozen=True)
class PeriodITS:
    """Interrupted time series on half-yearly or yearly points.

    ``estimates``: rows level_change (units of the series) and slope_change (units per
    year) with estimate, ci_low, ci_high, p_value. ``fitted``: per period observed, fitted,
    counterfactual (pre-break trend continued) with its band. ``conclusive``: False when
    fewer than :data:`MIN_POINTS_AFTER` points from the break or :data:`MIN_POINTS_BEFORE`
    before it."""

    name: str
    kind: str
    at: str
    n_before: int
    n_after: int
    rho: float
    estimates: pd.DataFrame
    fitted: pd.DataFrame
    diagnostics: tuple[Diagnostic, ...]

    @property
    def conclusive(self) -> bool:
        return self.n_after >= MIN_POINTS_AFTER and self.n_before >= MIN_POINTS_BEFORE

    def effect_last(self) -> dict[str, float]:
        """Observed minus counterfactual in the last period, with its band (units of the series)."""
        last = self.fitted.iloc[-1]
        return {"period": self.fitted.index[-1], "observed": float(last["observed"]),
                "counterfactual": float(last["counterfactual"]),
                "gap": float(last["observed"] - last["counterfactual"]),
                "gap_low": float(last["observed"] - last["counterfactual_ci_high"]),
                "gap_high": float(last["observed"] - last["counterfactual_ci_low"])}


def period_its(series: pd.Series, at: str | int, level: float = LEVEL) -> PeriodITS:
    """Segmented regression y = b0 + b1 t + level x after + slope x (t - t_at) x after, AR(1)
    errors (as :func:`analyse.methods.its.interrupted_time_series`), on a half-year
    ("2017H1" ...) or year series. ``at``: first period under the policy ("2021H1" or 2021).
    Missing values are refused (a gap would bend the trend): the series must be complete."""
    name = str(series.name or "reeks")
    labels = [str(p) for p in series.index]
    kind = "halfyear" if all(len(p) == 6 and p[4] == "H" for p in labels) else "year"
    if kind == "year" and not all(p.isdigit() and len(p) == 4 for p in labels):
        raise SeriesError(name, "expected half-years such as 2021H1 or years such as 2021, not mixed")
    step = STEPS_PER_YEAR[kind]
    t = np.array([int(p[:4]) * step + (int(p[5]) - 1 if kind == "halfyear" else 0) for p in labels], dtype=float)
    order = np.argsort(t)
    t, labels = t[order], [labels[i] for i in order]
    y = pd.Series(series.to_numpy(dtype=float)[order], index=labels, name=name)
    if y.isna().any():
        raise SeriesError(name, f"missing value at {y.index[y.isna()][0]}: expected a complete series")
    if len(t) > 1 and not np.all(np.diff(t) == 1):
        raise SeriesError(name, "gap in the periods: expected consecutive " + ("half-years" if step == 2 else "years"))
    at_label = str(at)
    at_t = int(at_label[:4]) * step + (int(at_label[5]) - 1 if kind == "halfyear" and len(at_label) == 6 else 0)
    after = (t >= at_t).astype(float)
    n_before, n_after = int((after == 0).sum()), int(after.sum())
    if min(n_before, n_after) < 3:
        raise SeriesError(name, f"too short around {at_label}: {n_before} points before and {n_after} from it; "
                                "need at least 3 on each side")
    X = pd.DataFrame({"const": 1.0, "time": t - t[0], "level_change": after, "slope_change": after * (t - at_t)},
                     index=labels)
    notes: list[Diagnostic] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TrendWarning)
        res, rho = fit_ar1(y, X, notes)
    rows = {"level_change": contrast(res, {"level_change": 1.0}, level),
            "slope_change": contrast(res, {"slope_change": float(step)}, level)}
    estimates = pd.DataFrame.from_dict(rows, orient="index").assign(n_before=n_before, n_after=n_after)
    counter = band(res, X.assign(level_change=0.0, slope_change=0.0), level)
    fitted = pd.DataFrame({"observed": y, "fitted": X.to_numpy() @ np.asarray(res.params),
                           "counterfactual": counter["mean"], "counterfactual_ci_low": counter["ci_low"],
                           "counterfactual_ci_high": counter["ci_high"], "after": after.astype(bool)}, index=labels)
    return PeriodITS(name=name, kind=kind, at=at_label, n_before=n_before, n_after=n_after, rho=rho,
                     estimates=estimates, fitted=fitted, diagnostics=tuple(notes))


def before_after(rate: pd.Series, clients: pd.Series, peer_median: pd.Series, at: str) -> pd.DataFrame:
    """Observed half-year values like with like: the last half-year before ``at`` of the same
    half as the latest half-year ("before"), the first half-year under the policy ("start")
    and the latest ("latest"). Columns role, period, rate, clients, peer_median, gap
    (rate - peer_median). A role whose period has no value is left out. Example (86050NED,
    Dalfsen, at 2021H1): 2020H1 55 (1,570 clients), 2021H1 54 (1,555), 2024H1 50 (1,490)."""
    values = rate.dropna()
    if values.empty:
        return pd.DataFrame(columns=["role", "period", "rate", "clients", "peer_median", "gap"])
    last = str(values.index[-1])
    before = [p for p in values.index if str(p) < at and str(p)[4:] == last[4:]]
    roles = {"before": before[-1] if before else None, "start": at if at in values.index else None, "latest": last}
    rows = [{"role": role, "period": str(p), "rate": float(values[p]), "clients": float(clients.get(p, np.nan)),
             "peer_median": float(peer_median.get(p, np.nan))} for role, p in roles.items() if p is not None]
    out = pd.DataFrame(rows).drop_duplicates("period", keep="last")
    return out.assign(gap=out["rate"] - out["peer_median"]).reset_index(drop=True)


def stable_since(counts: pd.Series, tolerance_pct: float = STABLE_TOLERANCE_PCT) -> str | None:
    """The earliest period from which every value lies within ``tolerance_pct`` % of the
    latest value (None when only the latest does). Example (86050NED, Dalfsen clients
    2022H1 1,530, 2022H2 1,490, 2023H1 1,485, 2023H2 1,490, 2024H1 1,490; 1% = 14.9):
    "2022H2"."""
    values = counts.dropna()
    if len(values) < 2:
        return None
    limit = abs(float(values.iloc[-1])) * tolerance_pct / 100
    since = None
    for period, v in zip(reversed(values.index[:-1]), reversed(values.to_numpy()[:-1]), strict=True):
        if abs(v - values.iloc[-1]) > limit:
            break
        since = str(period)
    return since
