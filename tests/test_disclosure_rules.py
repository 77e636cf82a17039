"""The disclosure rules (analyse.disclosure.rules): defaults from params/disclosure.yaml,
overrides, refused values and the switch for internal reports."""

from __future__ import annotations

import pytest

from analyse import params
from analyse.config import PARAMS_DIR
from analyse.disclosure.rules import DISCLOSURE_ENV, DisclosureRules, load_rules, protection_enabled
from analyse.errors import ParameterError


def test_default_rules_follow_opensafely():
    rules = load_rules()
    assert (rules.threshold, rules.base, rules.method, rules.marker) == (7, 5, "suppress", "*")
    assert rules.footnote == "Aantallen van 7 of minder zijn niet getoond; overige aantallen afgerond op 5."


def test_rules_come_from_the_parameter_file():
    rules = load_rules()
    assert rules.threshold == params.value("disclosure", "threshold")
    assert rules.base == params.value("disclosure", "base")
    assert params.entry("disclosure", "threshold").unit == "persons"


def test_overrides_fill_the_footnote():
    rules = load_rules(threshold=10, base=10)
    assert rules.footnote == "Aantallen van 10 of minder zijn niet getoond; overige aantallen afgerond op 10."
    cbs = load_rules(method="cbs")
    assert "afgerond op 5" in cbs.footnote and cbs.method == "cbs"
    assert load_rules(footnote="Eigen tekst.").footnote == "Eigen tekst."


@pytest.mark.parametrize("overrides, match", [({"treshold": 5}, "unknown rule"), ({"method": "round"}, "method"),
                                              ({"base": 0}, "base"), ({"threshold": -1}, "threshold"),
                                              ({"threshold": 7.5}, "threshold"), ({"marker": " "}, "marker")])
def test_bad_rules_are_refused(overrides, match):
    with pytest.raises(ParameterError, match=match):
        load_rules(**overrides)
    with pytest.raises(ValueError):  # a ParameterError is a ValueError
        load_rules(**overrides)


def test_rules_from_another_parameter_file(tmp_path):
    path = tmp_path / "strenger.yaml"
    text = PARAMS_DIR.joinpath("disclosure.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("  value: 7\n", "  value: 10\n"), encoding="utf-8")
    rules = load_rules(path)
    assert rules.threshold == 10 and rules.footnote.startswith("Aantallen van 10 of minder")
    assert load_rules(path, threshold=12).threshold == 12


def test_rules_are_frozen():
    with pytest.raises(AttributeError):
        load_rules().threshold = 3  # type: ignore[misc]
    assert isinstance(load_rules(), DisclosureRules)


@pytest.mark.parametrize("setting, enabled", [(None, True), ("on", True), ("off", False), ("UIT", False),
                                              ("0", False), ("false", False), ("anything", True)])
def test_protection_is_switched_off_only_explicitly(monkeypatch, setting, enabled):
    if setting is None:
        monkeypatch.delenv(DISCLOSURE_ENV, raising=False)
    else:
        monkeypatch.setenv(DISCLOSURE_ENV, setting)
    assert protection_enabled() is enabled


def test_the_publishing_pipeline_uses_the_same_switch():
    from analyse.publish import pipeline

    assert pipeline.DISCLOSURE_ENV == DISCLOSURE_ENV == "ANALYSE_DISCLOSURE"
