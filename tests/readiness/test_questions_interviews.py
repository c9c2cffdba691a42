"""Question bank (filter, practice, reveal with evidence), interview sessions and one's own schedule."""
import datetime

import pytest
from django.urls import reverse

from genderseal.core.models import AuditEvent, OrgUnit
from genderseal.readiness.models import Interviewee, InterviewSession, Question
from genderseal.standards.models import Dimension

from tests.factories import make_evidence, make_readiness

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "bma", **kwargs})


def add_question(world, code, order, institution=None):
    dimension = Dimension.objects.get(framework=world.framework, code=code) if code else None
    return Question.objects.create(institution=institution or world.institution, dimension=dimension, order=order,
                                   question_th=f"คำถาม {order}", question_en=f"Question {order}",
                                   answer_th=f"คำตอบ {order}", answer_en=f"Answer {order}")


def test_the_list_filters_by_dimension(world, login):
    first = add_question(world, "1", 1)
    fifth = add_question(world, "5", 2)
    general = add_question(world, None, 3)
    add_question(world, "1", 4, institution=world.other)
    browser = login("focal_point")
    page = browser.get(url("question-list")).content.decode()
    assert page.count("data-question=") == 3
    page = browser.get(url("question-list") + "?dimension=5").content.decode()
    assert f'data-question="{fifth.pk}"' in page and f'data-question="{first.pk}"' not in page
    page = browser.get(url("question-list") + "?dimension=general").content.decode()
    assert f'data-question="{general.pk}"' in page and page.count("data-question=") == 1


def test_assessors_do_not_see_the_institution_s_agreed_answers(world, login):
    question = add_question(world, "1", 1)
    assessor = login("assessor")
    assert assessor.get(url("question-list")).status_code == 404
    assert assessor.get(url("question-answer", pk=question.pk)).status_code == 404


def test_practice_shows_the_question_first_then_the_answer_and_its_evidence(world, login, settings_tmp_media):
    question = add_question(world, "1", 1)
    evidence = make_evidence(world.institution, "แผนพัฒนา", status="approved", benchmarks=["1.1.1"])
    question.evidence.add(evidence)
    browser = login("committee")
    browser.post("/language/", {"language": "en"})
    page = browser.get(url("question-practice") + "?dimension=1").content.decode()
    assert "Question 1" in page and "Answer 1" not in page and 'data-testid="reveal"' in page
    part = browser.get(url("question-answer", pk=question.pk), HTTP_HX_REQUEST="true").content.decode()
    assert part.lstrip().startswith('<div id="answer"') and "Answer 1" in part
    assert reverse("evidence-detail", kwargs={"slug": "bma", "pk": evidence.pk}) in part
    full = browser.get(url("question-answer", pk=question.pk)).content.decode()
    assert "<html" in full and "Answer 1" in full
    other = add_question(world, "1", 2, institution=world.other)
    assert browser.get(url("question-answer", pk=other.pk)).status_code == 404


def test_practice_walks_through_the_questions(world, login):
    first, second = add_question(world, "1", 1), add_question(world, "1", 2)
    browser = login("focal_point")
    page = browser.get(url("question-practice") + "?n=1").content.decode()
    assert f'data-question="{second.pk}"' in page and "n=0" in page
    assert f'data-question="{first.pk}"' in browser.get(url("question-practice") + "?n=2").content.decode()
    assert browser.get(url("question-practice") + "?n=x").status_code == 200


def test_the_secretariat_adds_a_question_linked_to_benchmarks_and_evidence(world, login, settings_tmp_media):
    evidence = make_evidence(world.institution, "หลักฐาน", status="approved", benchmarks=["1.1.1"])
    foreign = make_evidence(world.other, "อื่น", unit_code=None, status="approved")
    dimension = Dimension.objects.get(framework=world.framework, code="1")
    benchmark = world.framework.benchmarks.get(code="1.1.1")
    data = {"dimension": dimension.pk, "order": 1, "question_th": "ถาม", "answer_th": "ตอบ",
            "benchmarks": [benchmark.pk], "evidence": [foreign.pk]}
    browser = login("secretariat")
    assert browser.post(url("question-create"), data).status_code == 400  # another institution's evidence
    data["evidence"] = [evidence.pk]
    assert browser.post(url("question-create"), data).status_code == 302
    question = Question.objects.get(institution=world.institution)
    assert list(question.evidence.all()) == [evidence] and list(question.benchmarks.all()) == [benchmark]
    event = AuditEvent.objects.get(action="question.create")
    assert event.detail["after"]["benchmarks"] == [f"1.1.1 {benchmark.title_th}"]
    assert login("focal_point").post(url("question-create"), data).status_code == 404


