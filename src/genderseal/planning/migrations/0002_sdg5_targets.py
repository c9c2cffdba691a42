from django.db import migrations


def load(apps, schema_editor):
    from genderseal.planning.sdg import load_sdg_targets

    load_sdg_targets(apps.get_model("planning", "SdgTarget"))


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
