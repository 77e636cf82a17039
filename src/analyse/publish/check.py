"""The publishing check: what may not leave the machine in a report page.

Kept apart from rendering (:mod:`analyse.publish.report`): the check reads the finished
HTML, as a reader would, so it also catches a table that bypassed the counting helpers.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

import pandas as pd

from analyse.disclosure.counts import primary_suppressed, rounding_band
from analyse.disclosure.rules import DisclosureRules, load_rules

__all__ = ["publication_problems"]

_TAG = re.compile(r"<[^>]+>")
#: Elements that load or run something however they are written.
_LOADING_TAGS = {"script", "iframe", "frame", "object", "embed", "link", "applet", "base"}
#: Attributes that load a resource when they point outside the file (a link ``<a href>`` does not).
_LOADING_ATTRS = {"src", "srcset", "poster", "data", "background", "action", "formaction", "href", "xlink:href"}
_NAVIGATION_TAGS = {"a", "area"}
_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//|^\s*(?:https?|ftp):", re.I)
_CSS_LOAD = re.compile(r"""url\(\s*["']?\s*(?:(?:https?|ftp):|//)|@import""", re.I)
_COUNT_CELL = re.compile(r'<td[^>]*class="[^"]*\btelling\b[^"]*"[^>]*>(.*?)</td>', re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_BAND = re.compile(r"^(\d[\d.]*)\s*[–-]\s*(\d[\d.]*)$")


def _whole(text: str) -> int | None:
    digits = text.replace(".", "")
    return int(digits) if digits.isdigit() else None


def _is_rounding_band(low: int, high: int, rules: DisclosureRules) -> bool:
    """Whether low..high is exactly the band of one shown (rounded, not hidden) count."""
    candidates = pd.Series(range(low - low % rules.base, high + rules.base + 1, rules.base), dtype="float64")
    shown = candidates[~primary_suppressed(candidates, rules).to_numpy()]
    bands = rounding_band(shown, rules)
    return bool(((bands["low"] == low) & (bands["high"] == high)).any())


class _Loads(HTMLParser):
    """Collects what the browser would fetch from outside the file: only real markup counts
    (text such as "href=//gemeente.nl" in a table cell is harmless)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LOADING_TAGS:
            self.found.append(f"<{tag}>")
        self._in_style = tag == "style"
        for name, value in attrs:
            value = value or ""
            if name == "style" and _CSS_LOAD.search(_CSS_COMMENT.sub("", value)):
                self.found.append(f"<{tag} style=\"{value.strip()[:60]}\">")
            elif name in _LOADING_ATTRS and tag not in _NAVIGATION_TAGS and _OUTSIDE.search(value):
                self.found.append(f"<{tag} {name}=\"{value.strip()[:60]}\">")
            elif name == "http-equiv" and value.strip().lower() == "refresh":
                self.found.append(f"<{tag} http-equiv=\"refresh\">")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style and _CSS_LOAD.search(_CSS_COMMENT.sub("", data)):
            self.found.append(f"<style>{_CSS_LOAD.search(_CSS_COMMENT.sub('', data)).group(0)}")  # type: ignore[union-attr]


def external_loads(page: str) -> list[str]:
    """What ``page`` would load from outside itself (scripts, frames, stylesheets, images,
    CSS urls), each once, in order of appearance."""
    parser = _Loads()
    parser.feed(page)
    parser.close()
    return list(dict.fromkeys(parser.found))


def publication_problems(page: str, check_counts: bool = True) -> list[str]:
    """Why ``page`` may not leave the machine: references to anything outside the file,
    and (unless switched off for internal reports) count cells that show a number of
    people at or below the disclosure threshold or not rounded to the base, or a band
    ("58–62") that is not exactly the band of one rounded count. Which cells count people
    is decided when the table is made (from the data contracts) and marked ``telling``."""
    problems = [f"externe verwijzing in de HTML: {load}" for load in external_loads(page)]
    counts: Counter[str] = Counter()  # messages never quote a refused count (they are published)
    if check_counts:
        rules = load_rules()
        for cell in _COUNT_CELL.findall(page):
            text = html.unescape(_TAG.sub("", cell)).strip()
            if text in (rules.marker, "–", ""):
                continue
            band = _BAND.match(text)
            if band:
                low, high = _whole(band.group(1)), _whole(band.group(2))
                if low is None or high is None or not _is_rounding_band(low, high, rules):
                    counts["geen bandbreedte van één afgerond aantal"] += 1
                continue
            count = _whole(text)
            if count is None:
                counts["geen afgerond aantal"] += 1
                continue
            small = count <= rules.threshold and not (rules.method == "cbs" and count == 0)
            if small or count % rules.base:
                counts[f"niet beschermd: aantallen van {rules.threshold} of minder moeten verborgen zijn en "
                       f"andere afgerond op {rules.base}"] += 1
    for reason, n in counts.items():
        cells = "één telling" if n == 1 else f"{n} tellingen"
        problems.append(f"{cells} in een tabel {reason} (de waarde staat in de geweigerde pagina, niet hier)")
    return problems
