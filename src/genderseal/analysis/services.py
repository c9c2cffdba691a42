"""The verbs of gender analysis: save a step, move a worksheet or screening form, confirm the marker.

Services take the membership and plain values (never the request); every change is audited with
before/after values; saves are one conditional UPDATE on the version, so a stale page is refused.
"""
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from genderseal.core import errors, workflow
from genderseal.core.audit import record, snapshot
from genderseal.core.errors import StaleEdit  # noqa: F401 (re-exported)
from genderseal.core.models import Role
from genderseal.notifications import services as notifications
from genderseal.planning import stamps
from genderseal.planning.models import GenderMarker, Project

from . import rules
from .models import Screening, Status, Worksheet

AnalysisError = errors.DomainError
Refused = errors.Invalid


def can_edit_project(membership, project):
    """Focal points work on their own units' projects; the secretariat on every project."""
    if not membership.can("analysis.edit"):
        return False
    if membership.role == Role.SECRETARIAT:
        return True
    return any(u.pk == project.owner_unit_id for u in membership.units.all())


def _ref(worksheet_or_project, kind="worksheet"):
    return f"analysis.{kind}:{worksheet_or_project.pk}"


def _conditional_update(model, obj, version, states, **fields):
    """UPDATE ... WHERE version = n AND status IN states; StaleEdit when nothing matched."""
    try:
        version = int(version)
    except (TypeError, ValueError):
        raise StaleEdit(_("This page is out of date; reload it.")) from None
    changed = model.objects.filter(pk=obj.pk, version=version, status__in=states).update(
        version=F("version") + 1, **fields)
    if not changed:
        raise StaleEdit(_("Someone else saved this meanwhile, or it moved on; reload to see the changes."))


@transaction.atomic
def start_worksheet(membership, project, fiscal_year, *, actor):
    """The project's worksheet, made on first use (a draft for `fiscal_year`)."""
    if not can_edit_project(membership, project):
        raise Refused(_("You may not analyse this project."))
    try:
        with transaction.atomic():
            worksheet, created = Worksheet.objects.get_or_create(
                project=project, defaults={"institution_id": project.institution_id, "fiscal_year": fiscal_year})
    except IntegrityError:  # made meanwhile by someone else
        worksheet, created = Worksheet.objects.get(project=project), False
    if created:
        record("analysis.worksheet.create", worksheet, institution=membership.institution, actor=actor,
               ref=_ref(worksheet), after={"fiscal_year": fiscal_year})
    return worksheet


@transaction.atomic
def save_step(membership, worksheet, step, values, version, *, actor, indicators=None):
    """Save one step's answers; `indicators` (step 2) must belong to the worksheet's project."""
    if step not in rules.STEPS:
        raise Refused(_("There is no such step."))
    if not can_edit_project(membership, worksheet.project):
        raise Refused(_("You may not analyse this project."))
    if not worksheet.editable:
        raise Refused(_("A submitted or approved worksheet cannot be changed; it must be returned first."))
    fields = dict(values)
    if "baseline" in fields:
        problems = [p for figure in fields["baseline"] for p in rules.check_figure(figure)]
        if problems:
            raise Refused(" ".join(problems))
    if indicators is not None and any(i.project_id != worksheet.project_id for i in indicators):
        raise Refused(_("Link only the project's own indicators."))
    tracked = [*fields, *(["indicators"] if indicators is not None else [])]
    before = snapshot(worksheet, tracked)
    _conditional_update(Worksheet, worksheet, version, (Status.DRAFT, Status.RETURNED), **fields)
    if indicators is not None:
        worksheet.indicators.set(indicators)
    record("analysis.worksheet.edit", worksheet, institution=membership.institution, actor=actor,
           ref=_ref(worksheet), before=before, after={**fields, "indicators": set(indicators)} if indicators is not None
           else fields, step=step)
    worksheet.refresh_from_db()
    return worksheet


def suggestion(worksheet, indicators):
    marker, index = rules.suggest_marker(worksheet.facts(indicators))
    return marker, index


def _version(version):
    try:
        return int(version)
    except (TypeError, ValueError):
        raise StaleEdit(_("This page is out of date; reload it.")) from None


class _ProjectReview(workflow.Kind):
    submitter_field = "submitted_by"
    anchor = ""

    def owners(self, doc):
        return super().owners(doc) | notifications.focal_points(doc.project.institution, [doc.project.owner_unit_id])

    def reviewers(self, doc):
        return notifications.members(doc.project.institution, Role.SECRETARIAT)

    def label(self, doc):
        return str(doc)

    def notice(self, doc, step):
        return f"{self.flow.kind}_{step.name}", {"code": doc.project.code}


