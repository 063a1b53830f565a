from django.db import migrations

SUBJECTS = [
    ("Русский язык", "Рус. яз.", ["русский", "рус. язык", "русский яз."], True),
    ("Литература", "Лит.", [], True),
    ("Математика", "Мат.", ["математика (профильная)", "математика профильного уровня", "алгебра и начала математического анализа", "алгебра и начала анализа"], True),
    ("Математика (базовая)", "Мат. база", ["математика базового уровня", "математика базовая"], True),
    ("Алгебра", "", [], False),
    ("Геометрия", "", [], False),
    ("Вероятность и статистика", "", [], False),
    ("Физика", "", [], True),
    ("Химия", "", [], True),
    ("Биология", "", [], True),
    ("География", "", [], True),
    ("История", "", ["история россии", "всеобщая история"], True),
    ("Обществознание", "", [], True),
    ("Информатика", "", ["информатика и икт"], True),
    ("Английский язык", "Англ. яз.", ["иностранный язык (английский)"], True),
    ("Немецкий язык", "Нем. яз.", ["иностранный язык (немецкий)"], True),
    ("Французский язык", "Франц. яз.", ["иностранный язык (французский)"], True),
    ("Родной язык", "", [], False),
    ("Родная литература", "", [], False),
    ("Астрономия", "", [], False),
    ("Основы безопасности и защиты Родины", "ОБЗР", ["обж", "основы безопасности жизнедеятельности"], False),
    ("Физическая культура", "Физ-ра", ["физкультура"], False),
    ("Технология", "Труд", ["труд (технология)"], False),
    ("Индивидуальный проект", "", [], False),
]


def add_subjects(apps, schema_editor):
    Subject = apps.get_model("assessments", "Subject")
    for order, (name, short, aliases, ege) in enumerate(SUBJECTS, start=1):
        Subject.objects.update_or_create(
            name=name, defaults={"short_name": short, "aliases": aliases, "has_ege": ege, "order": order}
        )


def remove_subjects(apps, schema_editor):
    apps.get_model("assessments", "Subject").objects.filter(name__in=[s[0] for s in SUBJECTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(add_subjects, remove_subjects)]
