"""Create/edit forms for plans, strategies, measures, projects, indicators and the reporting rule."""
from django import forms
from django.utils.translation import gettext_lazy as _

from genderseal.core.forms import ModelForm
from genderseal.core.models import OrgUnit
from genderseal.standards.models import Benchmark

from . import rules, sdg
from .models import Category, CategoryOption, Indicator, Measure, Plan, PlanningRule, Project, StrategicArea, Strategy

YEAR = {"min_value": 2500, "max_value": 2700}


class VersionedForm(ModelForm):
    """Carries the record's version (stale-edit refusal happens in services.save_record)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def _unique_code(self, queryset, message):
        code = self.cleaned_data.get("code")
        if code and queryset.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(message)
        return code

    def _years(self, cleaned):
        first, last = cleaned.get("first_fy"), cleaned.get("last_fy")
        if first and last and first > last:
            self.add_error("last_fy", _("The last fiscal year comes before the first."))
        return cleaned


class PlanForm(VersionedForm):
    class Meta:
        model = Plan
        fields = ["code", "title_th", "title_en", "first_fy", "last_fy", "approved_on"]

    def clean_code(self):
        return self._unique_code(Plan.objects.for_member(self.membership), _("Another plan has this code."))

    def clean(self):
        return self._years(super().clean())


class StrategyForm(VersionedForm):
    class Meta:
        model = Strategy
        fields = ["code", "title_th", "title_en"]

    def clean_code(self):
        return self._unique_code(Strategy.objects.filter(plan=self.instance.plan_id),
                                 _("Another strategy of this plan has this code."))


class MeasureForm(VersionedForm):
    class Meta:
        model = Measure
        fields = ["code", "title_th", "title_en"]

    def clean_code(self):
        return self._unique_code(Measure.objects.filter(strategy=self.instance.strategy_id),
                                 _("Another measure of this strategy has this code."))


class ProjectForm(VersionedForm):
    class Meta:
        model = Project
        fields = ["code", "title_th", "title_en", "owner_unit", "first_fy", "last_fy", "budget", "strategic_area",
                  "measure", "gender_marker", "sdg_targets", "benchmarks", "tracking_id", "placeholder"]
        widgets = {"sdg_targets": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["owner_unit"].queryset = OrgUnit.objects.for_member(m)
        self.fields["strategic_area"].queryset = StrategicArea.objects.for_member(m)
        self.fields["measure"].queryset = Measure.objects.for_member(m).select_related("strategy__plan")
        self.fields["benchmarks"].queryset = Benchmark.objects.select_related("framework").order_by(
            "framework_id", "code")

    def clean_code(self):
        return self._unique_code(Project.objects.for_member(self.membership), _("Another project has this code."))

    def clean_tracking_id(self):
        value = (self.cleaned_data.get("tracking_id") or "").strip()
        if value and Project.objects.for_member(self.membership).filter(tracking_id=value).exclude(
                pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another project has this Policy Tracking id."))
        return value

    def clean(self):
        return self._years(super().clean())


INDICATOR_FIELDS = ["code", "title_th", "title_en", "project", "owner_unit", "unit_of_measure", "kind", "direction",
                    "aggregation", "baseline", "frequency", "first_fy", "last_fy", "sdg_indicators", "data_source",
                    "sdg_accepted"]
# What a focal point may change on an indicator of their own unit (targets too, on the same page).
FOCAL_FIELDS = {"title_th", "title_en", "unit_of_measure", "baseline"}


class IndicatorForm(VersionedForm):
    by_sex = forms.BooleanField(label=_("split by sex"), required=False)
    categories = forms.ModelMultipleChoiceField(queryset=Category.objects.none(), required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                label=_("further disaggregation"))

    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS

    def __init__(self, *args, full=True, **kwargs):
        super().__init__(*args, **kwargs)
        m = self.membership
        self.fields["owner_unit"].queryset = OrgUnit.objects.for_member(m)
        self.fields["project"].queryset = Project.objects.for_member(m)
        self.fields["categories"].queryset = Category.objects.for_member(m).prefetch_related("options")
        if self.instance.pk:
            self.fields["by_sex"].initial = self.instance.by_sex
            self.fields["categories"].initial = list(self.instance.categories.all())
        else:
            self.fields["by_sex"].initial = True
        if not full:
            for name, field in self.fields.items():
                if name not in FOCAL_FIELDS and name != "version":
                    field.disabled = True

    def clean_code(self):
        return self._unique_code(Indicator.objects.for_member(self.membership),
                                 _("Another indicator has this code."))

    def clean_sdg_indicators(self):
        codes, bad = sdg.parse_indicator_codes(self.cleaned_data.get("sdg_indicators"))
        if bad:
            raise forms.ValidationError(_("%(codes)s: an SDG 5 indicator code looks like 5.6.1 or 5.a.1") % {
                "codes": ", ".join(bad)})
        return ", ".join(codes)

    def clean(self):
        return self._years(super().clean())


class RuleForm(VersionedForm):
    class Meta:
        model = PlanningRule
        fields = ["deadline_days", "missing_points", "late_points", "combination_limit"]

    def clean(self):
        cleaned = super().clean()
        for name in ("missing_points", "late_points"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("Points lost cannot be negative."))
        if cleaned.get("combination_limit") == 0:
            self.add_error("combination_limit", _("Allow at least one combination."))
        return cleaned


class StrategicAreaForm(VersionedForm):
    class Meta:
        model = StrategicArea
        fields = ["variant", "code", "name_th", "name_en", "order"]

    def clean(self):
        cleaned = super().clean()
        variant, code = cleaned.get("variant"), cleaned.get("code")
        others = StrategicArea.objects.for_member(self.membership).filter(variant=variant, code=code)
        if code and others.exclude(pk=self.instance.pk).exists():
            self.add_error("code", _("Another strategic area of this variant has this code."))
        return cleaned


class CategoryForm(VersionedForm):
    class Meta:
        model = Category
        fields = ["code", "name_th", "name_en"]

    def clean_code(self):
        return self._unique_code(Category.objects.for_member(self.membership), _("Another category has this code."))


class CategoryOptionForm(VersionedForm):
    class Meta:
        model = CategoryOption
        fields = ["code", "name_th", "name_en", "order"]

    def clean_code(self):
        code = self.cleaned_data.get("code")
        if code in rules.SEX_OPTIONS or code == "total":
            raise forms.ValidationError(_("%(code)s is reserved for the split by sex.") % {"code": code})
        code = self._unique_code(CategoryOption.objects.filter(category=self.instance.category_id),
                                 _("Another option of this category has this code."))
        from .reference import check_option
        from .services import BadInput

        try:
            check_option(self.membership, self.instance, code)
        except BadInput as error:
            raise forms.ValidationError(error.problems["code"]) from None
        return code
