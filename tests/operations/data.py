"""Data for backup tests, also built in a separate process (test_move.py): rows in most apps, evidence
files (an upload, a text file and a built dossier), audit events and a user permission."""


def build(world):
    from django.contrib.auth.models import Permission

    from genderseal.core.models import Membership
    from genderseal.evidence import services
    from genderseal.readiness.certificates import store_scan

    from tests.factories import (
        make_certificate,
        make_evidence,
        make_evidence_examples,
        make_issued_report,
        make_organisation,
        make_planning,
        make_readiness,
        make_thai_pdf,
        make_upload,
    )

    make_evidence_examples(world)
    membership = Membership.objects.get(user=world.secretariat)
    other = make_evidence(world.institution, "หลักฐานที่สอง", benchmarks=["1.1.2"])
    services.add_file(membership, other, make_upload("note.txt", "บันทึก ภาษาไทย".encode(), "text/plain"))
    make_organisation(world)
    make_planning(world)
    make_readiness(world)
    world.secretariat.user_permissions.add(Permission.objects.get(codename="view_user"))
    make_issued_report(world)  # a file in the reports store
    scan = store_scan(make_upload("certificate.pdf", make_thai_pdf(["ประกาศนียบัตร"]), "application/pdf"))
    make_certificate(world.institution, world.framework, scan_name=scan.name, scan_sha256=scan.sha256,
                     scan_size=scan.size, scan_content_type=scan.content_type, scan_original_name=scan.original_name)
    return world


def main(archive, expected):
    """In a fresh process with its own DATABASE_URL: migrate, build, back up, write what to expect."""
    import json

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from genderseal.core import backup

    from tests.factories import make_world

    build(make_world())
    manifest = backup.backup(archive)
    with open(expected, "w", encoding="utf-8") as out:
        json.dump({"rows": backup.rows_by_model(), "vendor": manifest["database_vendor"],
                   "files": backup.file_hashes()}, out)


if __name__ == "__main__":
    import sys

    main(sys.argv[1], sys.argv[2])
