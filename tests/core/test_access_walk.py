"""Walks every route for every role, another institution's user and an anonymous visitor.

The declaration is `core/permissions.py` (which roles may do an action) plus the action
each view names through `member_view(action)` (or `declare_access(...)` outside an
institution). A route without a declaration, or without an example here, fails the walk.
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from genderseal.core.permissions import allowed

pytestmark = pytest.mark.django_db
ROLES = ["secretariat", "focal_point", "committee", "assessor"]

# One example per route: its URL kwargs (the institution slug is added) and the method
# the walk uses. A new route needs a line here.
ROUTES = {
    "home": ({}, "get"),
    "login": ({}, "get"),
    "logout": ({}, "post"),
    "set-language": ({}, "post"),
    "framework-upload": ({}, "get"),
    "dashboard": ({}, "get"),
    # My work: every role's home; the queue's approve/return is POST-only (walked with GET).
    "my-work": ({}, "get"),
    "my-work-move": ({"kind": "result", "pk": 1, "name": "approve"}, "get"),
    "round-list": ({}, "get"),
    "round-create": ({}, "get"),
    "round-detail": ({"number": 1}, "get"),
    "round-advance": ({"number": 1}, "post"),
    "round-compare": ({"number": 1, "other": 1}, "get"),
    "result-edit": ({"code": "1.1.1", "number": 1}, "get"),
    "result-narrative": ({"code": "1.1.1", "number": 1}, "get"),
    "framework-list": ({}, "get"),
    "framework-detail": ({"code": "test-seal"}, "get"),
    "benchmark-detail": ({"code": "test-seal", "benchmark": "1.1.1"}, "get"),
    "result-transition": ({"code": "1.1.1", "number": 1, "name": "submit"}, "post"),
    "round-signoff": ({"number": 1}, "post"),
    "round-unlock": ({"number": 1}, "post"),
    "round-report-pdf": ({"number": 1}, "get"),
    "round-report-docx": ({"number": 1}, "get"),
    "round-results-xlsx": ({"number": 1}, "get"),
    "round-memo": ({"number": 1}, "get"),
    # Reports: "pk" of a finished report (issued_report_records fixture); POST-only "report-request" walked with GET.
    "report-list": ({}, "get"),
    "report-request": ({}, "get"),
    "report-detail": ({"pk": 0}, "get"),
    "report-download": ({"pk": 0}, "get"),
    "audit-log": ({}, "get"),
    "inbox": ({}, "get"),
    "inbox-read-all": ({}, "post"),
    "inbox-preference": ({}, "post"),
    "inbox-open": ({}, "post"),
    "unit-list": ({}, "get"),
    "unit-create": ({}, "get"),
    "unit-import": ({}, "get"),
    "unit-owners": ({"number": 1}, "get"),
    "unit-detail": ({"code": "21000000"}, "get"),
    "unit-edit": ({"code": "21000000"}, "get"),
    "unit-retire": ({"code": "21000000"}, "post"),
    "unit-restore": ({"code": "21000000"}, "post"),
    "committee-list": ({}, "get"),
    "committee-create": ({}, "get"),
    "committee-detail": ({"code": "committee"}, "get"),
    "committee-edit": ({"code": "committee"}, "get"),
    "committee-seats": ({"code": "committee"}, "get"),
    "meeting-create": ({"code": "committee"}, "get"),
    "meeting-edit": ({"code": "committee", "number": 1}, "get"),
    "action-list": ({}, "get"),
    "action-create": ({}, "get"),
    "action-detail": ({"number": 1}, "get"),
    # Evidence: "pk" is filled in by the evidence_records fixture; POST-only routes are walked with GET
    # (405 for the roles allowed, 404 for the others) so the walk changes nothing.
    "evidence-list": ({}, "get"),
    "evidence-create": ({}, "get"),
    "evidence-search": ({}, "get"),
    "evidence-terms": ({}, "get"),
    "evidence-detail": ({"pk": 0}, "get"),
    "evidence-edit": ({"pk": 0}, "get"),
    "evidence-upload": ({"pk": 0}, "get"),
    "evidence-add-link": ({"pk": 0}, "get"),
    "evidence-link": ({"pk": 0}, "get"),
    "evidence-unlink": ({"pk": 0, "code": "1.1.1"}, "get"),
    "evidence-suggestion": ({"pk": 0, "suggestion": 1, "decision": "accept"}, "get"),
    "evidence-transition": ({"pk": 0, "name": "submit"}, "get"),
    "evidence-delete": ({"pk": 0}, "get"),
    "evidence-restore": ({"pk": 0}, "get"),
    "evidence-download": ({"pk": 0, "number": 1}, "get"),
    "dossier-list": ({}, "get"),
    "dossier-start": ({}, "get"),
    "dossier-detail": ({"pk": 0}, "get"),
    "dossier-download": ({"pk": 0}, "get"),
    "dossier-old": ({"pk": 0}, "get"),  # links from before dossiers were issued files: a redirect
    "dossier-old-download": ({"pk": 0}, "get"),
    # Planning: indicator IND-1 of สยป. (the focal point's unit) from the planning_records fixture.
    "planning-dashboard": ({}, "get"),
    "planning-plans": ({}, "get"),
    "planning-plan": ({"code": "gap-2568"}, "get"),
    "planning-projects": ({}, "get"),
    "planning-project-import": ({}, "get"),
    "planning-strategy-map": ({}, "get"),
    "planning-sdg5": ({}, "get"),
    "planning-project": ({"code": "P-1"}, "get"),
    "planning-indicator": ({"code": "IND-1"}, "get"),
    "planning-report": ({"code": "IND-1"}, "get"),
    "planning-transition": ({"code": "IND-1", "period": "2024-10-01", "name": "submit"}, "get"),
    "planning-plan-new": ({}, "get"),
    "planning-plan-edit": ({"code": "gap-2568"}, "get"),
    "planning-strategy-new": ({"code": "gap-2568"}, "get"),
    "planning-strategy-edit": ({"code": "gap-2568", "strategy": "1"}, "get"),
    "planning-measure-new": ({"code": "gap-2568", "strategy": "1"}, "get"),
    "planning-measure-edit": ({"code": "gap-2568", "strategy": "1", "measure": "1.1"}, "get"),
    "planning-project-new": ({}, "get"),
    "planning-project-edit": ({"code": "P-1"}, "get"),
    "planning-indicator-new": ({}, "get"),
    "planning-indicator-edit": ({"code": "IND-1"}, "get"),
    "planning-rule": ({}, "get"),
    "planning-import": ({}, "get"),
    "planning-feeds": ({}, "get"),
    "planning-feed-new": ({}, "get"),
    "planning-feed-edit": ({"pk": 0}, "get"),
    "planning-feed-import": ({"pk": 0}, "get"),
    "planning-export": ({}, "get"),
    "planning-reference": ({}, "get"),
    "planning-area-new": ({}, "get"),
    "planning-area-edit": ({"pk": 0}, "get"),
    "planning-category-new": ({}, "get"),
    "planning-category-edit": ({"code": "age"}, "get"),
    "planning-option-new": ({"code": "age"}, "get"),
    "planning-option-edit": ({"code": "age", "option": "a15"}, "get"),
    "planning-option-remove": ({"code": "age", "option": "a15"}, "get"),
    # Gender analysis: project P-1 of the planning_records fixture (no worksheet needed; POST routes walked with GET).
    "analysis-list": ({}, "get"),
    "analysis-guide": ({}, "get"),
    "analysis-detail": ({"code": "P-1"}, "get"),
    "analysis-step": ({"code": "P-1", "step": 1}, "get"),
    "analysis-transition": ({"code": "P-1", "name": "submit"}, "get"),
    "analysis-screening": ({"code": "P-1"}, "get"),
    "analysis-screening-transition": ({"code": "P-1", "name": "submit"}, "get"),
    "analysis-record-evidence": ({"code": "P-1", "kind": "worksheet"}, "get"),
    # Worksheet and screening form of P-1 as documents: the analysis_records fixture approves both.
    "analysis-worksheet-pdf": ({"code": "P-1"}, "get"),
    "analysis-worksheet-docx": ({"code": "P-1"}, "get"),
    "analysis-screening-pdf": ({"code": "P-1"}, "get"),
    "analysis-screening-docx": ({"code": "P-1"}, "get"),
    # Readiness: records from the readiness_records fixture ("pk" filled in there).
    "milestone-list": ({}, "get"),
    "milestone-create": ({}, "get"),
    "milestone-edit": ({"pk": 0}, "get"),
    "question-list": ({}, "get"),
    "question-create": ({}, "get"),
    "question-practice": ({}, "get"),
    "question-edit": ({"pk": 0}, "get"),
    "question-answer": ({"pk": 0}, "get"),
    "session-list": ({}, "get"),
    "my-schedule": ({}, "get"),
    "session-create": ({}, "get"),
    "session-edit": ({"number": 1}, "get"),
    "my-briefing": ({"fmt": "docx"}, "post"),
    "executive-briefing": ({"fmt": "docx"}, "post"),
    "interviewee-briefing": ({"pk": 0, "fmt": "docx"}, "post"),
    "certificate-list": ({}, "get"),
    "certificate-create": ({}, "get"),
    "certificate-edit": ({"pk": 0}, "get"),
    "certificate-scan": ({"pk": 0}, "get"),
    # Assessor workspace: external round 5 with the assessor assigned and clarification #1 (assessor_records
    # fixture); POST-only routes walked with GET.
    "assess-home": ({}, "get"),
    "assess-overview": ({}, "get"),
    "assess-assign": ({}, "get"),
    "assess-account": ({}, "get"),
    "assess-workspace": ({"number": 5}, "get"),
    "assess-rate": ({"number": 5, "code": "1.1.1"}, "get"),
    "assess-ask": ({"number": 5, "code": "1.1.1"}, "get"),
    "assess-publish": ({"number": 5}, "get"),
    "assess-results": ({"number": 5}, "get"),
    "assess-clarifications": ({"number": 5}, "get"),
    "assess-thread": ({"number": 5, "thread": 1}, "get"),
    # Staff survey: an open survey and one of its single-use links (survey_records fixture); POST-only routes
    # walked with GET. The respondent's page is public: every role (and anyone) may open it.
    "survey-list": ({}, "get"),
    "survey-create": ({}, "get"),
    "survey-detail": ({"pk": 0}, "get"),
    "survey-edit": ({"pk": 0}, "get"),
    "survey-links": ({"pk": 0}, "get"),
    "survey-results": ({"pk": 0}, "get"),
    "survey-results-xlsx": ({"pk": 0}, "get"),
    "survey-evidence": ({"pk": 0}, "get"),
    "survey-move": ({"pk": 0, "name": "close"}, "get"),
    "survey-respond": ({"token": "x"}, "get"),
    "survey-thanks": ({}, "get"),
    # Open data: BMA's dataset is published by the opendata_records fixture; the /open/ routes are public.
    "opendata-settings": ({}, "get"),
    "opendata-publish": ({}, "get"),
    "opendata-unpublish": ({}, "get"),
    "opendata-index": ({}, "get"),
    "opendata-catalog": ({}, "get"),
    "opendata-page": ({}, "get"),
    "opendata-csv": ({}, "get"),
    "opendata-json": ({}, "get"),
    "opendata-dcat": ({}, "get"),
    "opendata-ckan": ({}, "get"),
    # Institutions and people: the focal point's membership and a pending invitation (people_records fixture);
    # POST-only routes walked with GET. The invitation page is public (its token is the key).
    "members": ({}, "get"),
    "member-invite": ({}, "get"),
    "member-edit": ({"member_id": 0}, "get"),
    "member-active": ({"member_id": 0, "op": "reactivate"}, "get"),
    "invitation-action": ({"invitation_id": 0, "op": "resend"}, "get"),
    "institution-settings": ({}, "get"),
    # API tokens: every member's own page; the POST-only revoke walked with GET (405 for members, 404 for others).
    "api-tokens": ({}, "get"),
    "api-token-revoke": ({"pk": 1}, "get"),
    "invitation": ({"token": "x"}, "get"),
    "invitation-ask": ({"token": "x"}, "post"),
    "platform-institutions": ({}, "get"),
    "platform-institution": ({}, "get"),
    "password-change": ({}, "get"),
    "password-change-done": ({}, "get"),
    "password-reset": ({}, "get"),
    "password-reset-sent": ({}, "get"),
    "password_reset_confirm": ({"uidb64": "MQ", "token": "x-y"}, "get"),
    "password-reset-complete": ({}, "get"),
    "oidc_authentication_init": ({}, "get"),
    "oidc_authentication_callback": ({}, "get"),
}


@pytest.fixture(autouse=True)
def people_records(request):
    """The focal point's membership and a pending invitation to BMA, for the members routes."""
    if "world" in request.fixturenames:
        from genderseal.accounts import services
        from genderseal.core.models import Membership, Role

        world = request.getfixturevalue("world")
        invitation, token = services.invite(world.institution, "walk@bma.go.th", Role.COMMITTEE, send=False)
        ROUTES["member-edit"][0]["member_id"] = ROUTES["member-active"][0]["member_id"] = Membership.objects.get(
            user=world.focal_point).pk
        ROUTES["invitation-action"][0]["invitation_id"] = invitation.pk
        ROUTES["invitation"][0]["token"] = token



