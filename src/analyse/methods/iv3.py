"""Iv3 budgets and accounts by taakveld: comparison groups, per inhabitant, realisation.

Conventions:

- amounts are euros (the iv3 dataset converts the CBS thousands at reading), nominal
  unless a function says real;
- **lasten** are expenses, **baten** income, **netto** = lasten - baten (what the
  municipality pays from general means; negative when a taakveld earns more than it costs);
- **per inhabitant** divides by the inhabitants CBS uses for that municipality and year
  (1 January of the budget year);
- a **group** sums the taakvelden listed in ``params/taakvelden.yaml`` (``groups``), chosen
  so that the Iv3 2025 codes continue the earlier ones; ``sociaal_domein`` sums all of main
  task 6. A municipality that books nothing on a group has 0, not missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analyse import params
from analyse.methods.indexation import PriceIndex

SOCIAL_DOMAIN = "sociaal_domein"
SOCIAL_DOMAIN_LABEL = "Sociaal domein totaal (alle taakvelden 6.x)"


@dataclass(frozen=True)
class Group:
    """A comparison group of taakvelden."""

    id: str
    label: str
    codes: tuple[str, ...]


def taakveld_names() -> dict[str, str]:
    """Full taakveld name per code (params/taakvelden.yaml, ``names``)."""
    return {str(k): str(v) for k, v in params.value("taakvelden", "names").items()}


def comparison_groups(include_total: bool = True) -> dict[str, Group]:
    """The social-domain comparison groups in report order, optionally followed by the
    social-domain total (every code starting with ``6.``)."""
    raw = params.value("taakvelden", "groups")
    groups = {str(k): Group(str(k), str(v["label"]), tuple(str(c) for c in v["codes"])) for k, v in raw.items()}
    if include_total:
        prefix = str(params.value("taakvelden", "social_domain_total"))
        codes = tuple(c for c in taakveld_names() if c.startswith(prefix))
        groups[SOCIAL_DOMAIN] = Group(SOCIAL_DOMAIN, SOCIAL_DOMAIN_LABEL, codes)
    return groups


def group_totals(iv3: pd.DataFrame, groups: dict[str, Group] | None = None) -> pd.DataFrame:
    """Lasten, baten and netto (EUR) per municipality, year, document and group, with the
    inhabitants and per-inhabitant amounts (``lasten_per_inwoner``, ``netto_per_inwoner``,
    EUR per inhabitant). ``group`` is categorical in report order."""
    groups = comparison_groups() if groups is None else groups
    pairs = pd.DataFrame([(g.id, code) for g in groups.values() for code in g.codes],
                         columns=["group", "taakveld_code"])
    keys = ["municipality", "year", "document"]
    frame = iv3[[*keys, "taakveld_code", "lasten", "baten"]].copy()
    for key in ("municipality", "document", "taakveld_code"):
        frame[key] = frame[key].astype(str)
    merged = frame.merge(pairs, on="taakveld_code", how="inner")
    summed = merged.groupby([*keys, "group"], sort=False)[["lasten", "baten"]].sum()
    # Every municipality-year-document gets every group (0 where nothing is booked).
    units = frame[keys].drop_duplicates()
    full = units.merge(pd.DataFrame({"group": list(groups)}), how="cross").set_index([*keys, "group"])
    out = full.join(summed).fillna({"lasten": 0.0, "baten": 0.0}).reset_index()
    people = iv3[keys + ["inhabitants"]].drop_duplicates(keys).astype({"municipality": str, "document": str})
    out = out.merge(people, on=keys, how="left")
    out["netto"] = out["lasten"] - out["baten"]
    inhabitants = out["inhabitants"].astype(float).where(out["inhabitants"].astype(float) > 0)
    out["lasten_per_inwoner"] = out["lasten"] / inhabitants
    out["netto_per_inwoner"] = out["netto"] / inhabitants
    out["group"] = pd.Categorical(out["group"], categories=list(groups))
    return out


def values(totals: pd.DataFrame, year: int, document: str, group: str, measure: str) -> pd.Series:
    """One measure (e.g. ``lasten_per_inwoner``) per municipality for one year, document
    and group: a Series indexed by municipality name, for :func:`analyse.methods.peers.position`."""
    rows = totals[(totals["year"] == year) & (totals["document"] == document) & (totals["group"] == group)]
    return rows.set_index("municipality")[measure].astype(float)


def municipality_table(totals: pd.DataFrame, municipality: str) -> pd.DataFrame:
    """One municipality's rows of :func:`group_totals`; raises ValueError when absent."""
    rows = totals[totals["municipality"] == municipality]
    if rows.empty:
        raise ValueError(f"municipality '{municipality}' has no Iv3 rows")
    return rows


