"""The verbs of institutions and people: invite, accept, change, deactivate, create institutions.

Services take the acting user or membership (never the request), raise `PeopleError` with a
message for the user and record every change in the audit trail. No reply here tells whether an
e-mail address has an account anywhere: an invitation is sent the same way for everyone, and an
existing user joins only by signing in and accepting.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.core import errors
from genderseal.core.audit import record
from genderseal.core.models import Institution, Membership, OrgUnit, Profile, Role

from .models import Invitation


class PeopleError(errors.Invalid):
    """A refused change, with a message for the user (400 unless a subclass says otherwise)."""


def is_platform_admin(user):
    """The platform administrator (the demo's `admin`): a staff user; creates and archives institutions."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def normal_email(email):
    return (email or "").strip().lower()


def member_ref(membership):
    return f"core.membership:{membership.pk}"


def invitation_url(token, base_url=None):
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("invitation", args=[token])


# --- Invitations ---------------------------------------------------------------------------------

def _check_units(institution, role, units):
    units = list(units or ())
    if role not in Role.values:
        raise PeopleError(_("Choose a role."))
    if any(unit.institution_id != institution.pk for unit in units):
        raise PeopleError(_("Choose units of this institution."))
    if role == Role.FOCAL_POINT and not units:
        raise PeopleError(_("A unit focal point needs at least one unit."))
    return units


def _existing_member(institution, email):
    return (Membership.objects.filter(institution=institution, user__email__iexact=email)
            .select_related("user").first())


def invite(institution, email, role, units=(), *, actor=None, base_url=None, send=True):
    """Invite `email` to the institution with a role (and units for focal points): (invitation, token).

    A pending invitation to the same address is updated and re-sent with a new link (the old one
    stops working), never duplicated. The reply is the same whether the address has an account
    elsewhere or not; a member of this institution already is refused (the secretariat sees its
    members anyway).
    """
    email = normal_email(email)
    if not email or "@" not in email:
        raise PeopleError(_("Enter a valid e-mail address."))
    units = _check_units(institution, role, units)
    existing = _existing_member(institution, email)
    if existing is not None:
        if existing.is_active:
            raise PeopleError(_("%(email)s is already a member of this institution.") % {"email": email})
        raise PeopleError(_("%(email)s is a deactivated member of this institution: reactivate them instead.")
                          % {"email": email})
    token = Invitation.new_token()
    now = timezone.now()
    expires = now + timedelta(days=settings.INVITATION_DAYS)
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update().pending()
                      .filter(institution=institution, email=email).first())
        if invitation is None:
            invitation = Invitation.objects.create(
                institution=institution, email=email, role=role, token_hash=Invitation.hash(token), sent_at=now,
                expires_at=expires, invited_by=actor if actor is not None and actor.is_authenticated else None)
            action, before = "member.invite", {}
        else:
            before = {"role": invitation.role, "units": sorted(u.code for u in invitation.units.all())}
            invitation.role, invitation.token_hash, invitation.sent_at = role, Invitation.hash(token), now
            invitation.expires_at, invitation.times_sent = expires, invitation.times_sent + 1
            invitation.save()
            action = "member.invite_again"
        invitation.units.set(units)
        record(action, email, institution=institution, actor=actor, ref=f"accounts.invitation:{invitation.pk}",
               before=before, after={"role": role, "units": sorted(u.code for u in units)},
               times_sent=invitation.times_sent)
        if send:
            url = invitation_url(token, base_url)
            transaction.on_commit(lambda: _send(invitation, url))
    return invitation, token


def _send(invitation, url):
    """Mail the invitation; a mail failure is logged, not raised (the invitation stands and can be sent again)."""
    import logging

    from .mail import send_invitation

    try:
        send_invitation(invitation, url)
    except Exception:  # SMTP down or refusing: the secretariat sends it again from the members page
        logging.getLogger(__name__).exception("invitation mail to %s failed", invitation.email)


def revoke(membership, invitation):
    with transaction.atomic():
        changed = Invitation.objects.pending().filter(pk=invitation.pk).update(revoked_at=timezone.now())
        if changed:
            record("member.invite_revoke", invitation.email, institution=invitation.institution,
                   actor=membership.user, ref=f"accounts.invitation:{invitation.pk}",
                   before={"state": "pending"}, after={"state": "revoked"})
    return bool(changed)


