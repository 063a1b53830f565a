from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Сайт целиком: главная страница, поиск, помощь, список школ"
