"""A refused save shows the form again with what was typed and why: the forms not in
test_nothing_typed_is_lost.py (edits of existing records, meetings, surveys and their questions,
settings, people, sign-in pages, the public survey, planning, analysis and evidence side forms).

Each setup returns (url, data) or (url, data, kept): `kept` is what the answer must show again
(by default the distinctive number 7391 typed in a text field).
"""
import re

import pytest
from django.urls import reverse

from genderseal.core.models import OrgUnit

from tests.factories import make_evidence, make_organisation, make_planning, make_readiness, make_survey

pytestmark = pytest.mark.django_db
TYPED = "ข้อความที่พิมพ์ไว้ 7391"


def _unit(world):
    return OrgUnit.objects.get(institution=world.institution, code="21000000")


# --- Readiness: edits of existing milestones, questions and interview sessions ----------------

def _milestone_edit(world):
    milestone, _question, _session = make_readiness(world)
    return reverse("milestone-edit", args=["bma", milestone.pk]), {
        "kind": milestone.kind, "title_th": "", "due_on": "09/02/2569", "status": "planned", "note": TYPED}


def _question_edit(world):
    _milestone, question, _session = make_readiness(world)
    return reverse("question-edit", args=["bma", question.pk]), {"question_th": "", "answer_th": TYPED, "order": 1}


def _people(prefix="people", total=1, **first):
    data = {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}
    data.update({f"{prefix}-0-{k}": v for k, v in first.items()})
    return data


def _session_edit(world):
    make_readiness(world)
    data = {"title_th": "", "held_on": "09/02/2569", "place": TYPED, **_people(name="ผู้ให้สัมภาษณ์ 7391")}
    return reverse("session-edit", args=["bma", 1]), data, ["ผู้ให้สัมภาษณ์ 7391", TYPED]


# --- Committees: meetings and seats --------------------------------------------------------------

def _meeting_create(world):
    make_organisation(world)
    return reverse("meeting-create", args=["bma", "committee"]), {"title": "1/2569", "held_on": "31/02/2569",
                                                                  "agenda": TYPED}


def _meeting_edit(world):
    make_organisation(world)
    return reverse("meeting-edit", args=["bma", "committee", 1]), {"title": "1/2569", "held_on": "31/02/2569",
                                                                   "minutes": TYPED}


def _committee_stale(world):
    body, _item = make_organisation(world)
    return reverse("committee-edit", args=["bma", "committee"]), {
        "code": "committee", "kind": body.kind, "name_th": body.name_th, "mandate": TYPED, "version": 99}


def _committee_seats(world):
    make_organisation(world)
    data = _people(prefix="form", role="", position=TYPED)
    return reverse("committee-seats", args=["bma", "committee"]), data


# --- Surveys: the survey and its questions, and the respondent's page --------------------------

def _survey_edit(world):
    survey = make_survey(world, status="draft", standard=False, links=0)
    data = {"title_th": "", "intro_th": TYPED, "version": survey.version,
            **_people(prefix="questions", order="1", kind="text", text_th="คำถามใหม่ 7391")}
    return reverse("survey-edit", args=["bma", survey.pk]), data, [TYPED, "คำถามใหม่ 7391"]


def _survey_stale(world):
    survey = make_survey(world, status="draft", standard=False, links=0)
    data = {"title_th": "แบบสำรวจ", "intro_th": TYPED, "version": 99, **_people(prefix="questions", total=0)}
    return reverse("survey-edit", args=["bma", survey.pk]), data


def _survey_answer(world):
    """A scale answer out of range: the other answers given come back with the problem."""
    survey = make_survey(world, links=1)
    text = next(q for q in survey.questions.all() if not q.is_likert)
    scale = next(q for q in survey.questions.all() if q.is_likert)
    token = survey.tokens[0]
    return reverse("survey-respond", args=[token]), {f"q{text.pk}": TYPED, f"q{scale.pk}": "9"}


# --- People and settings -----------------------------------------------------------------------

def _settings(world):
    return reverse("institution-settings", args=["bma"]), {"name_th": "", "name_en": TYPED,
                                                           "default_language": "th"}


def _invite(world):
    return reverse("member-invite", args=["bma"]), {"email": "not-an-address-7391", "role": "committee"}


def _member_edit(world):
    """The last secretariat may not step down: the role chosen stays chosen, with the reason."""
    from genderseal.core.models import Membership

    member = Membership.objects.get(user=world.secretariat)
    return (reverse("member-edit", args=["bma", member.pk]), {"role": "committee"},
            ['value="committee" selected'])


def _assessor_account(world):
    return reverse("assess-account", args=["bma"]), {"email": "assessor-7391-at-undp"}