@pytest.fixture(autouse=True)
def organisation_records(request):
    """The committee and action item #1 the organisation routes' examples name."""
    if "world" in request.fixturenames:
        from tests.factories import make_organisation

        make_organisation(request.getfixturevalue("world"))


@pytest.fixture(autouse=True)
def planning_records(request):
    """Indicator IND-1 (and its plan and project) the planning routes' examples name."""
    if "world" in request.fixturenames:
        from genderseal.planning.models import Category, CategoryOption, StrategicArea

        from tests.factories import make_planning

        world = request.getfixturevalue("world")
        make_planning(world)
        category = Category.objects.create(institution=world.institution, code="age", name_th="ช่วงอายุ")
        CategoryOption.objects.create(category=category, code="a15", name_th="15-24 ปี")
        request.getfixturevalue("evidence_records")  # it fills every "pk": ours are set after it
        ROUTES["planning-area-edit"][0]["pk"] = StrategicArea.objects.get(institution=world.institution).pk
        from genderseal.planning.models import ImportMapping

        mapping = ImportMapping.objects.create(institution=world.institution, name="PT", project_column="id",
                                               month_column="month")
        ROUTES["planning-feed-edit"][0]["pk"] = ROUTES["planning-feed-import"][0]["pk"] = mapping.pk


