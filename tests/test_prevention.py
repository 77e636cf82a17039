"""Prevention view (analyse.prevention): hand-checked worked examples, figures, shipped data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analyse import data  # noqa: E402
from analyse import prevention as pv  # noqa: E402
from analyse import prevention_plots as pp  # noqa: E402
from analyse.config import POSITIVE_HEALTH_DIMENSIONS as DIMS  # noqa: E402

STAMP = "ILLUSTRATIEVE GEGEVENS"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- small hand-made data

def interventions_frame(rows: list[dict]) -> pd.DataFrame:
    """An interventions register in the typed form data.interventions() returns."""
    defaults = {"partner": "Saam Welzijn", "policy_field": "Welzijn", "prevention_level": 1, "kernen": "alle",
                "target_group": "iedereen", "start_date": "2020-01-01", "end_date": None,
                "annual_budget_eur": np.nan, "goal": None}
    frame = pd.DataFrame([defaults | row for row in rows])
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    frame["prevention_level"] = frame["prevention_level"].astype("Int64")
    frame["policy_field"] = pd.Categorical(frame["policy_field"],
                                           categories=["Welzijn", "Gezondheid", "Sport en bewegen", "Mantelzorg", "Cultuur"])
    return frame


def population_frame(inhabitants: dict[str, int], year: int = 2025) -> pd.DataFrame:
    kernen = list(inhabitants)
    return pd.DataFrame({"year": pd.array([year] * len(kernen), dtype="Int64"),
                         "kern": pd.Categorical(kernen, categories=kernen),
                         "inhabitants": pd.array(list(inhabitants.values()), dtype="Int64")})


def health_frame(scores: dict[tuple[str, str], float], n: int | dict = 100, sd: float | None = 1.5,
                 survey_round: int = 1, quarter: str = "2025Q2") -> pd.DataFrame:
    kernen = list(dict.fromkeys(k for k, _d in scores))
    rows = [{"survey_round": survey_round, "quarter": pd.Period(quarter, freq="Q"), "kern": k, "dimension": d,
             "mean_score": s, "sd": sd, "respondents": n[(k, d)] if isinstance(n, dict) else n}
            for (k, d), s in scores.items()]
    frame = pd.DataFrame(rows)
    frame["kern"] = pd.Categorical(frame["kern"], categories=kernen)
    frame["survey_round"] = frame["survey_round"].astype("Int64")
    frame["respondents"] = frame["respondents"].astype("Int64")
    frame["sd"] = frame["sd"].astype(float)
    return frame


def care_frame(clients: dict[str, int], quarters=("2024Q3", "2024Q4", "2025Q1", "2025Q2")) -> pd.DataFrame:
    rows = [{"quarter": pd.Period(q, freq="Q"), "kern": k, "provision": "wmo", "clients": c}
            for q in quarters for k, c in clients.items()]
    frame = pd.DataFrame(rows)
    frame["clients"] = frame["clients"].astype("Int64")
    return frame


@pytest.fixture
def village():
    """Three kernen of 1,000 inhabitants. C has high need and no Zingeving offer.

    - "Breed" serves all kernen on every dimension except Zingeving, EUR 3,000 a year;
    - "Zin" serves Zingeving in A and B only, EUR 2,000 a year;
    - Positive Health (n = 100 everywhere): A and B score 7.0 on every dimension,
      C 6.0, except Zingeving 5.0;
    - care use: 50 clients a quarter in A and B, 100 in C.
    """
    interventions = interventions_frame([
        {"intervention": "Breed", "dimensions": "|".join(d for d in DIMS if d != "Zingeving"),
         "annual_budget_eur": 3000.0, "goal": "Iedereen doet mee"},
        {"intervention": "Zin", "dimensions": "Zingeving", "kernen": "A|B", "annual_budget_eur": 2000.0,
         "goal": "Iedereen doet mee"},
    ])
    scores = {(k, d): 7.0 for k in "AB" for d in DIMS} | {("C", d): (5.0 if d == "Zingeving" else 6.0) for d in DIMS}
    return {"interventions": interventions, "population": population_frame({"A": 1000, "B": 1000, "C": 1000}),
            "positive_health": health_frame(scores), "care_use": care_frame({"A": 50, "B": 50, "C": 100})}


# --------------------------------------------------------------------------- parameters

def test_params_have_documented_defaults_and_accept_overrides():
    p = pv.white_spot_params()
    assert p["min_respondents"] == 30 and p["allocation"] == "population" and p["max_interventions"] == 0
    assert sum(p["weights"].values()) == pytest.approx(1.0)
    assert pv.white_spot_params(min_respondents=50)["min_respondents"] == 50
    with pytest.raises(ValueError, match="unknown parameter"):
        pv.white_spot_params(minimum=50)
    with pytest.raises(ValueError, match="allocation"):
        pv.white_spot_params(allocation="by_need")
    with pytest.raises(ValueError, match="weights"):
        pv.white_spot_params(weights={"score_gap": 1.0})


# --------------------------------------------------------------------------- 1. pyramid and phases

def test_pyramid_and_phase_split_sum_by_hand():
    interventions = interventions_frame([
        {"intervention": "P1", "prevention_level": 1, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 100.0},
        {"intervention": "P2", "prevention_level": 2, "policy_field": "Cultuur", "dimensions": "Meedoen",
         "annual_budget_eur": 50.0},
        {"intervention": "P3", "prevention_level": 3, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 30.0},
        {"intervention": "P4", "prevention_level": 4, "policy_field": "Gezondheid", "dimensions": "Meedoen"},
        {"intervention": "Oud", "prevention_level": 3, "policy_field": "Welzijn", "dimensions": "Meedoen",
         "annual_budget_eur": 999.0, "end_date": "2021-12-31"},
    ])
    budget = pd.DataFrame({"year": pd.array([2025, 2025, 2025, 2024], dtype="Int64"),
                           "policy_field": ["Welzijn", "Welzijn", "Cultuur", "Welzijn"],
                           "prevention_level": pd.array([1, 2, None, 1], dtype="Int64"),
                           "amount_eur": [1000.0, 200.0, 999.0, 5.0]})
    table = pv.pyramid(interventions, budget, as_of="2025-06-30")
    assert len(table) == 4 * 5  # every level x policy field pair
    phases = pv.phase_split(table).set_index("phase")
    # Phase 1 = P1 + P2: 2 interventions, 100 + 50 = 150; budget 2025 levels 1-2: 1000 + 200 = 1200
    # (the 999 line has no level, the 5 is 2024). Phase 2 = P3 + P4 (no budget = 0); "Oud" ended in 2021.
    assert phases.loc[1, ["interventions", "intervention_budget_eur", "budget_eur"]].tolist() == [2, 150.0, 1200.0]
    assert phases.loc[2, ["interventions", "intervention_budget_eur", "budget_eur"]].tolist() == [2, 30.0, 0.0]
    assert phases["share_intervention_budget_eur"].tolist() == pytest.approx([150 / 180, 30 / 180])
    for column in ("interventions", "intervention_budget_eur", "budget_eur"):
        assert phases[column].sum() == table[column].sum()
    assert phases.loc[1, "phase_label"] == "Fase 1 (niveau 1-2)"


# --------------------------------------------------------------------------- 2. Positive Health

def test_municipal_average_is_respondent_weighted():
    ph = health_frame({("A", "Zingeving"): 6.0, ("B", "Zingeving"): 8.0}, n={("A", "Zingeving"): 10, ("B", "Zingeving"): 30})
    # (6.0 x 10 + 8.0 x 30) / (10 + 30) = (60 + 240) / 40 = 7.5 (an unweighted mean would be 7.0)
    average = pv.municipal_average(ph)
    assert average["mean_score"].iloc[0] == pytest.approx(7.5) and average["respondents"].iloc[0] == 40
    profile = pv.health_profile(ph).set_index("kern")
    assert profile.loc["A", "difference"] == pytest.approx(-1.5)


@pytest.mark.parametrize("minimum", [30, 50])
@pytest.mark.parametrize("offset, small", [(-1, True), (0, False), (1, False)])
def test_small_sample_boundary(minimum, offset, small):
    """n = min - 1 is a small sample; n = min and n = min + 1 are not."""
    n = minimum + offset
    assert bool(pv.small_sample(n, minimum)) is small
    ph = health_frame({("A", "Zingeving"): 7.0}, n=n)
    assert bool(pv.health_profile(ph, min_respondents=minimum)["small_sample"].iloc[0]) is small


def test_welch_interval_by_hand():
    # Means 6.5 (sd 1.5, n 100) and 7.0 (sd 1.6, n 120):
    #   v1 = 1.5^2 / 100 = 0.0225;  v2 = 1.6^2 / 120 = 2.56 / 120 = 0.021333
    #   se = sqrt(0.0225 + 0.021333) = sqrt(0.043833) = 0.20936
    #   df = 0.043833^2 / (0.0225^2 / 99 + 0.021333^2 / 119)
    #      = 0.0019214 / (0.0000051136 + 0.0000038245) = 0.0019214 / 0.0000089381 = 214.96
    #   t(0.975; 215) = 1.9711 (table: 1.9719 at df 200, 1.9695 at df 250)
    #   half-width = 1.9711 x 0.20936 = 0.4127  ->  interval 0.5 +- 0.4127 = (0.0873, 0.9127)
    diff, low, high, df = pv.welch_interval(6.5, 1.5, 100, 7.0, 1.6, 120)
    assert diff == pytest.approx(0.5)
    assert df == pytest.approx(214.96, abs=0.01)
    assert low == pytest.approx(0.0873, abs=0.0005) and high == pytest.approx(0.9127, abs=0.0005)


def test_round_change_interval_and_plain_statement_without_sd():
    first = health_frame({("A", "Zingeving"): 6.5, ("B", "Zingeving"): 7.0}, sd=None, survey_round=1, quarter="2023Q2",
                         n={("A", "Zingeving"): 100, ("B", "Zingeving"): 40})
    first.loc[first["kern"] == "A", "sd"] = 1.5
    second = health_frame({("A", "Zingeving"): 7.0, ("B", "Zingeving"): 7.2}, sd=1.6, survey_round=2, quarter="2025Q2",
                          n={("A", "Zingeving"): 120, ("B", "Zingeving"): 20})
    change = pv.round_change(pd.concat([first, second], ignore_index=True)).set_index("kern")
    # A: the worked example of test_welch_interval_by_hand, (0.0873, 0.9127): an improvement.
    assert change.loc["A", "ci_low"] == pytest.approx(0.0873, abs=0.0005)
    assert "aantoonbare verbetering" in change.loc["A", "statement"] and not change.loc["A", "small_sample"]
    # B: no sd in round 1, so no interval, said in words; 20 respondents is a small sample.
    assert np.isnan(change.loc["B", "ci_low"]) and change.loc["B", "difference"] == pytest.approx(0.2)
    assert "Geen betrouwbaarheidsinterval" in change.loc["B", "statement"] and change.loc["B", "small_sample"]
    assert "kleine steekproef" in change.loc["B", "statement"]
    ax = pp.plot_round_change(change.reset_index()).axes[0]
    # two rows: A with an interval (a filled dot), B without (an open, white-filled dot)
    dots = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    assert len(dots) == 2 and to_hex(dots[1].get_facecolor()[0]) == "#ffffff"


# --------------------------------------------------------------------------- 3. coverage

@pytest.mark.parametrize("allocation, per_inhabitant_a, per_inhabitant_b", [
    # "alle", EUR 4,000, kernen of 1,000 and 3,000 inhabitants:
    # population: A gets 4,000 x 1/4 = 1,000 -> 1.00 per inhabitant; B 3,000 -> 1.00
    ("population", 1.00, 1.00),
    # equal: each kern 2,000 -> A 2,000 / 1,000 = 2.00; B 2,000 / 3,000 = 0.667
    ("equal", 2.00, 2000 / 3000),
])
def test_coverage_allocation_rule_by_hand(allocation, per_inhabitant_a, per_inhabitant_b):
    interventions = interventions_frame([
        {"intervention": "X", "dimensions": "Zingeving|Meedoen", "annual_budget_eur": 4000.0},
        {"intervention": "Y", "dimensions": "Meedoen", "kernen": "B", "annual_budget_eur": 600.0},
    ])
    cover = pv.coverage(interventions, population_frame({"A": 1000, "B": 3000}), allocation=allocation)
    cells = cover.set_index(["kern", "dimension"])
    assert len(cover) == 2 * 6 and cover.attrs["allocation"] == allocation
    # X counts in full in each of its two dimensions.
    assert cells.loc[("A", "Zingeving"), "budget_per_inhabitant"] == pytest.approx(per_inhabitant_a)
    assert cells.loc[("A", "Meedoen"), "budget_per_inhabitant"] == pytest.approx(per_inhabitant_a)
    assert cells.loc[("B", "Zingeving"), "budget_per_inhabitant"] == pytest.approx(per_inhabitant_b)
    # B x Meedoen: X's share plus all of Y (600 / 3,000 = 0.20 per inhabitant), two interventions.
    assert cells.loc[("B", "Meedoen"), "budget_per_inhabitant"] == pytest.approx(per_inhabitant_b + 0.2)
    assert cells.loc[("B", "Meedoen"), "interventions"] == 2
    assert cells.loc[("A", "Lichaamsfuncties"), ["interventions", "budget_eur"]].tolist() == [0, 0.0]
    assert list(pv.coverage_matrix(cover).columns) == list(DIMS)


# --------------------------------------------------------------------------- 4. white spots

def test_high_need_without_interventions_is_the_first_white_spot(village):
    spots = pv.white_spots(**village)
    top = spots.iloc[0]
    assert (top["kern"], top["dimension"], top["rank"], bool(top["flagged"])) == ("C", "Zingeving", 1, True)
    # Worked example, 18 cells (3 kernen x 6 dimensions), default weights 0.30/0.20/0.25/0.25:
    # - score gap: municipal Zingeving mean (7 + 7 + 5) / 3 = 6.333, C is 1.333 below: uniquely worst -> 1
    # - care: C 100 / 1,000 x 1,000 = 100 per 1,000 against 200 / 3,000 x 1,000 = 66.7: ratio 1.5; all six
    #   C cells share ranks 13-18, mean 15.5 -> (15.5 - 1) / (18 - 1) = 0.8529
    # - interventions: 0, the only cell without one -> 1;  budget: EUR 0 per inhabitant -> 1
    # score = 0.30 x 1 + 0.20 x 0.8529 + 0.25 x 1 + 0.25 x 1 = 0.9706
    # need = (0.30 x 1 + 0.20 x 0.8529) / 0.50 = 0.9412;  supply = 1 - 1 = 0
    assert top["score"] == pytest.approx(0.9706, abs=1e-4)
    assert top["need"] == pytest.approx(0.9412, abs=1e-4) and top["supply"] == pytest.approx(0.0)
    assert top["care_ratio"] == pytest.approx(1.5) and top["score_below"] == pytest.approx(4 / 3)
    assert top["why"].startswith("Witte vlek in C, Zingeving.") and "geen interventie" in top["why"]
    assert spots["flagged"].sum() == 1


def test_a_dimension_served_everywhere_is_never_a_white_spot(village):
    for allocation in pv.ALLOCATIONS:
        spots = pv.white_spots(**village, params={"allocation": allocation})
        served = spots[spots["dimension"] != "Zingeving"]
        assert not served["flagged"].any()
        # C x Meedoen has high need (score 6.0 against 6.67, care 1.5x) but is served: said so.
        meedoen_c = spots[(spots["kern"] == "C") & (spots["dimension"] == "Meedoen")].iloc[0]
        assert bool(meedoen_c["low_score"]) and bool(meedoen_c["high_care"])
        assert meedoen_c["why"].startswith("Geen witte vlek: in C is er aanbod voor Meedoen")


def test_white_spot_thresholds_are_parameters(village):
    # A budget ratio threshold above 1.5 makes A and B's Zingeving (ratio 1.5) "low budget",
    # but they have no need signal (score above the mean, care 0.75x): still not flagged.
    spots = pv.white_spots(**village, params={"budget_ratio_max": 2.0})
    assert spots.loc[spots["kern"].isin(["A", "B"]), "flagged"].sum() == 0
    # With care weighing nothing the top cell scores 0.30 + 0.25 + 0.25 over 0.80 = 1.
    spots = pv.white_spots(**village, params={"weights": {"score_gap": 0.3, "care_rate": 0.0,
                                                         "interventions": 0.25, "budget": 0.25}})
    assert spots.iloc[0]["score"] == pytest.approx(1.0)
    # Counting one intervention as "few" flags every C cell (all have need; each has 1 or 0 interventions).
    spots = pv.white_spots(**village, params={"max_interventions": 1})
    assert set(spots.loc[spots["flagged"], "kern"]) == {"C"} and spots["flagged"].sum() == 6
    meedoen_c = spots[(spots["kern"] == "C") & (spots["dimension"] == "Meedoen")].iloc[0]
    assert "er is maar 1 interventie gericht op Meedoen" in meedoen_c["why"]


# --------------------------------------------------------------------------- 5. goal-effort network

def test_network_lists_the_orphans_of_a_hand_made_example():
    interventions = interventions_frame([
        {"intervention": "X", "dimensions": "Meedoen", "goal": "G1"},
        {"intervention": "Y", "dimensions": "Meedoen", "goal": "G1"},
        {"intervention": "Z", "dimensions": "Meedoen", "goal": None},
    ])
    evaluations = pd.DataFrame({"intervention": ["X", "X", "X", "Z"],
                                "indicator": ["deelnemers", "tevredenheid", "deelnemers", "bereik"]})
    graph = pv.goal_effort_network(interventions, evaluations, policy_goals=["G1", "G2"])
    # nodes: G1, G2, X, Y, Z, X-deelnemers, X-tevredenheid, Z-bereik = 8
    # edges: G1->X, G1->Y, X->deelnemers, X->tevredenheid, Z->bereik = 5
    assert graph.number_of_nodes() == 8 and graph.number_of_edges() == 5
    assert pv.orphans(graph) == {"goals_without_interventions": ["G2"], "interventions_without_indicators": ["Y"],
                                 "interventions_without_goal": ["Z"]}
    pos = pp.network_positions(graph)
    layer = {"doel": 0.0, "interventie": 1.0, "indicator": 2.0}
    assert all(pos[node][0] == layer[kind] for node, kind in graph.nodes(data="kind"))
    fig = pp.plot_network(graph, illustrative=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"Doelen", "Interventies", "Indicatoren", "G2", "tevredenheid"} <= set(texts)


# --------------------------------------------------------------------------- 6. figures

def test_radar_has_six_labelled_axes_in_fixed_order(village):
    profile = pv.health_profile(village["positive_health"], min_respondents=101)
    fig = pp.plot_radar(profile, "C", illustrative=True)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(labels) == 6 and [label.split("\n")[0] for label in labels] == list(DIMS)
    assert all("(n = 100 *)" in label for label in labels)  # 100 < 101: small sample marked
    texts = [t.get_text() for t in fig.texts]
    assert STAMP in texts and any("kleine steekproef" in t for t in texts)
    assert ax.get_ylim() == (0.0, 10.0)


def test_every_figure_has_a_dutch_title_and_the_illustrative_stamp(village):
    cover = pv.coverage(village["interventions"], village["population"])
    table = pv.pyramid(village["interventions"])
    ph = village["positive_health"]
    both = pd.concat([ph, ph.assign(survey_round=pd.array([2] * len(ph), dtype="Int64"),
                                    quarter=pd.Period("2025Q3", freq="Q"))], ignore_index=True)
    figures = [pp.plot_pyramid(table, "interventions", illustrative=True),
               pp.plot_policy_fields(table, illustrative=True),
               pp.plot_round_change(pv.round_change(both), illustrative=True),
               pp.plot_coverage(cover, illustrative=True),
               pp.plot_white_spots(pv.white_spots(**village), illustrative=True)]
    titles = ["Preventiepiramide", "per beleidsveld", "Verandering Positieve Gezondheid", "Aanbod per kern",
              "Witte vlekken"]
    for fig, title in zip(figures, titles):
        assert title in fig.axes[0].get_title(loc="left")
        assert STAMP in [t.get_text() for t in fig.texts]
    assert STAMP not in [t.get_text() for t in pp.plot_coverage(cover).texts]


# --------------------------------------------------------------------------- shipped data

def test_every_function_on_the_shipped_data(raw_copy, tmp_path):
    kw = {"data_dir": raw_copy, "processed_dir": tmp_path / "p"}
    interventions, budget, ph = data.interventions(**kw), data.budget(**kw), data.positive_health(**kw)
    care_use, population, evaluations = data.care_use(**kw), data.population(**kw), data.evaluations(**kw)
    illustrative = data.is_illustrative("interventions", kw["processed_dir"])
    as_of = "2025-06-30"

    table = pv.pyramid(interventions, budget, as_of=as_of)
    phases = pv.phase_split(table)
    assert phases["intervention_budget_eur"].sum() == table["intervention_budget_eur"].sum()
    profile = pv.health_profile(ph)
    assert profile["small_sample"].any() and not profile["small_sample"].all()
    change = pv.round_change(ph, from_round=1)
    assert change["ci_low"].notna().all() and change["statement"].str.len().gt(0).all()
    cover = pv.coverage(interventions, population, as_of=as_of)
    assert cover.loc[cover["dimension"] == "Zingeving"].set_index("kern").loc[["Hoonhorst", "Oudleusen"],
                                                                              "interventions"].eq(0).all()

    spots = pv.white_spots(ph, care_use, interventions, population)
    top = spots.head(3)
    for kern in ("Hoonhorst", "Oudleusen"):
        cell = top[(top["kern"] == kern) & (top["dimension"] == "Zingeving")]
        assert len(cell) == 1 and bool(cell["flagged"].iloc[0]), f"Zingeving in {kern} not among the top 3"
    assert not spots.loc[spots["dimension"] == "Meedoen", "flagged"].any()

    graph = pv.goal_effort_network(interventions, evaluations, policy_goals=["Gezonde leefomgeving"], as_of=as_of)
    assert pv.orphans(graph)["goals_without_interventions"] == ["Gezonde leefomgeving"]

    for fig in (pp.plot_pyramid(table, illustrative=illustrative), pp.plot_policy_fields(table, illustrative=illustrative),
                pp.plot_radar(profile, "Hoonhorst", illustrative=illustrative),
                pp.plot_round_change(change, illustrative=illustrative),
                pp.plot_coverage(cover, illustrative=illustrative), pp.plot_white_spots(spots, illustrative=illustrative),
                pp.plot_network(graph, illustrative=illustrative)):
        assert STAMP in [t.get_text() for t in fig.texts]
