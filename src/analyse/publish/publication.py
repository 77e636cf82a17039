"""Publishing a run: a new complete version of ``reports/<period>/``, switched in atomically.

Layout of an output folder::

    index.html
    2026Q3 -> versions/2026Q3/20261001T061502     the current version (a symbolic link)
    versions/2026Q3/20260702T061455/              an earlier version, kept (history)
    versions/2026Q3/20261001T061502/              HTML, run.json, begrippen.html, notebooks/

A run builds the new version in a hidden folder next to the others: a copy (hard links)
of the current version, the staged files of this run moved in, run.json and the
begrippenlijst written. It is renamed to its final name and then ``reports/<period>``
is switched to it by replacing the link in one ``rename``. A run killed at any moment
therefore leaves the period either as it was or as the new complete version, HTML and
run.json together; :func:`recover` (run by the next run, under the folder's lock)
removes what a killed run left half-made and says so. A failed report never replaces a
previously published HTML: the new version keeps the old page (and records the failure).
Every page of a version links only inside its own folder, so earlier versions keep working.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from analyse import __version__
from analyse.data.folders import exchange, remove_leftovers
from analyse.publish.jobs import JobResult

__all__ = ["GLOSSARY_FILE", "KEPT_SUFFIXES", "RUN_FILE", "VERSIONS_DIR", "atomic_write", "current_version",
           "publish", "read_run", "recover"]

RUN_FILE = "run.json"
#: The begrippenlijst next to the reports of a period (analyse.publish.glossary), linked from every header.
GLOSSARY_FILE = "begrippen.html"
#: Staged files kept next to the reports for diagnosis, per job.
KEPT_SUFFIXES = (".ipynb", ".log", ".refused.html")
#: Folder (inside the output folder) holding every version of every period.
VERSIONS_DIR = "versions"
PERIOD_NAME = re.compile(r"\d{4}Q[1-4]")
#: Test hook: the name of a step at which the process kills itself (SIGKILL), to test crash safety.
CRASH_ENV = "ANALYSE_CRASH_AT"


def crash_point(step: str) -> None:
    """Kill this process at ``step`` when the test hook asks for it (never in normal use)."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old or the new file, never half.
    A path that is no regular file (a device such as /dev/stdout, a pipe) is written to
    directly, never replaced; every write error (also on close, e.g. a full disk) raises."""
    if path.exists() and not path.is_file() and not path.is_dir():
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc  # the message names the file
        return
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


def current_version(out_period: Path) -> Path | None:
    """The folder ``reports/<period>`` shows now (a version, or an old plain folder)."""
    if out_period.is_symlink():
        target = out_period.resolve()
        return target if target.is_dir() else None
    return out_period if out_period.is_dir() else None


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)  # files are never changed in place, so versions may share them
    except OSError:
        shutil.copy2(src, dst)


def _stamp(when: dt.datetime | None = None) -> str:
    return (when or dt.datetime.now()).strftime("%Y%m%dT%H%M%S")


def _free_name(folder: Path, name: str) -> str:
    candidate, n = name, 1
    while (folder / candidate).exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def _point(out_period: Path, version: Path) -> None:
    """Make ``out_period`` a link to ``version`` in one atomic step (an old plain folder
    is exchanged for the link and then removed: its copy is a version by now)."""
    link = out_period.with_name(f".{out_period.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(version, out_period.parent), link)
    if out_period.is_dir() and not out_period.is_symlink():
        if exchange(link, out_period):
            shutil.rmtree(link)  # the old plain folder, now under the temporary name
            return
        old = out_period.with_name(f".{out_period.name}.old-{os.getpid()}")
        os.replace(out_period, old)
        os.replace(link, out_period)
        shutil.rmtree(old)
        return
    os.replace(link, out_period)


def _adopt(out_period: Path, versions: Path) -> None:
    """An old plain period folder becomes the first version (copied, then switched)."""
    run = read_run(out_period / RUN_FILE)
    try:
        when = dt.datetime.fromisoformat(str(run.get("finished")))
    except ValueError:
        when = dt.datetime.fromtimestamp(out_period.stat().st_mtime)
    name = _free_name(versions, _stamp(when))
    tmp = versions / f".new-{name}-{os.getpid()}"
    shutil.copytree(out_period, tmp, symlinks=True, copy_function=_link_or_copy)
    os.replace(tmp, versions / name)
    _point(out_period, versions / name)


def published_versions(versions: Path) -> list[str]:
    """Names of the complete versions of a period (with run.json), oldest first."""
    if not versions.is_dir():
        return []
    return sorted(p.name for p in versions.iterdir() if not p.name.startswith(".") and (p / RUN_FILE).exists())


def publish(results: list[JobResult], staging: Path, out_period: Path, period: str, extra: dict,
            glossary: str | None = None) -> dict:
    """Make the new version of ``out_period`` from the current one and this run's staged
    files, then switch to it; return its run.json."""
    versions = out_period.parent / VERSIONS_DIR / period
    versions.mkdir(parents=True, exist_ok=True)
    if out_period.is_dir() and not out_period.is_symlink():
        _adopt(out_period, versions)
    previous_dir = current_version(out_period)
    previous_run = read_run(previous_dir / RUN_FILE) if previous_dir else {}
    previous = previous_run.get("reports", {})
    name = _free_name(versions, _stamp())
    new = versions / f".new-{name}-{os.getpid()}"
    if previous_dir:
        shutil.copytree(previous_dir, new, symlinks=True, copy_function=_link_or_copy,
                        ignore=lambda folder, names: [RUN_FILE] if Path(folder) == previous_dir else [])
    (new / "notebooks").mkdir(parents=True, exist_ok=True)
    crash_point("copied")
    reports = dict(previous)
    for res in results:
        for suffix in KEPT_SUFFIXES:
            kept = staging / f"{res.name}{suffix}"
            (new / "notebooks" / kept.name).unlink(missing_ok=True)  # never a stale diagnosis file
            if kept.exists():
                os.replace(kept, new / "notebooks" / kept.name)
        res.notebook_file = f"notebooks/{res.name}.ipynb"
        if res.status == "ok" and res.html:
            os.replace(staging / res.html, new / res.html)
        else:
            # keep the last good HTML (if any) published, but record this failure
            res.html = previous.get(res.name, {}).get("html") if (new / f"{res.name}.html").exists() else None
        reports[res.name] = asdict(res)
    if glossary is not None:
        (new / GLOSSARY_FILE).write_text(glossary, encoding="utf-8")
    earlier = [v for v in reversed(published_versions(versions))]
    run = {"period": period, "package_version": __version__, **extra, "version": name,
           "previous_versions": earlier, "reports": reports}
    (new / RUN_FILE).write_text(json.dumps(run, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    crash_point("written")
    os.replace(new, versions / name)
    crash_point("renamed")
    _point(out_period, versions / name)
    crash_point("switched")
    return run


#: Temporary entries of a run in the output folder (staging folder, period link being
#: switched, index being written), each ending in the pid of the run that made it.
LEFTOVERS = r"(?:\.staging-\d{4}Q[1-4]|\.\d{4}Q[1-4]\.(?:link|old)|\.index\.html\.tmp)-(?P<pid>\d+)"


def recover(output_dir: Path, say: Callable[[str], None]) -> list[str]:
    """Clean up after a run that was killed (call under the folder's lock): staging
    folders, temporary links and half-made versions go; a version that was made but never
    switched to is removed; a period whose link is missing points to its newest version.
    Returns what was done (each also told with ``say``)."""
    done: list[str] = []

    def tell(text: str) -> None:
        done.append(text)
        say(text)

    remove_leftovers(output_dir, LEFTOVERS, tell)
    root = output_dir / VERSIONS_DIR
    for versions in sorted(root.iterdir()) if root.is_dir() else []:
        for half in sorted(versions.glob(".new-*")):
            shutil.rmtree(half, ignore_errors=True)
            tell(f"removed the unfinished version {VERSIONS_DIR}/{versions.name}/{half.name} of an interrupted run")
        out_period = output_dir / versions.name
        current = current_version(out_period)
        complete = published_versions(versions)
        if current is None and complete and not out_period.exists():
            out_period.unlink(missing_ok=True)  # a dangling link
            _point(out_period, versions / complete[-1])
            tell(f"{versions.name}: restored the link to version {complete[-1]}")
        elif current is not None and current.parent == versions.resolve():
            for name in complete:
                if name > current.name:
                    shutil.rmtree(versions / name)
                    tell(f"{versions.name}: removed version {name}, made by an interrupted run but never published")
    return done
