"""Builders for the open data tests: approved (and draft) sex-split reports of IND-1."""
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from genderseal.core.models import Membership
from genderseal.planning.models import PeriodReport, Value


def secretariat(world, persona="secretariat"):
    return Membership.objects.select_related("institution", "user").get(user=getattr(world, persona),
                                                                        institution=world.institution)


def add_report(indicator, period, values, status="approved"):
    submitted = timezone.make_aware(datetime.combine(period.replace(day=1), datetime.min.time())) \
        + timezone.timedelta(days=35)
    report = PeriodReport.objects.create(indicator=indicator, period=period, status=status, submitted_at=submitted)
    Value.objects.bulk_create(Value(report=report, option_key=k, number=Decimal(v)) for k, v in values.items())
    return report


def approved_and_draft(indicator):
    """Oct and Nov 2024 approved (women 30+12, men 10+8, other 2), Dec 2024 only submitted (women 999)."""
    add_report(indicator, date(2024, 10, 1), {"female": 30, "male": 10, "other": 2})
    add_report(indicator, date(2024, 11, 1), {"female": 12, "male": 8, "other": 0})
    return add_report(indicator, date(2024, 12, 1), {"female": 999, "male": 1, "other": 0}, status="submitted")
