"""The Seal certificate: validity, the current certificate, recording one, and renewal reminders.

`current_certificate(institution)` is the plain entry point for other apps (open data, the
dashboard): the most recently awarded certificate that is valid today, or None.

Renewal reminders are a notifications source (`reminders.register("certificates", ...)`):
the secretariat is told at each of `CERTIFICATE_REMINDER_DAYS` (default 180, 90, 30) days
before the current certificate expires, once per threshold and person, whatever day the
cron job runs; a renewed (newer) certificate ends the reminders of the old one.
"""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.core import errors
from genderseal.core.audit import diff, record, snapshot

from .models import OPEN_STATUSES, Certificate, Milestone, MilestoneKind, MilestoneStatus

VALID_YEARS = 3
REMINDER_DAYS = (180, 90, 30)
SOURCE = "certificates"


def valid_years():
    return int(getattr(settings, "CERTIFICATE_VALID_YEARS", VALID_YEARS))


def reminder_days():
    days = getattr(settings, "CERTIFICATE_REMINDER_DAYS", REMINDER_DAYS)
    return tuple(sorted({int(d) for d in days if int(d) >= 0}, reverse=True))


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def default_valid_until(awarded_on: date) -> date:
    return add_years(awarded_on, valid_years())


def latest_certificate(institution):
    """The most recently awarded certificate, valid or not (one query)."""
    return (Certificate.objects.filter(institution=institution).select_related("level")
            .order_by("-awarded_on", "-pk").first())


def current_certificate(institution, today=None):
    """The most recently awarded certificate that is valid on `today` (default: today), or None. One query."""
    today = today or timezone.localdate()
    return (Certificate.objects.filter(institution=institution, awarded_on__lte=today, valid_until__gte=today)
            .select_related("level").order_by("-awarded_on", "-pk").first())


@dataclass
class CertificateStatus:
    certificate: Certificate
    valid: bool
    days_left: int
    expired: bool
    renewal_due: bool  # inside the first reminder threshold


def status(certificate, today=None):
    today = today or timezone.localdate()
    days = certificate.days_left(today)
    first = max(reminder_days(), default=0)
    return CertificateStatus(certificate, certificate.is_valid(today), days, days < 0, 0 <= days <= first)


def dashboard_context(membership, today=None):
    """For the dashboard card: the latest certificate and its days left (one query)."""
    if not membership.can("certificate.view"):
        return {}
    certificate = latest_certificate(membership.institution)
    return {"certificate": status(certificate, today) if certificate else None, "certificate_card": True}


# --- Recording -----------------------------------------------------------------------------

FIELDS = ["level", "awarded_on", "valid_until", "issuing_body", "reference", "notes"]


StaleCertificate = errors.StaleEdit


@dataclass
class Scan:
    name: str
    sha256: str
    size: int
    content_type: str
    original_name: str


def store_scan(upload):
    """Check an uploaded scan like an evidence file (by content) and store it content-addressed."""
    from genderseal.evidence import filetypes
    from genderseal.evidence.storage import get_store

    name = filetypes.check_name(upload.name)
    found = filetypes.detect(name, upload, upload.size)
    if not (found.content_type == "application/pdf" or found.content_type.startswith("image/")):
        raise filetypes.UploadRefused(_("%(name)s: a scanned certificate must be a PDF or an image.")
                                      % {"name": name})
    upload.seek(0)
    stored = get_store().put(upload)
    return Scan(stored.name, stored.sha256, stored.size, found.content_type, name)


def save_certificate(membership, certificate, data, *, version=None, scan=None):
    """Create or update a certificate (audited) and keep the renewal milestone in step.

    `scan`, when given, is the `Scan` from `store_scan` (checked and stored already).
    A stale `version` raises StaleCertificate.
    """
    creating = certificate is None
    certificate = certificate or Certificate(institution=membership.institution, recorded_by=membership.user)
    # "before" from the database: a bound ModelForm has already changed the instance in memory.
    stored = None if creating else Certificate.objects.get(pk=certificate.pk)
    before = None if creating else snapshot(stored, [*FIELDS, "scan_sha256"])
    data = dict(data)
    if not data.get("valid_until"):
        data["valid_until"] = default_valid_until(data["awarded_on"])
    for name in FIELDS:
        if name in data:
            setattr(certificate, name, data[name])
    if scan is not None:
        certificate.scan_name, certificate.scan_sha256, certificate.scan_size = scan.name, scan.sha256, scan.size
        certificate.scan_content_type, certificate.scan_original_name = scan.content_type, scan.original_name
    with transaction.atomic():
        if creating:
            certificate.save()
        else:
            values = {k: getattr(certificate, k) for k in FIELDS}
            values.update({k: getattr(certificate, k) for k in ("scan_name", "scan_sha256", "scan_size",
                                                               "scan_content_type", "scan_original_name")})
            values["updated_at"] = timezone.now()
            from django.db.models import F

            updated = Certificate.objects.filter(pk=certificate.pk, version=version or stored.version).update(
                version=F("version") + 1, **values)
            if not updated:
                raise StaleCertificate(_("Someone else saved this certificate in the meantime: reload the page "
                                         "and make your change again."))
            certificate.refresh_from_db()
        record(f"certificate.{'create' if creating else 'update'}", str(certificate),
               institution=membership.institution, actor=membership.user,
               ref=f"readiness.certificate:{certificate.pk}", before=before,
               after=snapshot(certificate, [*FIELDS, "scan_sha256"]))
        keep_milestones(membership, certificate)
    return certificate


