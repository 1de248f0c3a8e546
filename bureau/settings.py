"""Settings for the bureau case-management system.

Every value that differs between machines comes from the environment; the
README's configuration table lists them all. There is no separate production
file: production sets the variables, development and tests get safe defaults
from the Makefile and tests/settings.py.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy

from bureau.embedded_db import embedded_database

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

# Core
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
ROOT_URLCONF = "bureau.urls"
WSGI_APPLICATION = "bureau.wsgi.application"
AUTH_USER_MODEL = "bureau.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Apps, lowest layer first
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Before import_export, whose own `import` command would shadow the pipeline's.
    "bureau",
    "import_export",
    "pgtrigger",
    # pghistory, axes and django-otp under names the admin shows (bureau/third_party_apps.py)
    "bureau.third_party_apps.HistoryConfig",
    "bureau.third_party_apps.AxesConfig",
    "bureau.third_party_apps.OTPConfig",
    "bureau.third_party_apps.TOTPConfig",
    "csp",
    "django_celery_beat",
    "households",
    "checkups",
    "casework",
    "incentives",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bureau.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Chinese unless the user chose English (the browser's Accept-Language is ignored).
    "bureau.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "bureau.middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "bureau.security.middleware.SecurityGateMiddleware",
    "bureau.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bureau.context_processors.navigation",
            ],
        },
    },
]

# Data
EMBEDDED_DB_DIR = Path(env.str("EMBEDDED_DB_DIR", default=str(BASE_DIR / "var/pgdata")))
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": embedded_database(data_dir=EMBEDDED_DB_DIR, name="bureau")}
# 0 (the default): each request closes its connection when it ends. `runserver` serves
# every request in a thread of its own, and a connection kept for reuse stays open with
# each finished thread. Production (gunicorn sync workers, one request at a time each)
# sets DATABASE_CONN_MAX_AGE=60 in .env to reuse one connection per worker.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# pgbouncer in transaction mode: a server-side cursor cannot outlive a pooled transaction.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DATABASE_BEHIND_PGBOUNCER", default=False
)
# Every audit trigger reads this variable; when it is unset PostgreSQL raises and the
# trigger catches the error on every row, which makes bulk writes several times slower.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pgtrigger.ignore={}"

# District (the bureau's own 6-digit county code, GB/T 2260)
BUREAU_DISTRICT_CODE = env.str("BUREAU_DISTRICT_CODE", default="370102")
BUREAU_DISTRICT_NAME = env.str("BUREAU_DISTRICT_NAME", default="示范区")
# Printed at the head of every notice and decision
BUREAU_NAME = env.str("BUREAU_NAME", default=f"{BUREAU_DISTRICT_NAME}卫生健康局")

# Personal data at rest: AES-256-GCM key and a separate key for lookup hashes
FIELD_ENCRYPTION_KEY = env.str("FIELD_ENCRYPTION_KEY")
FIELD_HASH_KEY = env.str("FIELD_HASH_KEY")

# Time and language
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# The language switch's choice is kept for a year (set_language stores it in this cookie).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static files, vendored and served by whitenoise
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var/staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var/private")))

# Authentication and sessions
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "bureau.auth.RoleBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # GB/T 22239 8.1.4.1(a): complexity; three of lower, upper, digits, symbols.
    {
        "NAME": "bureau.security.validators.CharacterClassesValidator",
        "OPTIONS": {"min_classes": env.int("PASSWORD_MIN_CLASSES", default=3)},
    },
    {
        "NAME": "bureau.security.validators.PasswordHistoryValidator",
        "OPTIONS": {"keep": env.int("PASSWORD_HISTORY", default=5)},
    },
]
# Second factor (django-otp TOTP): required after the password for these roles; township
# staff too when OTP_REQUIRED_ROLES includes "staff".
OTP_REQUIRED_ROLES = env.list(
    "OTP_REQUIRED_ROLES", default=["chief", "auditor", "admin"]
)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Population and family services")
OTP_TOTP_THROTTLE_FACTOR = 1  # waits of 1, 2, 4, 8 ... seconds after wrong codes
OTP_RECOVERY_THROTTLE_FACTOR = 1
OTP_RECOVERY_CODE_COUNT = 10
# Idle timeout: the cookie's age restarts with every request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Absolute lifetime: however active, a session ends this long after the login.
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=10)

AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None

# HTTPS and browser security (switched off only for plain-HTTP development)
HTTPS = env.bool("DJANGO_HTTPS", default=True)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
# A refused form is explained in the product's layout, with a way back (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "bureau.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp 4): only the bureau's own, vendored scripts and styles;
# no inline script or style anywhere (htmx's indicator styles are in static/css/app.css).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is for domains the bureau controls; it decides via DJANGO_HSTS_PRELOAD.
    "security.W021",
]

# Uploads
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=100)
# A dry run whose progress is silent this long died (bureau.imports.recovery).
IMPORT_STALE_MINUTES = env.int("IMPORT_STALE_MINUTES", default=20)
# Uploaded tables are checked against these before they are read (bureau.spreadsheets),
# and the reader runs in a child process capped at this memory and CPU time.
SPREADSHEET_MAX_ROWS = env.int("SPREADSHEET_MAX_ROWS", default=300_000)
SPREADSHEET_MAX_COLUMNS = env.int("SPREADSHEET_MAX_COLUMNS", default=200)
SPREADSHEET_MAX_CELLS = env.int("SPREADSHEET_MAX_CELLS", default=10_000_000)
SPREADSHEET_MAX_UNPACKED_MB = env.int("SPREADSHEET_MAX_UNPACKED_MB", default=500)
SPREADSHEET_READ_MEMORY_MB = env.int("SPREADSHEET_READ_MEMORY_MB", default=2048)
SPREADSHEET_READ_SECONDS = env.int("SPREADSHEET_READ_SECONDS", default=600)
# Attachments (PDF, JPEG, PNG, XLSX, DOCX; type checked by content), stored under MEDIA_ROOT
ATTACHMENT_MAX_MB = env.int("ATTACHMENT_MAX_MB", default=20)

# Audit trail: database triggers, append-only
PGHISTORY_APPEND_ONLY = True

# API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "bureau.security.authentication.SecondFactorTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["bureau.api.permissions.RolePermissions"],
    "DEFAULT_PAGINATION_CLASS": "bureau.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["bureau.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "bureau.api.schema.AutoSchema",
    "PAGE_SIZE": 50,
    # Org units are keyed by division code, not id: name path parameters "pk" in the schema.
    "SCHEMA_COERCE_PATH_PK": False,
}
SPECTACULAR_SETTINGS = {
    # Translated when the schema is served: Chinese by default, `?lang=en` for English.
    "TITLE": gettext_lazy("Population and family services API"),
    "DESCRIPTION": gettext_lazy(
        "The bureau's case-management system: the population register, "
        "family benefits, directives and rankings, cases and deadlines. Sign in and take "
        "a token from your account page (API token), then send it as "
        "`Authorization: Token <key>`. Every list shows only the records of your "
        "townships; personal numbers and phone numbers are masked."
    ),
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets that share a field name with another app's get a name of their own.
    "ENUM_NAME_OVERRIDES": {
        "CheckupCampaignKindEnum": "checkups.models.campaigns.Kind",
        "CheckupServiceOutcomeEnum": "checkups.models.visits.Outcome",
        "CheckupReferralOutcomeEnum": "checkups.models.visits.ReferralOutcome",
        "CheckupAssessmentOutcomeEnum": "checkups.models.couples.AssessmentOutcome",
        "CaseKindEnum": "casework.workflow.Kind",
        "CaseStatusEnum": "casework.workflow.Status",
        "PetitionOutcomeEnum": "casework.workflow.Outcome",
        "CaseDecisionOutcomeEnum": "casework.models.sanctions.Decision.Outcome",
        "LeadSourceEnum": "casework.models.leads.Lead.Source",
        "PenaltyTypeEnum": "casework.models.sanctions.Penalty.Type",
        "SeizedItemTypeEnum": "casework.models.sanctions.SeizedItem.Type",
    },
}

# Background jobs: with no broker, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the task queued
CELERY_TASK_TIME_LIMIT = 60 * 60
# A worker process that ends a task above this resident size (KiB) is replaced, so one
# big import cannot leave gigabytes held for the rest of the worker's life.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_000_000
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# E-mail for notifications (console unless configured)
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="bureau@localhost")

# Imports and exports
# Exports above this many rows run in the background; their link lasts this long.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=50_000)
EXPORT_LINK_HOURS = env.int("EXPORT_LINK_HOURS", default=24)
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusal_without_traceback": {
            "()": "bureau.log_filters.RefusalWithoutTraceback"
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # An ordinary 403 is logged as one line (no traceback).
        "django.request": {"filters": ["refusal_without_traceback"]},
    },
}
