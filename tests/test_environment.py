"""The environment files agree: pyproject.toml, the two locks and environment.yml.

pyproject.toml declares the runtime dependencies, the ``dask`` extra (needed at run time by
``analyse run --executor dask``) and the ``dev`` extra (tests and lint). ``make lock``
compiles requirements.lock (runtime + dask) and requirements-dev.lock (+ dev) with uv and
generates environment.yml from requirements.lock with scripts/make_environment.py.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from analyse.config import KERNEL_NAME, ROOT

DEV_TOOLS = {"pytest", "hypothesis", "playwright", "nbstripout", "ruff", "mypy"}


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _requirements(*extras: str) -> list[Requirement]:
    project = _project()
    reqs = project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]
    return [Requirement(r) for r in reqs]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if requirement:
            package, sep, version = requirement.partition("==")
            exact = sep and re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version.strip())
            assert exact, f"{name}: {line!r}: expected name==version"
            pins[canonicalize_name(package)] = version.strip()
    return pins


def _generator():
    spec = importlib.util.spec_from_file_location("make_environment", ROOT / "scripts" / "make_environment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("lock", "extras"), [("requirements.lock", ("dask",)),
                                              ("requirements-dev.lock", ("dask", "dev"))])
def test_lock_pins_every_declared_dependency_within_its_range(lock, extras):
    pins = _pins(lock)
    for req in _requirements(*extras):
        name = canonicalize_name(req.name)
        assert name in pins, f"{req} is in pyproject.toml but not pinned in {lock} (run make lock)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{lock}: {name}=={pins[name]} outside {req}"


def test_runtime_lock_has_no_dev_tools_and_dask_is_a_runtime_extra():
    project = _project()
    assert {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["dask"]} == {"distributed"}
    declared_dev = {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["dev"]}
    assert DEV_TOOLS <= declared_dev
    runtime = _pins("requirements.lock")
    assert not DEV_TOOLS & set(runtime), "a production install would get test tools"
    assert "distributed" in runtime


def test_dev_lock_has_the_same_pins_as_the_runtime_lock():
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    differ = {n: (v, dev.get(n)) for n, v in runtime.items() if dev.get(n) != v}
    assert not differ, f"runtime and dev locks disagree (run make lock): {differ}"


def test_environment_yml_is_generated_from_the_runtime_lock():
    generator = _generator()
    expected = generator.render(*generator.read_lock())
    assert (ROOT / "environment.yml").read_text(encoding="utf-8") == expected, "run make lock"
    env = yaml.safe_load(expected)
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert SpecifierSet(_project()["requires-python"]).contains(python.split("=")[1]), python
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    assert pip[-1] == "-e ."
    assert {canonicalize_name(p.split("==")[0]): p.split("==")[1] for p in pip[:-1]} == _pins("requirements.lock")


def test_kernel_registration_is_the_same_in_make_install_and_environment_yml():
    generator = _generator()
    assert generator.KERNEL_NAME == KERNEL_NAME
    command = f'ipykernel install --sys-prefix --name {KERNEL_NAME} --display-name "Python (analyse)"'
    assert f"conda run -n analyse python -m {command}" in (ROOT / "environment.yml").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert command.replace(KERNEL_NAME, "$(KERNEL)", 1) in makefile and f"KERNEL := {KERNEL_NAME}" in makefile


def test_lint_runs_in_make_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\blint\b", makefile, re.M)
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "ruff check" in lint and "mypy" in lint
    tools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    assert tools["mypy"]["files"] == ["src/analyse"] and tools["ruff"]["line-length"] == 120
