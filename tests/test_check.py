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
    problems = publication_problems(_table(shown))
    assert problems == [f"telling {shown} in een tabel: aantallen van {RULES.threshold} of minder moeten "
                        f"verborgen zijn en andere afgerond op {RULES.base}"]


def test_count_that_is_not_a_number_is_refused():
    assert publication_problems(_table("ongeveer 10")) == ["telling 'ongeveer 10' is geen afgerond aantal"]


def test_internal_reports_skip_the_count_check_but_not_external_references():
    page = _table("3") + '<img src="https://example.org/x.png">'
    problems = publication_problems(page, check_counts=False)
    assert problems == ["externe verwijzing in de HTML: 'src=\"https://'"]


@pytest.mark.parametrize("snippet", ['<script>1</script>', '<link rel="stylesheet" href="a.css">',
                                     "<div style=\"background: url('//cdn.example.org/a.png')\"></div>",
                                     '<iframe></iframe>'])
def test_anything_loaded_from_outside_is_refused(snippet):
    assert publication_problems(snippet)


def test_urls_in_css_comments_are_not_references():
    assert publication_problems("<style>/* zie https://example.org */</style>") == []
