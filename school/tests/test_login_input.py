"""A login longer than any account's is refused as a wrong login, not a 500."""

from axes.models import AccessAttempt
from django.urls import reverse


def test_an_over_long_login_is_a_wrong_login(client, db):
    # when: a name longer than the lockout's 255-character column
    response = client.post(reverse("login"), {"username": "я" * 1000, "password": "x"})
    # then
    assert response.status_code == 200
    assert "Неверный логин или пароль" in response.content.decode()
    assert not AccessAttempt.objects.exists()
