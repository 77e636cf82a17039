"""Is the reported quarter complete? Every quarterly dataset must have rows for it.

A dataset is *quarterly* when its contract's unique key includes a column of kind
``quarter`` (one row per quarter and key: realisation, evaluations, care_use, ...). A
dataset that merely dates its rows by quarter but is keyed otherwise (the Positive
Health survey, keyed by survey round) is not: it need not have every quarter.

``analyse run`` calls :func:`missing_for_period` after the build and before anything
runs: without ``--allow-incomplete`` a gap stops the run (exit 2, nothing changed); with
it, every report of the run carries the banner of :func:`incomplete_banner`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analyse.config import Municipality
from analyse.errors import UserError

__all__ = ["ALLOW_FLAG", "Missing", "IncompleteDataError", "quarterly_datasets", "missing_for_period",
           "incomplete_banner", "incomplete_message"]

#: The command-line flag that publishes a period with missing data (with a warning banner).
ALLOW_FLAG = "--allow-incomplete"


@dataclass(frozen=True)
class Missing:
    """A quarterly dataset without rows for the reported quarter."""

    dataset: str  # catalog name, e.g. "care_use"
    title: str  # Dutch title from the catalog, e.g. "Zorggebruik Wmo en jeugd per kern"
    last: str | None  # last quarter the dataset has ("2026Q2"), None when it has no rows


class IncompleteDataError(UserError):
    """The reported quarter is missing from one or more quarterly datasets (exit 2)."""

    def __init__(self, period: str, missing: list[Missing]):
        self.period = period
        self.missing = missing
        super().__init__(incomplete_message(period, missing))


def quarterly_datasets(manifest: dict, muni: Municipality) -> dict[str, str]:
    """Quarterly datasets of a processed-data manifest: name -> its quarter key column.

    Taken from the contracts (:func:`analyse.data.contracts.build_schemas`): a dataset is
    quarterly when a column of kind ``quarter`` is part of its unique key."""
    from analyse.data.contracts import build_schemas

    schemas = build_schemas(muni)
    out = {}
    for name, entry in sorted(manifest.get("outputs", {}).items()):
        schema = schemas.get(entry.get("schema", name))
        if schema is None:
            continue
        for column in schema.metadata.get("key", []):
            spec = schema.columns.get(column)
            if spec is not None and (spec.metadata or {}).get("kind") == "quarter":
                out[name] = column
                break
    return out


def missing_for_period(processed: Path, period: str, muni: Municipality) -> list[Missing]:
    """The quarterly datasets in ``processed`` (Parquet + manifest.json) without rows for ``period``."""
    from analyse.data.store import read_manifest

    manifest = read_manifest(processed) or {}
    outputs = manifest.get("outputs", {})
    titles = _titles(manifest)
    wanted = pd.Period(period, freq="Q")
    missing = []
    for name, column in quarterly_datasets(manifest, muni).items():
        quarters = pd.read_parquet(processed / outputs[name]["file"], columns=[column])[column].dropna()
        present = {pd.Period(str(q), freq="Q") for q in quarters.unique()}
        if wanted not in present:
            missing.append(Missing(name, titles.get(name, name), str(max(present)) if present else None))
    return missing


def _titles(manifest: dict) -> dict[str, str]:
    """Dutch dataset titles from the catalog next to the data (names when unreadable)."""
    from analyse.data.catalog import load_catalog

    try:
        return {name: d.title for name, d in load_catalog(manifest.get("data_dir")).items()}
    except Exception:  # noqa: BLE001 - titles are a courtesy; the names still identify the data
        return {}


def incomplete_message(period: str, missing: list[Missing]) -> str:
    """The command-line message (exit 2) for a period with missing quarterly data."""
    shown = "; ".join(f"{m.dataset} (last quarter {m.last or 'none'})" for m in missing)
    return (f"--period {period}: no data for {period} yet in {len(missing)} quarterly dataset(s): {shown}. "
            f"Nothing was run or changed. Choose an earlier --period, add the data, or pass {ALLOW_FLAG} "
            "to publish with a 'gegevens ontbreken' warning in every report.")


def incomplete_banner(period: str, missing: list[Missing]) -> dict[str, str]:
    """The Dutch warning banner for reports published with ``--allow-incomplete``."""
    shown = "; ".join(f"{m.title} (laatste kwartaal met gegevens: {m.last})" if m.last
                      else f"{m.title} (nog geen gegevens)" for m in missing)
    return {"kind": "ontbreekt",
            "text": f"Gegevens ontbreken: voor {period} zijn nog niet alle gegevens binnen. Ontbrekend: {shown}. "
                    f"Cijfers over {period} die op deze gegevens rusten, ontbreken of zijn onvolledig."}
