"""Figures of the prevention view (analyse.publish.plots.prevention), on hand-made and shipped data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection, QuadMesh  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from prevention_frames import village  # noqa: E402
from test_health import two_rounds  # noqa: E402
from test_network import hand_made_graph  # noqa: E402

from analyse import data  # noqa: E402
from analyse import prevention as pv  # noqa: E402
from analyse import prevention_plots as pp  # noqa: E402
from analyse.config import POSITIVE_HEALTH_DIMENSIONS as DIMS  # noqa: E402

STAMP = "ILLUSTRATIEVE GEGEVENS"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_radar_has_six_labelled_axes_in_fixed_order():
    profile = pv.health_profile(village()["positive_health"], min_respondents=101)
    fig = pp.plot_radar(profile, "C", illustrative=True)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(labels) == 6 and [label.split("\n")[0] for label in labels] == list(DIMS)
    assert all("(n = 100 *)" in label for label in labels)  # 100 < 101: small sample marked
    texts = [t.get_text() for t in fig.texts]
    assert STAMP in texts and any("minder dan 101 respondenten: kleine steekproef" in t for t in texts)
    assert ax.get_ylim() == (0.0, 10.0)


def test_round_change_dots_open_without_interval():
    ax = pp.plot_round_change(pv.round_change(two_rounds())).axes[0]
    # two rows: A with an interval (a filled dot), B without (an open, white-filled dot)
    dots = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    assert len(dots) == 2 and to_hex(dots[1].get_facecolor()[0]) == "#ffffff"


def test_heatmaps_are_seaborn_grids_with_a_value_per_cell():
    v = village()
    cover = pv.coverage(v["interventions"], v["population"])
    ax = pp.plot_coverage(cover, "interventions").axes[0]
    assert any(isinstance(c, QuadMesh) for c in ax.collections)  # seaborn.heatmap draws a QuadMesh
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert len([t for t in ax.texts if t.get_text()]) == 3 * 6


def _cell_texts(ax) -> dict[tuple[int, int], str]:
    """The text in each cell (row, column) of a heatmap: cell (i, j) is centred at x j + 0.5, y i + 0.5."""
    return {(int(t.get_position()[1]), int(t.get_position()[0])): t.get_text() for t in ax.texts}


def test_white_spot_figure_says_the_verdict_of_the_text():
    v = village()
    spots = pv.explain_white_spots(pv.white_spots(**v))
    fig = pp.plot_white_spots(spots)
    ax = fig.axes[0]
    assert len(fig.axes) == 1  # no colour bar: the ranking score is not shown
    cells = _cell_texts(ax)
    # one white spot, C x Zingeving: row 2, column 2 (Zingeving is the third dimension); C has no Zingeving offer.
    assert cells.pop((2, 2)) == "witte vlek\ngeen aanbod"
    assert set(cells.values()) == {"geen witte\nvlek"} and len(cells) == 17
    # the cell colours are the verdict colours, row by row (seaborn draws row 0 at the top)
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    fig.canvas.draw()
    colours = [to_hex(c) for c in mesh.get_facecolors()]
    assert colours[2 * 6 + 2] == pp.VERDICT_COLORS["witte vlek"].lower()
    assert colours.count(pp.VERDICT_COLORS["geen witte vlek"].lower()) == 17
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["witte vlek: hoge vraag én laag aanbod (1×)",
                      "geen witte vlek: genoeg respondenten, maar geen hoge vraag of geen laag aanbod (17×)",
                      "onvoldoende gegevens: te weinig respondenten, geen oordeel (ook geen 'geen witte vlek') (0×)",
                      "geen aanbod: geen lopende interventie voor deze dimensie in de kern"]
    assert not any("rangnummer" in t or "score" in t.lower() for t in legend + [ax.get_xlabel()])

    # 101 respondents needed, 100 given: every cell "onvoldoende gegevens", none a white spot.
    unknown = pp.plot_white_spots(pv.white_spots(**v, params={"min_respondents": 101})).axes[0]
    cells = _cell_texts(unknown)
    assert cells.pop((2, 2)) == "onvoldoende\ngegevens\ngeen aanbod"
    assert set(cells.values()) == {"onvoldoende\ngegevens"}
    assert unknown.get_legend().get_texts()[0].get_text().endswith("(0×)")


def test_network_drawing_in_three_layers():
    graph = hand_made_graph()
    pos = pp.network_positions(graph)
    layer = {"doel": 0.0, "interventie": 1.0, "indicator": 2.0}
    assert all(pos[node][0] == layer[kind] for node, kind in graph.nodes(data="kind"))
    fig = pp.plot_network(graph, illustrative=True)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"Doelen", "Interventies", "Indicatoren", "G2", "tevredenheid"} <= set(texts)


def test_every_figure_has_a_dutch_title_and_the_illustrative_stamp():
    v = village()
    cover = pv.coverage(v["interventions"], v["population"])
    table = pv.pyramid(v["interventions"])
    ph = v["positive_health"]
    both = pd.concat([ph, ph.assign(survey_round=pd.array([2] * len(ph), dtype="Int64"),
                                    quarter=pd.Period("2025Q3", freq="Q"))], ignore_index=True)
    figures = [pp.plot_pyramid(table, "interventions", illustrative=True),
               pp.plot_policy_fields(table, illustrative=True),
               pp.plot_round_change(pv.round_change(both), illustrative=True),
               pp.plot_coverage(cover, illustrative=True),
               pp.plot_white_spots(pv.white_spots(**v), illustrative=True)]
    titles = ["Preventiepiramide", "per beleidsveld", "Verandering Positieve Gezondheid", "Aanbod per kern",
              "Witte vlekken"]
    for fig, title in zip(figures, titles):
        assert isinstance(fig, Figure)
        assert title in fig.axes[0].get_title(loc="left")
        assert STAMP in [t.get_text() for t in fig.texts]
    assert STAMP not in [t.get_text() for t in pp.plot_coverage(cover).texts]


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
    change = pv.explain_round_change(pv.round_change(ph, from_round=1))
    assert change["ci_low"].notna().all() and change["statement"].str.len().gt(0).all()
    cover = pv.coverage(interventions, population, as_of=as_of)
    assert cover.loc[cover["dimension"] == "Zingeving"].set_index("kern").loc[["Hoonhorst", "Oudleusen"],
                                                                              "interventions"].eq(0).all()

    spots = pv.white_spots(ph, care_use, interventions, population)
    # Hoonhorst and Oudleusen have fewer respondents than the minimum on every dimension: they
    # are "onvoldoende gegevens", never white spots (before issue 11 all five white spots were there).
    small = spots["kern"].isin(["Hoonhorst", "Oudleusen"])
    assert not spots.loc[small, "enough_data"].any() and not spots.loc[small, "flagged"].any()
    assert spots.loc[~small, "enough_data"].all()
    assert not spots.loc[spots["dimension"] == "Meedoen", "flagged"].any()
    spots_figure = pp.plot_white_spots(spots, illustrative=illustrative)
    # The figure says the verdict of the text in every cell (the review of issue 11 found a dark red score
    # for Lemelerveld next to "Geen witte vlekken").
    verdicts = pv.explain_white_spots(spots).set_index(["kern", "dimension"])["verdict"]
    cells = _cell_texts(spots_figure.axes[0])
    kernen, dims = pv.coverage_matrix(spots, "flagged").index, pv.coverage_matrix(spots, "flagged").columns
    for (i, j), text in cells.items():
        assert text.split("\ngeen aanbod")[0] == pp.VERDICT_LABELS[verdicts[(kernen[i], dims[j])]]
    assert sum(t.startswith("onvoldoende\ngegevens") for t in cells.values()) == int(small.sum())
    # Zingeving in Hoonhorst and Oudleusen: no intervention, said in the cell.
    assert sorted(k for (i, j), t in cells.items() if t.endswith("geen aanbod") for k in [kernen[i]]) == \
        ["Hoonhorst", "Oudleusen"]

    graph = pv.goal_effort_network(interventions, evaluations, policy_goals=["Gezonde leefomgeving"], as_of=as_of)
    assert pv.orphans(graph)["goals_without_interventions"] == ["Gezonde leefomgeving"]

    for fig in (pp.plot_pyramid(table, illustrative=illustrative),
                pp.plot_policy_fields(table, illustrative=illustrative),
                pp.plot_radar(profile, "Hoonhorst", illustrative=illustrative),
                pp.plot_round_change(change, illustrative=illustrative),
                pp.plot_coverage(cover, illustrative=illustrative),
                pp.plot_white_spots(spots, illustrative=illustrative),
                pp.plot_network(graph, illustrative=illustrative)):
        assert STAMP in [t.get_text() for t in fig.texts]