def find(token):
    """The invitation a link names (in any state), or None."""
    if not token or len(token) > 200:
        return None
    return (Invitation.objects.select_related("institution", "invited_by")
            .filter(token_hash=Invitation.hash(token)).first())


def _claim(invitation, user):
    """Use the invitation once: one conditional UPDATE, so two tabs cannot both accept it."""
    now = timezone.now()
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None,
                                        expires_at__gt=now).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise PeopleError(_("This invitation can no longer be used."))


def _join(invitation, user):
    if Membership.objects.filter(institution=invitation.institution, user=user).exists():
        raise PeopleError(_("You are already a member of %(institution)s.") % {
            "institution": invitation.institution.name})
    membership = Membership.objects.create(user=user, institution=invitation.institution, role=invitation.role,
                                           joined_at=timezone.now())
    membership.units.set(invitation.units.all())
    record("member.join", user.username, institution=invitation.institution, actor=user, ref=member_ref(membership),
           before={}, after={"user": user.username, "role": invitation.role,
                             "units": sorted(u.code for u in invitation.units.all())},
           invitation=invitation.pk)
    return membership


def accept(token, user):
    """A signed-in user accepts: they become a member with the invitation's role and units."""
    invitation = find(token)
    if invitation is None or invitation.state != "valid":
        raise PeopleError(_("This invitation can no longer be used."))
    with transaction.atomic():
        _claim(invitation, user)
        membership = _join(invitation, user)
        if not user.email:
            user.email = invitation.email
            user.save(update_fields=["email"])
    return membership


def accept_new(token, *, full_name, password, username=None):
    """A new person sets their name and password: their account is created and they join."""
    invitation = find(token)
    if invitation is None or invitation.state != "valid":
        raise PeopleError(_("This invitation can no longer be used."))
    User = get_user_model()
    username = (username or invitation.email).strip()
    taken = User.objects.filter(email__iexact=invitation.email).exists() or \
        User.objects.filter(username__iexact=username).exists()
    if taken:  # only the holder of the link (the mailbox's owner) reads this
        raise PeopleError(_("An account with this e-mail address exists already: sign in to accept the invitation."))
    user = User(username=username, email=invitation.email, first_name=full_name.strip()[:150])
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        Profile.objects.get_or_create(user=user, defaults={"language": invitation.institution.default_language})
        _claim(invitation, user)
        membership = _join(invitation, user)
    return membership


# --- Members -------------------------------------------------------------------------------------

def _others_secretariat(member):
    return (Membership.objects.filter(institution=member.institution_id, role=Role.SECRETARIAT, is_active=True)
            .exclude(pk=member.pk).exists())


def _guard_last_secretariat(member):
    if member.role == Role.SECRETARIAT and member.is_active and not _others_secretariat(member):
        raise PeopleError(_("%(name)s is the last programme secretariat of this institution: give another member "
                            "that role first.") % {"name": member.user.get_full_name() or member.user.username})


def _lock(member):
    return (Membership.objects.select_for_update().select_related("user", "institution")
            .get(pk=member.pk))


def change_member(membership, member, *, role, units=()):
    """Change a member's role and (for focal points) units."""
    units = _check_units(member.institution, role, units)
    with transaction.atomic():
        member = _lock(member)
        before = {"role": member.role, "units": sorted(u.code for u in member.units.all())}
        after = {"role": role, "units": sorted(u.code for u in units)}
        if before == after:
            return member
        if role != Role.SECRETARIAT:
            _guard_last_secretariat(member)
        member.role = role
        member.save(update_fields=["role"])
        member.units.set(units)
        record("member.change", member.user.username, institution=member.institution, actor=membership.user,
               ref=member_ref(member), before=before, after=after)
    return member


def sign_out_everywhere(user):
    """Delete every session of the user (database sessions): signed out at once on every device."""
    key = str(user.pk)
    doomed = [s.session_key for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
              if s.get_decoded().get("_auth_user_id") == key]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def deactivate(membership, member):
    """The member left: they reach nothing of this institution, are signed out and their API tokens stop."""
    with transaction.atomic():
        member = _lock(member)
        if not member.is_active:
            return member
        _guard_last_secretariat(member)
        member.is_active = False
        member.save(update_fields=["is_active"])
        record("member.deactivate", member.user.username, institution=member.institution, actor=membership.user,
               ref=member_ref(member), before={"active": True}, after={"active": False})
    sign_out_everywhere(member.user)
    return member


