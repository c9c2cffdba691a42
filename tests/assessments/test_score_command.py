"""`gender-seal score FRAMEWORK RESULTS.csv`: the rules without a database, JSON out."""
import json
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from genderseal.standards.excel import write_xlsx
from genderseal.standards.loader import parse_yaml

# No django_db mark: any query here would fail the test.
FRAMEWORKS = Path(__file__).resolve().parent.parent / "fixtures" / "frameworks"
MINI = FRAMEWORKS / "mini.yaml"
SEAL = Path(__file__).resolve().parents[2] / "frameworks" / "undp-gender-seal-public-institutions.yaml"


def csv_file(tmp_path, text, name="results.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def score(framework, results):
    out = StringIO()
    call_command("score", str(framework), str(results), "--language", "en", stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def fails(framework, results):
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("score", str(framework), str(results), "--language", "en", stdout=StringIO(), stderr=err)
    assert info.value.returncode == 1
    return err.getvalue().splitlines()


def test_it_needs_no_system_checks():
    assert load_command_class("genderseal.assessments", "score").requires_system_checks == []


def test_it_prints_the_summary_as_json(tmp_path):
    results = csv_file(tmp_path, "benchmark,result\n1.1.1,met\n1.1.2,partly_met\n1.2.1,met\n2.1.1,not_applicable\n")
    summary = score(MINI, results)
    assert summary["framework"] == "mini-seal" and summary["version"] == "1.0"
    assert (summary["credit"], summary["applicable"], summary["percent"], summary["level"]) == (2.5, 4, 62.5, "silver")
    assert summary["dimensions"] == [
        {"code": "1", "credit": 2.5, "applicable": 3, "percent": 83.3},
        {"code": "2", "credit": 0.0, "applicable": 1, "percent": 0.0},
    ]
    assert summary["next_level"] == {"code": "gold", "credit_needed": 0.7, "mandatory_missing": [],
                                     "candidates": ["1.1.2", "2.1.2"]}


def test_missing_and_blank_results_count_as_applicable_without_credit(tmp_path):
    results = csv_file(tmp_path, "\ufeffbenchmark,result,comment\r\n1.1.1,met,ok\r\n1.1.2,,not yet\r\n\r\n")
    summary = score(MINI, results)
    assert (summary["credit"], summary["applicable"], summary["percent"], summary["level"]) == (1.0, 5, 20.0, None)
    assert summary["next_level"]["code"] == "bronze" and summary["next_level"]["credit_needed"] == 1.0


def test_json_keeps_thai_and_is_indented(tmp_path):
    out = StringIO()
    results = csv_file(tmp_path, "benchmark,result\n")
    call_command("score", str(MINI), str(results), stdout=out)
    assert out.getvalue().startswith('{\n  "framework": "mini-seal",')


def test_it_accepts_an_excel_framework(tmp_path):
    write_xlsx(parse_yaml(MINI), tmp_path / "mini.xlsx")
    summary = score(tmp_path / "mini.xlsx", csv_file(tmp_path, "benchmark,result\n1.1.1,met\n"))
    assert summary["credit"] == 1.0 and summary["applicable"] == 5


def test_it_names_every_bad_line(tmp_path):
    results = csv_file(tmp_path, (
        "benchmark,result,comment\n"
        "1.1.1,met\n"
        "9.9.9,met\n"
        "1.1.2,passed\n"
        ",met\n"
        "1.1.1,not_met\n"
        '2.1.1,met,"a comment\n'
        'on two lines"\n'
        "2.1.2,Met\n"
    ))
    assert fails(MINI, results) == [
        'results.csv, line 3: unknown benchmark code "9.9.9"',
        'results.csv, line 4: unknown result code "passed" (allowed: met, partly_met, not_met, not_applicable)',
        "results.csv, line 5: the benchmark code is empty",
        'results.csv, line 6: benchmark "1.1.1" appears twice (first at line 2)',
        'results.csv, line 9: unknown result code "Met" (allowed: met, partly_met, not_met, not_applicable)',
    ]


@pytest.mark.parametrize("header", ["code,result", "benchmark;result", "", "1.1.1,met"])
def test_it_needs_the_header(tmp_path, header):
    results = csv_file(tmp_path, header + "\n1.1.1,met\n")
    assert fails(MINI, results) == ['results.csv, line 1: the first line must be the header "benchmark,result"']


def test_it_refuses_a_csv_that_is_not_utf8(tmp_path):
    results = csv_file(tmp_path, "benchmark,result\n1.1.1,ผ่าน\n", encoding="cp874")
    assert fails(MINI, results) == ["results.csv, line 2: the file is not UTF-8 text"]


def test_it_reports_a_bad_framework_file(tmp_path):
    framework = tmp_path / "bad.yaml"
    framework.write_text(MINI.read_text(encoding="utf-8").replace("credit: 0.5}", "credit: half}"), encoding="utf-8")
    lines = fails(framework, csv_file(tmp_path, "benchmark,result\n"))
    assert lines == ['bad.yaml, line 8: credit must be a number, not "half"']


def test_it_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        score(MINI, tmp_path / "none.csv")


def console(tmp_path, *args):
    command = shutil.which("gender-seal", path=str(Path(sys.executable).parent)) or "gender-seal"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/dir/db.sqlite3"}
    return subprocess.run([command, "score", *map(str, args), "--language", "en"],
                          capture_output=True, text=True, env=env, timeout=60)


def test_the_console_command_runs_without_a_database(tmp_path):
    done = console(tmp_path, MINI, csv_file(tmp_path, "benchmark,result\n1.1.1,met\n1.1.2,met\n"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["credit"] == 2.0 and json.loads(done.stdout)["level"] == "bronze"
    assert not (tmp_path / "no").exists()


def test_the_console_command_exits_with_status_1_naming_the_line(tmp_path):
    done = console(tmp_path, MINI, csv_file(tmp_path, "benchmark,result\n1.1.1,met\n1.1.1,met\n"))
    assert done.returncode == 1 and done.stdout == ""
    assert 'results.csv, line 3: benchmark "1.1.1" appears twice (first at line 2)' in done.stderr


@pytest.mark.skipif(not SEAL.exists(), reason="the Seal's framework file is not there yet")
def test_the_shipped_seal_scores_bmas_first_review(tmp_path):
    spec = parse_yaml(SEAL)
    assert len(spec.benchmarks) == 40 and len(spec.dimensions) == 5
    codes = [b.code for b in spec.benchmarks]
    results = csv_file(tmp_path, "benchmark,result\n" + "".join(f"{code},met\n" for code in codes[:10]))
    summary = score(SEAL, results)
    assert (summary["framework"], summary["applicable"], summary["percent"], summary["level"]) == (
        "undp-gesp", 40, 25.0, None)
    gap = summary["next_level"]
    assert (gap["code"], gap["credit_needed"], gap["mandatory_missing"]) == ("bronze", 14.0, [])
    assert gap["candidates"] == sorted(codes[10:], key=lambda c: tuple(int(p) for p in c.split(".")))
