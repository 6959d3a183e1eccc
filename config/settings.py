"""Settings, read from the environment through small typed helpers.

Production values (SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, mail and SMS) come from the
environment; nothing here needs editing to deploy.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    # Outside DEBUG a missing key is a deployment error, not something to paper over.
    SECRET_KEY = "insecure-default-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "tracker",
    "oversight",
]

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
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "oversight.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Embedded default: SQLite under var/, so one command runs everything on a laptop.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'oversight.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A connection that died with PostgreSQL is replaced on the next request, not reused.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets page reads go on while the reminder sweep writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Attachments (replies, reports): the size cap answers 413 in the API and a field error in pages.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# Files are served only by the permission-checked download view (never from MEDIA_URL). In
# production set this to the prefix of an nginx `internal` location mapped to MEDIA_ROOT (e.g.
# /protected-media/): the view then answers with X-Accel-Redirect and nginx sends the bytes.
ATTACHMENT_ACCEL_REDIRECT = env_str("ATTACHMENT_ACCEL_REDIRECT")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security (production values by environment) ---
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None

# --- Mail and SMS ---
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "oversight@localhost")
# The SMS gateway is pluggable; the default development backend writes each message to the log.
SMS_BACKEND = env_str("SMS_BACKEND", "tracker.channels.sms.LogSmsBackend")
SMS_API_URL = env_str("SMS_API_URL")
SMS_API_KEY = env_str("SMS_API_KEY")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "人大常委会")

# --- Celery on Redis. Without REDIS_URL the product runs broker-less: tasks run eagerly and the
# reminder sweep runs from `manage.py send_reminders` (make run loops it). ---
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves the message for the next one
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "reminder-sweep": {"task": "tracker.tasks.sweep_reminders", "schedule": 300.0},
    "deliver-pending": {"task": "tracker.tasks.deliver_pending", "schedule": 60.0},
    "heartbeat": {"task": "tracker.tasks.heartbeat", "schedule": 60.0},
    "daily-digest": {"task": "tracker.tasks.send_digests", "schedule": 3600.0},
    # A voting round past its closes_at is counted by itself (oversight.services.voting_count).
    "close-due-rounds": {"task": "oversight.tasks.close_due_rounds", "schedule": 60.0},
}
# What `manage.py run_embedded` runs every minute in place of beat when there is no broker (each a
# callable taking no arguments; tracker's own reminder jobs run there as well).
EMBEDDED_SWEEP_JOBS = ["oversight.services.voting_count.close_due_rounds"]

# --- Secret ballots (docs/voting.md "Threat model"). Each open round's private key is a file in
# BALLOT_KEY_DIR, encrypted with a key derived from BALLOT_KEY (default: from SECRET_KEY) — never
# in the database. Every process that may count (web and Celery workers) needs both; keep the
# directory on local disk shared by them and OUT of backups. ---
BALLOT_KEY = env_str("BALLOT_KEY")
BALLOT_KEY_DIR = Path(env_str("BALLOT_KEY_DIR", str(VAR_DIR / "ballot-keys")))

# A shared cache across gunicorn workers in production (CACHE_URL=redis://…/1); per-process otherwise.
CACHE_URL = env_str("CACHE_URL")
CACHES = {
    "default": (
        {
            # Answers like an empty cache while Redis is down (config/cache.py), so pages go on.
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- REST API ---
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header is what makes "not logged in" answer 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "oversight.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "oversight.api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "oversight.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("API_RATE_USER", "1200/min"),
        "anon": env_str("API_RATE_ANON", "120/min"),
        "login": env_str("API_RATE_LOGIN", "10/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "人大监督事项跟踪系统 API",
    "DESCRIPTION": "Oversight Tracker REST API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request/response components: action inputs are not the objects they return.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "oversight.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SuggestionStatusEnum": "oversight.models.suggestions.Suggestion.Status",
        "AssignmentStatusEnum": "oversight.models.handling.Assignment.Status",
        "ExtensionStatusEnum": "oversight.models.handling.ExtensionRequest.Status",
        "ReplyStatusEnum": "oversight.models.replies.Reply.Status",
        "CommitmentStatusEnum": "oversight.models.replies.Commitment.Status",
        "DeadlineStatusEnum": "tracker.models.deadlines.Deadline.Status",
        "UnitKindEnum": "oversight.models.people.Unit.Kind",
        "SupervisionKindEnum": "oversight.models.supervision.SupervisionAction.Kind",
        # 满意/基本满意/不满意: the same choices for a deputy's rating and a reviewer's ballot.
        "SatisfactionEnum": "oversight.models.replies.Feedback.Rating",
        "OpinionStatusEnum": "oversight.models.deliberation.DeliberationOpinion.Status",
        "OpinionItemStatusEnum": "oversight.models.deliberation.OpinionItem.Status",
        "FollowUpReportStatusEnum": "oversight.models.deliberation.FollowUpReport.Status",
        "EscalationKindEnum": "oversight.models.deliberation.Escalation.Kind",
        "VotingRoundStatusEnum": "oversight.models.voting.VotingRound.Status",
        "VotingItemKindEnum": "oversight.models.voting.VotingItem.Kind",
        "RoleEnum": "oversight.models.handling.Assignment.Role",
        "UnitMemberRoleEnum": "oversight.models.people.UnitMember.Role",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Domain policy (defaults from DESIGN.md; each overridable per installation) ---
from config.policy import *  # noqa: E402,F403
