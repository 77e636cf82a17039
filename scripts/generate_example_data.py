"""Generate the shipped example data for the example municipality Dalfsen (data/raw/).

One CSV per dataset (comma-delimited, UTF-8, decimal point, ISO dates, quarters like
2015Q1, list cells separated by "|"), with the column names of the data contracts in
``analyse.data.contracts``. ``data/raw/catalog.yaml`` describes each file.

What is real, what is derived, what is invented
-----------------------------------------------
Real (published; the ``source`` column names the source):

- cpi: yearly CPI change 2010-2025 (CBS) and the 2022 index 121.43 (CBS 83136NED).
- population 2024: inhabitants per kern, village plus rural area (Gemeentemagazine
  Dalfsen 2024). Ankum (85 + 723) is counted with Dalfsen, because the configuration
  has five kernen.
- budget: the amounts stated in the two policy documents of Dalfsen: the welfare
  startnotitie 2015 ("Dalfsen welzijn 2015") and the prevention startnotitie 2020/2021
  ("Dalfsen preventie 2021"); see docs/sources.md.

Derived by a fixed rule from real figures (the ``source``/``derivation`` column says how):

- cpi_index: chained from 2015 = 100 with the yearly changes, except 2022 (published);
  2023-2025 are chained from the published 2022 value.
- population in other years: the 2024 kern shares applied to a municipal total that is
  interpolated linearly between the CBS totals of 1 January 2014, 2019 and 2024 and
  extrapolated outside that span with the 2019-2024 growth (237 a year), rounded to
  whole people with the largest-remainder method so the kernen add up to the total.
- budget in years the documents do not state (see ``budget_amount``):
  * 2011-2014, welfare lines: the 10% cut of 2011-2014 in four equal steps
    of 2.5% of the pre-cut level, which is the 2015 level / 0.9; 2014 equals 2015;
  * years between a stated level and 2021: held at that level in nominal euros (Dalfsen welzijn 2015:
    subsidies outside wage costs were not indexed); other structural lines likewise
    held at their 2021 level back to 2011;
  * 2022 onward: the 2021 level less the 5% cut from budget year 2022, held
    nominal after;
  * incidental money only in the years the document names (2020 and 2021).

Illustrative (invented, seeded, plausible but not data about Dalfsen): realisation,
interventions, evaluations, care_use, positive_health and the three SROI tables. The
SROI projects are inspired by the SEO (2011) elderly-work projects that Dalfsen welzijn 2015 reports
as positive; the numbers are not SEO's. Their financial proxies are the Zorginstituut
Kostenhandleiding 2024 reference prices (price year 2022) as transcribed by a third party.

Generation rules for the illustrative data
------------------------------------------
- realisation: per budget line and year a spend ratio (about 0.98 of budget, incidental
  money lower, sport/culture/health 25% lower in 2020 because of COVID), spread over the
  quarters by a payment profile (subsidy advances with a Q4 settlement; mantelzorg
  appreciation paid in Q4), times 5% quarterly noise.
- evaluations: participants per quarter ~ Poisson(reach per 1,000 inhabitants x kern
  population), with a ramp-up after the start, a COVID dip (2020Q2-2021Q1), a summer
  dip and 2% yearly growth; targets from 2021 (subsidy agreements, Dalfsen preventie 2021); one
  yearly indicator (satisfaction, reach or waiting time) in Q4.
- care_use: clients ~ Poisson(rate per 1,000 x population x kern factor x trend x
  season); in the kernen served by the Preventieprogramma Sociaal Kernteam a level drop
  and a slope change from its start (2021Q1).
- positive_health: dimension and kern baselines, improving between rounds by 0.05 per
  intervention (at most four) addressing that dimension in that kern; so the white
  spot (no intervention on Zingeving in Hoonhorst and Oudleusen) does not improve.
- SROI tables: fixed illustrative inputs, written out below.

Every random draw comes from ``numpy.random.default_rng([SEED, crc32(dataset)])``: one
stream per dataset, so the files are byte-identical on every run and changing one
generator leaves the other files unchanged. END is pinned (not "today") for the same
reason; pass ``--end`` to extend the quarterly series.

Usage: ``python scripts/generate_example_data.py [--out DIR] [--end 2026Q3] [--seed N]``
"""

from __future__ import annotations

import argparse
import csv
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analyse.config import ALL_KERNEN, LIST_SEPARATOR, POSITIVE_HEALTH_DIMENSIONS, RAW_DIR, load_municipality
from analyse.data.contracts import build_schemas

SEED = 20150101  # documented seed: the start of the monitoring period
END = "2026Q3"  # last completed quarter when the example data were made (2026-11-25)
START = pd.Period("2015Q1", freq="Q")
BUDGET_FIRST_YEAR = 2011

SEED_000 = "Gemeente Dalfsen, startnotitie welzijnsbeleid 2015, par. 3.3"
SEED_004 = "Gemeente Dalfsen, startnotitie preventiebeleid 2020/2021, par. 4.1 Budget (begroting 2021)"

# --------------------------------------------------------------------------- real facts

# CBS, yearly CPI change in % (release "Inflatie 10 procent in 2022", series 1965-2022;
# 2023-2025 from the CBS yearly releases).
CPI_CHANGE = {2010: 1.3, 2011: 2.3, 2012: 2.5, 2013: 2.5, 2014: 1.0, 2015: 0.6, 2016: 0.3, 2017: 1.4,
              2018: 1.7, 2019: 2.6, 2020: 1.3, 2021: 2.7, 2022: 10.0, 2023: 3.8, 2024: 3.3, 2025: 3.3}
CPI_PUBLISHED = {2015: (100.0, "CBS 83131NED: base year 2015 = 100"),
                 2022: (121.43, "CBS 83136NED: yearly average 2022 (2015 = 100), published")}
