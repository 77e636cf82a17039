"""The publishing check: what may not leave the machine in a report page.

Kept apart from rendering (:mod:`analyse.publish.report`): the check reads the finished
HTML, as a reader would, so it also catches a table that bypassed the counting helpers.
"""

from __future__ import annotations

import html
import re

__all__ = ["publication_problems"]

_TAG = re.compile(r"<[^>]+>")
_EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|poster|data|srcset)\s*=\s*["']?\s*(?:https?:)?//)"""
                       r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|<script|<iframe|<object|<embed|<link\b""", re.I)
_COUNT_CELL = re.compile(r'<td[^>]*class="[^"]*\btelling\b[^"]*"[^>]*>(.*?)</td>', re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def publication_problems(page: str, check_counts: bool = True) -> list[str]:
    """Why ``page`` may not leave the machine: references to anything outside the file,
    and (unless switched off for internal reports) count cells that show a number of
    people at or below the disclosure threshold or not rounded to the base."""
    from analyse.disclosure.rules import load_rules

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
            digits = text.replace(".", "")
            if not digits.isdigit():
                problems.append(f"telling '{text}' is geen afgerond aantal")
                continue
            count = int(digits)
            small = count <= rules.threshold and not (rules.method == "cbs" and count == 0)
            if small or count % rules.base:
                problems.append(f"telling {text} in een tabel: aantallen van {rules.threshold} of minder moeten "
                                f"verborgen zijn en andere afgerond op {rules.base}")
    return problems
