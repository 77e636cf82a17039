"""analyse.publish.check: the publishing check reads the finished page, as a reader would."""

from __future__ import annotations

import pytest

from analyse.disclosure.rules import load_rules
from analyse.publish.check import publication_problems

RULES = load_rules()


def _table(*counts: str) -> str:
    return "<table>" + "".join(f'<tr><td class="telling">{c}</td></tr>' for c in counts) + "</table>"


def test_protected_counts_pass():
    rounded = str(RULES.base * 4)
    assert publication_problems(_table(RULES.marker, rounded, "–", "")) == []


@pytest.mark.parametrize("shown", [str(RULES.threshold), str(RULES.base * 2 + 1)])
def test_small_or_unrounded_count_is_refused(shown):
    problems = publication_problems(_table(shown, shown))
    # The message names the rule and how many cells, never the refused value (it is published in run.json).
    assert problems == [f"2 tellingen in een tabel niet beschermd: aantallen van {RULES.threshold} of minder "
                        f"moeten verborgen zijn en andere afgerond op {RULES.base} (de waarde staat in de "
                        "geweigerde pagina, niet hier)"]
    assert f" {shown} " not in problems[0].replace(f"van {RULES.threshold} of", "")


def test_count_that_is_not_a_number_is_refused():
    assert publication_problems(_table("ongeveer 10")) == [
        "één telling in een tabel geen afgerond aantal (de waarde staat in de geweigerde pagina, niet hier)"]


def test_internal_reports_skip_the_count_check_but_not_external_references():
    page = _table("3") + '<img src="https://example.org/x.png">'
    problems = publication_problems(page, check_counts=False)
    assert problems == ['externe verwijzing in de HTML: <img src="https://example.org/x.png">']


@pytest.mark.parametrize("text", ["href=//gemeente.nl", "zie src=https://cbs.nl", "url(//gemeente.nl/x.png)",
                                  "&lt;script&gt;"])
def test_harmless_text_that_looks_like_a_reference_does_not_block(text):
    # An input value shown in a table cell or sentence is text, not markup: nothing is loaded.
    assert publication_problems(f"<table><tr><td>{text}</td></tr></table><p>{text}</p>") == []


def test_a_link_to_a_source_is_not_a_load_but_an_external_image_is():
    assert publication_problems('<a href="https://opendata.cbs.nl/">CBS</a>') == []
    assert publication_problems('<svg><image href="https://x.org/a.png"/></svg>')
    assert publication_problems('<img srcset="//cdn.example.org/a.png 2x">')
    assert publication_problems('<meta http-equiv="refresh" content="0; url=https://x.org">')


@pytest.mark.parametrize("snippet", ['<script>1</script>', '<link rel="stylesheet" href="a.css">',
                                     "<div style=\"background: url('//cdn.example.org/a.png')\"></div>",
                                     '<iframe></iframe>'])
def test_anything_loaded_from_outside_is_refused(snippet):
    assert publication_problems(snippet)


def test_urls_in_css_comments_are_not_references():
    assert publication_problems("<style>/* zie https://example.org */</style>") == []


@pytest.mark.parametrize("band", ["58–62", "8–12", "1.233–1.237", "58-62"])
def test_band_of_a_rounded_count_passes(band):
    # With base 5: a shown 60 stands for 58..62, 10 for 8..12 (7 and less are hidden),
    # 1.235 for 1.233..1.237; a plain hyphen is read like the dash.
    assert publication_problems(_table(band)) == []


@pytest.mark.parametrize("band", ["58–59", "55–65", "5–7", "3–7", "0–2", "58–63"])
def test_band_that_narrows_or_is_not_one_rounded_count_is_refused(band):
    # 58–59 narrows a count down below its rounding; 55–65 is no band of one rounded count;
    # 5–7 and 3–7 lie at or below the threshold (hidden counts); 0–2 would be a shown 0.
    assert publication_problems(_table(band)) == [
        "één telling in een tabel geen bandbreedte van één afgerond aantal (de waarde staat in de geweigerde "
        "pagina, niet hier)"]


def test_cells_not_marked_as_counts_are_not_checked():
    # Percentages, report marks and days are written without the class "telling".
    assert publication_problems("<table><tr><td>39</td><td>6,8</td></tr></table>") == []