CPI_CHANGE_SOURCE = {y: "CBS release 'Inflatie 10 procent in 2022'" if y <= 2022
                     else f"CBS yearly release on inflation {y}" for y in CPI_CHANGE}

# Gemeentemagazine Dalfsen 2024: (village, rural area) per kern; Ankum counted with Dalfsen.
POPULATION_2024 = {
    "Dalfsen": ((9349, 1795), (85, 723)),  # Dalfsen + Ankum (village, rural area)
    "Nieuwleusen": ((7790, 1776),),
    "Lemelerveld": ((3597, 1201),),
    "Hoonhorst": ((724, 880),),
    "Oudleusen": ((585, 1198),),
}
POPULATION_SOURCE_2024 = "Gemeentemagazine Dalfsen 2024"
# CBS population of the municipality on 1 January.
CBS_TOTALS = {2014: 27672, 2019: 28499, 2024: 29684}

# --------------------------------------------------------------------------- budget facts


@dataclass(frozen=True)
class BudgetLine:
    policy_field: str
    budget_line: str
    nature: str
    prevention_level: int | None
    anchor_year: int  # year whose amount is stated (or derived directly from a statement)
    anchor_amount: float
    source: str
    anchor_derivation: str | None = None
    welfare_cut: bool = False  # subject to the 10% cut over 2011-2014
    years: tuple[int, ...] | None = None  # incidental: only these years


BUDGET_LINES = (
    BudgetLine("Welzijn", "Samenlevingsopbouw en ouderenwerk", "structureel", 2, 2015, 195_000,
               SEED_000 + ": about EUR 195,000 of budget subsidies, 2015 level excluding housing costs",
               welfare_cut=True),
    BudgetLine("Welzijn", "Overig welzijnswerk", "structureel", 1, 2021, 1_005_000,
               SEED_004 + ": Welzijn EUR 1,200,000 structureel",
               "Welzijn total 1,200,000 less the line 'Samenlevingsopbouw en ouderenwerk' (195,000)",
               welfare_cut=True),
    BudgetLine("Gezondheid", "Gezondheidsbeleid Kerngezond Dalfsen", "incidenteel", 1, 2021, 30_000,
               SEED_004 + ": Gezondheid EUR 30,000 incidenteel voor 2020/2021",
               "read as EUR 30,000 in each of the years 2020 and 2021", years=(2020, 2021)),
    BudgetLine("Sport en bewegen", "Een leven lang bewegen en sporten", "structureel", 1, 2021, 49_000,
               SEED_004 + ": EUR 49,000 structureel"),
    BudgetLine("Sport en bewegen", "Extra impuls bewegen en sporten 2020/2021", "incidenteel", 1, 2021, 21_000,
               SEED_004 + ": + EUR 21,000 'structureel voor de jaren 2020/2021'",
               "limited to 2020 and 2021, so recorded as incidental: EUR 21,000 in each of those years",
               years=(2020, 2021)),
    BudgetLine("Mantelzorg", "Mantelzorgwaardering", "structureel", 2, 2021, 76_000,
               SEED_004 + ": Mantelzorgwaardering EUR 76,000 structureel"),
    BudgetLine("Cultuur", "Cultuur gericht op preventie", "structureel", 1, 2021, 125_000,
               SEED_004 + ": Cultuur EUR 220,000 structureel, of which EUR 125,000 aimed at prevention"),
    BudgetLine("Cultuur", "Cultuur overig", "structureel", None, 2021, 95_000,
               SEED_004 + ": Cultuur EUR 220,000 structureel, of which EUR 125,000 aimed at prevention",
               "Cultuur total 220,000 less the prevention part 125,000"),
)
CUT_2011_2014 = 0.10  # Dalfsen welzijn 2015: welfare budget cut 10% over 2011-2014
CUT_FROM_2022 = 0.05  # Dalfsen preventie 2021: 5% cut from budget year 2022
COVID_YEAR = 2020

# --------------------------------------------------------------------------- illustrative register


@dataclass(frozen=True)
class Intervention:
    name: str
    partner: str
    policy_field: str
    prevention_level: int
    dimensions: tuple[str, ...]
    kernen: tuple[str, ...] | None  # None = all kernen
    target_group: str
    start: str
    end: str | None
    annual_budget: float
    goal: str
    reach: float  # participants per quarter per 1,000 inhabitants of a kern served
    yearly_indicator: str  # "tevredenheid", "bereik" or "wachttijd", measured in Q4


GOAL_SELF_RELIANCE = "Inwoners doen langer zelfstandig mee"
GOAL_EARLY_SIGNALS = "Kwetsbare situaties worden vroeg gesignaleerd"
GOAL_HEALTHY = "Gezonde leefstijl en vitaal ouder worden"
GOAL_NETWORK = "Minder eenzaamheid, sterker sociaal netwerk"
GOAL_YOUTH = "Jeugd groeit gezond en veilig op"
GOAL_CARERS = "Mantelzorgers houden het vol"

BIG3 = ("Dalfsen", "Nieuwleusen", "Lemelerveld")  # the kernen with a Sociaal Kernteam
PREVENTION_PROGRAMME = "Preventieprogramma Sociaal Kernteam"
LF, MW, ZG, KL, MD, DF = POSITIVE_HEALTH_DIMENSIONS

