"""Invitations: the one way a person joins an institution (new or existing account alike).

Only the token's hash is stored; an invitation is used once and expires. At most one pending
invitation per institution and e-mail address: inviting again re-sends it with a new link.
"""
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, OrgUnit, Role, ScopedQuerySet


class InvitationQuerySet(ScopedQuerySet):
    def pending(self):
        return self.filter(accepted_at=None, revoked_at=None)


class Invitation(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="invitations", verbose_name=_("units"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    times_sent = models.PositiveIntegerField(default=1)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["institution", "email"], condition=Q(accepted_at=None,
                                               revoked_at=None), name="one_pending_invitation_per_email")]

    def __str__(self):
        return f"{self.email} @ {self.institution.slug} ({self.role})"

    @staticmethod
    def hash(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token():
        return "inv_" + secrets.token_urlsafe(32)

    @property
    def state(self):
        if self.accepted_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "valid"
