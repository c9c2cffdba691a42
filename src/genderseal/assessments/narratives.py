"""Benchmark narratives: the institution's account with each responsible unit's contribution, and the
working group's comments and suggestions (the seed's "ข้อมูลที่สำนักงาน ก.ก. จัดทำ | ข้อคิดเห็นและ
เสนอแนะเพิ่มเติมจาก กยช." tables)."""
from django.db import transaction
from django.utils.translation import gettext as _

from genderseal.core.audit import record
from genderseal.core.errors import Locked, NotAllowed
from genderseal.core.models import Role

from .models import ResultContribution


def result_units(result):
    """The lead unit and the responsible units of a result, lead first (prefetched)."""
    units = [result.lead_unit] if result.lead_unit_id else []
    return units + [u for u in result.responsible_units.all() if u.pk != result.lead_unit_id]


def writable_units(membership, result):
    """The units whose contribution this member may write: the secretariat all of them, a focal point
    their own; nobody once the round is closed or locked."""
    if result.round.is_read_only or not membership.can("result.respond"):
        return []
    units = result_units(result)
    if membership.role == Role.SECRETARIAT:
        return units
    mine = {u.pk for u in membership.units.all()}
    return [u for u in units if u.pk in mine]


def may_comment(membership, result):
    return membership.can("result.wg_comment") and not result.round.is_read_only


@transaction.atomic
def save_narrative(membership, result, contributions, working_group_comment=None, actor=None):
    """`contributions`: {unit pk: text} ("" removes it); the working group's comment when given."""
    if result.round.is_read_only:
        raise Locked(_("The round is closed or signed off: its narratives take no more changes."))
    allowed = {u.pk: u for u in writable_units(membership, result)}
    if any(pk not in allowed for pk in contributions) or (
            working_group_comment is not None and not may_comment(membership, result)):
        raise NotAllowed(_("You may write only your own units' contributions."))
    stored = {c.unit_id: c for c in ResultContribution.objects.filter(result=result)}
    before = {str(allowed[pk]): stored[pk].text for pk in contributions if pk in stored}
    after = {}
    for pk, text in contributions.items():
        text = (text or "").strip()
        current = stored.get(pk)
        if not text:
            if current:
                current.delete()
            continue
        after[str(allowed[pk])] = text
        if current is None:
            ResultContribution.objects.create(result=result, unit_id=pk, text=text, updated_by=actor)
        elif current.text != text:
            current.text, current.updated_by = text, actor
            current.save(update_fields=["text", "updated_by", "updated_at"])
    if working_group_comment is not None and working_group_comment.strip() != result.working_group_comment:
        before["working_group_comment"] = result.working_group_comment
        result.working_group_comment = working_group_comment.strip()
        result.save(update_fields=["working_group_comment", "updated_at"])
        after["working_group_comment"] = result.working_group_comment
    if before != after:
        record("result.narrative", f"{result.round.number}/{result.benchmark.code}", institution=membership.institution,
               actor=actor, ref=f"assessments.result:{result.pk}", before=before, after=after)
