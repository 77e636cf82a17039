"""Contracts of the Iv3 budgets and accounts of all municipalities (CBS, by taakveld)
and of the CBS classes used to pick comparable municipalities."""

from __future__ import annotations

import pandera.pandas as pa

from analyse.data.contracts.columns import col, ge, isin, make_schema, year_range

#: Documents of the Iv3 extract: the budget (begroting) and the realised accounts (jaarrekening).
DOCUMENTS = ("begroting", "jaarrekening")
PROVINCES = ("Drenthe", "Flevoland", "Fryslân", "Gelderland", "Groningen", "Limburg", "Noord-Brabant",
             "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland")
#: CBS size classes (Gemeentegrootte), smallest first.
SIZE_CLASSES = ("minder dan 5.000 inwoners", "5.000 tot 10.000 inwoners", "10.000 tot 20.000 inwoners",
                "20.000 tot 50.000 inwoners", "50.000 tot 100.000 inwoners", "100.000 tot 150.000 inwoners",
                "150.000 tot 250.000 inwoners", "250.000 inwoners of meer")
#: CBS urbanity (Stedelijkheid, by address density), least urban first.
URBANITY = ("niet stedelijk", "weinig stedelijk", "matig stedelijk", "sterk stedelijk", "zeer sterk stedelijk")
#: Centre function (Centrumfunctie), weakest first.
CENTRE_FUNCTION = ("zonder", "weinig", "redelijk", "sterk")
#: Social structure (Sociale structuur, the social position of the population as classified in the extract), best first.
SOCIAL_STRUCTURE = ("goed", "redelijk", "matig", "zwak")
#: Taakveld codes as Iv3 writes them: 6.1, 6.71a, 6.711, 0.10 (the part before the first space).
TAAKVELD_PATTERN = r"^\d\.\d{1,3}[a-d]?$"

MUNICIPALITY_DESC = ("Municipality as CBS writes it in Iv3 ('s-Hertogenbosch, Bergen (NH.), Groningen); "
                     "the national total (Nederland) is not a row.")


def _k_euros(title: str, description: str, *, nullable: bool = False) -> pa.Column:
    return col("money_thousands", title, description + " File: thousands of euros (Iv3); frame: euros.",
               nullable=nullable, unit="EUR (file: k EUR)")


def iv3_schemas() -> list[pa.DataFrameSchema]:
    """The Iv3 contracts (independent of the municipality's configuration)."""
    iv3 = make_schema("iv3", "Iv3 begrotingen en jaarrekeningen per taakveld", {
        "municipality": col("text", "Gemeente", MUNICIPALITY_DESC),
        "year": col("year", "Jaar", "Budget or accounts year.", checks=[year_range(2017, 2035)]),
        "document": col("category", "Document", "begroting (budget, adopted) or jaarrekening (realised accounts).",
                        checks=[isin(DOCUMENTS, "a document")]),
        "taakveld_code": col("text", "Taakveld", "Iv3 taakveld code, e.g. 6.1, 6.71a, 6.711 (Iv3 2025).",
                             checks=[pa.Check.str_matches(TAAKVELD_PATTERN,
                                                          error="expected a taakveld code such as 6.1 or 6.71a")]),
        "taakveld_name": col("text", "Taakveldnaam", "Taakveld name as CBS writes it (long names truncated with "
                                                     "'..'; full names in params/taakvelden.yaml)."),
        "lasten": _k_euros("Lasten", "Expenses booked on the taakveld (may be negative: corrections)."),
        "baten": _k_euros("Baten", "Income booked on the taakveld (may be negative: corrections)."),
        "salarissen": _k_euros("Salarissen en sociale lasten", "Salary costs within the expenses (Iv3 category "
                               "L1.1); empty when not reported.", nullable=True),
        "inhabitants": col("int", "Inwoners", "Inhabitants of the municipality used by CBS for the year "
                           "(1 January).", checks=[ge(1, "a count")], unit="aantal personen"),
    }, key=["municipality", "year", "document", "taakveld_code"],
        description="Budgets and accounts of every Dutch municipality by taakveld (CBS Iv3), in euros. "
                    "Iv3 2025 changed the social-domain taakvelden (6.2 split into 6.21-6.23, 6.71a-d became "
                    "6.711-6.714, youth care 6.72-6.74 became 6.751-6.763, PGB and coordination got their own).")
    classes = make_schema("gemeenteklassen", "Gemeenteklassen (CBS)", {
        "municipality": col("text", "Gemeente", "Municipality, spelled as in the iv3 dataset."),
        "cbs_name": col("text", "CBS-naam", "Name in CBS's regional classification (e.g. 'Groningen (gemeente)', "
                        "'Beek (L.)'); used to join other CBS tables."),
        "year": col("year", "Jaar", "Year of the classification (inhabitants on 1 January).",
                    checks=[year_range(2017, 2035)]),
        "province": col("category", "Provincie", "Province.", checks=[isin(PROVINCES, "a province")]),
        "size_class": col("category", "Gemeentegrootte", "CBS size class by inhabitants.",
                          checks=[isin(SIZE_CLASSES, "a size class")]),
        "urbanity": col("category", "Stedelijkheid", "CBS urbanity class (address density).",
                        checks=[isin(URBANITY, "an urbanity class")]),
        "inhabitants": col("int", "Inwoners", "Inhabitants on 1 January.", checks=[ge(1, "a count")],
                           unit="aantal personen"),
        "centre_function": col("category", "Centrumfunctie", "Centre function class; empty for the four "
                               "largest cities.", nullable=True, checks=[isin(CENTRE_FUNCTION, "a class")]),
        "social_structure": col("category", "Sociale structuur", "Social structure class of the population "
                                "(goed ... zwak), as in the extract.", checks=[isin(SOCIAL_STRUCTURE, "a class")]),
    }, key=["municipality", "year"], description="CBS classes of every municipality per year, used to pick "
                                                 "comparable municipalities (peer groups).")
    return [iv3, classes]
