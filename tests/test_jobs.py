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
