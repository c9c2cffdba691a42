"""The YAML framework reader: every problem is found, named by file and line."""
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from genderseal.standards import rules
from genderseal.standards.loader import parse_file, parse_yaml
from genderseal.standards.spec import FrameworkError

FRAMEWORKS = Path(__file__).resolve().parent.parent / "fixtures" / "frameworks"
MINI = (FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def edit(old, new, text=MINI):
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text, fragment, nth=1):
    """1-based line of the nth occurrence of fragment."""
    position = -1
    for _ in range(nth):
        position = text.index(fragment, position + 1)
    return text[:position].count("\n") + 1


def problems(text, name="mini.yaml"):
    with pytest.raises(FrameworkError) as info:
        parse_yaml(text.encode("utf-8"), name)
    return [str(p) for p in info.value.problems]


def only(text, name="mini.yaml"):
    found = problems(text, name)
    assert len(found) == 1, found
    return found[0]


def test_it_reads_the_mini_framework():
    spec = parse_yaml(FRAMEWORKS / "mini.yaml")
    assert (spec.code, spec.version, spec.publisher, spec.source) == ("mini-seal", "1.0", "Test", "mini.yaml")
    assert spec.name.th == "ตราสัญลักษณ์ทดสอบ" and spec.name.en == "Test Seal"
    assert [d.code for d in spec.dimensions] == ["1", "2"]
    assert [g.code for g in spec.goals] == ["1.1", "1.2", "2.1"]
    assert [b.code for b in spec.benchmarks] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
    first = spec.benchmarks[0]
    assert first.wording == "official" and first.evidence.en == "Signed policy"
    assert first.at.line == line_of(MINI, 'code: "1.1.1"')
    assert spec.benchmarks[1].wording == "working" and spec.benchmarks[1].evidence is None
    assert spec.results[1].credit == Decimal("0.5")
    assert spec.results[3].applicable is False and spec.results[3].credit == 0
    assert spec.levels[0].mandatory == ["1.1.1"] and spec.levels[2].min_credit == 2


def test_it_builds_the_rules_standard():
    standard = parse_yaml(FRAMEWORKS / "mini.yaml").standard()
    assert standard.benchmarks[2] == rules.BenchmarkRef("1.2.1", "1", "1.2")
    assert [level.code for level in standard.levels] == ["gold", "silver", "bronze"]
    summary = rules.summarize(standard, {"1.1.1": "met", "1.1.2": "met", "1.2.1": "met", "2.1.1": "partly_met"})
    assert summary.total.percent == 70 and summary.level == "silver"


def test_it_reads_bytes_with_a_bom_and_a_given_name():
    spec = parse_yaml("\ufeff".encode() + MINI.encode(), "upload.yaml")
    assert spec.source == "upload.yaml" and len(spec.benchmarks) == 5


def test_it_accepts_goal_wording():
    text = edit('      - code: "1.2"\n', '      - code: "1.2"\n        wording: official\n')
    spec = parse_yaml(text.encode(), "m.yaml")
    assert [g.wording for g in spec.goals] == ["working", "official", "working"]


def test_it_reports_malformed_yaml_with_its_line():
    text = edit("  - {code: not_met,", "  - {code: [not_met,")
    message = only(text)
    assert message.startswith("mini.yaml, line ") and "this is not valid YAML" in message


def test_it_reports_text_that_is_not_utf8():
    data = MINI.encode("utf-8").replace("ทดสอบ".encode(), "ทดสอบ".encode("cp874"), 1)
    with pytest.raises(FrameworkError) as info:
        parse_yaml(data, "mini.yaml")
    assert str(info.value) == f"mini.yaml, line {line_of(MINI, 'ทดสอบ')}: the file is not UTF-8 text"


@pytest.mark.parametrize("text", ["", "# only a comment\n"])
def test_it_reports_an_empty_file(text):
    assert only(text) == "mini.yaml: the file is empty"


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "colour: blue\nsize: 3\n"])
def test_it_refuses_what_is_not_a_framework_file(text):
    assert "line 1: this is not a framework file" in only(text)


