"""Files built in the background, one model for every kind: documents, spreadsheets, briefing packs and the
submission dossier (ZIP) of a round. A request, its state and progress, and the file kept by content hash."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, Role, ScopedQuerySet


class ReportKind(models.TextChoices):
    READINESS = "readiness", _("Readiness report of a round")
    COMPARISON = "comparison", _("Comparison of two rounds")
    PROGRESS = "action_plan_progress", _("Action-plan progress")
    RESULTS_XLSX = "results_xlsx", _("Results of a round (Excel)")
    EVIDENCE_XLSX = "evidence_xlsx", _("Evidence (Excel)")
    ACTIONS_XLSX = "action_items_xlsx", _("Action items (Excel)")
    INDICATORS_XLSX = "indicators_xlsx", _("Indicators and values (Excel)")
    BRIEFING = "briefing_pack", _("Briefing pack for an interview")
    DOSSIER = "dossier", _("Submission dossier of a round (ZIP)")


# Requested from their own page, not from the Reports page's form (a person; the dossiers page).
ONLY_FROM_THEIR_PAGE = {ReportKind.BRIEFING, ReportKind.DOSSIER}


# What a member must be allowed to do to request or read each kind (core/permissions.py).
KIND_ACTIONS = {
    ReportKind.READINESS: "round.view",
    ReportKind.COMPARISON: "round.view",
    ReportKind.PROGRESS: "planning.view",
    ReportKind.RESULTS_XLSX: "round.view",
    ReportKind.EVIDENCE_XLSX: "evidence.view",
    ReportKind.ACTIONS_XLSX: "action_item.view",
    ReportKind.INDICATORS_XLSX: "planning.view",
    ReportKind.BRIEFING: "briefing.view",  # one's own pack; anyone's needs briefing.manage (issuing.py)
    ReportKind.DOSSIER: "dossier.view",
}
# Asking for these takes more than reading them.
REQUEST_ACTIONS = {ReportKind.DOSSIER: "dossier.build"}
# Built from what the institution holds, whoever asks (the dossier packs the institution's approved evidence):
# every member who may read the kind reads every one, whatever the requester's role.
SAME_FOR_EVERY_ROLE = {ReportKind.DOSSIER}

# A report holds what its requester's role sees (the models' restrict_for). A member may read a report
# built for a role that sees no more than theirs: assessors see least, the secretariat most. Keep this in
# step with the restrict_for rules: they depend on the role, never on units, except an assessor's (their
# assigned rounds): an assessor reads only the reports they asked for.
AUDIENCE_LEVEL = {Role.ASSESSOR: 0, Role.FOCAL_POINT: 1, Role.COMMITTEE: 1, Role.SECRETARIAT: 2}


def kinds_for(membership):
    return [kind for kind in ReportKind if membership.can(KIND_ACTIONS[kind])]


class ReportState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class IssuedReportQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(state__in=(ReportState.QUEUED, ReportState.RUNNING))


class IssuedReport(models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="issued_reports")
    kind = models.CharField(_("kind"), max_length=32, choices=ReportKind.choices)
    parameters = models.JSONField(default=dict)  # round, other, fiscal_year, quarter, format, language, digits
    audience = models.CharField(max_length=16, choices=Role.choices)  # the requester's role: what it may hold
    state = models.CharField(_("state"), max_length=16, choices=ReportState.choices, default=ReportState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    error = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)  # what the build found: a dossier's number of files
    # Set while queued or running, NULL after: unique, so two identical requests cannot both start a build.
    running_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    storage_name = models.CharField(max_length=255, blank=True)  # content-addressed: never overwritten
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.BigIntegerField(default=0)
    filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=127, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    touched_at = models.DateTimeField(null=True, blank=True)  # last sign of life (queued, progress)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = IssuedReportQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["institution", "-requested_at"], name="issued_report_history_idx"),
                   models.Index(fields=["state", "touched_at"], name="issued_report_stale_idx")]

    @classmethod
    def restrict_for(cls, queryset, membership):
        level = AUDIENCE_LEVEL.get(membership.role, -1)
        audiences = [role for role, n in AUDIENCE_LEVEL.items() if n <= level]
        queryset = queryset.filter(models.Q(audience__in=audiences) | models.Q(kind__in=SAME_FOR_EVERY_ROLE),
                                   kind__in=kinds_for(membership))
        if membership.role == Role.ASSESSOR:  # what an assessor sees depends on their assignments: their own only
            queryset = queryset.filter(requested_by=membership.user_id)
        return queryset

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_active(self):
        return self.state in (ReportState.QUEUED, ReportState.RUNNING)

    @property
    def is_ready(self):
        return self.state == ReportState.DONE

    @property
    def format(self):
        return self.parameters.get("format", "zip" if self.kind == ReportKind.DOSSIER else "xlsx")

    def describe(self):
        """'round 2 vs 1 · PDF · th' for the history list."""
        from django.utils.translation import gettext as t

        p, parts = self.parameters, []
        if p.get("round"):
            parts.append(t("round %(n)s") % {"n": p["round"]})
        if p.get("other"):
            parts.append(t("against round %(n)s") % {"n": p["other"]})
        if p.get("fiscal_year"):
            parts.append(t("FY %(fy)s") % {"fy": p["fiscal_year"]})
        if p.get("person"):
            parts.append(p["person"])
        if p.get("quarter"):
            parts.append(t("Q%(q)s") % {"q": p["quarter"]})
        parts.append(self.format.upper())
        parts.append(p.get("language", "th"))
        if p.get("digits") == "thai":
            parts.append(t("Thai digits"))
        return " · ".join(str(part) for part in parts)
