from django.db import migrations, models


class Migration(migrations.Migration):
    """A round's results in one review state: the review queue and the my-work count read it."""

    dependencies = [
        ("assessments", "0004_result_narratives"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="benchmarkresult",
            index=models.Index(fields=["round", "state"], name="result_round_state_idx"),
        ),
    ]