def _invitation_accept(world):
    """Passwords that differ: the name typed comes back (the passwords never do)."""
    from genderseal.accounts import services

    _invitation, token = services.invite(world.institution, "new.person@bma.go.th", "committee", send=False)
    return reverse("invitation", args=[token]), {"op": "create", "full_name": TYPED, "password1": "secret one 7",
                                                 "password2": "secret two 8"}


def _login(world):
    return reverse("login"), {"username": "committee-7391", "password": "wrong"}


def _platform_create(world):
    world.secretariat.is_staff = True
    world.secretariat.save()
    return reverse("platform-institutions"), {"slug": "not a slug", "name_th": TYPED, "secretariat": "a@b.th"}


def _platform_rename(world):
    world.secretariat.is_staff = True
    world.secretariat.save()
    return reverse("platform-institution", args=["bma"]), {"op": "rename", "name_th": "", "name_en": "Renamed 7391"}


def _password_reset(world):
    return reverse("password-reset"), {"email": "committee-7391"}


# --- Planning, analysis, narratives ------------------------------------------------------------

def _plan_stale(world):
    make_planning(world)
    return reverse("planning-plan-edit", args=["bma", "gap-2568"]), {
        "code": "gap-2568", "title_th": TYPED, "first_fy": 2568, "last_fy": 2570, "version": 99}


def _indicator_targets(world):
    """A target that is not a number: every figure of the target table comes back as typed."""
    indicator = make_planning(world)
    data = {"code": "IND-1", "title_th": indicator.title_th, "unit_of_measure": "คน", "owner_unit": _unit(world).pk,
            "project": indicator.project_id, "frequency": indicator.frequency, "first_fy": 2568, "last_fy": 2570,
            "aggregation": indicator.aggregation, "direction": indicator.direction, "by_sex": "on",
            "version": indicator.version, "t:2568:0": "120", "t:2569:0": "ไม่ทราบ7391"}
    return reverse("planning-indicator-edit", args=["bma", "IND-1"]), data


def _narrative_locked(world):
    """The round was signed off and locked while the contribution was typed: it stays on the page, to copy."""
    from django.utils import timezone

    world.round.locked_at = timezone.now()
    world.round.save(update_fields=["locked_at"])
    return reverse("result-narrative", args=["bma", 1, "1.1.1"]), {f"unit-{_unit(world).pk}": TYPED}


def _reply_refused(world):
    """The focal point's unit no longer leads the benchmark when the answer is sent: it stays, to copy."""
    from genderseal.assessments.models import BenchmarkResult

    from tests.factories import make_external_round

    make_external_round(world)
    BenchmarkResult.objects.filter(round__number=2, benchmark__code="1.1.1").update(lead_unit=None)
    return reverse("assess-thread", args=["bma", 2, 1]), {"body": TYPED}


def _survey_links(world):
    """A batch without the unit's staff count: the addresses typed come back."""
    survey = make_survey(world, standard=False, links=0)
    return reverse("survey-links", args=["bma", survey.pk]), {
        "unit": _unit(world).pk, "staff_count": "", "delivery": "email", "emails": "staff7391@bma.go.th"}


def _api_token(world):
    return reverse("api-tokens", args=["bma"]), {"name": "KPI sync 7391", "days": "9999"}


def _feed_mapping(world):
    return reverse("planning-feed-new", args=["bma"]), {"name": "", "project_column": "รหัส 7391"}


def _action_stale(world):
    _body, item = make_organisation(world)
    return reverse("action-detail", args=["bma", item.number]), {
        "title": item.title, "description": TYPED, "owner_unit": _unit(world).pk, "status": "open", "version": 99}


def _screening_stale(world):
    from genderseal.analysis.models import Screening

    make_planning(world)
    from genderseal.planning.models import Project

    Screening.objects.create(project=Project.objects.get(code="P-1"), institution=world.institution,
                             fiscal_year=2568, version=4)
    return reverse("analysis-screening", args=["bma", "P-1"]) + "?fy=2568", {
        "fy": "2568", "international": "yes", "international_note": TYPED, "version": 1}


def _unit_edit(world):
    return reverse("unit-edit", args=["bma", "21000000"]), {"code": "21000000", "name_th": "",
                                                            "abbreviation": "ย7391"}


def _round_create(world):
    return reverse("round-create", args=["bma"]), {"kind": "self", "title": TYPED, "starts_on": "31/02/2569"}


def _memo(world):
    return reverse("round-memo", args=["bma", 1]), {"sends": "report", "office": "", "date": "1 ม.ค. 2569",
                                                    "subject": "เรื่อง", "to": "UNDP", "body": TYPED,
                                                    "format": "pdf"}


def _search_term(world):
    return reverse("evidence-terms", args=["bma"]), {"term": "คำ 7391"}


# --- Forms that used to redirect and lose what was typed -----------------------------------------

def _evidence_web_link(world):
    evidence = make_evidence(world.institution)
    return reverse("evidence-add-link", args=["bma", evidence.pk]), {"url": "ftp://example/7391", "note": TYPED}