INTERVENTIONS = (
    Intervention("Ouderenwerk en huisbezoek 75+", "Saam Welzijn", "Welzijn", 2, (MW, MD, DF), None,
                 "ouderen van 75 jaar en ouder", "2015-01-01", None, 95_000, GOAL_EARLY_SIGNALS, 4.0, "bereik"),
    Intervention("Samenlevingsopbouw en buurtinitiatieven", "Saam Welzijn", "Welzijn", 1, (MD, KL), None,
                 "alle inwoners", "2015-01-01", None, 100_000, GOAL_SELF_RELIANCE, 5.0, "tevredenheid"),
    Intervention("Woonservicegebied-projecten", "Saam Welzijn", "Welzijn", 2, (DF, KL), BIG3,
                 "ouderen en mensen met een beperking die thuis wonen", "2015-01-01", "2017-12-31", 40_000,
                 GOAL_SELF_RELIANCE, 2.0, "tevredenheid"),
    Intervention(PREVENTION_PROGRAMME, "Saam Welzijn", "Welzijn", 3, (MW, DF, MD), BIG3,
                 "inwoners en gezinnen met beginnende problemen", "2021-01-01", None, 180_000,
                 GOAL_EARLY_SIGNALS, 3.0, "wachttijd"),
    Intervention("Ontmoetingsplek kleine kernen", "Saam Welzijn", "Welzijn", 1, (MD, KL), ("Hoonhorst", "Oudleusen"),
                 "inwoners van Hoonhorst en Oudleusen", "2019-01-01", None, 15_000, GOAL_NETWORK, 6.0, "tevredenheid"),
    Intervention("Thuis na ziekenhuisopname", "Saam Welzijn", "Welzijn", 4, (DF, KL), ("Dalfsen", "Nieuwleusen"),
                 "ouderen na ontslag uit het ziekenhuis", "2022-04-01", None, 30_000, GOAL_SELF_RELIANCE, 0.8,
                 "tevredenheid"),
    Intervention("Mantelzorgondersteuning en -waardering", "Saam Welzijn", "Mantelzorg", 2, (MW, KL), None,
                 "mantelzorgers", "2015-01-01", None, 76_000, GOAL_CARERS, 3.0, "bereik"),
    Intervention("Respijtzorg mantelzorgers", "MEE IJsseloevers", "Mantelzorg", 3, (MW, DF), ("Dalfsen", "Nieuwleusen"),
                 "overbelaste mantelzorgers", "2019-01-01", None, 25_000, GOAL_CARERS, 0.6, "tevredenheid"),
    Intervention("Onafhankelijke cliëntondersteuning", "MEE IJsseloevers", "Welzijn", 3, (DF, MD), None,
                 "inwoners met een beperking en hun naasten", "2016-01-01", None, 60_000, GOAL_SELF_RELIANCE, 1.2,
                 "wachttijd"),
    Intervention("Vroegsignalering schulden", "MEE IJsseloevers", "Welzijn", 3, (MW, DF), None,
                 "huishoudens met betalingsachterstanden", "2022-01-01", None, 35_000, GOAL_EARLY_SIGNALS, 0.7,
                 "wachttijd"),
    Intervention("Kerngezond Dalfsen: gezonde school en sportclub", "GGD IJsselland", "Gezondheid", 1, (LF, KL), None,
                 "jeugd van 4 tot 18 jaar", "2020-01-01", "2021-12-31", 30_000, GOAL_YOUTH, 6.0, "bereik"),
    Intervention("Valpreventie ouderen", "GGD IJsselland", "Gezondheid", 2, (LF, DF), BIG3,
                 "thuiswonende ouderen met valrisico", "2018-01-01", None, 15_000, GOAL_HEALTHY, 1.0, "tevredenheid"),
    Intervention("Leefstijlcoaching bij chronische aandoening", "GGD IJsselland", "Gezondheid", 4, (LF, DF), BIG3,
                 "inwoners met diabetes type 2 of overgewicht", "2021-07-01", None, 20_000, GOAL_HEALTHY, 0.6,
                 "tevredenheid"),
    Intervention("Beweegprogramma 65+", "Stichting De Kern", "Sport en bewegen", 1, (LF, MD), None,
                 "ouderen van 65 jaar en ouder", "2016-01-01", None, 49_000, GOAL_HEALTHY, 3.5, "tevredenheid"),
    Intervention("Sportimpuls 2020/2021", "Stichting De Kern", "Sport en bewegen", 1, (LF, MD), None,
                 "inwoners die weinig bewegen", "2020-01-01", "2021-12-31", 21_000, GOAL_HEALTHY, 2.5, "tevredenheid"),
    Intervention("Jongerenwerk in de kernen", "Stichting De Kern", "Welzijn", 2, (MW, MD, ZG), BIG3,
                 "jongeren van 12 tot 23 jaar", "2015-01-01", None, 120_000, GOAL_YOUTH, 4.0, "bereik"),
    Intervention("Kulturhus ontmoetingsactiviteiten", "Stichting De Kern", "Cultuur", 1, (MD, ZG, KL), BIG3,
                 "alle inwoners", "2015-01-01", None, 60_000, GOAL_NETWORK, 6.0, "tevredenheid"),
    Intervention("Cultuur tegen eenzaamheid", "Bibliotheek", "Cultuur", 2, (ZG, MW, MD), BIG3,
                 "ouderen met risico op eenzaamheid", "2021-01-01", None, 40_000, GOAL_NETWORK, 1.5, "tevredenheid"),
    Intervention("Taalhuis en digitale vaardigheden", "Bibliotheek", "Cultuur", 2, (MD, DF), BIG3,
                 "laaggeletterden en digitaal minder vaardigen", "2017-09-01", None, 25_000, GOAL_SELF_RELIANCE, 1.0,
                 "tevredenheid"),
    Intervention("BoekStart en voorlezen", "Bibliotheek", "Cultuur", 1, (KL, MW), None,
                 "gezinnen met jonge kinderen", "2016-01-01", None, 20_000, GOAL_YOUTH, 2.0, "bereik"),
)

