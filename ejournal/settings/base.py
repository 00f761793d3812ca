"""Settings shared by every run mode; each mode's module imports and adjusts these.

All configuration comes from environment variables (see README, "Configuration").
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("EJOURNAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

# One of "local", "test", "production"; commands such as seed_demo consult it.
EJOURNAL_ENV = "base"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_beat",
    "django_htmx",
    "csp",
    "template_partials",
    "school",
    "audit",
    "journal",
    "diary",
    "reports",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ejournal.security_headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ejournal.request_gate.ControlCharacterGateMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user's language, never the browser's (replaces LocaleMiddleware).
    "school.language.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "school.middleware.ActiveMembershipMiddleware",
    # After the membership: a password alone reaches only the second step.
    "school.middleware_two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "school.session_timeouts.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last: it turns a locked-out authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Scripts and styles only from the product's own static files; an inline script
# runs only with the response's nonce (templates carry none today).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# No page of the product needs the camera, the microphone or the location.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

ROOT_URLCONF = "ejournal.urls"
WSGI_APPLICATION = "ejournal.wsgi.application"

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
                "school.context_processors.active_membership",
                "school.context_processors.demo_preparing",
                "diary.context_processors.messaging_badge",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite:///:memory:")}


def configure_database(database: dict) -> dict:
    """Per-engine options: psycopg's pool for PostgreSQL, WAL for SQLite."""
    engine = database["ENGINE"]
    if engine.endswith("postgresql"):
        database["ENGINE"] = "django.db.backends.postgresql"
        # A connection the server closed (restart, idle killer) is found and
        # replaced before use: with the pool this is psycopg's check on checkout.
        database["CONN_HEALTH_CHECKS"] = True
        options = database.setdefault("OPTIONS", {})
        if env.bool("DATABASE_POOL", default=True):
            options.setdefault(
                "pool",
                {
                    "min_size": env.int("DATABASE_POOL_MIN", default=2),
                    "max_size": env.int("DATABASE_POOL_MAX", default=20),
                    "timeout": 10,
                },
            )
    elif engine.endswith("sqlite3"):
        # The local run has a web server, a worker and beat on one file.
        options = database.setdefault("OPTIONS", {})
        options.setdefault("timeout", 20)
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        )
        options.setdefault("transaction_mode", "IMMEDIATE")
    return database


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "school.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked username+IP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A session ends after this many idle minutes (staff; parents and pupils) and in
# any case this many hours after login (school/session_timeouts.py).
SESSION_IDLE_MINUTES_STAFF = env.int("SESSION_IDLE_MINUTES_STAFF", default=30)
SESSION_IDLE_MINUTES_FAMILY = env.int("SESSION_IDLE_MINUTES_FAMILY", default=120)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60

# Lock a username from one address only: a class behind one NAT keeps working
# when one pupil mistypes a password five times.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "school.views.auth.locked_out"
# The client's address, the same for the lockout, the events log and any throttle:
# REMOTE_ADDR unless reverse proxies are declared (ejournal/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "ejournal.client_ip.client_ip"
AXES_VERBOSE = False

# Two-factor login (django-otp TOTP, recovery codes as a static device). Wrong
# codes lock the second step like wrong passwords lock the first; django-otp's
# own growing delay is off so that the lock is the one rule.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="ejournal")
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
TWO_FACTOR_FAILURE_LIMIT = env.int("TWO_FACTOR_FAILURE_LIMIT", default=5)
TWO_FACTOR_RECOVERY_CODES = 10

GUARDIAN_RENDER_403 = False
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

SIMPLE_HISTORY_REVERT_DISABLED = True

# Reverse proxies in front of the service: their number, or their networks
# ("10.0.0.0/8,fd00::/8"); networks win when both are set. None by default, so a
# forged X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
TRUSTED_PROXY_NETWORKS = env.list("TRUSTED_PROXY_NETWORKS", default=[])

# --- Language and time ------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Moscow"
FORMAT_MODULE_PATH = ["ejournal.formats"]

