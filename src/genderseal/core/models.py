"""Institutions (the tenant), their unit tree, members and roles, and the audit trail."""
import hashlib
import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized:
    """`obj.t("title")` picks title_th or title_en by the active language."""

    def t(self, field):
        language = (get_language() or "th")[:2]
        first, second = ("en", "th") if language == "en" else ("th", "en")
        return getattr(self, f"{field}_{first}") or getattr(self, f"{field}_{second}")


class ScopedQuerySet(models.QuerySet):
    """Every query for institution data goes through `.for_member(membership)`."""

    def for_member(self, membership):
        from .scoping import scope

        return scope(self, membership)


class Institution(Localized, models.Model):
    slug = models.SlugField(_("short name"), unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    # Printed on the cover of documents and at the head of memos; none by default (the secretariat uploads it).
    emblem = models.ImageField(_("emblem"), upload_to="emblems/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Settings the secretariat edits (accounts/): the language of its mail and new members, the frameworks it uses.
    default_language = models.CharField(_("default language"), max_length=8, choices=settings.LANGUAGES,
                                        default="th")
    frameworks = models.ManyToManyField("standards.Framework", blank=True, related_name="institutions",
                                        verbose_name=_("frameworks used"))
    # Archived by the platform administrator: its pages and API answer 404 to its members.
    archived_at = models.DateTimeField(null=True, blank=True)

    institution_path = "pk"

    class Meta:
        verbose_name = _("institution")
        ordering = ["slug"]

    def __str__(self):
        return self.t("name")

    @property
    def name(self):
        return self.t("name")


unit_code_validator = RegexValidator(r"^\d{8}$", _("A unit code is 8 digits."))


class OrgUnit(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="units")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(_("unit code"), max_length=8, validators=[unit_code_validator])
    abbreviation = models.CharField(_("abbreviation"), max_length=32, blank=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("unit")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="unit_code_unique")]

    def __str__(self):
        return self.abbreviation or self.t("name")

    @property
    def name(self):
        return self.t("name")

    @property
    def choice_label(self):
        """How a unit reads in a list to pick from: its name, then its abbreviation (never its code)."""
        name, short = self.t("name"), self.abbreviation
        return f"{name} ({short})" if short and short not in name else name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Programme secretariat")
    FOCAL_POINT = "focal_point", _("Unit focal point")
    COMMITTEE = "committee", _("Committee member")
    ASSESSOR = "assessor", _("Assessor")


class Membership(models.Model):
    """A user's role in one institution; focal points act for their units only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="members")
    # A deactivated member (left the institution) keeps their history but reaches nothing here.
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    institution_path = "institution"  # the members page lists the institution's memberships

    class Meta:
        verbose_name = _("membership")
        constraints = [models.UniqueConstraint(fields=["user", "institution"], name="one_role_per_institution")]

    def __str__(self):
        return f"{self.user} @ {self.institution.slug} ({self.role})"

    def can(self, action):
        from .permissions import allowed

        return allowed(self.role, action)


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="th")
    thai_digits = models.BooleanField(_("show Thai digits"), default=False)


class ApiTokenQuerySet(ScopedQuerySet):
    def working(self, now=None):
        from django.utils import timezone

        return self.filter(revoked_at=None, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A bearer token for the API, held by one member of one institution; only its hash is stored.

    It acts only within its membership's institution, with that member's role, until it expires or
    is revoked (then the API answers 401). The member lists and revokes their own tokens; the
    secretariat lists and revokes every token of its institution (accounts/views/token.py).
    """

    DEFAULT_DAYS = 90
    DAYS = (30, 90, 180, 365)

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("what it is for"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ApiTokenQuerySet.as_manager()
    institution_path = "membership__institution"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.name

    @staticmethod
    def hash(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, holder, name, days=DEFAULT_DAYS):
        """A new token for a membership (a user: their first active membership); the key, shown once."""
        from datetime import timedelta

        from django.utils import timezone

        membership = holder if isinstance(holder, Membership) else (
            Membership.objects.filter(user=holder, is_active=True).order_by("pk").first())
        if membership is None:
            raise ValueError(f"{holder} is a member of no institution: an API token belongs to a membership")
        key = "gs_" + secrets.token_urlsafe(32)
        cls.objects.create(membership=membership, user_id=membership.user_id, name=name, key_hash=cls.hash(key),
                           expires_at=timezone.now() + timedelta(days=days))
        return key

    @classmethod
    def restrict_for(cls, queryset, membership):
        """A member sees their own tokens here; the secretariat every token of the institution."""
        return queryset if membership.can("token.manage") else queryset.filter(membership=membership)

    def state(self, now=None):
        from django.utils import timezone

        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= (now or timezone.now()) else "active"


class AuditEvent(models.Model):
    """Who did what, kept forever: rows are only ever added."""

    institution = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    target = models.CharField(max_length=255)
    # What the event is about, for history panels: "assessments.round:7", "assessments.round:7/benchmark:12".
    ref = models.CharField(max_length=255, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["-at"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit events are never deleted")
