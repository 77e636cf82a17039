"""Tables and sentences of the peer comparison (analyse.publish.peers_text) and its chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analyse.methods import peers  # noqa: E402
from analyse.publish import peers_text as PT  # noqa: E402
from analyse.publish.plots.peers import plot_peer_distribution  # noqa: E402


@pytest.fixture(scope="module")
def loaded():
    return PT.comparison_data()


def test_comparison_data_is_cached(loaded):
    assert PT.comparison_data() is loaded


def test_dalfsen_2024_against_its_peers(loaded):
    totals, classes, _ = loaded
    groups = peers.peer_groups(classes, "Dalfsen", 2024)
    table = PT.comparison_table(totals, groups, "Dalfsen", 2024, "lasten_per_inwoner")
    # 6.1 lasten 9,114 k EUR / 29,683 inhabitants = EUR 307.04; above 68 of the 70 peers of the same size
    # class and urbanity: percentile (68 + 0/2) / 70 = 97.1 -> whole number 97; in words rounded down: 9 of 10.
    row = table.loc["6.1"]
    assert row["waarde"] == pytest.approx(307.04, abs=0.01)
    assert row["percentiel"] == 97
    assert row["positie"] == "hoger dan 9 van de 10 vergelijkbare gemeenten"
    assert row["mediaan_grootte_stedelijkheid"] < row["waarde"]
    # Netto (lasten - baten) tells another story: 6.1 is below the middle once its income is counted.
    netto = PT.comparison_table(totals, groups, "Dalfsen", 2024, "netto_per_inwoner")
    assert netto.loc["6.1", "waarde"] == pytest.approx((9_114_000 - 6_452_000) / 29_683)
    assert netto.loc["6.1", "percentiel"] < 50


def test_caveats_name_small_municipalities_and_the_2025_break(loaded):
    totals, classes, _ = loaded
    groups = peers.peer_groups(classes, "Zwolle", 2025)
    table = PT.comparison_table(totals, groups, "Zwolle", 2025, "lasten_per_inwoner")
    text = " ".join(PT.caveats(totals, classes, table, "Zwolle", 2025))
    # Review 2 item 14: one bracket pair that closes ("(minder dan 5.000 inwoners: ... 4.923)").
    assert "Zeer kleine gemeenten (minder dan 5.000 inwoners: Schiermonnikoog 968, Vlieland 1.212" in text
    assert "Terschelling 4.923) hebben" in text and "inwoners) hebben" not in text
    assert "nieuwe Iv3-indeling" in text
    assert f"klein ({len(groups['grootte_stedelijkheid'])} gemeenten)" in text


def test_budget_overview_worked_example(loaded):
    totals, _, cpi = loaded
    from analyse.methods.indexation import cpi_index
    from analyse.publish import iv3_text as IT

    overview = IT.budget_overview(totals, "Dalfsen", cpi_index(cpi), 2025)
    row = overview.loc["6.2"]
    # Real change 2023-2025 per inhabitant (CPI 2023 126.04, 2025 134.50; 29,612 and 30,051 inhabitants):
    # (2,650 / 30,051) / (2,007 / 29,612 x 134.50 / 126.04) - 1 = +21.9%.
    rows = totals[(totals["municipality"] == "Dalfsen") & (totals["year"] == 2023)]
    start = 2_007_000 / float(rows["inhabitants"].iloc[0])
    assert row["reele_verandering"] == pytest.approx((2_650_000 / 30_051) / (start * 134.50 / 126.04) - 1, abs=1e-3)
    # 6.1 budget 2025: lasten 16,058 k, baten 12,409 k, netto 3,649 k = EUR 121.43 per inhabitant (30,051).
    one = overview.loc["6.1"]
    assert (one["begroting_2025"], one["baten_2025"], one["netto_2025"]) == (16_058_000, 12_409_000, 3_649_000)
    # Netto next to the lasten for every year (review 2, R1-1): 2023 lasten 2,452 k - baten 275 k = 2,177 k.
    assert one["netto_2023"] == pytest.approx(2_177_000, abs=1_000)
    cols = list(overview.columns)
    assert [cols.index(c) for c in ("begroting_2023", "netto_2023", "begroting_2024", "netto_2024")] == [1, 2, 3, 4]
    assert one["netto_per_inwoner_2025"] == pytest.approx(3_649_000 / 30_051)
    # No duplicate "2025 in prices of 2025" column any more; netto comes before lasten per inhabitant.
    cols = list(overview.columns)
    assert "begroting_2025_reeel" not in cols and cols.index("netto_per_inwoner_2025") < cols.index("per_inwoner_2025")
    assert "6.9" not in overview.index or overview.loc["6.9", "begroting_2025"] > 0


def test_netto_leads_where_the_lasten_mislead(loaded):
    """Review 1 items 1-2 (Dalfsen, budget 2025, 72 peers of the same size and urbanity)."""
    totals, classes, _ = loaded
    groups = PT.main_first(peers.peer_groups(classes, "Dalfsen", 2025))
    lasten = PT.comparison_table(totals, groups, "Dalfsen", 2025, "lasten_per_inwoner")
    netto = PT.comparison_table(totals, groups, "Dalfsen", 2025, "netto_per_inwoner")
    # 6.1: baten 12,409 k / lasten 16,058 k = 77% >= 25%: netto (EUR 121, percentile 76) leads,
    # lasten (EUR 534, percentile 100) follow.
    assert lasten.loc["6.1", "baten_aandeel"] == pytest.approx(12_409 / 16_058)
    assert (netto.loc["6.1", "percentiel"], lasten.loc["6.1", "percentiel"]) == (76, 100)
    # Social domain: netto EUR 963 = percentile 40 ("lager dan 6 van de 10"), lasten EUR 1,575 = percentile 88.
    assert netto.loc["sociaal_domein", "positie"] == "lager dan 6 van de 10 vergelijkbare gemeenten"
    text = PT.netto_first_sentences(lasten, netto, "Zelfde grootteklasse")
    social = next(line for line in text.splitlines() if "Sociaal domein totaal" in line)
    assert social.index("netto € 963") < social.index("lasten per inwoner (€ 1.575")
    assert "netto is hier de maat" in social
    # Review 2, R1-1: the gross rank of 6.1 (highest of all 72) is never a sentence of its own: only the
    # percentile, inside a clause that gives the reason (baten 77% of the lasten).
    six_one = next(line for line in text.splitlines() if "Samenkracht" in line)
    assert "hoger dan alle 72" not in six_one and "Lasten € 534" not in six_one
    assert "Omdat de baten hier 77% van de lasten dekken, zeggen de lasten per inwoner (€ 534, mediaan € 148, " \
           "percentiel 100) weinig" in six_one
    assert "Geen baten: de lasten zijn gelijk aan netto." in next(ln for ln in text.splitlines() if "Jeugdhulp" in ln)


def test_no_percentile_where_many_peers_book_nothing_or_the_taakveld_is_tiny(loaded):
    totals, classes, _ = loaded
    groups = PT.main_first(peers.peer_groups(classes, "Dalfsen", 2025))
    table = PT.comparison_table(totals, groups, "Dalfsen", 2025, "lasten_per_inwoner")
    # 6.91-6.92: 16 of 72 peers book nothing = 22% >= max_zero_share 20%: no percentile (review item 17).
    assert PT.max_zero_share() == 0.2
    assert table.loc["6.9", "nul_aandeel"] >= 0.2 and pd.isna(table.loc["6.9", "percentiel"])
    assert table.loc["6.9", "positie"].startswith("geen percentiel: 22%")
    assert table.loc["6.2", "nul_aandeel"] < 0.2 and table.loc["6.2", "percentiel"] == 53


def test_percentile_thresholds_at_their_boundaries(monkeypatch):
    """5 peers; the own value 10 is above all; boundaries of max_zero_share and the tiny-base floor (EUR 5)."""
    names = ["X", "A", "B", "C", "D", "E"]

    def totals_for(peer_values):
        rows = [(n, v) for n, v in zip(names, [10.0, *peer_values])]
        return pd.DataFrame({"municipality": [n for n, _ in rows], "year": 2025, "document": "begroting",
                             "group": pd.Categorical(["6.2"] * len(rows)), "lasten": [v * 100 for _, v in rows],
                             "baten": 0.0, "lasten_per_inwoner": [v for _, v in rows],
                             "netto_per_inwoner": [v for _, v in rows]})

    groups = {"nederland": names[1:]}
    # 1 of 5 peers (20%) books nothing: exactly max_zero_share -> no percentile.
    table = PT.comparison_table(totals_for([0.0, 6.0, 6.0, 6.0, 6.0]), groups, "X", 2025, "lasten_per_inwoner")
    assert pd.isna(table.loc["6.2", "percentiel"])
    monkeypatch.setattr(PT, "max_zero_share", lambda: 0.21)  # just above 20%: the percentile is given
    table = PT.comparison_table(totals_for([0.0, 6.0, 6.0, 6.0, 6.0]), groups, "X", 2025, "lasten_per_inwoner")
    assert table.loc["6.2", "percentiel"] == 100
    # Peer median exactly EUR 5 (not below the floor): given; EUR 4.99: "geen percentiel".
    assert PT.comparison_table(totals_for([5.0] * 5), groups, "X", 2025, "lasten_per_inwoner").loc[
        "6.2", "percentiel"] == 100
    tiny = PT.comparison_table(totals_for([4.99] * 5), groups, "X", 2025, "lasten_per_inwoner").loc["6.2"]
    assert pd.isna(tiny["percentiel"]) and "mediaan van de lasten is onder € 5" in tiny["positie"]


def test_data_quality_and_vintage_notes(loaded):
    from analyse.publish import iv3_text as IT

    totals, _, _ = loaded
    notes = IT.pgb_notes(PT.pgb_table(), "Dalfsen", 2025)
    assert len(notes) == 1 and "100%" in notes[0] and "6.791" in notes[0] and "19 gemeenten" in notes[0]
    assert IT.pgb_notes(PT.pgb_table(), "Dalfsen", 2024) == []  # no pgb taakvelden before 2025
    vintage = IT.vintage_sentence(totals)  # review 2 item 1: the extract's date, not "laatst beschikbaar"
    assert vintage.startswith("Iv3-cijfers uit de extractie van 28 april 2025") and "Laatst" not in vintage
    assert "begroting 2025, jaarrekening 2023" in vintage and "(jaarrekening 2024 en begroting 2026)" in vintage
    # Review 2 item 6: no blame without evidence; the count (19) is computed.
    assert "waarschijnlijk een boekings- of verwerkingsartefact" in notes[0] and "niet nagevraagd" in notes[0]
    assert "vrijwel zeker" not in notes[0]
    # National 6.1 baten 2023: budget EUR 0.28 bn, accounts EUR 2.88 bn.
    note = IT.pass_through_note(totals)
    assert "€ 2,88 mld" in note and "€ 0,28 mld" in note and "Mogelijk" in note


def test_chart_marks_the_municipality():
    frame = pd.DataFrame({"taakveld": ["a", "a", "a", "b", "b", "b"], "municipality": ["X", "P", "Q"] * 2,
                          "value": [10.0, 5.0, 1000.0, 3.0, 4.0, 5.0]})
    fig = plot_peer_distribution({"Lasten": frame}, "X", "Titel", "bron")
    ax = fig.axes[0]
    assert ax.get_legend().get_texts()[0].get_text() == "X"
    assert "buiten de as" in ax.get_xlabel()  # 1000 is beyond the 97th percentile of the peers


def test_the_main_peer_group_is_the_first_with_enough_peers():
    groups = {"grootte_stedelijkheid": [], "provincie": ["A", "B", "C", "D"], "sociale_structuur": ["A", "B", "C"],
              "nederland": ["A", "B", "C", "D", "E"]}
    assert list(PT.main_first(groups, minimum=3)) == ["provincie", "grootte_stedelijkheid", "sociale_structuur",
                                                      "nederland"]
    assert list(PT.main_first(groups, minimum=5))[0] == "nederland"
    assert list(PT.main_first(groups, minimum=9))[0] == "nederland"  # none is big enough: the largest
    kept = {"grootte_stedelijkheid": ["A", "B", "C"], "provincie": ["A"]}
    assert PT.main_first(kept, minimum=3) == kept  # 3 peers: the first group stays (the four largest cities)
    assert PT.min_peers() == 3


def test_emmen_alone_in_its_class_is_compared_with_its_size_class_and_never_called_comparable(loaded):
    """Review 2 item 5. CBS classes 2025: Emmen (Drenthe, 109,698) is the only municipality of
    100,000-150,000 inhabitants that is 'weinig stedelijk'; 13 others share its size class. The fallback
    is that size class (params/peers.yaml, fallback), not the 11 much smaller Drenthe municipalities."""
    from analyse.methods.peers import SIZE_FALLBACK, peer_noun, with_size_fallback

    totals, classes, _ = loaded
    groups, labels = with_size_fallback(classes, "Emmen", 2025, PT.min_peers())
    groups = PT.main_first(groups)
    assert list(groups)[0] == SIZE_FALLBACK and len(groups[SIZE_FALLBACK]) == 13 and "Westland" in groups[SIZE_FALLBACK]
    assert groups["grootte_stedelijkheid"] == [] and len(groups["provincie"]) == 11
    sentence = PT.main_group_sentence(groups, labels, "Emmen")
    assert "telt 0 gemeenten naast Emmen, minder dan 3" in sentence
    assert "vergeleken met de 13 gemeenten van de groep zelfde grootteklasse, andere stedelijkheid" in sentence
    noun = peer_noun(SIZE_FALLBACK, classes, "Emmen", 2025)
    table = PT.comparison_table(totals, groups, "Emmen", 2025, "lasten_per_inwoner", noun=noun)
    assert table["n"].max() == 13
    assert not table["positie"].str.contains("vergelijkbare").any()
    assert table["positie"].str.contains("gemeenten van dezelfde grootteklasse").all()
    # A group not comparable in size says so (what Emmen got before: Drenthe).
    assert peer_noun("provincie", classes, "Emmen", 2025) == "gemeenten in Drenthe (niet vergelijkbaar in grootte)"
    assert PT.main_group_sentence(PT.main_first(peers.peer_groups(classes, "Dalfsen", 2025)), labels, "X") == ""


def test_amsterdam_keeps_the_three_other_largest_cities():
    """Amsterdam, Rotterdam, 's-Gravenhage and Utrecht are the four of 250,000+ (all zeer sterk stedelijk):
    3 peers = min_peers, so no fallback and the words count exactly ("hoger dan 2 van de 3")."""
    from analyse.methods.peers import SIZE_FALLBACK, with_size_fallback

    _, classes, _ = PT.comparison_data()
    groups, _ = with_size_fallback(classes, "Amsterdam", 2025, PT.min_peers())
    assert SIZE_FALLBACK not in groups and len(PT.main_first(groups)["grootte_stedelijkheid"]) == 3
