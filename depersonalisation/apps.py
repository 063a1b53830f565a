from django.apps import AppConfig


class DepersonalisationConfig(AppConfig):
    name = "depersonalisation"
    verbose_name = "Обезличивание обучающихся по истечении срока хранения"
