"""analyse.publish.worker: environment, stderr and kernel of a notebook job's worker."""

from __future__ import annotations

import os

import nbformat

from analyse.config import SECRET_ENV_PREFIX, secret
from analyse.publish import worker


def test_secrets_are_in_the_environment_only_during_the_job(monkeypatch):
    monkeypatch.delenv("ANALYSE_TEST_SETTING", raising=False)
    with worker.job_environment({"ANALYSE_TEST_SETTING": "ja"}, {"db_password": "Sup3r"}):
        assert secret("db_password") == "Sup3r" and os.environ["ANALYSE_TEST_SETTING"] == "ja"
    assert SECRET_ENV_PREFIX + "DB_PASSWORD" not in os.environ
    monkeypatch.delenv("ANALYSE_TEST_SETTING")


def test_stderr_goes_to_the_log_and_comes_back(tmp_path):
    log = tmp_path / "job.log"
    with worker.stderr_to(log):
        os.write(2, b"kernel chatter\n")
    assert log.read_text() == "kernel chatter\n"
    assert os.fstat(2) != os.stat(log)


def test_reused_kernel_gets_a_reset_cell_first(monkeypatch):
    class Running:
        has_kernel = True

    monkeypatch.setitem(worker._KERNEL, ("analyse", "/tmp", ""), Running())
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    assert isinstance(worker.kernel_for(nb, "analyse", "/tmp"), Running)
    assert nb.cells[0].source == worker.RESET_CELL and nb.cells[0].metadata["tags"] == ["remove"]
    assert nb.cells[1].source == "x = 1"


def test_a_new_run_gets_a_new_kernel_and_the_old_one_is_shut_down(monkeypatch):
    class Old:
        has_kernel = True
        stopped = False

        async def shutdown_kernel(self, now: bool = False) -> None:
            Old.stopped = now

    monkeypatch.setattr(worker, "_KERNEL", {("analyse", "/tmp", "run-1"): Old()})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    manager = worker.kernel_for(nb, "analyse", "/tmp", run="run-2")  # e.g. a Dask worker serving a second run
    assert not isinstance(manager, Old) and Old.stopped and list(worker._KERNEL) == [("analyse", "/tmp", "run-2")]
    assert nb.cells[0].source == "x = 1"  # a fresh kernel needs no reset cell
