"""Production settings from the environment.

Before: `check --deploy` with DJANGO_DEBUG=0 warned of no HSTS and no SSL redirect (neither could be set
from the environment), cookies were not Secure unless a variable was set, and there was no
Content-Security-Policy. Each test starts Django in a subprocess with only the variables it names.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "x7Kq2-production-shaped-test-key-9fT4vLm8Rz3wYp6Qn1Hs5Jd0Gc",
    "ALLOWED_HOSTS": "roadmap.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://roadmap.example.org",
}
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ("
    "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE',"
    "'CSRF_COOKIE_SECURE', 'SECURE_PROXY_SSL_HEADER', 'CONTENT_SECURITY_POLICY')}))"
)


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _settings(env: dict[str, str], tmp_path: Path) -> dict:
    result = _run(["-c", READ], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_with_production_variables_prints_no_warning(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output and "security." not in output


def test_production_is_https_only_by_default(tmp_path):
    production = _settings(PRODUCTION, tmp_path)
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000 and production["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    policy = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert policy["script-src"] == ["'self'"] and policy["object-src"] == ["'none'"]


def test_a_plain_http_intranet_turns_each_switch_off(tmp_path):
    intranet = _settings({**PRODUCTION, "HTTPS": "0"}, tmp_path)
    assert intranet["SECURE_SSL_REDIRECT"] is False and intranet["SECURE_HSTS_SECONDS"] == 0
    assert intranet["SESSION_COOKIE_SECURE"] is False and intranet["CSRF_COOKIE_SECURE"] is False
    one_by_one = _settings(
        {**PRODUCTION, "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "3600"}, tmp_path
    )
    assert one_by_one["SECURE_SSL_REDIRECT"] is False and one_by_one["SECURE_HSTS_SECONDS"] == 3600
    assert one_by_one["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    ("env", "header"),
    [
        ({}, None),
        ({"BEHIND_PROXY": "1"}, ["HTTP_X_FORWARDED_PROTO", "https"]),
        ({"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_SSL,on"}, ["HTTP_X_FORWARDED_SSL", "on"]),
    ],
)
def test_the_proxy_header_comes_from_the_environment(tmp_path, env, header):
    assert _settings({**PRODUCTION, **env}, tmp_path)["SECURE_PROXY_SSL_HEADER"] == header


def test_development_stays_plain_http(tmp_path):
    development = _settings({}, tmp_path)
    assert development["SECURE_SSL_REDIRECT"] is False and development["SESSION_COOKIE_SECURE"] is False
