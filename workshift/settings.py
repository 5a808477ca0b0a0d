"""The one settings module of Workshift, read from environment variables.

WORKSHIFT_DATA_DIR   folder for the SQLite file, uploads and reports (default ./data)
DATABASE_URL         any URL dj-database-url accepts (default: SQLite in the data folder)
SECRET_KEY           default: a random key kept in <data>/secret_key (demo/debug: a throwaway key)
WORKSHIFT_DEBUG      Django debug mode (default off)
WORKSHIFT_DEMO       demo mode: a random secret key is allowed (default off)
ALLOWED_HOSTS        comma separated (default 127.0.0.1,localhost)
EMAIL_HOST ...       SMTP settings; without EMAIL_HOST mail is printed to the console
                     (in demo mode: written to files in <data>/demo-mail)
WORKSHIFT_PULSE_MIN_GROUP  smallest group whose pulse answers are shown (default 5, never below 3)
WORKSHIFT_DASHBOARD_KEEP_SECONDS  how long a pilot dashboard's figures are kept for everyone who
                     sees the same workgroups (default 30; 0 computes them on every view)
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from workshift.accounts.hashers import PASSWORD_HASHERS as PRODUCTION_PASSWORD_HASHERS
from workshift.config import env_bool, env_float, env_int, env_list, env_proxy_header, env_str
from workshift.secret_key import secret_key_from_file

BASE_DIR = Path(__file__).resolve().parent
TESTING = "pytest" in sys.modules or env_bool("WORKSHIFT_TESTING")

DATA_DIR = Path(env_str("WORKSHIFT_DATA_DIR", str(Path.cwd() / "data"))).resolve()
DEBUG = env_bool("WORKSHIFT_DEBUG")
DEMO = env_bool("WORKSHIFT_DEMO")
# production: neither debug, demo nor the test suite; served over HTTPS (directly or behind a proxy)
PRODUCTION = not (DEBUG or DEMO or TESTING)
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(
        f"WORKSHIFT_DATA_DIR={str(DATA_DIR)!r} cannot be created ({exc.strerror or exc})"
    ) from None

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        SECRET_KEY = secret_key_from_file(data_dir=DATA_DIR)
    else:
        SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
if TESTING:
    ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "ninja",  # API docs from its own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "workshift.core",
    "workshift.people",
    "workshift.accounts",
    "workshift.pilots",
    "workshift.conditions",
    "workshift.impact",
    "workshift.leadership",
    "workshift.insights",
    "workshift.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "workshift.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workshift.core.audit.AuditActorMiddleware",
]

ROOT_URLCONF = "workshift.urls"
FORM_RENDERER = "workshift.core.forms.WorkshiftFormRenderer"
WSGI_APPLICATION = "workshift.wsgi.application"

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
                "workshift.core.context.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'workshift.sqlite3'}"
_db_url = env_str("DATABASE_URL") or _default_db
try:
    DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
except Exception as exc:  # dj-database-url raises several kinds
    raise ImproperlyConfigured(f"DATABASE_URL={_db_url!r} cannot be read: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"] if TESTING else PRODUCTION_PASSWORD_HASHERS
)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING or DEBUG
        else "workshift.core.static_storage.StaticStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif DEMO:
    # the demo's own notifications go to files, not over the logins table in the terminal
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "demo-mail"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "workshift@localhost")

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("WORKSHIFT_TASKS_IMMEDIATE")
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# HTTPS: on by default in production; a proxy that ends TLS names its header in
# SECURE_PROXY_SSL_HEADER, e.g. "X-Forwarded-Proto=https"
SECURE_PROXY_SSL_HEADER = env_proxy_header("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("WORKSHIFT_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("WORKSHIFT_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WORKSHIFT_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("WORKSHIFT_HSTS_PRELOAD", PRODUCTION)
# background workers: how often each one beats, and when a silent one counts as gone
WORKER_HEARTBEAT_SECONDS = env_int("WORKSHIFT_WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
WORKER_LOST_SECONDS = env_int("WORKSHIFT_WORKER_LOST_SECONDS", 120, minimum=1)
if WORKER_LOST_SECONDS < 2 * WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        f"WORKSHIFT_WORKER_LOST_SECONDS={WORKER_LOST_SECONDS} must be at least twice "
        f"WORKSHIFT_WORKER_HEARTBEAT_SECONDS={WORKER_HEARTBEAT_SECONDS}"
    )
WORKER_POLL_SECONDS = env_float("WORKSHIFT_WORKER_POLL_SECONDS", 1.0, minimum=0.05)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# scripts, styles, fonts and images only from this server; inline style attributes
# (progress bars, chart SVG) are allowed, inline scripts and eval are not
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

# the public volunteer link: applications per address and per call, per hour
APPLY_LIMIT_PER_ADDRESS = env_int("WORKSHIFT_APPLY_LIMIT_PER_ADDRESS", 10, minimum=1)
APPLY_LIMIT_PER_CALL = env_int("WORKSHIFT_APPLY_LIMIT_PER_CALL", 300, minimum=1)
# behind a proxy: the header that carries the caller's address (e.g. X-Forwarded-For)
CLIENT_IP_HEADER = env_str("WORKSHIFT_CLIENT_IP_HEADER")
LOGIN_THROTTLE_ATTEMPTS = env_int("WORKSHIFT_LOGIN_ATTEMPTS", 5, minimum=1)
LOGIN_THROTTLE_MINUTES = env_int("WORKSHIFT_LOGIN_LOCK_MINUTES", 15, minimum=1)
# uploads (people and readings files): the largest file, and how far an XLSX may unpack
UPLOAD_MAX_BYTES = env_int("WORKSHIFT_UPLOAD_MAX_MB", 50, minimum=1) * 1_000_000
XLSX_MAX_UNPACKED_BYTES = env_int("WORKSHIFT_XLSX_MAX_UNPACKED_MB", 300, minimum=1) * 1_000_000
FILE_UPLOAD_HANDLERS = [
    "workshift.core.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
IMPORT_BACKGROUND_ROWS = env_int("WORKSHIFT_IMPORT_BACKGROUND_ROWS", 5000, minimum=1)

# tests compute the dashboard on every view; the keeping itself has its own test
DASHBOARD_KEEP_SECONDS = env_int(
    "WORKSHIFT_DASHBOARD_KEEP_SECONDS", 0 if TESTING else 30, minimum=0
)
PULSE_MIN_GROUP = env_int("WORKSHIFT_PULSE_MIN_GROUP", 5, minimum=3)
# pulse comments (free text) are cleared this many days after they were written; 0 keeps them
PULSE_TEXT_RETENTION_DAYS = env_int("WORKSHIFT_PULSE_TEXT_RETENTION_DAYS", 365, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
