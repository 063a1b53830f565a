"""`make load`: gunicorn on PostgreSQL with Redis and a Celery worker, driven by locust from another
process for 60 seconds with 100 users (LOAD_USERS); prints requests per second, p50/p95/p99 latency
and errors.

Targets: no errors, p95 under 500 ms with 100 users (LOAD_USERS) on a 2-core machine. The
figures are printed and written to var/load.json; nothing here fails a build on a slow machine.
Statistics start once all users have logged in: 100 logins within seconds are password hashing by
design, not the steady load of a deadline morning; they are timed and printed separately.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LOAD_PORT", "8123"))
USERS = int(os.environ.get("LOAD_USERS", "100"))
# 60 s of steady load once everybody has logged in (the locustfile stops then); -t is only a cap.
STEADY_SECONDS = int(os.environ.get("LOAD_STEADY_SECONDS", "60"))
DURATION = os.environ.get("LOAD_DURATION", "600s")
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/roadmap_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/3")


def recreate_database() -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DJANGO_DEBUG": "0",
        "HTTPS": "0",  # gunicorn on plain http here: no redirect to https, no Secure-only cookies
        "SECRET_KEY": "load-test-only",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VAR_DIR": str(ROOT / "var" / "load"),
        "LOG_LEVEL": "WARNING",
        "LOAD_USERS": str(USERS),
        "LOAD_STEADY_SECONDS": str(STEADY_SECONDS),
        "LOAD_LOGINS_FILE": str(ROOT / "var" / "load" / "logins.json"),
    }


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Сервер не ответил на {url} за {seconds} с")


def summary(stats_csv: Path) -> dict:
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "by_request": [
            {
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
            }
            for row in rows
            if row["Name"] != "Aggregated" and int(row["Request Count"])
        ],
    }


def main() -> None:
    env = environment()
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    manage = [str(VENV_BIN / "python"), str(ROOT / "manage.py")]
    print(f"База {DATABASE_URL}, брокер {REDIS_URL}: подготовка демонстрационных данных…", flush=True)
    recreate_database()
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([*manage, "load_demo"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "4", "--log-level", "warning",
         # A first request on a busy machine imports every URL module: more than gunicorn's default 30 s.
         "--timeout", "120"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [str(VENV_BIN / "celery"), "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{PORT}/accounts/login/", seconds=240)
        subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(ROOT / "tests" / "load" / "locustfile.py"), "--headless",
             "-u", str(USERS), "-r", "10", "-t", DURATION, "--host", f"http://127.0.0.1:{PORT}",
             "--csv", str(out / "locust"), "--only-summary", "--loglevel", "WARNING"],
            env=env, cwd=ROOT, check=False,
        )  # fmt: skip
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)
    result = summary(out / "locust_stats.csv")
    result.update({"users": USERS, "steady_seconds": STEADY_SECONDS, "workers": 4})
    (ROOT / "var" / "load.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print()
    print(f"{'запрос':<32} {'число':>7} {'ошибок':>7} {'p50, мс':>8} {'p95, мс':>8}")
    for row in result["by_request"]:
        name = row["name"][:32]
        counts = f"{row['requests']:>7} {row['failures']:>7}"
        print(f"{name:<32} {counts} {row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f}")
    print()
    print(
        f"Всего: {result['requests']} запросов, {result['rps']} в секунду, ошибок {result['failures']}; "
        f"p50 {result['p50_ms']:.0f} мс, p95 {result['p95_ms']:.0f} мс, p99 {result['p99_ms']:.0f} мс "
        f"({USERS} пользователей, {STEADY_SECONDS} с после входа всех)."
    )
    logins = json.loads((out / "logins.json").read_text(encoding="utf-8"))
    if logins:
        result["login_p50_ms"] = round(1000 * logins[len(logins) // 2])
        result["login_max_ms"] = round(1000 * logins[-1])
        (ROOT / "var" / "load.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        print(
            f"Вход {len(logins)} пользователей в первые секунды: медиана {result['login_p50_ms']} мс, "
            f"самый долгий {result['login_max_ms']} мс (в общие цифры не входит)."
        )
    print(
        "Цель: без ошибок и p95 < 500 мс.",
        "Выполнена." if result["failures"] == 0 and result["p95_ms"] < 500 else "НЕ выполнена.",
    )


if __name__ == "__main__":
    main()
