"""deploy/: the schedule examples work as written (the crontab line is executed in a shell)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from analyse.config import ROOT

DEPLOY = ROOT / "deploy"
FAKE_ANALYSE = """#!/bin/sh
echo "fake analyse $*"
echo "2026-10-01T06:15:00+0200 INFO    analyse.cli: fake run" >&2
[ -n "$FAKE_SLEEP" ] && sleep "$FAKE_SLEEP"
exit "${FAKE_EXIT:-0}"
"""


def _cron_command() -> str:
    line = next(row for row in (DEPLOY / "crontab.example").read_text().splitlines()
                if row.strip() and not row.startswith("#"))
    return line.split(None, 5)[5]


@pytest.fixture
def install(tmp_path):
    """A scratch /opt/analyse: a fake .venv/bin/analyse and the deploy scripts; no logs/ yet."""
    root = tmp_path / "opt-analyse"
    (root / ".venv" / "bin").mkdir(parents=True)
    fake = root / ".venv" / "bin" / "analyse"
    fake.write_text(FAKE_ANALYSE)
    fake.chmod(0o755)
    shutil.copytree(DEPLOY, root / "deploy")
    return root


def _run_cron(root: Path, **env: str) -> subprocess.CompletedProcess:
    command = _cron_command().replace("/opt/analyse", str(root))
    assert "%" not in command  # cron would turn it into a newline
    return subprocess.run(["/bin/sh", "-c", command], env={"PATH": os.environ["PATH"], "HOME": str(root), **env},
                          capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not (shutil.which("flock") and shutil.which("timeout")), reason="needs flock and timeout")
def test_crontab_line_creates_its_log_folder_and_runs(install):
    result = _run_cron(install)
    assert result.returncode == 0, result.stderr
    log = (install / "logs" / "analyse-run.log").read_text()
    assert "fake analyse run --log-level INFO" in log and "INFO    analyse.cli: fake run" in log
    assert result.stdout == result.stderr == ""  # everything went to the log


@pytest.mark.skipif(not (shutil.which("flock") and shutil.which("timeout")), reason="needs flock and timeout")
def test_crontab_line_notifies_and_logs_a_failure(install, tmp_path):
    message = tmp_path / "bericht.txt"
    _run_cron(install, FAKE_EXIT="1", NOTIFY_COMMAND=f"cat > {message}")
    log = (install / "logs" / "analyse-run.log").read_text()
    assert "FAILED  analyse run (cron) exit status 1" in log
    text = message.read_text()
    assert "analyse: analyse run (cron) exit status 1 failed on" in text and "fake analyse run" in text


@pytest.mark.skipif(not (shutil.which("flock") and shutil.which("timeout")), reason="needs flock and timeout")
def test_crontab_line_never_overlaps_a_running_run(install, tmp_path):
    first = threading.Thread(target=_run_cron, args=(install,), kwargs={"FAKE_SLEEP": "3"})
    first.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not (install / "logs" / "analyse-run.lock").exists():
        time.sleep(0.05)
    time.sleep(0.3)
    started = time.monotonic()
    _run_cron(install, NOTIFY_COMMAND=f"cat > {tmp_path / 'bericht.txt'}")
    assert time.monotonic() - started < 2  # did not wait for the first
    first.join()
    log = (install / "logs" / "analyse-run.log").read_text()
    assert log.count("fake analyse run") == 1 and "exit status 75" in log


def test_notify_script_without_a_channel_says_so_and_fails(tmp_path):
    env = {"PATH": os.environ["PATH"], "ANALYSE_LOG": str(tmp_path / "run.log")}
    result = subprocess.run(["/bin/sh", str(DEPLOY / "notify-failure.sh"), "analyse-report.service"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "no notification sent: set NOTIFY_MAIL_TO" in result.stderr
    assert "FAILED  analyse-report.service" in (tmp_path / "run.log").read_text()


def test_notify_script_mails_with_the_mail_command(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_mail = bin_dir / "mail"
    fake_mail.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/body\n')
    fake_mail.chmod(0o755)
    (tmp_path / "run.log").write_text("2026-10-01T06:15:02+0200 ERROR   analyse.cli: kapot\n")
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "ANALYSE_LOG": str(tmp_path / "run.log"),
           "NOTIFY_MAIL_TO": "beleid@gemeente.example"}
    result = subprocess.run(["/bin/sh", str(DEPLOY / "notify-failure.sh"), "analyse-report.service"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "beleid@gemeente.example" in (tmp_path / "args").read_text()
    assert "analyse.cli: kapot" in (tmp_path / "body").read_text()


def _unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / name).read_text())
    return parser


def test_systemd_service_has_time_limit_failure_notification_and_its_log_where_it_says():
    service = _unit("analyse-report.service")
    assert service["Unit"]["OnFailure"] == "analyse-report-notify@%n.service"
    assert service["Service"]["TimeoutStartSec"] == "4h" and service["Service"]["KillMode"] == "control-group"
    exec_start = service["Service"]["ExecStart"]
    assert exec_start.startswith("/opt/analyse/.venv/bin/analyse run")
    assert "--log-file /var/log/analyse/run.log" in exec_start
    assert service["Service"]["LogsDirectory"] == "analyse"  # makes /var/log/analyse
    comment = (DEPLOY / "analyse-report.service").read_text()
    assert "/var/log/analyse/run.log" in comment and "journalctl -u analyse-report.service" in comment
    notify = _unit("analyse-report-notify@.service")
    assert notify["Service"]["ExecStart"] == "/bin/sh /opt/analyse/deploy/notify-failure.sh %i"
    assert notify["Service"]["EnvironmentFile"] == "-/etc/analyse/notify.env"
    assert (DEPLOY / "notify.env.example").exists()
