import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0013_observer_user"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="VprDatesUpload",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "file",
                    models.FileField(max_length=255, upload_to="assessments/vpr-dates/%Y/%m/", verbose_name="файл"),
                ),
                ("original_name", models.CharField(max_length=255, verbose_name="имя файла")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("preview", "проверен, ждёт подтверждения"),
                            ("saved", "сохранён"),
                            ("rejected", "есть ошибки, ничего не сохранено"),
                        ],
                        default="preview",
                        max_length=16,
                        verbose_name="состояние",
                    ),
                ),
                ("rows", models.PositiveIntegerField(default=0, verbose_name="строк")),
                ("added", models.PositiveIntegerField(default=0, verbose_name="новых дат")),
                ("errors", models.JSONField(blank=True, default=list, verbose_name="ошибки")),
                ("report", models.JSONField(blank=True, default=dict, verbose_name="итог проверки")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True, verbose_name="загружен")),
                ("saved_at", models.DateTimeField(blank=True, null=True, verbose_name="сохранён")),
                (
                    "municipality",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="schools.municipality"
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "загрузка дат ВПР",
                "verbose_name_plural": "загрузки дат ВПР",
                "ordering": ["-uploaded_at", "-pk"],
            },
        ),
    ]
