"""The one-command local run: SQLite under var/, an embedded broker, mail to files.

DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR, configure_database, env

EJOURNAL_ENV = "local"

environ_file = Path(__file__).resolve().parent.parent.parent / ".env"
if environ_file.exists():
    env.read_env(str(environ_file))

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Local only: a fixed key is harmless on 127.0.0.1 and production refuses it.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": configure_database(
        env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'ejournal.sqlite3'}")
    )
}

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
# SMS are written to the log; set SMS_BACKEND to use a gateway.
SMS_BACKEND = env.str("SMS_BACKEND", default="diary.sms.LoggingSmsBackend")

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # Embedded broker: queues are files under var/broker, no server needed.
    broker_dir = VAR_DIR / "broker"
    for sub in ("queue", "processed", "control"):
        (broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(broker_dir / "queue"),
        "data_folder_out": str(broker_dir / "queue"),
        "processed_folder": str(broker_dir / "processed"),
        # kombu's default is ./control in the working directory (the repository).
        "control_folder": str(broker_dir / "control"),
        "store_processed": False,
    }

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
