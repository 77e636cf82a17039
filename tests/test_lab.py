"""`make lab` starts JupyterLab with the project's kernel registered under its fixed name."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

from analyse.config import KERNEL_NAME, ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_serves_the_project_kernel(tmp_path):
    port, token = _free_port(), "analyse-test"
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token} --ServerApp.port_retries=0"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        specs, deadline = None, time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/api/kernelspecs?token={token}"
                with urllib.request.urlopen(url, timeout=5) as response:
                    specs = json.load(response)
                break
            except OSError:
                time.sleep(0.5)
        assert specs is not None, "JupyterLab did not answer within 90 s"
        assert KERNEL_NAME in specs["kernelspecs"]
        assert specs["kernelspecs"][KERNEL_NAME]["spec"]["display_name"] == "Python (analyse)"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
