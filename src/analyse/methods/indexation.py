"""Price and wage indexation: real versus nominal money, index numbers and changes.

Conventions
-----------
- Yearly money: a Series of nominal euros indexed by integer year (2011, 2012, ...); a
  PeriodIndex of years is accepted too.
- An index (:class:`PriceIndex`) is a level per integer year with any base year; the
  caller passes it: these functions load no data (the CPI frame comes from
  ``analyse.data.cpi()``, turned into an index by :func:`cpi_index`).
- Changes and shares are fractions (0.1 = 10%).
- Parameters (wage weight, CBS cao wage changes, the explicit 2026 CPI assumption) live in
  ``params/indexation.yaml`` and are read through :mod:`analyse.params`.

Sources: CBS CPI, CBS cao-lonen (docs/sources.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analyse import params
from analyse.config import PARAMS_DIR
from analyse.errors import ParameterError, SeriesError

__all__ = ["PARAMS_FILE", "PriceIndex", "load_indexation_params", "cpi_index", "extend_index",
           "wage_price_index", "deflate", "index_numbers", "yearly_change", "cumulative_change",
           "change_steps", "purchasing_power_loss"]

#: Name of the parameter file (in ``src/analyse/params/``) with the indexation parameters.
PARAMS_NAME = "indexation"
PARAMS_FILE = PARAMS_DIR / f"{PARAMS_NAME}.yaml"


@dataclass(frozen=True)
class PriceIndex:
    """A yearly price (or wage/price) index: level per integer year, any base year.

    ``assumed_years`` lists years whose value is an explicit assumption, not a figure."""

    values: pd.Series
    name: str
    source: str = ""
    assumed_years: tuple[int, ...] = ()


def load_indexation_params(path: Path | str | None = None) -> dict[str, params.Parameter]:
    """The indexation parameters (wage weight, CBS cao wage changes, the CPI assumption),
    each an :class:`analyse.params.Parameter` with label, unit, value(s) and references.

    ``path``: another parameter file of the same shape (default: the shipped one)."""
    return params.read_file(path) if path is not None else params.load(PARAMS_NAME)


def _yearly(values: pd.Series, name: str | None = None) -> pd.Series:
    """``values`` as floats indexed by int year, sorted; refuses other indexes and duplicates."""
    label = name or str(values.name or "yearly series")
    idx = values.index
    if isinstance(idx, pd.PeriodIndex):
        if idx.freqstr[0] not in "YA":
            raise SeriesError(label, f"expected yearly values indexed by year, got periods of frequency {idx.freqstr}")
        idx = idx.year
    elif not pd.api.types.is_integer_dtype(idx):
        raise SeriesError(label, f"expected yearly values indexed by integer year, got an index of type {idx.dtype}")
    out = pd.Series(pd.to_numeric(values.to_numpy(), errors="coerce"), index=np.asarray(idx, dtype=int),
                    name=values.name).sort_index()
    dup = out.index[out.index.duplicated()]
    if len(dup):
        raise SeriesError(label, f"duplicate year {dup[0]}")
    if out.isna().any():
        raise SeriesError(label, f"missing or non-numeric value in {out.index[out.isna()][0]}")
    return out


def cpi_index(cpi: pd.DataFrame) -> PriceIndex:
    """The consumer price index per year from a CPI frame with columns ``year`` and
    ``cpi_index`` (as ``analyse.data.cpi()`` returns it; CBS, 2015 = 100)."""
    values = _yearly(cpi.set_index("year")["cpi_index"], "cpi")
    return PriceIndex(values.rename("cpi"), "CPI (CBS, 2015 = 100)",
                      "CBS CPI (StatLine 83131NED/83136NED), shipped as data/raw/cpi.csv (see catalog.yaml)")


def extend_index(index: PriceIndex, assumed_change_pct: Mapping[int, float]) -> PriceIndex:
    """``index`` extended year by year with assumed yearly changes in percent ({2026: 2.0}).

    The new years are listed in ``assumed_years`` so results can say they rest on an
    assumption. Years must follow the last year of the index without gaps."""
    values = index.values.copy()
    for year in sorted(assumed_change_pct):
        if year != values.index.max() + 1:
            raise SeriesError(index.name, f"assumption for {year}: expected the year after {values.index.max()}")
        values[year] = values[year - 1] * (1 + assumed_change_pct[year] / 100)
    shown = ", ".join(f"{y}: {c:+g}%" for y, c in sorted(assumed_change_pct.items()))
    return PriceIndex(values, f"{index.name}, aangenomen {shown}", index.source,
                      tuple(sorted({*index.assumed_years, *assumed_change_pct})))


def wage_price_index(wage_weight: float | None = None, wage_change_pct: Mapping[int, float] | None = None, *,
                     prices: PriceIndex) -> PriceIndex:
    """Wage/price mix index: each year changes by w x wage change + (1 - w) x price change.

    ``prices``: the price index (e.g. :func:`cpi_index` of ``data.cpi()``). Defaults:
    ``wage_weight`` and the CBS cao wage changes (percent per year) from
    params/indexation.yaml. The index is 100 in the year before the first year for which
    both a wage and a price change exist (2022 with the shipped parameters)."""
    w = params.value(PARAMS_NAME, "wage_weight") if wage_weight is None else wage_weight
    if not 0 <= w <= 1:
        raise ParameterError(f"wage_weight {w}: expected a share between 0 and 1")
    wages = dict(params.value(PARAMS_NAME, "cao_wage_change_pct") if wage_change_pct is None else wage_change_pct)
    price_change = yearly_change(prices.values)
    years = sorted(y for y in wages if y in price_change.index and not np.isnan(price_change[y]))
    if not years or years != list(range(years[0], years[-1] + 1)):
        raise SeriesError("wage/price mix", f"wage changes for {sorted(wages)} and prices for "
                                            f"{list(price_change.index)}: expected consecutive years covered by both")
    level = {years[0] - 1: 100.0}
    for y in years:
        level[y] = level[y - 1] * (1 + w * wages[y] / 100 + (1 - w) * price_change[y])
    name = f"loon/prijsmix {w:.0%} lonen / {1 - w:.0%} prijzen ({years[0] - 1} = 100)"
    return PriceIndex(pd.Series(level, name="wage_price_mix"), name,
                      "CBS cao-lonen (params/indexation.yaml) and " + prices.name,
                      tuple(y for y in prices.assumed_years if y in level))


def _as_index(index: PriceIndex | pd.Series) -> PriceIndex:
    if isinstance(index, PriceIndex):
        return index
    if not isinstance(index, pd.Series):
        raise ParameterError(f"index: got {type(index).__name__}; expected a PriceIndex (e.g. trends.cpi_index()) "
                             "or a Series of index levels per year")
    return PriceIndex(_yearly(index, str(index.name or "index")), str(index.name or "index"))


def _require_years(index: PriceIndex, years: list[int]) -> None:
    missing = sorted(set(years) - set(index.values.index))
    if missing:
        have = index.values.index
        raise SeriesError(index.name, f"no index value for {', '.join(map(str, missing))} "
                                      f"(covers {have.min()}-{have.max()}): pass an index that covers these years "
                                      "or extend it with an explicit, documented assumption, "
                                      f"e.g. extend_index(index, {{{missing[0]}: 2.0}})")


def deflate(values: pd.Series, to_year: int, index: PriceIndex | pd.Series) -> pd.Series:
    """Nominal euros per year (indexed by integer year) in prices of ``to_year``.

    real(t) = nominal(t) x index(to_year) / index(t). ``index``: e.g. the CPI
    (:func:`cpi_index`) or :func:`wage_price_index` for subsidy indexation. Years the
    index does not cover raise :class:`SeriesError` (see :func:`extend_index`). The
    result's ``attrs`` hold the price year, the index name and any assumed index years used."""
    nominal = _yearly(values)
    idx = _as_index(index)
    _require_years(idx, [*nominal.index, to_year])
    factor = idx.values.loc[to_year] / idx.values.loc[nominal.index]
    out = pd.Series(nominal.to_numpy() * factor.to_numpy(), index=nominal.index, name=values.name)
    used = {*nominal.index, to_year}
    out.attrs = {"price_year": to_year, "index": idx.name,
                 "assumed_years": tuple(y for y in idx.assumed_years if y in used)}
    return out


