"""The verbs of notifications: notify, deliver by email, daily digests, mark read.

Services never read the request; `now` is passed in (a fake clock in tests).
"""
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from genderseal.core.mail import header_line
from genderseal.core.models import Membership, Profile, Role

from .models import Delivery, Notification, NotificationPreference


def members(institution, role, units=None):
    """User ids of the institution's members in a role; with `units`, only members of those units."""
    rows = Membership.objects.filter(institution=institution, role=role, is_active=True)
    if units is not None:
        rows = rows.filter(units__in=units)
    return set(rows.values_list("user_id", flat=True).distinct())


def focal_points(institution, units):
    return members(institution, Role.FOCAL_POINT, units=[u for u in units if u is not None])


def notify(recipients, institution, kind, *, params=None, link="", actor=None, now=None):
    """One inbox message per recipient (never to the actor), then mail for those who want it at once."""
    now = now or timezone.now()
    actor_id = getattr(actor, "pk", None)
    rows = Notification.objects.bulk_create(
        Notification(recipient_id=user_id, institution=institution, kind=kind, params=params or {}, link=link,
                     created_at=now)
        for user_id in sorted(set(recipients))
        if user_id != actor_id
    )
    ids = [n.pk for n in rows if n.pk is not None]
    if ids:
        enqueue_delivery(ids, now)
    return rows


def enqueue_delivery(ids, now=None):
    from .tasks import deliver

    deliver.enqueue(list(ids), now.isoformat() if now else None)


def _preferences(user_ids):
    """{user id: (delivery, language, email)} in two queries."""
    prefs = dict(NotificationPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "delivery"))
    languages = dict(Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "language"))
    return prefs, languages


def _absolute(link):
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return base + link if link and base else link


def _email(recipient, language, notifications, subject_single):
    with translation.override(language):
        if len(notifications) == 1 and subject_single:
            subject = _("[Gender Equality Seal] %(text)s") % {"text": notifications[0].text}
        else:
            subject = ngettext("[Gender Equality Seal] %(count)d new message",
                               "[Gender Equality Seal] %(count)d new messages",
                               len(notifications)) % {"count": len(notifications)}
        body = "\n\n".join(f"- {n.text}\n  {_absolute(n.link)}".rstrip() for n in notifications)
    return EmailMessage(header_line(subject), body, to=[recipient.email])


def deliver(ids, *, now=None):
    """Email the given notifications to recipients who chose immediate mail; one email per recipient."""
    now = now or timezone.now()
    rows = list(Notification.objects.filter(pk__in=ids, emailed_at=None).select_related("recipient"))
    prefs, languages = _preferences({n.recipient_id for n in rows})
    by_user = defaultdict(list)
    for n in rows:
        if prefs.get(n.recipient_id, Delivery.IMMEDIATE) == Delivery.IMMEDIATE and n.recipient.email:
            by_user[n.recipient_id].append(n)
    return _send(by_user, languages, now, subject_single=True)


def _send(by_user, languages, now, subject_single):
    messages, sent_ids = [], []
    for notifications in by_user.values():
        recipient = notifications[0].recipient
        messages.append(_email(recipient, languages.get(recipient.pk, "th"), notifications, subject_single))
        sent_ids += [n.pk for n in notifications]
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=sent_ids).update(emailed_at=now)
    return len(messages)


def send_summaries(by_user, languages, *, limit):
    """One email per reader from plain rows {user id: [(kind, params, link)]}: the first `limit` lines, then a count."""
    from django.contrib.auth import get_user_model

    from .messages import render

    emails = dict(get_user_model().objects.filter(pk__in=list(by_user)).values_list("pk", "email"))
    messages = []
    for user_id, items in by_user.items():
        with translation.override(languages.get(user_id, "th")):
            subject = ngettext("[Gender Equality Seal] %(count)d reminder", "[Gender Equality Seal] %(count)d reminders",
                               len(items)) % {"count": len(items)}
            lines = [f"- {render(kind, params)}\n  {_absolute(link)}".rstrip() for kind, params, link in items[:limit]]
            if len(items) > limit:
                lines.append(_("…and %(count)d more in your inbox.") % {"count": len(items) - limit})
        messages.append(EmailMessage(header_line(subject), "\n\n".join(lines), to=[emails[user_id]]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def send_digests(*, now=None):
    """One email per digest reader with everything not yet mailed; returns how many emails were sent."""
    now = now or timezone.now()
    digest_readers = NotificationPreference.objects.filter(user_id=OuterRef("recipient_id"), delivery=Delivery.DIGEST)
    rows = (Notification.objects.filter(emailed_at=None, created_at__lte=now, recipient__email__gt="")
            .filter(Exists(digest_readers)).select_related("recipient").order_by("recipient_id", "created_at"))
    by_user = defaultdict(list)
    for n in rows:
        by_user[n.recipient_id].append(n)
    _, languages = _preferences(set(by_user))
    return _send(by_user, languages, now, subject_single=False)


def set_delivery(user, delivery):
    NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": delivery})


def delivery_of(user):
    pref = NotificationPreference.objects.filter(user=user).values_list("delivery", flat=True).first()
    return pref or Delivery.IMMEDIATE


def mark_read(membership, ids=None, *, now=None):
    """Mark the member's notifications read: the given ones, or all of them."""
    rows = Notification.objects.for_member(membership).unread()
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=now or timezone.now())


def unread_count(membership):
    return Notification.objects.for_member(membership).unread().count()
