"""Peer groups of comparable municipalities and a municipality's position among them.

Conventions (used for every peer comparison in the pack):

- **Peer groups** come from the CBS classes of the year (dataset ``gemeenteklassen``):
  ``grootte_stedelijkheid`` same size class *and* same urbanity; ``provincie`` same
  province; ``sociale_structuur`` same social structure; ``nederland`` all municipalities.
- **The municipality itself is not one of its peers**: it is ranked against the others.
- **Missing values** (NaN, e.g. a taakveld without inhabitants or a municipality absent
  in a year) count neither as a peer nor as lower/higher: ``n_peers`` is the number of
  peers *with* a value.
- **Ties** count half: percentile = (peers lower + half the peers equal) / peers x 100
  (the mid-rank convention), so a value equal to every peer sits at the 50th percentile.
- **One rounding rule**: the percentile is rounded to a whole number, halves up
  (:func:`whole_percentile`: 59.7 -> 60, 62.5 -> 63), and everything said about the
  position derives from that whole number, so the words never disagree with it.
- **Words**: with 10 or more peers the whole percentile is said in tenths, rounded down
  ("hoger dan 8 van de 10 vergelijkbare gemeenten" for percentile 80-89; 43 of 72 lower is
  59.7 -> percentile 60 -> "hoger dan 6 van de 10"); percentile 50 is "rond het midden";
  with fewer peers in exact counts ("hoger dan 3 van de 5 ..."). Below the middle the
  sentence turns round (percentile 30: "lager dan 7 van de 10 ...").

Values are a Series indexed by municipality name (any unit: EUR per inhabitant, clients
per 1,000, a percentage), so the same functions serve Iv3, Wmo, youth care and health.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

#: Peer group id -> Dutch label (the order in which reports show them).
PEER_GROUPS: dict[str, str] = {
    "grootte_stedelijkheid": "Zelfde grootteklasse en stedelijkheid",
    "provincie": "Zelfde provincie",
    "sociale_structuur": "Zelfde sociale structuur",
    "nederland": "Alle gemeenten van Nederland",
}


def _classes_of(classes: pd.DataFrame, year: int) -> pd.DataFrame:
    frame = classes[classes["year"] == year]
    if frame.empty:
        years = ", ".join(str(y) for y in sorted(classes["year"].unique()))
        raise ValueError(f"no municipality classes for {year}: expected one of {years}")
    return frame.set_index(frame["municipality"].astype(str))


def peer_groups(classes: pd.DataFrame, municipality: str, year: int) -> dict[str, list[str]]:
    """The four peer groups of ``municipality`` in ``year`` (keys of :data:`PEER_GROUPS`),
    each a sorted list of other municipalities (the municipality itself excluded).

    ``classes`` has the columns of dataset ``gemeenteklassen`` (municipality, year,
    province, size_class, urbanity, social_structure). Raises ValueError for a
    municipality or year that is not in it."""
    frame = _classes_of(classes, year)
    if municipality not in frame.index:
        raise ValueError(f"municipality '{municipality}' has no classes for {year}")
    own = frame.loc[municipality]
    others = frame[frame.index != municipality]

    def same(*columns: str) -> list[str]:
        mask = pd.Series(True, index=others.index)
        for column in columns:
            mask &= others[column].astype(str) == str(own[column])
        return sorted(others.index[mask], key=str.casefold)

    return {
        "grootte_stedelijkheid": same("size_class", "urbanity"),
        "provincie": same("province"),
        "sociale_structuur": same("social_structure"),
        "nederland": sorted(others.index, key=str.casefold),
    }


def peer_group_labels(classes: pd.DataFrame, municipality: str, year: int) -> dict[str, str]:
    """Dutch labels naming the class of each group: "Zelfde grootteklasse en stedelijkheid
    (20.000 tot 50.000 inwoners, weinig stedelijk)"."""
    own = _classes_of(classes, year).loc[municipality]
    detail = {
        "grootte_stedelijkheid": f"{own['size_class']}, {own['urbanity']}",
        "provincie": str(own["province"]),
        "sociale_structuur": f"sociale structuur {own['social_structure']}",
        "nederland": "",
    }
    return {key: f"{label} ({detail[key]})" if detail[key] else label for key, label in PEER_GROUPS.items()}


