"""analyse build: typed Parquet + manifest, no work when current, atomic on failure."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from analyse.data import store as build_mod
from analyse.data.store import build, sha256_file


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_build_writes_parquet_and_manifest(raw_copy, tmp_path):
    out = tmp_path / "processed"
    result = build(raw_copy, out)
    assert result.built
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest) >= {"package_version", "schema_version", "inputs", "outputs", "municipality"}
    # Every input (the two configuration files and each dataset file) is hashed.
    assert {"catalog.yaml", "municipality.yaml", "budget.csv", "care_use.csv"} <= set(manifest["inputs"])
    for name, entry in manifest["inputs"].items():
        assert entry["sha256"] == sha256_file(raw_copy / name)
    for entry in manifest["outputs"].values():
        path = out / entry["file"]
        assert entry["sha256"] == sha256_file(path)
        assert entry["rows"] == len(pd.read_parquet(path)) > 0


def test_rerun_with_unchanged_inputs_does_no_work(raw_copy, tmp_path, run_cli):
    out = tmp_path / "processed"
    assert run_cli("build", "--data-dir", raw_copy, "--out", out).code == 0
    before = _snapshot(out)
    again = run_cli("build", "--data-dir", raw_copy, "--out", out)
    assert again.code == 0 and "up to date" in again.out
    assert _snapshot(out) == before  # manifest (with its timestamp) untouched


def test_changed_input_triggers_rebuild(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build(raw_copy, out)
    cpi = raw_copy / "cpi.csv"
    cpi.write_text(cpi.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same data, other bytes
    assert build(raw_copy, out).built


def test_invalid_input_leaves_previous_output_untouched(raw_copy, tmp_path, run_cli):
    out = tmp_path / "processed"
    build(raw_copy, out)
    before = _snapshot(out)
    (raw_copy / "care_use.csv").write_text("quarter,kern,provision,clients\n2015Q1,Atlantis,wmo,3\n", encoding="utf-8")
    result = run_cli("build", "--data-dir", raw_copy, "--out", out)
    assert result.code == 2
    assert "care_use.csv:2: column 'kern': value 'Atlantis'" in result.err
    assert _snapshot(out) == before


@pytest.mark.parametrize("exc", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_build_failing_midway_keeps_previous_output(raw_copy, tmp_path, monkeypatch, exc):
    out = tmp_path / "processed"
    build(raw_copy, out)
    before = _snapshot(out)
    real_write = build_mod._write_parquet
    calls = []

    def failing_write(frame, path):
        calls.append(path)
        if len(calls) == 3:  # two datasets written, then the failure
            raise exc
        real_write(frame, path)

    monkeypatch.setattr(build_mod, "_write_parquet", failing_write)
    with pytest.raises(type(exc)):
        build(raw_copy, out, force=True)
    assert len(calls) == 3
    assert _snapshot(out) == before
    # No temporary directories are left behind next to the output (the lock file stays: empty, harmless).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".processed.lock", "processed", "raw"]


def test_failure_during_swap_restores_previous_output(raw_copy, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    build(raw_copy, out)
    before = _snapshot(out)
    real_replace = build_mod.os.replace
    calls = []

    def flaky_replace(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # old moved aside, then moving the new one in fails
            raise OSError("simulated crash")
        real_replace(src, dst)

    monkeypatch.setattr(build_mod.os, "replace", flaky_replace)
    monkeypatch.setattr(build_mod, "exchange", lambda new, target: False)  # a file system without renameat2
    with pytest.raises(OSError):
        build(raw_copy, out, force=True)
    monkeypatch.undo()
    assert _snapshot(out) == before


def test_files_a_user_added_to_a_built_folder_are_refused_never_deleted(raw_copy, tmp_path, run_cli):
    out = tmp_path / "proc-f"
    assert run_cli("build", "--data-dir", raw_copy, "--out", out).code == 0
    (out / "notes.txt").write_text("mijn aantekeningen", encoding="utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "y").write_text("y", encoding="utf-8")
    cpi = raw_copy / "cpi.csv"
    cpi.write_text(cpi.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a rebuild is due
    result = run_cli("build", "--data-dir", raw_copy, "--out", out)
    assert result.code == 2
    assert "holds files the toolkit did not make (notes.txt, sub)" in result.err
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mijn aantekeningen"
    assert (out / "sub" / "y").exists()
    (out / "notes.txt").unlink()
    (out / "sub" / "y").unlink()
    (out / "sub").rmdir()
    assert run_cli("build", "--data-dir", raw_copy, "--out", out).code == 0  # its own files only: rebuilt
