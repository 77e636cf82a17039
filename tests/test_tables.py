"""Report tables (analyse.publish.tables.format_table): Dutch formats, escaping, and
counts of people protected by default."""

from __future__ import annotations

import pandas as pd

from analyse.disclosure.rules import DISCLOSURE_ENV, load_rules
from analyse.methods.population import RATE_COLUMN
from analyse.publish.tables import format_table


def test_format_table_uses_dutch_formats():
    frame = pd.DataFrame({"kern": ["Dalfsen"], "bedrag": [1_200_000.0], "aandeel": [0.25], "sroi": [2.97],
                          "aantal": [12345.0]})
    html = format_table(frame, eur=["bedrag"], pct=["aandeel"], ratio=["sroi"], number=["aantal"],
                        hide_index=True).to_html()
    for text in ("€ 1.200.000", "25%", "2,97", "12.345", "Dalfsen"):
        assert text in html, text


def test_format_table_renames_and_left_aligns_text():
    frame = pd.DataFrame({"kern": ["Dalfsen"], "budget_eur": [1500.0], "why": ["Witte vlek"], "x": [1]})
    html = format_table(frame, eur=["budget_eur"], columns={"kern": "Kern", "budget_eur": "Budget",
                                                             "why": "Toelichting"}).to_html()
    assert "Budget" in html and "€ 1.500" in html and "budget_eur" not in html and ">x<" not in html
    assert "text-align: left" in html


def test_format_table_escapes_cells_and_headers():
    html = format_table(pd.DataFrame({"<b>kop</b>": ["<img src=x onerror=alert(1)>"]})).to_html()
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html and "<b>kop" not in html


def test_format_table_protects_counts_of_people(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    frame = pd.DataFrame({"kern": ["Hoonhorst", "Dalfsen"], "clients": [5, 1234], RATE_COLUMN: [3.1, 12.0]})
    html = format_table(frame, ratio=[RATE_COLUMN], hide_index=True).to_html()
    rules = load_rules()
    assert "1.235" in html and "1.234" not in html and ">5<" not in html and "3,10" not in html
    assert f">{rules.marker}<" in html and 'class="data row0 col1 telling"' in html.replace("  ", " ")
    assert rules.footnote in html


def test_format_table_without_protection_for_internal_reports(monkeypatch):
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    html = format_table(pd.DataFrame({"clients": [5]}), hide_index=True).to_html()
    assert ">5<" in html and "telling" not in html and load_rules().footnote not in html
