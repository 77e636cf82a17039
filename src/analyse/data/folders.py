"""Folders the toolkit writes: a lock per folder, a marker saying "made by analyse",
an atomic directory swap, and leftovers of interrupted runs.

Rules every writer follows (``analyse build --out``, ``analyse run --output-dir``):

- it writes under an exclusive lock (:func:`folder_lock`); a second writer gets
  :class:`~analyse.errors.LockedError` (exit 75) instead of interleaving;
- it only ever deletes what it made: a folder is replaced or cleaned only when it is
  empty, carries the marker file, or holds nothing but the toolkit's own files
  (:func:`check_owned`); anything else is refused (exit 2) before anything is written;
- leftovers of a killed run (temporary siblings and staging folders) are removed by the
  next run, which says so (:func:`remove_leftovers`).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from analyse.errors import ConfigError, LockedError

__all__ = ["LOCK_FILE", "check_owned", "exchange", "folder_lock", "mark", "pid_alive", "remove_leftovers"]

LOCK_FILE = ".analyse.lock"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def folder_lock(folder: Path, what: str, name: str = LOCK_FILE, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder/name`` (created), waiting up to ``wait``
    seconds, or raise LockedError naming the process that holds it. The lock goes with
    the process, so a killed run never leaves a stale lock."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    handle = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(handle.fileno()):
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise LockedError(f"{folder}: {what} is already running ({holder}); nothing was changed. "
                              "Try again when it has finished (exit status 75).") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise
        return False
    return True


def mark(folder: Path, marker: str, text: str) -> None:
    """Put the marker file that says the toolkit made ``folder``."""
    path = folder / marker
    if not path.exists():
        path.write_text(text + "\n", encoding="utf-8")


def check_owned(folder: Path, marker: str, is_own: Callable[[str], bool], option: str) -> None:
    """Refuse (ConfigError, exit 2) a folder that holds anything the toolkit did not make.

    Fine: a folder that does not exist, an empty one, one with the marker, or one whose
    every entry ``is_own`` recognises (made by an earlier version, before markers)."""
    if folder.is_symlink():
        raise ConfigError(f"{option} {folder}: is a symbolic link: expected the real folder it points to "
                          f"({folder.resolve()})")
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{option} {folder}: is not a folder: expected a folder for the toolkit's output")
    if not folder.exists() or (folder / marker).exists():
        return
    foreign = sorted(p.name for p in folder.iterdir() if not is_own(p.name))
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise ConfigError(f"{option} {folder}: holds files the toolkit did not make ({shown}): expected an "
                          "empty or new folder, or one made by analyse (with its marker file); "
                          "nothing was changed or deleted")


def remove_leftovers(folder: Path, pattern: str, say: Callable[[str], None]) -> list[str]:
    """Remove entries of ``folder`` whose name matches ``pattern`` (a regex with a
    ``pid`` group: only when that process is gone); report each with ``say``."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    regex = re.compile(pattern)
    for path in sorted(folder.iterdir()):
        match = regex.fullmatch(path.name)
        if not match:
            continue
        pid = match.groupdict().get("pid")
        if pid and int(pid) != os.getpid() and pid_alive(int(pid)):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
        say(f"removed {path} left behind by an interrupted run")
    return removed


def exchange(new: Path, target: Path) -> bool:
    """Swap ``new`` and ``target`` in one atomic step (Linux renameat2 RENAME_EXCHANGE);
    False when the system or file system cannot (the caller then falls back)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(target))
