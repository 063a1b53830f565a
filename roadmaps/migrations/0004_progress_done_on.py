from django.db import migrations, models


def fill_done_on(apps, schema_editor):
    """Rows already «выполнено»: the day of their last change to it, else the day they were last saved."""
    Progress = apps.get_model("roadmaps", "Progress")
    ProgressChange = apps.get_model("roadmaps", "ProgressChange")
    last_done = {}
    for progress_id, changed_at in (
        ProgressChange.objects.filter(new_status="done")
        .order_by("changed_at")
        .values_list("progress_id", "changed_at")
    ):
        last_done[progress_id] = changed_at
    rows = []
    for row in Progress.objects.filter(status="done", done_on__isnull=True).only("pk", "updated_at"):
        when = last_done.get(row.pk) or row.updated_at
        if when is not None:
            row.done_on = when.date()
            rows.append(row)
    Progress.objects.bulk_update(rows, ["done_on"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("roadmaps", "0003_appendix"),
    ]

    operations = [
        migrations.AddField(
            model_name="progress",
            name="done_on",
            field=models.DateField(
                blank=True,
                help_text="День, когда строку отметили «выполнено»: по нему видно выполнение с опозданием.",
                null=True,
                verbose_name="когда выполнено",
            ),
        ),
        migrations.RunPython(fill_done_on, migrations.RunPython.noop),
    ]
