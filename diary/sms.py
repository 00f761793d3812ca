"""SMS backends: where a text to a parent's phone goes (D4).

`SMS_BACKEND` names the class. The default logs (no gateway needed), tests use
the in-memory one, and `SmsRuBackend` talks to the HTTP API of SMS.RU, a common
Russian gateway (`SMS_RU_API_ID`, `SMS_RU_URL`, `SMS_SENDER`).
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("diary.sms")

# Messages delivered by the in-memory backend, like django.core.mail.outbox.
outbox: list[tuple[str, str]] = []


class SmsError(Exception):
    """The gateway refused or could not be reached; the message stays pending."""


def normalise_phone(phone: str) -> str:
    """Digits in the international form: 8 (912) 345-67-89 → 79123456789."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    if len(digits) == 10 and digits.startswith("9"):
        digits = "7" + digits
    return digits


class BaseSmsBackend:
    def send(self, phone: str, text: str) -> str:
        """Send one text; return the gateway's id of the message or raise SmsError."""
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Writes the message to the log; the default where no gateway is set up."""

    def send(self, phone: str, text: str) -> str:
        masked = normalise_phone(phone)[:-4] + "****"
        logger.info("SMS to %s: %s", masked, text)
        return f"log-{uuid.uuid4().hex[:12]}"


class LocmemSmsBackend(BaseSmsBackend):
    """Keeps the messages in `diary.sms.outbox`, for tests."""

    def send(self, phone: str, text: str) -> str:
        outbox.append((normalise_phone(phone), text))
        return f"mem-{len(outbox)}"


class SmsRuBackend(BaseSmsBackend):
    """The HTTP API of SMS.RU: POST /sms/send with api_id, to, msg and json=1."""

    def __init__(self, *, url: str | None = None, api_id: str | None = None):
        self.url = url or settings.SMS_RU_URL
        self.api_id = api_id or settings.SMS_RU_API_ID
        self.sender = getattr(settings, "SMS_SENDER", "")
        self.timeout = getattr(settings, "SMS_TIMEOUT_SECONDS", 10)

    def send(self, phone: str, text: str) -> str:
        number = normalise_phone(phone)
        fields = {"api_id": self.api_id, "to": number, "msg": text, "json": "1"}
        if self.sender:
            fields["from"] = self.sender
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SmsError(f"gateway unreachable: {error}") from error
        if answer.get("status") != "OK":
            raise SmsError(self._reason(answer))
        item = (answer.get("sms") or {}).get(number) or {}
        if item.get("status") != "OK":
            raise SmsError(self._reason(item))
        return str(item.get("sms_id", ""))

    @staticmethod
    def _reason(answer: dict) -> str:
        code = answer.get("status_code", "")
        text = answer.get("status_text", "")
        return f"gateway refused: {code} {text}".strip()


def get_backend() -> BaseSmsBackend:
    """An instance of the backend the settings name."""
    return import_string(settings.SMS_BACKEND)()
