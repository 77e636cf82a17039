"""analyse run survives the real world: time limit per notebook, one run per output folder,
kill -9 at any moment, history of versions, secrets redacted, foreign folders refused."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scratch_pack import make_pack

from analyse import cli
from analyse.data.folders import folder_lock
from analyse.publish import pipeline
from analyse.publish.publication import RUN_FILE, VERSIONS_DIR, current_version, published_versions

PERIOD = "2026Q3"


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANALYSE_NOTEBOOKS_DIR", str(make_pack(tmp_path_factory.mktemp("pack"))))
        mp.setenv("ANALYSE_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
        yield mp


@pytest.fixture(scope="module")
def history(env, tmp_path_factory):
    """traag published once, then run again through the command line with a time limit of 4 s
    and a notebook that takes 120 s."""
    out = tmp_path_factory.mktemp("reports")
    first = pipeline.run(period=PERIOD, notebooks=["traag"], output_dir=out, jobs=1)
    version_1 = json.loads((out / PERIOD / RUN_FILE).read_text())["version"]
    time.sleep(1.1)  # versions are named by the second
    started = time.perf_counter()
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = cli.main(["run", "--period", PERIOD, "--notebook", "traag", "--param", "seconds=120",
                         "--timeout", "4", "--output-dir", str(out), "--jobs", "1"])
    return out, first, version_1, (code, stdout.getvalue(), stderr.getvalue()), time.perf_counter() - started


def test_notebook_over_its_time_limit_is_stopped_and_marked_timeout(history):
    out, _, _, (code, stdout, stderr), seconds = history
    assert seconds < 30  # not 120: the kernel was killed after 4 s
    assert code == 1 and "TIMEOUT traag" in stdout
    assert "tijdslimiet overschreden: de notebook liep langer dan 4 seconden" in stderr
    run = json.loads((out / PERIOD / RUN_FILE).read_text())
    assert run["reports"]["traag"]["status"] == "timeout"
    # The previously published page stays published (the new version carries it over).
    assert run["reports"]["traag"]["html"] == "traag.html"
    assert "klaar na 0" in (out / PERIOD / "traag.html").read_text()
    index = (out / "index.html").read_text()
    assert 'class="timeout"' in index and "tijdslimiet overschreden" in index


@pytest.mark.parametrize("value", ["0", "-5", "nan", "1e9"])
def test_bad_timeout_is_refused_before_anything_runs(env, tmp_path, run_cli, value):
    result = run_cli("run", "--timeout", value, "--output-dir", tmp_path / "reports")
    assert result.code == 2 and "--timeout" in result.err
    assert not (tmp_path / "reports").exists()


def test_rerun_keeps_earlier_versions_and_the_index_links_them(history):
    out, _, version_1, _, _ = history
    versions = published_versions(out / VERSIONS_DIR / PERIOD)
    assert len(versions) == 2 and versions[0] == version_1
    assert (out / PERIOD).is_symlink() and current_version(out / PERIOD).name == versions[-1]
    run = json.loads((out / PERIOD / RUN_FILE).read_text())
    assert run["version"] == versions[-1] and run["previous_versions"] == [version_1]
    # What management saw after the first run is still there, complete, with working relative links.
    old = out / VERSIONS_DIR / PERIOD / version_1
    assert json.loads((old / RUN_FILE).read_text())["version"] == version_1
    assert (old / "traag.html").exists() and (old / "begrippen.html").exists()
    assert (old / "notebooks" / "traag.ipynb").exists()
    index = (out / "index.html").read_text()
    assert f'href="{VERSIONS_DIR}/{PERIOD}/{version_1}/traag.html"' in index and "Eerdere versies" in index
    assert f'href="{PERIOD}/traag.html"' in index


def test_second_run_on_the_same_folder_exits_75_and_changes_nothing(env, tmp_path, run_cli):
    out = tmp_path / "reports"
    with folder_lock(out, "a test holding the lock"):
        before = sorted(p.name for p in out.iterdir())
        result = run_cli("run", "--period", PERIOD, "--notebook", "traag", "--output-dir", out)
        assert sorted(p.name for p in out.iterdir()) == before
    assert result.code == 75
    assert "is already running" in result.err and f"pid {os.getpid()}" in result.err


def test_output_folder_with_foreign_files_is_refused(env, tmp_path, run_cli):
    (tmp_path / "thesis.docx").write_text("mijn werk")
    result = run_cli("run", "--period", PERIOD, "--notebook", "traag", "--output-dir", tmp_path)
    assert result.code == 2 and "holds files the toolkit did not make (thesis.docx)" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.docx"]


def test_secret_in_an_exception_message_is_redacted_everywhere(env, tmp_path, run_cli):
    secret = "Xq7-vertrouwelijk-9Zt"
    result = run_cli("run", "--period", PERIOD, "--notebook", "lekt", "--param", f"token={secret}",
                     "--output-dir", tmp_path)
    assert result.code == 1
    run = json.loads((tmp_path / PERIOD / RUN_FILE).read_text())
    assert "verbinding geweigerd voor <geheim>" in run["reports"]["lekt"]["error"]  # it did reach the kernel
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"vertrouwelijk" not in path.read_bytes(), path
    assert "vertrouwelijk" not in result.out + result.err


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_kill_9_during_a_run_leaves_no_workers_kernels_or_half_published_period(env, history, tmp_path):
    """The one end-to-end kill: SIGKILL while a notebook runs; then the published period is
    the old complete one, worker and kernel die with the run, the next run cleans up."""
    out, *_ = history
    before = (out / PERIOD / RUN_FILE).read_text()
    proc = subprocess.Popen([sys.executable, "-m", "analyse.cli", "run", "--period", PERIOD, "--notebook", "traag",
                             "--param", "seconds=120", "--output-dir", str(out)], env=os.environ.copy(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 25
    kernels: set[int] = set()
    while time.monotonic() < deadline and not kernels:
        family = _descendants(proc.pid)
        kernels = {p for p in family if b"ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes()} if family else set()
        time.sleep(0.2)
    assert kernels, "the run never started a kernel"
    family = _descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and any(_alive(p) for p in family):
        time.sleep(0.2)
    assert not [p for p in family if _alive(p)], "workers or kernels outlived the killed run"
    assert (out / PERIOD / RUN_FILE).read_text() == before
    assert list(out.glob(".staging-*"))  # left behind by the kill ...
    said: list[str] = []
    from analyse.publish.publication import recover

    recover(out, said.append)  # ... and removed by the next run, which says so
    assert not list(out.glob(".staging-*")) and any("left behind by an interrupted run" in s for s in said)


_PUBLISH = """
import sys
from pathlib import Path
from analyse.publish.jobs import JobResult
from analyse.publish.publication import publish
out, staging, text = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
staging.mkdir(exist_ok=True)
(staging / "r.html").write_text(text)
res = JobResult(notebook="r", name="r", title="R", parameters={}, status="ok", duration_s=1.0, started="x",
                html="r.html")
