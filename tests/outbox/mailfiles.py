"""Emails that a worker process sends, written to files the test reads."""

import email
import os
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends import filebased

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


class SlowFileBackend(filebased.EmailBackend):
    """A mail server that takes TEST_EMAIL_DELAY seconds to accept each email.

    The pause comes before the email is written: a worker killed during it
    never had the email accepted, as with a real server mid-conversation.
    """

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(float(os.environ.get("TEST_EMAIL_DELAY", "0")))
        return super().send_messages(email_messages)


def sent_to(folder: Path) -> Counter[str]:
    """How many emails went to each address."""
    found: Counter[str] = Counter()
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                found[email.message_from_bytes(chunk)["To"]] += 1
    return found


def bodies_to(folder: Path, address: str) -> list[str]:
    """The text of every email sent to `address`."""
    bodies = []
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(SEPARATOR):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            if message["To"] != address:
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    payload = part.get_payload(decode=True)
                    assert isinstance(payload, bytes)
                    bodies.append(payload.decode())
    return bodies
