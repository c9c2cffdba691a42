"""The external assessors' workspace: who assesses which round, their ratings, clarification threads.

Ratings live here, not on the external round's `BenchmarkResult`s: the institution's pages,
API and exports read those results, so keeping ratings apart means nothing leaks before
the assessors publish, and the assessments app stays untouched. `ExternalRating.restrict_for`
shows an institution's members only published ratings; an assessor only the rounds assigned.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from genderseal.assessments.models import AssessmentRound
from genderseal.core.models import Role, ScopedQuerySet
from genderseal.standards.models import Benchmark


def _assigned(queryset, membership, path="round"):
    """Assessors see only the rounds they are assigned to."""
    if membership.role == Role.ASSESSOR:
        return queryset.filter(**{f"{path}__assessor_assignments__user": membership.user_id})
    return queryset


class AssessorAssignment(models.Model):
    """The user (an ASSESSOR member of the round's institution) may work on this round."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="assessor_assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessor_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "round__institution"

    class Meta:
        verbose_name = _("assessor assignment")
        ordering = ["round", "user__username"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="one_assignment_per_round")]

    @classmethod
    def restrict_for(cls, queryset, membership):
        if membership.role == Role.ASSESSOR:
            return queryset.filter(user=membership.user_id)
        return queryset

    def __str__(self):
        return f"{self.user} → {self.round}"


class RatingPublication(models.Model):
    """The assessors published the round's ratings: from then on the institution sees them."""

    round = models.OneToOneField(AssessmentRound, on_delete=models.CASCADE, related_name="rating_publication")
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField()

    objects = ScopedQuerySet.as_manager()
    institution_path = "round__institution"

    @classmethod
    def restrict_for(cls, queryset, membership):
        return _assigned(queryset, membership)


class ExternalRating(models.Model):
    """The assessors' rating of one benchmark in an external round (one per benchmark, shared by the panel)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="external_ratings")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="external_ratings")
    result_code = models.CharField(_("rating"), max_length=32)
    comment = models.TextField(_("assessor comment"), blank=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("rated by"))
    version = models.PositiveIntegerField(default=1)  # refuses stale edits
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "round__institution"

    class Meta:
        verbose_name = _("external rating")
        ordering = ["round", "benchmark__order"]
        constraints = [models.UniqueConstraint(fields=["round", "benchmark"], name="one_rating_per_benchmark")]

    @classmethod
    def restrict_for(cls, queryset, membership):
        """The institution sees published ratings only; assessors their assigned rounds' ratings."""
        if membership.role == Role.ASSESSOR:
            return _assigned(queryset, membership)
        return queryset.exclude(published_at=None)

    def __str__(self):
        return f"{self.round} {self.benchmark.code}: {self.result_code}"


class ClarificationStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")


class Clarification(models.Model):
    """A thread about one benchmark of an external round: the assessors ask, the institution answers."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="clarifications")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="clarifications")
    number = models.PositiveIntegerField()  # per round
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=ClarificationStatus.choices,
                              default=ClarificationStatus.OPEN)

    objects = ScopedQuerySet.as_manager()
    institution_path = "round__institution"

    class Meta:
        verbose_name = _("clarification")
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="clarification_number_unique")]

    @classmethod
    def restrict_for(cls, queryset, membership):
        return _assigned(queryset, membership)

    def __str__(self):
        return f"{self.round.number}/{self.benchmark.code} #{self.number}"


class ClarificationMessage(models.Model):
    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_assessor = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "clarification__round__institution"

    class Meta:
        ordering = ["clarification", "created_at", "pk"]

    @classmethod
    def restrict_for(cls, queryset, membership):
        return _assigned(queryset, membership, path="clarification__round")
