"""`gender-seal framework validate|load FILE`: messages, exit status, nothing written on error."""
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from genderseal.standards.excel import write_xlsx
from genderseal.standards.loader import parse_yaml
from genderseal.standards.models import Benchmark, Framework, FrameworkLoad

FRAMEWORKS = Path(__file__).resolve().parent.parent / "fixtures" / "frameworks"
PROJECT = Path(__file__).resolve().parents[2]
SEAL = PROJECT / "frameworks" / "undp-gender-seal-public-institutions.yaml"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("framework", *args, "--language", "en", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args):
    err = StringIO()
    with pytest.raises(CommandError) as info:
        call_command("framework", *args, "--language", "en", stdout=StringIO(), stderr=err)
    assert info.value.returncode == 1
    return str(info.value), err.getvalue().splitlines()


def broken_copy(tmp_path):
    text = (FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("min_percent: 60}", "min_percent: 160}").replace('code: "1.1.2"', 'code: "1.1.1"')
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_prints_a_one_line_summary():
    out, err = run("validate", str(FRAMEWORKS / "mini.yaml"))
    assert out == "mini.yaml is valid: mini-seal 1.0: 2 dimensions, 3 goals, 5 benchmarks, 3 levels\n"
    assert err == ""


def test_validate_reads_excel(tmp_path):
    write_xlsx(parse_yaml(FRAMEWORKS / "mini.yaml"), tmp_path / "mini.xlsx")
    out, _err = run("validate", str(tmp_path / "mini.xlsx"))
    assert out.startswith("mini.xlsx is valid: mini-seal 1.0: 2 dimensions")


def test_validate_prints_every_problem_to_stderr(tmp_path):
    message, lines = fails("validate", str(broken_copy(tmp_path)))
    assert message == "2 problems in broken.yaml; nothing was written."
    assert lines[0].startswith("broken.yaml, line 13: level \"silver\": min_percent 160 can never be reached")
    assert lines[1] == 'broken.yaml, line 26: benchmark code "1.1.1" appears twice (first at line 22)'


@pytest.mark.parametrize("name", ["results.csv", "framework.json"])
def test_it_refuses_other_file_types(tmp_path, name):
    (tmp_path / name).write_text("x", encoding="utf-8")
    _message, lines = fails("validate", str(tmp_path / name))
    assert lines == [f"{name}: a framework file must end in .yaml, .yml or .xlsx"]


def test_it_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("validate", str(tmp_path / "nowhere.yaml"))


@pytest.mark.django_db
def test_load_prints_the_report_and_an_upgrade_says_what_changed(tmp_path):
    out, _err = run("load", str(FRAMEWORKS / "mini.yaml"))
    assert out.splitlines()[:2] == [
        "Loaded mini-seal version 1.0 (new framework).",
        "benchmarks added: 5 (1.1.1, 1.1.2, 1.2.1, 2.1.1, 2.1.2)",
    ]
    out, _err = run("load", str(FRAMEWORKS / "mini-v2.yaml"))
    assert out.splitlines()[:4] == [
        "Loaded mini-seal: version 1.0 -> 2.0.",
        "benchmarks added: 1 (1.1.3)",
        "benchmarks removed (retired): 1 (1.1.2)",
        "benchmarks changed: 1 (1.1.1)",
    ]
    load = FrameworkLoad.objects.first()
    assert load.source == "mini-v2.yaml" and len(load.sha256) == 64


@pytest.mark.django_db
def test_load_of_a_bad_file_writes_nothing(tmp_path):
    run("load", str(FRAMEWORKS / "mini.yaml"))
    before = list(Benchmark.objects.values_list("pk", "code", "title_en", "retired"))
    _message, lines = fails("load", str(broken_copy(tmp_path)))
    assert len(lines) == 2
    assert list(Benchmark.objects.values_list("pk", "code", "title_en", "retired")) == before
    assert Framework.objects.get().version == "1.0" and FrameworkLoad.objects.count() == 1


@pytest.mark.django_db
def test_load_reads_excel(tmp_path):
    write_xlsx(parse_yaml(FRAMEWORKS / "mini.yaml"), tmp_path / "mini.xlsx")
    run("load", str(tmp_path / "mini.xlsx"))
    assert Benchmark.objects.filter(framework__code="mini-seal").count() == 5


def test_the_console_command_exits_with_status_1(tmp_path):
    command = shutil.which("gender-seal", path=str(Path(sys.executable).parent)) or "gender-seal"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/missing/db.sqlite3"}
    done = subprocess.run([command, "framework", "validate", str(broken_copy(tmp_path)), "--language", "en"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "broken.yaml, line 26: " in done.stderr and done.stdout == ""
    done = subprocess.run([command, "framework", "validate", str(FRAMEWORKS / "mini.yaml"), "--language", "en"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and "mini-seal 1.0" in done.stdout


@pytest.mark.skipif(not SEAL.exists(), reason="the Seal's framework file is not there yet")
def test_the_shipped_seal_validates():
    out, _err = run("validate", str(SEAL))
    assert "5 dimensions" in out and "40 benchmarks" in out and "3 levels" in out


def test_every_problem_of_a_badly_broken_file_is_listed_with_its_line():
    message, lines = fails("validate", str(FRAMEWORKS / "broken.yaml"))
    assert message == "16 problems in broken.yaml; nothing was written."
    assert len(lines) == 16 and all(line.startswith("broken.yaml, line ") for line in lines)
    assert 'broken.yaml, line 26: unknown key "titel" in a benchmark: did you mean "title"? ' \
        "(allowed: code, title, evidence, wording)" in lines