def keep_milestones(membership, certificate):
    """The award milestone is done on the award date; one open renewal milestone runs up to expiry.

    The renewal milestone starts at the first reminder threshold (180 days before expiry by
    default) and ends the day before the certificate expires. Only the latest certificate moves it.
    """
    latest = latest_certificate(certificate.institution)
    if latest is None or latest.pk != certificate.pk:
        return
    milestones = Milestone.objects.filter(institution=certificate.institution)
    award = milestones.filter(kind=MilestoneKind.AWARD).order_by("-pk").first()
    if award is not None and (award.is_open or award.due_on is None):
        _move(membership, award, due_on=certificate.awarded_on, ends_on=None, status=MilestoneStatus.DONE)
    lead = max(reminder_days(), default=0)
    due_on = max(certificate.awarded_on, certificate.valid_until - timedelta(days=lead))
    ends_on = certificate.valid_until - timedelta(days=1)
    renewal = milestones.filter(kind=MilestoneKind.RENEWAL, status__in=OPEN_STATUSES).order_by("-pk").first()
    if renewal is None:
        renewal = Milestone(institution=certificate.institution, kind=MilestoneKind.RENEWAL,
                            title_th="ต่ออายุตรารับรองความเสมอภาคทางเพศ (ตรามีอายุ 3 ปี)",
                            title_en="Renewal of the Gender Equality Seal (valid 3 years)",
                            owner_unit=award.owner_unit if award else None)
    _move(membership, renewal, due_on=due_on, ends_on=ends_on, status=renewal.status or MilestoneStatus.PLANNED)


def _move(membership, milestone, **values):
    creating = milestone.pk is None
    before = snapshot(milestone, values)
    for name, value in values.items():
        setattr(milestone, name, value)
    after = snapshot(milestone, values)
    if not creating and not any(diff(before, after)):
        return
    milestone.save()
    record(f"milestone.{'create' if creating else 'update'}", str(milestone), institution=milestone.institution,
           actor=membership.user if membership else None, ref=f"readiness.milestone:{milestone.pk}",
           before=None if creating else before, after=after)


# --- Renewal reminders ---------------------------------------------------------------------

def due_certificates(today, until=None):
    """A reminder to the secretariat when the current certificate crosses 180/90/30 days before expiry.

    Three queries whatever the number of institutions: current certificates, the secretariat,
    and the reminders already sent for certificates. Each threshold is sent once per person
    (keys `certificate:<pk>:<days>`); when several thresholds were crossed since the last run
    only the nearest is sent.
    """
    from django.db.models import Max
    from django.urls import reverse

    from genderseal.core.models import Membership, Role
    from genderseal.notifications.models import Notification
    from genderseal.notifications.reminders import Due

    thresholds = reminder_days()
    if not thresholds:
        return
    # The latest award per institution; only a certificate still valid today can be due.
    latest = dict(Certificate.objects.values("institution_id").annotate(last=Max("awarded_on"))
                  .values_list("institution_id", "last"))
    rows = [c for c in Certificate.objects.filter(valid_until__gte=today, awarded_on__lte=today,
                                                  valid_until__lte=today + timedelta(days=max(thresholds)))
            .select_related("institution").order_by("institution_id", "-awarded_on", "-pk")
            if latest.get(c.institution_id) == c.awarded_on]
    if not rows:
        return
    secretariat = {}
    for institution_id, user_id in Membership.objects.filter(
            role=Role.SECRETARIAT, is_active=True, institution_id__in={c.institution_id for c in rows}).values_list(
            "institution_id", "user_id"):
        secretariat.setdefault(institution_id, []).append(user_id)
    prefix = f"reminder:{SOURCE}:certificate:"
    sent = set()
    for user_id, key in Notification.objects.filter(key__startswith=prefix).values_list("recipient_id", "key"):
        pk, days = key[len(prefix):].split(":")[:2]
        sent.add((user_id, int(pk), int(days)))
    seen = set()
    for certificate in rows:
        if certificate.institution_id in seen:  # an older certificate awarded the same day
            continue
        seen.add(certificate.institution_id)
        left = certificate.days_left(today)
        crossed = [t for t in thresholds if left <= t]
        if not crossed:
            continue
        target = min(crossed)
        recipients = tuple(u for u in secretariat.get(certificate.institution_id, [])
                           if not any((u, certificate.pk, t) in sent for t in thresholds if t <= target))
        if recipients:
            yield Due(key=f"certificate:{certificate.pk}:{target}", institution_id=certificate.institution_id,
                      recipient_ids=recipients, kind="certificate_expiry",
                      params={"days": left, "due": certificate.valid_until.isoformat()},
                      link=reverse("certificate-list", args=[certificate.institution.slug]))


def register():
    from django.apps import apps

    if not apps.is_installed("genderseal.notifications"):
        return
    from genderseal.notifications import reminders
    from genderseal.notifications.messages import register_message

    register_message("certificate_expiry", _("The Gender Equality Seal certificate expires on %(due)s "
                                             "(%(days)s days left): plan its renewal."))
    reminders.register(SOURCE, due_certificates)