# Yearly (Q4) indicators: indicator -> (unit, target, direction, typical value, spread).
YEARLY_INDICATORS = {
    "tevredenheid": ("rapportcijfer", 7.0, "hoger", 7.5, 0.35),
    "bereik": ("%", 40.0, "hoger", 42.0, 6.0),
    "wachttijd": ("dagen", 14.0, "lager", 12.0, 3.0),
}
YEARLY_LABEL = {"tevredenheid": "tevredenheid", "bereik": "% bereik doelgroep", "wachttijd": "wachttijd"}
TARGETS_FROM = 2021  # indicators in subsidy agreements from the prevention policy

# --------------------------------------------------------------------------- illustrative care use

CARE_RATE = {"wmo": 45.0, "jeugd": 16.0}  # clients per quarter per 1,000 inhabitants, 2015
CARE_KERN_FACTOR = {
    "wmo": {"Dalfsen": 1.05, "Nieuwleusen": 1.0, "Lemelerveld": 1.12, "Hoonhorst": 0.8, "Oudleusen": 0.85},
    "jeugd": {"Dalfsen": 1.1, "Nieuwleusen": 1.0, "Lemelerveld": 1.15, "Hoonhorst": 0.3, "Oudleusen": 0.3},
}
CARE_SEASON = (1.06, 1.0, 0.95, 0.99)  # Q1 higher
CARE_GROWTH = {"wmo": 0.03, "jeugd": 0.04}  # yearly trend (jeugd flattens to 1% after 2019)
CARE_BREAK = {"wmo": (0.88, -0.025), "jeugd": (0.90, -0.02)}  # level factor, yearly slope change

# --------------------------------------------------------------------------- illustrative Positive Health

SURVEY_ROUNDS = {1: "2021Q2", 2: "2023Q2", 3: "2025Q2"}
DIMENSION_BASE = {LF: 7.0, MW: 7.3, ZG: 7.2, KL: 7.2, MD: 6.8, DF: 7.4}
KERN_OFFSET = {"Dalfsen": 0.0, "Nieuwleusen": 0.1, "Lemelerveld": -0.25, "Hoonhorst": 0.1, "Oudleusen": -0.15}
RESPONSE_RATE = {1: 0.012, 2: 0.010, 3: 0.011}  # respondents per inhabitant
GAIN_PER_INTERVENTION = 0.05  # score gain per round per intervention on that kern and dimension (at most 4)

# --------------------------------------------------------------------------- illustrative SROI inputs

KH_PRICE_YEAR = 2022
KH = ("Zorginstituut Kostenhandleiding 2024, reference price '{}' (price year 2022); "
      "transcribed by a third party, unsure")
SEO_NOTE = ("Illustrative inputs inspired by the SEO Economisch Onderzoek (2011) social cost-benefit analysis of "
            "elderly-work projects (more exercise, meal service, home visits), all positive according to the "
            "annex of Dalfsen welzijn 2015 (startnotitie welzijnsbeleid); these are not SEO's figures.")
SROI_PRICE_YEAR = 2022

# project, name, description, horizon
SROI_PROJECTS = (
    ("beweegprogramma_ouderen", "Beweegprogramma ouderen",
     "Wekelijks begeleid bewegen in groepen voor 120 thuiswonende ouderen per jaar.", 5),
    ("maaltijdvoorziening", "Maaltijdvoorziening ouderen",
     "Warme maaltijd aan huis of in het kulturhus voor 80 ouderen met risico op ondervoeding.", 5),
    ("huisbezoek_ouderen", "Preventief huisbezoek ouderen",
     "Huisbezoek door een ouderenadviseur met vrijwilligers bij 300 ouderen van 75+ per jaar.", 8),
)
# project, payer, kind, years (first, last), amount per year, low, high
SROI_INVESTMENTS = (
    ("beweegprogramma_ouderen", "gemeente", "opstartkosten", (0, 0), 8_000, 6_000, 10_000),
    ("beweegprogramma_ouderen", "gemeente", "personeel", (1, 5), 30_000, 26_000, 36_000),
    ("beweegprogramma_ouderen", "partners", "materiaal en locatie", (1, 5), 6_000, 5_000, 8_000),
    ("beweegprogramma_ouderen", "inwoners", "eigen bijdrage", (1, 5), 7_200, None, None),
    ("beweegprogramma_ouderen", "inwoners", "vrijwilligersinzet", (1, 5), 11_280, 8_000, 15_000),
    ("maaltijdvoorziening", "gemeente", "opstartkosten", (0, 0), 5_000, 4_000, 7_000),
    ("maaltijdvoorziening", "gemeente", "personeel", (1, 5), 35_000, 30_000, 40_000),
    ("maaltijdvoorziening", "partners", "keuken en vervoer", (1, 5), 8_000, 6_000, 11_000),
    ("maaltijdvoorziening", "inwoners", "vrijwilligersinzet", (1, 5), 15_040, 11_000, 20_000),
    ("huisbezoek_ouderen", "gemeente", "opstartkosten", (0, 0), 6_000, 5_000, 8_000),
    ("huisbezoek_ouderen", "gemeente", "personeel", (1, 8), 40_000, 35_000, 48_000),
    ("huisbezoek_ouderen", "rijk", "impulsgeld", (1, 2), 10_000, None, None),
    ("huisbezoek_ouderen", "partners", "scholing en coördinatie", (1, 8), 3_000, 2_000, 4_500),
    ("huisbezoek_ouderen", "inwoners", "vrijwilligersinzet", (1, 8), 15_040, 11_000, 20_000),
)


@dataclass(frozen=True)
class Outcome:
    project: str
    outcome: str
    stakeholder: str
    actor: str
    quantity: tuple[float, float, float]  # value, low, high (units per year)
    reference: str  # Kostenhandleiding item
    proxy: float
    deadweight: tuple[float, float, float]  # value, low, high
    attribution: tuple[float, float, float]
    drop_off: tuple[float, float, float]
    duration: tuple[int, int, int]
    displacement: float = 0.0
    start_year: int | None = None