@pytest.fixture(autouse=True)
def opendata_records(request, planning_records):
    """BMA's open data, published (level, dimensions, indicators, reporting), for the open data routes."""
    if "world" in request.fixturenames and ("opendata" in request.node.name or "open-data" in request.node.name):
        from tests.factories import make_published

        make_published(request.getfixturevalue("world"))


@pytest.fixture(autouse=True)
def analysis_records(request, planning_records):
    """An approved worksheet and screening form of project P-1 (assessors see approved ones only)."""
    if "world" in request.fixturenames:
        from genderseal.analysis.models import Screening

        from tests.factories import make_worksheet

        worksheet = make_worksheet(request.getfixturevalue("world"), status="approved")
        Screening.objects.create(institution=worksheet.institution, project=worksheet.project, fiscal_year=2568,
                                 status="approved")


@pytest.fixture(autouse=True)
def readiness_records(request):
    """Milestone, question and interview #1 the readiness routes' examples name."""
    if "world" in request.fixturenames:
        from tests.factories import make_readiness

        request.getfixturevalue("evidence_records")  # it fills every "pk": ours are set after it
        world = request.getfixturevalue("world")
        milestone, question, session = make_readiness(world)
        certificate = make_certificate_example(world)
        for name, (kwargs, _method) in ROUTES.items():
            if "pk" in kwargs and name.startswith("milestone"):
                kwargs["pk"] = milestone.pk
            elif "pk" in kwargs and name.startswith("question"):
                kwargs["pk"] = question.pk
            elif "pk" in kwargs and name.startswith("certificate"):
                kwargs["pk"] = certificate.pk
            elif "pk" in kwargs and name == "interviewee-briefing":
                kwargs["pk"] = session.interviewees.get().pk