def realisation(totals: pd.DataFrame, municipality: str, year: int, min_base: float | None = None) -> pd.DataFrame:
    """Budget against accounts of one year per group: ``begroot`` and ``gerealiseerd``
    lasten (EUR) and ``realisatie`` = gerealiseerd / begroot (1.0 = exactly as budgeted).
    Same for netto: ``netto_begroot``, ``netto_gerealiseerd`` and ``netto_realisatie`` =
    netto gerealiseerd / netto begroot (below 1.0: less paid from general means than
    budgeted, e.g. because income came in above budget). A rate is NaN when its budget is
    below ``min_base`` EUR per inhabitant (default params/taakvelden.yaml
    ``min_change_base``), so also when the netto budget is zero or negative, and when the
    netto accounts are negative (income above cost): a ratio to (almost) nothing, or of
    income to cost, has no meaning; the amounts themselves are still given. The netto rate
    is also NaN when the baten deviate from their budget by more than params/taakvelden.yaml
    ``max_baten_shift`` times the netto budget (:func:`baten_offset`), with ``baten_begroot``
    and ``baten_gerealiseerd`` (EUR) given so the report can show the amounts instead."""
    floor = float(params.value("taakvelden", "min_change_base") if min_base is None else min_base)
    rows = municipality_table(totals, municipality)
    rows = rows[rows["year"] == year]
    people = rows.loc[rows["document"].astype(str) == "begroting", "inhabitants"].astype(float)
    base = floor * (float(people.iloc[0]) if len(people) else float("nan"))
    wide = rows.pivot_table(index="group", columns="document", values=["lasten", "baten", "netto"], observed=True,
                            aggfunc="sum")
    if ("lasten", "jaarrekening") not in wide.columns or ("lasten", "begroting") not in wide.columns:
        raise ValueError(f"no begroting and jaarrekening for {municipality} in {year}")
    out = pd.DataFrame({
        "begroot": wide[("lasten", "begroting")],
        "gerealiseerd": wide[("lasten", "jaarrekening")],
        "netto_begroot": wide[("netto", "begroting")],
        "netto_gerealiseerd": wide[("netto", "jaarrekening")],
        "baten_begroot": wide[("baten", "begroting")],
        "baten_gerealiseerd": wide[("baten", "jaarrekening")],
    })
    out["realisatie"] = out["gerealiseerd"] / out["begroot"].where((out["begroot"] >= base) & (out["begroot"] > 0))
    out["netto_realisatie"] = (out["netto_gerealiseerd"] / out["netto_begroot"].where(
        (out["netto_begroot"] >= base) & (out["netto_begroot"] > 0))).where(out["netto_gerealiseerd"] >= 0)
    out["netto_realisatie"] = out["netto_realisatie"].where(
        ~baten_offset(out["netto_begroot"], out["baten_begroot"], out["baten_gerealiseerd"]))
    return out


def max_baten_shift() -> float:
    """params/taakvelden.yaml ``max_baten_shift`` (a share of the netto budget)."""
    return float(params.value("taakvelden", "max_baten_shift"))


def baten_offset(netto_budget: pd.Series, baten_budget: pd.Series, baten_actual: pd.Series,
                 shift: float | None = None) -> pd.Series:
    """True where the baten deviate from their budget by more than ``shift`` (default
    :func:`max_baten_shift`) times the netto budget: the baten alone then move the netto
    realisation rate by more than ``shift`` x 100 percentage points, so the rate says more
    about income than about spending (Dalfsen 5.1 in 2023: netto budget EUR 182k, baten EUR
    0 budgeted and 184k received, |184 - 0| / 182 = 1.01 > 0.5). Also True where the netto
    budget is not positive and the baten deviate at all."""
    shift = max_baten_shift() if shift is None else shift
    deviation = (baten_actual - baten_budget).abs()
    return (deviation > shift * netto_budget.where(netto_budget > 0, 0.0)) & (deviation > 0)


