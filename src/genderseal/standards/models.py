"""A standard as loaded from its framework file: Framework -> Dimension -> Goal -> Benchmark.

Frameworks are a shared library (not owned by one institution). A newer version of a
file updates wording in place and keeps benchmarks by code; a benchmark dropped from
the file is retired, never deleted, so results that point at it are kept.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Localized


class Framework(Localized, models.Model):
    code = models.SlugField(_("framework id"), max_length=64, unique=True)
    version = models.CharField(_("version"), max_length=32)
    name_th = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("framework")
        ordering = ["code"]

    def __str__(self):
        return f"{self.t('name')} ({self.version})"

    @property
    def name(self):
        return self.t("name")


class FrameworkLoad(models.Model):
    """History: every version loaded, with what it added, removed and changed."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="loads")
    version = models.CharField(max_length=32)
    source = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    changes = models.JSONField(default=dict)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]


class ResultOption(Localized, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="result_options")
    code = models.SlugField(max_length=32)
    label_th = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100)
    credit = models.DecimalField(max_digits=8, decimal_places=4, default=0)
    applicable = models.BooleanField(default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="result_code_unique")]

    def __str__(self):
        return self.t("label")


class Level(Localized, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(max_length=32)
    label_th = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100)
    min_percent = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    min_credit = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    mandatory = models.JSONField(default=list, blank=True)  # benchmark codes
    order = models.PositiveIntegerField(default=0)  # 0 = highest

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="level_code_unique")]

    def __str__(self):
        return self.t("label")


class Dimension(Localized, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(max_length=16)
    title_th = models.TextField()
    title_en = models.TextField()
    order = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="dimension_code_unique")]

    def __str__(self):
        return f"{self.code} {self.t('title')}"


class Wording(models.TextChoices):
    OFFICIAL = "official", _("Official wording")
    WORKING = "working", _("Working wording")


class Goal(Localized, models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="goals")
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(max_length=16)
    title_th = models.TextField()
    title_en = models.TextField()
    wording = models.CharField(max_length=16, choices=Wording.choices, default=Wording.WORKING)
    order = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="goal_code_unique")]

    def __str__(self):
        return f"{self.code} {self.t('title')}"


class BenchmarkQuerySet(models.QuerySet):
    def current(self):
        return self.filter(retired=False)


class Benchmark(Localized, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="benchmarks")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="benchmarks")
    code = models.CharField(max_length=16)
    title_th = models.TextField()
    title_en = models.TextField()
    evidence_th = models.TextField(blank=True)
    evidence_en = models.TextField(blank=True)
    wording = models.CharField(max_length=16, choices=Wording.choices, default=Wording.WORKING)
    order = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False)

    objects = BenchmarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("benchmark")
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="benchmark_code_unique")]

    def __str__(self):
        return f"{self.code} {self.t('title')}"
