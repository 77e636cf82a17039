"""Contracts of the CBS StatLine series: Wmo clients, youth care, Gezondheidsmonitor, population.

Half-years and years are separate datasets (``*_halfyear`` keyed by a ``halfyear`` column
such as "2024H1", ``*_year`` by ``year``), so no series mixes the two. CBS's suppressed or
missing cells stay empty (never 0); CBS rounds counts of people to 5 before publishing.
Regions are named as CBS writes them, which is also how the Iv3 files and the
``gemeenteklassen`` ``cbs_name`` write them ("Bergen (L.)", "Groningen (gemeente)").
Definitions follow the CBS table titles and column descriptions (table ids in each column).
"""

from __future__ import annotations

import pandera.pandas as pa

from analyse.data.contracts.columns import between, col, ge, isin, make_schema, year_range

REGION_TYPES = ("Nederland", "gemeente", "wijk")
CARE_FORMS = ("totaal", "in natura")
AGE_BANDS = ("all", "under_65", "65_plus")
EDITIONS = (2016, 2020, 2022)
#: indicator id -> (Dutch label, definition); every value is a percentage of the age band
HEALTH_INDICATORS: dict[str, tuple[str, str]] = {
    "health_good": ("Ervaren gezondheid goed of zeer goed",
                    "% who rate their own health good or very good (ErvarenGezondheidGoedZeerGoed)."),
    "long_term_condition": ("Een of meer langdurige aandoeningen",
                            "% with one or more long-term diseases or conditions (EenOfMeerLangdurigeAandoeningen)."),
    "overweight": ("Overgewicht", "% with overweight, BMI 25 or more (Overgewicht; includes obesity)."),
    "obesity": ("Ernstig overgewicht (obesitas)", "% with obesity, BMI 30 or more (ErnstigOvergewicht)."),
    "exercise_guideline": ("Voldoet aan beweegrichtlijn",
                           "% who meet the Dutch exercise guideline 2017 (VoldoetAanBeweegrichtlijn)."),
    "weekly_sport": ("Wekelijkse sporter", "% who play sport at least once a week (WekelijkseSporters)."),
    "carer": ("Mantelzorger", "% who gave informal care (mantelzorg) for at least 3 months and/or at least "
              "8 hours a week (Mantelzorger)."),
    "carer_heavily_burdened": ("Zwaar belaste mantelzorger (% van de mantelzorgers)",
                               "% of the carers (mantelzorgers, not of all adults) who feel heavily or "
                               "extremely burdened (ZwaarBelasteMantelzorgers)."),
    "smoker": ("Roker", "% who smoke (Rokers); not in the 2016 extract."),
    "excessive_drinker": ("Overmatige drinker", "% excessive drinkers: more than 14 (women) or 21 (men) "
                          "glasses a week (OvermatigDrinker); not in the 2016 extract."),
    "anxiety_depression": ("Angst- of depressiegevoelens in de afgelopen 4 weken",
                           "% with feelings of anxiety or depression in the past 4 weeks (CBS column "
                           "AngstOfDepressiegevoelensAfg4Wk; self-reported feelings, not a diagnosis; 2022 only)."),
    "psychological_complaints": ("Psychische klachten", "% with psychological complaints in the past 4 "
                                 "weeks (2022 only)."),
}
REGION_DESC = ("Region as CBS writes it: a municipality (CBS name, also the Iv3 name; municipalities that "
               "merged keep their own rows until their last period), Nederland, or a wijk.")


def _region_columns(with_wijk: bool) -> dict[str, pa.Column]:
    types = REGION_TYPES if with_wijk else REGION_TYPES[:2]
    out = {
        "region_type": col("category", "Soort regio", "Nederland, gemeente" + (" or wijk." if with_wijk else "."),
                           checks=[isin(types, "a region type")]),
        "region": col("text", "Regio", REGION_DESC),
        "region_code": col("text", "Regiocode", "CBS code (GM0148, WK014801, NL01); empty for some "
                           "municipalities that no longer exist.", nullable=True, required=False),
    }
    if with_wijk:
        out["municipality"] = col("text", "Gemeente", "Municipality the region belongs to (itself for a "
                                  "municipality; Nederland for Nederland).")
    return out


def _period(halfyear: bool, first: int, last: int) -> dict[str, pa.Column]:
    if halfyear:
        return {"halfyear": col("halfyear", "Halfjaar", "Half-year: H1 is January-June, H2 July-December. "
                                "Clients in a half-year are people with the provision at any time in it.")}
    return {"year": col("year", "Jaar", "Calendar year: people with the provision at any time in the year "
                        "(so a year figure is higher than either half-year).", checks=[year_range(first, last)])}


def _cbs_table(tables: tuple[str, ...]) -> pa.Column:
    return col("text", "CBS-tabel", "CBS StatLine table the row comes from.",
               checks=[isin(tables, "a CBS table id")])


