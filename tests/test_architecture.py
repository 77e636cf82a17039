"""The folders show the architecture, and nothing reaches upwards.

Layers, lowest first (a module may import its own layer and those below it)::

    base        analyse (package), config, errors, params, logs, safety
    data        analyse.data.*        readers, contracts, catalog, validate, store, loading
    methods     analyse.methods.*     population, indexation, timeseries, budget, prevention, cba, ...
    disclosure  analyse.disclosure.*  small-count rules, counts, tables
    publish     analyse.publish.*     text, style, plots, report, pack, pipeline
    top         analyse.cli and the notebook facades (analyse.trends, analyse.cba, ...)

Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analyse"
LAYERS = ("base", "data", "methods", "disclosure", "publish", "top")
BASE = {"analyse", "analyse.config", "analyse.errors", "analyse.params", "analyse.logs", "analyse.safety"}
#: Thin re-export modules that keep ``from analyse import trends`` (etc.) working for notebooks.
FACADES = {"analyse.cba", "analyse.trends", "analyse.prevention", "analyse.privacy", "analyse.style",
           "analyse.welzijn", "analyse.trend_plots", "analyse.prevention_plots"}
MAX_LINES = 350


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    if module in BASE:
        return "base"
    if module == "analyse.cli" or module in FACADES:
        return "top"
    second = module.split(".")[1]
    if second in LAYERS[1:5]:
        return second
    raise AssertionError(f"{module}: not in a layer folder; put it in data/, methods/, disclosure/ or publish/")


def _imports(module: str, path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "analyse"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "analyse":
                continue
            found.append((node.lineno, target))
            # "from analyse.publish import style" imports the module analyse.publish.style
            for alias in node.names:
                if f"{target}.{alias.name}" in _modules():
                    found.append((node.lineno, f"{target}.{alias.name}"))
    return found


def _target_layer(target: str) -> str:
    modules = _modules()
    while target not in modules and "." in target:
        target = target.rsplit(".", 1)[0]
    return layer(target)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_point_down(module: str) -> None:
    path = _modules()[module]
    own = LAYERS.index(layer(module))
    upward = [f"{path.relative_to(PACKAGE.parent)}:{line}: imports {target} ({_target_layer(target)})"
              for line, target in _imports(module, path)
              if LAYERS.index(_target_layer(target)) > own]
    assert not upward, f"{module} ({layer(module)}) reaches upwards:\n" + "\n".join(upward)


@pytest.mark.parametrize("module", sorted(m for m in _modules() if layer(m) != "top"))
def test_library_does_not_use_the_facades(module: str) -> None:
    """Facades are for notebooks; library code imports the real module."""
    path = _modules()[module]
    used = [f"line {line}: {target}" for line, target in _imports(module, path) if target in FACADES]
    assert not used, f"{module} imports notebook facades: {used}"


@pytest.mark.parametrize("module", sorted(FACADES))
def test_facades_are_thin(module: str) -> None:
    """A facade holds a docstring, imports and ``__all__``, nothing else; at most a small
    function whose docstring starts with "Notebook convenience:" (e.g. loading the shipped
    data when a notebook passes none, then calling the method)."""
    tree = ast.parse(_modules()[module].read_text(encoding="utf-8"))
    for node in tree.body:
        ok = isinstance(node, (ast.Import, ast.ImportFrom)) or (
            isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)) or (
            isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["__all__"]) or (
            isinstance(node, ast.FunctionDef)
            and (ast.get_docstring(node) or "").startswith("Notebook convenience:"))
        assert ok, f"{module}:{node.lineno}: a facade only re-exports ({type(node).__name__} found)"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_stay_small(module: str) -> None:
    lines = len(_modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines; split it by subject (at most {MAX_LINES})"


def test_notebook_api_is_stable() -> None:
    """``from analyse import data, cba, trends, prevention, privacy, style, config`` keeps working."""
    from analyse import cba, config, data, prevention, privacy, style, trends  # noqa: F401

    for module, names in {
        data: ["budget", "realisation", "evaluations", "interventions", "care_use", "positive_health",
               "sroi_projects", "sroi_investments", "sroi_outcomes", "cpi", "population", "load"],
        cba: ["appraise", "monte_carlo", "one_way", "wrong_pocket", "present_value", "discount_presets",
              "plot_tornado", "plot_wrong_pocket", "irr", "payback_period"],
        trends: ["deflate", "cpi_index", "fit_trend", "interrupted_time_series", "forecast", "budget_monitor",
                 "quarterly_series", "add_rate_per_1000"],
        prevention: ["pyramid", "health_profile", "round_change", "white_spots", "coverage", "goal_effort_network"],
        privacy: ["protect_counts", "protect_table", "show_count", "load_rules"],
        style: ["format_eur", "format_number", "format_table", "apply_style", "new_figure"],
        config: ["RAW_DIR", "load_municipality", "last_completed_quarter"],
    }.items():
        missing = [n for n in names if not hasattr(module, n)]
        assert not missing, f"{module.__name__} lost {missing}"
