"""The verbs of planning: save a period's values, submit/approve/return, change an indicator's disaggregation.

Services never read the request; every change is audited with before/after.
"""

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from genderseal.core import errors, workflow
from genderseal.core.audit import record, snapshot
from genderseal.core.errors import Locked, NotAllowed, StaleEdit  # noqa: F401 (re-exported)
from genderseal.core.imports import parse_number
from genderseal.core.models import Role
from genderseal.notifications import services as notifications
from genderseal.thai.dates import fiscal_year
from genderseal.thai.periods import is_period_start, period_label

from . import rules, stamps
from .models import Category, Kind, PeriodReport, PlanningRule, Value

PlanningError = errors.DomainError
BadInput = errors.Invalid  # BadInput({field or option key: message})


def can_edit_unit(membership, unit_id):
    if membership.role == Role.SECRETARIAT:
        return True
    if membership.role == Role.FOCAL_POINT:
        return any(u.pk == unit_id for u in membership.units.all())
    return False


def check_number(indicator, number):
    """An error message for a value the indicator cannot take, or ''."""
    if not number.is_finite():
        return _("not a number")
    if number < 0:
        return _("a value cannot be negative")
    if indicator.kind == Kind.COUNT and number != number.to_integral_value():
        return _("a count must be a whole number")
    if indicator.kind == Kind.PERCENT and number > 100:
        return _("a percent cannot exceed 100")
    return ""


def parse_target(indicator, text):
    """A target typed or imported for this indicator (None when blank); ValueError saying why not.

    The one check of targets: the indicator page, the API and the importer all call it, so a
    negative target or a fractional count is refused the same way everywhere.
    """
    try:
        number = parse_number(text)
    except ValueError:
        raise ValueError(_("not a number")) from None
    if number is not None:
        message = check_number(indicator, number)
        if message:
            raise ValueError(message)
    return number


def check_period(indicator, period):
    if not is_period_start(period, indicator.frequency):
        return _("%(period)s is not a %(frequency)s period of this indicator") % {
            "period": period.isoformat(), "frequency": indicator.get_frequency_display().lower()}
    fy = fiscal_year(period).be
    if not indicator.first_fy <= fy <= indicator.last_fy:
        return _("fiscal year %(fy)s is outside the indicator's years %(first)s-%(last)s") % {
            "fy": fy, "first": indicator.first_fy, "last": indicator.last_fy}
    return ""


def clean_values(indicator, raw, keys=None):
    """{option key: Decimal} from {option key: text}; BadInput naming every bad key."""
    keys = keys if keys is not None else indicator.option_keys()
    problems, values = {}, {}
    for key, text in raw.items():
        if key not in keys:
            problems[key] = _("the indicator has no option %(key)s") % {"key": key}
            continue
        try:
            number = parse_number(text)
        except ValueError:
            problems[key] = _("%(value)s is not a number") % {"value": text}
            continue
        if number is None:
            continue
        message = check_number(indicator, number)
        if message:
            problems[key] = message
        else:
            values[key] = number
    if problems:
        raise BadInput(problems)
    return values


@transaction.atomic
def save_report(membership, indicator, period, raw_values, *, narrative=None, progress=None, version=None,
                actor=None, submit=False, keys=None):
    """Create or update the period's report with these values (blank = no value). Returns the report."""
    if not can_edit_unit(membership, indicator.owner_unit_id):
        raise NotAllowed(_("Only the owner unit's focal points or the secretariat may report on this indicator."))
    message = check_period(indicator, period)
    if message:
        raise BadInput({"period": message})
    values = clean_values(indicator, raw_values, keys)
    report, created = PeriodReport.objects.select_for_update().get_or_create(indicator=indicator, period=period)
    if report.locked:
        raise Locked(_("The report for %(period)s is approved and locked.") % {
            "period": period_label(period, indicator.frequency)})
    if version is not None and not created and int(version) != report.version:
        raise StaleEdit(_("Someone else saved this report meanwhile; reload to see their values."))
    before = dict(report.values.values_list("option_key", "number"))
    Value.objects.filter(report=report).exclude(option_key__in=list(values)).delete()
    existing = {v.option_key: v for v in report.values.all()}
    Value.objects.bulk_create(Value(report=report, option_key=k, number=n) for k, n in values.items()
                              if k not in existing)
    changed = [v for k, v in existing.items() if v.number != values[k]]
    for v in changed:
        v.number = values[v.option_key]
    Value.objects.bulk_update(changed, ["number"])
    fields = ["version"]
    if narrative is not None:
        report.narrative, fields = narrative, fields + ["narrative"]
    if progress is not None:
        report.progress_percent, fields = progress, fields + ["progress_percent"]
    report.version = F("version") + 1
    report.save(update_fields=fields)
    report.refresh_from_db()
    stamps.touch_unit(indicator.institution_id, indicator.owner_unit_id)
    record("planning.report.save", f"{indicator.code} {period.isoformat()}", institution=membership.institution,
           actor=actor, ref=report_ref(report), before={k: str(v) for k, v in before.items()},
           after={k: str(v) for k, v in values.items()})
    if submit:
        transition(membership, report, "submit", actor=actor)
    return report