# --- Static and media ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail -----------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Электронный журнал <noreply@ejournal.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic tasks the project needs everywhere; beat stores them in the database.
CELERY_BEAT_SCHEDULE: dict = {
    # Diary delivery (D4) and consent revocation (A5); each checks the school's
    # own clock, so an hourly run serves every time zone.
    "diary-digests-send": {
        "task": "diary.tasks.digests_send_task",
        "schedule": crontab(minute=15),
    },
    "diary-sms-send": {
        "task": "diary.tasks.sms_send_task",
        "schedule": crontab(minute="*/5"),
    },
    "diary-consents-purge": {
        "task": "diary.tasks.consents_purge_task",
        "schedule": crontab(minute=25),
    },
    # The tamper-evident log (A7, C12): seal new rows each minute, walk the
    # chains weekly (Sunday 03:40 UTC); the result shows on the sysadmin's page.
    "audit-chain-extend": {
        "task": "audit.tasks.chain_extend_task",
        "schedule": crontab(minute="*"),
    },
    "audit-verify": {
        "task": "audit.tasks.audit_verify_task",
        "schedule": crontab(minute=40, hour=3, day_of_week=0),
    },
    # Backups (G1): each run checks the municipality's clock and the copies on
    # disk, so an hourly beat entry makes one daily copy and one weekly drill.
    "archive-backup-daily": {
        "task": "archive.tasks.backup_daily_task",
        "schedule": crontab(minute=35),
    },
    "archive-restore-test-weekly": {
        "task": "archive.tasks.restore_test_weekly_task",
        "schedule": crontab(minute=50),
    },
}
# The key of the audit chain's HMAC; defaults to SECRET_KEY. Keep it outside the
# database (an attacker with the database alone cannot reseal a changed row).
AUDIT_CHAIN_KEY = env.str("AUDIT_CHAIN_KEY", default="")

# --- Diary delivery (D4) ------------------------------------------------------------
# The weekly digest goes out from this weekday (0 = Monday) and hour, school time.
DIARY_DIGEST_WEEKDAY = env.int("DIARY_DIGEST_WEEKDAY", default=5)
DIARY_DIGEST_HOUR = env.int("DIARY_DIGEST_HOUR", default=16)
DIARY_DIGEST_BATCH = env.int("DIARY_DIGEST_BATCH", default=200)
# SMS are sent only between these hours of the school's day.
DIARY_SMS_FIRST_HOUR = env.int("DIARY_SMS_FIRST_HOUR", default=8)
DIARY_SMS_LAST_HOUR = env.int("DIARY_SMS_LAST_HOUR", default=21)
# A mark younger than this is left for the next run: its transaction may still
# be open, and the teacher may still correct it.
DIARY_SMS_DELAY_SECONDS = env.int("DIARY_SMS_DELAY_SECONDS", default=120)
# "diary.sms.LoggingSmsBackend" (default) or "diary.sms.SmsRuBackend".
SMS_BACKEND = env.str("SMS_BACKEND", default="diary.sms.LoggingSmsBackend")
SMS_RU_API_ID = env.str("SMS_RU_API_ID", default="")
SMS_RU_URL = env.str("SMS_RU_URL", default="https://sms.ru/sms/send")
SMS_SENDER = env.str("SMS_SENDER", default="")
SMS_TIMEOUT_SECONDS = env.int("SMS_TIMEOUT_SECONDS", default=10)

# --- Uploads and imports: limits every upload shares (school/uploads.py) -----------
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=5)
HOMEWORK_FILE_MAX_MB = env.int("HOMEWORK_FILE_MAX_MB", default=10)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=50)
IMPORT_MAX_CELL_CHARS = env.int("IMPORT_MAX_CELL_CHARS", default=1000)
IMPORT_MAX_ERRORS = env.int("IMPORT_MAX_ERRORS", default=500)
XLSX_MAX_UNPACKED_MB = env.int("XLSX_MAX_UNPACKED_MB", default=100)
# The first handler drops whatever of a file lies past the largest limit.
FILE_UPLOAD_HANDLERS = [
    "school.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Backups (G1) ----------------------------------------------------------------
# A directory per copy; the mirror is the second medium (mounted, never created).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "backups")))
BACKUP_MIRROR_DIR = env.str("BACKUP_MIRROR_DIR", default="")
# 32 random bytes, URL-safe base64 (manage.py backup_keygen); required in production.
BACKUP_ENCRYPTION_KEY = env.str("BACKUP_ENCRYPTION_KEY", default="")
# The daily copy is made at this hour and the weekly restore test on this weekday
# (0 = Monday), in the municipality's time zone.
BACKUP_HOUR = env.int("BACKUP_HOUR", default=2)
BACKUP_RESTORE_TEST_WEEKDAY = env.int("BACKUP_RESTORE_TEST_WEEKDAY", default=6)
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=30)
BACKUP_KEEP_PERIOD_END_YEARS = env.int("BACKUP_KEEP_PERIOD_END_YEARS", default=5)
# Older than this, the newest verified copy shows red on the page and in /healthz.
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=26)
# Where pg_dump, pg_restore and psql live when they are not on PATH.
BACKUP_PG_BIN_DIR = env.str("BACKUP_PG_BIN_DIR", default="")
BACKUP_RESTORE_JOBS = env.int("BACKUP_RESTORE_JOBS", default=2)
EXPORT_DIR = Path(env.str("EXPORT_DIR", default=str(VAR_DIR / "exports")))

# --- Product ------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")
SERVICE_URL = env.str("SERVICE_URL", default="http://127.0.0.1:8000")
HEALTH_DISK_MIN_FREE_MB = env.int("HEALTH_DISK_MIN_FREE_MB", default=500)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
