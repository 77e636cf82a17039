"""The environment files agree: pyproject.toml, requirements.lock and environment.yml."""

from __future__ import annotations

import re
import tomllib

import yaml

from analyse.config import ROOT


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def _spec(req: str) -> str:
    return req[len(re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0]):].replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(r): _spec(r) for r in reqs} | {"python": project["requires-python"]}


def test_environment_yml_mirrors_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d): _spec(d) for d in env["dependencies"] if isinstance(d, str) and d != "pip"}
    assert conda == _pyproject()
    pip_part = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert pip_part == ["-e ."]


def test_lock_pins_every_dependency_exactly():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, version = line.partition("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", v) for v in pins.values()), "every line must be name==version"
    missing = set(_pyproject()) - {"python"} - set(pins)
    assert not missing, f"in pyproject.toml but not pinned in requirements.lock: {missing} (run make lock)"