def index_numbers(values: pd.Series, base_year: int) -> pd.Series:
    """Yearly values (money or an index) as index numbers with ``base_year`` = 100."""
    series = _yearly(values)
    if base_year not in series.index:
        raise SeriesError(str(values.name or "yearly series"), f"base year {base_year} not in the series")
    return series / series.loc[base_year] * 100


def yearly_change(values: pd.Series) -> pd.Series:
    """Change on the previous year as a share (0.1 = +10%); NaN for the first year.

    Years must be consecutive: a gap raises rather than comparing across it."""
    series = _yearly(values)
    expected = np.arange(series.index.min(), series.index.max() + 1)
    if len(series) != len(expected):
        missing = sorted(set(expected) - set(series.index))
        raise SeriesError(str(values.name or "yearly series"), f"gap at {missing[0]}: expected consecutive years")
    return series / series.shift(1) - 1


def cumulative_change(values: pd.Series, start: int, end: int) -> float:
    """Change from ``start`` to ``end`` as a share: values[end] / values[start] - 1."""
    series = _yearly(values)
    for year in (start, end):
        if year not in series.index:
            raise SeriesError(str(values.name or "yearly series"), f"no value for {year}")
    return float(series.loc[end] / series.loc[start] - 1)


def change_steps(values: pd.Series, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """The steps in which a yearly amount changed from ``start`` to ``end``, each against its base year.

    A step is a run of consecutive years that all change in the same direction (a year
    equal to the one before ends a run). Per step: ``base_year`` (the last year before the
    step), ``first_year`` and ``last_year`` (the years that changed), ``base_eur`` and
    ``end_eur`` (amounts in base_year and last_year, in the units of ``values``, e.g.
    nominal euros) and ``change`` = end / base - 1 (a share). The steps chain exactly:
    the product of (1 + change) is values[end] / values[start]. ``attrs`` hold start, end
    and ``total_change``. Years must be consecutive (see :func:`yearly_change`)."""
    series = _yearly(values)
    start = int(series.index.min()) if start is None else start
    end = int(series.index.max()) if end is None else end
    label = str(values.name or "yearly series")
    if start >= end:
        raise SeriesError(label, f"steps from {start} to {end}: expected a start year before the end year")
    for year in (start, end):
        if year not in series.index:
            raise SeriesError(label, f"no value for {year}")
    window = series.loc[start:end]
    change = yearly_change(window)
    scale = float(np.abs(window).max()) or 1.0
    direction = np.sign(change.fillna(0.0).where(np.abs(window - window.shift(1)).fillna(0.0) > 1e-9 * scale, 0.0))
    rows: list[dict[str, float | int]] = []
    for year, sign in direction.items():
        if sign == 0:
            continue
        if rows and rows[-1]["last_year"] == year - 1 and rows[-1]["_sign"] == sign:
            rows[-1]["last_year"], rows[-1]["end_eur"] = int(year), float(window.loc[year])
        else:
            rows.append({"base_year": int(year) - 1, "first_year": int(year), "last_year": int(year),
                         "base_eur": float(window.loc[year - 1]), "end_eur": float(window.loc[year]),
                         "_sign": float(sign)})
    out = pd.DataFrame(rows, columns=["base_year", "first_year", "last_year", "base_eur", "end_eur", "_sign"])
    out = out.drop(columns="_sign").astype({"base_year": int, "first_year": int, "last_year": int})
    out["change"] = out["end_eur"] / out["base_eur"] - 1
    out.attrs = {"start": start, "end": end, "total_change": float(window.loc[end] / window.loc[start] - 1)}
    return out


def purchasing_power_loss(values: pd.Series, start: int, end: int, price_year: int,
                          index: PriceIndex | pd.Series) -> pd.DataFrame:
    """Purchasing power a budget lost against its ``start`` level, per year, in euros of ``price_year``.

    values: nominal euros per year (integer years); index: e.g. :func:`cpi_index`. For each
    year t from start to end:

    - ``real_eur``: the budget in prices of ``price_year``;
    - ``maintained_nominal_eur``: what year t would have needed nominally to keep the start
      budget's purchasing power: budget(start) x index(t) / index(start);
    - ``loss_eur`` = real(start) - real(t) (euros of ``price_year``), split exactly into
      ``loss_cut_eur`` (the nominal cut budget(start) - budget(t), euros of t brought to
      ``price_year``) and
      ``loss_inflation_eur`` (the start budget not indexed for prices from start to t);
    - ``loss_share``: loss_eur / real(start); ``index_assumed``: index of t is an assumption.

    The sum of ``loss_eur`` is the purchasing power lost over the whole period."""
    nominal = _yearly(values)
    years = list(range(start, end + 1))
    missing = sorted(set(years) - set(nominal.index))
    if missing:
        raise SeriesError(str(values.name or "budget"), f"no budget for {', '.join(map(str, missing))}")
    idx = _as_index(index)
    _require_years(idx, [*years, price_year])
    level = idx.values
    b = nominal.loc[years]
    to_p = level.loc[price_year] / level.loc[years]
    base = nominal.loc[start]
    real = b * to_p.to_numpy()
    out = pd.DataFrame({
        "nominal_eur": b.to_numpy(),
        "real_eur": real.to_numpy(),
        "maintained_nominal_eur": base * level.loc[years].to_numpy() / level.loc[start],
        "loss_eur": base * level.loc[price_year] / level.loc[start] - real.to_numpy(),
        "loss_cut_eur": (base - b.to_numpy()) * to_p.to_numpy(),
        "loss_inflation_eur": base * (level.loc[price_year] / level.loc[start] - to_p.to_numpy()),
        "index_assumed": [y in idx.assumed_years for y in years],
    }, index=pd.Index(years, name="year"))
    out["loss_share"] = out["loss_eur"] / (base * level.loc[price_year] / level.loc[start])
    out.attrs = {"price_year": price_year, "index": idx.name, "start": start}
    return out
