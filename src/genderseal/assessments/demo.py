"""The demo's benchmark narratives for the external round (narratives_demo.yaml, from the seed). Idempotent."""
from pathlib import Path

import yaml

from genderseal.core.models import OrgUnit

from .models import AssessmentRound, BenchmarkResult, ResultContribution, RoundKind

DATA = Path(__file__).with_name("narratives_demo.yaml")


def load_narratives_demo(institution):
    round_ = (AssessmentRound.objects.filter(institution=institution, kind=RoundKind.EXTERNAL)
              .order_by("number").first())
    if round_ is None:
        return
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    units = {u.code: u for u in OrgUnit.objects.filter(institution=institution)}
    for code, narrative in data.items():
        result = BenchmarkResult.objects.filter(round=round_, benchmark__code=code).first()
        if result is None:
            continue
        if not result.response:
            BenchmarkResult.objects.filter(pk=result.pk).update(response=narrative["account"])
        if not result.working_group_comment:
            BenchmarkResult.objects.filter(pk=result.pk).update(working_group_comment=narrative["working_group"])
        for unit_code, text in (narrative.get("contributions") or {}).items():
            if unit_code in units:
                result.responsible_units.add(units[unit_code])
                ResultContribution.objects.get_or_create(result=result, unit=units[unit_code], defaults={"text": text})
