"""The publishing check: what may not leave the machine in a report page.

Kept apart from rendering (:mod:`analyse.publish.report`): the check reads the finished
HTML, as a reader would, so it also catches a table that bypassed the counting helpers.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from analyse.disclosure.counts import primary_suppressed, rounding_band
from analyse.disclosure.rules import DisclosureRules, load_rules

__all__ = ["publication_problems"]

_TAG = re.compile(r"<[^>]+>")
_EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|poster|data|srcset)\s*=\s*["']?\s*(?:https?:)?//)"""
                       r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|<script|<iframe|<object|<embed|<link\b""", re.I)
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


def publication_problems(page: str, check_counts: bool = True) -> list[str]:
    """Why ``page`` may not leave the machine: references to anything outside the file,
    and (unless switched off for internal reports) count cells that show a number of
    people at or below the disclosure threshold or not rounded to the base, or a band
    ("58–62") that is not exactly the band of one rounded count. Which cells count people
    is decided when the table is made (from the data contracts) and marked ``telling``."""
    problems = []
    without_comments = _CSS_COMMENT.sub("", page)
    for match in sorted({m.group(0) for m in _EXTERNAL.finditer(without_comments)}):
        problems.append(f"externe verwijzing in de HTML: {match.strip()!r}")
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
                    problems.append(f"telling '{text}' is geen bandbreedte van een afgerond aantal")
                continue
            count = _whole(text)
            if count is None:
                problems.append(f"telling '{text}' is geen afgerond aantal")
                continue
            small = count <= rules.threshold and not (rules.method == "cbs" and count == 0)
            if small or count % rules.base:
                problems.append(f"telling {text} in een tabel: aantallen van {rules.threshold} of minder moeten "
                                f"verborgen zijn en andere afgerond op {rules.base}")
    return problems
