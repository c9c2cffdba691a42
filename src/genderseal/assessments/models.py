"""Assessment rounds and the one result per benchmark each round holds."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, OrgUnit, Role, ScopedQuerySet
from genderseal.standards.models import Benchmark, Framework


class RoundKind(models.TextChoices):
    SELF = "self", _("Self-assessment")
    UNDP_REVIEW = "undp_review", _("UNDP review")
    EXTERNAL = "external", _("External assessment")


# Rounds an outside assessor acts on: each is assigned to named assessors (assessors.AssessorAssignment).
ASSESSED_KINDS = (RoundKind.UNDP_REVIEW, RoundKind.EXTERNAL)


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    CLOSED = "closed", _("Closed")


# open -> submitted -> reviewed -> closed; a closed round is read-only.
NEXT_STATUS = {
    RoundStatus.OPEN: RoundStatus.SUBMITTED,
    RoundStatus.SUBMITTED: RoundStatus.REVIEWED,
    RoundStatus.REVIEWED: RoundStatus.CLOSED,
}


class ResultState(models.TextChoices):
    """Review workflow of one result: draft -> submitted -> approved | returned (-> submitted ...)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class RoundQuerySet(ScopedQuerySet):
    pass


class AssessmentRound(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="rounds")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveIntegerField(_("round number"))
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    result_on = models.DateField(_("result on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Committee sign-off: every result approved, then the round locks (read-only until unlocked).
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("assessment round")
        ordering = ["institution", "number"]
        constraints = [models.UniqueConstraint(fields=["institution", "number"], name="round_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @classmethod
    def restrict_for(cls, queryset, membership):
        # Assessors read the rounds assigned to them once submitted, never a draft, never another round.
        # Everything read through a round (results, evidence, exports, documents, the API) inherits this.
        if membership.role == Role.ASSESSOR:
            return queryset.exclude(status=RoundStatus.OPEN).filter(
                kind__in=ASSESSED_KINDS, assessor_assignments__user=membership.user_id)
        return queryset

    @property
    def is_closed(self):
        return self.status == RoundStatus.CLOSED

    @property
    def is_locked(self):
        return self.locked_at is not None

    @property
    def is_read_only(self):
        """Closed or signed off and locked: nothing in it may change."""
        return self.is_closed or self.is_locked

    @property
    def date(self):
        """The date that best places the round on a timeline."""
        return self.result_on or self.ends_on or self.submitted_on or self.starts_on


class ResultQuerySet(ScopedQuerySet):
    pass


class BenchmarkResult(models.Model):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="results")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="results")
    result_code = models.CharField(_("result"), max_length=32, blank=True)  # blank = not rated yet
    assessor_comment = models.TextField(_("assessor comment"), blank=True)
    response = models.TextField(_("institution's response"), blank=True)
    # "ข้อคิดเห็นและเสนอแนะเพิ่มเติมจาก กยช.": the working group's comments and suggestions on the account.
    working_group_comment = models.TextField(_("working group's comments and suggestions"), blank=True)
    lead_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="led_results",
                                  verbose_name=_("lead unit"))
    # The lead unit and the units supporting it.
    responsible_units = models.ManyToManyField(OrgUnit, blank=True, related_name="results",
                                               verbose_name=_("responsible units"))
    version = models.PositiveIntegerField(default=1)  # refuses stale edits
    state = models.CharField(_("review state"), max_length=16, choices=ResultState.choices,
                             default=ResultState.DRAFT, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_comment = models.TextField(_("reason for returning"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResultQuerySet.as_manager()
    institution_path = "round__institution"

    class Meta:
        verbose_name = _("benchmark result")
        constraints = [models.UniqueConstraint(fields=["round", "benchmark"], name="one_result_per_benchmark")]
        # A round's results in one review state (the review queue, the count next to my work): without it
        # a database may read every institution's results in that state.
        indexes = [models.Index(fields=["round", "state"], name="result_round_state_idx")]

    @classmethod
    def restrict_for(cls, queryset, membership):
        rounds = AssessmentRound.objects.all()
        seen = AssessmentRound.restrict_for(rounds, membership)
        if seen is rounds:
            return queryset  # every round: no subquery
        queryset = queryset.filter(round__in=seen)
        if membership.role == Role.ASSESSOR:
            # While a round is under assessment an assessor reads only what the institution sent for
            # review or approved, never a draft or a returned answer (the workspace's rule, on every page,
            # file and API). A reviewed or closed round is the record of what was assessed: all of it.
            queryset = queryset.exclude(round__status=RoundStatus.SUBMITTED,
                                        state__in=(ResultState.DRAFT, ResultState.RETURNED))
        return queryset

    def __str__(self):
        return f"{self.round} {self.benchmark.code}: {self.result_code or '-'}"

    def audit_key(self):
        return f"{self.round.number}/{self.benchmark.code}"

    def audit_label(self):
        return self.benchmark.t("title")


class ResultContribution(models.Model):
    """One responsible unit's part of the institution's account of a benchmark in a round (the seed's
    evidence tables: "ข้อมูลที่สำนักงาน ก.ก. จัดทำ", written from each unit's contribution)."""

    result = models.ForeignKey(BenchmarkResult, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    text = models.TextField(_("contribution"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "result__round__institution"

    class Meta:
        ordering = ["unit__code"]
        constraints = [models.UniqueConstraint(fields=["result", "unit"], name="one_contribution_per_unit")]

    def audit_key(self):
        return f"{self.result.benchmark.code}/{self.unit}"