def test_it_reports_unknown_keys_at_every_level_with_a_suggestion():
    text = MINI
    text = edit("publisher: Test\n", "publisher: Test\ncolour: blue\n", text)
    text = edit("credit: 0.5}", "credit: 0.5, points: 2}", text)
    text = edit("min_percent: 60}", "min_percnt: 60, min_credit: 3}", text)
    text = edit('  - code: "2"\n', '  - code: "2"\n    icon: star\n', text)
    text = edit('      - code: "2.1"\n', '      - code: "2.1"\n        note: x\n', text)
    text = edit("            wording: working\n", "            wordng: working\n", text)
    text = edit("{th: ข้อมูล, en: Data}", "{th: ข้อมูล, en: Data, fr: Données}", text)
    found = problems(text)
    expected = [
        (line_of(text, "colour"), 'unknown key "colour" in the framework file (allowed: framework, version,'),
        (line_of(text, "points"), 'unknown key "points" in a result'),
        (line_of(text, "min_percnt"), 'unknown key "min_percnt" in a level: did you mean "min_percent"?'),
        (line_of(text, "icon"), 'unknown key "icon" in a dimension'),
        (line_of(text, "note: x"), 'unknown key "note" in a goal'),
        (line_of(text, "fr: Données"), 'unknown key "fr" in the title (allowed: th, en)'),
        (line_of(text, "wordng"), 'unknown key "wordng" in a benchmark: did you mean "wording"?'),
    ]
    assert len(found) == len(expected), found
    for (line, start), message in zip(expected, found):
        assert message.startswith(f"mini.yaml, line {line}: {start}"), message


def test_it_reports_missing_required_keys():
    text = edit('version: "1.0"\n', "")
    text = edit("  - {code: not_met, label: {th: ไม่ผ่าน, en: Not met}, credit: 0}", "  - {code: not_met, credit: 0}",
                text)
    text = edit("          - code: \"1.1.2\"\n            title: {th: มีแผนปฏิบัติการ, en: An action plan exists}\n",
                "          - code: \"1.1.2\"\n", text)
    assert problems(text) == [
        'mini.yaml, line 2: the framework file has no "version"',
        f'mini.yaml, line {line_of(text, "code: not_met")}: a result has no "label"',
        f'mini.yaml, line {line_of(text, "1.1.2")}: a benchmark has no "title"',
    ]


def test_it_reports_a_key_given_twice():
    text = edit("publisher: Test\n", "publisher: Test\npublisher: Other\n")
    assert only(text) == 'mini.yaml, line 6: key "publisher" appears twice (first at line 5)'


@pytest.mark.parametrize("kind, old, new, first_fragment, nth", [
    ("result", "code: partly_met", "code: met", "code: met", 1),
    ("level", "code: silver", "code: gold", "code: gold", 1),
    ("dimension", 'code: "2"', 'code: "1"', 'code: "1"', 1),
    ("benchmark", 'code: "1.1.2"', 'code: "1.1.1"', 'code: "1.1.1"', 1),
])
def test_it_reports_duplicate_codes_with_the_first_line(kind, old, new, first_fragment, nth):
    text = edit(old, new)
    first = line_of(text, first_fragment)
    again = line_of(text, new, 2)
    code = new.split(": ")[1].strip('"')
    message = f'mini.yaml, line {again}: {kind} code "{code}" appears twice (first at line {first})'
    assert message in problems(text)


def test_it_reports_a_duplicate_goal_code():
    text = edit('      - code: "1.2"', '      - code: "1.1"')
    text = edit('          - code: "1.2.1"', '          - code: "1.1.9"', text)
    code = 'code: "1.1"'
    assert only(text) == (
        f'mini.yaml, line {line_of(text, code, 2)}: goal code "1.1" appears twice (first at line {line_of(text, code)})'
    )