#: Fallback for a municipality with too few peers of the same size class *and* urbanity
#: (params/peers.yaml ``fallback``): the same size class, any urbanity.
SIZE_FALLBACK = "grootteklasse"
SIZE_FALLBACK_LABEL = "Zelfde grootteklasse, andere stedelijkheid"
#: Order in which the report tries the groups as the one it ranks against.
RANK_ORDER = ("grootte_stedelijkheid", SIZE_FALLBACK, "provincie", "sociale_structuur", "nederland")


def with_size_fallback(classes: pd.DataFrame, municipality: str, year: int, minimum: int,
                       ) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(:func:`peer_groups`, :func:`peer_group_labels`), with the group :data:`SIZE_FALLBACK`
    (same size class, any urbanity; the municipality excluded) inserted after the first
    when that one holds fewer than ``minimum`` peers (Emmen, Westland: 0 of their size and
    urbanity, 13 of their size)."""
    groups, labels = peer_groups(classes, municipality, year), peer_group_labels(classes, municipality, year)
    if len(groups["grootte_stedelijkheid"]) >= minimum:
        return groups, labels
    frame = _classes_of(classes, year)
    size = str(frame.loc[municipality, "size_class"])
    same = frame.index[(frame["size_class"].astype(str) == size) & (frame.index != municipality)]
    order = ["grootte_stedelijkheid", SIZE_FALLBACK, *list(groups)[1:]]
    groups[SIZE_FALLBACK] = sorted(same, key=str.casefold)
    labels[SIZE_FALLBACK] = f"{SIZE_FALLBACK_LABEL} ({size})"
    return {k: groups[k] for k in order}, {k: labels[k] for k in order}


def peer_noun(key: str, classes: pd.DataFrame, municipality: str, year: int) -> str:
    """Dutch noun for the peers of group ``key`` in sentences such as "hoger dan 8 van de 10
    ...": only the group of the same size and urbanity is called "vergelijkbare gemeenten";
    a group that is not comparable in size says so ("gemeenten in Drenthe (niet
    vergelijkbaar in grootte)")."""
    own = _classes_of(classes, year).loc[municipality]
    return {
        "grootte_stedelijkheid": "vergelijkbare gemeenten",
        SIZE_FALLBACK: "gemeenten van dezelfde grootteklasse",
        "provincie": f"gemeenten in {own['province']} (niet vergelijkbaar in grootte)",
        "sociale_structuur": "gemeenten met dezelfde sociale structuur (niet vergelijkbaar in grootte)",
        "nederland": "gemeenten in heel Nederland (niet vergelijkbaar in grootte)",
    }[key]


@dataclass(frozen=True)
class Position:
    """Where one municipality's value sits among its peers' values."""

    value: float          # the municipality's own value (NaN when missing)
    n_peers: int          # peers with a value (the municipality itself excluded)
    n_lower: int          # peers with a lower value
    n_equal: int          # peers with the same value
    n_higher: int         # peers with a higher value
    percentile: float     # (n_lower + n_equal / 2) / n_peers x 100; NaN without value or peers
    median: float         # median of the peers' values (NaN without peers)
    words: str            # Dutch: "hoger dan 8 van de 10 vergelijkbare gemeenten"


def position(values: pd.Series, municipality: str, peers: list[str] | pd.Index,
             noun: str = "vergelijkbare gemeenten") -> Position:
    """Position of ``values[municipality]`` among ``values[peers]`` (see the module
    conventions for ties, missing values and the words). ``municipality`` is dropped from
    ``peers`` if it is there; peers absent from ``values`` count as missing."""
    own = values.get(municipality, float("nan"))
    own = float("nan") if own is None or pd.isna(own) else float(own)
    peer_names = [p for p in peers if p != municipality]
    peer_values = values.reindex(peer_names).astype(float).dropna()
    n = len(peer_values)
    median = float(peer_values.median()) if n else float("nan")
    if math.isnan(own) or n == 0:
        reason = "geen gegevens" if math.isnan(own) else f"geen {noun} met gegevens"
        return Position(own, n, 0, 0, 0, float("nan"), median, reason)
    lower = int((peer_values < own).sum())
    equal = int((peer_values == own).sum())
    higher = n - lower - equal
    percentile = whole_percentile((lower + equal / 2) / n * 100)
    return Position(own, n, lower, equal, higher, percentile, median,
                    position_words(lower, equal, n, noun))


