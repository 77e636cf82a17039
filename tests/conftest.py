"""Shared fixtures: paths, a scratch copy of the shipped data, and a CLI runner."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from analyse import cli
from analyse.config import RAW_DIR, ROOT
from analyse.data.contracts.cbs import cbs_schemas
from analyse.data.contracts.iv3 import iv3_schemas

TESTS = Path(__file__).resolve().parent
TEST_DATA = TESTS / "data"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data/raw with the municipality's own datasets only:
    the national open data (Iv3 budgets, CBS series: ~100k rows) are left out of the copy and
    its catalog, so a test of one bad cell does not validate them again. Use ``raw_copy_all``
    for a test that needs them."""
    target = tmp_path / "raw"
    shutil.copytree(RAW_DIR, target)
    catalog_file = target / "catalog.yaml"
    catalog = yaml.safe_load(catalog_file.read_text(encoding="utf-8"))
    national = {s.name for s in iv3_schemas() + cbs_schemas()}
    for name in [n for n, entry in catalog["datasets"].items() if entry.get("schema", n) in national]:
        (target / catalog["datasets"].pop(name)["file"]).unlink(missing_ok=True)
    catalog_file.write_text(yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def raw_copy_all(tmp_path: Path) -> Path:
    """A writable copy of the whole shipped data/raw, national open data included."""
    target = tmp_path / "raw_all"
    shutil.copytree(RAW_DIR, target)
    return target


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys):
    """Run ``analyse ARGS`` in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> CliResult:
        code = cli.main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


__all__ = ["ROOT", "TEST_DATA", "CliResult"]
