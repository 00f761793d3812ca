# ejournal: one image for web (gunicorn), the Celery worker, beat and migrations.
# Build: docker compose build   (see docs/admin-guide.md)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ejournal.settings.production \
    EJOURNAL_VAR_DIR=/app/var \
    WEB_CONCURRENCY=3

# The PostgreSQL server's major version (docker-compose.yml runs postgres:15): backups
# run its pg_dump/pg_restore, and an older client cannot dump a newer server.
ARG PG_MAJOR=15

# WeasyPrint's native libraries and fonts with Cyrillic; gettext for compilemessages;
# the PostgreSQL client tools for manage.py backup and restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        postgresql-client-${PG_MAJOR} \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation2 \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 ejournal \
    && useradd --system --uid 1000 --gid ejournal --create-home \
        --home-dir /home/ejournal --shell /usr/sbin/nologin ejournal

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lock changes. Every
# package is pinned with its hashes (requirements.txt, made by `make lock`).
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt

# The code stays owned by root and read-only for the service user.
COPY . .

# Translations and static files are built into the image. The values below exist
# only for this RUN line so that the production settings import; none of them is
# used at run time, where every value comes from the environment (.env).
RUN export DJANGO_SECRET_KEY=build-time-only-not-a-secret-never-used-at-run-time \
        DJANGO_ALLOWED_HOSTS=localhost \
        DATABASE_URL=postgres://build@localhost:5432/build \
        REDIS_URL=redis://localhost:6379/0 \
    && python manage.py compilemessages --ignore=var \
    && python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media /app/var/backups \
    && chown ejournal:ejournal /app/var /app/var/media /app/var/backups

USER ejournal

EXPOSE 8000

# /healthz answers 200 when the database, Redis and the disk are fine, else 503
# (urllib raises on 503). The Host header is the first of DJANGO_ALLOWED_HOSTS.
HEALTHCHECK --interval=30s --timeout=10s --start-period=40s --retries=3 \
    CMD python -c "import os, urllib.request; h = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=8)"

# Workers: WEB_CONCURRENCY (gunicorn reads it); threads serve slow clients.
CMD ["gunicorn", "ejournal.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--threads", "4", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--max-requests", "2000", \
     "--max-requests-jitter", "200", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