def _evidence_benchmark(world):
    evidence = make_evidence(world.institution)
    return reverse("evidence-link", args=["bma", evidence.pk]), {"benchmark": "9.9.9", "means": "", "note": TYPED}


def _opendata_stale(world):
    return reverse("opendata-settings", args=["bma"]), {"items": ["level", "indicators"], "fiscal_year": "2568",
                                                        "version": 99}, ['value="indicators"[^>]*checked']


def _unit_owners_stale(world):
    """Another person changed the owners meanwhile: the owners chosen come back, with the reason."""
    from genderseal.assessments.models import BenchmarkResult

    other = OrgUnit.objects.filter(institution=world.institution).exclude(code="21000000").first()
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="1.1.1")
    BenchmarkResult.objects.filter(pk=result.pk).update(version=result.version + 3)
    return reverse("unit-owners", args=["bma", world.round.number]), {
        f"r{result.pk}-lead": other.pk, f"r{result.pk}-version": result.version}, [
        rf'name="r{result.pk}-lead"[^\n]*?value="{other.pk}" selected']


def _report_request(world):
    """A comparison of a round with itself: the choices made (Word, English) come back."""
    return reverse("report-request", args=["bma"]), {"kind": "comparison", "round": 1, "other": 1,
                                                     "format": "docx", "language": "en"}, [
        'value="docx" selected', 'value="en" selected', 'value="comparison" *selected']


FORMS = [
    # (persona, setup, status)
    ("secretariat", _milestone_edit, 400),
    ("secretariat", _question_edit, 400),
    ("secretariat", _session_edit, 400),
    ("secretariat", _meeting_create, 400),
    ("secretariat", _meeting_edit, 400),
    ("secretariat", _committee_stale, 409),
    ("secretariat", _committee_seats, 400),
    ("secretariat", _survey_edit, 400),
    ("secretariat", _survey_stale, 400),
    (None, _survey_answer, 400),
    ("secretariat", _settings, 400),
    ("secretariat", _invite, 400),
    ("secretariat", _member_edit, 400),
    ("secretariat", _assessor_account, 400),
    (None, _invitation_accept, 400),
    (None, _password_reset, 200),  # Django's own view answers 200 with the form's errors
    (None, _login, 200),
    ("secretariat", _platform_create, 400),
    ("secretariat", _platform_rename, 400),
    ("secretariat", _plan_stale, 409),
    ("secretariat", _indicator_targets, 400),
    ("secretariat", _feed_mapping, 400),
    ("focal_point", _narrative_locked, 409),
    ("focal_point", _reply_refused, 403),
    ("secretariat", _api_token, 400),
    ("secretariat", _survey_links, 400),
    ("secretariat", _action_stale, 409),
    ("secretariat", _screening_stale, 409),
    ("secretariat", _unit_edit, 400),
    ("secretariat", _round_create, 400),
    ("secretariat", _memo, 400),
    ("secretariat", _search_term, 400),
    ("secretariat", _evidence_web_link, 400),
    ("secretariat", _evidence_benchmark, 400),
    ("secretariat", _opendata_stale, 409),
    ("secretariat", _unit_owners_stale, 409),
    ("secretariat", _report_request, 400),
]


@pytest.mark.parametrize("persona, setup, status", FORMS, ids=[row[1].__name__.strip("_") for row in FORMS])
def test_a_refused_save_keeps_what_was_typed(world, login, client, persona, setup, status):
    url, data, *kept = setup(world)
    kept = kept[0] if kept else ["7391"]
    browser = login(persona) if persona else client
    response = browser.post(url, data)
    assert response.status_code == status
    page = response.content.decode()
    for text in kept:
        assert re.search(text, page), text
    assert re.search(r'class="errorlist|role="alert"|class="error"', page)  # and why


