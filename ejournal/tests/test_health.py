import json

import pytest
from django.test import override_settings


@pytest.mark.django_db
def test_healthz_is_public_and_reports_every_part(client):
    # when
    response = client.get("/healthz")
    # then
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "broker", "disk"}
    assert body["checks"]["database"]["engine"] == "postgresql"
    assert body["checks"]["broker"]["kind"] == "redis"
    assert body["checks"]["disk"]["free_mb"] > 0


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_healthz_answers_503_when_the_broker_is_down(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
@override_settings(HEALTH_DISK_MIN_FREE_MB=10**12)
def test_healthz_answers_503_when_disk_is_short(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"]["ok"] is False


@pytest.mark.django_db
def test_healthz_says_nothing_about_people(client):
    from school.tests.factories import UserFactory

    user = UserFactory(last_name="Секретов")
    text = json.dumps(client.get("/healthz").json(), ensure_ascii=False)
    assert "Секретов" not in text
    assert user.username not in text
