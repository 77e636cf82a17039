"""Publishing a run: move the staged files into ``reports/<period>/`` and write run.json.

Each file is moved with an atomic rename after all jobs finished, so a run killed midway
leaves the published reports as they were. A failed report never replaces a previously
published HTML; its executed notebook (with the error), log and refused page are kept in
``reports/<period>/notebooks/`` for diagnosis.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from analyse import __version__
from analyse.publish.jobs import JobResult

__all__ = ["GLOSSARY_FILE", "KEPT_SUFFIXES", "RUN_FILE", "atomic_write", "publish", "read_run"]

RUN_FILE = "run.json"
#: The begrippenlijst next to the reports of a period (analyse.publish.glossary), linked from every header.
GLOSSARY_FILE = "begrippen.html"
#: Staged files kept next to the reports for diagnosis, per job.
KEPT_SUFFIXES = (".ipynb", ".log", ".refused.html")


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never half."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def read_run(path: Path) -> dict:
    """A run.json as a mapping; empty when missing or unreadable."""
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return run if isinstance(run, dict) else {}


def publish(results: list[JobResult], staging: Path, out_period: Path, period: str, extra: dict) -> dict:
    """Move good HTML and all executed notebooks into place; update run.json."""
    (out_period / "notebooks").mkdir(parents=True, exist_ok=True)
    previous = read_run(out_period / RUN_FILE).get("reports", {})
    reports = dict(previous)
    for res in results:
        for suffix in KEPT_SUFFIXES:
            kept = staging / f"{res.name}{suffix}"
            if kept.exists():
                os.replace(kept, out_period / "notebooks" / kept.name)
        res.notebook_file = f"notebooks/{res.name}.ipynb"
        if res.status == "ok" and res.html:
            os.replace(staging / res.html, out_period / res.html)
        else:
            # keep the last good HTML (if any) published, but record this failure
            res.html = previous.get(res.name, {}).get("html") if (out_period / f"{res.name}.html").exists() else None
        reports[res.name] = asdict(res)
    run = {"period": period, "package_version": __version__, **extra, "reports": reports}
    atomic_write(out_period / RUN_FILE, json.dumps(run, indent=2, ensure_ascii=False, default=str) + "\n")
    return run
