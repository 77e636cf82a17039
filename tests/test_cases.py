"""Worked examples as tables of cases (like PolicyEngine's YAML tests), run by one test.

Each file in ``tests/cases/`` is a list of cases::

    - name: present value of 100 after one year at 2.25%
      function: analyse.cba.present_value        # dotted path of the function under test
      input: {flows: [0, 100], rate: 0.0225}     # keyword arguments
      output: 97.7995                            # 100 / 1.0225 = 97.7995 (the arithmetic)
      absolute_error_margin: 0.0001              # optional, default 1e-9 (relative 1e-9 too)
      source: hand arithmetic                    # where the expected value comes from

Inputs: ``{series: {index: value}}`` becomes a pandas Series (integer, quarter or text
index as written), ``{frame: [ {col: value}, ... ]}`` a DataFrame, ``{array: [...]}`` a
NumPy array. Outputs: a number, a list (compared element-wise with the Series/array/list
returned), a mapping (compared per key or attribute, ``a.b`` reaching into nested
results, ``a[2]`` into sequences) or ``{raises: ExceptionName, match: text}``.
"""

from __future__ import annotations

import importlib
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            cases.append(pytest.param(case, id=f"{path.stem}:{case.get('name', i)}"))
    return cases


def _resolve(dotted: str):
    module, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def _index(keys: list) -> pd.Index:
    if keys and all(isinstance(k, str) and re.fullmatch(r"\d{4}Q[1-4]", k) for k in keys):
        return pd.PeriodIndex(keys, freq="Q")
    return pd.Index(keys)


def _build(value):
    if isinstance(value, dict) and len(value) == 1:
        ((kind, body),) = value.items()
        if kind == "series":
            return pd.Series(list(body.values()), index=_index(list(body.keys())), dtype=float)
        if kind == "frame":
            return pd.DataFrame(body)
        if kind == "array":
            return np.asarray(body, dtype=float)
    if isinstance(value, dict):
        return {k: _build(v) for k, v in value.items()}
    return value


def _get(result, path: str):
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            result = (
                list(result)[int(part[1:-1])]
                if not isinstance(result, (pd.Series, pd.DataFrame))
                else result.iloc[int(part[1:-1])]
            )
        elif isinstance(result, pd.DataFrame) and part in result.columns:
            result = result[part]
        elif isinstance(result, (dict, pd.Series)):
            result = result[part] if part in result else result[_index([part])[0]]
        else:
            result = getattr(result, part)
    return result


def _compare(actual, expected, margin: float, where: str) -> None:
    if isinstance(expected, dict):
        for key, sub in expected.items():
            _compare(_get(actual, str(key)), sub, margin, f"{where}.{key}")
        return
    if isinstance(expected, list):
        got = list(np.asarray(actual, dtype=object).ravel()) if not isinstance(actual, list) else actual
        assert len(got) == len(expected), f"{where}: {len(got)} values, expected {len(expected)}"
        for i, (a, e) in enumerate(zip(got, expected)):
            _compare(a, e, margin, f"{where}[{i}]")
        return
    if expected is None:
        assert actual is None or (isinstance(actual, float) and math.isnan(actual)), (
            f"{where}: {actual!r}, expected none"
        )
        return
    if isinstance(expected, (bool, str)):
        assert actual == expected, f"{where}: {actual!r}, expected {expected!r}"
        return
    assert actual is not None, f"{where}: None, expected {expected}"
    assert float(actual) == pytest.approx(float(expected), abs=margin, rel=1e-9), (
        f"{where}: {actual}, expected {expected}"
    )


@pytest.mark.parametrize("case", _load_cases())
def test_case(case: dict) -> None:
    assert case.get("source"), "every case names where its expected value comes from"
    func = _resolve(case["function"])
    kwargs = {k: _build(v) for k, v in (case.get("input") or {}).items()}
    expected = case["output"]
    if isinstance(expected, dict) and "raises" in expected:
        import builtins

        import analyse.errors as errors

        exc_type = getattr(errors, expected["raises"], None) or getattr(builtins, expected["raises"])
        with pytest.raises(exc_type, match=expected.get("match")):
            func(**kwargs)
        return
    _compare(func(**kwargs), expected, float(case.get("absolute_error_margin", 1e-9)), case["function"])


def test_there_are_cases() -> None:
    assert len(_load_cases()) > 0
