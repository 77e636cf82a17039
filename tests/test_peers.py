"""Peer groups and positions (analyse.methods.peers)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analyse.methods.peers import PEER_GROUPS, peer_group_labels, peer_groups, position, position_words, positions


def _classes() -> pd.DataFrame:
    rows = [  # municipality, province, size class, urbanity, social structure
        ("A", "Overijssel", "20.000 tot 50.000 inwoners", "weinig stedelijk", "goed"),
        ("B", "Overijssel", "20.000 tot 50.000 inwoners", "weinig stedelijk", "zwak"),
        ("C", "Drenthe", "20.000 tot 50.000 inwoners", "weinig stedelijk", "goed"),
        ("D", "Overijssel", "20.000 tot 50.000 inwoners", "niet stedelijk", "goed"),
        ("E", "Drenthe", "5.000 tot 10.000 inwoners", "weinig stedelijk", "matig"),
    ]
    frame = pd.DataFrame(rows, columns=["municipality", "province", "size_class", "urbanity", "social_structure"])
    return frame.assign(year=2024)


def test_peer_groups_exclude_the_municipality_itself():
    groups = peer_groups(_classes(), "A", 2024)
    assert list(groups) == list(PEER_GROUPS)
    assert groups["grootte_stedelijkheid"] == ["B", "C"]  # D differs in urbanity, E in size
    assert groups["provincie"] == ["B", "D"]
    assert groups["sociale_structuur"] == ["C", "D"]
    assert groups["nederland"] == ["B", "C", "D", "E"]
    assert all("A" not in members for members in groups.values())


def test_peer_group_labels_name_the_class():
    labels = peer_group_labels(_classes(), "A", 2024)
    assert labels["provincie"] == "Zelfde provincie (Overijssel)"
    assert "20.000 tot 50.000 inwoners, weinig stedelijk" in labels["grootte_stedelijkheid"]


@pytest.mark.parametrize("name, year", [("Onbekend", 2024), ("A", 2030)])
def test_unknown_municipality_or_year_is_refused(name, year):
    with pytest.raises(ValueError, match="no (municipality classes|classes)|has no classes"):
        peer_groups(_classes(), name, year)


def test_position_counts_ties_half_and_skips_missing_peers():
    values = pd.Series({"X": 3.0, "A": 1.0, "B": 2.0, "C": 3.0, "D": 3.0, "E": float("nan")})
    pos = position(values, "X", ["A", "B", "C", "D", "E", "F"])  # E missing, F absent: not counted
    # 4 peers with a value: 2 lower (1, 2), 2 equal (3, 3): percentile = (2 + 2/2) / 4 x 100 = 75.
    assert (pos.n_peers, pos.n_lower, pos.n_equal, pos.n_higher) == (4, 2, 2, 0)
    assert pos.percentile == pytest.approx(75.0)
    assert pos.median == pytest.approx(2.5)  # median of 1, 2, 3, 3
    assert pos.words == "hoger dan 2 van de 4 vergelijkbare gemeenten"


def test_position_drops_the_municipality_from_its_own_peers():
    values = pd.Series({"X": 10.0, "A": 5.0})
    pos = position(values, "X", ["X", "A"])
    assert pos.n_peers == 1 and pos.percentile == 100.0
    assert pos.words == "hoger dan alle 1 vergelijkbare gemeenten"


def test_missing_own_value_gives_no_position():
    pos = position(pd.Series({"A": 1.0, "B": 2.0}), "X", ["A", "B"])
    assert math.isnan(pos.percentile) and pos.words == "geen gegevens" and pos.n_peers == 2


@pytest.mark.parametrize("n_lower, n_equal, n_peers, expected", [
    (80, 0, 100, "hoger dan 8 van de 10 vergelijkbare gemeenten"),   # 80% lower
    (89, 0, 100, "hoger dan 8 van de 10 vergelijkbare gemeenten"),   # 89%: rounded down, the claim holds
    (97, 0, 100, "hoger dan 9 van de 10 vergelijkbare gemeenten"),
    (100, 0, 100, "hoger dan alle 100 vergelijkbare gemeenten"),
    (0, 0, 100, "lager dan alle 100 vergelijkbare gemeenten"),
    (30, 0, 100, "lager dan 7 van de 10 vergelijkbare gemeenten"),  # 70% higher
    (50, 0, 100, "rond het midden van de 100 vergelijkbare gemeenten"),  # percentile 50
    # Review 16 (zorggebruik jeugdhulp): 43 of 72 lower = 59.72% -> percentile 60 -> the words say 6, not 5.
    (43, 0, 72, "hoger dan 6 van de 10 vergelijkbare gemeenten"),
    # Boundaries of the one rounding rule: 595/1000 = 59.5 -> 60 (halves up); 594/1000 = 59.4 -> 59.
    (595, 0, 1000, "hoger dan 6 van de 10 vergelijkbare gemeenten"),
    (594, 0, 1000, "hoger dan 5 van de 10 vergelijkbare gemeenten"),
    (405, 0, 1000, "lager dan 5 van de 10 vergelijkbare gemeenten"),  # 40.5 -> 41: 59 higher
    (404, 0, 1000, "lager dan 6 van de 10 vergelijkbare gemeenten"),  # 40.4 -> 40: 60 higher
    (495, 0, 1000, "rond het midden van de 1000 vergelijkbare gemeenten"),  # 49.5 -> 50
    (1, 2, 4, "hoger dan 1 van de 4 vergelijkbare gemeenten"),      # fewer than 10 peers: counts
    (1, 0, 5, "lager dan 4 van de 5 vergelijkbare gemeenten"),
    (0, 5, 5, "gelijk aan alle 5 vergelijkbare gemeenten"),
    (0, 0, 0, "geen vergelijkbare gemeenten met gegevens"),
])
def test_position_words(n_lower, n_equal, n_peers, expected):
    assert position_words(n_lower, n_equal, n_peers) == expected


def test_positions_gives_one_row_per_group():
    values = pd.Series({"A": 4.0, "B": 1.0, "C": 2.0, "D": 8.0, "E": 3.0})
    table = positions(values, "A", peer_groups(_classes(), "A", 2024))
    assert list(table.index) == list(PEER_GROUPS)
    assert table.loc["nederland", "n_lower"] == 3 and table.loc["provincie", "median"] == pytest.approx(4.5)


def test_position_table_agrees_with_position():
    from analyse.methods.peers import position_table

    wide = pd.DataFrame({"g1": [3.0, 1.0, 2.0, 3.0, float("nan")], "g2": [float("nan"), 1.0, 2.0, 2.0, 5.0],
                         "g3": [0.0, 0.0, 0.0, 0.0, 0.0]}, index=["X", "A", "B", "C", "D"])
    table = position_table(wide, "X", ["A", "B", "C", "D", "X"])
    for column in wide:
        single = position(wide[column], "X", ["A", "B", "C", "D"])
        row = table.loc[column]
        assert (row["n_peers"], row["n_lower"], row["n_equal"], row["words"]) == (
            single.n_peers, single.n_lower, single.n_equal, single.words), column
        assert (math.isnan(row["percentile"]) and math.isnan(single.percentile)) or \
            row["percentile"] == pytest.approx(single.percentile)
    assert table.loc["g3", "words"] == "gelijk aan alle 4 vergelijkbare gemeenten"


@pytest.mark.parametrize("raw, whole", [(59.72, 60.0), (59.5, 60.0), (59.49, 59.0), (62.5, 63.0), (100.0, 100.0),
                                        (0.4, 0.0)])
def test_whole_percentile_rounds_halves_up(raw, whole):
    from analyse.methods.peers import whole_percentile

    assert whole_percentile(raw) == whole


def test_position_gives_the_whole_percentile_the_words_use():
    # 2 of 3 peers lower: 66.67 -> 67 (whole number, as shown in every report).
    pos = position(pd.Series({"X": 5.0, "A": 1.0, "B": 2.0, "C": 9.0}), "X", ["A", "B", "C"])
    assert pos.percentile == 67.0


def test_size_fallback_boundary_and_honest_nouns():
    """D is the only 'niet stedelijk' municipality of 20,000-50,000: 0 peers of its size and urbanity,
    3 of its size (A, B, C). With minimum 3 it gets the size-class group; A (2 such peers) too."""
    from analyse.methods.peers import SIZE_FALLBACK, peer_noun, with_size_fallback

    groups, labels = with_size_fallback(_classes(), "D", 2024, minimum=3)
    assert list(groups)[:2] == ["grootte_stedelijkheid", SIZE_FALLBACK] and groups[SIZE_FALLBACK] == ["A", "B", "C"]
    assert labels[SIZE_FALLBACK] == "Zelfde grootteklasse, andere stedelijkheid (20.000 tot 50.000 inwoners)"
    # Boundary: A has exactly 2 peers (B, C) of its size and urbanity: minimum 2 keeps the four groups,
    # minimum 3 adds the fallback (B, C, D).
    assert SIZE_FALLBACK not in with_size_fallback(_classes(), "A", 2024, minimum=2)[0]
    assert with_size_fallback(_classes(), "A", 2024, minimum=3)[0][SIZE_FALLBACK] == ["B", "C", "D"]
    # Only the group of the same size and urbanity is "vergelijkbaar".
    assert peer_noun("grootte_stedelijkheid", _classes(), "D", 2024) == "vergelijkbare gemeenten"
    assert peer_noun("provincie", _classes(), "E", 2024) == "gemeenten in Drenthe (niet vergelijkbaar in grootte)"
    assert all("vergelijkbare" not in peer_noun(k, _classes(), "D", 2024)
               for k in (SIZE_FALLBACK, "provincie", "sociale_structuur", "nederland"))


def test_the_documented_fallback_is_the_one_used():
    from analyse import params
    from analyse.methods.peers import SIZE_FALLBACK

    assert params.value("peers", "fallback") == SIZE_FALLBACK == "grootteklasse"
