"""The begrippenlijst (analyse.publish.glossary): the jargon of the reports explained in Dutch,
as data, rendered offline with the report template."""

from __future__ import annotations

import re

import pytest

from analyse.errors import ConfigError
from analyse.publish.glossary import anchor, load_glossary, render_glossary

#: Jargon the reports use (issue 11): each must be explained. Matched case-insensitively
#: against the start of a term as written in the glossary.
REQUIRED = ["CW (contante waarde)", "NCW (netto contante waarde)", "SROI", "MKBA", "Discontovoet", "Deadweight",
            "Drop-off", "Attributie", "Verplaatsing", "P5 en P95", "Betrouwbaarheidsinterval", "Welch-toets",
            "Newey-West", "AICc", "Onderbroken tijdreeks", "Preventieniveaus", "Witte vlek", "Reëel", "Nominaal",
            "Prijspeil", "Terugverdientijd", "Monte Carlo", "Mediaan", "Verkeerde-zakprobleem", "Budgetneutraal"]


def test_the_reports_jargon_is_explained():
    terms = [t.term.lower() for t in load_glossary().terms]
    missing = [r for r in REQUIRED if not any(t.startswith(r.lower()) for t in terms)]
    assert missing == []


def test_explanations_are_plain_text_without_file_paths():
    for term in load_glossary().terms:
        for bad in ("src/", ".yaml", ".py", "http://"):
            assert bad not in term.explanation, term.term
        assert all(s.href is None or s.href.startswith("https://") for s in term.source)


def test_anchors_are_plain_ascii_and_unique():
    assert anchor("P5 en P95 (5e en 95e percentiel)") == "begrip-p5-en-p95"
    assert anchor("Reëel") == "begrip-reeel"
    anchors = [anchor(t.term) for t in load_glossary().terms]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"begrip-[a-z0-9-]+", a) for a in anchors)


def test_a_duplicate_or_malformed_glossary_is_refused(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text("title: B\ngroups:\n  - group: Geld\n    terms:\n"
                    "      - {term: Reëel, explanation: In prijzen van een vast jaar.}\n"
                    "      - {term: Reëel (prijspeil), explanation: Dubbel begrip met hetzelfde anker.}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="appears twice"):
        load_glossary(path)
    path.write_text("title: B\ngroups:\n  - group: Geld\n    terms:\n      - {term: X, uitleg: onbekend veld}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="glossary.yaml"):
        load_glossary(path)


def test_the_page_is_offline_and_in_the_report_style():
    page = render_glossary("Dalfsen", "Periode 2026Q3")
    assert "default-src 'none'" in page  # the report template's Content-Security-Policy
    assert "<script src=" not in page and "<link " not in page
    assert '<dt id="begrip-ncw">NCW (netto contante waarde)</dt>' in page
    assert 'class="verantwoording"' not in page  # no provenance section: the page has no inputs
    assert 'class="rapport-begrippen"' not in page  # no link to itself
    assert 'class="rapport-toc"' in page and "Dalfsen · Periode 2026Q3" in page


def test_cpi_entry_cites_the_cbs_tables_that_cpi_csv_names():
    """Review 2 item 14: the glossary cited 83131NED only while data/raw/cpi.csv takes the 2022
    index from 83136NED; every StatLine table named in cpi.csv's source column is cited."""
    import pandas as pd

    from analyse.config import RAW_DIR

    tables = set(re.findall(r"\b(8\d{4}NED)\b", " ".join(pd.read_csv(RAW_DIR / "cpi.csv")["source"])))
    assert tables == {"83131NED", "83136NED"}
    cpi = next(t for t in load_glossary().terms if t.term.startswith("Consumentenprijsindex"))
    cited = " ".join(f"{s.title} {s.href}" for s in cpi.source)
    assert all(table in cited for table in tables), cited
