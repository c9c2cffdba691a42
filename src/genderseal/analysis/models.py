"""Gender analysis worksheets (the seed's four steps) and project screening forms (แบบ วค.สยป.).

The marker suggestion is derived from the answers on every request (rules.py), never stored;
the approver's confirmed marker is stored on the worksheet and written to the project.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, Role, ScopedQuerySet
from genderseal.planning.models import GenderMarker, Indicator, Project

from . import rules


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Reviewed(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_comment = models.TextField(_("review comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # The evidence item made from the approved document (analysis/evidence.py), counted in the
    # round's coverage and packed into the dossier like any other evidence.
    evidence = models.ForeignKey("evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        abstract = True

    @classmethod
    def restrict_for(cls, queryset, membership):
        if membership.role == Role.ASSESSOR:  # assessors see only what the secretariat approved
            return queryset.filter(status=Status.APPROVED)
        return queryset

    @property
    def editable(self):
        return self.status in (Status.DRAFT, Status.RETURNED)


class Worksheet(Reviewed):
    """One project's gender analysis in the seed's four steps."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="worksheet")
    # Step 1: the problem
    problem = models.TextField(_("the problem (pain point) that comes from gender differences"), blank=True)
    affected = models.TextField(_("who is affected"), blank=True)
    causes = models.TextField(_("causes of the inequality"), blank=True)
    baseline = models.JSONField(_("baseline figures"), default=list, blank=True)
    # Step 2: design
    goals = models.TextField(_("goals"), blank=True)
    goal_focus = models.CharField(_("place of gender equality in the goals"), max_length=12,
                                  choices=rules.GOAL_FOCUS, default="none")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="worksheets",
                                        verbose_name=_("measurable indicators"))
    effect_women = models.TextField(_("expected effect on women"), blank=True)
    effect_men = models.TextField(_("expected effect on men"), blank=True)
    effect_diverse = models.TextField(_("expected effect on gender-diverse people"), blank=True)
    do_no_harm = models.TextField(_("do-no-harm notes"), blank=True)
    # Step 3: implementation
    data_collected = models.TextField(_("data collected, split by sex or other variables"), blank=True)
    data_by_whom = models.TextField(_("collected by whom"), blank=True)
    data_frequency = models.TextField(_("how often"), blank=True)
    # Step 4: monitoring and evaluation
    measure_quantitative = models.TextField(_("how results are measured (quantitative)"), blank=True)
    measure_qualitative = models.TextField(_("how results are measured (qualitative)"), blank=True)
    review_when = models.TextField(_("when results are reviewed"), blank=True)
    # The approver's marker
    confirmed_marker = models.CharField(_("confirmed gender marker"), max_length=4, choices=GenderMarker.choices,
                                        blank=True)
    marker_reason = models.TextField(_("reason for another marker than the suggestion"), blank=True)

    class Meta:
        ordering = ["project__code"]
        indexes = [models.Index(fields=["institution", "fiscal_year", "status"], name="worksheet_fy_idx")]

    def __str__(self):
        return str(self.project)

    def answers(self):
        return {name: getattr(self, name) for step in rules.STEPS.values() for name in step["fields"]}

    def facts(self, indicators):
        """The marker facts; pass the linked indicators (prefetched) to avoid a query."""
        return rules.Facts(
            goal_focus=self.goal_focus,
            sex_disaggregated_baseline=any(
                f.get("women") not in (None, "") and f.get("men") not in (None, "") for f in self.baseline or []),
            indicators_by_sex=sum(1 for i in indicators if i.by_sex),
            effects_stated=all((getattr(self, n) or "").strip() for n in ("effect_women", "effect_men",
                                                                          "effect_diverse")),
        )


class Alignment(models.TextChoices):
    YES = "yes", _("Aligned")
    PARTLY = "partly", _("Partly aligned")
    NO = "no", _("Not aligned")


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Recommend approval")
    REWORK = "rework", _("Return for rework")
    REJECT = "reject", _("Do not recommend")


class Screening(Reviewed):
    """The project screening form (แบบ วค.สยป.) the strategy department fills for a proposed project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="screenings")
    international = models.CharField(_("international commitments (SDG targets, CEDAW)"), max_length=8,
                                     choices=Alignment.choices, blank=True)
    international_note = models.TextField(_("why (international)"), blank=True)
    national = models.CharField(_("national plans"), max_length=8, choices=Alignment.choices, blank=True)
    national_note = models.TextField(_("why (national)"), blank=True)
    institution_plan = models.CharField(_("the institution's development plan and strategic areas"), max_length=8,
                                        choices=Alignment.choices, blank=True)
    institution_plan_note = models.TextField(_("why (institution's plan)"), blank=True)
    leadership = models.CharField(_("leadership policy"), max_length=8, choices=Alignment.choices, blank=True)
    leadership_note = models.TextField(_("why (leadership policy)"), blank=True)
    fit = models.CharField(_("fit between goals, indicators and activities"), max_length=8,
                           choices=Alignment.choices, blank=True)
    fit_note = models.TextField(_("why (fit)"), blank=True)
    recommendation = models.CharField(_("analyst's recommendation"), max_length=8, choices=Recommendation.choices,
                                      blank=True)
    recommendation_note = models.TextField(_("analyst's notes"), blank=True)

    class Meta:
        ordering = ["project__code", "-fiscal_year"]
        constraints = [models.UniqueConstraint(fields=["project", "fiscal_year"], name="one_screening_per_year")]
        indexes = [models.Index(fields=["institution", "fiscal_year", "status"], name="screening_fy_idx")]

    REQUIRED = ("international", "international_note", "national", "national_note", "institution_plan",
                "institution_plan_note", "leadership", "leadership_note", "fit", "fit_note", "recommendation")

    def __str__(self):
        return f"{self.project} ({self.fiscal_year})"

    def missing(self):
        return [name for name in self.REQUIRED if not (getattr(self, name) or "").strip()]
