"""The data dictionary, generated from the schemas (never written by hand).

``analyse dictionary --out docs/data-dictionary.md`` regenerates the page; a test
checks the committed page equals the generated one.
"""

from __future__ import annotations

from pathlib import Path

from analyse.config import LIST_SEPARATOR, load_municipality
from analyse.data.catalog import load_catalog
from analyse.data.contracts import build_schemas

KIND_LABELS = {
    "text": "text",
    "category": "text (coded)",
    "list": f"list, items separated by `{LIST_SEPARATOR}`",
    "money": "euros",
    "money_thousands": "thousands of euros (read as euros)",
    "number": "number",
    "fraction": "share 0-1 or percentage",
    "percent": "percentage points",
    "int": "whole number",
    "year": "year",
    "quarter": "quarter (2021Q3)",
    "halfyear": "half-year (2024H1)",
    "date": "date",
}

FORMATS = """\
## How files may be written

- **Files**: CSV (`.csv`) or Excel (`.xlsx`, first sheet unless the catalog names
  `sheet`). CSV may be separated by commas, semicolons or tabs and encoded as UTF-8
  (with or without BOM) or Windows-1252, as Excel saves it.
- **Column names**: as listed below; case, spaces and hyphens do not matter
  (`Budget line` = `budget_line`). Unknown columns are reported, so typos do not
  silently drop data.
- **Numbers**: Dutch or plain. In semicolon files (Excel, Dutch locale) the comma is
  the decimal separator: `€ 1.200.000`, `1.200.000,50`, `2,97`. In comma or tab files
  the point is: `1200000.50`. Unambiguous forms work in both (`2,97`, `1.200.000`);
  the catalog can set `decimal` per dataset.
- **Shares** (deductions, drop-off): `0,1`, `0.1` or `10%`; a bare number above 1 is
  refused rather than guessed.
- **Quarters**: `2021Q3`, `2021-Q3`, `2021 K3` or `Q3 2021`. **Dates**: `2021-03-01`
  or `1-3-2021` (day first).
- **Coded values** (kern, partner, policy field, actor, dimension): spelled as in
  `municipality.yaml` or this page; case does not matter.
"""


def _allowed(column) -> str:
    meta = column.metadata
    parts = []
    if meta.get("allowed"):
        parts.append(meta["allowed"])
    for check in column.checks:
        if check.name == "isin" and meta.get("allowed"):
            continue
        parts.append(check.error.removeprefix("expected ").strip())
    return "; ".join(parts).replace("|", "\\|")


def render_dictionary(data_dir: Path | str | None = None) -> str:
    """Markdown page describing every dataset of the catalog and its contract."""
    muni = load_municipality(data_dir)
    schemas = build_schemas(muni)
    catalog = load_catalog(data_dir, set(schemas))
    lines = [
        "# Data dictionary",
        "",
        "Generated from the data contracts in `src/analyse/schemas.py` by",
        "`analyse dictionary --out docs/data-dictionary.md`; do not edit by hand.",
        f"Allowed kernen, partners, policy fields and actors come from `municipality.yaml`"
        f" (shipped example: {muni.name}).",
        "",
        FORMATS,
        "## Configuration (`municipality.yaml`)",
        "",
        f"- kernen: {', '.join(muni.kernen)}",
        f"- partners: {', '.join(muni.partners)}",
        f"- policy_fields: {', '.join(muni.policy_fields)}",
        f"- actors: {', '.join(f'`{k}` ({v})' for k, v in muni.actors.items())}",
        f"- period.start: {muni.period_start}; quarters run up to the last completed quarter",
        "",
        "## Datasets",
        "",
    ]
    files = {d.schema: d for d in catalog.values()}
    for name, schema in schemas.items():
        dataset = files.get(name)
        lines += [f"### `{name}`: {schema.title}", "", schema.description, ""]
        if dataset:
            lines += [f"- shipped file: `data/raw/{dataset.file}` ({dataset.status})"]
        lines += [f"- unique key: {', '.join(f'`{k}`' for k in schema.metadata['key'])}"]
        for value, (low, high) in schema.metadata.get("ranges", {}).items():
            lines += [f"- `{low}` <= `{value}` <= `{high}` where given"]
        lines += ["", "| column | titel | type | required | may be empty | allowed | unit | description |",
                  "|---|---|---|---|---|---|---|---|"]
        for col_name, column in schema.columns.items():
            meta = column.metadata
            unit = meta.get("unit") or ""
            if meta.get("count"):
                unit += " (count of people: protected in reports)"
            lines.append(" | ".join([
                f"| `{col_name}`", column.title or "", KIND_LABELS[meta["kind"]],
                "yes" if column.required else "no", "yes" if column.nullable else "no",
                _allowed(column), unit.strip(), (column.description or "").replace("|", "\\|") + " |",
            ]))
        lines.append("")
    return "\n".join(lines)
