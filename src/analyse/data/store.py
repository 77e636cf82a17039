"""Build validated, typed Parquet files plus a manifest, atomically.

``data/processed/`` is replaced as a whole: outputs are written to a temporary sibling
directory and moved into place only when every dataset was validated and written, so
a failed or interrupted build leaves the previous processed data as it was. The
manifest records the sha256 of every input and output, row counts, the schema version
and the package version; a rerun whose inputs hash the same does no work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from analyse import __version__
from analyse.config import (
    CATALOG_FILE,
    MANIFEST_FILE,
    MUNICIPALITY_FILE,
    PROCESSED_DIR,
    RAW_DIR,
    SCHEMA_VERSION,
    load_municipality,
)
from analyse.data.catalog import load_catalog
from analyse.data.contracts import build_schemas
from analyse.data.problems import InputError, problem
from analyse.data.validate import display_path, finalize, validate_dir


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(data_dir: Path) -> list[Path]:
    """Every file a build reads: the two configuration files and each dataset's file."""
    muni = load_municipality(data_dir)
    catalog = load_catalog(data_dir, set(build_schemas(muni)))
    files = [data_dir / CATALOG_FILE, data_dir / MUNICIPALITY_FILE]
    files += [data_dir / d.file for d in catalog.values()]
    return files


def input_hashes(data_dir: Path) -> dict[str, str]:
    """sha256 per input file, keyed by its name inside the data directory."""
    return {str(p.relative_to(data_dir)): sha256_file(p) for p in input_files(data_dir) if p.exists()}


def read_manifest(out_dir: Path) -> dict | None:
    path = out_dir / MANIFEST_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(data_dir: Path, out_dir: Path) -> bool:
    """True when ``out_dir`` holds a complete build of exactly these inputs."""
    manifest = read_manifest(out_dir)
    if not manifest:
        return False
    if manifest.get("schema_version") != SCHEMA_VERSION or manifest.get("package_version") != __version__:
        return False
    if manifest.get("data_dir") != str(data_dir.resolve()):
        return False
    if manifest.get("inputs") != {k: {"sha256": v} for k, v in input_hashes(data_dir).items()}:
        return False
    for output in manifest.get("outputs", {}).values():
        path = out_dir / output["file"]
        if not path.exists() or sha256_file(path) != output["sha256"]:
            return False
    return True


@dataclass
class BuildResult:
    built: bool  # False when the processed data was already current
    out_dir: Path
    manifest: dict


def build(data_dir: Path | str | None = None, out_dir: Path | str | None = None, force: bool = False,
          progress: bool = False) -> BuildResult:
    """Validate ``data_dir`` and write Parquet + manifest to ``out_dir``.

    Raises InputError (with every problem) when the inputs are invalid; nothing in
    ``out_dir`` changes then."""
    data_dir = Path(data_dir or RAW_DIR)
    out_dir = Path(out_dir or PROCESSED_DIR)
    if not force and is_current(data_dir, out_dir):
        return BuildResult(False, out_dir, read_manifest(out_dir) or {})
    hashes_before = input_hashes(data_dir)
    result = validate_dir(data_dir, progress=progress)
    if not result.ok:
        raise InputError(result.problems)
    schemas = build_schemas(result.municipality)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        outputs = {}
        for name, frame in result.frames.items():
            dataset = result.catalog[name]
            table = finalize(frame, schemas[dataset.schema])
            path = tmp / f"{name}.parquet"
            _write_parquet(table, path)
            outputs[name] = {"file": path.name, "sha256": sha256_file(path), "rows": int(len(table)),
                             "columns": list(table.columns), "schema": dataset.schema, "status": dataset.status,
                             "source_file": dataset.file}
        manifest = {
            "package_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "municipality": result.municipality.name,
            "data_dir": str(data_dir.resolve()),
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "inputs": {k: {"sha256": v} for k, v in hashes_before.items()},
            "outputs": outputs,
        }
        if input_hashes(data_dir) != hashes_before:
            raise InputError([problem(display_path(data_dir), "input files changed during the build: "
                                              "expected them unchanged; run the build again")])
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / ".gitkeep").touch()
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(True, out_dir, manifest)


def _write_parquet(frame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def _swap_into_place(new: Path, target: Path) -> None:
    """Replace directory ``target`` by ``new`` with two renames (old kept until the end)."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
