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


def _cells(html: str) -> list[list[tuple[str, bool]]]:
    """Body cells as (text, marked as a count of people) per row."""
    from bs4 import BeautifulSoup

    body = BeautifulSoup(html, "html.parser").find("tbody")
    return [[(td.get_text(), "telling" in td.get("class", [])) for td in tr.find_all("td")]
            for tr in body.find_all("tr")]


# Indicators behind target as the Welzijnsmonitor shows them (issue 11, items 3 and 4): a
# count of people next to a percentage, a report mark and days.
BEHIND = pd.DataFrame({
    "unit": ["deelnemers", "deelnemers", "deelnemers", "%", "rapportcijfer", "dagen"],
    "value": [58.0, 120.0, 4.0, 39.6, 6.8, 17.0],
    "target": [60.0, 150.0, 5.0, 40.0, 7.0, 14.0],
    "gap": [-2.0, -30.0, -1.0, -0.4, -0.2, 3.0],
    "is_count": ["ja", "ja", "ja", "nee", "nee", "nee"],
})


def test_only_cells_that_count_people_are_checked_counts(monkeypatch):
    # The contracts say: value counts people where is_count is "ja". Percentages, report
    # marks and days are not counts, so the publishing check must not see them as counts
    # (it refused "39,6"-like values in every Q4 run).
    from analyse.publish.check import publication_problems

    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    html = format_table(BEHIND, number=["value", "target", "gap"], decimals=2, trim=True, hide_index=True,
                        columns={"unit": "Eenheid", "value": "Waarde", "target": "Streefwaarde",
                                 "gap": "Verschil"}).to_html()
    marked = [[flag for _, flag in row] for row in _cells(html)]
    assert [row[1] for row in marked] == [True, True, True, False, False, False]
    assert not any(row[0] or row[2] or row[3] for row in marked)
    assert publication_problems(html) == []


def test_counts_compared_with_a_target_are_bands_and_never_equal_it(monkeypatch):
    monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    html = format_table(BEHIND, number=["value", "target", "gap"], decimals=2, trim=True, bands=["value"],
                        hide_index=True, columns={"unit": "Eenheid", "value": "Waarde", "target": "Streefwaarde",
                                                 "gap": "Verschil"}).to_html()
    rows = [[text for text, _ in row] for row in _cells(html)]
    marker = load_rules().marker
    # 58 -> shown 60, which stands for 58..62; the target 60 lies inside: no gap (it would
    # read 0, contradicting "behind", or with the status betray 58-59).
    assert rows[0] == ["deelnemers", "58–62", "60", "binnen afronding"]
    # 120 -> 118..122, entirely below 150: gap from the rounded count, 120 - 150 = -30.
    assert rows[1] == ["deelnemers", "118–122", "150", "-30"]
    # 4 <= 7: hidden, and its gap with it.
    assert rows[2] == ["deelnemers", marker, "5", marker]
    # Not counts: exact, up to two decimals (39,6 vs 40; 6,8 vs 7; 17 days vs 14).
    assert rows[3:] == [["%", "39,6", "40", "-0,4"], ["rapportcijfer", "6,8", "7", "-0,2"], ["dagen", "17", "14", "3"]]
    assert "bandbreedte" in html and "binnen afronding" in html.lower()
    from analyse.publish.check import publication_problems

    assert publication_problems(html) == []


def test_bands_switched_off_with_protection(monkeypatch):
    monkeypatch.setenv(DISCLOSURE_ENV, "off")
    html = format_table(BEHIND, number=["value"], bands=["value"], hide_index=True).to_html()
    assert "58–62" not in html and ">58<" in html
