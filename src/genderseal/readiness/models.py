"""The run-up to the external assessment: milestones, the question bank and interview sessions."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, Localized, OrgUnit, ScopedQuerySet
from genderseal.standards.models import Benchmark, Dimension


class MilestoneKind(models.TextChoices):
    ENGAGE = "engage", _("Engage")
    BASELINE = "baseline", _("Baseline self-assessment")
    ACTION_PLAN = "action_plan", _("Action plan")
    SUBMISSION = "submission", _("Submission of evidence")
    EXTERNAL = "external_assessment", _("External assessment")
    RESULT = "result", _("Result")
    AWARD = "award", _("Award")
    RENEWAL = "renewal", _("Renewal")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)


class MilestoneQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Milestone(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(_("stage"), max_length=24, choices=MilestoneKind.choices)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    due_on = models.DateField(_("date"), null=True, blank=True, help_text=_("Leave empty while not yet scheduled."))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    owner_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="milestones",
                                   verbose_name=_("owner unit"))
    status = models.CharField(_("status"), max_length=16, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.PLANNED)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("milestone")
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["institution", "status", "due_on"])]

    def __str__(self):
        return self.t("title")

    @property
    def title(self):
        return self.t("title")

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and (self.ends_on or self.due_on) < today


class Question(Localized, models.Model):
    """A question assessors tend to ask and the institution's agreed line of answer."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="questions")
    dimension = models.ForeignKey(Dimension, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("dimension"), help_text=_("Leave empty for general questions."))
    order = models.PositiveIntegerField(_("order"), default=0)
    # The heading a question is filed under besides its dimension, as the seed's table has
    # "ประเด็นที่ UN มักถาม" (issues the UN often raises).
    group_th = models.CharField(_("group (Thai)"), max_length=200, blank=True,
                                help_text=_("e.g. ประเด็นที่ UN มักถาม; leave empty to file it under its dimension."))
    group_en = models.CharField(_("group (English)"), max_length=200, blank=True)
    question_th = models.TextField(_("question (Thai)"))
    question_en = models.TextField(_("question (English)"), blank=True)
    answer_th = models.TextField(_("agreed answer (Thai)"), blank=True)
    answer_en = models.TextField(_("agreed answer (English)"), blank=True)
    author_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("answer written by"))
    benchmarks = models.ManyToManyField(Benchmark, blank=True, related_name="+", verbose_name=_("benchmarks"))
    evidence = models.ManyToManyField("evidence.Evidence", blank=True, related_name="questions",
                                      verbose_name=_("evidence"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("interview question")
        ordering = ["dimension__order", "order", "pk"]

    def __str__(self):
        return self.t("question")

    @property
    def question(self):
        return self.t("question")

    @property
    def answer(self):
        return self.t("answer")

    @property
    def group(self):
        return self.t("group")


class InterviewSession(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="interview_sessions")
    number = models.PositiveIntegerField(_("number"))
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=500, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    dimensions = models.ManyToManyField(Dimension, blank=True, related_name="+", verbose_name=_("dimensions"))
    benchmarks = models.ManyToManyField(Benchmark, blank=True, related_name="+", verbose_name=_("benchmarks"))
    assessors = models.TextField(_("assessors present"), blank=True, help_text=_("One per line."))

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("interview session")
        ordering = ["held_on", "starts_at", "number"]
        constraints = [models.UniqueConstraint(fields=["institution", "number"], name="interview_number_unique")]

    def __str__(self):
        return self.t("title")

    @property
    def title(self):
        return self.t("title")

    @property
    def assessor_list(self):
        return [line.strip() for line in self.assessors.splitlines() if line.strip()]


class Interviewee(models.Model):
    """Who is interviewed in a session: by role and unit, and the user account when they have one."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="interviewees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=255)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))

    objects = ScopedQuerySet.as_manager()
    institution_path = "session__institution"

    class Meta:
        verbose_name = _("interviewee")
        ordering = ["session", "pk"]

    def __str__(self):
        return self.name or self.role


class Certificate(models.Model):
    """The Seal level an institution was awarded, from when and until when (3 years by default)."""

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="certificates")
    level = models.ForeignKey("standards.Level", on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"), help_text=_("Leave empty for the usual three years."))
    issuing_body = models.CharField(_("issuing body"), max_length=255, default="UNDP")
    reference = models.CharField(_("reference"), max_length=255, blank=True,
                                 help_text=_("The certificate's number or the letter that announced it."))
    notes = models.TextField(_("notes"), blank=True)
    # The scanned certificate, stored like evidence files: content-addressed, with its sha256.
    scan_name = models.CharField(max_length=100, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    scan_size = models.PositiveBigIntegerField(null=True, blank=True)
    scan_content_type = models.CharField(max_length=100, blank=True)
    scan_original_name = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # refuses stale edits

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("certificate")
        ordering = ["-awarded_on", "-pk"]
        indexes = [models.Index(fields=["institution", "awarded_on"])]
        constraints = [models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("awarded_on")),
                                              name="certificate_valid_after_award")]

    def __str__(self):
        return f"{self.level} ({self.awarded_on.isoformat()})"

    def days_left(self, today=None):
        return (self.valid_until - (today or timezone.localdate())).days

    def is_valid(self, today=None):
        today = today or timezone.localdate()
        return self.awarded_on <= today <= self.valid_until
