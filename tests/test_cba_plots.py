"""Plots of the cost-benefit engine (analyse.publish.plots.cba): Dutch, house style, a Figure."""

from __future__ import annotations

import matplotlib
from cba_examples import ACTORS, pockets_example, ranged_example
from matplotlib.figure import Figure

from analyse import cba

matplotlib.use("Agg")


def test_wrong_pocket_plot_is_dutch_and_labels_illustrative_data():
    table = cba.wrong_pocket(pockets_example(), ACTORS)
    fig = cba.plot_wrong_pocket(table, price_year=2022, illustrative=True)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Wie betaalt, wie profiteert?"
    assert "prijsjaar 2022" in ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(table["label"])
    assert "ILLUSTRATIEVE GEGEVENS" in [t.get_text() for t in fig.texts]
    plain = cba.plot_wrong_pocket(table)
    assert "ILLUSTRATIEVE GEGEVENS" not in [t.get_text() for t in plain.texts]


def test_tornado_plot():
    fig = cba.plot_tornado(cba.one_way(ranged_example()), illustrative=True)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Gevoeligheid van de netto contante waarde")
    assert len(ax.get_yticklabels()) == 4
    assert "ILLUSTRATIEVE GEGEVENS" in [t.get_text() for t in fig.texts]
