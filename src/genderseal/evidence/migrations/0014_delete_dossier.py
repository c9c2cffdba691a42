"""Dossiers are issued files now (reports.IssuedReport of kind "dossier"): reports' 0004 moved every row."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0013_meaning_codes"),
        ("reports", "0004_dossiers_are_issued_files"),
    ]

    operations = [
        migrations.DeleteModel(name="Dossier"),
    ]
