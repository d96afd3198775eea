"""The one settings module. Every knob is an environment variable, parsed strictly.

Unset DATABASE_URL means a SQLite file under ./var/ (or MINAMATA_KB_VAR_DIR). See .env.example
for every variable; a test fails when one used here is missing from the README.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    load_env_file,
)

# `.env` in the working folder (or the file MINAMATA_KB_ENV_FILE names) fills in what the
# process environment leaves unset, as `.env.example` suggests.
ENV_FILE_APPLIED = load_env_file(Path(env_str("MINAMATA_KB_ENV_FILE", ".env") or ".env"))

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(env_str("MINAMATA_KB_VAR_DIR", "var") or "var").resolve()
DATA_DIR = Path(env_str("MINAMATA_KB_DATA_DIR", str(REPO_DIR / "data")) or "data").resolve()
# The secretariat's IATI organisation identifier (a registered org-id prefix + number). Empty: the
# IATI export uses an explicit placeholder and says so in the file (activities/iati/export.py).
IATI_REPORTING_ORG_REF = env_str("IATI_REPORTING_ORG_REF", "") or ""
# The licence (a URL) the open-data dumps and their DCAT catalogue declare (open_data/).
OPEN_DATA_LICENSE = (
    env_str("OPEN_DATA_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
    or "https://creativecommons.org/licenses/by/4.0/"
)
VAR_DIR_IS_NEW = not VAR_DIR.exists()  # the CLI says so when a command finds no database
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters")
        return key
    # No default secret: a local install gets a random key kept in var/ (never in the repo).
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",  # its widget and form templates, for the site's form renderer
    "django_tasks",
    "django_tasks_db",
    "axes",
    # django-ninja's own static Swagger UI (swagger-ui-dist, Apache-2.0) and templates: the API
    # docs load from this site, not a CDN the site's content security policy would block.
    "ninja",
    "minamata_kb.core",
    # The site's face (home, navigation, /readyz, backup): listed here so its database check
    # comes first among the readiness checks, as before the split from core.
    "minamata_kb.site",
    "minamata_kb.registry",
    "minamata_kb.taxonomy",
    "minamata_kb.accounts",
    "minamata_kb.audit",
    "minamata_kb.library",
    "minamata_kb.search",
    # The COP documents' toolkit (renderer, formatting, shared phrases): an app for its catalogue.
    "minamata_kb.publishing",
    "minamata_kb.submissions",
    "minamata_kb.national_reports",
    "minamata_kb.activities",
    "minamata_kb.assistance",
    "minamata_kb.matching",
    "minamata_kb.documents",
    # Bulk dumps of every public collection and their DCAT catalogue, at /open-data/.
    "minamata_kb.open_data",
    "minamata_kb.api",
]

MIDDLEWARE = [
    "minamata_kb.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "minamata_kb.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "minamata_kb.core.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a refused sign-in into the lockout page
]

ROOT_URLCONF = "minamata_kb.urls"
WSGI_APPLICATION = "minamata_kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "minamata_kb.site.context.site",
            ],
        },
    }
]
# Every form field renders through templates/core/field.html (core/renderers.py).
FORM_RENDERER = "minamata_kb.core.renderers.SiteFormRenderer"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL)
    except Exception as exc:  # dj-database-url raises several kinds
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
else:
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "minamata_kb.sqlite3")}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db.setdefault("OPTIONS", {})
    # WAL: readers (a backup, the server) never block the writer. IMMEDIATE: a transaction takes
    # the write lock when it begins, waiting up to `timeout` s for it; a DEFERRED one that read
    # first fails at once with "database is locked" if another process committed meanwhile.
    _db["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
_db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 600, minimum=0)
# A kept connection is checked before each request reuses it, so a database that went away and
# came back is reconnected to instead of failing the request.
_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")) or "")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 25 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Limits on reading uploaded files (core/sandbox.py): characters of text kept per file (the rest
# is cut and the cut recorded), and the wall-clock seconds and memory (MB of address space) the
# child process extracting one PDF/DOCX/HTML file may use before it is stopped.
MAX_EXTRACTED_CHARS = env_int("MAX_EXTRACTED_CHARS", 1_000_000, minimum=1000)
EXTRACT_TIMEOUT_SECONDS = env_int("EXTRACT_TIMEOUT_SECONDS", 30, minimum=1)
EXTRACT_MEMORY_MB = env_int("EXTRACT_MEMORY_MB", 512, minimum=64)
# Passages (~500 characters each) indexed per library resource; the rest of a longer text is
# kept but not searched. Embedding costs ~0.2 s per passage on one core (more for CJK text).
MAX_INDEXED_PASSAGES = env_int("MAX_INDEXED_PASSAGES", 300, minimum=1)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "minamata-kb@localhost")

TASKS_BACKEND = env_choice("TASKS_BACKEND", "immediate", {"immediate", "database"})
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Where search vectors live: numpy (a matrix in each server process) or pgvector (one HNSW
# index in PostgreSQL shared by every server; see search/vector_pgvector.py).
VECTOR_BACKEND = env_choice("VECTOR_BACKEND", "numpy", {"numpy", "pgvector"})
# From this many passages up, the in-process index scores each query against its nearest k-means
# cells instead of every passage (search/partitions.py); below it every score is exact.
SEARCH_EXACT_BELOW = env_int("SEARCH_EXACT_BELOW", 50_000, minimum=0)
# When confirmed statements change, the statement classifier is refitted in a background thread
# while the previous one keeps answering ("background"), or before the next answer ("inline").
CLASSIFIER_REFIT = env_choice("CLASSIFIER_REFIT", "background", {"background", "inline"})
# The module that classifies texts for the rest of the product (textanalysis/service.py says what
# it offers); the unit tests name a model-free stand-in.
TEXT_CLASSIFIER = "minamata_kb.textanalysis.service"

# Behind TLS (SECURE_COOKIES=true): secure cookies, HSTS, and trust the proxy's scheme header.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SESSION_COOKIE_SECURE else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SESSION_COOKIE_SECURE
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_HTTPONLY = True
# One sign-in lockout for every way in (accounts/lockout.py, django-axes): LOGIN_MAX_FAILURES
# failures per normalised user name and client address lock that pair for LOGIN_LOCKOUT_SECONDS
# after its last failure; the counts are rows in the database, shared by every server.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=1)
# Reverse proxies in front of the application that each append the client's address to
# TRUSTED_PROXY_HEADER (0: the client address is REMOTE_ADDR and that header is ignored).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "X-Forwarded-For") or "X-Forwarded-For"
if not TRUSTED_PROXY_HEADER.replace("-", "").isalnum() or not TRUSTED_PROXY_HEADER.isascii():
    raise ImproperlyConfigured("TRUSTED_PROXY_HEADER must be a header name such as X-Real-IP")
AUTHENTICATION_BACKENDS = [
    "minamata_kb.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "minamata_kb.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "minamata_kb.accounts.lockout.client_ip"
AXES_FAILURE_LIMIT = "minamata_kb.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = "minamata_kb.accounts.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "minamata_kb.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # no row per successful sign-in
AXES_VERBOSE = False
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOG_FORMAT = env_choice("LOG_FORMAT", "text", {"text", "json"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "minamata_kb.core.middleware.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "minamata_kb.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
