"""What can be checked of the production shape without a Docker engine: the files parse and agree."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_postgres_redis_web_worker_and_beat():
    services = compose()["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_every_app_service_gets_the_database_and_the_broker():
    services = compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://"), name
        assert environment["REDIS_URL"].startswith("redis://"), name
        assert environment["DJANGO_DEBUG"] == "0", name
        assert services[name]["env_file"] == ".env", name


def test_the_app_waits_for_migrations_and_healthy_servers():
    services = compose()["services"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_web_service_is_healthy_when_healthz_answers():
    healthcheck = compose()["services"]["web"]["healthcheck"]
    command = " ".join(healthcheck["test"])
    assert healthcheck["test"][0] == "CMD" and "http://127.0.0.1:8000/healthz" in command
    assert "ALLOWED_HOSTS" in command  # Django answers 400 to a Host it does not serve
    assert healthcheck["retries"] >= 1 and healthcheck["interval"]


def test_env_example_names_the_settings_production_requires():
    names = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if "=" in line
    }
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "DEFAULT_FROM_EMAIL"} <= names


def test_dockerfile_copies_every_app_and_installs_the_pdf_dependencies():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for folder in (
        "config",
        "schools",
        "roadmaps",
        "assessments",
        "medals",
        "reports",
        "templates",
        "static",
    ):
        assert f"COPY {folder} ./{folder}" in dockerfile
    assert "libpango" in dockerfile and "fonts-dejavu-core" in dockerfile
    assert "collectstatic" in dockerfile
