"""Committees and working groups, their seats and meetings, action items, and unit-tree imports.

The unit tree itself (OrgUnit) lives in core; its verbs (import, retire) are in services.py.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, Localized, OrgUnit, Role, ScopedQuerySet
from genderseal.standards.models import Benchmark


class BodyKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    WORKING_GROUP = "working_group", _("Working group")


class Body(Localized, models.Model):
    """A committee or working group, appointed by an order; evidence for dimension 2."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="bodies")
    code = models.SlugField(_("short name"), max_length=50,
                            help_text=_("Letters, digits and hyphens; used in the page address."))
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices, default=BodyKind.COMMITTEE)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("set up by"))
    name_th = models.CharField(_("name (Thai)"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    mandate = models.TextField(_("mandate"), blank=True)
    order_number = models.CharField(_("appointing order number"), max_length=64, blank=True)
    order_date = models.DateField(_("appointing order date"), null=True, blank=True)
    order_document = models.ForeignKey("evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="appointed_bodies", verbose_name=_("signed order (evidence)"))
    benchmarks = models.ManyToManyField(Benchmark, blank=True, related_name="bodies",
                                        verbose_name=_("benchmarks it is evidence for"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("committee or working group")
        ordering = ["kind", "order_date", "code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="body_code_unique")]

    def __str__(self):
        return self.t("name")


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    ASSISTANT_SECRETARY = "assistant_secretary", _("Assistant secretary")


class Seat(models.Model):
    """A place on a body: held by a position in a unit; the person is optional."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(_("role"), max_length=24, choices=SeatRole.choices, default=SeatRole.MEMBER)
    position = models.CharField(_("position"), max_length=255, blank=True,
                                help_text=_("For example: head of the unit, Deputy Governor."))
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="seats",
                             verbose_name=_("unit"))
    person = models.CharField(_("person (optional)"), max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    institution_path = "body__institution"

    class Meta:
        verbose_name = _("seat")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.get_role_display()}: {self.position or self.unit or self.person}"


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField(_("number"))  # per body, for the page address
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("For example: meeting 1/2569."))
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes (summary)"), blank=True)
    minutes_document = models.ForeignKey("evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="minuted_meetings", verbose_name=_("minutes (evidence)"))

    objects = ScopedQuerySet.as_manager()
    institution_path = "body__institution"

    class Meta:
        verbose_name = _("meeting")
        ordering = ["-held_on", "-number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="meeting_number_unique")]

    def __str__(self):
        return self.title or f"{self.body} #{self.number}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


class ActionItemQuerySet(ScopedQuerySet):
    def pending(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, today=None):
        return self.pending().filter(due_on__lt=today or timezone.localdate())


class ActionItem(models.Model):
    """Something a unit must do, often in answer to an assessor's comment on a benchmark result."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="action_items")
    number = models.PositiveIntegerField(_("number"))  # per institution, for the page address
    result = models.ForeignKey("assessments.BenchmarkResult", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="action_items", verbose_name=_("benchmark result"))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="action_items",
                                   verbose_name=_("owner unit"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN,
                              db_index=True)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    progress_note = models.TextField(_("progress note"), blank=True)
    evidence = models.ManyToManyField("evidence.Evidence", blank=True, related_name="action_items",
                                      verbose_name=_("evidence it produced"))
    version = models.PositiveIntegerField(default=1)  # refuses stale edits
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("action item")
        ordering = ["due_on", "number"]
        constraints = [models.UniqueConstraint(fields=["institution", "number"], name="action_item_number_unique")]
        indexes = [models.Index(fields=["institution", "status", "due_on"]),
                   models.Index(fields=["owner_unit", "status"])]

    def __str__(self):
        return f"#{self.number} {self.title}"

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    def is_overdue(self, today=None):
        return not self.is_closed and self.due_on is not None and self.due_on < (today or timezone.localdate())

    def owned_by(self, membership):
        return membership.role == Role.FOCAL_POINT and any(u.pk == self.owner_unit_id for u in membership.units.all())


class UnitImport(models.Model):
    """One upload or command run of the unit tree: what came in and how it ended."""

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        REFUSED = "refused", _("Refused")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="unit_imports")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["-at", "-pk"]