publish([res], staging, out / "2026Q3", "2026Q3", {"marker": text}, glossary="<p>begrippen</p>")
"""


@pytest.mark.parametrize("step", ["copied", "written", "renamed", "switched"])
def test_kill_9_at_each_publishing_step_leaves_old_or_new_complete(tmp_path, step):
    out = tmp_path / "reports"
    with pytest.MonkeyPatch.context() as mp:  # the same script in this process: the old version
        mp.setattr(sys, "argv", ["-c", str(out), str(tmp_path / "s1"), "oud"])
        exec(compile(_PUBLISH, "<publish>", "exec"), {})
    time.sleep(1.05)
    env = {**os.environ, "ANALYSE_CRASH_AT": step}
    killed = subprocess.run([sys.executable, "-c", _PUBLISH, str(out), str(tmp_path / "s2"), "nieuw"], env=env)
    assert killed.returncode == -signal.SIGKILL
    run = json.loads((out / PERIOD / RUN_FILE).read_text())
    html = (out / PERIOD / "r.html").read_text()
    assert (run["marker"], html) in {("oud", "oud"), ("nieuw", "nieuw")}  # HTML and run.json switch together
    assert (run["marker"] == "nieuw") == (step == "switched")
    from analyse.publish.publication import recover

    said: list[str] = []
    recover(out, said.append)
    versions = out / VERSIONS_DIR / PERIOD
    assert not list(versions.glob(".new-*")) and not list(out.glob(".2026Q3.*"))
    assert published_versions(versions)[-1] == current_version(out / PERIOD).name  # nothing unpublished kept
    assert (out / PERIOD / "r.html").read_text() == html  # recovery never changes what is published
    if step in ("copied", "written", "renamed"):
        assert said  # it says what it removed


def test_old_plain_period_folder_becomes_the_first_version(tmp_path):
    from analyse.publish.jobs import JobResult
    from analyse.publish.publication import publish

    period = tmp_path / PERIOD
    period.mkdir()
    (period / "oud.html").write_text("vorige")
    (period / RUN_FILE).write_text(json.dumps({"finished": "2026-10-01T06:15:00+02:00",
                                               "reports": {"oud": {"html": "oud.html", "status": "ok"}}}))
    staging = tmp_path / "s"
    staging.mkdir()
    (staging / "nieuw.html").write_text("nieuw")
    res = JobResult(notebook="nieuw", name="nieuw", title="N", parameters={}, status="ok", duration_s=1,
                    started="x", html="nieuw.html")
    run = publish([res], staging, period, PERIOD, {})
    assert period.is_symlink() and run["previous_versions"] == ["20261001T061500"]
    assert (period / "oud.html").read_text() == "vorige" and (period / "nieuw.html").read_text() == "nieuw"
    assert (tmp_path / VERSIONS_DIR / PERIOD / "20261001T061500" / "oud.html").exists()
