"""GET /healthz: database, broker and disk, for load balancers and monitoring.

Public by design, so it says nothing about any person or school.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from archive.selectors import backup_health_ok


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check() or {}
        ok = True
    except Exception as error:
        detail = {"error": type(error).__name__}
        ok = False
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **detail}


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": connection.vendor}


def check_broker() -> dict:
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
        return {"kind": "redis"}
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".probe"):
            pass
        return {"kind": "embedded"}
    return {"kind": url.split("://", 1)[0]}


def check_disk() -> dict:
    folder = Path(settings.MEDIA_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".probe"):
        pass
    if free_mb < settings.HEALTH_DISK_MIN_FREE_MB:
        raise OSError("low disk space")
    return {"free_mb": free_mb}


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": _timed(check_database),
        "broker": _timed(check_broker),
        "disk": _timed(check_disk),
    }
    healthy = all(c["ok"] for c in checks.values())
    # Reported, not part of the status: a stale copy must not take the web down.
    backups = {"ok": backup_health_ok()}
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks, "backups": backups},
        status=200 if healthy else 503,
    )
