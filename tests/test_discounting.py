"""Discount factors and presets (analyse.methods.cba.discounting).

The worked examples with published values (Werkgroep discontovoet 2020, the mid-year
convention, SABV Atlas, Green Book) are cases in tests/cases/cba.yaml; here: the presets
as data, the one default, and how the factors relate across the Green Book's kinks.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from analyse import cba, params
from analyse.methods.cba import discounting


def test_presets_are_data_with_sources():
    presets = cba.discount_presets()
    assert set(presets) == {"nl2020", "nl-riskfree", "nl2015", "nl2015-physical", "greenbook", "greenbook-health"}
    constants = [presets[n].constant for n in ("nl2020", "nl-riskfree", "nl2015", "nl2015-physical")]
    assert constants == [0.0225, -0.01, 0.03, 0.045]
    for preset in presets.values():
        assert preset.title and preset.reference
    assert "Werkgroep discontovoet 2020".lower() in presets["nl2020"].reference.lower()
    assert "Green Book" in presets["greenbook"].reference and presets["greenbook"].link.startswith("https://")


def test_presets_use_the_one_parameter_shape():
    entries = params.load("discount_rates")
    for name in cba.discount_presets():
        assert entries[name].unit == "share/year"
        assert entries[name].reference
    assert dict(cba.discount_presets()["greenbook"].schedule) == entries["greenbook"].values


def test_one_default_read_from_the_parameter_file(monkeypatch):
    default = params.value("discount_rates", "default_preset")
    assert cba.default_preset() == default
    assert cba.resolve_rate(None) is cba.discount_presets()[default]
    np.testing.assert_array_equal(cba.discount_factors(3), cba.discount_factors(3, default))
    assert cba.present_value([100, 100]) == cba.present_value([100, 100], default)
    # Change the parameter and every default follows it: no copy of the rate in the code.
    monkeypatch.setattr(discounting.params, "value", lambda file, key: "nl2015")
    np.testing.assert_array_equal(cba.discount_factors(2), cba.discount_factors(2, 0.03))
    assert cba.appraise.__defaults__[0] is None and cba.Conventions.make(timing="mid").rate.name == "nl2015"


@pytest.mark.parametrize("function", [cba.discount_factors, cba.present_value, cba.appraise, cba.resolve_rate,
                                      cba.Conventions.make])
def test_every_rate_default_is_the_preset_of_the_parameter_file(function):
    """No signature repeats the default rate: None stands for the file's default preset."""
    assert inspect.signature(function).parameters["rate"].default is None


def test_green_book_factors_compound_across_the_kinks():
    # Green Book annex A6: DF(31) = DF(30) / 1.03, DF(76) = DF(75) / 1.025, DF(126) = DF(125) / 1.02.
    df = cba.discount_factors(130, "greenbook")
    assert df[30] == pytest.approx(df[29] / 1.03)
    assert df[75] == pytest.approx(df[74] / 1.025)
    assert df[125] == pytest.approx(df[124] / 1.02)


def test_green_book_health_rate_declines_in_proportion():
    # Green Book annex A6: health 1.5% declining in the same proportion as the standard
    # rate: 1.5 x 3.0 / 3.5 = 1.2857% from year 31.
    df = cba.discount_factors(31, "greenbook-health")
    assert df[30] == pytest.approx(df[29] / (1 + 0.015 * 3.0 / 3.5), rel=1e-8)


def test_mid_year_is_end_of_year_times_half_a_year():
    flows = [50, 70, 80]
    assert cba.present_value(flows, 0.10, "mid") == pytest.approx(cba.present_value(flows, 0.10) * 1.1 ** 0.5)