def real_change(totals: pd.DataFrame, index: PriceIndex, start: int, end: int, price_year: int,
                measure: str = "lasten_per_inwoner", document: str = "begroting",
                min_base: float | None = None) -> pd.DataFrame:
    """Change of ``measure`` from ``start`` to ``end`` in real terms, for every municipality
    and group: ``start_real`` and ``end_real`` in euros of ``price_year`` (real = nominal x
    index[price_year] / index[year]), ``change`` = end_real / start_real - 1 (a share; NaN
    when the start is below ``min_base``, default params/taakvelden.yaml ``min_change_base``
    (EUR 5 per inhabitant), and always when it is not positive: a change against (almost)
    nothing has no meaning). Index years the index lacks raise (extend it with an explicit
    assumption)."""
    floor = float(params.value("taakvelden", "min_change_base") if min_base is None else min_base)
    missing = [y for y in (start, end, price_year) if y not in index.values.index]
    if missing:
        raise ValueError(f"{index.name}: no index value for {missing[0]}: extend the index with an explicit assumption")
    rows = totals[(totals["document"] == document) & totals["year"].isin([start, end])]
    wide = rows.pivot_table(index=["municipality", "group"], columns="year", values=measure, observed=True,
                            aggfunc="sum")
    level = index.values
    out = pd.DataFrame({
        "start_real": wide.get(start) * level[price_year] / level[start],
        "end_real": wide.get(end) * level[price_year] / level[end],
    }, index=wide.index)
    base = out["start_real"].where((out["start_real"] > 0) & (out["start_real"] >= floor))
    out["change"] = out["end_real"] / base - 1
    return out


def pgb_shares(iv3: pd.DataFrame) -> pd.DataFrame:
    """Share of personal budgets (pgb) in Wmo 18+ and youth care per municipality, year and
    document, for the Iv3 2025 taakvelden (params/taakvelden.yaml ``pgb``): ``pgb`` and
    ``total`` lasten (EUR; total = care in kind + pgb) and ``share`` = pgb / total (NaN when
    the total is not positive). Years without the pgb taakvelden give no rows."""
    spec = params.value("taakvelden", "pgb")["pairs"]
    parts = []
    keys = ["municipality", "year", "document"]
    for pair, info in spec.items():
        codes = [*map(str, info["care"]), str(info["pgb"])]
        rows = iv3[iv3["taakveld_code"].astype(str).isin(codes)]
        if rows.empty:
            continue
        frame = rows[keys].astype({"municipality": str, "document": str}).assign(
            lasten=rows["lasten"].astype(float), is_pgb=rows["taakveld_code"].astype(str) == str(info["pgb"]))
        total = frame.groupby(keys)["lasten"].sum()
        pgb = frame[frame["is_pgb"]].groupby(keys)["lasten"].sum().reindex(total.index, fill_value=0.0)
        parts.append(pd.DataFrame({"pair": pair, "label": str(info["label"]), "pgb_code": str(info["pgb"]),
                                   "pgb": pgb, "total": total, "share": pgb / total.where(total > 0)}))
    return pd.concat(parts).reset_index() if parts else pd.DataFrame(
        columns=[*keys, "pair", "label", "pgb_code", "pgb", "total", "share"])


def vintage(totals: pd.DataFrame) -> dict[str, int]:
    """The latest year per document in the data: ``{"begroting": 2025, "jaarrekening": 2023}``."""
    years = totals.groupby(totals["document"].astype(str))["year"].max()
    return {str(k): int(v) for k, v in years.items()}


def realisation_rates(totals: pd.DataFrame, year: int, municipalities: list[str] | None = None,
                      min_base: float | None = None) -> pd.DataFrame:
    """:func:`realisation`'s ``realisatie`` and ``netto_realisatie`` for many municipalities at
    once (index municipality, group; same rules, vectorised for the peer medians)."""
    floor = float(params.value("taakvelden", "min_change_base") if min_base is None else min_base)
    rows = totals[totals["year"] == year]
    if municipalities is not None:
        rows = rows[rows["municipality"].isin(municipalities)]
    wide = rows.pivot_table(index=["municipality", "group"], columns="document", values=["lasten", "baten", "netto"],
                            observed=True, aggfunc="sum")
    people = rows[rows["document"].astype(str) == "begroting"].groupby("municipality")["inhabitants"].first()
    base = floor * people.astype(float).reindex(wide.index.get_level_values("municipality")).to_numpy()
    out = pd.DataFrame(index=wide.index)
    for measure, column in (("lasten", "realisatie"), ("netto", "netto_realisatie")):
        if (measure, "jaarrekening") not in wide.columns:
            out[column] = float("nan")
            continue
        budget, actual = wide[(measure, "begroting")], wide[(measure, "jaarrekening")]
        out[column] = (actual / budget.where((budget >= base) & (budget > 0))).where(actual >= 0)
        if measure == "netto":
            out[column] = out[column].where(~baten_offset(budget, wide[("baten", "begroting")],
                                                          wide[("baten", "jaarrekening")]))
    return out
