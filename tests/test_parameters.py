"""analyse.publish.parameters: one check of every report parameter value."""

from __future__ import annotations

import unicodedata

import pytest

from analyse.config import RAW_DIR, load_municipality
from analyse.errors import ParameterError
from analyse.publish.parameters import ReportParameter, check_period, check_value


@pytest.fixture(scope="module")
def muni():
    return load_municipality(RAW_DIR)


def _spec(**fields) -> ReportParameter:
    return ReportParameter(description="een parameter", **fields)



@pytest.mark.parametrize(
    "spec, value, expected",
    [
        (dict(type="integer"), "12", 12),
        (dict(type="integer"), 12, 12),
        (dict(type="number"), "0,03", 0.03),
        (dict(type="number"), 2, 2.0),
        (dict(type="number", source="discount_presets"), "greenbook", "greenbook"),
        (dict(type="number", source="discount_presets"), "0.03", 0.03),
        (dict(type="choice", allowed=["wmo", "jeugd"]), "jeugd", "jeugd"),
        (dict(type="choice", source="policy_fields"), "Mantelzorg", "Mantelzorg"),
        (dict(type="kern"), "alle", "alle"),
        (dict(type="kern"), "Hoonhorst", "Hoonhorst"),
        (dict(type="period"), "2021-Q1", "2021Q1"),
        (dict(type="text"), "Saam Welzijn", "Saam Welzijn"),
        (dict(type="list of kern"), "Dalfsen,Hoonhorst", ["Dalfsen", "Hoonhorst"]),
        (dict(type="list of kern"), ["Dalfsen"], ["Dalfsen"]),
        (dict(type="list of integer"), ["1", "2"], [1, 2]),
        (dict(type="integer", minimum=1, maximum=10), 10, 10),
    ],
)
def test_good_values_are_typed(muni, spec, value, expected):
    assert check_value("x", value, _spec(**spec), muni) == expected


@pytest.mark.parametrize(
    "name, spec, value, message",
    [
        ("seed", dict(type="integer", default=2024), "een", "--param seed=een: value 'een': expected a whole number "
                                                           "(default 2024)"),
        ("seed", dict(type="integer"), 1.5, "value '1.5': expected a whole number"),
        ("seed", dict(type="integer"), True, "value 'True': expected a whole number"),
        ("rate", dict(type="number"), "veel", "--param rate=veel: value 'veel': expected a number"),
        ("rate", dict(type="number", source="discount_presets"), "veel",
         "expected a number (a share, e.g. 0.03 = 3%) or a preset: nl2020"),
        ("n", dict(type="integer", minimum=1), 0, "--param n=0: value '0': expected a number at least 1"),
        ("t", dict(type="number", minimum=0, maximum=1), 2, "expected a number from 0 to 1"),
        ("t", dict(type="number", maximum=1), 2, "expected a number at most 1"),
        ("rate", dict(type="number", minimum=0, maximum=0.2), "nan",
         "--param rate=nan: value 'nan': expected a number"),
        ("rate", dict(type="number"), "inf", "value 'inf': expected a number"),
        ("rate", dict(type="number", source="discount_presets"), float("nan"), "expected a number (a share"),
        ("draws", dict(type="integer", minimum=1, maximum=1_000_000), 2_000_000,
         "expected a number from 1 to 1,000,000"),
        ("timing", dict(type="choice", allowed=["end", "mid", "start"]), "soms", "expected one of: end, mid, start"),
        ("veld", dict(type="choice", source="policy_fields"), "Wonen",
         "expected one of the policy_fields in municipality.yaml: Welzijn, Gezondheid"),
        ("kern", dict(type="kern"), "Ankum", "--param kern=Ankum: value 'Ankum': expected 'alle' or one of the kernen"),
        ("kern", dict(type="kern"), "../../etc", "value '../../etc': expected plain text without path separators"),
        ("naam", dict(type="text"), "a\\b", "expected plain text without path separators"),
        ("naam", dict(type="text"), 3, "--param naam=3: value '3': expected text"),
        ("kernen", dict(type="list of kern"), 3, "--param kernen=3: value '3': expected a list"),
        ("kernen", dict(type="list of kern"), "Dalfsen,Ankum", "--param kernen=Ankum: value 'Ankum'"),
        ("period", dict(type="period"), "2026Q5", "--period 2026Q5: expected a quarter such as 2015Q1"),
        ("start", dict(type="period"), "2099Q1", "--param start=2099Q1: expected a quarter from 2015Q1 to"),
    ],
)
def test_bad_values_say_what_is_expected(muni, name, spec, value, message):
    with pytest.raises(ParameterError) as err:
        check_value(name, value, _spec(**spec), muni)
    assert message in str(err.value)


