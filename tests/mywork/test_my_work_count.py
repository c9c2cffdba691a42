"""The count next to งานของฉัน: worked out once per request, and not at all where my work just counted it."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from genderseal.mywork import counts, queries

from tests.factories import make_evidence
from tests.mywork.test_my_work import member, queue_world, returned_result

pytestmark = pytest.mark.django_db


def count_queries(captured):
    return sum('"todo_' in q["sql"] for q in captured.captured_queries)


def shown_count(page):
    """The count on the my-work item of the navigation and on the folded phone menu."""
    item = re.search(r'data-testid="my-work-count">(\d+)<', page)
    menu = re.search(r'data-testid="menu-count">(\d+)<', page)
    return int(item.group(1)) if item else 0, int(menu.group(1)) if menu else 0


@pytest.mark.parametrize("persona", ["secretariat", "focal_point"])
def test_the_count_is_worked_out_once_per_page(world, login, persona):
    queue_world(world)
    returned_result(world, "1.2.1")  # for the focal point
    browser = login(persona)
    expected = counts.nav_count(member(world, persona), timezone.localdate())
    with CaptureQueriesContext(connection) as captured:
        page = browser.get(reverse("dashboard", args=["bma"])).content.decode()
    assert count_queries(captured) == 1  # shown twice (navigation and phone menu), counted once
    assert shown_count(page) == (expected, expected) and expected > 0


def test_my_work_hands_its_queue_over_as_the_count(world, login):
    queue_world(world)  # one of each kind: the queue holds everything waiting
    browser = login("secretariat")
    with CaptureQueriesContext(connection) as captured:
        page = browser.get(reverse("my-work", args=["bma"])).content.decode()
    assert count_queries(captured) == 0
    assert page.count('data-testid="queue-approve"') == 4 and shown_count(page) == (4, 4)


def test_a_full_queue_still_counts_everything(world, login):
    queue_world(world)
    for i in range(queries.LIMIT + 5):
        make_evidence(world.institution, f"ส่ง {i}", status="submitted", submitted_at=timezone.now())
    browser = login("secretariat")
    with CaptureQueriesContext(connection) as captured:
        page = browser.get(reverse("my-work", args=["bma"])).content.decode()
    assert count_queries(captured) == 1  # the page shows LIMIT lines; the count is of all that wait
    assert page.count('data-testid="queue-approve"') == queries.LIMIT
    assert shown_count(page) == (4 + queries.LIMIT + 5,) * 2


def test_the_focal_points_page_counts_from_its_own_lists(world, login):
    from genderseal.core.models import OrgUnit
    from genderseal.evidence.models import Evidence

    report = queue_world(world)
    returned_result(world, "1.2.1")
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")  # the focal point's unit
    report.indicator.owner_unit = unit
    report.indicator.save(update_fields=["owner_unit"])
    type(report).objects.filter(pk=report.pk).update(status="returned")  # an old period: counted, not listed
    item = make_evidence(world.institution, "ส่งกลับ", status="returned")
    Evidence.objects.filter(pk=item.pk).update(owner_unit=unit)
    focal = member(world, "focal_point")
    expected = counts.nav_count(focal, timezone.localdate())
    assert expected >= 3  # the result, the report and the evidence

    browser = login("focal_point")
    with CaptureQueriesContext(connection) as captured:
        page = browser.get(reverse("my-work", args=["bma"])).content.decode()
    assert count_queries(captured) == 0  # no count query of its own: the lists' figures and one report count
    assert shown_count(page) == (expected, expected)

    for i in range(queries.LIMIT + 1):  # a list cut at LIMIT: the page no longer holds everything
        Evidence.objects.filter(pk=make_evidence(world.institution, f"คืน {i}", status="returned").pk).update(
            owner_unit=unit)
    with CaptureQueriesContext(connection) as captured:
        page = browser.get(reverse("my-work", args=["bma"])).content.decode()
    assert count_queries(captured) == 1
    assert shown_count(page) == (expected + queries.LIMIT + 1,) * 2


@pytest.mark.parametrize("first", ["bma", "other"])
def test_the_count_compiled_once_stays_each_institutions_own(world, first):
    """The count's SQL is compiled once per role (core/compiled.py): each institution still counts its own."""
    from genderseal.core import compiled
    from genderseal.core.models import Membership

    compiled.forget()
    queue_world(world)  # four waiting in BMA, none in the other institution
    bma = member(world, "secretariat")
    other = Membership.objects.get(user=world.outsider, institution=world.other)
    today = timezone.localdate()
    members = [bma, other] if first == "bma" else [other, bma]
    shown = {m.institution.slug: counts.nav_count(m, today) for m in members}
    assert shown == {"bma": 4, "other": 0}
    make_evidence(world.other, "ส่งตรวจของอีกหน่วยงาน", status="submitted", submitted_at=timezone.now())
    assert counts.nav_count(other, today) == 1 and counts.nav_count(bma, today) == 4
    assert all(kept is not None for kept in compiled._kept.values())  # the shortcut was taken


def test_the_focal_points_compiled_count_matches_the_one_built_each_time(world):
    from genderseal.core import compiled

    compiled.forget()
    queue_world(world)
    returned_result(world, "1.2.1")
    focal = member(world, "focal_point")
    today = timezone.localdate()
    built = sum(counts._count_row(counts.count_parts(focal, today), focal.institution_id)[0])
    assert counts.nav_count(focal, today) == built > 0
    assert counts.nav_count(focal, today) == built  # the second time from the compiled SQL
    assert all(kept is not None for kept in compiled._kept.values())


def badge_queries(captured):
    return [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]
            or '"todo_' in q["sql"]]


@pytest.mark.parametrize("persona", ["secretariat", "focal_point", "committee", "assessor"])
def test_the_inbox_badge_and_my_work_count_are_one_query(world, login, persona):
    """Both badges are on every page: read together, each still its own member's figure."""
    from genderseal.notifications.models import Notification

    queue_world(world)
    returned_result(world, "1.2.1")
    user = getattr(world, persona)
    Notification.objects.bulk_create([Notification(recipient=user, institution=world.institution, kind="approved")
                                      for _ in range(3)]
                                     + [Notification(recipient=world.outsider, institution=world.institution,
                                                     kind="approved")])  # not theirs: not counted
    expected = counts.nav_count(member(world, persona), timezone.localdate())
    browser = login(persona)
    with CaptureQueriesContext(connection) as captured:
        page = browser.get(reverse("dashboard", args=["bma"])).content.decode()
    assert len(badge_queries(captured)) == 1
    assert 'data-testid="unread-count">3<' in page
    assert shown_count(page) == ((expected, expected) if expected else (0, 0))


def test_the_my_work_page_reads_only_the_inbox_badge_beside_its_own_count(world, login):
    from genderseal.notifications.models import Notification

    queue_world(world)
    Notification.objects.create(recipient=world.secretariat, institution=world.institution, kind="approved")
    browser = login("secretariat")
    with CaptureQueriesContext(connection) as captured:
        page = browser.get(reverse("my-work", args=["bma"])).content.decode()
    (badges,) = badge_queries(captured)
    assert '"todo_' not in badges  # the queue on the page is the count
    assert 'data-testid="unread-count">1<' in page and shown_count(page) == (4, 4)
