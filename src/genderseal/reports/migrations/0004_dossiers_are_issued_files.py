"""Every evidence `Dossier` becomes an `IssuedReport` of kind "dossier" (the one model of files built in the
background); its ZIP is copied into the reports store (content-addressed), the evidence store's copy kept.

A dossier still waiting or building when this runs was left by the old task: it is marked failed (asking
again builds it the new way)."""
from django.db import migrations

STATES = {"pending": "failed", "running": "failed", "done": "done", "failed": "failed"}
INTERRUPTED = "interrupted by an upgrade: ask for the dossier again"


def _copy(name):
    """The dossier's ZIP copied into the reports store: Stored(name, sha256, size), or None when it is gone."""
    from genderseal.evidence.storage import get_store as evidence_store
    from genderseal.reports.storage import get_store as reports_store

    source = evidence_store()
    if not name or not source.exists(name):
        return None
    with source.open(name) as handle:
        return reports_store().put(handle)


def move_dossiers(apps, schema_editor):
    Dossier = apps.get_model("evidence", "Dossier")
    IssuedReport = apps.get_model("reports", "IssuedReport")
    for dossier in Dossier.objects.select_related("institution", "round").order_by("pk").iterator():
        state = STATES.get(dossier.state, "failed")
        stored = _copy(dossier.storage_name) if state == "done" else None
        if state == "done" and stored is None:
            state = "failed"
        error = dossier.message or ("" if state == "done" else INTERRUPTED)
        if dossier.state == "done" and stored is None:
            error = "the dossier's file is missing"
        report = IssuedReport.objects.create(
            institution_id=dossier.institution_id, kind="dossier", audience="secretariat",
            parameters={"round": dossier.round.number, "language": "th"}, state=state,
            progress=100 if state == "done" else dossier.progress, error=error,
            storage_name=stored.name if stored else "", sha256=stored.sha256 if stored else "",
            size=stored.size if stored else 0,
            filename=f"dossier-{dossier.institution.slug}-round-{dossier.round.number}.zip" if stored else "",
            content_type="application/zip" if stored else "", requested_by_id=dossier.created_by_id,
            detail={"files": dossier.files, "dossier": dossier.pk}, finished_at=dossier.finished_at)
        # requested_at is set on creation (auto_now_add): give it the dossier's own time.
        IssuedReport.objects.filter(pk=report.pk).update(requested_at=dossier.created_at,
                                                         touched_at=dossier.finished_at or dossier.created_at)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_issued_file_detail"),
        ("evidence", "0013_meaning_codes"),
    ]

    operations = [
        migrations.RunPython(move_dossiers, migrations.RunPython.noop),
    ]
