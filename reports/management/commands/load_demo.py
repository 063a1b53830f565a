from django.core.management.base import BaseCommand

from assessments.demo import load_assessments_demo
from assessments.demo_effect import load_effect_demo
from assessments.demo_region import load_region_demo
from medals.demo import load_medals_demo
from reports.demo import load_reports_demo
from roadmaps.demo import DEMO_DISTRICT, DEMO_PASSWORD, load_base_demo
from schools.models import Municipality


class Command(BaseCommand):
    help = "Загружает демонстрационные данные (повторный запуск ничего не меняет) и печатает логины."

    def handle(self, *args, **options) -> None:
        logins = load_base_demo()
        district = Municipality.objects.get(name=DEMO_DISTRICT)
        load_assessments_demo(municipality=district)
        load_effect_demo(municipality=district)  # targeted measures on the demo's flagged schools
        load_region_demo(district=district)
        load_medals_demo(municipality=district)
        load_reports_demo(municipality=district)
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные загружены."))
        self.stdout.write(f"Войдите одним из демо-пользователей (пароль у всех: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<12} {login.role:<32} {login.name}")
