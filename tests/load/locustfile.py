"""The mix of a deadline morning: methodists browse and filter, school heads save statuses and upload
journal extracts at once, the department head orders reports. Run by `make load` (tests/load/run.py)."""

from __future__ import annotations

import json
import os
import random
import time
from datetime import date
from pathlib import Path

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, events, task

# locust puts this folder on the path
from patterns import CANDIDATE_ROW, PROGRESS_LINK, SCHOOL_OPTION, UPLOAD_PAGE, VERSION

PASSWORD = "demo-pass-2024"
SCHOOL_HEADS = [f"direktor{n:02d}" for n in range(1, 13)]
USERS = int(os.environ.get("LOAD_USERS", "100"))
STEADY_SECONDS = int(os.environ.get("LOAD_STEADY_SECONDS", "60"))
LOGINS_FILE = Path(os.environ.get("LOAD_LOGINS_FILE", "var/load/logins.json"))

# Everybody logs in first; the statistics start once the last one is in. Fifty logins within seconds
# are password hashing by design (about 0.3 s of CPU each) and are timed separately, in LOGINS_FILE.
ALL_LOGGED_IN = Event()
LOGIN_SECONDS: list[float] = []
METHODISTS = ["metodist", "metodist2", "zav_imc"]


class LoggedIn(FastHttpUser):
    """locust's geventhttpclient user: the load generator runs on the same two cores as the server, and
    requests' client took three times the CPU per request (0.19 of a core at 65 requests a second)."""

    abstract = True
    username = ""

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def log_in(self, username: str) -> None:
        started = time.perf_counter()
        self.client.get("/accounts/login/", name="login page")
        token = self.cookie("csrftoken")
        self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="login",
        )
        self.username = username
        LOGIN_SECONDS.append(time.perf_counter() - started)
        self.prepare()
        if len(LOGIN_SECONDS) >= USERS and not ALL_LOGGED_IN.is_set():
            self.environment.runner.stats.reset_all()
            ALL_LOGGED_IN.set()
            # The steady phase lasts STEADY_SECONDS from here, however long the logins took (-t is a cap).
            gevent.spawn_later(STEADY_SECONDS, self.environment.runner.quit)
        ALL_LOGGED_IN.wait(timeout=300)

    def prepare(self) -> None:
        """What a person opens once after logging in, before the statistics start."""

    def post(
        self, url: str, data: dict, *, name: str, files: dict | None = None, htmx: bool = False, **kwargs
    ):
        headers = {"X-CSRFToken": self.cookie("csrftoken"), "Referer": f"{self.host}{url}"}
        if htmx:
            headers["HX-Request"] = "true"
        if files:
            kwargs["files"] = files  # multipart, written by geventhttpclient
        return self.client.post(url, data=data, headers=headers, name=name, **kwargs)


class Methodist(LoggedIn):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.log_in(random.choice(METHODISTS))

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(3)
    def filter_overdue(self) -> None:
        self.client.get("/roadmaps/measures/?overdue=on", name="measures ?overdue")

    @task(2)
    def filter_by_status_and_sort(self) -> None:
        status = random.choice(["not_started", "in_progress", "done"])
        self.client.get(f"/roadmaps/measures/?status={status}&sort=-deadline", name="measures ?status&sort")

    @task(2)
    def open_a_measure(self) -> None:
        page = self.client.get("/roadmaps/measures/", name="measures")
        ids = PROGRESS_LINK.findall(page.text)
        if ids:
            self.client.get(f"/roadmaps/progress/{random.choice(ids)}/", name="progress detail")

    @task(1)
    def candidates(self) -> None:
        self.client.get("/medals/", name="candidates")

    @task(1)
    def objectivity(self) -> None:
        self.client.get("/assessments/objectivity/", name="objectivity")


class SchoolHead(LoggedIn):
    weight = 6
    wait_time = between(1, 3)

    school = ""

    def on_start(self) -> None:
        self.log_in(random.choice(SCHOOL_HEADS))

    def prepare(self) -> None:
        page = self.client.get("/medals/upload/journal/", name="upload page")
        found = SCHOOL_OPTION.search(page.text or "")
        self.school = found.group(1) if found else ""

    @task(5)
    def save_a_status(self) -> None:
        page = self.client.get("/roadmaps/measures/", name="measures (own school)")
        ids = PROGRESS_LINK.findall(page.text)
        if not ids:
            return
        pk = random.choice(ids)
        detail = self.client.get(f"/roadmaps/progress/{pk}/", name="progress detail")
        version = VERSION.search(detail.text)
        if not version:
            return
        data = {
            f"p{pk}-status": random.choice(["in_progress", "done"]),
            f"p{pk}-comment": "Отчёт направлен в УО.",
            f"p{pk}-version": version.group(1),
        }
        with self.post(
            f"/roadmaps/progress/{pk}/status/", data, name="status (htmx)", htmx=True, catch_response=True
        ) as response:
            # Two people saving the same row: the second is told so (409); that is the rule, not an error.
            if response.status_code in (200, 409):
                response.success()

    @task(1)
    def upload_an_extract(self) -> None:
        page = self.client.get("/medals/", name="candidates (own school)")
        rows = CANDIDATE_ROW.findall(page.text)[:3]
        if not rows:
            return
        lines = ["ФИО;Класс;Учебный год;Предмет;Период;Вид работы;Дата;Отметка;Учитель"]
        for name, class_name, year in rows:
            start = int(year) - 1 if class_name.strip().startswith("11") else int(year) - 2
            for day in (10, 17, 24):
                when = date(start, 10, day).strftime("%d.%m.%Y")
                lines.append(
                    f"{name.strip()};{class_name.strip()};{start}-{start + 1};Русский язык;;"
                    f"контрольная работа;{when};{random.choice('45')};Гасанова Л.М."
                )
        content = ("\n".join(lines) + "\n").encode("utf-8")
        checked = self.post(
            "/medals/upload/journal/",
            {"school": self.school},
            name="extract upload",
            files={"file": ("vypiska.csv", content, "text/csv")},
        )
        match = UPLOAD_PAGE.search(checked.url or "")
        if match and 'data-testid="confirm"' in checked.text:
            self.post(f"/medals/uploads/{match.group(1)}/save/", {}, name="extract save")


@events.quitting.add_listener
def _write_login_times(environment, **kwargs) -> None:
    LOGINS_FILE.parent.mkdir(parents=True, exist_ok=True)
    LOGINS_FILE.write_text(json.dumps(sorted(LOGIN_SECONDS)), encoding="utf-8")
