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
    "round-list": ({}, "get"),
    "round-create": ({}, "get"),
    "round-detail": ({"number": 1}, "get"),
    "round-advance": ({"number": 1}, "post"),
    "round-compare": ({"number": 1, "other": 1}, "get"),
    "result-edit": ({"code": "1.1.1", "number": 1}, "get"),
    "framework-list": ({}, "get"),
    "framework-detail": ({"code": "test-seal"}, "get"),
    "benchmark-detail": ({"code": "test-seal", "benchmark": "1.1.1"}, "get"),
    "result-transition": ({"code": "1.1.1", "number": 1, "name": "submit"}, "post"),
    "round-signoff": ({"number": 1}, "post"),
    "round-unlock": ({"number": 1}, "post"),
    "round-report-pdf": ({"number": 1}, "get"),
    "round-report-docx": ({"number": 1}, "get"),
    "round-results-xlsx": ({"number": 1}, "get"),
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
    "evidence-transition": ({"pk": 0, "name": "submit"}, "get"),
    "evidence-delete": ({"pk": 0}, "get"),
    "evidence-restore": ({"pk": 0}, "get"),
    "evidence-download": ({"pk": 0, "number": 1}, "get"),
    "dossier-list": ({}, "get"),
    "dossier-start": ({}, "get"),
    "dossier-detail": ({"pk": 0}, "get"),
    "dossier-download": ({"pk": 0}, "get"),
    # Planning: indicator IND-1 of สยป. (the focal point's unit) from the planning_records fixture.
    "planning-dashboard": ({}, "get"),
    "planning-plans": ({}, "get"),
    "planning-plan": ({"code": "gap-2568"}, "get"),
    "planning-projects": ({}, "get"),
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
}



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


@pytest.fixture(autouse=True)
def readiness_records(request):
    """Milestone, question and interview #1 the readiness routes' examples name."""
    if "world" in request.fixturenames:
        from tests.factories import make_readiness

        request.getfixturevalue("evidence_records")  # it fills every "pk": ours are set after it
        milestone, question, _session = make_readiness(request.getfixturevalue("world"))
        for name, (kwargs, _method) in ROUTES.items():
            if "pk" in kwargs and name.startswith("milestone"):
                kwargs["pk"] = milestone.pk
            elif "pk" in kwargs and name.startswith("question"):
                kwargs["pk"] = question.pk


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


@pytest.mark.parametrize("name,view,path", ALL, ids=[r[0] for r in ALL])
def test_each_role_gets_what_the_declaration_allows(world, login, name, view, path):
    access = view.access
    for role in ROLES:
        status = call(login(role), name, view, path).status_code
        if access in ("public", "signed_in"):
            expected_ok = True
        elif access == "staff":
            expected_ok = False  # no institution role is platform staff
        else:
            expected_ok = allowed(role, access)
        if expected_ok:
            assert status not in (403, 404, 500), f"{role} on {name}: {status}"
        else:
            assert status == 404, f"{role} may not '{access}' but {name} answered {status}"


@pytest.mark.parametrize("name,view,path", ALL, ids=[r[0] for r in ALL])
def test_another_institution_and_anonymous_visitors_are_kept_out(world, login, client, name, view, path):
    access = view.access
    if access == "public":
        return
    if access not in ("signed_in",):
        assert call(login("outsider"), name, view, path).status_code == 404
    response = call(client, name, view, path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def api_operations():
    from genderseal.api.urls import api

    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield path, method


API = sorted(api_operations())
EXAMPLE = {"slug": "bma", "number": "1", "code": "1.1.1", "other": "1", "evidence_id": "1", "dossier_id": "1",
           "name": "submit"}


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
