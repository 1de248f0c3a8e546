"""The starting service catalogue: the 19 pre-pregnancy items and the reproductive-health
items (checkups/catalogue.py); operators adjust it in the admin afterwards."""

from django.db import migrations


def load(apps, schema_editor):
    from checkups.catalogue import load_items

    load_items(apps.get_model("checkups", "ServiceItem"))


class Migration(migrations.Migration):
    dependencies = [("checkups", "0001_checkups")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
