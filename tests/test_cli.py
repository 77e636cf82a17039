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


def test_every_command_in_the_readme_exists():
    import re

    from analyse.cli import _parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\.venv/bin/analyse (\w+)", readme))
    sub = next(a for a in _parser()._actions if a.dest == "command")
    assert used and used <= set(sub.choices), used - set(sub.choices)
    targets = set(re.findall(r"^make (\w[\w-]*)", readme, flags=re.M))
    makefile = (ROOT / "Makefile").read_text()
    assert targets and all(re.search(rf"^{t}:", makefile, flags=re.M) for t in targets), targets