def report_ref(report):
    return f"planning.indicator:{report.indicator_id}/period:{report.period.isoformat()}"


class ReportReview(workflow.Kind):
    """Monthly (or quarterly) reports in the shared review workflow (core/workflow.py): the indicator's
    unit submits, the secretariat approves (the period locks) or returns with a reason."""

    flow = workflow.FLOWS["report"]
    model = PeriodReport
    audit_prefix = "planning.report"
    noun = _l("report")

    def owns(self, membership, report):
        return can_edit_unit(membership, report.indicator.owner_unit_id)

    def read_only(self, report):
        return _("The report is approved and locked.") if report.locked else ""

    def missing(self, membership, report, step):
        if not report.values.exists():
            raise BadInput({"values": _("Enter at least one value before submitting.")})
        return {}

    def after(self, membership, report, step, before, options):
        stamps.touch_unit(report.indicator.institution_id, report.indicator.owner_unit_id)

    def label(self, report):
        return f"{report.indicator.code} {report.period.isoformat()}"

    def ref(self, report):
        return report_ref(report)

    def link(self, report):
        return report_link(report)

    def owners(self, report):
        return super().owners(report) | notifications.focal_points(report.indicator.institution,
                                                                   [report.indicator.owner_unit_id])

    def reviewers(self, report):
        return notifications.members(report.indicator.institution, Role.SECRETARIAT)

    def notice(self, report, step):
        return f"report_{step.name}", {"code": report.indicator.code,
                                       "period": period_label(report.period, report.indicator.frequency, "th")}


KIND = ReportReview()
TRANSITIONS = KIND.flow.steps


def report_link(report):
    """The period's own row on the indicator's page, in the fiscal year that holds it."""
    url = reverse("planning-indicator", args=[report.indicator.institution.slug, report.indicator.code])
    return f"{url}?fy={fiscal_year(report.period).be}#period-{report.period.isoformat()}"


def available(membership, report):
    return [s.name for s in workflow.steps_for(KIND, membership, report)]


def transition(membership, report, name, *, comment="", actor=None, now=None, version=None):
    """Move a report one step (core/workflow.py `move`)."""
    return workflow.move(KIND, membership, report, name, version, reason=comment, now=now)


def stored_keys(indicator):
    return set(Value.objects.filter(report__indicator=indicator).values_list("option_key", flat=True).distinct())


@transaction.atomic
def change_disaggregation(membership, indicator, by_sex, category_codes, actor=None):
    """Set sex and further categories; refused over the limit or when stored values would be orphaned."""
    if membership.role != Role.SECRETARIAT:
        raise NotAllowed(_("Only the secretariat changes how an indicator is disaggregated."))
    cats = list(Category.objects.for_member(membership).filter(code__in=category_codes).prefetch_related("options"))
    missing = set(category_codes) - {c.code for c in cats}
    if missing:
        raise BadInput({"categories": _("no category %(codes)s") % {"codes": ", ".join(sorted(missing))}})
    cats.sort(key=lambda c: list(category_codes).index(c.code))
    options = [[o.code for o in c.options.all()] for c in cats]
    limit = PlanningRule.objects.filter(institution=membership.institution).values_list(
        "combination_limit", flat=True).first() or 60
    if rules.combinations(by_sex, options) > limit:
        raise BadInput({"categories": _("%(count)s combinations exceed the limit of %(limit)s") % {
            "count": rules.combinations(by_sex, options), "limit": limit}})
    orphans = stored_keys(indicator) - set(rules.option_keys(by_sex, options))
    if orphans:
        raise BadInput({"categories": _("stored values would lose their option: %(keys)s") % {
            "keys": ", ".join(sorted(orphans)[:10])}})
    before = {"by_sex": indicator.by_sex, "categories": [c.code for c in indicator.categories.all()]}
    indicator.by_sex = by_sex
    indicator.version += 1
    indicator.save(update_fields=["by_sex", "version"])
    indicator.categories.set(cats)
    record("planning.indicator.disaggregation", indicator.code, institution=membership.institution, actor=actor,
           ref=f"planning.indicator:{indicator.pk}", before=before,
           after={"by_sex": by_sex, "categories": list(category_codes)})
    return indicator


