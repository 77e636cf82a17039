"""The data catalog: which file holds which dataset, its source, licence and status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analyse.config import CATALOG_FILE, RAW_DIR, ConfigError

STATUSES = ("real", "illustrative", "mixed")


@dataclass(frozen=True)
class Dataset:
    name: str
    file: str
    schema: str
    title: str
    description: str
    status: str
    source: str
    licence: str
    decimal: str | None = None
    sheet: str | None = None

    @property
    def illustrative(self) -> bool:
        """True when any figure in the dataset is invented (illustrative or mixed)."""
        return self.status != "real"


def confined_file(data_dir: Path, file: str, where: str) -> Path:
    """``data_dir / file`` when it stays inside the data folder: a relative path without
    ``..`` that, symbolic links followed, still lies inside it. ConfigError (exit 2)
    otherwise, before anything is read."""
    relative = Path(file)
    if relative.is_absolute() or ".." in relative.parts or file.startswith("~"):
        raise ConfigError(f"{where} '{file}': expected a file name inside the data folder "
                          "(no absolute path, no '..')")
    target = data_dir / relative
    try:
        inside = target.resolve().is_relative_to(data_dir.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        raise ConfigError(f"{where} '{file}': is a symbolic link to outside the data folder: expected a file "
                          "inside it")
    return target


def load_catalog(data_dir: Path | str | None = None, known_schemas: set[str] | None = None) -> dict[str, Dataset]:
    """Read ``catalog.yaml`` from a data directory; raise ConfigError when malformed."""
    path = Path(data_dir or RAW_DIR) / CATALOG_FILE
    if not path.exists():
        raise ConfigError(f"{path}: file not found: every data directory needs a {CATALOG_FILE} listing its datasets")
    from analyse.safety import read_yaml

    raw = read_yaml(path) or {}
    entries = raw.get("datasets") if isinstance(raw, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise ConfigError(f"{path}: 'datasets': expected a mapping of dataset name to file, schema, source, ...")
    out = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict) or not entry.get("file"):
            raise ConfigError(f"{path}: dataset '{name}': expected at least 'file'")
        confined_file(path.parent, str(entry["file"]), f"{path}: dataset '{name}': file")
        schema = str(entry.get("schema", name))
        if known_schemas is not None and schema not in known_schemas:
            raise ConfigError(
                f"{path}: dataset '{name}': schema '{schema}': expected one of {', '.join(sorted(known_schemas))}"
            )
        status = str(entry.get("status", "illustrative"))
        if status not in STATUSES:
            raise ConfigError(f"{path}: dataset '{name}': status '{status}': expected one of {', '.join(STATUSES)}")
        decimal = entry.get("decimal")
        if decimal not in (None, ",", "."):
            raise ConfigError(f"{path}: dataset '{name}': decimal '{decimal}': expected ',' or '.'")
        out[str(name)] = Dataset(
            name=str(name),
            file=str(entry["file"]),
            schema=schema,
            title=str(entry.get("title", name)),
            description=str(entry.get("description", "")).strip(),
            status=status,
            source=str(entry.get("source", "")).strip(),
            licence=str(entry.get("licence", "")),
            decimal=decimal,
            sheet=entry.get("sheet"),
        )
    return out