def whole_percentile(percentile: float) -> float:
    """The pack's one rounding rule for percentiles: a whole number, halves up (59.7 -> 60,
    62.5 -> 63, 100 stays 100); NaN stays NaN."""
    return percentile if math.isnan(percentile) else float(math.floor(percentile + 0.5))


def position_words(n_lower: int, n_equal: int, n_peers: int, noun: str = "vergelijkbare gemeenten") -> str:
    """Dutch sentence part for a position: "hoger dan 8 van de 10 vergelijkbare gemeenten".

    With 10 or more peers the whole percentile (:func:`whole_percentile` of the share of
    peers below, ties counting half) is given in tenths rounded *down* (97 -> "hoger dan 9
    van de 10"; 60 -> "hoger dan 6 van de 10"; 30 -> "lager dan 7 van de 10"; 50 -> "rond
    het midden"), so the words agree with the percentile shown next to them; with fewer
    peers the exact count of peers below (or above) is given."""
    if n_peers <= 0:
        return f"geen {noun} met gegevens"
    if n_equal == n_peers:
        return f"gelijk aan alle {n_peers} {noun}"
    n_higher = n_peers - n_lower - n_equal
    if n_lower == n_peers or n_higher == n_peers:
        return f"{'hoger' if n_lower == n_peers else 'lager'} dan alle {n_peers} {noun}"
    share_lower = (n_lower + n_equal / 2) / n_peers
    above = share_lower >= 0.5
    if n_peers >= 10:
        pct = whole_percentile(share_lower * 100)
        if pct == 50:
            return f"rond het midden van de {n_peers} {noun}"
        above = pct > 50
        count, total = int((pct if above else 100 - pct) // 10), 10
    else:
        count, total = (n_lower if above else n_higher), n_peers
    return f"{'hoger' if above else 'lager'} dan {count} van de {total} {noun}"


def positions(values: pd.Series, municipality: str, groups: dict[str, list[str]],
              noun: str = "vergelijkbare gemeenten") -> pd.DataFrame:
    """:func:`position` for every peer group: one row per group id, columns of :class:`Position`."""
    rows = {key: position(values, municipality, peers, noun).__dict__ for key, peers in groups.items()}
    return pd.DataFrame.from_dict(rows, orient="index")


def position_table(values: pd.DataFrame, municipality: str, peers: list[str] | pd.Index,
                   noun: str = "vergelijkbare gemeenten") -> pd.DataFrame:
    """:func:`position` for every column of ``values`` (index: municipality, one column per
    item such as a taakveld group) at once, vectorised; one row per column with the fields
    of :class:`Position`. Same conventions as :func:`position`."""
    own = (values.loc[municipality] if municipality in values.index
           else pd.Series(float("nan"), index=values.columns)).astype(float)
    sub = values.reindex([p for p in peers if p != municipality]).astype(float)
    n = sub.notna().sum()
    lower = sub.lt(own, axis=1).sum()
    equal = sub.eq(own, axis=1).sum()
    out = pd.DataFrame({"value": own, "n_peers": n, "n_lower": lower, "n_equal": equal,
                        "n_higher": n - lower - equal, "median": sub.median()})
    valid = own.notna() & (n > 0)
    out["percentile"] = (((lower + equal / 2) / n.where(n > 0) * 100 + 0.5) // 1).where(valid)  # whole_percentile
    out.loc[~valid, ["n_lower", "n_equal", "n_higher"]] = 0
    out["words"] = [position_words(int(r.n_lower), int(r.n_equal), int(r.n_peers), noun) if ok
                    else ("geen gegevens" if pd.isna(r.value) else f"geen {noun} met gegevens")
                    for r, ok in zip(out.itertuples(), valid)]
    return out[["value", "n_peers", "n_lower", "n_equal", "n_higher", "percentile", "median", "words"]]
