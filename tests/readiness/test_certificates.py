"""The Seal certificate: validity, recording (scan hashed, audited, milestones kept), renewal reminders
(each threshold once, none after renewal, none across institutions) and the dashboard card."""
import datetime
import hashlib

import pytest
from django.urls import reverse

from genderseal.core.models import AuditEvent, Role
from genderseal.notifications import reminders
from genderseal.notifications.models import Notification
from genderseal.readiness import certificates
from genderseal.readiness.models import Certificate, Milestone
from genderseal.standards.models import Level

from tests.factories import make_certificate, make_upload, make_user

pytestmark = pytest.mark.django_db

AWARDED = datetime.date(2026, 3, 31)
EXPIRES = datetime.date(2029, 3, 31)


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "bma", **kwargs})


def at(day):
    """Noon in Bangkok on `day`, as the clock the reminder run is given."""
    return datetime.datetime.combine(day, datetime.time(5), tzinfo=datetime.timezone.utc)


def run(day):
    return reminders.run(now=at(day), sources={certificates.SOURCE: certificates.due_certificates})


def sent(user=None):
    rows = Notification.objects.filter(kind="certificate_expiry")
    return rows.filter(recipient=user) if user else rows


def test_validity_is_three_years_and_29_february_falls_back_to_the_28th():
    assert certificates.default_valid_until(AWARDED) == EXPIRES
    assert certificates.add_years(datetime.date(2028, 2, 29), 3) == datetime.date(2031, 2, 28)
    assert certificates.add_years(datetime.date(2028, 2, 29), 4) == datetime.date(2032, 2, 29)


def test_validity_years_and_reminder_days_are_settings(settings):
    settings.CERTIFICATE_VALID_YEARS = 5
    settings.CERTIFICATE_REMINDER_DAYS = [30, 365, 30]
    assert certificates.default_valid_until(AWARDED) == datetime.date(2031, 3, 31)
    assert certificates.reminder_days() == (365, 30)


def test_current_certificate_is_the_latest_valid_one(world):
    first = make_certificate(world.institution, world.framework, "bronze", AWARDED)
    assert certificates.current_certificate(world.institution, datetime.date(2026, 11, 26)) == first
    assert certificates.current_certificate(world.institution, datetime.date(2026, 3, 30)) is None  # not yet
    assert certificates.current_certificate(world.institution, EXPIRES) == first  # valid through its last day
    assert certificates.current_certificate(world.institution, EXPIRES + datetime.timedelta(days=1)) is None
    renewed = make_certificate(world.institution, world.framework, "silver", datetime.date(2029, 2, 1))
    assert certificates.current_certificate(world.institution, datetime.date(2029, 3, 1)) == renewed
    assert certificates.current_certificate(world.other, datetime.date(2026, 11, 26)) is None
    state = certificates.status(first, datetime.date(2026, 11, 26))
    assert state.valid and state.days_left == (EXPIRES - datetime.date(2026, 11, 26)).days and not state.renewal_due


def _form(**values):
    data = {"level": "", "awarded_on": "2026-03-31", "valid_until": "", "issuing_body": "UNDP",
            "reference": "UNDP/GES/2026/12", "notes": ""}
    data.update(values)
    return data


def test_the_secretariat_records_a_certificate_with_its_scan_and_the_milestones_follow(world, login,
                                                                                     settings_tmp_media):
    Milestone.objects.create(institution=world.institution, kind="award", title_th="รับมอบตรา")
    bronze = Level.objects.get(framework=world.framework, code="bronze")
    content = b"%PDF-1.4 scanned certificate"
    response = login("secretariat").post(url("certificate-create"), _form(
        level=bronze.pk, scan=make_upload("ตรารับรอง.pdf", content)))
    assert response.status_code == 302, response.content.decode()[:2000]
    certificate = Certificate.objects.get(institution=world.institution)
    assert certificate.valid_until == EXPIRES  # three years by default
    assert certificate.scan_sha256 == hashlib.sha256(content).hexdigest()
    assert certificate.scan_original_name == "ตรารับรอง.pdf"
    assert AuditEvent.objects.filter(action="certificate.create", ref=f"readiness.certificate:{certificate.pk}").exists()
    award = Milestone.objects.get(institution=world.institution, kind="award")
    assert award.status == "done" and award.due_on == AWARDED
    renewal = Milestone.objects.get(institution=world.institution, kind="renewal")
    assert renewal.due_on == EXPIRES - datetime.timedelta(days=180)
    assert renewal.ends_on == EXPIRES - datetime.timedelta(days=1) and renewal.is_open
    scan = login("committee").get(url("certificate-scan", pk=certificate.pk))
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == content

    # A later end date moves the same renewal milestone; nothing new is created.
    response = login("secretariat").post(url("certificate-edit", pk=certificate.pk), _form(
        level=bronze.pk, valid_until="2029-06-30", version=certificate.version))
    assert response.status_code == 302
    renewal.refresh_from_db()
    assert renewal.ends_on == datetime.date(2029, 6, 29)
    assert Milestone.objects.filter(institution=world.institution, kind="renewal").count() == 1