def test_the_password_pages_say_why_and_never_echo_a_password(world, login, client):
    """Passwords are the one thing not shown again: the reason is, and the page asks again."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    changed = login("committee").post(reverse("password-change"), {
        "old_password": "wrong 7391", "new_password1": "new one 7392 long", "new_password2": "new one 7392 long"})
    assert changed.status_code == 200
    page = changed.content.decode()
    assert "errorlist" in page and "7391" not in page and "7392" not in page

    uid = urlsafe_base64_encode(force_bytes(world.committee.pk))
    token = default_token_generator.make_token(world.committee)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    reset = client.post(form.redirect_chain[-1][0], {"new_password1": "first 7393 long enough",
                                                     "new_password2": "other 7394 long enough"})
    assert reset.status_code == 200
    page = reset.content.decode()
    assert "errorlist" in page and "7393" not in page and "7394" not in page
    world.committee.refresh_from_db()
    assert not world.committee.check_password("first 7393 long enough")


@pytest.mark.parametrize("where", ["evidence page", "my work"])
def test_a_refused_return_keeps_the_reason_typed(world, login, where):
    """Someone moved the record meanwhile: the refusal says so and the reason typed is in the form again."""
    from genderseal.evidence.models import Evidence

    evidence = make_evidence(world.institution, status="submitted")
    Evidence.objects.filter(pk=evidence.pk).update(version=evidence.version + 1)
    url = (reverse("evidence-transition", args=["bma", evidence.pk, "return"]) if where == "evidence page"
           else reverse("my-work-move", args=["bma", "evidence", evidence.pk, "return"]))
    browser = login("secretariat")
    page = browser.post(url, {"comment": "ขาดลายมือชื่อ 7391", "version": evidence.version}, follow=True)
    html = page.content.decode()
    assert 'value="ขาดลายมือชื่อ 7391"' in html and 'class="error"' in html
    assert Evidence.objects.get(pk=evidence.pk).status == "submitted"
    again = browser.get(page.redirect_chain[-1][0]).content.decode()
    assert "ขาดลายมือชื่อ 7391" not in again  # shown once, not forever


# Routes that take a POST but nothing typed that could be lost, or whose typed text is kept by a mechanism
# tested elsewhere in this module. Every other posting route must be in one of the two tables above.
NOTHING_TYPED = {
    "analysis-record-evidence": "a button",
    "dossier-start": "a choice of round",
    "evidence-upload": "files: a browser never fills a file input again; each refused file is named with why",
    "framework-upload": "a file (its problems are listed)",
    "unit-import": "a file (its problems are listed by sheet, row and field)",
    "planning-feed-import": "a file (its problems are listed)",
    "planning-import": "a file (its problems are listed)",
    "planning-project-import": "a file (its problems are listed)",
    "inbox-open": "a button", "inbox-preference": "a choice", "set-language": "a choice",
    "assess-assign": "choices of round and assessor",
    "invitation-ask": "the same reply whatever is sent, by design (it reveals nothing)",
    "round-unlock": "refused only without a reason, or when the round is no longer locked (the form is gone)",
    "assess-ask": "refused only when empty (the text area stops at its maximum length)",
    "password-change": "passwords are never shown again (test_the_password_pages_say_why_and_never_echo_a_password)",
    "password_reset_confirm": "passwords are never shown again (the same test)",
    # The reason of a return comes back through core/typed.py (test_a_refused_return_keeps_the_reason_typed).
    "result-transition": "return reason: core/typed.py", "planning-transition": "return reason: core/typed.py",
    "analysis-transition": "return reason: core/typed.py",
    "analysis-screening-transition": "return reason: core/typed.py",
    "evidence-transition": "return reason: core/typed.py", "my-work-move": "return reason: core/typed.py",
}
# Edits drawn by the same view (or the same helper) as a route tested above.
SAME_VIEW = {
    "certificate-edit": "certificate-create",
    **{name: "planning-plan-edit" for name in (
        "planning-strategy-new", "planning-strategy-edit", "planning-measure-new", "planning-measure-edit",
        "planning-project-edit", "planning-rule", "planning-area-edit", "planning-category-new",
        "planning-category-edit", "planning-option-new", "planning-option-edit", "planning-feed-edit")},
    "planning-indicator-new": "planning-indicator-edit",
}


def _posting_routes():
    """Every named route whose view reads what was posted (request.POST/FILES, a form view, the edit helper)."""
    import inspect

    from django.urls import URLPattern, URLResolver, get_resolver
    from django.views.generic.edit import ProcessFormView

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern

    names = set()
    for pattern in walk(get_resolver().url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is not None:
            posting = issubclass(view_class, ProcessFormView)
        else:
            view = inspect.unwrap(pattern.callback)
            view = getattr(view, "func", view)  # functools.partial
            source = inspect.getsource(inspect.unwrap(view))
            posting = any(word in source for word in ("request.POST", "request.FILES", "_edit(request",
                                                      "from_upload(request"))
        if posting:
            names.add(pattern.name)
    return names


def test_every_route_that_takes_typed_input_is_in_a_table_of_refused_saves(world):
    from django.db import transaction
    from django.urls import resolve

    from tests.core.test_nothing_typed_is_lost import FORMS as FIRST

    tested = set()
    for _persona, setup, _status in FIRST + FORMS:
        with transaction.atomic():  # each row's records, then undone
            url = setup(world)[0]
            transaction.set_rollback(True)
        tested.add(resolve(url.split("?")[0]).url_name)
    posting = _posting_routes()
    assert len(posting) > 60
    missing = posting - tested - set(NOTHING_TYPED) - set(SAME_VIEW)
    assert missing == set(), "a form that posts needs a row in a refused-save table (or a reason here)"
    assert set(SAME_VIEW.values()) <= tested
