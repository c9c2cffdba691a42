"""Links keep only the SHA-256 of their token; batches of links are recorded (docs/survey.md)."""
import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def digests(apps, schema_editor):
    Invitation = apps.get_model("survey", "Invitation")
    for invitation in Invitation.objects.all().only("pk", "token"):
        Invitation.objects.filter(pk=invitation.pk).update(digest=hashlib.sha256(invitation.token.encode()).hexdigest())


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_institution_emblem'),
        ('survey', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='invitation',
            name='digest',
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(digests, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='invitation',
            name='token',
        ),
        migrations.AlterField(
            model_name='invitation',
            name='digest',
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.CreateModel(
            name='LinkBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('delivery', models.CharField(choices=[('email', 'By e-mail, one link to each address'), ('slips', 'Sealed printed slips (PDF, one per page)')], max_length=8, verbose_name='delivery')),
                ('count', models.PositiveIntegerField(verbose_name='links')),
                ('staff_count', models.PositiveIntegerField(verbose_name='staff in the unit')),
                ('earlier', models.PositiveIntegerField(default=0)),
                ('flagged', models.BooleanField(default=False)),
                ('made_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('made_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('survey', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='batches', to='survey.survey')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.orgunit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'batch of survey links',
                'ordering': ['made_at', 'pk'],
            },
        ),
    ]
