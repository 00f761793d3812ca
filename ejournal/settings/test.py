"""Tests: real PostgreSQL and Redis on localhost, never a silent SQLite fallback."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR, configure_database, env

EJOURNAL_ENV = "test"

SECRET_KEY = "test-only-key-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": configure_database(
        env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/ejournal")
    )
}
# The live server thread and pytest-xdist workers share nothing through a pool.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/15")
CELERY_BROKER_URL = REDIS_URL
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ejournal-test",
    }
}

# Argon2 stays first everywhere else; tests hash thousands of passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "diary.sms.LocmemSmsBackend"
MEDIA_ROOT = VAR_DIR / "test-media"
# Tests point these at their own tmp_path; a stray job never writes into var/backups.
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(VAR_DIR / "test-backups")))
EXPORT_DIR = Path(env.str("EXPORT_DIR", default=str(VAR_DIR / "test-exports")))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LOGGING["loggers"]["axes"]["level"] = "ERROR"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Many tests travel in time (time-machine) with one logged-in client; session
# timeouts would end those sessions. school/tests/test_sessions.py restores the
# real limits of base.py and tests them.
SESSION_IDLE_MINUTES_STAFF = SESSION_IDLE_MINUTES_FAMILY = 60 * 24 * 365 * 10
SESSION_ABSOLUTE_HOURS = 24 * 365 * 10
# A session saved at a travelled-to date would otherwise expire in the database.
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60
