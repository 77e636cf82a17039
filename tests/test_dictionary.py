"""The data dictionary page is generated from the schemas and kept in sync."""

from __future__ import annotations

from analyse.config import RAW_DIR, ROOT, load_municipality
from analyse.data.contracts import build_schemas
from analyse.data.dictionary import render_dictionary


def test_committed_dictionary_is_current():
    committed = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert committed == render_dictionary(RAW_DIR), "regenerate with: make dictionary"


def test_dictionary_describes_every_column_of_every_schema():
    text = render_dictionary(RAW_DIR)
    for name, schema in build_schemas(load_municipality(RAW_DIR)).items():
        assert f"### `{name}`" in text
        for column in schema.columns:
            assert f"| `{column}` |" in text, (name, column)


def test_readme_links_the_dictionary():
    assert "docs/data-dictionary.md" in (ROOT / "README.md").read_text(encoding="utf-8")