def reactivate(membership, member):
    with transaction.atomic():
        member = _lock(member)
        if member.is_active:
            return member
        member.is_active = True
        member.save(update_fields=["is_active"])
        record("member.reactivate", member.user.username, institution=member.institution, actor=membership.user,
               ref=member_ref(member), before={"active": False}, after={"active": True})
    return member


def create_platform_admin(username, *, email="", password, full_name=""):
    """A platform administrator (no institution): creates and archives institutions, loads frameworks."""
    User = get_user_model()
    user = User(username=username, email=normal_email(email), first_name=full_name, is_staff=True)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    record("platform.admin", username, actor=None, before={}, after={"user": username, "platform_admin": True})
    return user


# --- Institutions (the platform administrator) ------------------------------------------------------

def create_institution(slug, *, name_th, name_en="", secretariat_email, actor=None, base_url=None, send=True):
    """A new institution and its first secretariat's invitation: (institution, invitation, url)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_slug

    slug = (slug or "").strip().lower()
    try:
        validate_slug(slug)
    except ValidationError:
        raise PeopleError(_("A short name is lower-case letters, digits and hyphens.")) from None
    if not (name_th or "").strip():
        raise PeopleError(_("Enter the Thai name."))
    with transaction.atomic():
        if Institution.objects.filter(slug=slug).exists():
            raise PeopleError(_("The short name %(slug)s is taken.") % {"slug": slug})
        institution = Institution.objects.create(slug=slug, name_th=name_th.strip(), name_en=(name_en or "").strip())
        record("institution.create", slug, institution=institution, actor=actor, ref=f"core.institution:{institution.pk}",
               before={}, after={"slug": slug, "name_th": institution.name_th, "name_en": institution.name_en})
        invitation, token = invite(institution, secretariat_email, Role.SECRETARIAT, actor=actor, base_url=base_url,
                                   send=send)
    return institution, invitation, invitation_url(token, base_url)


def update_institution(institution, *, actor, **fields):
    """Rename or change settings; records the fields that changed."""
    before = {k: getattr(institution, k) for k in fields}
    changed = {k: v for k, v in fields.items() if before[k] != v}
    if not changed:
        return institution
    for key, value in changed.items():
        setattr(institution, key, value)
    institution.save(update_fields=list(changed))
    record("institution.change", institution.slug, institution=institution, actor=actor,
           ref=f"core.institution:{institution.pk}", before={k: before[k] for k in changed}, after=changed)
    return institution


def set_archived(institution, archived, *, actor):
    if bool(institution.archived_at) == archived:
        return institution
    institution.archived_at = timezone.now() if archived else None
    institution.save(update_fields=["archived_at"])
    record("institution.archive" if archived else "institution.unarchive", institution.slug,
           institution=institution, actor=actor, ref=f"core.institution:{institution.pk}",
           before={"archived": not archived}, after={"archived": archived})
    return institution


def set_frameworks(institution, frameworks, *, actor):
    before = sorted(institution.frameworks.values_list("code", flat=True))
    after = sorted(f.code for f in frameworks)
    if before != after:
        institution.frameworks.set(frameworks)
        record("institution.change", institution.slug, institution=institution, actor=actor,
               ref=f"core.institution:{institution.pk}", before={"frameworks": before}, after={"frameworks": after})


def set_emblem(institution, upload, *, actor):
    """Store the institution's emblem (printed on documents' covers) under a name of our own."""
    import hashlib
    import os

    data = upload.read()
    extension = os.path.splitext(upload.name)[1].lower() if upload.name else ""
    name = f"{institution.slug}-{hashlib.sha256(data).hexdigest()[:12]}{extension if extension in ('.png', '.jpg', '.jpeg') else '.png'}"
    before = institution.emblem.name if institution.emblem else ""
    from django.core.files.base import ContentFile

    institution.emblem.save(name, ContentFile(data), save=True)
    record("institution.change", institution.slug, institution=institution, actor=actor,
           ref=f"core.institution:{institution.pk}", before={"emblem": before}, after={"emblem": institution.emblem.name})


def units_by_code(institution, codes):
    """Units of the institution named by code; an unknown code raises PeopleError naming it."""
    codes = [c.strip() for c in codes if c and c.strip()]
    found = {u.code: u for u in OrgUnit.objects.filter(institution=institution, code__in=codes, retired_at=None)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise PeopleError(_("No unit with the code %(code)s in this institution.") % {"code": ", ".join(missing)})
    return [found[c] for c in codes]
