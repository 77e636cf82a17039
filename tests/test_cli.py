"""The installed console script behaves as the README says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from analyse.config import ROOT

ANALYSE = Path(sys.executable).parent / "analyse"


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([str(ANALYSE), *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_console_script_validates_shipped_data():
    result = _run("validate")
    assert result.returncode == 0, result.stderr
    assert "datasets valid" in result.stdout


def test_bad_arguments_exit_2_without_traceback():
    result = _run("validate", "--no-such-flag")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_data_dir_is_a_clear_error(tmp_path):
    result = _run("validate", "--data-dir", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "municipality.yaml: file not found" in result.stderr
    assert "Traceback" not in result.stderr
