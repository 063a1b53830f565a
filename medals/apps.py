from django.apps import AppConfig


class MedalsConfig(AppConfig):
    name = "medals"
    verbose_name = "Претенденты на медаль"
