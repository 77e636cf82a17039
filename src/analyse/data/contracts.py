"""Data contracts: one pandera schema per dataset.

A schema names every column with its type (``kind``), Dutch title, description, unit,
whether it is required and may be empty, its allowed values or range, and the key
that must be unique. Allowed kernen, partners, policy fields and actors come from the
municipality's configuration, so :func:`build_schemas` takes it as an argument.

Each column's ``metadata`` carries:

- ``kind``: how a raw cell is parsed (see :data:`PARSERS`);
- ``unit``: e.g. "EUR", "aantal personen", "0-1";
- ``count``: True for counts of people (protected against small numbers in reports);
- ``count_rows``: for a column that counts people in some rows only, the rows that do, as
  {flag column: value} (the evaluations' ``value`` counts people where ``is_count`` is
  "ja"; a percentage, rapportcijfer or number of days in other rows is not a count);
- ``allowed``: a short description of the allowed values for the data dictionary.

The schema's own metadata holds ``key`` (unique columns), ``ranges`` (value columns
with optional ``_low``/``_high`` columns that must bracket them) and ``file``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from analyse.config import (
    ALL_KERNEN,
    LIST_SEPARATOR,
    POSITIVE_HEALTH_DIMENSIONS,
    PREVENTION_LEVELS,
    Municipality,
)
from analyse.data import cells

#: kind -> (parser of one raw cell, pandas dtype of the typed column)
PARSERS = {
    "text": (cells.parse_text, "str"),
    "category": (cells.parse_text, "str"),
    "list": (cells.parse_text, "str"),
    "money": (cells.parse_money, "float64"),
    "number": (cells.parse_float, "float64"),
    "fraction": (cells.parse_fraction, "float64"),
    "percent": (cells.parse_percent, "float64"),
    "int": (cells.parse_int, "Int64"),
    "year": (cells.parse_year, "Int64"),
    "quarter": (cells.parse_quarter, pd.PeriodDtype("Q")),
    "date": (cells.parse_date, "datetime64[ns]"),
}


@dataclass(frozen=True)
class ListSpec:
    """Allowed items of a list column ("a|b|c")."""

    allowed: tuple[str, ...]
    all_word: str | None = None  # a single word meaning "all allowed items"


def _col(kind: str, title: str, description: str, *, required: bool = True, nullable: bool = False,
         checks: list | None = None, unit: str | None = None, count: bool = False,
         allowed: str | None = None, list_spec: ListSpec | None = None,
         count_rows: dict[str, str] | None = None) -> pa.Column:
    dtype = PARSERS[kind][1]
    meta = {"kind": kind, "unit": unit, "count": count, "allowed": allowed, "list": list_spec,
            "count_rows": count_rows}
    return pa.Column(dtype, checks=checks or [], required=required, nullable=nullable, title=title,
                     description=description, metadata=meta, coerce=False)


def _isin(values: tuple[str, ...] | list[str], what: str) -> pa.Check:
    shown = ", ".join(values) if len(values) <= 8 else ", ".join(values[:8]) + ", ..."
    return pa.Check.isin(list(values), error=f"expected {what}: {shown}")


def _between(lo: float, hi: float, what: str = "") -> pa.Check:
    return pa.Check.in_range(lo, hi, error=f"expected {what or 'a value'} between {lo:g} and {hi:g}")


def _ge(lo: float, what: str = "a value") -> pa.Check:
    return pa.Check.ge(lo, error=f"expected {what} of at least {lo:g}")


def _quarter_range(muni: Municipality) -> pa.Check:
    start, end = muni.period_start, muni.period_end
    return pa.Check(lambda s: (s >= start) & (s <= end), element_wise=False,
                    error=f"expected a quarter from {start} to {end} (the last completed quarter)",
                    name="quarter_range")


def _year_range(first: int, last: int) -> pa.Check:
    return pa.Check.in_range(first, last, error=f"expected a year from {first} to {last}")


def _fraction(title: str, description: str, *, required: bool = True, nullable: bool = False) -> pa.Column:
    return _col("fraction", title, description, required=required, nullable=nullable,
                checks=[_between(0, 1, "a share")], unit="0-1 (10% = 0,1)")


def _range_columns(*specs: tuple[str, str, str]) -> dict[str, pa.Column]:
    """Optional ``<name>_low`` and ``<name>_high`` columns for uncertain inputs."""
    out = {}
    for name, title, kind in specs:
        for end, label in (("low", "laag"), ("high", "hoog")):
            desc = f"{end.capitalize()} end of the {name} range (sensitivity and Monte Carlo)."
            if kind == "fraction":
                out[f"{name}_{end}"] = _fraction(f"{title} ({label})", desc, required=False, nullable=True)
            else:
                lo = 1 if kind == "int" else 0
                out[f"{name}_{end}"] = _col(kind, f"{title} ({label})", desc, required=False, nullable=True,
                                            checks=[_ge(lo, "a value")])
    return out


def _schema(name: str, title: str, columns: dict[str, pa.Column], key: list[str],
            ranges: dict[str, tuple[str, str]] | None = None, description: str = "") -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, unique=key, name=name, title=title, description=description,
                              strict=False, ordered=False,
                              metadata={"key": key, "ranges": ranges or {}})


def build_schemas(muni: Municipality) -> dict[str, pa.DataFrameSchema]:
    """Every dataset's contract for one municipality's configuration."""
    kern = lambda desc="Kern (village) of the municipality.": _col(  # noqa: E731
        "category", "Kern", desc, checks=[_isin(muni.kernen, "a kern from municipality.yaml")],
        allowed="kernen in municipality.yaml")
    partner = _col("category", "Partner", "Partner organisation that delivers the work.",
                   checks=[_isin(muni.partners, "a partner from municipality.yaml")],
                   allowed="partners in municipality.yaml")
    policy_field = _col("category", "Beleidsveld", "Policy field the budget or intervention belongs to.",
                        checks=[_isin(muni.policy_fields, "a policy field from municipality.yaml")],
                        allowed="policy_fields in municipality.yaml")
    quarter = _col("quarter", "Kwartaal", "Calendar quarter, e.g. 2021Q3 (also 2021-Q3, 2021 K3).",
                   checks=[_quarter_range(muni)], allowed="period.start to the last completed quarter")
    level_desc = ("Prevention pyramid level (Dalfsen preventie 2021; Preventieniveaus, Deklerck/RIVM): "
                  + "; ".join(f"{k} = {v}" for k, v in PREVENTION_LEVELS.items()) + ".")
    actor_ids = tuple(muni.actors)
    last_budget_year = muni.period_end.year + 5
    dims = ListSpec(POSITIVE_HEALTH_DIMENSIONS)

    schemas = [
        _schema("budget", "Begroting", {
            "year": _col("year", "Jaar", "Budget year.",
                         checks=[_year_range(muni.budget_first_year, last_budget_year)]),
            "policy_field": policy_field,
            "budget_line": _col("text", "Begrotingspost", "Budget line within the policy field."),
            "nature": _col("category", "Structureel/incidenteel", "Structural or incidental money.",
                           checks=[_isin(("structureel", "incidenteel"), "one of")]),
            "prevention_level": _col("int", "Preventieniveau", level_desc + " Empty when not prevention.",
                                     required=False, nullable=True, checks=[_between(1, 4, "a level")]),
            "amount_eur": _col("money", "Begroot bedrag", "Budgeted amount (begroting), nominal euros of that year.",
                               checks=[_ge(0, "an amount")], unit="EUR"),
            "source": _col("text", "Bron", "Where the figure comes from.", required=False, nullable=True),
            "derivation": _col("text", "Afleiding", "How a figure not stated in a source was derived.",
                               required=False, nullable=True),
        }, key=["year", "policy_field", "budget_line"],
            description="Budget (begroting) per year, policy field and budget line."),
        _schema("realisation", "Realisatie", {
            "quarter": quarter,
            "policy_field": policy_field,
            "budget_line": _col("text", "Begrotingspost", "Budget line; must exist in the budget for that year."),
            "amount_eur": _col("money", "Gerealiseerd bedrag",
                               "Amount spent in this quarter (not cumulative), nominal euros; "
                               "corrections may be negative.",
                               unit="EUR"),
        }, key=["quarter", "policy_field", "budget_line"],
            description="Realisation (spending) per quarter and budget line."),
        _schema("evaluations", "Welzijnsevaluaties", {
            "quarter": quarter,
            "kern": kern(),
            "partner": partner,
            "intervention": _col("text", "Interventie", "Intervention; must exist in the interventions register."),
            "indicator": _col("text", "Indicator", "Name of the indicator measured."),
            "unit": _col("text", "Eenheid", "Unit of the value, e.g. 'deelnemers', '%', 'rapportcijfer'."),
            "value": _col("number", "Waarde", "Measured value in this quarter.",
                          count_rows={"is_count": "ja"}),
            "target": _col("number", "Streefwaarde", "Target for this quarter, if agreed.",
                           required=False, nullable=True),
            "direction": _col("category", "Richting", "Whether higher or lower values are better.",
                              required=False, nullable=True, checks=[_isin(("hoger", "lager"), "one of")]),
            "is_count": _col("category", "Telling van personen",
                             "'ja' when the value counts people (protected against small numbers in reports).",
                             required=False, nullable=True, checks=[_isin(("ja", "nee"), "one of")]),
        }, key=["quarter", "kern", "partner", "intervention", "indicator"],
            description="Indicator values per quarter, kern, partner and intervention."),
        _schema("interventions", "Interventieregister", {
            "intervention": _col("text", "Interventie", "Name of the intervention (unique)."),
            "partner": partner,
            "policy_field": policy_field,
            "prevention_level": _col("int", "Preventieniveau", level_desc, checks=[_between(1, 4, "a level")]),
            "dimensions": _col("list", "Dimensies Positieve Gezondheid",
                               f"Positive Health dimensions addressed, separated by '{LIST_SEPARATOR}'.",
                               list_spec=dims, allowed=", ".join(POSITIVE_HEALTH_DIMENSIONS)),
            "kernen": _col("list", "Kernen", f"Kernen served, separated by '{LIST_SEPARATOR}', or '{ALL_KERNEN}'.",
                           list_spec=ListSpec(muni.kernen,
                                              ALL_KERNEN), allowed=f"kernen in municipality.yaml or '{ALL_KERNEN}'"),
            "target_group": _col("text", "Doelgroep", "Target group in words."),
            "start_date": _col("date", "Startdatum", "Date the intervention started."),
            "end_date": _col("date", "Einddatum", "Date it ended; empty while running.", required=False, nullable=True),
            "annual_budget_eur": _col("money", "Jaarbudget", "Yearly budget of the intervention, euros.",
                                      required=False, nullable=True, checks=[_ge(0, "an amount")], unit="EUR"),
            "goal": _col("text", "Doel", "Policy goal the intervention serves (goal-effort network).",
                         required=False, nullable=True),
        }, key=["intervention"], description="Register of interventions with their place in the prevention pyramid."),
        _schema("care_use", "Zorggebruik", {
            "quarter": quarter,
            "kern": kern(),
            "provision": _col("category", "Voorziening", "'wmo' (Wmo support) or 'jeugd' (youth care).",
                              checks=[_isin(("wmo", "jeugd"), "one of")]),
            "clients": _col("int", "Cliënten", "Number of clients with the provision in the quarter.",
                            checks=[_ge(0, "a count")], unit="aantal personen", count=True),
        }, key=["quarter", "kern", "provision"], description="Clients of Wmo and youth care per kern and quarter."),
        _schema("positive_health", "Positieve Gezondheid", {
            "survey_round": _col("int", "Meetronde", "Survey round number (1 = first).", checks=[_ge(1, "a round")]),
            "quarter": quarter,
            "kern": kern(),
            "dimension": _col("category", "Dimensie", "Positive Health dimension (Huber).",
                              checks=[_isin(POSITIVE_HEALTH_DIMENSIONS, "one of")]),
            "mean_score": _col("number", "Gemiddelde score", "Mean score of respondents on this dimension.",
                               checks=[_between(0, 10, "a score")], unit="0-10"),
            "sd": _col("number", "Standaardafwijking", "Standard deviation of the scores, if known.",
                       required=False, nullable=True, checks=[_between(0, 10, "a standard deviation")], unit="0-10"),
            "respondents": _col("int", "Respondenten", "Number of respondents behind the mean.",
                                checks=[_ge(0, "a count")], unit="aantal personen", count=True),
        }, key=["survey_round", "kern", "dimension"],
            description="Positive Health survey aggregates per kern and survey round."),
        _schema("sroi_projects", "SROI/MKBA-projecten", {
            "project": _col("text", "Project", "Short project id (unique)."),
            "name": _col("text", "Naam", "Project name in words."),
            "description": _col("text", "Omschrijving", "What the project does.", required=False, nullable=True),
            "horizon_years": _col("int", "Looptijd", "Appraisal horizon in years.", checks=[_between(1, 100,
                                                                                                     "a horizon")],
                                  unit="jaar"),
            "price_year": _col("year", "Prijsjaar", "Price year in which results are expressed."),
            "source": _col("text", "Bron", "Study or agreement the inputs come from.", required=False, nullable=True),
        }, key=["project"], description="SROI/MKBA projects: one row per project."),
        _schema("sroi_investments", "SROI/MKBA-investeringen", {
            "project": _col("text", "Project", "Project id from sroi_projects."),
            "payer": _col("category", "Betaler", "Actor who pays.", checks=[_isin(actor_ids,
                                                                                  "an actor from municipality.yaml")],
                          allowed="actors in municipality.yaml"),
            "year": _col("int", "Projectjaar", "Project year of the cost; 1 = first year, 0 = up-front.",
                         checks=[_between(0, 100, "a project year")]),
            "kind": _col("text", "Soort", "Kind of cost, e.g. personeel, materieel, vrijwilligersinzet."),
            "amount_eur": _col("money", "Bedrag", "Cost in euros of the price year.", checks=[_ge(0, "an amount")],
                               unit="EUR"),
            "amount_eur_low": _col("money", "Bedrag (laag)", "Low end of the cost range.", required=False,
                                   nullable=True,
                                   checks=[_ge(0, "an amount")], unit="EUR"),
            "amount_eur_high": _col("money", "Bedrag (hoog)", "High end of the cost range.", required=False,
                                    nullable=True,
                                    checks=[_ge(0, "an amount")], unit="EUR"),
        }, key=["project", "payer", "year", "kind"], ranges={"amount_eur": ("amount_eur_low", "amount_eur_high")},
            description="Investments (inputs) of SROI/MKBA projects by payer, year and kind."),
        _schema("sroi_outcomes", "SROI/MKBA-effecten", {
            "project": _col("text", "Project", "Project id from sroi_projects."),
            "outcome": _col("text", "Effect", "Outcome (change) valued."),
            "stakeholder": _col("text", "Belanghebbende", "Stakeholder group that experiences the outcome."),
            "actor": _col("category", "Actor", "Who benefits financially (wrong-pocket view).",
                          checks=[_isin(actor_ids,
                                        "an actor from municipality.yaml")], allowed="actors in municipality.yaml"),
            "quantity": _col("number", "Aantal", "Number of people (or units) experiencing the outcome per year.",
                             checks=[_ge(0, "a quantity")]),
            "proxy_eur": _col("money", "Financiële proxy", "Value of one unit of outcome per year.",
                              checks=[_ge(0, "an amount")],
                              unit="EUR"),
            "proxy_price_year": _col("year", "Prijsjaar proxy", "Price year of the proxy (rebased with the CPI)."),
            "proxy_source": _col("text", "Bron proxy", "Source of the financial proxy."),
            "deadweight": _fraction("Deadweight", "Share that would have happened anyway."),
            "displacement": _fraction("Verplaatsing", "Share displaced from elsewhere."),
            "attribution": _fraction("Attributie", "Share due to others than this project."),
            "drop_off": _fraction("Drop-off", "Yearly decline of the outcome from year 2."),
            "duration_years": _col("int", "Duur", "Years the outcome lasts.", checks=[_between(1, 100, "a duration")],
                                   unit="jaar"),
            "start_year": _col("int", "Startjaar", "Project year the outcome starts (1 = first).", required=False,
                               nullable=True,
                               checks=[_between(1, 100, "a project year")]),
            **_range_columns(("quantity", "Aantal", "number"), ("proxy_eur", "Financiële proxy", "money"),
                             ("deadweight", "Deadweight", "fraction"), ("displacement", "Verplaatsing", "fraction"),
                             ("attribution", "Attributie", "fraction"), ("drop_off", "Drop-off", "fraction"),
                             ("duration_years", "Duur", "int")),
        }, key=["project", "outcome", "actor"],
            ranges={n: (f"{n}_low", f"{n}_high") for n in
                    ("quantity", "proxy_eur", "deadweight", "displacement", "attribution", "drop_off",
                     "duration_years")},
            description="Outcomes of SROI/MKBA projects with impact deductions and uncertainty ranges."),
        _schema("cpi", "Consumentenprijsindex", {
            "year": _col("year", "Jaar", "Calendar year."),
            "cpi_index": _col("number", "CPI (2015=100)", "Yearly average consumer price index, 2015 = 100.",
                              checks=[_ge(0, "an index")], unit="2015=100"),
            "change_pct": _col("percent", "Mutatie", "Change on the previous year in percent.", required=False,
                               nullable=True,
                               unit="%"),
            "source": _col("text", "Bron", "Source of the figure.", required=False, nullable=True),
        }, key=["year"], description="Consumer price index (CBS), for real versus nominal amounts."),
        _schema("population", "Inwoners per kern", {
            "year": _col("year", "Jaar", "Year (population on 1 January or as stated in the source)."),
            "kern": kern(),
            "inhabitants": _col("int", "Inwoners", "Inhabitants of the kern including its rural area.",
                                checks=[_ge(0, "a count")], unit="aantal personen"),
            "source": _col("text", "Bron", "Source or derivation of the figure.", required=False, nullable=True),
        }, key=["year", "kern"], description="Population per kern, for rates per 1,000 inhabitants."),
    ]
    return {s.name: s for s in schemas}


def count_metadata() -> dict[str, dict[str, bool | dict[str, str]]]:
    """Per dataset, its columns that count people: True (every row) or the ``count_rows``
    rule {flag column: value}. Does not depend on the municipality's configuration."""
    placeholder = Municipality(name="-", cbs_code="-", kernen=("-",), partners=("-",), policy_fields=("-",),
                               actors={"-": "-"}, own_actor="-", period_start=pd.Period("2000Q1", freq="Q"),
                               budget_first_year=2000)
    out: dict[str, dict[str, bool | dict[str, str]]] = {}
    for name, schema in build_schemas(placeholder).items():
        for column, spec in schema.columns.items():
            meta = spec.metadata or {}
            if meta.get("count") or meta.get("count_rows"):
                out.setdefault(name, {})[column] = True if meta.get("count") else dict(meta["count_rows"])
    return out


def column_kind(column: pa.Column) -> str:
    return column.metadata["kind"]
