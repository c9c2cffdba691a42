"""Each meaning vector's 64-byte sign code (meaning_index.py), written for the rows stored before."""
import numpy as np
from django.db import migrations, models


def write_codes(apps, schema_editor):
    EvidenceEmbedding = apps.get_model("evidence", "EvidenceEmbedding")
    while True:
        rows = list(EvidenceEmbedding.objects.filter(code=b"").only("pk", "vector")[:2000])
        if not rows:
            return
        for row in rows:
            row.code = np.packbits(np.frombuffer(bytes(row.vector), np.float32) > 0).tobytes()
        EvidenceEmbedding.objects.bulk_update(rows, ["code"])


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0011_benchmark_embeddings"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidenceembedding",
            name="code",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(write_codes, migrations.RunPython.noop),
    ]
