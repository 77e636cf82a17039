"""The worker side of ``analyse run``: the process a notebook job runs in.

Small contexts and functions used by :func:`analyse.publish.execute.execute_job`: the
environment a kernel inherits (data folders, disclosure switch, secrets), stderr of the
worker redirected to the job's log (kernel chatter must not reach the terminal), a kernel
kept alive between the jobs of one local worker (cleared by a reset cell), the time limit
of a job (:func:`time_limit` kills the kernel), and :func:`die_with_parent` so that no
worker outlives a killed run (its kernels notice their parent is gone and exit).
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analyse.config import SECRET_ENV_PREFIX

__all__ = ["RESET_CELL", "TimeLimit", "die_with_parent", "forget_kernel", "job_environment", "kernel_for",
           "kill_children", "stderr_to", "time_limit"]

_PR_SET_PDEATHSIG = 1

#: First cell of a notebook that runs in a kernel an earlier notebook used: an empty
#: namespace and no open figures (tagged "remove", so it never shows in a report).
#: gc.freeze() then moves what survives (modules, data caches) out of the garbage
#: collector's sight, so later resets and collections scan only the new notebook's objects
#: (a full collection over pandas, matplotlib and seaborn costs ~0.2 s, %reset runs two).
RESET_CELL = ("%reset -f\n"
              "import gc\n"
              "import matplotlib.pyplot\n"
              "matplotlib.pyplot.close('all')\n"
              "gc.freeze()")

#: Kernel kept alive in a local worker process for its next job (see kernel_for).
_KERNEL: dict[tuple[str, str, str], Any] = {}  # (kernel name, cwd, run) -> kernel manager
#: Clients connected to the kept kernel by the previous notebook (see _kept_manager).
_CLIENTS: list[Any] = []


@contextmanager
def job_environment(env: dict[str, str], secrets: dict[str, str]) -> Iterator[None]:
    """Set the run's environment for the kernel; each secret goes in ``ANALYSE_SECRET_<NAME>``
    (see :func:`analyse.config.secret`) and is removed again afterwards."""
    os.environ.update(env)
    for key, value in secrets.items():
        os.environ[SECRET_ENV_PREFIX + key.upper()] = value
    try:
        yield
    finally:
        for key in secrets:
            os.environ.pop(SECRET_ENV_PREFIX + key.upper(), None)


@contextmanager
def stderr_to(log: Path) -> Iterator[None]:
    """Send file descriptor 2 (this process and the kernels it starts) to ``log``."""
    with open(log, "w", encoding="utf-8") as handle:
        saved = os.dup(2)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def kernel_for(source: Any, kernel_name: str, cwd: str, run: str = "") -> Any:
    """A kernel manager kept alive across the jobs of one worker process (local, or a Dask
    worker with one thread), so each notebook after the first skips kernel start-up and
    re-importing the libraries. When the kernel ran an earlier notebook, a reset cell is
    put first in ``source`` (an nbformat notebook, changed in place). ``run`` identifies
    the run (a long-lived Dask worker serves many runs; a kernel inherits its run's
    environment, e.g. the disclosure switch, so a new run gets a new kernel and the old
    one is shut down). The kernel exits with the worker."""
    import nbformat

    _stop_clients()  # the previous notebook's connections to the kernel
    key = (kernel_name, cwd, run)
    if key not in _KERNEL:
        for old in _KERNEL.values():  # a kernel of an earlier run must not linger
            _shutdown(old)
        _KERNEL.clear()
        _KERNEL[key] = _kept_manager(kernel_name)
    manager = _KERNEL[key]
    if manager.has_kernel:
        source.cells.insert(0, nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": ["remove"]}))
    return manager


def _kept_manager(kernel_name: str) -> Any:
    """A kernel manager that remembers the clients made for it. nbclient connects a new
    client (zmq sockets, a context with its I/O thread, a heartbeat thread) for every
    notebook and stops it only for kernels it started itself, so on a kept kernel each
    notebook left ~14 file descriptors, 3 threads and ~6 MB behind (2 GB per worker for
    the 342 reports of ``--param gemeente=alle``); :func:`_stop_clients` stops them."""
    from jupyter_client.manager import AsyncKernelManager

    class KeptKernelManager(AsyncKernelManager):
        def client(self, **kwargs: Any) -> Any:
            kc = super().client(**kwargs)
            _CLIENTS.append(kc)
            return kc

    return KeptKernelManager(kernel_name=kernel_name)


def _stop_clients() -> None:
    """Stop the channels of the clients made for the kept kernel (their contexts are then
    destroyed when they are garbage-collected)."""
    while _CLIENTS:
        client = _CLIENTS.pop()
        try:
            client.stop_channels()
        except Exception:  # a client of a killed kernel may be half gone
            pass


def _shutdown(manager: Any) -> None:
    """Stop a kept kernel (used when a Dask worker starts serving another run)."""
    from jupyter_core.utils import run_sync

    try:
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # a kernel that is already gone is fine
        pass


def forget_kernel() -> None:
    """Drop the kept kernel (after it was killed): the next job starts a fresh one."""
    _KERNEL.clear()


def die_with_parent(parent_pid: int) -> None:
    """Worker initializer: the kernel sends this process SIGKILL when its parent (the
    ``analyse run`` process) dies, even by ``kill -9`` (Linux; elsewhere a no-op)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)


def _children(pid: int) -> list[int]:
    """Process ids of the direct children of ``pid`` (from /proc; empty elsewhere)."""
    found: list[int] = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry))
    return found


def _is_kernel(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return b"kernel" in fh.read()
    except OSError:
        return False


def kill_children() -> list[int]:
    """SIGKILL every Jupyter kernel started by this process, with its process group (a
    kernel runs in its own session, so its own children go too). Returns their ids."""
    killed = []
    for child in [c for c in _children(os.getpid()) if _is_kernel(c)]:
        for kill in (lambda c: os.killpg(c, signal.SIGKILL), lambda c: os.kill(c, signal.SIGKILL)):
            try:
                kill(child)
            except (ProcessLookupError, PermissionError):
                continue
        killed.append(child)
    return killed


class TimeLimit:
    """Set by :func:`time_limit`: ``expired`` tells whether the limit struck."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.expired = False


@contextmanager
def time_limit(seconds: float | None) -> Iterator[TimeLimit]:
    """Kill the kernels of this worker when the block runs longer than ``seconds``
    (None: no limit); the notebook then fails with a dead kernel and ``expired`` is set."""
    limit = TimeLimit(seconds)
    done = threading.Event()

    def strike() -> None:
        if done.wait(seconds):
            return
        limit.expired = True
        while not done.is_set():  # again and again: a kernel may still be starting when the limit strikes
            kill_children()
            done.wait(0.5)

    watchdog = threading.Thread(target=strike, name="analyse-time-limit", daemon=True) if seconds else None
    if watchdog is not None:
        watchdog.start()
    try:
        yield limit
    finally:
        done.set()
        if limit.expired:
            forget_kernel()