OLDER = "deelnemende ouderen"
CARERS = "mantelzorgers"
# Shared assumptions per project: the outcome lasts while the programme runs, fading by the drop-off.
MOVE = dict(drop_off=(0.1, 0.05, 0.2), duration=(5, 3, 5))
MEAL = dict(drop_off=(0.1, 0.05, 0.2), duration=(5, 3, 5))
VISIT = dict(drop_off=(0.1, 0.05, 0.2), duration=(8, 5, 8))
SROI_OUTCOMES = (
    Outcome("beweegprogramma_ouderen", "Minder ziekenhuisdagen na een val", OLDER, "zorgverzekeraar", (80, 40, 120),
            "hospital day incl. staff", 644, (0.3, 0.2, 0.4), (0.2, 0.1, 0.3), **MOVE),
    Outcome("beweegprogramma_ouderen", "Minder SEH-bezoeken na een val", OLDER, "zorgverzekeraar", (30, 15, 45),
            "emergency department visit", 258, (0.3, 0.2, 0.4), (0.2, 0.1, 0.3), **MOVE),
    Outcome("beweegprogramma_ouderen", "Minder fysiotherapie", OLDER, "zorgverzekeraar", (400, 200, 600),
            "physiotherapy session", 38.89, (0.4, 0.3, 0.5), (0.2, 0.1, 0.3), **MOVE),
    Outcome("beweegprogramma_ouderen", "Minder huishoudelijke hulp (Wmo)", OLDER, "gemeente", (800, 400, 1200),
            "household help per hour", 32.76, (0.3, 0.2, 0.4), (0.2, 0.1, 0.3), **MOVE),
    Outcome("beweegprogramma_ouderen", "Minder inzet mantelzorg", CARERS, "inwoners", (4000, 2000, 6000),
            "informal-care replacement per hour", 18.80, (0.3, 0.2, 0.4), (0.2, 0.1, 0.3), **MOVE, displacement=0.1),
    Outcome("maaltijdvoorziening", "Minder ziekenhuisdagen door ondervoeding", OLDER, "zorgverzekeraar", (80, 40, 120),
            "hospital day incl. staff", 644, (0.25, 0.15, 0.35), (0.2, 0.1, 0.3), **MEAL),
    Outcome("maaltijdvoorziening", "Minder thuisverpleging", OLDER, "zorgverzekeraar", (500, 250, 750),
            "home nursing per hour", 75, (0.3, 0.2, 0.4), (0.2, 0.1, 0.3), **MEAL),
    Outcome("maaltijdvoorziening", "Minder huishoudelijke hulp (Wmo)", OLDER, "gemeente", (400, 200, 600),
            "household help per hour", 32.76, (0.3, 0.2, 0.4), (0.2, 0.1, 0.3), **MEAL),
    Outcome("maaltijdvoorziening", "Minder mantelzorgbelasting", CARERS, "inwoners", (3500, 2000, 5000),
            "informal-care replacement per hour", 18.80, (0.2, 0.1, 0.3), (0.1, 0.0, 0.2), **MEAL),
    Outcome("huisbezoek_ouderen", "Minder huisartsvisites door vroegsignalering", OLDER, "zorgverzekeraar",
            (400, 200, 600), "GP home visit", 43.31, (0.4, 0.3, 0.5), (0.3, 0.2, 0.4), **VISIT),
    Outcome("huisbezoek_ouderen", "Minder SEH-bezoeken", OLDER, "zorgverzekeraar", (40, 20, 60),
            "emergency department visit", 258, (0.3, 0.2, 0.4), (0.3, 0.2, 0.4), **VISIT),
    Outcome("huisbezoek_ouderen", "Uitgestelde opname in verpleging en verzorging", OLDER, "rijk", (400, 200, 600),
            "nursing and care incl. day activities per day", 290, (0.4, 0.3, 0.5), (0.3, 0.2, 0.4),
            drop_off=(0.1, 0.05, 0.2), duration=(7, 4, 7), start_year=2),
    Outcome("huisbezoek_ouderen", "Minder begeleiding (Wmo)", OLDER, "gemeente", (300, 150, 450),
            "support at home (begeleiding) per hour", 64, (0.3, 0.2, 0.4), (0.3, 0.2, 0.4), **VISIT),
    Outcome("huisbezoek_ouderen", "Minder overbelasting mantelzorg", CARERS, "inwoners", (4000, 2000, 6000),
            "informal-care replacement per hour", 18.80, (0.3, 0.2, 0.4), (0.3, 0.2, 0.4), **VISIT),
)

# --------------------------------------------------------------------------- helpers


def eur(x: float) -> str:
    """Money to cents."""
    return f"{x:.2f}"


def dec(x: float, places: int = 2) -> str:
    return f"{x:.{places}f}"


def quarters(start: pd.Period, end: pd.Period) -> list[pd.Period]:
    return list(pd.period_range(start, end, freq="Q"))


def rng_for(seed: int, dataset: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(dataset.encode())])


