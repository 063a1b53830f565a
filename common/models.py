from django.db import models


class ColumnChoice(models.Model):
    """A person's answer to «which of the file's columns is this one?», kept for the next file of the same
    kind from the same place (``scope``, e.g. «school:12»), so that next month's extract needs no question."""

    scope = models.CharField("чей файл", max_length=64)
    kind = models.CharField("вид файла", max_length=32)
    column = models.CharField("столбец", max_length=64)
    header = models.CharField("заголовок в файле", max_length=255)
    updated_at = models.DateTimeField("когда выбран", auto_now=True)

    class Meta:
        verbose_name = "выбранный столбец файла"
        verbose_name_plural = "выбранные столбцы файлов"
        constraints = [
            models.UniqueConstraint(fields=["scope", "kind", "column"], name="column_choice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.kind}: {self.column} = «{self.header}»"
