"""Dossiers from before they were issued files (reports migration 0004 moved every `evidence.Dossier`).

Each moved dossier is an IssuedReport of kind "dossier" keeping its old id in `detail["dossier"]`:
- `moved` finds the record an old link names (`/i/<slug>/evidence/dossiers/<old id>/`, its download, the
  API's `…/dossiers/<old id>`), through the scoping helper: other members and institutions get 404;
- `forget_old_zips` removes the old ZIPs (`dossiers/<old id>-<uuid>.zip` in the evidence store) whose copy
  in the reports store is verified by hash; a ZIP whose copy is missing or differs is kept and reported.
  Run by `gender-seal evidence forget-old-dossiers` (docs/operations.md, "once per release").
"""
import re
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from genderseal.core.files import hash_stored
from genderseal.core.scoping import get_scoped
from genderseal.evidence.storage import get_store as evidence_store

from .models import IssuedReport, ReportKind, ReportState
from .storage import get_store as reports_store

OLD_FOLDER = "dossiers"
OLD_NAME = re.compile(r"^dossiers/(\d{1,18})-[0-9a-f]+\.zip$")
LARGEST_ID = 2**63 - 1  # an id no database column holds names no dossier


def _moved(old_id):
    return IssuedReport.objects.filter(kind=ReportKind.DOSSIER, detail__dossier=old_id)


def moved(membership, old_id):
    """The record of this institution's dossier that had `old_id` before the move; None when no dossier of the
    member's institution had that id; 404 when it had, but this member may not see it."""
    if not 0 < old_id <= LARGEST_ID:
        return None
    records = _moved(old_id)
    try:
        return get_scoped(records, membership)
    except Http404:
        if records.filter(institution=membership.institution_id).exists():
            raise  # this institution's dossier, not for this member
        return None


@dataclass
class Forgotten:
    removed: list = field(default_factory=list)  # names removed from the evidence store
    kept: list = field(default_factory=list)  # (name, reason), each left in place


def _why_kept(old, copies, name, record):
    """None when `name` may go: its record is done, and the old file and the record's copy both hash to the
    record's sha256. Otherwise the reason it stays."""
    if record is None:
        return _("no moved dossier has this id")
    if record.state != ReportState.DONE or not record.sha256 or not record.storage_name:
        return _("its record (issued file %(pk)s) holds no copy") % {"pk": record.pk}
    if not copies.exists(record.storage_name):
        return _("its copy (%(name)s) is missing") % {"name": record.storage_name}
    if hash_stored(copies, record.storage_name) != record.sha256:
        return _("its copy (%(name)s) differs from its record") % {"name": record.storage_name}
    if hash_stored(old, name) != record.sha256:
        return _("it differs from its copy (issued file %(pk)s)") % {"pk": record.pk}
    return None


def forget_old_zips(dry_run=False):
    """Remove each old dossier ZIP whose copy is verified; returns what was removed and what was kept, why."""
    old, copies, result = evidence_store(), reports_store(), Forgotten()
    for name in old.names_in(OLD_FOLDER):
        match = OLD_NAME.match(name)
        if not match:
            result.kept.append((name, _("not a dossier's name")))
            continue
        record = _moved(int(match[1])).order_by("pk").first()
        reason = _why_kept(old, copies, name, record)
        if reason:
            result.kept.append((name, reason))
            continue
        if not dry_run:
            old.delete(name)
        result.removed.append(name)
    return result