def test_default_period_is_last_completed_quarter(muni):
    assert check_period(None, muni) == str(muni.period_end)


@pytest.fixture
def names(monkeypatch):
    """The municipality names of tests/test_municipalities.py instead of the CBS classes."""
    from test_municipalities import NAMES

    from analyse.publish import municipalities

    monkeypatch.setattr(municipalities, "municipality_provinces", lambda *a, **k: dict.fromkeys(NAMES, "Overijssel"))


@pytest.mark.parametrize("value, expected", [("Dalfsen", "Dalfsen"), ("sudwest-fryslan", "Súdwest-Fryslân"),
                                             ("'s-Hertogenbosch", "'s-Hertogenbosch"), ("bergen nh", "Bergen (NH.)")])
def test_a_municipality_is_returned_as_cbs_writes_it(muni, names, value, expected):
    assert check_value("gemeente", value, _spec(type="gemeente"), muni) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("Dalfsn", "--param gemeente=Dalfsn: value 'Dalfsn': expected one of the 14 municipalities as CBS writes "
                   "them; closest: Dalfsen (or 'alle'"),
        ("Bergen", "value 'Bergen': expected one of the 14 municipalities as CBS writes them; closest: Bergen (L.), "
                   "Bergen (NH.)"),
        ("Atlantis", "value 'Atlantis': expected one of the 14 municipalities as CBS writes them (or 'alle'"),
        ("alle", "value 'alle': expected one municipality here; 'alle' (one report per municipality) is for "
                 "'analyse run --param'"),
        (3, "--param gemeente=3: value '3': expected one of the 14 municipalities"),
    ],
)
def test_an_unknown_municipality_is_refused_with_the_closest_names(muni, names, value, message):
    with pytest.raises(ParameterError) as err:
        check_value("gemeente", value, _spec(type="gemeente", all_municipalities=True), muni)
    assert message in str(err.value)


def test_alle_is_only_suggested_where_the_report_takes_it(muni, names):
    with pytest.raises(ParameterError) as err:
        check_value("gemeente", "Dalfsn", _spec(type="gemeente"), muni)
    assert str(err.value).endswith("closest: Dalfsen")


def test_the_notebook_check_gives_the_message_of_the_command_line(names):
    from analyse.publish.pack import check_parameters

    namespace = {"period": None, "gemeente": "Dalfsn", "jaar": 2025, "price_year": 2025, "cpi_assumption_pct": 2.0}
    with pytest.raises(ParameterError, match="--param gemeente=Dalfsn: value 'Dalfsn': .* closest: Dalfsen"):
        check_parameters("vergelijking", namespace)
    namespace["gemeente"] = "sudwest-fryslan"
    check_parameters("vergelijking", namespace)
    assert namespace["gemeente"] == "Súdwest-Fryslân"  # the notebook gets the CBS spelling


def test_the_default_municipality_is_the_configured_one(muni):
    assert _spec(type="gemeente", default_from="municipality.name").resolved_default(muni) == "Dalfsen"


@pytest.mark.parametrize("value, expected", [
    (unicodedata.normalize("NFD", "Súdwest-Fryslân"), "Súdwest-Fryslân"),  # pasted on a Mac
    ("\u2018s-Hertogenbosch", "'s-Hertogenbosch"),  # a Word quote
    ("\u2019s-Gravenhage", "'s-Gravenhage (gemeente)")])
def test_pasted_unicode_and_typographic_quotes_match(muni, names, value, expected):
    assert check_value("gemeente", value, _spec(type="gemeente"), muni) == expected


def test_a_year_range_is_printed_without_thousands_separators(muni):
    with pytest.raises(ParameterError) as err:
        check_value("jaar", "2030", _spec(type="integer", minimum=2023, maximum=2025), muni)
    assert str(err.value).endswith("expected a number from 2023 to 2025")
    with pytest.raises(ParameterError, match="from 1 to 100,000"):
        check_value("mc_draws", "-5", _spec(type="integer", minimum=1, maximum=100000), muni)