def largest_remainder(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Whole numbers proportional to ``shares`` that add up to ``total``."""
    raw = {k: total * s for k, s in shares.items()}
    out = {k: int(np.floor(v)) for k, v in raw.items()}
    by_remainder = sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))
    for k in by_remainder[: total - sum(out.values())]:
        out[k] += 1
    return out


# --------------------------------------------------------------------------- real and derived datasets


def cpi_rows() -> list[dict]:
    """CPI 2015 = 100: chained from the published 2015 and 2022 values with the yearly changes."""
    years = sorted(CPI_CHANGE)
    index = {y: v for y, (v, _) in CPI_PUBLISHED.items()}
    how = {y: text for y, (_, text) in CPI_PUBLISHED.items()}
    for y in range(2016, years[-1] + 1):
        if y not in index:
            index[y] = index[y - 1] * (1 + CPI_CHANGE[y] / 100)
            anchor = max(a for a in CPI_PUBLISHED if a < y)
            how[y] = f"derived: chained forward from the published {anchor} index with the CBS yearly changes"
    for y in range(2014, years[0] - 1, -1):
        index[y] = index[y + 1] / (1 + CPI_CHANGE[y + 1] / 100)
        how[y] = "derived: chained backward from 2015 = 100 with the CBS yearly changes"
    return [{"year": y, "cpi_index": dec(index[y]), "change_pct": dec(CPI_CHANGE[y], 1),
             "source": f"index {how[y]}; change_pct {CPI_CHANGE_SOURCE[y]}"} for y in years]


def municipal_total(year: int) -> tuple[int, str]:
    """Municipal population on 1 January of ``year`` from the CBS totals, with how it was found."""
    years = sorted(CBS_TOTALS)
    if year in CBS_TOTALS:
        return CBS_TOTALS[year], f"CBS municipal total {CBS_TOTALS[year]:,} on 1 Jan {year}"
    (y1, t1), (y2, t2) = [(y, CBS_TOTALS[y]) for y in years[-2:]]
    growth = (t2 - t1) / (y2 - y1)
    if year < years[0] or year > y2:
        anchor = years[0] if year < years[0] else y2
        total = CBS_TOTALS[anchor] + growth * (year - anchor)
        how = (f"extrapolated {'backward' if year < anchor else 'forward'} from the CBS total {CBS_TOTALS[anchor]:,} "
               f"(1 Jan {anchor}) at the {y1}-{y2} CBS growth of {growth:g} a year")
    else:
        lo = max(y for y in years if y < year)
        hi = min(y for y in years if y > year)
        total = CBS_TOTALS[lo] + (CBS_TOTALS[hi] - CBS_TOTALS[lo]) * (year - lo) / (hi - lo)
        how = (f"interpolated linearly between the CBS totals {CBS_TOTALS[lo]:,} (1 Jan {lo}) "
               f"and {CBS_TOTALS[hi]:,} (1 Jan {hi})")
    return round(total), f"municipal total {round(total):,} {how}"


def population_by_year(kernen: tuple[str, ...], first: int, last: int) -> dict[int, dict[str, tuple[int, str]]]:
    """Inhabitants and source per year and kern."""
    kern_2024 = {k: sum(v + r for v, r in POPULATION_2024[k]) for k in kernen}
    total_2024 = sum(kern_2024.values())
    shares = {k: n / total_2024 for k, n in kern_2024.items()}
    out = {}
    for year in range(first, last + 1):
        if year == 2024:
            out[year] = {k: (n, f"{POPULATION_SOURCE_2024}: village + rural area "
                                + " + ".join(f"{v:,} + {r:,}" for v, r in POPULATION_2024[k])
                                + (" (incl. Ankum)" if len(POPULATION_2024[k]) > 1 else ""))
                         for k, n in kern_2024.items()}
            continue
        total, how = municipal_total(year)
        counts = largest_remainder(total, shares)
        text = (f"derived: {how}; split over the kernen by their 2024 shares ({POPULATION_SOURCE_2024}, "
                f"total {total_2024:,}); rounded to whole people by largest remainder")
        out[year] = {k: (counts[k], text) for k in kernen}
    return out


def population_rows(pop: dict) -> list[dict]:
    return [{"year": y, "kern": k, "inhabitants": n, "source": src}
            for y, by_kern in pop.items() for k, (n, src) in by_kern.items()]


def budget_amount(line: BudgetLine, year: int) -> tuple[float, str | None, str | None] | None:
    """(amount, source, derivation) of a budget line in a year; None when the line has no money that year."""
    if line.years is not None:
        return (line.anchor_amount, line.source, line.anchor_derivation) if year in line.years else None
    level = line.anchor_amount  # held nominal from the anchor year up to 2021
    if year == line.anchor_year:
        return level, line.source, line.anchor_derivation
    if year >= 2022:
        return (level * (1 - CUT_FROM_2022), None,
                f"2021 level ({level:,.0f}) less the {CUT_FROM_2022:.0%} cut from budget year 2022, "
                "held nominal after")
    if line.welfare_cut and year < 2015:
        step = CUT_2011_2014 / 4
        pre_cut = level / (1 - CUT_2011_2014)
        return (pre_cut * (1 - step * (year - 2010)), None,
                f"2011-2014 cut of {CUT_2011_2014:.0%} in four equal steps back from the 2015 level "
                f"({level:,.0f}): pre-cut level = 2015 level / {1 - CUT_2011_2014:g}, year 2010+k = pre-cut level "
                f"x (1 - {step:g} k)")
    return (level, None, f"held at the {line.anchor_year} level ({level:,.0f}) in nominal euros "
                         "(no figure stated; Dalfsen welzijn 2015: subsidies outside wage costs were not indexed)")


def budget_rows(first: int, last: int) -> list[dict]:
    rows = []
    for year in range(first, last + 1):
        for line in BUDGET_LINES:
            found = budget_amount(line, year)
            if found is None:
                continue
            amount, source, derivation = found
            rows.append({"year": year, "policy_field": line.policy_field, "budget_line": line.budget_line,
                         "nature": line.nature, "prevention_level": line.prevention_level,
                         "amount_eur": eur(amount), "source": source, "derivation": derivation})
    return rows


# --------------------------------------------------------------------------- illustrative datasets

PAYMENT_PROFILE = {"subsidie": (0.24, 0.24, 0.24, 0.28), "mantelzorg": (0.05, 0.05, 0.10, 0.80),
                   "incidenteel": (0.10, 0.20, 0.30, 0.40)}


def realisation_rows(budget: list[dict], end: pd.Period, rng: np.random.Generator) -> list[dict]:
    """Quarterly spending around the budget, with a yearly under/overspend and a payment profile."""
    rows = []
    for b in budget:
        if b["year"] < START.year or b["year"] > end.year:
            continue
        amount = float(b["amount_eur"])
        if b["nature"] == "incidenteel":
            profile, ratio = PAYMENT_PROFILE["incidenteel"], rng.normal(0.85, 0.08)
        else:
            profile = PAYMENT_PROFILE["mantelzorg" if b["policy_field"] == "Mantelzorg" else "subsidie"]
            ratio = rng.normal(0.98, 0.03)
        if b["year"] == COVID_YEAR and b["policy_field"] in ("Sport en bewegen", "Cultuur", "Gezondheid"):
            ratio *= 0.75
        for q in range(1, 5):
            quarter = pd.Period(year=b["year"], quarter=q, freq="Q")
            if quarter > end:
                continue
            noise = rng.normal(1, 0.05)
            rows.append({"quarter": str(quarter), "policy_field": b["policy_field"], "budget_line": b["budget_line"],
                         "amount_eur": eur(amount * ratio * profile[q - 1] * noise)})
    return rows


def served(iv: Intervention, kernen: tuple[str, ...]) -> tuple[str, ...]:
    return kernen if iv.kernen is None else iv.kernen


def active_quarters(iv: Intervention, end: pd.Period) -> list[pd.Period]:
    first = max(pd.Period(iv.start, freq="Q"), START)
    last = min(pd.Period(iv.end, freq="Q"), end) if iv.end else end
    return quarters(first, last)


def interventions_rows() -> list[dict]:
    return [{"intervention": iv.name, "partner": iv.partner, "policy_field": iv.policy_field,
             "prevention_level": iv.prevention_level, "dimensions": LIST_SEPARATOR.join(iv.dimensions),
             "kernen": ALL_KERNEN if iv.kernen is None else LIST_SEPARATOR.join(iv.kernen),
             "target_group": iv.target_group, "start_date": iv.start, "end_date": iv.end,
             "annual_budget_eur": eur(iv.annual_budget), "goal": iv.goal} for iv in INTERVENTIONS]


def evaluation_rows(kernen: tuple[str, ...], pop: dict, end: pd.Period, rng: np.random.Generator) -> list[dict]:
    """Participants per quarter and a yearly (Q4) indicator per intervention and kern."""
    rows = []
    for iv in INTERVENTIONS:
        start = pd.Period(iv.start, freq="Q")
        for kern in served(iv, kernen):
            for quarter in active_quarters(iv, end):
                inhabitants = pop[quarter.year][kern][0]
                age = (quarter - start).n
                expected = (iv.reach * inhabitants / 1000 * min(1.0, 0.5 + age / 8)
                            * 1.02 ** (quarter.year - START.year)
                            * (0.85 if quarter.quarter == 3 else 1.0)
                            * (0.6 if pd.Period("2020Q2", "Q") <= quarter <= pd.Period("2021Q1", "Q") else 1.0))
                value = int(rng.poisson(expected))
                target = 5 * max(1, round(iv.reach * inhabitants / 1000 / 5)) if quarter.year >= TARGETS_FROM else None
                base = {"quarter": str(quarter), "kern": kern, "partner": iv.partner, "intervention": iv.name}
                rows.append({**base, "indicator": "deelnemers", "unit": "deelnemers", "value": value,
                             "target": target, "direction": "hoger", "is_count": "ja"})
                if quarter.quarter == 4:
                    unit, goal, direction, typical, spread = YEARLY_INDICATORS[iv.yearly_indicator]
                    measured = max(0.0, rng.normal(typical, spread))
                    rows.append({**base, "indicator": YEARLY_LABEL[iv.yearly_indicator], "unit": unit,
                                 "value": dec(measured, 1),
                                 "target": dec(goal, 1) if quarter.year >= TARGETS_FROM else None,
                                 "direction": direction, "is_count": "nee"})
    return rows


def care_use_rows(kernen: tuple[str, ...], pop: dict, treated: tuple[str, ...], break_quarter: pd.Period,
                  end: pd.Period, rng: np.random.Generator) -> list[dict]:
    """Wmo and youth-care clients with kern differences, season, trend and a break in treated kernen."""
    rows = []
    for quarter in quarters(START, end):
        t = (quarter - START).n / 4  # years since 2015Q1
        for kern in kernen:
            for provision in ("wmo", "jeugd"):
                growth = CARE_GROWTH[provision]
                trend = (1 + growth) ** t if provision == "wmo" else (1 + growth) ** min(t, 5) * 1.01 ** max(0, t - 5)
                expected = (CARE_RATE[provision] * pop[quarter.year][kern][0] / 1000
                            * CARE_KERN_FACTOR[provision][kern] * trend * CARE_SEASON[quarter.quarter - 1])
                if kern in treated and quarter >= break_quarter:
                    level, slope = CARE_BREAK[provision]
                    expected *= level * np.exp(slope * (quarter - break_quarter).n / 4)
                rows.append({"quarter": str(quarter), "kern": kern, "provision": provision,
                             "clients": int(rng.poisson(expected))})
    return rows


def positive_health_rows(kernen: tuple[str, ...], pop: dict, end: pd.Period, rng: np.random.Generator) -> list[dict]:
    """Survey means per round, kern and dimension; improvement where interventions address the dimension."""
    rows = []
    for rnd, label in SURVEY_ROUNDS.items():
        quarter = pd.Period(label, freq="Q")
        if quarter > end:
            continue
        for kern in kernen:
            respondents = int(rng.poisson(RESPONSE_RATE[rnd] * pop[quarter.year][kern][0]))
            for dim in POSITIVE_HEALTH_DIMENSIONS:
                n_iv = sum(1 for iv in INTERVENTIONS if dim in iv.dimensions and kern in served(iv, kernen)
                           and quarter in active_quarters(iv, end))
                score = (DIMENSION_BASE[dim] + KERN_OFFSET[kern] + GAIN_PER_INTERVENTION * min(n_iv, 4) * (rnd - 1)
                         + rng.normal(0, 0.06))
                rows.append({"survey_round": rnd, "quarter": label, "kern": kern, "dimension": dim,
                             "mean_score": dec(float(np.clip(score, 0, 10))), "sd": dec(rng.uniform(1.5, 2.0)),
                             "respondents": respondents - int(rng.binomial(respondents, 0.03))})
    return rows


def sroi_rows() -> tuple[list[dict], list[dict], list[dict]]:
    projects = [{"project": p, "name": name, "description": desc, "horizon_years": horizon,
                 "price_year": SROI_PRICE_YEAR, "source": SEO_NOTE} for p, name, desc, horizon in SROI_PROJECTS]
    investments = [{"project": p, "payer": payer, "year": year, "kind": kind, "amount_eur": eur(amount),
                    "amount_eur_low": None if low is None else eur(low),
                    "amount_eur_high": None if high is None else eur(high)}
                   for p, payer, kind, (first, last), amount, low, high in SROI_INVESTMENTS
                   for year in range(first, last + 1)]
    outcomes = []
    for o in SROI_OUTCOMES:
        outcomes.append({
            "project": o.project, "outcome": o.outcome, "stakeholder": o.stakeholder, "actor": o.actor,
            "quantity": dec(o.quantity[0], 0), "proxy_eur": eur(o.proxy), "proxy_price_year": KH_PRICE_YEAR,
            "proxy_source": KH.format(o.reference),
            "deadweight": dec(o.deadweight[0]), "displacement": dec(o.displacement),
            "attribution": dec(o.attribution[0]), "drop_off": dec(o.drop_off[0]), "duration_years": o.duration[0],
            "start_year": o.start_year,
            "quantity_low": dec(o.quantity[1], 0), "quantity_high": dec(o.quantity[2], 0),
            "proxy_eur_low": None, "proxy_eur_high": None,
            "deadweight_low": dec(o.deadweight[1]), "deadweight_high": dec(o.deadweight[2]),
            "displacement_low": None, "displacement_high": None,
            "attribution_low": dec(o.attribution[1]), "attribution_high": dec(o.attribution[2]),
            "drop_off_low": dec(o.drop_off[1]), "drop_off_high": dec(o.drop_off[2]),
            "duration_years_low": o.duration[1], "duration_years_high": o.duration[2],
        })
    return projects, investments, outcomes


# --------------------------------------------------------------------------- writing


def write_csv(path: Path, rows: list[dict], schema) -> None:
    """Rows sorted by the schema's key, columns in the schema's order; None is an empty cell."""
    columns, key = list(schema.columns), schema.metadata["key"]
    if set(rows[0]) != set(columns):
        raise SystemExit(f"{path.name}: columns {sorted(set(rows[0]) ^ set(columns))} differ from the data contract")
    rows = sorted(rows, key=lambda r: tuple(r[k] for k in key))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row[c] is None else row[c] for c in columns])


def check_configuration(kernen: tuple[str, ...], partners: tuple[str, ...]) -> None:
    """The facts here describe Dalfsen's five kernen and partners: refuse another configuration."""
    if set(kernen) != set(POPULATION_2024):
        raise SystemExit(f"municipality.yaml kernen {kernen} differ from the Dalfsen kernen {tuple(POPULATION_2024)}")
    unknown = {iv.partner for iv in INTERVENTIONS} - set(partners)
    if unknown:
        raise SystemExit(f"partners {sorted(unknown)} are not in municipality.yaml")


def generate(out: Path, end: pd.Period, seed: int) -> dict[str, int]:
    """Write every example CSV into ``out``; return the row count per dataset."""
    muni = load_municipality(RAW_DIR)
    check_configuration(muni.kernen, muni.partners)
    kernen = muni.kernen
    pop = population_by_year(kernen, BUDGET_FIRST_YEAR, end.year)
    budget = budget_rows(BUDGET_FIRST_YEAR, end.year)
    programme = next(iv for iv in INTERVENTIONS if iv.name == PREVENTION_PROGRAMME)
    projects, investments, outcomes = sroi_rows()
    tables = {
        "budget": budget,
        "realisation": realisation_rows(budget, end, rng_for(seed, "realisation")),
        "evaluations": evaluation_rows(kernen, pop, end, rng_for(seed, "evaluations")),
        "interventions": interventions_rows(),
        "care_use": care_use_rows(kernen, pop, served(programme, kernen), pd.Period(programme.start, freq="Q"),
                                  end, rng_for(seed, "care_use")),
        "positive_health": positive_health_rows(kernen, pop, end, rng_for(seed, "positive_health")),
        "sroi_projects": projects,
        "sroi_investments": investments,
        "sroi_outcomes": outcomes,
        "cpi": cpi_rows(),
        "population": population_rows(pop),
    }
    schemas = build_schemas(muni)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write_csv(out / f"{name}.csv", rows, schemas[name])
    return {name: len(rows) for name, rows in tables.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RAW_DIR, help="output folder (default: data/raw)")
    parser.add_argument("--end", default=END, help=f"last quarter of the quarterly series (default: {END})")
    parser.add_argument("--seed", type=int, default=SEED, help=f"random seed (default: {SEED})")
    args = parser.parse_args(argv)
    try:
        end = pd.Period(args.end, freq="Q")
    except ValueError:
        parser.error(f"--end {args.end!r}: expected a quarter such as 2026Q3")
    if end < pd.Period("2021Q1", freq="Q"):
        parser.error("--end: expected 2021Q1 or later (the series show the 2021 prevention policy)")
    counts = generate(args.out, end, args.seed)
    for name, n in counts.items():
        print(f"{args.out / (name + '.csv')}: {n} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
