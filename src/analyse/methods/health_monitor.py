"""The Gezondheidsmonitor (CBS/GGD/RIVM survey) for one municipality: editions, peers, Positive Health.

Conventions:

- Values are survey estimates in percent with a 95% confidence interval (``lower``,
  ``upper``) as CBS publishes them; nothing here recomputes them.
- A difference is called *clear* only when the two 95% intervals do not overlap. That is
  conservative (two estimates whose intervals overlap slightly can still differ at the 5%
  level), and says so in the words: "niet aantoonbaar" rather than "gelijk".
- Against peers: the peer median (of point estimates) is compared with the municipality's
  interval: inside means "niet aantoonbaar anders dan de mediaan".
- Editions differ: 2016 surveyed adults of 19 and older, 2020 and 2022 of 18 and older;
  the 2020 fieldwork (autumn 2020) fell in the COVID-19 pandemic. Nationally "ervaren
  gezondheid goed" moved 75.6 (2016), 79.1 (2020), 70.0 (2022): compare an edition with the
  Netherlands and peers of the same edition before reading a change over time.
- Positive Health (the illustrative per-kern survey) is matched to a monitor indicator
  only where the content matches (:data:`POSITIVE_HEALTH_MATCH`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyse.data.contracts.cbs import HEALTH_INDICATORS
from analyse.methods.care_series import by_municipality
from analyse.methods.peers import Position, position

__all__ = ["DEFAULT_INDICATORS", "POSITIVE_HEALTH_MATCH", "IntervalPosition", "compare_editions", "indicator_label",
           "interval_position", "local_changes", "monitor_table", "peer_values", "positive_health_pairs",
           "versus_peers"]

#: The indicators the reports show, in this order.
DEFAULT_INDICATORS = ("health_good", "long_term_condition", "overweight", "smoker", "exercise_guideline",
                      "carer", "carer_heavily_burdened", "anxiety_depression")
#: Positive Health dimension -> Gezondheidsmonitor indicator measuring part of the same thing.
POSITIVE_HEALTH_MATCH = {"Lichaamsfuncties": "health_good", "Meedoen": "carer"}


def indicator_label(indicator: str) -> str:
    """Dutch label of an indicator id ("health_good" -> "Ervaren gezondheid goed of zeer goed")."""
    return HEALTH_INDICATORS[indicator][0]


def monitor_table(monitor: pd.DataFrame, region: str, age_band: str = "all", region_type: str = "gemeente",
                  indicators: tuple[str, ...] = DEFAULT_INDICATORS) -> pd.DataFrame:
    """One region's indicators by edition: columns indicator, label, edition, value, lower,
    upper (percent), in the order of ``indicators`` then edition. An indicator not asked
    in an edition has no row; a region that did not exist in an edition has none either."""
    rows = monitor[(monitor["region"].astype(str) == region) & (monitor["region_type"].astype(str) == region_type)
                   & (monitor["age_band"].astype(str) == age_band)
                   & monitor["indicator"].astype(str).isin(indicators)]
    out = rows.assign(indicator=rows["indicator"].astype(str), edition=rows["edition"].astype(int))
    out = out.assign(label=out["indicator"].map(indicator_label),
                     order=out["indicator"].map({k: i for i, k in enumerate(indicators)}))
    out = out.sort_values(["order", "edition"])
    return out[["indicator", "label", "edition", "value", "lower", "upper"]].reset_index(drop=True)


def compare_editions(table: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Per indicator of :func:`monitor_table` the change from edition ``first`` to ``last``
    (percentage points) and ``clear``: True when the two 95% intervals do not overlap.
    Indicators missing in either edition are left out."""
    a = table[table["edition"] == first].set_index("indicator")
    b = table[table["edition"] == last].set_index("indicator")
    both = [i for i in b.index if i in a.index]
    a, b = a.loc[both], b.loc[both]
    clear = (b["lower"] > a["upper"]) | (b["upper"] < a["lower"])
    return pd.DataFrame({"label": b["label"], "first": a["value"], "last": b["value"],
                         "change": b["value"] - a["value"], "clear": clear.astype(bool)}).reset_index()


def peer_values(monitor: pd.DataFrame, indicator: str, edition: int, classes: pd.DataFrame,
                age_band: str = "all") -> pd.Series:
    """Every municipality's point estimate for one indicator and edition, indexed by the
    peer-group names of ``gemeenteklassen`` (municipalities of other borders drop out)."""
    rows = monitor[(monitor["region_type"].astype(str) == "gemeente") & (monitor["edition"] == edition)
                   & (monitor["indicator"].astype(str) == indicator) & (monitor["age_band"].astype(str) == age_band)]
    return by_municipality(rows.set_index(rows["region"].astype(str))["value"].astype(float), classes)


