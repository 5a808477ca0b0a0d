"""The five practices every pilot starts with (editable; organizations add their own)."""

from django.db import migrations


from workshift.impact.catalog import STARTING_PRACTICES as PRACTICES


def seed(apps, schema_editor):
    Practice = apps.get_model("impact", "Practice")
    for position, name, starter, description in PRACTICES:
        Practice.objects.get_or_create(
            pilot=None, name=name, defaults={"position": position, "starter": starter, "description": description}
        )


def unseed(apps, schema_editor):
    Practice = apps.get_model("impact", "Practice")
    Practice.objects.filter(pilot=None, name__in=[p[1] for p in PRACTICES], adoptions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