def remove_category_option(membership, option, actor=None):
    """Delete an option of a category unless stored values use it."""
    if membership.role != Role.SECRETARIAT:
        raise NotAllowed(_("Only the secretariat edits categories."))
    used = Value.objects.filter(report__indicator__categories=option.category_id).filter(
        option_key__regex=rf"(^|\|){option.code}(\||$)").exists()
    if used:
        raise BadInput({"option": _("values are stored for %(code)s; it cannot be removed") % {"code": option.code}})
    record("planning.category.option.remove", option.code, institution=membership.institution, actor=actor,
           before={"category": option.category.code, "option": option.code})
    option.delete()


@transaction.atomic
def save_record(membership, form, version, *, actor=None, name, **set_fields):
    """Save a create/edit form of a plan record; StaleEdit when `version` is not the stored one.

    `set_fields` are set before saving (the institution, the parent). Audited with before/after.
    """
    instance = form.instance
    model = type(instance)
    names = [n for n in form.fields if n != "version" and n in {f.name for f in model._meta.concrete_fields}]
    before = None
    if instance.pk:
        stored = model.objects.select_for_update().get(pk=instance.pk)
        if version in (None, "") or int(version) != stored.version:
            raise StaleEdit(_("Someone else saved this record meanwhile; reload to see their changes."))
        before = snapshot(stored, names)
        next_version = stored.version + 1
    else:
        next_version = 1
    obj = form.save(commit=False)
    for key, value in set_fields.items():
        setattr(obj, key, value)
    obj.version = next_version
    obj.save()
    form.save_m2m()
    stamps.touch(membership.institution_id)
    record(f"planning.{name}.{'edit' if before is not None else 'create'}", str(getattr(obj, "code", obj.pk)),
           institution=membership.institution, actor=actor, ref=f"planning.{name}:{obj.pk}", before=before,
           after=snapshot(obj, names))
    return obj


def check_indicator_shape(indicator, frequency, first_fy, last_fy):
    """Refuse a frequency or years that would leave stored reports outside the indicator's periods."""
    from genderseal.thai.periods import is_period_start as starts

    problems = {}
    for period in PeriodReport.objects.filter(indicator=indicator).values_list("period", flat=True).iterator():
        if not starts(period, frequency):
            problems.setdefault("frequency", _("stored reports (%(period)s) are not %(frequency)s periods") % {
                "period": period.isoformat(), "frequency": frequency})
        if not first_fy <= fiscal_year(period).be <= last_fy:
            problems.setdefault("last_fy", _("stored reports of FY%(fy)s would fall outside the years") % {
                "fy": fiscal_year(period).be})
    if problems:
        raise BadInput(problems)


@transaction.atomic
def save_targets(membership, indicator, targets, actor=None):
    """`targets`: {(fiscal_year, quarter): Decimal or None}; None removes that target."""
    from .models import IndicatorTarget

    if not can_edit_unit(membership, indicator.owner_unit_id):
        raise NotAllowed(_("Only the owner unit's focal points or the secretariat set this indicator's targets."))
    problems = [check_number(indicator, value) for value in targets.values() if value is not None]
    if any(problems):
        raise BadInput({"targets": next(p for p in problems if p)})
    stored = {(t.fiscal_year, t.quarter): t for t in IndicatorTarget.objects.filter(indicator=indicator)}
    before = {f"{fy}/{q}": str(t.value) for (fy, q), t in stored.items()}
    for (fy, quarter), value in targets.items():
        current = stored.get((fy, quarter))
        if value is None:
            if current:
                current.delete()
        elif current is None:
            IndicatorTarget.objects.create(indicator=indicator, fiscal_year=fy, quarter=quarter, value=value)
        elif current.value != value:
            current.value = value
            current.save(update_fields=["value"])
    after = {f"{fy}/{q}": str(v) for (fy, q), v in targets.items() if v is not None}
    if before != after:
        stamps.touch(indicator.institution_id)
        record("planning.indicator.targets", indicator.code, institution=membership.institution, actor=actor,
               ref=f"planning.indicator:{indicator.pk}", before=before, after=after)


def set_attachments(membership, report, evidence_ids, actor=None):
    """Attach evidence items of the member's institution to a period report (not once it is locked)."""
    from genderseal.evidence.models import Evidence

    if report.locked:
        raise Locked(_("The report is approved and locked."))
    items = list(Evidence.objects.for_member(membership).filter(pk__in=evidence_ids))
    if len(items) != len(set(evidence_ids)):
        raise BadInput({"attachments": _("Choose evidence items of your institution.")})
    before = sorted(report.attachments.values_list("pk", flat=True))
    if before != sorted(e.pk for e in items):
        report.attachments.set(items)
        record("planning.report.attachments", report_ref(report), institution=membership.institution, actor=actor,
               ref=report_ref(report), before={"evidence": before}, after={"evidence": sorted(e.pk for e in items)})