def _wmo(halfyear: bool) -> pa.DataFrameSchema:
    kind = "halfyear" if halfyear else "year"
    wijk_tables = ("84751NED", "84752NED", "84753NED", "84908NED", "85047NED", "85377NED", "85639NED", "85996NED")
    columns = {
        **_region_columns(with_wijk=True),
        **_period(halfyear, 2015, 2035),
        "clients": col("int", "Wmo-cliënten", "People with at least one Wmo maatwerkvoorziening (customised "
                       "support under the Wmo 2015, all types: 'Totaal') in the period, living in the region; "
                       "rounded to 5 by CBS; empty where CBS has no figure (the municipality did not deliver "
                       "data, or the region did not exist).", nullable=True, count=True,
                       checks=[ge(0, "a count")], unit="aantal personen"),
        "clients_per_1000": col("int", "Wmo-cliënten per 1.000 inwoners", "Clients per 1,000 inhabitants, as "
                                "CBS publishes it (whole numbers).", nullable=True,
                                checks=[between(0, 1000, "a rate")], unit="per 1.000 inwoners"),
        "cbs_table": _cbs_table(("86050NED",) + wijk_tables),
    }
    return make_schema(f"cbs_wmo_{kind}", "Wmo-cliënten per " + ("halfjaar" if halfyear else "jaar") + " (CBS)",
                       columns, key=["region_type", "municipality", "region", kind],
                       description="Wmo clients with a maatwerkvoorziening per municipality and Nederland "
                                   "(CBS 86050NED, 2017-2024H1) and per wijk of Dalfsen (CBS wijk tables "
                                   "84751NED ... 85996NED).")


def _youth(halfyear: bool) -> pa.DataFrameSchema:
    kind = "halfyear" if halfyear else "year"
    columns = {
        **_region_columns(with_wijk=False),
        "care_form": col("category", "Vorm jeugdzorg", "totaal (all youth care: jeugdhulp, jeugdbescherming, "
                         "jeugdreclassering; in kind and by personal budget) or in natura (in kind only, from "
                         "2021).", checks=[isin(CARE_FORMS, "a care form")]),
        **_period(halfyear, 2015, 2035),
        "young_people": col("int", "Jongeren met jeugdzorg", "Young people (0 to 22 years) with at least one "
                            "form of youth care in the period, by municipality of residence; rounded to 5 by "
                            "CBS.", nullable=True, count=True, checks=[ge(0, "a count")], unit="aantal personen"),
        "pct_young_people": col("percent", "% van de jongeren", "Young people with youth care as a percentage "
                                "of all young people aged 0 to 22 in the region.", nullable=True,
                                checks=[between(0, 100, "a percentage")], unit="procent"),
        "trajectories": col("int", "Jeugdzorgtrajecten", "Youth-care trajectories (one young person can have "
                            "several); in natura rows only.", nullable=True, checks=[ge(0, "a count")],
                            unit="aantal trajecten"),
        "cbs_table": _cbs_table(("84134NED", "85099NED")),
    }
    return make_schema(f"cbs_youth_care_{kind}", "Jongeren met jeugdzorg per " + ("halfjaar" if halfyear else
                       "jaar") + " (CBS)", columns, key=["region_type", "region", "care_form", kind],
                       description="Young people with youth care per municipality and Nederland: CBS 84134NED "
                                   "(2015-2020) and 85099NED (from 2021). The two tables meet at 2021, the "
                                   "year the prevention policy starts: a change there can partly be the "
                                   "change of table.")


def cbs_schemas() -> list[pa.DataFrameSchema]:
    """The CBS StatLine contracts (independent of the municipality's configuration)."""
    indicator_desc = "; ".join(f"{k}: {v[1]}" for k, v in HEALTH_INDICATORS.items())

    def pct(title: str, description: str) -> pa.Column:
        return col("number", title, description, nullable=True, unit="procent",
                   checks=[between(0, 100, "a percentage")])

    health = make_schema("cbs_health_monitor", "Gezondheidsmonitor volwassenen en ouderen (CBS, GGD'en, RIVM)", {
        **_region_columns(with_wijk=False),
        "edition": col("year", "Editie", "Survey year: 2016 (CBS 83674NED), 2020 (85012NED, fieldwork during "
                       "COVID-19, autumn 2020) or 2022 (85563NED).", checks=[year_range(2010, 2035)]),
        "age_band": col("category", "Leeftijd", "all: every adult surveyed (19 and older in 2016, 18 and older "
                        "from 2020); under_65: 19/18 to 64; 65_plus: 65 and older.",
                        checks=[isin(AGE_BANDS, "an age band")]),
        "indicator": col("category", "Indicator", indicator_desc,
                         checks=[isin(tuple(HEALTH_INDICATORS), "an indicator")]),
        "value": pct("Waarde", "Estimated percentage (weighted survey estimate)."),
        "lower": pct("Ondergrens", "Lower bound of the 95% confidence interval."),
        "upper": pct("Bovengrens", "Upper bound of the 95% confidence interval."),
        "cbs_table": _cbs_table(("83674NED", "85012NED", "85563NED")),
    }, key=["region_type", "region", "edition", "age_band", "indicator"], ranges={"value": ("lower", "upper")},
        description="Gezondheidsmonitor Volwassenen en Ouderen (GGD'en, CBS, RIVM) per municipality and "
                    "Nederland, editions 2016, 2020 and 2022, percentages with 95% bounds. Municipal borders "
                    "of the edition year.")
    population = make_schema("cbs_population", "Bevolking (CBS)", {
        "region": col("text", "Regio", "Municipality (CBS name)."),
        "year": col("year", "Jaar", "Year.", checks=[year_range(1900, 2100)]),
        "population_1_january": col("int", "Bevolking op 1 januari", "Registered population on 1 January.",
                                    checks=[ge(0, "a count")], unit="aantal personen"),
        "population_average": col("number", "Gemiddelde bevolking", "Average population over the year (mean of "
                                  "1 January of this and the next year); empty for the last year.",
                                  nullable=True, checks=[ge(0, "a count")], unit="aantal personen"),
        "cbs_table": _cbs_table(("03759ned",)),
    }, key=["region", "year"], description="Population of the municipality on 1 January (CBS 03759ned).")
    return [_wmo(True), _wmo(False), _youth(True), _youth(False), health, population]
