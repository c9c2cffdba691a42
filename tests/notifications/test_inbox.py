"""The inbox: personal, scoped to the institution, an unread badge in one query, mark read, preference."""
import pytest
from django.urls import reverse

from genderseal.notifications import services
from genderseal.notifications.models import Delivery, Notification, NotificationPreference

pytestmark = pytest.mark.django_db
INBOX = reverse("inbox", kwargs={"slug": "bma"})


def note(world, user, kind="approved", institution=None, **params):
    return Notification.objects.create(recipient=user, institution=institution or world.institution, kind=kind,
                                       params={"code": "1.1.1", "round": 1, **params}, link="/i/bma/rounds/1/")


def test_it_lists_only_my_messages_in_this_institution(world, login):
    mine = note(world, world.focal_point)
    note(world, world.secretariat)
    note(world, world.focal_point, institution=world.other)
    browser = login("focal_point")
    browser.post("/language/", {"language": "en"})
    page = browser.get(INBOX).content.decode()
    assert page.count('data-testid="notification"') == 1
    assert "Benchmark 1.1.1 of round 1 was approved." in page
    assert f'name="id" value="{mine.pk}"' in page
    assert '<span class="badge unread" data-testid="unread-count">1</span>' in page


def test_the_badge_costs_one_query_whatever_the_number_of_messages(world, login, django_assert_max_num_queries):
    browser = login("secretariat")
    dashboard = reverse("dashboard", kwargs={"slug": "bma"})
    with django_assert_max_num_queries(30) as few:
        browser.get(dashboard)
    Notification.objects.bulk_create(
        Notification(recipient=world.secretariat, institution=world.institution, kind="submitted") for _ in range(300))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = browser.get(dashboard).content.decode()
    assert 'data-testid="unread-count">300<' in page
    with django_assert_max_num_queries(9):  # 8, and the my-work count in the navigation
        page = browser.get(INBOX).content.decode()
    assert page.count('data-testid="notification"') == 50


def test_opening_a_message_marks_it_read_and_follows_its_link(world, login):
    mine = note(world, world.focal_point)
    response = login("focal_point").post(reverse("inbox-open", kwargs={"slug": "bma"}), {"id": mine.pk})
    assert response.status_code == 302 and response["Location"] == "/i/bma/rounds/1/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    theirs = note(world, world.secretariat)
    assert login("focal_point").post(reverse("inbox-open", kwargs={"slug": "bma"}),
                                     {"id": theirs.pk}).status_code == 404
    assert login("outsider").post(reverse("inbox-open", kwargs={"slug": "other"}),
                                  {"id": theirs.pk}).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_touches_only_my_messages(world, login):
    note(world, world.focal_point)
    note(world, world.focal_point)
    note(world, world.secretariat)
    login("focal_point").post(reverse("inbox-read-all", kwargs={"slug": "bma"}))
    assert Notification.objects.filter(read_at=None).count() == 1
    assert 'data-testid="unread-count"' not in login("focal_point").get(INBOX).content.decode()


def test_each_user_chooses_immediate_mail_or_a_digest(world, login):
    assert services.delivery_of(world.focal_point) == Delivery.IMMEDIATE
    login("focal_point").post(reverse("inbox-preference", kwargs={"slug": "bma"}), {"delivery": "digest"})
    assert NotificationPreference.objects.get(user=world.focal_point).delivery == Delivery.DIGEST
    login("focal_point").post(reverse("inbox-preference", kwargs={"slug": "bma"}), {"delivery": "bogus"})
    assert services.delivery_of(world.focal_point) == Delivery.DIGEST
