"""analyse.publish.jobs: which declared reports run with which values."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA

from analyse.config import RAW_DIR, load_municipality
from analyse.errors import ParameterError
from analyse.publish.jobs import Job, parse_param_args, plan_jobs, reproduce_command
from analyse.publish.pack import Pack, Report, load_pack
from analyse.publish.parameters import ReportParameter

FIXTURES = TEST_DATA / "notebooks"


@pytest.fixture(scope="module")
def muni():
    return load_municipality(RAW_DIR)


@pytest.fixture(scope="module")
def fixtures():
    return load_pack(FIXTURES)


def test_parse_param_args_fan_out():
    assert parse_param_args(["kern=Dalfsen,Lemelerveld", "seed=1", "seed=2"]) == {
        "kern": ["Dalfsen", "Lemelerveld"], "seed": ["1", "2"]}
    assert parse_param_args(["naam="]) == {"naam": [""]}
    with pytest.raises(ParameterError, match="--param 'zonderwaarde': expected KEY=VALUE"):
        parse_param_args(["zonderwaarde"])


def test_every_declared_report_runs_in_pack_order(fixtures, muni):
    jobs = plan_jobs(fixtures, None, {}, "2026Q3", muni)
    assert [j.name for j in jobs] == ["testrapport", "mislukt", "schoon", "lek", "geheim"]
    assert all(j.parameters == {"period": "2026Q3"} for j in jobs)


def test_a_list_of_values_fans_out_one_job_each(fixtures, muni):
    jobs = plan_jobs(fixtures, ["testrapport"], parse_param_args(["kern=Dalfsen,Hoonhorst", "seed=1,2", "rate=0.5"]),
                     "2026Q3", muni)
    assert [j.name for j in jobs] == ["testrapport__kern-dalfsen__seed-1", "testrapport__kern-dalfsen__seed-2",
                                      "testrapport__kern-hoonhorst__seed-1", "testrapport__kern-hoonhorst__seed-2"]
    assert jobs[0].parameters == {"period": "2026Q3", "kern": "Dalfsen", "rate": 0.5, "seed": 1}


def test_a_secret_is_never_split_or_put_in_the_parameters(fixtures, muni):
    jobs = plan_jobs(fixtures, ["geheim"], parse_param_args(["db_password=a,b"]), "2026Q3", muni)
    assert len(jobs) == 1 and jobs[0].secrets == {"db_password": "a,b"}
    assert jobs[0].parameters == {"period": "2026Q3"} and "a,b" not in repr(jobs[0])


def test_a_list_parameter_takes_all_values_in_one_job(muni, tmp_path):
    spec = ReportParameter(type="list of kern", default=["alle"], description="kernen in één rapport")
    pack = Pack(reports=(Report(id="kaart", notebook="kaart.ipynb", title="Kaart", order=1,
                                parameters={"kernen": spec}),), folder=tmp_path)
    jobs = plan_jobs(pack, None, parse_param_args(["kernen=Dalfsen,Hoonhorst"]), "2026Q3", muni)
    assert [(j.name, j.parameters) for j in jobs] == [("kaart", {"kernen": ["Dalfsen", "Hoonhorst"]})]


@pytest.mark.parametrize(
    "selected, params, message",
    [
        (["bestaatniet"], {}, "--notebook bestaatniet: expected one of: testrapport, mislukt, schoon, lek, geheim"),
        (None, {"period": ["2026Q2"]}, "--param period=...: use --period instead"),
        (["mislukt"], {"kern": ["Dalfsen"]}, "--param kern: no selected notebook has this parameter; known: "),
        (None, {"kern": ["Dalfsen", "Atlantis"]}, "--param kern=Atlantis: value 'Atlantis': expected 'alle'"),
    ],
)
def test_bad_selection_or_values_are_refused(fixtures, muni, selected, params, message):
    with pytest.raises(ParameterError) as err:
        plan_jobs(fixtures, selected, params, "2026Q3", muni)
    assert message in str(err.value)


def test_reproduce_command_hides_secrets(tmp_path):
    job = Job(notebook="geheim", name="geheim", parameters={"period": "2026Q3", "kernen": ["Dalfsen", "Hoonhorst"]},
              secrets={"db_password": "Sup3r"})
    command = reproduce_command(job, "2026Q3", tmp_path, internal=True)
    assert command == (f"analyse run --period 2026Q3 --notebook geheim --internal --param kernen=Dalfsen,Hoonhorst "
                       f"--param db_password=<geheim> --data-dir {tmp_path}")


@pytest.fixture
def names(monkeypatch):
    """The municipality names of tests/test_municipalities.py instead of the CBS classes."""
    from test_municipalities import NAMES

    from analyse.publish import municipalities

    monkeypatch.setattr(municipalities, "municipality_provinces", lambda *a, **k: dict.fromkeys(NAMES, "Overijssel"))
    return NAMES


@pytest.fixture
def comparison(tmp_path):
    """A pack with a per-municipality report next to one that only knows the own municipality."""
    period = ReportParameter(type="period", description="Periode")
    gemeente = ReportParameter(type="gemeente", default_from="municipality.name", description="Gemeente",
                               all_municipalities=True)
    own_data = ReportParameter(type="gemeente", default_from="municipality.name", description="Gemeente (CBS-deel)")
    return Pack(reports=(
        Report(id="zorg", notebook="zorg.ipynb", title="Zorg", order=1, parameters={"period": period}),
        Report(id="gebruik", notebook="gebruik.ipynb", title="Gebruik", order=2,
               parameters={"period": period, "gemeente": own_data}),
        Report(id="vergelijking", notebook="vergelijking.ipynb", title="Vergelijking", order=3,
               parameters={"period": period, "gemeente": gemeente})), folder=tmp_path)


def test_alle_gives_one_job_per_municipality_and_the_other_reports_once(comparison, muni, names):
    jobs = plan_jobs(comparison, None, parse_param_args(["gemeente=alle"]), "2026Q3", muni)
    assert [j.name for j in jobs[:4]] == ["zorg", "gebruik", "vergelijking__gemeente-s-gravenhage-gemeente",
                                          "vergelijking__gemeente-s-hertogenbosch"]
    # reports with the municipality's own data run once, for the configured municipality
    assert jobs[0].parameters == {"period": "2026Q3"}
    assert jobs[1].parameters == {"period": "2026Q3", "gemeente": "Dalfsen"}
    per_municipality = jobs[2:]
    assert [j.parameters["gemeente"] for j in per_municipality] == list(names)
    assert len({j.name for j in per_municipality}) == len(names) == 14


def test_the_own_municipality_keeps_the_plain_name_and_others_carry_theirs(comparison, muni, names):
    def planned(value: str) -> list[tuple[str, object]]:
        jobs = plan_jobs(comparison, ["vergelijking"], parse_param_args([f"gemeente={value}"]), "2026Q3", muni)
        return [(j.name, j.parameters["gemeente"]) for j in jobs]

    assert planned("dalfsen") == [("vergelijking", "Dalfsen")]
    assert planned("sudwest-fryslan") == [("vergelijking__gemeente-sudwest-fryslan", "Súdwest-Fryslân")]
    # a comma inside a name does not split it; the same municipality twice is one job
    assert planned("Nuenen, Gerwen en Nederwetten,Bergen (NH.),bergen nh") == [
        ("vergelijking__gemeente-nuenen-gerwen-en-nederwetten", "Nuenen, Gerwen en Nederwetten"),
        ("vergelijking__gemeente-bergen-nh", "Bergen (NH.)")]


def test_an_unknown_municipality_stops_the_plan(comparison, muni, names):
    with pytest.raises(ParameterError, match="--param gemeente=Zwole: value 'Zwole': .*closest: Zwolle"):
        plan_jobs(comparison, None, parse_param_args(["gemeente=Dalfsen,Zwole"]), "2026Q3", muni)


def test_reproduce_command_quotes_names_readably():
    job = Job(notebook="vergelijking", name="v", parameters={"period": "2026Q3", "gemeente": "'s-Hertogenbosch"})
    assert reproduce_command(job, "2026Q3", None).endswith("""--param "gemeente='s-Hertogenbosch\"""")
    job.parameters["gemeente"] = "Bergen (NH.)"
    assert reproduce_command(job, "2026Q3", None).endswith('--param "gemeente=Bergen (NH.)"')


def test_alle_for_a_named_report_without_all_municipalities_is_refused(comparison, muni, names):
    with pytest.raises(ParameterError, match=r"--param gemeente=alle: report\(s\) gebruik cannot be made for every"):
        plan_jobs(comparison, ["gebruik"], parse_param_args(["gemeente=alle"]), "2026Q3", muni)
    # the whole pack: the per-municipality report fans out, the other runs once (see above)
    assert plan_jobs(comparison, None, parse_param_args(["gemeente=alle"]), "2026Q3", muni)


def test_an_invalid_default_municipality_stops_the_plan_before_anything_runs(comparison, muni, names):
    import dataclasses

    atlantis = dataclasses.replace(muni, name="Atlantis")
    with pytest.raises(ParameterError, match="report gebruik: the default of parameter gemeente "
                                             r"\(from 'municipality.name' in municipality.yaml\) is not valid"):
        plan_jobs(comparison, None, {}, "2026Q3", atlantis)
    assert [j.name for j in plan_jobs(comparison, ["zorg"], {}, "2026Q3", atlantis)] == ["zorg"]