def test_bad_certificate_input_is_refused(world, login, settings_tmp_media):
    bronze = Level.objects.get(framework=world.framework, code="bronze")
    browser = login("secretariat")
    response = browser.post(url("certificate-create"), _form(level=bronze.pk, valid_until="2026-01-01"))
    assert response.status_code == 400  # valid before awarded
    response = browser.post(url("certificate-create"), _form(level=bronze.pk, scan=make_upload("x.txt", b"hello")))
    assert response.status_code == 400  # a scan is a PDF or an image
    other_level = Level.objects.create(framework=make_other_framework(), code="gold", label_th="ทอง", label_en="Gold")
    assert browser.post(url("certificate-create"), _form(level=other_level.pk)).status_code == 400
    assert not Certificate.objects.exists()
    assert login("focal_point").post(url("certificate-create"), _form(level=bronze.pk)).status_code == 404


def make_other_framework():
    from genderseal.standards.models import Framework

    return Framework.objects.create(code="other", version="1", name_th="อื่น", name_en="Other", publisher="X")


def test_a_stale_certificate_form_is_refused(world, login):
    certificate = make_certificate(world.institution, world.framework)
    bronze = certificate.level
    browser = login("secretariat")
    assert browser.post(url("certificate-edit", pk=certificate.pk), _form(
        level=bronze.pk, notes="first", version=1)).status_code == 302
    response = browser.post(url("certificate-edit", pk=certificate.pk), _form(level=bronze.pk, notes="stale",
                                                                              version=1))
    assert response.status_code == 409
    certificate.refresh_from_db()
    assert certificate.notes == "first"


def test_renewal_reminders_go_once_at_each_threshold_to_the_secretariat(world):
    second = make_user("secretariat2", world.institution, Role.SECRETARIAT)
    make_certificate(world.institution, world.framework, awarded_on=AWARDED)

    def before(days):
        return EXPIRES - datetime.timedelta(days=days)

    assert run(before(days=181)) == 0
    assert run(before(days=180)) == 2  # both secretariat members
    assert run(before(days=180)) == 0 and run(before(days=179)) == 0 and run(before(days=91)) == 0
    assert run(before(days=90)) == 2
    assert run(before(days=60)) == 0
    assert run(before(days=29)) == 2  # the cron job missed day 30: sent the next run, once
    assert run(before(days=1)) == 0 and run(EXPIRES) == 0 and run(EXPIRES + datetime.timedelta(days=1)) == 0
    assert sent(world.secretariat).count() == 3 and sent(second).count() == 3
    assert not sent().exclude(recipient__in=[world.secretariat, second]).exists()  # not focal points etc.
    note = sent(world.secretariat).order_by("created_at").first()
    assert note.link == url("certificate-list") and note.params["due"] == EXPIRES.isoformat()


def test_only_the_nearest_threshold_is_sent_when_several_were_crossed(world):
    make_certificate(world.institution, world.framework, awarded_on=AWARDED)
    assert run(EXPIRES - datetime.timedelta(days=45)) == 1
    assert sent().get().key.startswith("reminder:certificates:certificate:")
    assert ":90:" in sent().get().key
    assert run(EXPIRES - datetime.timedelta(days=44)) == 0


def test_no_reminder_after_renewal(world):
    make_certificate(world.institution, world.framework, awarded_on=AWARDED)
    assert run(EXPIRES - datetime.timedelta(days=100)) == 1  # the 180-day reminder
    make_certificate(world.institution, world.framework, "silver", awarded_on=datetime.date(2029, 1, 15))
    for days in (90, 30, 1):
        assert run(EXPIRES - datetime.timedelta(days=days)) == 0
    assert sent().count() == 1


def test_no_reminder_across_institutions(world):
    make_certificate(world.other, world.framework, awarded_on=AWARDED)
    assert run(EXPIRES - datetime.timedelta(days=30)) == 1
    assert sent(world.outsider).count() == 1  # the other institution's secretariat
    assert not sent(world.secretariat).exists()


def test_the_dashboard_shows_the_certificate_level_and_days_left(world, login, settings):
    page = login("secretariat").get(url("dashboard")).content.decode()
    assert 'data-testid="no-certificate"' in page
    certificate = make_certificate(world.institution, world.framework, "silver", awarded_on=datetime.date(2026, 3, 31))
    from django.utils import timezone

    days = certificate.days_left(timezone.localdate())
    for persona in ("secretariat", "assessor"):
        page = login(persona).get(url("dashboard")).content.decode()
        assert 'data-testid="certificate-card"' in page
        assert Level.objects.get(pk=certificate.level_id).label_th in page or "Silver" in page
        assert f'data-days="{days}"' in page
    Certificate.objects.filter(pk=certificate.pk).update(awarded_on=datetime.date(2020, 1, 1),
                                                         valid_until=datetime.date(2023, 1, 1))
    page = login("committee").get(url("dashboard")).content.decode()
    assert 'data-testid="certificate-days"' not in page and "badge-overdue" in page


def test_the_certificate_list_is_for_members_and_scoped(world, login):
    mine = make_certificate(world.institution, world.framework)
    theirs = make_certificate(world.other, world.framework, "silver")
    page = login("focal_point").get(url("certificate-list")).content.decode()
    assert f'data-certificate="{mine.pk}"' in page and f'data-certificate="{theirs.pk}"' not in page
    assert 'data-testid="certificate-create"' not in page
    assert login("secretariat").get(url("certificate-edit", pk=theirs.pk)).status_code == 404
    assert login("assessor").get(url("certificate-list")).status_code == 200  # published data: every role reads it
    assert login("outsider").get(url("certificate-scan", pk=mine.pk)).status_code == 404
