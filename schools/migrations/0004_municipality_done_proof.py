from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_calendar_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="done_proof",
            field=models.CharField(
                choices=[
                    ("file_or_comment", "файл или комментарий, где лежит подтверждение"),
                    ("file", "только прикреплённый файл"),
                ],
                default="file_or_comment",
                help_text="Без чего строку исполнения нельзя отметить «выполнено».",
                max_length=16,
                verbose_name="подтверждение статуса «выполнено»",
            ),
        ),
    ]