@pytest.fixture(autouse=True)
def survey_records(request):
    """An open survey with a single-use link, for the survey routes ("pk" and "token" set here)."""
    if "world" in request.fixturenames:
        from tests.factories import make_survey

        request.getfixturevalue("evidence_records")  # it fills every "pk": ours are set after it
        survey = make_survey(request.getfixturevalue("world"))
        token = survey.tokens[0]
        for name, (kwargs, _method) in ROUTES.items():
            if name.startswith("survey-") and "pk" in kwargs:
                kwargs["pk"] = survey.pk
            if name.startswith("survey-") and "token" in kwargs:
                kwargs["token"] = token


def make_certificate_example(world):
    """A bronze certificate with a scanned copy, for the certificate routes."""
    from genderseal.readiness.certificates import store_scan

    from tests.factories import make_certificate, make_upload

    scan = store_scan(make_upload("certificate.pdf", b"%PDF-1.4 certificate"))
    return make_certificate(world.institution, world.framework, scan_name=scan.name, scan_sha256=scan.sha256,
                            scan_size=scan.size, scan_content_type=scan.content_type,
                            scan_original_name=scan.original_name)


@pytest.fixture(autouse=True)
def issued_report_records(request):
    """A finished readiness report built for an assessor (so every role may read it), for the report routes."""
    if "world" in request.fixturenames:
        from tests.factories import make_issued_report

        request.getfixturevalue("evidence_records")  # it fills every "pk": ours are set after it
        report = make_issued_report(request.getfixturevalue("world"))
        for name, (kwargs, _method) in ROUTES.items():
            if "pk" in kwargs and name.startswith("report-"):
                kwargs["pk"] = report.pk


