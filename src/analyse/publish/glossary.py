"""The begrippenlijst (glossary): the reports' jargon explained in plain Dutch.

The terms are data (``templates/begrippen/glossary.yaml``: per group a list of terms, each
with a Dutch explanation and, where one exists, its source). ``analyse run`` renders them
with the report template (same house style, offline, no scripts) as
``reports/<period>/begrippen.html``; every report links to it in its header and the
index links to the newest one.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from pathlib import Path

import nbformat
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from analyse.errors import ConfigError
from analyse.publish.publication import GLOSSARY_FILE

__all__ = ["GLOSSARY_FILE", "GLOSSARY_SOURCE", "Glossary", "Term", "anchor", "glossary_notebook", "load_glossary",
           "render_glossary"]

#: The glossary as data, shipped with the package (package-data covers publish/templates/*/*).
GLOSSARY_SOURCE = Path(__file__).resolve().parent / "templates" / "begrippen" / "glossary.yaml"


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=3)
    href: str | None = Field(default=None, pattern=r"^https://")


class Term(BaseModel):
    """One term: as the reports write it, its Dutch explanation and its sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    term: str = Field(min_length=2)
    explanation: str = Field(min_length=10)
    source: tuple[Source, ...] = ()


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    group: str = Field(min_length=3)
    terms: tuple[Term, ...] = Field(min_length=1)


class Glossary(BaseModel):
    """The whole begrippenlijst; terms (and their anchors) are unique."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    intro: str = ""
    groups: tuple[Group, ...] = Field(min_length=1)

    @property
    def terms(self) -> list[Term]:
        return [t for g in self.groups for t in g.terms]

    @model_validator(mode="after")
    def _unique(self) -> Glossary:
        seen: set[str] = set()
        for term in self.terms:
            if anchor(term.term) in seen:
                raise ValueError(f"term {term.term!r} appears twice")
            seen.add(anchor(term.term))
        return self


def anchor(term: str) -> str:
    """The link target of a term on the glossary page, ASCII without the part in brackets:
    "P5 en P95 (5e en 95e percentiel)" -> "begrip-p5-en-p95", "Reëel" -> "begrip-reeel"."""
    base = re.sub(r"\(.*?\)", "", term).strip() or term
    ascii_text = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode().lower()
    return "begrip-" + (re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "term")


@cache
def _load(path: Path) -> Glossary:
    try:
        return Glossary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path.name}: {exc}") from None


def load_glossary(path: Path | str | None = None) -> Glossary:
    """The glossary from ``path`` (default: the shipped one)."""
    return _load(Path(path or GLOSSARY_SOURCE).resolve())


def _source_html(source: tuple[Source, ...]) -> str:
    if not source:
        return ""
    items = [f'<a href="{html.escape(s.href)}">{html.escape(s.title)}</a>' if s.href else html.escape(s.title)
             for s in source]
    return f'<br><span class="begrip-bron">Bron: {"; ".join(items)}</span>'


def glossary_notebook(glossary: Glossary) -> nbformat.NotebookNode:
    """The glossary as a notebook of Markdown cells (one per group), for the report template."""
    cells = [nbformat.v4.new_markdown_cell(f"# {glossary.title}\n\n{glossary.intro}".strip())]
    for group in glossary.groups:
        entries = "".join(
            f'<dt id="{anchor(t.term)}">{html.escape(t.term)}</dt>'
            f"<dd>{html.escape(' '.join(t.explanation.split()))}{_source_html(t.source)}</dd>"
            for t in group.terms)
        # one HTML block without blank lines, so Markdown keeps it together
        cells.append(nbformat.v4.new_markdown_cell(f"## {group.group}\n\n<dl class=\"begrippen\">{entries}</dl>\n"))
    return nbformat.v4.new_notebook(cells=cells)


def render_glossary(municipality: str, period_label: str, glossary: Glossary | None = None) -> str:
    """The self-contained HTML page of the glossary, in the report style (no provenance section)."""
    from analyse.publish.report import render_html

    glossary = glossary or load_glossary()
    return render_html(glossary_notebook(glossary), title=glossary.title, municipality=municipality,
                       period_label=period_label, banners=[], provenance=None, glossary_href=None)
