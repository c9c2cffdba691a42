"""Loading a framework into the database: all or nothing, upgrades keep results."""
from pathlib import Path

import pytest
from django.utils import translation

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundKind
from genderseal.core.models import AuditEvent, Institution
from genderseal.standards import services
from genderseal.standards.loader import parse_yaml
from genderseal.standards.models import Benchmark, Dimension, Framework, FrameworkLoad, Goal, Level, ResultOption
from genderseal.standards.services import load_framework, standard_for
from genderseal.standards.spec import FrameworkError

pytestmark = pytest.mark.django_db

FRAMEWORKS = Path(__file__).resolve().parent.parent / "fixtures" / "frameworks"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def load(name="mini.yaml", text=None):
    spec = parse_yaml(text.encode() if text is not None else FRAMEWORKS / name, name)
    return load_framework(spec, name, "sha-" + name)


def snapshot():
    """Everything a load writes, to compare before and after."""
    return {
        "frameworks": list(Framework.objects.values_list("code", "version", "sha256")),
        "benchmarks": list(Benchmark.objects.order_by("pk").values_list(
            "pk", "code", "title_en", "evidence_en", "wording", "retired", "goal_id", "order")),
        "goals": list(Goal.objects.order_by("pk").values_list("pk", "code", "title_en", "retired")),
        "dimensions": list(Dimension.objects.order_by("pk").values_list("pk", "code", "title_en", "retired")),
        "results": list(ResultOption.objects.order_by("pk").values_list("pk", "code", "credit", "applicable")),
        "levels": list(Level.objects.order_by("pk").values_list("pk", "code", "min_percent", "mandatory")),
        "loads": FrameworkLoad.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def round_with_results():
    """An institution's round rating every benchmark of the loaded mini framework."""
    load()
    framework = Framework.objects.get(code="mini-seal")
    institution = Institution.objects.create(slug="bma", name_th="กรุงเทพมหานคร")
    round = AssessmentRound.objects.create(institution=institution, framework=framework, number=1,
                                           kind=RoundKind.UNDP_REVIEW, title="UNDP review")
    for benchmark, result in zip(Benchmark.objects.order_by("order"), ["met", "partly_met", "met", "not_met", ""]):
        BenchmarkResult.objects.create(round=round, benchmark=benchmark, result_code=result,
                                       assessor_comment=f"comment on {benchmark.code}")
    return round


def test_it_loads_a_new_framework():
    report = load()
    framework = Framework.objects.get(code="mini-seal")
    assert (framework.version, framework.name_en, framework.publisher, framework.sha256) == (
        "1.0", "Test Seal", "Test", "sha-mini.yaml")
    assert report.created and report.version_before is None and report.version_after == "1.0"
    assert report.added == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
    assert report.removed == [] and report.changed == []
    assert list(framework.dimensions.values_list("code", flat=True)) == ["1", "2"]
    assert list(framework.goals.values_list("code", "dimension__code")) == [("1.1", "1"), ("1.2", "1"), ("2.1", "2")]
    first = Benchmark.objects.get(code="1.1.1")
    assert (first.goal.code, first.wording, first.evidence_th, first.order) == ("1.1", "official", "หนังสือสั่งการ", 0)
    assert Benchmark.objects.get(code="1.1.2").evidence_en == ""
    assert list(framework.result_options.values_list("code", "applicable")) == [
        ("met", True), ("partly_met", True), ("not_met", True), ("not_applicable", False)]
    gold = framework.levels.get(code="gold")
    assert (gold.min_percent, gold.mandatory, gold.order) == (80, ["1.1.1"], 0)
    history = FrameworkLoad.objects.get()
    assert (history.version, history.source, history.sha256) == ("1.0", "mini.yaml", "sha-mini.yaml")
    assert history.changes["benchmarks"]["added"] == report.added
    event = AuditEvent.objects.get(action="framework.load")
    assert event.detail["version_after"] == "1.0" and event.detail["version_before"] is None


def test_standard_for_matches_the_file_in_three_queries(django_assert_num_queries):
    load()
    framework = Framework.objects.get(code="mini-seal")
    with django_assert_num_queries(3):
        standard = standard_for(framework)
    assert standard == parse_yaml(FRAMEWORKS / "mini.yaml").standard()


def test_an_upgrade_keeps_benchmarks_by_code_and_their_results(round_with_results):
    before = {b.code: b.pk for b in Benchmark.objects.all()}
    results_before = list(BenchmarkResult.objects.order_by("pk").values_list("pk", "benchmark_id", "result_code"))

    report = load("mini-v2.yaml")

    assert not report.created and (report.version_before, report.version_after) == ("1.0", "2.0")
    assert report.added == ["1.1.3"]
    assert report.removed == ["1.1.2"]
    assert report.changed == ["1.1.1"]
    assert report.goals.changed == ["1.2"]
    after = {b.code: b for b in Benchmark.objects.all()}
    for code in ("1.1.1", "1.2.1", "2.1.1", "2.1.2", "1.1.2"):
        assert after[code].pk == before[code], code
    assert after["1.1.1"].title_en == "A signed gender equality policy exists"
    assert after["1.1.2"].retired and not after["1.1.1"].retired and not after["1.1.3"].retired
    assert Goal.objects.get(code="1.2").title_en == "Gender budgeting"
    assert list(BenchmarkResult.objects.order_by("pk").values_list("pk", "benchmark_id", "result_code")) == \
        results_before
    assert Framework.objects.get().version == "2.0"
    assert FrameworkLoad.objects.count() == 2


def test_retired_benchmarks_leave_the_standard_and_can_come_back(round_with_results):
    framework = Framework.objects.get()
    pk = Benchmark.objects.get(code="1.1.2").pk
    load("mini-v2.yaml")
    codes = [ref.code for ref in standard_for(framework).benchmarks]
    assert codes == ["1.1.1", "1.1.3", "1.2.1", "2.1.1", "2.1.2"]

    report = load()  # version 1 again: 1.1.2 returns with its old row, 1.1.3 retires
    assert report.added == ["1.1.2"] and report.removed == ["1.1.3"]
    assert Benchmark.objects.get(code="1.1.2").pk == pk and not Benchmark.objects.get(code="1.1.2").retired
    assert BenchmarkResult.objects.filter(benchmark_id=pk).exists()


def test_a_dimension_and_goal_absent_from_the_file_are_retired(round_with_results):
    text = (FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8")
    text = text[: text.index('  - code: "2"')]
    report = load("mini.yaml", text)
    assert report.dimensions.removed == ["2"] and report.goals.removed == ["2.1"]
    assert report.removed == ["2.1.1", "2.1.2"]
    assert Dimension.objects.get(code="2").retired and Goal.objects.get(code="2.1").retired
    assert BenchmarkResult.objects.count() == 5


def test_result_options_and_levels_are_updated_by_code():
    load()
    text = (FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("credit: 0.5}", "credit: 0.25}").replace("min_percent: 60}", "min_percent: 65}")
    text = text.replace("  - {code: bronze, label: {th: ทองแดง, en: Bronze}, min_credit: 2}\n", "")
    met = ResultOption.objects.get(code="met").pk
    report = load("mini.yaml", text)
    assert report.results.changed == ["partly_met"] and report.levels.changed == ["silver"]
    assert report.levels.removed == ["bronze"]
    assert ResultOption.objects.get(code="met").pk == met
    assert float(ResultOption.objects.get(code="partly_met").credit) == 0.25
    assert list(Level.objects.values_list("code", flat=True)) == ["gold", "silver"]


def test_a_spec_built_in_code_is_checked_before_anything_is_written():
    spec = parse_yaml(FRAMEWORKS / "mini.yaml")
    spec.levels[0].mandatory.append("7.7.7")
    with pytest.raises(FrameworkError, match='mandatory benchmark "7.7.7" does not exist'):
        load_framework(spec, "built.yaml", "sha")
    assert not Framework.objects.exists()


def test_reloading_the_same_file_reports_no_change():
    load()
    report = load()
    assert (report.added, report.removed, report.changed) == ([], [], [])
    assert report.results.changed == [] and report.levels.changed == []


def test_a_bad_file_changes_nothing(round_with_results):
    before = snapshot()
    text = (FRAMEWORKS / "mini-v2.yaml").read_text(encoding="utf-8").replace("min_percent: 60}", "min_percent: 600}")
    with pytest.raises(FrameworkError):
        load("mini-v2.yaml", text)
    assert snapshot() == before


def test_a_result_code_still_in_use_cannot_be_dropped(round_with_results):
    before = snapshot()
    text = (FRAMEWORKS / "mini-v2.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {code: partly_met, label: {th: ผ่านบางส่วน, en: Partly met}, credit: 0.5}\n", "")
    with pytest.raises(FrameworkError) as info:
        load("mini-v2.yaml", text)
    assert str(info.value) == (
        'mini-v2.yaml: result code "partly_met" is missing from the file but 1 stored results use it; '
        "keep it in the file"
    )
    assert snapshot() == before


def test_a_failure_half_way_rolls_everything_back(round_with_results, monkeypatch):
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "record", fail)
    with pytest.raises(RuntimeError):
        load("mini-v2.yaml")
    assert snapshot() == before