def test_the_question_pages_run_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    browser = login("secretariat")
    add_question(world, "1", 1)
    with django_assert_max_num_queries(10):
        assert browser.get(url("question-list")).status_code == 200
    unit = OrgUnit.objects.filter(institution=world.institution).first()
    for order in range(2, 12):
        question = add_question(world, str(order % 5 + 1), order)
        question.benchmarks.set(world.framework.benchmarks.all()[:3])
        Question.objects.filter(pk=question.pk).update(author_unit=unit, group_th="ประเด็นที่ UN มักถาม")
    with django_assert_max_num_queries(10):
        page = browser.get(url("question-list"))
    assert page.status_code == 200 and page.content.decode().count('data-testid="answer-author"') == 10
    assert 'data-testid="question-group">ประเด็นที่ UN มักถาม' in page.content.decode()


def test_sessions_and_each_interviewee_s_own_schedule(world, login, django_assert_max_num_queries):
    make_readiness(world)
    second = InterviewSession.objects.create(institution=world.institution, number=2, title_th="มิติ 5",
                                             title_en="Dimension 5", held_on=datetime.date(2026, 2, 13),
                                             starts_at=datetime.time(13), online_link="https://meet.example/x")
    Interviewee.objects.create(session=second, role="Committee member", user=world.committee)
    assessor = login("assessor")
    with django_assert_max_num_queries(12):
        page = assessor.get(url("session-list")).content.decode()
    assert 'data-session="1"' in page and 'data-session="2"' in page and "https://meet.example/x" in page
    mine = login("focal_point").get(url("my-schedule")).content.decode()
    assert 'data-session="1"' in mine and 'data-session="2"' not in mine
    mine = login("committee").get(url("my-schedule")).content.decode()
    assert 'data-session="2"' in mine and 'data-session="1"' not in mine
    assert 'data-session=' not in login("secretariat").get(url("my-schedule")).content.decode()


def test_the_secretariat_schedules_a_session_with_interviewees(world, login):
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    dimension = Dimension.objects.get(framework=world.framework, code="1")
    data = {"title_th": "สัมภาษณ์", "held_on": "2026-02-09", "starts_at": "09:30", "ends_at": "12:00",
            "place": "Room 1", "online_link": "", "dimensions": [dimension.pk], "assessors": "A\nB",
            "people-TOTAL_FORMS": "3", "people-INITIAL_FORMS": "0", "people-MIN_NUM_FORMS": "0",
            "people-MAX_NUM_FORMS": "1000", "people-0-role": "Director", "people-0-unit": unit.pk,
            "people-0-user": world.focal_point.pk}
    browser = login("secretariat")
    bad = dict(data, ends_at="09:00")
    assert browser.post(url("session-create"), bad).status_code == 400
    assert browser.post(url("session-create"), data).status_code == 302
    session = InterviewSession.objects.get(institution=world.institution)
    assert session.number == 1 and session.assessor_list == ["A", "B"]
    assert [(i.role, i.unit_id, i.user_id) for i in session.interviewees.all()] == [
        ("Director", unit.pk, world.focal_point.pk)]
    assert AuditEvent.objects.filter(action="interview.interviewees").exists()
    assert login("committee").post(url("session-create"), data).status_code == 404


def test_the_demo_loads_the_seed_s_timeline_questions_and_interview_week():
    from genderseal.demo.load import load_demo
    from genderseal.readiness.models import Milestone

    institution, _users = load_demo()
    from django.utils import timezone

    from genderseal.demo.today import offset

    moved = datetime.timedelta(days=offset(timezone.localdate()))  # the seed's future lies ahead of today
    dates = dict(Milestone.objects.filter(institution=institution).values_list("kind", "due_on"))
    assert dates["external_assessment"] == datetime.date(2026, 2, 9) + moved
    assert dates["submission"] == datetime.date(2026, 1, 25)  # already done in the seed: it stays
    assert dates["engage"] == datetime.date(2023, 8, 15) and dates["award"] is None
    assert len(dates) == 8
    questions = Question.objects.filter(institution=institution)
    assert sorted({q.dimension.code if q.dimension else "" for q in questions}) == ["", "1", "5"]
    assert questions.count() == 9  # the seed's nine questions
    assert questions.filter(dimension__code="1").first().benchmarks.filter(code="1.1.1").exists()
    # The seed's last answer runs over two table rows: it is whole, and the question after it is there.
    without_un = questions.get(question_th__startswith="ถ้าไม่มี UN")
    assert without_un.answer_th.endswith("มีประสิทธิภาพมากยิ่งขึ้นกว่าเดิม") and "เพื่อส่งเสริมความเท่าเทียม" in without_un.answer_th
    learned = questions.get(question_th="เมืองเรียนรู้อะไรจาก external assessment")
    assert learned.group_th == without_un.group_th == "ประเด็นที่ UN มักถาม" and learned.answer_th == ""
    assert set(questions.values_list("author_unit__abbreviation", flat=True)) == {"กยช."}
    assert questions.filter(question_th__contains="แนวคิดหลักที่ควรสื่อสาร").exists()  # no line-break spaces
    days = set(InterviewSession.objects.filter(institution=institution).values_list("held_on", flat=True))
    assert min(days) == datetime.date(2026, 2, 9) + moved and max(days) == datetime.date(2026, 2, 13) + moved
    load_demo()
    assert Question.objects.count() == 9 and InterviewSession.objects.count() == 5 and Milestone.objects.count() == 8
