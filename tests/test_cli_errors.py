"""Every command catches every error in one place: exit 2 for the user's mistakes (with
file:row), 3 for a bug (with the log holding the traceback), 1 for a full disk, 130/143 for
Ctrl-C/SIGTERM; hostile input is bounded and refused before it is read."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analyse import cli

BOMB = "\n".join([f'{c}: &{c} [{", ".join(["*" + p] * 9 if p else ["lol"] * 9)}]'
                  for p, c in zip([""] + list("abcdefgh"), "abcdefghi")]) + "\n"


def _fail_validate(monkeypatch, exc: BaseException) -> None:
    def boom(args):
        raise exc

    monkeypatch.setattr(cli, "_cmd_validate", boom)
    monkeypatch.setattr(cli, "_parser", _parser_with(boom))


def _parser_with(handler):
    real = cli._parser

    def parser():
        p = real()
        p.set_defaults(func=handler)
        for action in p._subparsers._group_actions:  # the subcommands carry their own func
            for sub in action.choices.values():
                sub.set_defaults(func=handler)
        return p

    return parser


def test_internal_error_exits_3_with_the_log_that_holds_the_traceback(monkeypatch, run_cli, tmp_path):
    _fail_validate(monkeypatch, ZeroDivisionError("division by zero in a bug"))
    log = tmp_path / "logs" / "analyse.log"
    result = run_cli("validate", "--log-file", log)
    assert result.code == 3
    assert "internal error (a bug in analyse, not in your input): ZeroDivisionError" in result.err
    assert str(log) in result.err and "Traceback" not in result.err
    text = log.read_text()
    assert "Traceback (most recent call last)" in text and "ZeroDivisionError" in text
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} ERROR", text, re.M)  # timestamped


def test_internal_error_without_log_file_writes_one(monkeypatch, run_cli):
    _fail_validate(monkeypatch, KeyError("oeps"))
    result = run_cli("validate")
    assert result.code == 3
    path = Path(re.search(r"the traceback is in (\S+);", result.err).group(1))
    assert "KeyError" in path.read_text()
    path.unlink()


@pytest.mark.parametrize("exc, code, text", [
    (OSError(errno.ENOSPC, "No space left on device", "data/processed/x.parquet"), 1, "disk full while writing"),
    (KeyboardInterrupt(), 130, "interrupted; previous outputs are untouched"),
    (PermissionError(errno.EACCES, "Permission denied", "/root/x"), 2, "cannot use /root/x: Permission denied"),
])
def test_system_errors_get_a_clear_message_and_their_own_status(monkeypatch, run_cli, exc, code, text):
    _fail_validate(monkeypatch, exc)
    result = run_cli("validate")
    assert result.code == code and text in result.err and "Traceback" not in result.err


def test_sigterm_exits_143_after_cleaning_up(monkeypatch, run_cli):
    def terminated(args):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
        return 0

    monkeypatch.setattr(cli, "_parser", _parser_with(terminated))
    result = run_cli("validate")
    assert result.code == 143 and "terminated (SIGTERM)" in result.err


def test_log_file_gets_timestamped_records_and_no_secret(run_cli, tmp_path, env_secret="S3cr3t-waarde-77"):
    from analyse.safety import forget_secrets, register_secret

    register_secret(env_secret)
    try:
        from analyse.logs import get

        log = tmp_path / "a.log"
        run_cli("validate", "--log-file", log, "--log-level", "INFO")
        get("analyse.test").warning("connection failed with password %s", env_secret)
    finally:
        forget_secrets()
    text = log.read_text()
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* INFO    analyse.validate: 1/\d+ ", text, re.M)
    assert "password <geheim>" in text and env_secret not in text


def _write_csv(path: Path, header: str, rows: list[str]) -> None:
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def test_problem_lines_are_capped_with_a_count_of_the_rest(raw_copy, run_cli):
    rows = [f"2016Q{q},Dalfsen,wmo,veel" for q in range(1, 5)] * 1500  # 6,000 bad counts (and repeats)
    _write_csv(raw_copy / "care_use.csv", "quarter,kern,provision,clients", rows)
    result = run_cli("validate", "--data-dir", raw_copy)
    lines = result.err.splitlines()
    assert result.code == 2 and len(lines) <= cli.MAX_SHOWN_PROBLEMS + 2
    assert "care_use.csv:2: column 'clients': value 'veel': expected a whole number" in lines[0]
    more = re.search(r"\.\.\. and [\d,]+ more line\(s\) not shown, for ([\d,]+) of the problems below", result.err)
    total = re.search(r"^(1[12],\d{3}) problem\(s\) in 1 file\(s\); nothing was changed\.$", lines[-1])
    assert more and total
    # the lines shown stand for one problem each; the rest for the others: the counts add up
    shown = sum(1 for line in lines if line.startswith(str(raw_copy)) and ": ... and" not in line)
    assert shown + int(more.group(1).replace(",", "")) == int(total.group(1).replace(",", ""))


@pytest.mark.parametrize("cell, column", [("1" * 400, "clients"), ("9" * 400 + "Q1", "quarter")])
def test_four_hundred_digits_are_an_input_error_never_inf(raw_copy, run_cli, cell, column):
    text = (raw_copy / "care_use.csv").read_text().splitlines()
    header = text[0].split(",")
    row = text[1].split(",")
    row[header.index(column)] = cell
    text[1] = ",".join(row)
    (raw_copy / "care_use.csv").write_text("\n".join(text) + "\n")
    result = run_cli("build", "--data-dir", raw_copy, "--out", raw_copy.parent / "processed")
    assert result.code == 2 and f"care_use.csv:2: column '{column}'" in result.err and "expected" in result.err
    assert "inf" not in result.err.split("expected")[0] and "Traceback" not in result.err


def test_dataset_path_that_is_a_folder_is_an_input_error(raw_copy, run_cli):
    (raw_copy / "care_use.csv").unlink()
    (raw_copy / "care_use.csv").mkdir()
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2 and "care_use.csv: is a folder: expected a CSV or .xlsx file" in result.err


@pytest.mark.parametrize("text, message", [
    ("period: 2015Q1\n", "'period': value '2015Q1': expected a mapping"),
    ("period:\n  start: 99999999999999999999999Q1\n", "'period.start'"),
])
def test_malformed_municipality_period_is_a_config_error(raw_copy, run_cli, text, message):
    path = raw_copy / "municipality.yaml"
    path.write_text(re.sub(r"(?m)^period:\n(?:  .*\n)+", text, path.read_text()))
    result = run_cli("validate", "--data-dir", raw_copy)
    assert result.code == 2 and message in result.err


@pytest.mark.parametrize("name", ["catalog.yaml", "municipality.yaml"])
def test_yaml_alias_bomb_is_refused_in_milliseconds(raw_copy, run_cli, name):
    (raw_copy / name).write_text(BOMB)
    started = time.perf_counter()
    result = run_cli("validate", "--data-dir", raw_copy)
    assert time.perf_counter() - started < 5
    assert result.code == 2 and "aliases (*name) expand it to more than 100,000 values" in result.err


def test_ordinary_aliases_still_work():
    from analyse.safety import load_yaml

    assert load_yaml("a: &x {t: 1}\nb: *x\n", "x.yaml") == {"a": {"t": 1}, "b": {"t": 1}}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_catalog_file_outside_the_data_folder_is_refused_before_reading(raw_copy, tmp_path, run_cli, how):
    fifo = tmp_path / "pijp.csv"  # reading a named pipe would block: refusal must come first
    os.mkfifo(fifo)
    target = {"absolute": str(fifo), "dotdot": "../pijp.csv", "symlink": "link.csv"}[how]
    if how == "symlink":
        (raw_copy / "link.csv").symlink_to(fifo)
    catalog = raw_copy / "catalog.yaml"
    catalog.write_text(catalog.read_text().replace("file: care_use.csv", f"file: {target}", 1))
    for command in (["validate"], ["build", "--out", str(tmp_path / "processed")]):
        result = run_cli(*command, "--data-dir", raw_copy)
        assert result.code == 2 and "expected a file" in result.err and "inside" in result.err, result.err


@pytest.mark.parametrize("where", ["data", "parent", "foreign"])
def test_build_out_never_deletes_what_the_toolkit_did_not_make(raw_copy, tmp_path, run_cli, where):
    foreign = tmp_path / "eigen"
    foreign.mkdir()
    (foreign / "notities.txt").write_text("bewaren")
    out = {"data": raw_copy, "parent": tmp_path, "foreign": foreign}[where]
    before = sorted(p.name for p in out.rglob("*"))
    result = run_cli("build", "--data-dir", raw_copy, "--out", out)
    assert result.code == 2 and "nothing was changed or deleted" in result.err
    assert sorted(p.name for p in out.rglob("*")) == before


def test_build_out_replaces_its_own_earlier_output(raw_copy, tmp_path, run_cli):
    out = tmp_path / "processed"
    assert run_cli("build", "--data-dir", raw_copy, "--out", out).code == 0
    assert (out / ".analyse-processed").exists()
    assert run_cli("build", "--data-dir", raw_copy, "--out", out, "--force").code == 0


def test_dictionary_out_to_a_missing_folder_is_exit_2(run_cli, tmp_path):
    result = run_cli("dictionary", "--out", tmp_path / "bestaat-niet" / "dictionary.md")
    assert result.code == 2 and "does not exist: expected an existing folder" in result.err


def test_dead_dask_scheduler_is_exit_2(monkeypatch, run_cli, tmp_path):
    pytest.importorskip("distributed")
    from analyse.publish import pipeline

    monkeypatch.setattr(pipeline, "DASK_CONNECT_TIMEOUT_S", 2)
    monkeypatch.setattr(pipeline, "_execute", lambda *a, **k: pipeline._dask_client("tcp://127.0.0.1:9"))
    result = run_cli("run", "--period", "2026Q3", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
                     "--output-dir", tmp_path)
    assert result.code == 2 and "cannot reach the Dask scheduler" in result.err


def test_large_plain_csv_takes_the_fast_path_with_the_same_messages(tmp_path, monkeypatch):
    """The columnar path must report exactly what the line-by-line reader reports."""
    from analyse.data import readers
    from analyse.data.validate import validate_dir

    rows = [f"{2016 + i // 4}Q{1 + i % 4},Dalfsen,wmo,{i % 50 + 10}" for i in range(40)]
    rows[7] = "2016Q4,Atlantis,wmo,12"
    rows[20] = '"2021Q1",Dalfsen,"wmo","twaalf, ongeveer"'  # quotes (Excel writes them) and a comma inside
    rows[21] = '2021Q2,Dalfsen,wmo,"1""2"'
    rows[30] = "2016Q1,Dalfsen,wmo,12"  # a repeated key
    results = []
    for threshold in (0, 10**12):
        data = tmp_path / f"raw{threshold}"
        import shutil

        from analyse.config import RAW_DIR

        shutil.copytree(RAW_DIR, data)
        _write_csv(data / "care_use.csv", "quarter,kern,provision,clients", rows)
        monkeypatch.setattr(readers, "FAST_PATH_MIN_BYTES", threshold)
        results.append([str(p).replace(f"raw{threshold}", "raw") for p in validate_dir(data).problems])
    assert results[0] == results[1] and len(results[0]) >= 4


def test_a_line_break_inside_quotes_goes_the_exact_way(tmp_path, monkeypatch):
    from analyse.data import readers

    monkeypatch.setattr(readers, "FAST_PATH_MIN_BYTES", 0)
    path = tmp_path / "zorg.csv"
    path.write_text('quarter,kern,provision,clients\n2016Q1,"Dal\nfsen",wmo,10\n2016Q2,Dalfsen,wmo,x\n')
    table = readers.read_table(path)
    assert list(table.frame.index) == [2, 4]  # line numbers of the file, not row counts
    assert table.frame.loc[2, "kern"] == "Dal\nfsen"


def test_validate_of_a_large_file_reports_progress_within_its_memory_budget(tmp_path):
    """30x the welfare evaluations (90,000 rows, ~9 MB) in one subprocess: exit 0, a progress
    record per file, and peak memory far below the 2 GB budget of the README."""
    import shutil

    from analyse.config import RAW_DIR

    data = tmp_path / "raw"
    shutil.copytree(RAW_DIR, data)
    header, *rows = (RAW_DIR / "evaluations.csv").read_text().splitlines()
    column = header.split(",").index("indicator")
    with open(data / "evaluations.csv", "w") as fh:
        fh.write(header + "\n")
        for copy in range(30):
            for row in rows:
                cells = row.split(",")
                cells[column] += f" #{copy}"
                fh.write(",".join(cells) + "\n")
    with open(tmp_path / "err.txt", "w") as err_file:
        proc = subprocess.Popen([sys.executable, "-m", "analyse.cli", "validate", "--data-dir", str(data),
                                 "--log-level", "INFO"], stdout=subprocess.DEVNULL, stderr=err_file)
        _, status, usage = os.wait4(proc.pid, 0)
    err = (tmp_path / "err.txt").read_text()
    assert os.waitstatus_to_exitcode(status) == 0, err
    assert re.search(r"INFO    analyse.validate: \d+/\d+ \S*evaluations.csv: 89,460 rows, 0 problem", err)
    assert usage.ru_maxrss / 1024 < 1000  # MB; the README's budget is 2 GB for a 200 MB file
def test_spreadsheet_declaring_a_cell_at_xfd1048576_is_read_by_its_used_cells(tmp_path):
    """Excel's last cell (column XFD, row 1,048,576) would pad every row to 16,384 columns;
    the sheet is read by its used cells and the stray cell is reported by row."""
    import openpyxl

    from analyse.data.readers import read_table
    from analyse.errors import InputError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["quarter", "kern", "provision", "clients"])
    sheet.append(["2015Q1", "Dalfsen", "wmo", 10])
    sheet.cell(1048576, 16384, "x")
    book.save(tmp_path / "zorg.xlsx")
    started = time.perf_counter()
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "zorg.xlsx")
    assert time.perf_counter() - started < 10
    assert "zorg.xlsx:1048576: row has values beyond the 4 header columns" in str(exc.value)


def test_gzip_that_expands_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    import gzip

    from analyse.data import csvfast
    from analyse.data.readers import read_table
    from analyse.errors import InputError

    monkeypatch.setattr(csvfast, "MAX_INPUT_BYTES", 10_000)
    (tmp_path / "bom.csv.gz").write_bytes(gzip.compress(b"a,b\n" + b"1,2\n" * 100_000))
    assert (tmp_path / "bom.csv.gz").stat().st_size < 10_000
    with pytest.raises(InputError, match="expands to more than 10,000 bytes when decompressed: expected a CSV file "
                                         "of at most 10,000 bytes"):
        read_table(tmp_path / "bom.csv.gz")


def test_a_gzip_bomb_is_refused_in_constant_memory(tmp_path, monkeypatch):
    import gzip
    import tracemalloc

    from analyse.data import csvfast

    # Limit 300 kB, chunks of 1 kB: refusing a 400 kB expansion must not hold the 300 kB read so far.
    monkeypatch.setattr(csvfast, "MAX_INPUT_BYTES", 300_000)
    monkeypatch.setattr(csvfast, "_CHUNK", 1_000)
    (tmp_path / "bom.csv.gz").write_bytes(gzip.compress(b"a,b\n" + b"1,2\n" * 100_000))
    tracemalloc.start()
    try:
        with pytest.raises(csvfast.TooLarge):
            csvfast.input_bytes(tmp_path / "bom.csv.gz")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 150_000


@pytest.fixture
def full_device(tmp_path) -> Path:
    """A device on which every write fails with ENOSPC (like /dev/full)."""
    import stat

    path = tmp_path / "full"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except OSError:
        path = Path("/dev/full")
    if not path.is_char_device():
        pytest.skip("no /dev/full-like device on this system")
    return path


def test_a_log_file_that_cannot_be_written_is_exit_1_without_tracebacks(full_device, run_cli):
    result = run_cli("validate", "--data-dir", "data/raw", "--log-file", full_device)
    assert result.code == 1
    assert f"--log-file {full_device}: cannot write (disk full)" in result.err
    assert "Traceback" not in result.err and "Logging error" not in result.err


def test_dictionary_to_a_full_device_is_exit_1_and_the_device_stays(full_device, run_cli):
    result = run_cli("dictionary", "--out", full_device)
    assert result.code == 1 and "wrote" not in result.out
    assert f"disk full while writing {full_device}" in result.err
    assert full_device.is_char_device()  # written to, never replaced by a regular file


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_refused_before_anything_runs(tmp_path, run_cli, jobs):
    result = run_cli("run", "--notebook", "samenvatting", "--jobs", jobs, "--output-dir", tmp_path / "r")
    assert result.code == 2 and f"--jobs {jobs}: expected the number of notebooks to run in parallel" in result.err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("value", ["abc", "0", "inf"])
def test_a_bad_notebook_timeout_in_the_environment_is_refused_naming_it(tmp_path, run_cli, monkeypatch, value):
    monkeypatch.setenv("ANALYSE_NOTEBOOK_TIMEOUT", value)
    result = run_cli("run", "--notebook", "samenvatting", "--output-dir", tmp_path / "r")
    assert result.code == 2 and f"environment variable ANALYSE_NOTEBOOK_TIMEOUT='{value}'" in result.err
    assert not (tmp_path / "r").exists()
    monkeypatch.setenv("ANALYSE_NOTEBOOK_TIMEOUT", "120")
    from analyse.config import notebook_timeout

    assert notebook_timeout() == 120.0
