"""The browser checks themselves (tests/browser.py): axe-core must find what it is meant to find,
otherwise a clean score on the reports proves nothing."""

from __future__ import annotations

from pathlib import Path

from browser import axe_violations


def test_axe_finds_known_violations_in_a_bad_page(tmp_path: Path) -> None:
    # No lang on <html>, an image without alt text, an empty table header, no main landmark:
    # four WCAG/best-practice failures that axe-core reports as html-has-lang, image-alt,
    # empty-table-header and landmark-one-main.
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><head><title>x</title></head><body>"
                    "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
                    "<table><tr><th></th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
                    "</body></html>", encoding="utf-8")
    found = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "empty-table-header", "landmark-one-main"} <= found


def test_axe_passes_a_clean_page(tmp_path: Path) -> None:
    page = tmp_path / "good.html"
    page.write_text("<!DOCTYPE html><html lang='nl'><head><title>Rapport</title></head><body>"
                    "<main><h1>Rapport</h1><p>Tekst.</p>"
                    "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' alt='Een lege afbeelding'>"
                    "</main></body></html>", encoding="utf-8")
    assert axe_violations(page) == []