@pytest.fixture(autouse=True)
def assessor_records(request):
    """External round 5: the world's assessor assigned, 1.1.1 submitted, clarification #1 (assessors app)."""
    if "world" in request.fixturenames:
        from tests.factories import make_external_round

        make_external_round(request.getfixturevalue("world"), number=5)


@pytest.fixture(autouse=True)
def evidence_records(request, settings, tmp_path):
    """An approved item of the focal point's unit with a file, and a built dossier, for the evidence routes."""
    if "world" in request.fixturenames:
        from tests.factories import make_evidence_examples

        settings.MEDIA_ROOT = tmp_path / "media"
        evidence, dossier = make_evidence_examples(request.getfixturevalue("world"))
        for name, (kwargs, _method) in ROUTES.items():
            if "pk" in kwargs:
                kwargs["pk"] = dossier.pk if name.startswith("dossier") else evidence.pk

def routes(patterns=None, prefix=""):
    """(name, view) for every named page route; the API is walked separately."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "api":
                continue
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, entry.callback, prefix + str(entry.pattern)


ALL = sorted((name, view, path) for name, view, path in routes() if name)


def test_every_route_declares_its_access_and_has_an_example():
    undeclared = [path for name, view, path in ALL if not hasattr(view, "access")]
    assert not undeclared, f"routes without member_view(action) or declare_access(...): {undeclared}"
    missing = [name for name, _view, _path in ALL if name not in ROUTES]
    assert not missing, f"add an example for these routes to ROUTES in {__file__}: {missing}"


def url(name, view, path):
    kwargs = dict(ROUTES[name][0])
    if "<slug:slug>" in path:
        kwargs["slug"] = "bma"
    return reverse(name, kwargs=kwargs)


def call(client, name, view, path):
    return getattr(client, ROUTES[name][1])(url(name, view, path))


# Routes whose example reaches a round assigned to the world's assessor (UNDP review round 1, external round 5),
# or what is read through one (evidence of its benchmarks, a report the assessor asked for): an assessor of the
# same institution who is not assigned gets 404 where the assigned one gets the page.
ASSIGNED_ONLY = {
    "round-detail", "round-compare", "round-report-pdf", "round-report-docx", "round-results-xlsx", "round-memo",
    "result-transition", "report-detail", "report-download", "evidence-detail", "evidence-download",
    "assess-workspace", "assess-rate", "assess-results", "assess-clarifications", "assess-thread",
}  # POST-only assess-ask and assess-publish, walked with GET, answer 405 before looking up the round


@pytest.fixture
def unassigned(world):
    """A second assessor of BMA, assigned to no round."""
    from django.test import Client

    from genderseal.core.models import Role

    from tests.factories import make_user

    browser = Client()
    browser.force_login(make_user("unassigned", world.institution, Role.ASSESSOR))
    return browser


@pytest.mark.parametrize("name,view,path", ALL, ids=[r[0] for r in ALL])
def test_each_role_gets_what_the_declaration_allows(world, login, unassigned, name, view, path):
    access = view.access
    for role in [*ROLES, "unassigned"]:
        browser = unassigned if role == "unassigned" else login(role)
        status = call(browser, name, view, path).status_code
        if access in ("public", "signed_in"):
            expected_ok = True
        elif access == "staff":
            expected_ok = False  # no institution role is platform staff
        elif role == "unassigned":
            expected_ok = allowed("assessor", access) and name not in ASSIGNED_ONLY
        else:
            expected_ok = allowed(role, access)
        if expected_ok:
            assert status not in (403, 404, 500), f"{role} on {name}: {status}"
        else:
            assert status == 404, f"{role} may not '{access}' (or the round is not theirs) but {name} answered {status}"


@pytest.mark.parametrize("name,view,path", ALL, ids=[r[0] for r in ALL])
def test_another_institution_and_anonymous_visitors_are_kept_out(world, login, client, name, view, path):
    access = view.access
    if access == "public":
        return
    if access not in ("signed_in",):
        assert call(login("outsider"), name, view, path).status_code == 404
    response = call(client, name, view, path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def api_operations(public=False):
    from genderseal.api.urls import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            # Operations marked `x-public` (published open data) need no sign-in: walked separately below.
            if bool(operation.get("x-public")) == public:
                yield path, method


API = sorted(api_operations())
EXAMPLE = {"slug": "bma", "number": "1", "code": "1.1.1", "other": "1", "evidence_id": "1", "dossier_id": "1",
           "name": "submit", "report_id": "1", "thread": "1", "survey_id": "1",
           "mapping_id": "1"}


def api_url(path):
    for key, value in EXAMPLE.items():
        path = path.replace("{" + key + "}", value)
    return path


@pytest.mark.parametrize("path,method", API, ids=[f"{m} {p}" for p, m in API])
def test_every_api_route_needs_a_sign_in_and_hides_other_institutions(world, client, path, method):
    from genderseal.core.models import ApiToken

    assert "{" not in api_url(path), f"add an example value for {path} to EXAMPLE in {__file__}"
    response = getattr(client, method)(api_url(path), content_type="application/json")
    assert response.status_code == 401, f"anonymous {method} {path}: {response.status_code}"
    if "{slug}" in path:
        key = ApiToken.issue(world.outsider, "walk")
        response = getattr(client, method)(api_url(path), content_type="application/json",
                                           HTTP_AUTHORIZATION=f"Bearer {key}")
        # Writes may fail validation before reaching the institution: never a success.
        assert response.status_code in ((404,) if method == "get" else (404, 422)), \
            f"outsider {method} {path}: {response.status_code}"


PUBLIC_API = sorted(api_operations(public=True))


@pytest.mark.parametrize("path,method", PUBLIC_API, ids=[f"{m} {p}" for p, m in PUBLIC_API])
def test_public_api_routes_only_read_published_data(world, client, path, method):
    assert method == "get", f"a public API operation must not write: {method} {path}"
    assert "{" not in api_url(path), f"add an example value for {path} to EXAMPLE in {__file__}"
    assert client.get(api_url(path)).status_code == 200, f"anonymous {method} {path}"


def query_keys():
    """Every query-string name the code reads (request.GET.get("x"), filter forms' fields), plus the usual ones."""
    import re
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "src" / "genderseal"
    keys = {"page", "q", "fy", "year", "number", "round", "status", "unit", "kind", "format", "n", "limit", "offset"}
    for path in source.rglob("*.py"):
        keys |= set(re.findall(r"request\.GET(?:\.get|\.getlist)?[\(\[]\s*\"(\w+)\"", path.read_text()))
    from genderseal.assessments.forms import RoundFilter
    from genderseal.core.forms import AuditFilter
    from genderseal.evidence.forms import EvidenceFilter
    from genderseal.organisation.forms import ActionFilter

    for form in (RoundFilter, AuditFilter, EvidenceFilter, ActionFilter):
        keys |= set(form.base_fields)
    return sorted(keys)


ODD_VALUES = ["abc", "99999999999999999999"]


def test_odd_query_strings_on_every_get_route_never_give_a_server_error(world, login):
    """Paging and numbers that are not numbers, or are huge: the first page, a 400 or a 404, never a 500."""
    from urllib.parse import urlencode

    keys = query_keys()
    browser = login("secretariat")
    browser.raise_request_exception = False
    failures = []
    for name, view, path in ALL:
        if ROUTES[name][1] != "get":
            continue
        for value in ODD_VALUES:
            query = urlencode({key: value for key in keys}) + "&q=%E0%B8%81%E0%B8%82"  # a search that runs
            status = browser.get(f"{url(name, view, path)}?{query}").status_code
            if status >= 500:
                failures.append(f"{name} ?{query}: {status}")
    assert not failures, failures
