"""Build validated, typed Parquet files plus a manifest, atomically.

``data/processed/`` is replaced as a whole: outputs are written to a temporary sibling
directory and swapped into place in one atomic step (``renameat2`` exchange; two renames
where the file system cannot, recovered by the next build) only when every dataset was
validated and written, so a failed, interrupted or killed build leaves the previous
processed data as it was. Builds into one folder take turns (a lock next to it); ``--out``
must be empty, new, or made by the toolkit (marker ``.analyse-processed``): a folder with
other files is refused, never deleted. The
manifest records the sha256 of every input and output, row counts, the schema version
and the package version; a rerun whose inputs hash the same does no work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
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
    ConfigError,
    load_municipality,
)
from analyse.data.catalog import load_catalog
from analyse.data.contracts import build_schemas
from analyse.data.folders import check_owned, exchange, folder_lock, mark, remove_leftovers
from analyse.data.problems import InputError, problem
from analyse.data.validate import display_path, finalize, validate_dir

#: Marker file of a processed-data folder made by ``analyse build``.
MARKER = ".analyse-processed"
#: A build waits this long for another build into the same folder (it then finds it current).
BUILD_LOCK_WAIT_S = 600.0


def _own_entry(out_dir: Path):
    """Entries a processed folder made before markers existed may hold."""
    outputs = {o.get("file") for o in ((read_manifest(out_dir) or {}).get("outputs") or {}).values()
               if isinstance(o, dict)}

    def is_own(name: str) -> bool:
        return name in (MANIFEST_FILE, ".gitkeep") or (name in outputs and name.endswith(".parquet"))

    return is_own


def check_out_dir(data_dir: Path, out_dir: Path) -> None:
    """ConfigError (exit 2) unless ``out_dir`` may be replaced by a build of ``data_dir``."""
    data, out = data_dir.resolve(), out_dir.resolve()
    if out == data or out in data.parents:
        raise ConfigError(f"--out {out_dir}: is the data folder or contains it: expected a separate folder "
                          "for the processed data; nothing was changed or deleted")
    is_own = _own_entry(out_dir)
    check_owned(out_dir, MARKER, is_own, "--out")
    if (out_dir / MARKER).is_file():
        # A build replaces the whole folder: what a user added to it after the marker was put
        # there would be lost, so it is refused too (the marker is no licence to delete it).
        foreign = sorted(p.name for p in out_dir.iterdir() if p.name != MARKER and not is_own(p.name))
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise ConfigError(f"--out {out_dir}: holds files the toolkit did not make ({shown}); a build "
                              "replaces the whole folder, so they would be lost: move them elsewhere or choose "
                              "another --out; nothing was changed or deleted")


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
    check_out_dir(data_dir, out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(out_dir.parent, f"a build into {out_dir}", name=f".{out_dir.name}.lock",
                     wait=BUILD_LOCK_WAIT_S):
        _recover(out_dir)
        if not force and is_current(data_dir, out_dir):
            return BuildResult(False, out_dir, read_manifest(out_dir) or {})
        return _build(data_dir, out_dir, progress)


def _recover(out_dir: Path) -> None:
    """Undo what a killed build left: a half swap (restore the old folder) and temporaries."""
    from analyse.logs import get

    log = get("analyse.build")
    pattern = rf"\.{re.escape(out_dir.name)}\.(?:tmp|old)-(?P<pid>\d+)"
    if not out_dir.exists():
        olds = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"))
        if olds:
            os.replace(olds[-1], out_dir)
            log.warning("restored %s from %s left by an interrupted build", out_dir, olds[-1].name)
    remove_leftovers(out_dir.parent, pattern, log.warning)


def _build(data_dir: Path, out_dir: Path, progress: bool) -> BuildResult:
    hashes_before = input_hashes(data_dir)
    result = validate_dir(data_dir, progress=progress)
    if not result.ok:
        raise InputError(result.problems)
    schemas = build_schemas(result.municipality)
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
        mark(tmp, MARKER, "made by 'analyse build': the whole folder is replaced by the next build")
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BuildResult(True, out_dir, manifest)


def _write_parquet(frame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def _swap_into_place(new: Path, target: Path) -> None:
    """Replace directory ``target`` by ``new``: one atomic exchange, or two renames (old
    kept until the end; a build killed between them is undone by :func:`_recover`)."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists() and exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the previous build
        return
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
