"""A sign-code column on the vectors; superseded by the narrow MeaningCode table of 0013 (which fills it)."""
from django.db import migrations, models


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
    ]
