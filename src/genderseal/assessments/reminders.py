"""Reminders for results not yet submitted when their round's end date is near.

Registered with the notifications app in AssessmentsConfig.ready(). A fixed number of
queries whatever the number of results: results, the focal points of their lead units,
and the secretariats (who are reminded of results that have no lead unit yet).
"""
from collections import defaultdict

from django.urls import reverse

from genderseal.core.models import Membership, Role
from genderseal.notifications.reminders import Due

from .models import BenchmarkResult, ResultState, RoundStatus

OPEN_STATES = (ResultState.DRAFT, ResultState.RETURNED)


def due_results(today, until):
    rows = (BenchmarkResult.objects
            .filter(state__in=OPEN_STATES, round__ends_on__gte=today, round__ends_on__lte=until,
                    round__locked_at=None, benchmark__retired=False)
            .exclude(round__status=RoundStatus.CLOSED))
    focal = defaultdict(list)
    units = Membership.units.through.objects.filter(
        membership__role=Role.FOCAL_POINT, orgunit_id__in=rows.values("lead_unit_id"))
    for unit_id, user_id in units.values_list("orgunit_id", "membership__user_id"):
        focal[unit_id].append(user_id)
    secretariat = defaultdict(list)
    for institution_id, user_id in Membership.objects.filter(
            role=Role.SECRETARIAT, is_active=True, institution_id__in=rows.values("round__institution_id")).values_list(
            "institution_id", "user_id"):
        secretariat[institution_id].append(user_id)
    pattern = reverse("round-detail", args=["SLUG", 999999999])
    links = {}
    for pk, lead, institution_id, slug, number, code, ends_on in rows.values_list(
            "pk", "lead_unit_id", "round__institution_id", "round__institution__slug", "round__number",
            "benchmark__code", "round__ends_on").iterator(chunk_size=5000):
        recipients = focal.get(lead) if lead else secretariat.get(institution_id)
        if not recipients:
            continue
        link = links.get((slug, number))
        if link is None:
            link = links[(slug, number)] = pattern.replace("SLUG", slug).replace("999999999", str(number))
        yield Due(key=f"result:{pk}", institution_id=institution_id, recipient_ids=recipients, kind="result_due",
                  params={"code": code, "round": number, "due": ends_on.isoformat()}, link=link)