def versus_peers(table: pd.DataFrame, peer_medians: dict[str, float], edition: int) -> pd.DataFrame:
    """Per indicator of one edition: value, lower, upper, the peer median and ``inside``
    (the median lies within the municipality's 95% interval: not demonstrably different)."""
    rows = table[table["edition"] == edition].set_index("indicator")
    median = pd.Series(peer_medians, dtype=float).reindex(rows.index)
    inside = (median >= rows["lower"]) & (median <= rows["upper"])
    return rows.assign(peer_median=median, inside=inside.astype(bool)).reset_index()


def positive_health_pairs(municipal: pd.DataFrame, table: pd.DataFrame, edition: int) -> pd.DataFrame:
    """Positive Health dimensions next to their matching monitor indicator (:data:`POSITIVE_HEALTH_MATCH`).

    ``municipal``: the municipal Positive Health means of one survey round (columns
    dimension, mean_score, respondents; :func:`analyse.methods.health.municipal_average`).
    ``table``: :func:`monitor_table` of the municipality. Columns: dimension, mean_score (0-10),
    respondents, indicator, label, value, lower, upper (percent, ``edition``). A dimension or
    indicator without data gets NaN."""
    rows = []
    scores = municipal.assign(dimension=municipal["dimension"].astype(str)).set_index("dimension")
    monitor = table[table["edition"] == edition].set_index("indicator")
    for dimension, indicator in POSITIVE_HEALTH_MATCH.items():
        score = scores.loc[dimension] if dimension in scores.index else None
        found = monitor.loc[indicator] if indicator in monitor.index else None
        rows.append({"dimension": dimension,
                     "mean_score": float(score["mean_score"]) if score is not None else float("nan"),
                     "respondents": float(score["respondents"]) if score is not None else float("nan"),
                     "indicator": indicator, "label": indicator_label(indicator),
                     **{k: float(found[k]) if found is not None else float("nan")
                        for k in ("value", "lower", "upper")}})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class IntervalPosition:
    """A survey estimate's position among peers at its point estimate and at both ends of its
    95% interval. ``uncertain``: the rank in tenths is not the same over the interval, or the
    interval contains the peer median (then ``median_inside`` is True too)."""

    point: Position
    at_lower: Position
    at_upper: Position
    lower: float
    upper: float

    @property
    def median_inside(self) -> bool:
        return bool(self.lower <= self.point.median <= self.upper)

    @property
    def uncertain(self) -> bool:
        tenths = {int(np.floor(p.percentile / 10)) for p in (self.point, self.at_lower, self.at_upper)}
        return self.median_inside or len(tenths) > 1


def interval_position(values: pd.Series, municipality: str, peers: list[str], lower: float,
                      upper: float) -> IntervalPosition:
    """:func:`analyse.methods.peers.position` of the municipality's point estimate and of the
    same estimate replaced by its lower and by its upper 95% bound (the peers' point
    estimates unchanged). Example (85563NED, 2022, ervaren gezondheid goed, Dalfsen 75.7,
    interval 72.3-78.8, 71 peers): percentile 91 at the point but 55 at the lower bound, so
    the rank is uncertain although the median 72.0 lies just outside the interval."""
    def at(v: float) -> Position:
        return position(values.copy().astype(float).where(values.index != municipality, v), municipality, peers)
    point = position(values, municipality, peers)
    return IntervalPosition(point, at(lower), at(upper), float(lower), float(upper))


def local_changes(table: pd.DataFrame, national: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """:func:`compare_editions` of the municipality plus the national change and whether the
    local change differs from it by more than the sampling uncertainty.

    ``margin``: sqrt(h_first^2 + h_last^2), h the half-widths of the municipality's two 95%
    intervals (the national intervals are far narrower and left out). ``local``: True when
    |change - national_change| > margin; only then is a change more than the national
    movement (which includes the age limit 19+ in 2016 vs 18+ later, and COVID in 2020)."""
    own = compare_editions(table, first, last).set_index("indicator")
    nat = compare_editions(national, first, last).set_index("indicator")["change"].reindex(own.index)
    half = (table.assign(h=(table["upper"] - table["lower"]) / 2).set_index(["indicator", "edition"])["h"])
    margin = pd.Series([float(np.hypot(half.get((i, first), np.nan), half.get((i, last), np.nan)))
                        for i in own.index], index=own.index)
    local = ((own["change"] - nat).abs() > margin) & nat.notna()
    return own.assign(national_change=nat, margin=margin, local=local.astype(bool)).reset_index()
