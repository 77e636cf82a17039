"""Supply and care use per kern: interventions and budget per kern x dimension, care per 1,000.

Money is euros per year (the register's ``annual_budget_eur``); "per inhabitant" divides by
the inhabitants of one year. Care use per 1,000 inhabitants follows the one rule of
:mod:`analyse.methods.population`. Defaults (``allocation``, ``care_quarters``) are read
from ``params/white_spots.yaml`` through :mod:`analyse.params`; method: ``docs/prevention.md``.
"""

from __future__ import annotations

import pandas as pd

from analyse import params
from analyse.config import POSITIVE_HEALTH_DIMENSIONS
from analyse.data import explode_list
from analyse.errors import ParameterError
from analyse.methods.health import PARAMS
from analyse.methods.kernen import inhabitants_in_order, kern_order
from analyse.methods.population import INHABITANTS_COLUMN, RATE_COLUMN, per_1000
from analyse.methods.pyramid import as_date, reference_year, running

#: How an intervention's budget is split over the kernen it serves.
ALLOCATIONS = ("population", "equal")

__all__ = ["ALLOCATIONS", "care_rate", "coverage", "coverage_matrix"]


def check_allocation(allocation: str) -> str:
    """``allocation`` when it is one of :data:`ALLOCATIONS`, else a ParameterError."""
    if allocation not in ALLOCATIONS:
        raise ParameterError(f"allocation: value {allocation!r}: expected one of {', '.join(ALLOCATIONS)}")
    return allocation


def coverage(interventions: pd.DataFrame, population: pd.DataFrame, *, year: int | None = None,
             as_of: object = None, allocation: str | None = None) -> pd.DataFrame:
    """Interventions and budget per inhabitant per kern x dimension.

    The kernen are those in ``population`` for ``year`` (default: ``as_of``'s year, else
    the latest); "alle" means all of them. Allocation rule: an intervention's annual
    budget is split over the kernen it serves by inhabitants (``"population"``) or evenly
    (``"equal"``); default from the parameters. Within a kern, the intervention and its
    kern share count in full in *each* dimension it addresses, so do not add budgets over
    dimensions. A missing budget counts as 0 EUR (the intervention still counts).
    Columns: kern, dimension, interventions, budget_eur (EUR per year), inhabitants,
    budget_per_inhabitant (EUR per inhabitant per year)."""
    allocation = check_allocation(allocation or params.value(PARAMS, "allocation"))
    when = as_date(as_of)
    year = reference_year(year, when, population)
    people = inhabitants_in_order(population, year)
    kernen = list(people.index)
    active = running(interventions, when)[["intervention", "kernen", "dimensions", "annual_budget_eur"]]
    served = explode_list(active, "kernen", kernen)
    unknown = sorted(set(served["kernen"]) - set(kernen))
    if unknown:
        raise ValueError(f"interventions: kern(en) {', '.join(unknown)} have no inhabitants in the population data")
    weight = served["kernen"].map(people) if allocation == "population" else pd.Series(1.0, index=served.index)
    share = weight / weight.groupby(served["intervention"]).transform("sum")
    served = served.assign(budget_eur=served["annual_budget_eur"].fillna(0.0) * share)
    cells = explode_list(served, "dimensions").rename(columns={"kernen": "kern", "dimensions": "dimension"})
    grid = pd.MultiIndex.from_product([kernen, list(POSITIVE_HEALTH_DIMENSIONS)], names=["kern", "dimension"])
    grouped = cells.groupby(["kern", "dimension"])
    out = pd.DataFrame({"interventions": grouped["intervention"].nunique(),
                        "budget_eur": grouped["budget_eur"].sum()}).reindex(grid, fill_value=0).reset_index()
    out["interventions"] = out["interventions"].astype(int)
    out[INHABITANTS_COLUMN] = out["kern"].map(people)
    out["kern"] = pd.Categorical(out["kern"], categories=kernen, ordered=True)
    out["dimension"] = pd.Categorical(out["dimension"], categories=list(POSITIVE_HEALTH_DIMENSIONS), ordered=True)
    out["budget_per_inhabitant"] = out["budget_eur"] / out[INHABITANTS_COLUMN]
    out.attrs.update(allocation=allocation, year=year)
    return out


def coverage_matrix(table: pd.DataFrame, value: str = "budget_per_inhabitant") -> pd.DataFrame:
    """A kern x dimension table of ``value``: kernen as rows (category order, else as they
    appear), dimensions as columns in the fixed order."""
    dims = [d for d in POSITIVE_HEALTH_DIMENSIONS if d in set(table["dimension"])]
    matrix = table.assign(kern=table["kern"].astype(str), dimension=table["dimension"].astype(str))
    return matrix.pivot(index="kern", columns="dimension", values=value).reindex(index=kern_order(table), columns=dims)


def care_rate(care_use: pd.DataFrame, population: pd.DataFrame, *, as_of: object = None,
              quarters: int | None = None) -> pd.DataFrame:
    """Care use per 1,000 inhabitants per kern.

    clients = mean number of clients per quarter (all provisions, Wmo and youth care,
    summed; a person in both counts twice) over the last ``quarters`` quarters (default
    from the parameters) up to the quarter of ``as_of`` (default: the latest quarter);
    per_1000 = clients per 1,000 inhabitants of that last quarter's year
    (:func:`analyse.methods.population.per_1000`).
    Columns: kern, clients, inhabitants, per_1000; ``attrs['window']`` names the quarters."""
    quarters = int(params.value(PARAMS, "care_quarters")) if quarters is None else int(quarters)
    when = as_date(as_of)
    available = sorted(care_use["quarter"].unique())
    if when is not None:
        available = [q for q in available if q <= pd.Period(when, freq="Q")]
    if not available:
        raise ValueError(f"care_use: no quarter up to {when.date() if when is not None else 'now'}")
    window = available[-quarters:]
    rows = care_use[care_use["quarter"].isin(window)]
    clients = rows.groupby([rows["kern"].astype(str), "quarter"])["clients"].sum().groupby(level=0).sum() / len(window)
    people = inhabitants_in_order(population, window[-1].year)
    out = pd.DataFrame({"clients": clients.astype(float)}).reindex(people.index)
    out[INHABITANTS_COLUMN] = people
    out[RATE_COLUMN] = per_1000(out["clients"], out[INHABITANTS_COLUMN])
    out.attrs["window"] = f"{window[0]}-{window[-1]}"
    return out.rename_axis("kern").reset_index()
