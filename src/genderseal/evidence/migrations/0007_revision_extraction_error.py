from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0006_search_pairs_postgres"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidencerevision",
            name="extraction_error",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