class WorksheetReview(_ProjectReview):
    """Gender-analysis worksheets in the shared workflow (core/workflow.py): the project's unit submits;
    the secretariat approves (confirming the gender marker, written to the project) or returns."""

    flow = workflow.FLOWS["worksheet"]
    model = Worksheet
    audit_prefix = "analysis.worksheet"
    noun = _l("worksheet")

    def owns(self, membership, worksheet):
        return can_edit_project(membership, worksheet.project)

    def ref(self, worksheet):
        return _ref(worksheet)

    def link(self, worksheet):
        return reverse("analysis-detail", args=[worksheet.project.institution.slug, worksheet.project.code]) \
            + "#worksheet"

    def missing(self, membership, worksheet, step):
        missing = rules.missing_steps(worksheet.answers(), worksheet.baseline)
        if missing:
            names = ", ".join(f"{n}. {rules.STEPS[n]['title']}" for n in missing)
            raise Refused(_("Complete every step before submitting; still empty: %(steps)s.") % {"steps": names})
        return {}

    def extra(self, membership, worksheet, step, now, options):
        if step.name != "approve":
            return {}
        suggested, _index = suggestion(worksheet, list(worksheet.indicators.all()))
        marker = options.get("marker") or suggested
        reason = (options.get("marker_reason") or "").strip()
        if marker not in GenderMarker.values:
            raise Refused(_("Choose a gender marker."))
        if rules.marker_override_needs_reason(suggested, marker, reason):
            raise Refused(_("Give a reason for choosing %(marker)s instead of the suggested %(suggested)s.")
                          % {"marker": marker, "suggested": suggested})
        options.update(marker=marker, suggested=suggested, marker_reason=reason if marker != suggested else "")
        return {"confirmed_marker": marker, "marker_reason": options["marker_reason"]}

    def after(self, membership, worksheet, step, before, options):
        if step.name != "approve":
            return
        project, marker = worksheet.project, options["marker"]
        options["project_marker"] = project.gender_marker
        if project.gender_marker != marker:
            Project.objects.filter(pk=project.pk).update(gender_marker=marker, version=F("version") + 1)
            stamps.touch(project.institution_id)
            record("planning.project.marker", project, institution=membership.institution, actor=membership.user,
                   ref=f"planning.project:{project.pk}", before={"gender_marker": project.gender_marker},
                   after={"gender_marker": marker})

    def audit_detail(self, worksheet, step, options):
        if step.name != "approve":
            return {}
        return {"project_marker": options["marker"], "suggested_marker": options["suggested"],
                "marker_reason": options["marker_reason"]}


WORKSHEET = WorksheetReview()


def move_worksheet(membership, worksheet, name, version, *, actor, comment="", marker="", reason=""):
    """submit, approve (with the confirmed marker, written to the project) or return (with a reason)."""
    return workflow.move(WORKSHEET, membership, worksheet, name, _version(version), reason=comment,
                         marker=marker, marker_reason=reason)


@transaction.atomic
def save_screening(membership, project, fiscal_year, values, version, *, actor):
    """Create or update the project's screening form for `fiscal_year` (secretariat analysts)."""
    if not membership.can("screening.edit"):
        raise Refused(_("Only the strategy analysts fill the screening form."))
    screening = Screening.objects.filter(project=project, fiscal_year=fiscal_year).first()
    if screening is None:
        try:
            with transaction.atomic():
                screening = Screening.objects.create(project=project, institution_id=project.institution_id,
                                                     fiscal_year=fiscal_year, **values)
        except IntegrityError:
            raise StaleEdit(_("Someone else saved this meanwhile, or it moved on; reload to see the changes.")) \
                from None
        record("analysis.screening.create", screening, institution=membership.institution, actor=actor,
               ref=_ref(screening, "screening"), after=values)
        return screening
    if not screening.editable:
        raise Refused(_("A submitted or decided screening form cannot be changed; it must be returned first."))
    before = snapshot(screening, values)
    _conditional_update(Screening, screening, version, (Status.DRAFT, Status.RETURNED), **values)
    record("analysis.screening.edit", screening, institution=membership.institution, actor=actor,
           ref=_ref(screening, "screening"), before=before, after=values)
    screening.refresh_from_db()
    return screening


class ScreeningReview(_ProjectReview):
    """Screening forms in the shared workflow: the strategy analysts submit a recommendation; the approver
    approves or returns it for rework."""

    flow = workflow.FLOWS["screening"]
    model = Screening
    audit_prefix = "analysis.screening"
    noun = _l("screening form")

    def owns(self, membership, screening):
        return membership.can("screening.edit")

    def ref(self, screening):
        return _ref(screening, "screening")

    def link(self, screening):
        return reverse("analysis-detail", args=[screening.project.institution.slug, screening.project.code]) \
            + f"?fy={screening.fiscal_year}#screening"

    def missing(self, membership, screening, step):
        missing = screening.missing()
        if missing:
            labels = ", ".join(str(Screening._meta.get_field(n).verbose_name) for n in missing)
            raise Refused(_("Complete the form before submitting; still empty: %(fields)s.") % {"fields": labels})
        return {}


SCREENING = ScreeningReview()


def move_screening(membership, screening, name, version, *, actor, comment=""):
    """submit (the analyst's recommendation), approve or return for rework (the approver's decision)."""
    return workflow.move(SCREENING, membership, screening, name, _version(version), reason=comment)
