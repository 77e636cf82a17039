"""Contracts of the municipality's own datasets (budget, realisation, evaluations,
interventions, Positive Health, care use, SROI inputs, CPI, population)."""

from __future__ import annotations

import pandera.pandas as pa

from analyse.config import (
    ALL_KERNEN,
    LIST_SEPARATOR,
    POSITIVE_HEALTH_DIMENSIONS,
    PREVENTION_LEVELS,
    Municipality,
)
from analyse.data.contracts.columns import (
    ListSpec,
    between,
    col,
    fraction,
    ge,
    isin,
    make_schema,
    quarter_range,
    range_columns,
    year_range,
)


def local_schemas(muni: Municipality) -> list[pa.DataFrameSchema]:
    """The contracts of the municipality's own datasets, for its configuration."""
    kern = lambda desc="Kern (village) of the municipality.": col(  # noqa: E731
        "category", "Kern", desc, checks=[isin(muni.kernen, "a kern from municipality.yaml")],
        allowed="kernen in municipality.yaml")
    partner = col("category", "Partner", "Partner organisation that delivers the work.",
                   checks=[isin(muni.partners, "a partner from municipality.yaml")],
                   allowed="partners in municipality.yaml")
    policy_field = col("category", "Beleidsveld", "Policy field the budget or intervention belongs to.",
                        checks=[isin(muni.policy_fields, "a policy field from municipality.yaml")],
                        allowed="policy_fields in municipality.yaml")
    quarter = col("quarter", "Kwartaal", "Calendar quarter, e.g. 2021Q3 (also 2021-Q3, 2021 K3).",
                   checks=[quarter_range(muni)], allowed="period.start to the last completed quarter")
    level_desc = ("Prevention pyramid level (Dalfsen preventie 2021; Preventieniveaus, Deklerck/RIVM): "
                  + "; ".join(f"{k} = {v}" for k, v in PREVENTION_LEVELS.items()) + ".")
    actor_ids = tuple(muni.actors)
    last_budget_year = muni.period_end.year + 5
    dims = ListSpec(POSITIVE_HEALTH_DIMENSIONS)

    schemas = [
        make_schema("budget", "Begroting", {
            "year": col("year", "Jaar", "Budget year.",
                         checks=[year_range(muni.budget_first_year, last_budget_year)]),
            "policy_field": policy_field,
            "budget_line": col("text", "Begrotingspost", "Budget line within the policy field."),
            "nature": col("category", "Structureel/incidenteel", "Structural or incidental money.",
                           checks=[isin(("structureel", "incidenteel"), "one of")]),
            "prevention_level": col("int", "Preventieniveau", level_desc + " Empty when not prevention.",
                                     required=False, nullable=True, checks=[between(1, 4, "a level")]),
            "amount_eur": col("money", "Begroot bedrag", "Budgeted amount (begroting), nominal euros of that year.",
                               checks=[ge(0, "an amount")], unit="EUR"),
            "source": col("text", "Bron", "Where the figure comes from.", required=False, nullable=True),
            "derivation": col("text", "Afleiding", "How a figure not stated in a source was derived.",
                               required=False, nullable=True),
        }, key=["year", "policy_field", "budget_line"],
            description="Budget (begroting) per year, policy field and budget line."),
        make_schema("realisation", "Realisatie", {
            "quarter": quarter,
            "policy_field": policy_field,
            "budget_line": col("text", "Begrotingspost", "Budget line; must exist in the budget for that year."),
            "amount_eur": col("money", "Gerealiseerd bedrag",
                               "Amount spent in this quarter (not cumulative), nominal euros; "
                               "corrections may be negative.",
                               unit="EUR"),
        }, key=["quarter", "policy_field", "budget_line"],
            description="Realisation (spending) per quarter and budget line."),
        make_schema("evaluations", "Welzijnsevaluaties", {
            "quarter": quarter,
            "kern": kern(),
            "partner": partner,
            "intervention": col("text", "Interventie", "Intervention; must exist in the interventions register."),
            "indicator": col("text", "Indicator", "Name of the indicator measured."),
            "unit": col("text", "Eenheid", "Unit of the value, e.g. 'deelnemers', '%', 'rapportcijfer'."),
            "value": col("number", "Waarde", "Measured value in this quarter.",
                          count_rows={"is_count": "ja"}),
            "target": col("number", "Streefwaarde", "Target for this quarter, if agreed.",
                           required=False, nullable=True),
            "direction": col("category", "Richting", "Whether higher or lower values are better.",
                              required=False, nullable=True, checks=[isin(("hoger", "lager"), "one of")]),
            "is_count": col("category", "Telling van personen",
                             "'ja' when the value counts people (protected against small numbers in reports).",
                             required=False, nullable=True, checks=[isin(("ja", "nee"), "one of")]),
        }, key=["quarter", "kern", "partner", "intervention", "indicator"],
            description="Indicator values per quarter, kern, partner and intervention."),
        make_schema("interventions", "Interventieregister", {
            "intervention": col("text", "Interventie", "Name of the intervention (unique)."),
            "partner": partner,
            "policy_field": policy_field,
            "prevention_level": col("int", "Preventieniveau", level_desc, checks=[between(1, 4, "a level")]),
            "dimensions": col("list", "Dimensies Positieve Gezondheid",
                               f"Positive Health dimensions addressed, separated by '{LIST_SEPARATOR}'.",
                               list_spec=dims, allowed=", ".join(POSITIVE_HEALTH_DIMENSIONS)),
            "kernen": col("list", "Kernen", f"Kernen served, separated by '{LIST_SEPARATOR}', or '{ALL_KERNEN}'.",
                           list_spec=ListSpec(muni.kernen,
                                              ALL_KERNEN), allowed=f"kernen in municipality.yaml or '{ALL_KERNEN}'"),
            "target_group": col("text", "Doelgroep", "Target group in words."),
            "start_date": col("date", "Startdatum", "Date the intervention started."),
            "end_date": col("date", "Einddatum", "Date it ended; empty while running.", required=False, nullable=True),
            "annual_budget_eur": col("money", "Jaarbudget", "Yearly budget of the intervention, euros.",
                                      required=False, nullable=True, checks=[ge(0, "an amount")], unit="EUR"),
            "goal": col("text", "Doel", "Policy goal the intervention serves (goal-effort network).",
                         required=False, nullable=True),
        }, key=["intervention"], description="Register of interventions with their place in the prevention pyramid."),
        make_schema("care_use", "Zorggebruik", {
            "quarter": quarter,
            "kern": kern(),
            "provision": col("category", "Voorziening", "'wmo' (Wmo support) or 'jeugd' (youth care).",
                              checks=[isin(("wmo", "jeugd"), "one of")]),
            "clients": col("int", "Cliënten", "Number of clients with the provision in the quarter.",
                            checks=[ge(0, "a count")], unit="aantal personen", count=True),
        }, key=["quarter", "kern", "provision"], description="Clients of Wmo and youth care per kern and quarter."),
        make_schema("positive_health", "Positieve Gezondheid", {
            "survey_round": col("int", "Meetronde", "Survey round number (1 = first).", checks=[ge(1, "a round")]),
            "quarter": quarter,
            "kern": kern(),
            "dimension": col("category", "Dimensie", "Positive Health dimension (Huber).",
                              checks=[isin(POSITIVE_HEALTH_DIMENSIONS, "one of")]),
            "mean_score": col("number", "Gemiddelde score", "Mean score of respondents on this dimension.",
                               checks=[between(0, 10, "a score")], unit="0-10"),
            "sd": col("number", "Standaardafwijking", "Standard deviation of the scores, if known.",
                       required=False, nullable=True, checks=[between(0, 10, "a standard deviation")], unit="0-10"),
            "respondents": col("int", "Respondenten", "Number of respondents behind the mean.",
                                checks=[ge(0, "a count")], unit="aantal personen", count=True),
        }, key=["survey_round", "kern", "dimension"],
            description="Positive Health survey aggregates per kern and survey round."),
        make_schema("sroi_projects", "SROI/MKBA-projecten", {
            "project": col("text", "Project", "Short project id (unique)."),
            "name": col("text", "Naam", "Project name in words."),
            "description": col("text", "Omschrijving", "What the project does.", required=False, nullable=True),
            "horizon_years": col("int", "Looptijd", "Appraisal horizon in years.", checks=[between(1, 100,
                                                                                                     "a horizon")],
                                  unit="jaar"),
            "price_year": col("year", "Prijsjaar", "Price year in which results are expressed."),
            "source": col("text", "Bron", "Study or agreement the inputs come from.", required=False, nullable=True),
        }, key=["project"], description="SROI/MKBA projects: one row per project."),
        make_schema("sroi_investments", "SROI/MKBA-investeringen", {
            "project": col("text", "Project", "Project id from sroi_projects."),
            "payer": col("category", "Betaler", "Actor who pays.", checks=[isin(actor_ids,
                                                                                  "an actor from municipality.yaml")],
                          allowed="actors in municipality.yaml"),
            "year": col("int", "Projectjaar", "Project year of the cost; 1 = first year, 0 = up-front.",
                         checks=[between(0, 100, "a project year")]),
            "kind": col("text", "Soort", "Kind of cost, e.g. personeel, materieel, vrijwilligersinzet."),
            "amount_eur": col("money", "Bedrag", "Cost in euros of the price year.", checks=[ge(0, "an amount")],
                               unit="EUR"),
            "amount_eur_low": col("money", "Bedrag (laag)", "Low end of the cost range.", required=False,
                                   nullable=True,
                                   checks=[ge(0, "an amount")], unit="EUR"),
            "amount_eur_high": col("money", "Bedrag (hoog)", "High end of the cost range.", required=False,
                                    nullable=True,
                                    checks=[ge(0, "an amount")], unit="EUR"),
        }, key=["project", "payer", "year", "kind"], ranges={"amount_eur": ("amount_eur_low", "amount_eur_high")},
            description="Investments (inputs) of SROI/MKBA projects by payer, year and kind."),
        make_schema("sroi_outcomes", "SROI/MKBA-effecten", {
            "project": col("text", "Project", "Project id from sroi_projects."),
            "outcome": col("text", "Effect", "Outcome (change) valued."),
            "stakeholder": col("text", "Belanghebbende", "Stakeholder group that experiences the outcome."),
            "actor": col("category", "Actor", "Who benefits financially (wrong-pocket view).",
                          checks=[isin(actor_ids,
                                        "an actor from municipality.yaml")], allowed="actors in municipality.yaml"),
            "quantity": col("number", "Aantal", "Number of people (or units) experiencing the outcome per year.",
                             checks=[ge(0, "a quantity")]),
            "proxy_eur": col("money", "Financiële proxy", "Value of one unit of outcome per year.",
                              checks=[ge(0, "an amount")],
                              unit="EUR"),
            "proxy_price_year": col("year", "Prijsjaar proxy", "Price year of the proxy (rebased with the CPI)."),
            "proxy_source": col("text", "Bron proxy", "Source of the financial proxy."),
            "deadweight": fraction("Deadweight", "Share that would have happened anyway."),
            "displacement": fraction("Verplaatsing", "Share displaced from elsewhere."),
            "attribution": fraction("Attributie", "Share due to others than this project."),
            "drop_off": fraction("Drop-off", "Yearly decline of the outcome from year 2."),
            "duration_years": col("int", "Duur", "Years the outcome lasts.", checks=[between(1, 100, "a duration")],
                                   unit="jaar"),
            "start_year": col("int", "Startjaar", "Project year the outcome starts (1 = first).", required=False,
                               nullable=True,
                               checks=[between(1, 100, "a project year")]),
            **range_columns(("quantity", "Aantal", "number"), ("proxy_eur", "Financiële proxy", "money"),
                             ("deadweight", "Deadweight", "fraction"), ("displacement", "Verplaatsing", "fraction"),
                             ("attribution", "Attributie", "fraction"), ("drop_off", "Drop-off", "fraction"),
                             ("duration_years", "Duur", "int")),
        }, key=["project", "outcome", "actor"],
            ranges={n: (f"{n}_low", f"{n}_high") for n in
                    ("quantity", "proxy_eur", "deadweight", "displacement", "attribution", "drop_off",
                     "duration_years")},
            description="Outcomes of SROI/MKBA projects with impact deductions and uncertainty ranges."),
        make_schema("cpi", "Consumentenprijsindex", {
            "year": col("year", "Jaar", "Calendar year."),
            "cpi_index": col("number", "CPI (2015=100)", "Yearly average consumer price index, 2015 = 100.",
                              checks=[ge(0, "an index")], unit="2015=100"),
            "change_pct": col("percent", "Mutatie", "Change on the previous year in percent.", required=False,
                               nullable=True,
                               unit="%"),
            "source": col("text", "Bron", "Source of the figure.", required=False, nullable=True),
        }, key=["year"], description="Consumer price index (CBS), for real versus nominal amounts."),
        make_schema("population", "Inwoners per kern", {
            "year": col("year", "Jaar", "Year (population on 1 January or as stated in the source)."),
            "kern": kern(),
            "inhabitants": col("int", "Inwoners", "Inhabitants of the kern including its rural area.",
                                checks=[ge(1, "a number of inhabitants (rates per 1,000 divide by it)")],
                                unit="aantal personen"),
            "source": col("text", "Bron", "Source or derivation of the figure.", required=False, nullable=True),
        }, key=["year", "kern"], description="Population per kern, for rates per 1,000 inhabitants."),
    ]
    return schemas


