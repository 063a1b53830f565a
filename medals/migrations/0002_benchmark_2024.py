from decimal import Decimal

from django.db import migrations


def add_benchmark(apps, schema_editor):
    apps.get_model("medals", "MedalBenchmark").objects.update_or_create(
        year=2024,
        defaults={
            "national_share": Decimal("17.5"),
            "ege_below_70_limit": Decimal("0"),
            "source": "Доля медалистов среди выпускников 11 классов по России, 2024 год",
        },
    )


def remove_benchmark(apps, schema_editor):
    apps.get_model("medals", "MedalBenchmark").objects.filter(year=2024).delete()


class Migration(migrations.Migration):
    dependencies = [("medals", "0001_initial")]
    operations = [migrations.RunPython(add_benchmark, remove_benchmark)]
