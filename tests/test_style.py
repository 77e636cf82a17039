"""House style (analyse.publish.style) and the notebook facade analyse.style: figure labelling,
and the Dutch number formats it re-exports. Report tables: tests/test_tables.py."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from analyse import style  # noqa: E402


@pytest.mark.parametrize(
    "value, decimals, expected",
    [(1_200_000, 0, "1.200.000"), (1_200_000.5, 2, "1.200.000,50"), (2.97, 2, "2,97"), (-0.001, 2, "0,00"),
     (999.5, 0, "1.000"), (None, 0, "–"), (math.nan, 0, "–"), (-1234.5, 1, "-1.234,5")],
)
def test_format_number(value, decimals, expected):
    assert style.format_number(value, decimals) == expected


def test_format_eur_and_pct():
    assert style.format_eur(1_200_000) == "€ 1.200.000"
    assert style.format_eur(-5000) == "-€ 5.000"
    assert style.format_eur(30.87, 2) == "€ 30,87"
    assert style.format_pct(0.1) == "10%"
    assert style.format_pct(0.0225, 2) == "2,25%"
    assert style.format_ratio(2.97) == "2,97"


def test_figure_has_title_labels_source_and_illustrative_stamp():
    fig, ax = style.new_figure("Zorggebruik", "Kwartaal", "Cliënten", source="CBS", illustrative=True)
    style.eur_axis(ax)
    texts = [t.get_text() for t in fig.texts]
    assert ax.get_title(loc="left") == "Zorggebruik" and ax.get_xlabel() == "Kwartaal" and ax.get_ylabel() == "Cliënten"
    assert "Bron: CBS" in texts and "ILLUSTRATIEVE GEGEVENS" in texts
    assert ax.yaxis.get_major_formatter()(1500, 0) == "€ 1.500"


def test_md_shows_input_text_as_text():
    # HTML and Markdown syntax from input files is neutralised: no tags, links or emphasis.
    assert style.md("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert style.md("[klik](javascript:x)") == "\\[klik\\]\\(javascript:x\\)"
    assert style.md("Saam Welzijn") == "Saam Welzijn"
    assert style.md(None) == "–"
