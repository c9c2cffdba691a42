"""API tokens per institution, with an expiry and revocation.

Existing tokens are bound to their user's first membership (active ones first) and expire 90 days
after this migration; a token whose user belongs to no institution could only read the public
frameworks and is removed.
"""
from datetime import timedelta

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def bind(apps, schema_editor):
    ApiToken = apps.get_model("core", "ApiToken")
    Membership = apps.get_model("core", "Membership")
    expires = timezone.now() + timedelta(days=90)
    for token in ApiToken.objects.all():
        membership = (Membership.objects.filter(user_id=token.user_id).order_by("-is_active", "pk").first())
        if membership is None:
            token.delete()
            continue
        token.membership_id = membership.pk
        token.expires_at = expires
        token.save(update_fields=["membership", "expires_at"])


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_institution_emblem"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="membership",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="api_tokens", to="core.membership"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(bind, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="membership",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="api_tokens",
                                    to="core.membership"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="name",
            field=models.CharField(max_length=100, verbose_name="what it is for"),
        ),
        migrations.AlterModelOptions(name="apitoken", options={"ordering": ["-created_at"]}),
    ]
