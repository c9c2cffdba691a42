"""Meaning codes in a narrow table of their own (meaning_index.py), filled from the stored vectors."""
import django.db.models.deletion
import numpy as np
from django.db import migrations, models


def fill(apps, schema_editor):
    EvidenceEmbedding = apps.get_model("evidence", "EvidenceEmbedding")
    MeaningCode = apps.get_model("evidence", "MeaningCode")
    last = 0
    while True:
        rows = list(EvidenceEmbedding.objects.filter(pk__gt=last).order_by("pk")
                    .values_list("pk", "evidence_id", "evidence__institution_id", "version", "vector")[:2000])
        if not rows:
            return
        MeaningCode.objects.bulk_create([
            MeaningCode(embedding_id=pk, evidence_pk=evidence, institution_id=institution, version=version,
                        code=np.packbits(np.frombuffer(bytes(vector), np.float32) > 0).tobytes())
            for pk, evidence, institution, version, vector in rows])
        last = rows[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),  # the institution table only: rolling back later core steps keeps this
        ("evidence", "0012_embedding_codes"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeaningCode",
            fields=[
                ("embedding", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                   related_name="+", serialize=False,
                                                   to="evidence.evidenceembedding")),
                ("evidence_pk", models.BigIntegerField()),
                ("version", models.CharField(max_length=32)),
                ("code", models.BinaryField()),
                ("institution", models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                                  related_name="+", to="core.institution")),
            ],
            options={
                "indexes": [models.Index(fields=["institution", "version", "embedding"], name="meaning_code_index")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RemoveField(model_name="evidenceembedding", name="code"),
    ]
