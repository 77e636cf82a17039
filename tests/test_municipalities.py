"""analyse.publish.municipalities: matching municipality names, suggestions and slugs."""

from __future__ import annotations

import pytest

from analyse.publish import municipalities as m

#: CBS spellings (gemeenteklassen 2025) with every kind of difficulty: a leading apostrophe,
#: province and "(gemeente)" suffixes, two Bergens, diacritics, a comma in the name.
NAMES = ("'s-Gravenhage (gemeente)", "'s-Hertogenbosch", "Bergen (L.)", "Bergen (NH.)", "Berg en Dal", "Dalfsen",
         "Groningen (gemeente)", "Hengelo (O.)", "Midden-Groningen", "Noardeast-Fryslân",
         "Nuenen, Gerwen en Nederwetten", "Súdwest-Fryslân", "Tubbergen", "Zwolle")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Súdwest-Fryslân", "Súdwest-Fryslân"),  # exact
        ("sudwest-fryslan", "Súdwest-Fryslân"),  # case and diacritics
        ("SUDWEST FRYSLAN", "Súdwest-Fryslân"),
        ("s-hertogenbosch", "'s-Hertogenbosch"),  # punctuation
        ("Den Bosch", "'s-Hertogenbosch"),  # the municipality's own everyday name
        ("den haag", "'s-Gravenhage (gemeente)"),
        ("bergen nh", "Bergen (NH.)"),
        ("Bergen (L.)", "Bergen (L.)"),
        ("hengelo", "Hengelo (O.)"),  # without the CBS suffix, when only one name has that base
        ("Groningen", "Groningen (gemeente)"),  # not Midden-Groningen
        ("nuenen", "Nuenen, Gerwen en Nederwetten"),
        ("Nuenen, Gerwen en Nederwetten", "Nuenen, Gerwen en Nederwetten"),
    ],
)
def test_names_are_matched_without_guessing(value, expected):
    assert m.match_municipality(value, NAMES) == expected


@pytest.mark.parametrize("value", ["bergen", "Bergen", "Dalfsn", "Atlantis", "", "berg"])
def test_unknown_or_ambiguous_names_match_nothing(value):
    assert m.match_municipality(value, NAMES) is None


def test_closest_names_put_the_ambiguous_matches_first():
    assert m.closest("bergen", NAMES)[:2] == ["Bergen (L.)", "Bergen (NH.)"]
    assert m.closest("Dalfsn", NAMES) == ["Dalfsen"]
    assert m.closest("Atlantis", NAMES) == []


@pytest.mark.parametrize(
    "name, expected",
    [("'s-Hertogenbosch", "s-hertogenbosch"), ("Bergen (NH.)", "bergen-nh"), ("Bergen (L.)", "bergen-l"),
     ("Súdwest-Fryslân", "sudwest-fryslan"), ("Nuenen, Gerwen en Nederwetten", "nuenen-gerwen-en-nederwetten"),
     ("'s-Gravenhage (gemeente)", "s-gravenhage-gemeente"), ("???", "leeg")],
)
def test_slugs_are_ascii_readable_and_safe(name, expected):
    assert m.slug(name) == expected


def test_every_real_municipality_has_a_unique_slug_and_matches_itself():
    names = m.municipality_names()
    assert len(names) == 342  # CBS: 342 municipalities on 1 January 2023, 2024 and 2025
    assert len({m.slug(n) for n in names}) == len(names)
    assert all(m.match_municipality(m.slug(n), names) == n for n in names)  # the slug finds its name back
    for name in ("'s-Hertogenbosch", "Bergen (NH.)", "Bergen (L.)", "Súdwest-Fryslân", "Dalfsen"):
        assert name in names
    assert m.municipality_provinces()["Dalfsen"] == "Overijssel"


def test_the_names_come_from_the_data_asked_for_never_an_older_build(raw_copy_all, tmp_path):
    # A processed folder built from the shipped data must not answer for a data folder in
    # which Zwolle is renamed (in both Iv3 and the classes, so the data stay consistent).
    import pandas as pd

    from analyse.config import RAW_DIR
    from analyse.data.store import build

    processed = tmp_path / "processed"
    build(RAW_DIR, processed)
    assert "Zwolle" in m.municipality_names(RAW_DIR, processed)
    for name in ("iv3.csv.gz", "gemeenteklassen.csv"):
        frame = pd.read_csv(raw_copy_all / name, dtype=str, keep_default_na=False)
        frame = frame.replace({"municipality": {"Zwolle": "Atlantis"}})
        frame.to_csv(raw_copy_all / name, index=False)
    names = m.municipality_names(raw_copy_all, processed)
    assert "Atlantis" in names and "Zwolle" not in names
