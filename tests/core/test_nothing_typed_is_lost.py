"""A refused save (stale, locked period, invalid) shows the form again with what was typed and why.

One table over the forms that post; each row sets its record up, posts a distinctive text (or number)
in a field that is kept, and a refusal; the answer must carry the refusal's status and the typed text.
"""
from datetime import date

import pytest
from django.urls import reverse

from genderseal.core.models import OrgUnit

from tests.factories import make_evidence, make_planning, make_worksheet

pytestmark = pytest.mark.django_db
TYPED = "ข้อความที่พิมพ์ไว้ 7391"


def _evidence_stale(world):
    from genderseal.evidence.models import Evidence

    evidence = make_evidence(world.institution)
    Evidence.objects.filter(pk=evidence.pk).update(version=5)  # someone saved meanwhile
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    return (reverse("evidence-edit", args=["bma", evidence.pk]),
            {"title_th": "หลักฐาน", "description": TYPED, "kind": "document", "owner_unit": unit.pk, "version": 1})


def _result_stale(world):
    return (reverse("result-edit", args=["bma", 1, "1.1.1"]), {"response": TYPED, "version": 0, "result_code": ""})


def _report_locked(world):
    """An approved (locked) period: the typed figures come back with the reason."""
    from genderseal.planning.models import PeriodReport

    indicator = make_planning(world)
    PeriodReport.objects.create(indicator=indicator, period=date(2024, 11, 1), status="approved")
    return ("/i/bma/plan/indicators/IND-1/report/?fy=2568&month=11", {"v:female": "7391", "v:male": "2"})


def _worksheet_stale(world):
    make_planning(world)
    make_worksheet(world, complete=False)
    return (reverse("analysis-step", args=["bma", "P-1", 3]), {"data_collected": TYPED, "version": 99})


def _rating_stale(world):
    """An assessor's rating saved meanwhile by another assessor of the round."""
    from tests.factories import make_external_round

    make_external_round(world)
    return (reverse("assess-rate", args=["bma", 2, "1.1.1"]), {"result_code": "met", "comment": TYPED, "version": 5})


def _simple(name, data):
    def setup(world):
        return reverse(name, args=["bma"]), data
    setup.__name__ = name
    return setup


FORMS = [
    # (persona, setup, status)
    ("focal_point", _evidence_stale, 409),
    ("secretariat", _simple("evidence-create", {"title_th": "", "description": TYPED}), 400),
    ("secretariat", _result_stale, 409),
    ("focal_point", _report_locked, 409),
    ("focal_point", _worksheet_stale, 409),
    ("secretariat", _simple("milestone-create", {"title_th": "", "note": TYPED}), 400),
    ("secretariat", _simple("question-create", {"question_th": "", "answer_th": TYPED}), 400),
    ("secretariat", _simple("session-create", {"title_th": "", "place": TYPED}), 400),
    ("secretariat", _simple("certificate-create", {"level": "", "notes": TYPED}), 400),
    ("secretariat", _simple("survey-create", {"title_th": "", "intro_th": TYPED}), 400),
    ("secretariat", _simple("unit-create", {"code": "", "name_th": TYPED}), 400),
    ("secretariat", _simple("committee-create", {"code": "", "name_th": TYPED}), 400),
    ("secretariat", _simple("action-create", {"title": "", "description": TYPED}), 400),
    ("assessor", _rating_stale, 409),
    ("secretariat", _simple("planning-plan-new", {"code": "", "title_th": TYPED}), 400),
    ("secretariat", _simple("planning-project-new", {"code": "", "title_th": TYPED}), 400),
    ("secretariat", _simple("planning-indicator-new", {"code": "", "title_th": TYPED}), 400),
    ("secretariat", _simple("planning-area-new", {"code": "", "name_th": TYPED}), 400),
]


@pytest.mark.parametrize("persona, setup, status", FORMS, ids=[row[1].__name__.strip("_") for row in FORMS])
def test_a_refused_save_keeps_what_was_typed(world, login, persona, setup, status):
    url, data = setup(world)
    headers = {"HTTP_HX_REQUEST": "true"} if "/results/" in url else {}  # the round page edits a row in place
    response = login(persona).post(url, data, **headers)
    assert response.status_code == status
    assert "7391" in response.content.decode()


def test_the_period_a_report_form_shows_is_the_period_it_saves(world, login):
    """The dashboard links `?fy=2568`: the form opens a period of 2568 and saves that same period."""
    import re

    from genderseal.planning.models import PeriodReport

    make_planning(world)
    browser = login("focal_point")
    page = browser.get("/i/bma/plan/indicators/IND-1/report/?fy=2568").content.decode()
    label = re.search(r'data-testid="period-label">([^<]+)<', page).group(1)
    fy = re.search(r'<input type="hidden" name="fy" value="(\d+)">', page).group(1)
    month = re.search(r'<input type="hidden" name="month" value="(\d+)">', page).group(1)
    assert fy == "2568"
    saved = browser.post("/i/bma/plan/indicators/IND-1/report/", {"fy": fy, "month": month, "v:female": "5"})
    assert saved.status_code == 302
    report = PeriodReport.objects.get()
    from genderseal.thai.periods import period_label

    assert period_label(report.period, "monthly", "th") == label.strip()
    assert date(2024, 10, 1) <= report.period <= date(2025, 9, 1)  # fiscal year 2568