def test_codes_need_only_be_unique_not_nested():
    # UN-SWAP and ISO-style frameworks number goals and indicators independently of their parents.
    text = edit('      - code: "1.1"\n', '      - code: "A1"\n')
    text = edit('          - code: "1.1.1"', '          - code: "PI-1"', text)
    text = edit('mandatory: ["1.1.1"]', 'mandatory: ["PI-1"]', text)
    text = edit('          - code: "2.1.2"', '          - code: "A.5.1"', text)
    spec = parse_yaml(text.encode("utf-8"), "mini.yaml")
    assert [g.code for g in spec.goals] == ["A1", "1.2", "2.1"]
    assert [b.code for b in spec.benchmarks] == ["PI-1", "1.1.2", "1.2.1", "2.1.1", "A.5.1"]
    # Scored by the tree, not by code prefixes: PI-1 counts in dimension 1 and goal A1.
    summary = rules.summarize(spec.standard(), {"PI-1": "met", "1.1.2": "met", "A.5.1": "met", "2.1.1": "not_met"})
    by_dimension = {score.code: (score.credit, score.applicable) for score in summary.dimensions}
    assert by_dimension == {"1": (2, 3), "2": (1, 2)}
    assert {score.code: score.credit for score in summary.goals}["A1"] == 2
    assert summary.level == "silver"  # 3 of 5 = 60 %; gold also needs PI-1, which is met, but 80 % is not reached


def test_it_reports_missing_thai_or_english_text():
    text = edit("name: {th: ตราสัญลักษณ์ทดสอบ, en: Test Seal}", "name: {th: ตราสัญลักษณ์ทดสอบ}")
    text = edit("label: {th: ทอง, en: Gold}", "label: {en: Gold}", text)
    text = edit("{th: นโยบาย, en: Policy}", "{th: นโยบาย, en: ''}", text)
    text = edit("evidence: {th: หนังสือสั่งการ, en: Signed policy}", "evidence: {en: Signed policy}", text)
    text = edit("title: {th: มีงบประมาณ, en: A budget is allocated}", "title: {th: มีงบประมาณ}", text)
    assert problems(text) == [
        "mini.yaml, line 4: the framework name has no English text",
        f'mini.yaml, line {line_of(text, "code: gold")}: the label of level "gold" has no Thai text',
        f'mini.yaml, line {line_of(text, "นโยบาย")}: the title of goal "1.1" has no English text',
        f'mini.yaml, line {line_of(text, "evidence")}: the evidence of benchmark "1.1.1" has no Thai text',
        f'mini.yaml, line {line_of(text, "มีงบประมาณ")}: the title of benchmark "1.2.1" has no English text',
    ]


def test_it_reports_wording_that_is_not_official_or_working():
    text = edit("            wording: working\n", "            wording: draft\n")
    assert only(text) == (
        f'mini.yaml, line {line_of(text, "2.1.1")}: benchmark "2.1.1": wording must be "official" or "working", '
        'not "draft"'
    )


def test_it_reports_level_rules_that_cannot_hold():
    text = edit("min_percent: 80, mandatory", "min_percent: 120, mandatory")
    text = edit("min_percent: 60}", "min_percent: -5}", text)
    text = edit("min_credit: 2}", "min_credit: 6}", text)
    text = edit("levels:\n", "levels:\n  - {code: platinum, label: {th: แพลทินัม, en: Platinum}}\n", text)
    gold, silver, bronze = (line_of(text, f"code: {c}") for c in ("gold", "silver", "bronze"))
    assert problems(text) == [
        f'mini.yaml, line {line_of(text, "platinum")}: level "platinum" states no rule: '
        "give min_percent, min_credit or mandatory",
        f'mini.yaml, line {gold}: level "gold": min_percent 120 can never be reached; it must be between 0 and 100',
        f'mini.yaml, line {silver}: level "silver": min_percent -5 can never be reached; '
        "it must be between 0 and 100",
        f'mini.yaml, line {bronze}: level "bronze": min_credit 6 can never be reached; the most credit possible '
        "is 5 (5 benchmarks × 1)",
    ]


def test_it_reports_levels_listed_in_the_wrong_order():
    text = edit("min_percent: 60}", "min_percent: 90}")
    assert only(text) == (
        f'mini.yaml, line {line_of(text, "code: silver")}: levels are listed highest first, but level "silver" '
        'asks for min_percent 90, more than level "gold" above it (80)'
    )


def test_it_reports_mandatory_codes_that_do_not_exist():
    text = edit('mandatory: ["1.1.1"]', 'mandatory: ["1.1.1", "1.1.9"]')
    assert only(text) == (
        f'mini.yaml, line {line_of(text, "code: gold")}: level "gold": mandatory benchmark "1.1.9" '
        "does not exist in this framework"
    )


