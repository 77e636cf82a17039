"""The browser checks themselves (tests/browser.py): axe-core must find what it is meant to find,
otherwise a clean score on the reports proves nothing."""

from __future__ import annotations

from pathlib import Path

from browser import axe_violations

PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACw="


def _page(folder: Path, html_attributes: str, body: str) -> Path:
    page = folder / "page.html"
    page.write_text(f"<!DOCTYPE html><html{html_attributes}><head><title>Rapport</title></head>"
                    f"<body>{body}</body></html>", encoding="utf-8")
    return page


def test_axe_finds_known_violations_in_a_bad_page(tmp_path: Path) -> None:
    # No lang on <html>, an image without alt text, an empty table header, no main landmark:
    # four WCAG/best-practice failures that axe-core reports as html-has-lang, image-alt,
    # empty-table-header and landmark-one-main.
    page = _page(tmp_path, "", f"<img src='{PIXEL}'>"
                 "<table><tr><th></th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>")
    found = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "empty-table-header", "landmark-one-main"} <= found


def test_axe_passes_a_clean_page(tmp_path: Path) -> None:
    page = _page(tmp_path, " lang='nl'", f"<main><h1>Rapport</h1><p>Tekst.</p>"
                 f"<img src='{PIXEL}' alt='Een lege afbeelding'></main>")
    assert axe_violations(page) == []
