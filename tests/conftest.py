"""Shared fixtures: paths, a scratch copy of the shipped data, and a CLI runner."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from analyse import cli
from analyse.config import RAW_DIR, ROOT

TESTS = Path(__file__).resolve().parent
TEST_DATA = TESTS / "data"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data/raw."""
    target = tmp_path / "raw"
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