def test_it_reports_credits_that_are_not_numbers_or_negative():
    text = edit("credit: 0.5}", "credit: half}")
    text = edit("credit: 0}", "credit: -1}", text)
    assert problems(text) == [
        f'mini.yaml, line {line_of(text, "half")}: credit must be a number, not "half"',
        f'mini.yaml, line {line_of(text, "-1")}: result "not_met" has a negative credit (-1)',
    ]


def test_it_needs_one_applicable_result_that_gives_credit():
    results = (
        "results:\n"
        "  - {code: met, label: {th: ผ่าน, en: Met}, credit: 1, applicable: false}\n"
        "  - {code: none, label: {th: ไม่, en: None}, applicable: no}\n"
        "levels:\n"
    )
    text = MINI[: MINI.index("results:")] + results + MINI[MINI.index("levels:") + len("levels:\n"):]
    assert only(text).endswith("no result is applicable: at least one result must count")
    text = text.replace("credit: 1, applicable: false", "credit: 0")
    assert only(text).endswith("no applicable result gives any credit, so no benchmark can be met")


def test_it_refuses_codes_written_as_numbers():
    text = edit('version: "1.0"', "version: 1.10")
    text = edit('code: "1.2"', "code: 1.2", text)
    assert problems(text) == [
        'mini.yaml, line 3: version 1.1 was read as a number: write it as text in quotes, e.g. "1.10", '
        "so that 1.10 and 1.1 stay different",
        f'mini.yaml, line {line_of(text, "code: 1.2")}: code 1.2 was read as a number: write it as text in '
        'quotes, e.g. "1.10", so that 1.10 and 1.1 stay different',
    ]


def test_it_explains_yaml_reading_no_as_false():
    text = edit("code: not_met, label: {th: ไม่ผ่าน, en: Not met}", "code: no, label: {th: ไม่ผ่าน, en: no}")
    line = line_of(text, "code: no")
    assert problems(text) == [
        f"mini.yaml, line {line}: code was read as false: YAML reads yes, no, on and off as true or false; "
        "write the code in quotes",
        f"mini.yaml, line {line}: en was read as false: YAML reads yes, no, on and off as true or false; "
        "write the text in quotes",
    ]


def test_it_accepts_whole_numbers_as_codes():
    spec = parse_yaml(edit('  - code: "2"\n', "  - code: 2\n").encode(), "m.yaml")
    assert spec.dimensions[1].code == "2"


def test_it_reports_wrong_shapes():
    text = edit("title: {th: การวางแผน, en: Planning}", "title: Planning")
    text = edit('mandatory: ["1.1.1"]', 'mandatory: "1.1.1"', text)
    assert problems(text) == [
        f'mini.yaml, line {line_of(text, "mandatory")}: mandatory must be a list',
        f'mini.yaml, line {line_of(text, "title: Planning")}: the title must be a mapping (key: value)',
    ]


def test_it_collects_every_problem_in_line_order():
    text = edit("credit: 0.5}", "credit: lots}")
    text = edit("min_percent: 60}", "min_percent: 160}", text)
    text = edit("            wording: working\n", "            wording: maybe\n", text)
    found = problems(text)
    assert len(found) == 3
    lines = [int(message.split("line ")[1].split(":")[0]) for message in found]
    assert lines == sorted(lines)


def test_parse_file_chooses_by_extension(tmp_path):
    (tmp_path / "x.yml").write_text(MINI, encoding="utf-8")
    assert parse_file(tmp_path / "x.yml").source == "x.yml"
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FrameworkError) as info:
        parse_file(tmp_path / "x.json")
    assert str(info.value) == "x.json: a framework file must end in .yaml, .yml or .xlsx"


def test_problem_as_dict_names_the_place():
    with pytest.raises(FrameworkError) as info:
        parse_yaml(edit("credit: 0.5}", "credit: lots}").encode(), "mini.yaml")
    data = info.value.problems[0].as_dict()
    assert data["source"] == "mini.yaml" and data["line"] == line_of(MINI, "credit: 0.5")
    assert data["text"].startswith("mini.yaml, line ")
