"""The gender action plan, projects, indicators and their periodic sex-disaggregated reports.

Totals, actuals, progress and reporting rates are derived (rules.py, queries.py), never stored.
"""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, Localized, OrgUnit, Role, ScopedQuerySet

from . import rules


class PlanningRule(models.Model):
    """The institution's reporting rule (data): deadline and points lost per missing or late report."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="planning_rule")
    deadline_days = models.PositiveSmallIntegerField(_("days after period end"), default=15)
    missing_points = models.DecimalField(_("points lost per missing report"), max_digits=5, decimal_places=2,
                                         default=Decimal("0.5"))
    late_points = models.DecimalField(_("points lost per late report"), max_digits=5, decimal_places=2,
                                      default=Decimal("0.25"))
    combination_limit = models.PositiveSmallIntegerField(_("most disaggregation combinations"), default=60)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    @classmethod
    def for_institution(cls, institution_id):
        found = cls.objects.filter(institution_id=institution_id).first()
        return found.as_rule() if found else rules.Rule()

    def as_rule(self):
        return rules.Rule(self.deadline_days, self.missing_points, self.late_points)


class SdgTarget(Localized, models.Model):
    """SDG 5 targets, shipped as reference data (migration 0002)."""

    code = models.CharField(max_length=8, unique=True)
    title_th = models.CharField(max_length=255)
    title_en = models.CharField(max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.code


class StrategicArea(Localized, models.Model):
    """The institution's strategic areas as editable data; `variant` keeps two public lists apart."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="strategic_areas")
    variant = models.CharField(_("variant"), max_length=32, default="default")
    code = models.CharField(_("code"), max_length=16)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["variant", "order"]
        constraints = [models.UniqueConstraint(fields=["institution", "variant", "code"], name="area_code_unique")]

    def __str__(self):
        return self.t("name")


