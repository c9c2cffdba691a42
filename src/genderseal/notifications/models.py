"""The in-app inbox: one row per message to one person, and how each person wants mail."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, ScopedQuerySet


class NotificationQuerySet(ScopedQuerySet):
    def unread(self):
        return self.filter(read_at=None)


class Notification(models.Model):
    # No single-column indexes on the two keys: the inbox index below starts with the recipient, and
    # fewer indexes keep the daily reminder insert fast (docs/performance.md).
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  db_index=False)
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=32)
    # The text is rendered from kind + params in the reader's language (messages.py).
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=500, blank=True)
    # Set for messages that must not repeat, e.g. "reminder:result:12:2026-11-26".
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Mail dealt with: sent, or the reader has no address; empty = still owed (e.g. to the next digest).
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "institution", "read_at"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key")
        ]

    @classmethod
    def restrict_for(cls, queryset, membership):
        # An inbox is personal: nobody reads another person's messages.
        return queryset.filter(recipient_id=membership.user_id)

    @property
    def text(self):
        from .messages import render

        return render(self.kind, self.params)

    @property
    def is_read(self):
        return self.read_at is not None


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Email each message at once")
    DIGEST = "digest", _("One email a day (digest)")
    NONE = "none", _("No email, inbox only")


class NotificationPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    delivery = models.CharField(_("email"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE)

    def __str__(self):
        return f"{self.user}: {self.delivery}"
