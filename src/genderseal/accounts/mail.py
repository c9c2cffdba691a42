"""Mail about people, in the institution's language: invitations. Subjects are one line."""
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from genderseal.core.audit import record
from genderseal.core.models import AuditEvent, Membership, Role


def one_line(text, limit=150):
    return " ".join((text or "").split())[:limit]


def send_invitation(invitation, url):
    with translation.override(invitation.institution.default_language or "th"):
        context = {"invitation": invitation, "institution": invitation.institution, "url": url,
                   "inviter": invitation.invited_by, "days": settings.INVITATION_DAYS}
        subject = one_line(render_to_string("accounts/mail/invitation_subject.txt", context))
        body = render_to_string("accounts/mail/invitation.txt", context)
    EmailMessage(subject, body, to=[invitation.email]).send(fail_silently=False)


def send_new_invitation_request(invitation, message=""):
    """The invitee of a used or expired link asks for a new one: the institution's secretariat is told."""
    institution = invitation.institution
    ref = f"accounts.invitation:{invitation.pk}"
    if AuditEvent.objects.filter(action="member.invite_requested", ref=ref,
                                 at__gte=timezone.now() - timedelta(days=1)).exists():
        return  # once a day per invitation: a link cannot be used to flood the secretariat's mailbox
    emails = sorted({e for e in Membership.objects.filter(institution=institution, role=Role.SECRETARIAT,
                                                           is_active=True).values_list("user__email", flat=True) if e})
    record("member.invite_requested", invitation.email, institution=institution,
           ref=ref, message=one_line(message, 500))
    if not emails:
        return
    with translation.override(institution.default_language or "th"):
        context = {"invitation": invitation, "institution": institution, "message": message,
                   "url": settings.SITE_URL.rstrip("/") + reverse("members", args=[institution.slug])}
        subject = one_line(render_to_string("accounts/mail/request_subject.txt", context))
        body = render_to_string("accounts/mail/request.txt", context)
    EmailMessage(subject, body, to=emails).send(fail_silently=True)