class Plan(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="plans")
    code = models.SlugField(_("code"), max_length=32)
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    first_fy = models.PositiveSmallIntegerField(_("first fiscal year (BE)"))
    last_fy = models.PositiveSmallIntegerField(_("last fiscal year (BE)"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["-first_fy", "code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="plan_code_unique")]

    def __str__(self):
        return self.t("title")


class Strategy(Localized, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="strategies")
    code = models.CharField(_("code"), max_length=16)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "plan__institution"

    class Meta:
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="strategy_code_unique")]

    def __str__(self):
        return f"{self.code} {self.t('title')}"


class Measure(Localized, models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="measures")
    code = models.CharField(_("code"), max_length=16)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "strategy__plan__institution"

    class Meta:
        ordering = ["strategy", "code"]
        constraints = [models.UniqueConstraint(fields=["strategy", "code"], name="measure_code_unique")]

    def __str__(self):
        return f"{self.code} {self.t('title')}"


class GenderMarker(models.TextChoices):
    GEN0 = "GEN0", _("GEN0: not expected to contribute")
    GEN1 = "GEN1", _("GEN1: limited contribution")
    GEN2 = "GEN2", _("GEN2: significant objective")
    GEN3 = "GEN3", _("GEN3: principal objective")


class Project(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="projects")
    code = models.CharField(_("code"), max_length=32)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    owner_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="projects")
    first_fy = models.PositiveSmallIntegerField(_("first fiscal year (BE)"))
    last_fy = models.PositiveSmallIntegerField(_("last fiscal year (BE)"))
    budget = models.DecimalField(_("budget (baht)"), max_digits=16, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    strategic_area = models.ForeignKey(StrategicArea, null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="projects")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects")
    gender_marker = models.CharField(_("gender marker"), max_length=4, choices=GenderMarker.choices,
                                     default=GenderMarker.GEN2)
    sdg_targets = models.ManyToManyField(SdgTarget, blank=True, related_name="projects")
    benchmarks = models.ManyToManyField("standards.Benchmark", blank=True, related_name="projects")
    # The project's id in the system where units report monthly (BMA Policy Tracking): mapped
    # imports of that system's exports find the project by it.
    tracking_id = models.CharField(_("Policy Tracking id"), max_length=64, blank=True)
    # A row that stands in for a project the seed counts but does not name (the demo's register).
    placeholder = models.BooleanField(_("placeholder"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="project_code_unique"),
                       models.UniqueConstraint(fields=["institution", "tracking_id"], condition=~models.Q(tracking_id=""),
                                               name="project_tracking_id_unique")]

    def __str__(self):
        return f"{self.code} {self.t('title')}"


class Category(Localized, models.Model):
    """An institution-defined disaggregation (age group, district ...); sex is built in."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=32)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="category_code_unique")]

    def __str__(self):
        return self.t("name")


class CategoryOption(Localized, models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="options")
    code = models.SlugField(_("code"), max_length=32)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "category__institution"

    class Meta:
        ordering = ["category", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="category_option_unique")]


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class Kind(models.TextChoices):
    COUNT = "count", _("Count (whole number)")
    PERCENT = "percent", _("Percent")
    AMOUNT = "amount", _("Amount")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum of the periods")
    LAST = "last", _("Latest period")


class Indicator(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="indicators")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=32)
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    owner_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="indicators")
    unit_of_measure = models.CharField(_("unit of measure"), max_length=64)
    kind = models.CharField(_("kind of number"), max_length=8, choices=Kind.choices, default=Kind.COUNT)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.UP)
    aggregation = models.CharField(_("yearly figure"), max_length=4, choices=Aggregation.choices,
                                   default=Aggregation.SUM)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    frequency = models.CharField(_("reporting frequency"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.MONTHLY)
    first_fy = models.PositiveSmallIntegerField(_("first fiscal year (BE)"))
    last_fy = models.PositiveSmallIntegerField(_("last fiscal year (BE)"))
    by_sex = models.BooleanField(_("split by sex"), default=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="indicators")
    # SDG 5 linkage (the seed: SDG 5 "ไม่สามารถติดตามและประเมินผลได้" because Policy Tracking data is not
    # accepted for the SDG Profile, which needs one national method of collection).
    sdg_indicators = models.CharField(_("SDG indicators"), max_length=200, blank=True,
                                      help_text=_("SDG indicator codes, e.g. 5.6.1, 5.2.1"))
    data_source = models.CharField(_("data source"), max_length=255, blank=True,
                                   help_text=_("e.g. BMA Policy Tracking; National Statistical Office survey"))
    sdg_accepted = models.BooleanField(_("source accepted for SDG reporting"), default=False, help_text=_(
        "The source follows one national method of collection, as the SDG Profile requires."))
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["institution", "code"], name="indicator_code_unique")]
        indexes = [models.Index(fields=["institution", "owner_unit"]),
                   models.Index(fields=["institution", "first_fy", "last_fy"], name="indicator_fy_idx")]

    def __str__(self):
        return f"{self.code} {self.t('title')}"

    def option_keys(self, categories=None):
        """Every option key; pass prefetched `categories` (with options) to avoid queries."""
        cats = categories if categories is not None else list(self.categories.prefetch_related("options"))
        return rules.option_keys(self.by_sex, [[o.code for o in c.options.all()] for c in cats])


class IndicatorTarget(models.Model):
    """A target for a fiscal year (quarter 0) or one of its quarters (1-4)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    objects = ScopedQuerySet.as_manager()
    institution_path = "indicator__institution"

    class Meta:
        ordering = ["fiscal_year", "quarter"]
        constraints = [models.UniqueConstraint(fields=["indicator", "fiscal_year", "quarter"], name="target_unique")]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


RECEIVED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class ReportQuerySet(ScopedQuerySet):
    def received(self):
        return self.filter(status__in=RECEIVED)


class PeriodReport(models.Model):
    """One indicator's report for one period (its first day); values per disaggregation option."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reports")
    period = models.DateField(_("period"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    narrative = models.TextField(_("narrative"), blank=True)
    progress_percent = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_comment = models.TextField(blank=True)
    attachments = models.ManyToManyField("evidence.Evidence", blank=True, related_name="period_reports")
    version = models.PositiveIntegerField(default=1)

    objects = ReportQuerySet.as_manager()
    institution_path = "indicator__institution"

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_report_per_period")]
        indexes = [models.Index(fields=["period", "status"]),
                   # Covering index for the dashboard's per-unit/period counts (no table lookups).
                   models.Index(fields=["indicator", "period", "status", "submitted_at"], name="report_dash_idx")]

    @classmethod
    def restrict_for(cls, queryset, membership):
        if membership.role == Role.ASSESSOR:  # assessors see only what the secretariat approved
            return queryset.filter(status=ReportStatus.APPROVED)
        return queryset

    @property
    def locked(self):
        return self.status == ReportStatus.APPROVED


class Value(models.Model):
    report = models.ForeignKey(PeriodReport, on_delete=models.CASCADE, related_name="values")
    option_key = models.CharField(_("disaggregation option"), max_length=200)
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])

    objects = ScopedQuerySet.as_manager()
    institution_path = "report__indicator__institution"

    @classmethod
    def restrict_for(cls, queryset, membership):
        """A value is seen by whoever sees its period (assessors: approved periods only)."""
        if membership.role == Role.ASSESSOR:
            return queryset.filter(report__status=ReportStatus.APPROVED)
        return queryset

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "option_key"], name="one_value_per_option")]
        # Covering index for the per-indicator, per-option sums (report -> option -> number).
        indexes = [models.Index(fields=["report", "option_key", "number"], name="value_dash_idx")]


class PlanningStamp(models.Model):
    """When the institution's planning data last changed: keys the dashboard cache (not derived data).

    Written in the same transaction as every change that goes through services, the importer, the
    API and the edit pages (`planning.stamps.touch`), and by signals for plain saves of plan records.
    """

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()


class PlanningUnitStamp(models.Model):
    """When one unit's reports last changed: keys that unit's part of the dashboard cache.

    A period report's save or review step changes only its unit's figures, so it replaces this
    token (`stamps.touch_unit`) and not the institution's: the next dashboard recomputes one unit.
    """

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32)


class ImportMapping(models.Model):
    """How another system's monthly export (BMA Policy Tracking, say) maps onto our indicators: which
    column holds the project's id there, the month, progress, narrative, and which columns hold values
    of which option (female, male ...) of which indicator. Saved by the secretariat, one per source."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="import_mappings")
    name = models.CharField(_("source"), max_length=100)
    project_column = models.CharField(_("column of the project's id"), max_length=100)
    month_column = models.CharField(_("column of the month"), max_length=100)
    progress_column = models.CharField(_("column of progress (%)"), max_length=100, blank=True)
    narrative_column = models.CharField(_("column of the narrative"), max_length=100, blank=True)
    # [{"column": "ผลหญิง", "option": "female", "indicator": ""}]; a blank indicator means the project's only one.
    value_columns = models.JSONField(_("value columns"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="import_mapping_name_unique")]

    def __str__(self):
        return self.name
