"""Upcoming report deadlines as a reminder source for notifications (when that app is installed)."""
from collections import defaultdict
from datetime import timedelta

from django.apps import apps


def due_reports(today, until):
    """Reports whose deadline falls between today and `until` and that are not yet received.

    Yields one Due per indicator and period to the owner unit's focal points; a fixed number
    of queries (the periods due are few: at most a couple of months fall in the window).
    """
    from django.urls import reverse

    from genderseal.core.models import Membership, Role
    from genderseal.notifications.reminders import Due
    from genderseal.thai.dates import fiscal_year
    from genderseal.thai.periods import deadline, periods

    from .models import RECEIVED, Indicator, PeriodReport, PlanningRule

    rules = {r.institution_id: r.as_rule() for r in PlanningRule.objects.all()}
    default_days = PlanningRule._meta.get_field("deadline_days").default
    starts = set()
    for fy in {fiscal_year(today - timedelta(days=120)), fiscal_year(today)}:
        for frequency in ("monthly", "quarterly"):
            starts.update((s, frequency) for s in periods(fy, frequency))
    candidates = [(s, f) for s, f in starts
                  if any(today <= deadline(s, f, d) <= until for d in {default_days, *[r.deadline_days for r in rules.values()]})]
    if not candidates:
        return
    focal = defaultdict(list)
    for unit_id, user_id in Membership.units.through.objects.filter(
            membership__role=Role.FOCAL_POINT).values_list("orgunit_id", "membership__user_id"):
        focal[unit_id].append(user_id)
    for start, frequency in candidates:
        fy = fiscal_year(start).be
        received = set(PeriodReport.objects.filter(period=start, status__in=RECEIVED).values_list("indicator_id", flat=True))
        rows = Indicator.objects.filter(frequency=frequency, first_fy__lte=fy, last_fy__gte=fy).values_list(
            "pk", "code", "owner_unit_id", "institution_id", "institution__slug")
        for pk, code, unit_id, institution_id, slug in rows.iterator(chunk_size=5000):
            rule = rules.get(institution_id)
            due = deadline(start, frequency, rule.deadline_days if rule else default_days)
            if pk in received or not (today <= due <= until) or not focal.get(unit_id):
                continue
            yield Due(key=f"indicator:{pk}:{start.isoformat()}", institution_id=institution_id,
                      recipient_ids=focal[unit_id], kind="indicator_due",
                      params={"code": code, "period": start.isoformat(), "due": due.isoformat()},
                      link=reverse("planning-indicator", args=[slug, code]))


def register():
    if not apps.is_installed("genderseal.notifications"):
        return
    from django.utils.translation import gettext_lazy as _

    from genderseal.notifications import reminders
    from genderseal.notifications.messages import register_message

    register_message("indicator_due", _("The %(period)s report of indicator %(code)s is due on %(due)s."))
    reminders.register("indicator_reports", due_reports)
