"""The worker side of ``analyse run``: the process a notebook job runs in.

Three concerns, each a small context or function used by :func:`analyse.publish.execute.execute_job`:
the environment a kernel inherits (data folders, disclosure switch, secrets), stderr of
the worker redirected to the job's log (kernel chatter must not reach the terminal), and a
kernel kept alive between the jobs of one local worker, cleared by a reset cell.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from analyse.config import SECRET_ENV_PREFIX

__all__ = ["RESET_CELL", "job_environment", "kernel_for", "stderr_to"]

#: First cell of a notebook that runs in a kernel an earlier notebook used: an empty
#: namespace and no open figures (tagged "remove", so it never shows in a report).
RESET_CELL = ("%reset -f\n"
              "import matplotlib.pyplot\n"
              "matplotlib.pyplot.close('all')")

#: Kernel kept alive in a local worker process for its next job (see kernel_for).
_KERNEL: dict[tuple[str, str], Any] = {}


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


def kernel_for(source: Any, kernel_name: str, cwd: str) -> Any:
    """A kernel manager kept alive across the jobs of one local worker process, so each
    notebook after the first skips kernel start-up and re-importing the libraries. When
    the kernel ran an earlier notebook, a reset cell is put first in ``source`` (an
    nbformat notebook, changed in place). The kernel exits with the worker."""
    import nbformat
    from jupyter_client.manager import AsyncKernelManager

    key = (kernel_name, cwd)
    if key not in _KERNEL:
        _KERNEL.clear()
        _KERNEL[key] = AsyncKernelManager(kernel_name=kernel_name)
    manager = _KERNEL[key]
    if manager.has_kernel:
        source.cells.insert(0, nbformat.v4.new_code_cell(RESET_CELL, metadata={"tags": ["remove"]}))
    return manager
