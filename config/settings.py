"""Settings, read from the environment through small typed helpers.

Production values (SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, mail and SMS) come from the
environment; nothing here needs editing to deploy.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
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
# DEMO=1 (`make run`): a laptop demo that behaves like production — DEBUG off, so visitors see the
# Chinese error pages and attachments are not served from /media/ — with a generated secret key and
# static files served by whitenoise straight from static/.
DEMO = env_bool("DEMO", False)

# Embedded default: SQLite under var/, so one command runs everything on a laptop.
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _demo_secret_key() -> str:
    """One random key per demo install, kept under var/ so sessions survive a restart."""
    path = VAR_DIR / "demo-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-key-change-me"
    elif DEMO:
        SECRET_KEY = _demo_secret_key()
    else:
        # A guessable key lets anyone forge sessions, password-reset links and signed values:
        # refuse to start rather than run with one.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY in the environment "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'); for development set "
            "DEBUG=1, for the demo DEMO=1. / 未设置 SECRET_KEY：生产环境必须通过环境变量提供。"
        )
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
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "tracker",
    "oversight",
    # Last: its post_migrate step builds the administrator roles from every other app's permissions.
    "security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, with the common policy written once per process (security/middleware.py).
    "security.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the person with the session in one query (security/sessions.py).
    "security.sessions.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "security.middleware.IdleSessionTimeoutMiddleware",
    "security.middleware.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the flag the login views leave on a locked-out request.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account or address before the password is even checked.
    "security.backends.LockoutBackend",
    # Django's ModelBackend, taking the person the session's load read (security/sessions.py).
    "security.backends.SessionUserBackend",
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
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles "expensive-looking" plans; for the statistics aggregates over
    # 200,000 suggestions it spent 4 s compiling a query that runs in 0.3 s (docs/benchmarks.md).
    # Short page queries never gain from it. PG_JIT=on restores the server default.
    DATABASES["default"].setdefault("OPTIONS", {})
    if env_str("PG_JIT", "off") == "off":
        DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
    # Prepared statements: parameters bound by the server, and psycopg prepares a statement once
    # it has run five times on a connection, so that PostgreSQL no longer parses and analyses the
    # pages' and the API's queries again on every request (≈ 0.5 ms of a list request; they live
    # as long as the connection, DB_CONN_MAX_AGE). Each execution is still planned for its own
    # values (plan_cache_mode): a generic plan would pick one way for every search word, where the
    # rarest bigram decides between the index and the list order (oversight/search.py), or for
    # every status of a filter. PG_PREPARED_STATEMENTS=off behind a pooler in transaction mode that
    # cannot keep them (PgBouncer before 1.21).
    if env_str("PG_PREPARED_STATEMENTS", "on") != "off":
        DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": 5})
        options = DATABASES["default"]["OPTIONS"].get("options", "")
        DATABASES["default"]["OPTIONS"]["options"] = f"{options} -c plan_cache_mode=force_custom_plan".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password policy (等保 2.0 level 2: length, complexity, optional periodic change).
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 10)
PASSWORD_MIN_CHARACTER_CLASSES = env_int("PASSWORD_MIN_CHARACTER_CLASSES", 3)  # of upper, lower, digit, symbol
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0)  # 0: passwords do not expire
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "security.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "security.password_validation.CharacterClassValidator",
        "OPTIONS": {"min_classes": PASSWORD_MIN_CHARACTER_CLASSES},
    },
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
        if env_bool("STATIC_MANIFEST", not (DEBUG or DEMO))
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# The demo serves static/ without collectstatic; production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = DEBUG or DEMO
# Attachments (replies, reports): the size cap answers 413 in the API and a field error in pages.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# Files are served only by the permission-checked download view (never from MEDIA_URL). In
# production set this to the prefix of an nginx `internal` location mapped to MEDIA_ROOT (e.g.
# /protected-media/): the view then answers with X-Accel-Redirect and nginx sends the bytes.
ATTACHMENT_ACCEL_REDIRECT = env_str("ATTACHMENT_ACCEL_REDIRECT")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security (production values by environment; docs/security.md) ---
# Behind an HTTPS reverse proxy that sets X-Forwarded-Proto: redirect plain HTTP, send HSTS and keep
# cookies to HTTPS. The proxy must overwrite (not append to) X-Forwarded-Proto.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = BEHIND_TLS_PROXY
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if BEHIND_TLS_PROXY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading writes the domain into every browser for months and cannot be taken back quickly; an
# intranet domain gains nothing from it. Opt in with SECURE_HSTS_PRELOAD=1 (see SILENCED_SYSTEM_CHECKS).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", BEHIND_TLS_PROXY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Database sessions that keep the person's id beside the data, so a page reads its session and
# person in one query (security/sessions.py).
SESSION_ENGINE = "security.sessions"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# How many reverse proxies we run in front of Django, each appending to X-Forwarded-For. 0 (the
# default): the header is ignored and the socket address is the client (security/client_ip.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Idle sessions end after SESSION_IDLE_TIMEOUT seconds without a request (0 turns it off); the
# cookie itself lasts at most SESSION_COOKIE_AGE.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or from one
# client address, every login path (page, admin, API token) refuses for LOGIN_LOCKOUT_MINUTES —
# even the right password. Counters live in the shared cache (CACHE_URL) so all workers agree; the
# embedded install without one keeps them in the database, which its processes share.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler" if env_str("CACHE_URL") else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_DISABLE_ACCESS_LOG = True  # logins are in our own audit log (security.AuditEvent)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "security.client_ip.client_ip"
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
AXES_LOCKOUT_CALLABLE = "security.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = _("登录失败次数过多，账号或来源地址已被暂时锁定，请稍后再试。")
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
AXES_VERBOSE = False

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Audit log (等保 2.0; 网络安全法 第二十一条 keeps network logs at least six months).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)

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
    "audit-retention": {"task": "security.tasks.purge_audit_log", "schedule": 86400.0},
    "clear-sessions": {"task": "security.tasks.clear_expired_sessions", "schedule": 3600.0},
    # The statistics' facts follow every write (oversight/stats/freshness.py); the daily rebuild is
    # the net under anything written around the models (raw SQL, a restored backup).
    "refresh-stats": {"task": "oversight.tasks.refresh_stats", "schedule": 86400.0},
}
# What `manage.py run_embedded` runs every minute in place of beat when there is no broker (each a
# callable taking no arguments; tracker's own reminder jobs run there as well).
EMBEDDED_SWEEP_JOBS = [
    "oversight.services.voting_count.close_due_rounds",
    "security.audit.audit_purge",
    "security.sessions.sessions_clear_expired",
    "oversight.stats.facts.rebuild_daily",  # once a day, like beat's refresh-stats
]

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
        "security.token_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "oversight.api.filters.FilterBackend",
        "oversight.api.ordering.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "oversight.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # DRF's two renderers; the JSON one writes DRF's exact bytes through orjson (oversight/api/renderers.py).
    "DEFAULT_RENDERER_CLASSES": [
        "oversight.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "oversight.api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "oversight.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "oversight.api.throttling.UserRateThrottle",
        "oversight.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("API_RATE_USER", "1200/min"),
        "anon": env_str("API_RATE_ANON", "120/min"),
        "login": env_str("API_RATE_LOGIN", "10/min"),
    },
    # Throttles key anonymous callers on the address security.client_ip trusts, never on a
    # client-written X-Forwarded-For.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
# API tokens (django-rest-knox): only a hash is stored; each token expires API_TOKEN_TTL_HOURS after
# it was issued (a working day by default: integrations log in again, a leaked token dies soon).
KNOX_TOKEN_MODEL = "security.ApiToken"
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 10)
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_HOURS),
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": env_int("API_TOKENS_PER_USER", 10),
    "AUTO_REFRESH": False,
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
        # 代表建议 / 视察意见 / 专题询问 / 信访督办件 (oversight/item_kinds.py).
        "ItemKindEnum": "oversight.item_kinds.ItemKind",
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
