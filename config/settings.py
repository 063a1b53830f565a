"""Settings read from the environment.

With no environment at all the app runs embedded: SQLite under var/, Celery tasks run inline,
e-mail is written to files under var/mail, uploads go to var/media. DATABASE_URL and REDIS_URL
switch on PostgreSQL and a real Celery broker, as in CI and docker-compose.yml.
"""

from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "embedded-mode-only-not-a-secret"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "common",
    "schools",
    "roadmaps",
    "assessments",
    "medals",
    "reports",
    "audit",
    "depersonalisation",
    "portal",
]
# The benchmark (bench/) is a development tool of the repository, outside the shipped apps: its command
# `manage.py bench` exists where the repository's bench/ does (`make bench`), and no app imports it.
if (BASE_DIR / "bench" / "__init__.py").exists():
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # The regional analyst: the municipality chosen in the top bar, and every change refused.
    "schools.middleware.ReadOnlyRolesMiddleware",
    "schools.middleware.MunicipalityTimezoneMiddleware",
    "schools.error_pages.RussianErrorPagesMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the login page with the reason.
    "axes.middleware.AxesMiddleware",
]
# With DEBUG on, a person still gets the Russian 404/400/500 pages; a developer who wants Django's
# technical pages asks for them explicitly.
TECHNICAL_ERROR_PAGES = env_bool("DJANGO_TECHNICAL_ERRORS", False)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schools.context_processors.navigation",
                "portal.help.help_context",
            ],
            # ``clip`` (a long title cut to a cell) in every template without a {% load %}.
            "builtins": ["common.templatetags.text"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "schools.User"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the person with their municipality and school (schools/backends.py).
    "schools.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root before collectstatic
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
# Uploaded files are private: they are served only through permission-checked views,
# so there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Where `make backup` (manage.py backup) writes its dated archives.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_CACHE_URL", REDIS_URL),
            "KEY_PREFIX": "roadmap",
            # The cache is optional (common.cache): a dead Redis must cost a second, not a hung request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Late acknowledgement only saves a task from a killed worker if the broker gives its message out again:
# Redis does so once it has stayed unacknowledged this long. Longer than the longest report, or a slow
# report would be delivered twice; a job killed earlier is caught by the stale sweep below.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # kombu looks for timed-out unacknowledged messages every 10 s but, by default, scans Redis on only
    # every tenth look: a killed worker's job would wait up to 100 s past the timeout. A scan is one
    # small ZRANGE, so every look scans.
    "unacked_restore_throttle": 1,
}
# A report job not heard from for this long (no progress step, no start) is marked «прервано».
REPORT_JOB_STALE_SECONDS = env_int("REPORT_JOB_STALE_SECONDS", 15 * 60)
# A list's Excel file of more rows than this is built by the report workers, not in the request: at region
# scale a row costs about a millisecond, so 500 rows stay well under a second (common.lists).
EXPORT_ROWS_IN_REQUEST = env_int("EXPORT_ROWS_IN_REQUEST", 500)
# Pages served as they were rendered while nothing they show has changed (common.kept_pages; PostgreSQL).
KEPT_PAGES = env_bool("KEPT_PAGES", True)
# A register or journal file larger than this is checked and saved by the workers, not in the request: a
# journal extract checks at about 20,000 rows (≈ 750 KiB of CSV) a second at region scale.
UPLOAD_BYTES_IN_REQUEST = env_int("UPLOAD_BYTES_IN_REQUEST", 512 * 1024)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Hourly; each municipality is served once its local clock reaches DIGEST_LOCAL_HOUR (reports.reminders).
    "reports-send-due-digests": {
        "task": "reports.send_due_digests",
        "schedule": 3600.0,
        "kwargs": {"local_hour": env_int("DIGEST_LOCAL_HOUR", 7)},
    },
    "reports-sweep-stale-jobs": {"task": "reports.sweep_stale_jobs", "schedule": 300.0},
    # Daily; each municipality by its own retention period (depersonalisation.expired).
    "audit-depersonalise-expired": {"task": "audit.depersonalise_expired", "schedule": 86400.0},
    # Every 6 hours, so that the analyses (a day in the cache) never expire between two runs
    # (assessments.objectivity_kept): no page computes one when someone looks.
    "assessments-keep-objectivity-cached": {
        "task": "assessments.keep_objectivity_cached",
        "schedule": 21600.0,
    },
}

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Дорожная карта УО <noreply@localhost>")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- security: production defaults when DJANGO_DEBUG=0, each switch overridable for a plain-http intranet ---
# (`manage.py check --deploy` with production variables prints nothing: tests/test_deploy_check.py.)
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]  # the container healthcheck asks over plain http, inside
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", bool(SECURE_HSTS_SECONDS))
# The preload flag only allows submitting the domain to the browsers' list; nothing is submitted by it.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", bool(SECURE_HSTS_SECONDS))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
# Kept in the database, read from the cache (Redis) while it answers: one query fewer on every page.
SESSION_ENGINE = "common.sessions"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind nginx or another proxy that ends TLS: «HTTP_X_FORWARDED_PROTO,https» (BEHIND_PROXY=1 says the same).
_proxy_header = env_list("SECURE_PROXY_SSL_HEADER", [])
if len(_proxy_header) == 2:
    SECURE_PROXY_SSL_HEADER = (_proxy_header[0], _proxy_header[1])
elif env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
else:
    SECURE_PROXY_SSL_HEADER = None
# How many proxies stand before gunicorn: the client's address is that far from the end of
# X-Forwarded-For (login throttling counts failures per address). 0: REMOTE_ADDR itself.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if SECURE_PROXY_SSL_HEADER else 0)

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site only; no inline
# script and no style attribute in the templates (tests/test_csp.py keeps it so).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or from one address,
# that account or address is locked for LOGIN_LOCKOUT_MINUTES; a successful login clears the account's
# failures, and the department head unlocks their municipality's people at /schools/locks/.
AXES_ENABLED = env_bool("LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours, as django-axes reads a float
AXES_LOCKOUT_PARAMETERS = env_list("LOGIN_LOCKOUT_BY", ["username", "ip_address"])
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "schools.login_locks.lockout_response"
AXES_CLIENT_IP_CALLABLE = "schools.login_locks.client_ip"
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
