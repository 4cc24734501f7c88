"""A real Redis broker for outbox tests, on a queue of the test's own.

The test process normally runs tasks inline (CELERY_TASK_ALWAYS_EAGER); these
fixtures turn that off so the outbox publishes to Redis, where the test reads
the messages back. A broker that is down is Redis's address with a closed
port.
"""

import base64
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import redis
from django.conf import settings

from sendportal.celery import app

CLOSED_PORT = "redis://127.0.0.1:1/0"


def use_broker(url: str) -> None:
    """Point the Celery app (and its pooled connections) at `url`.

    The app keeps the pools it made for the first broker; kombu keeps one pool
    per address, so dropping the app's references is enough.
    """
    app.conf.update(broker_url=url)
    # There is no public way to drop them.
    app.__dict__["_pool"] = None
    app.amqp.__dict__["_producer_pool"] = None


@dataclass
class Broker:
    """The queue this test's tasks go to, read straight from Redis."""

    url: str
    queue: str
    client: redis.Redis

    def messages(self) -> list[tuple[str, list[Any], str]]:
        """Every message waiting in the queue: (task name, args, task id)."""
        found = []
        for raw in self.client.lrange(self.queue, 0, -1):
            message = json.loads(raw)
            args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            found.append((message["headers"]["task"], args, message["headers"]["id"]))
        # Redis lists are pushed on the left: oldest last.
        return list(reversed(found))

    def task_names(self) -> list[str]:
        return [name for name, _args, _id in self.messages()]

    @contextmanager
    def down(self) -> Iterator[None]:
        """The broker stops answering, then comes back."""
        use_broker(CLOSED_PORT)
        try:
            yield
        finally:
            use_broker(self.url)


@pytest.fixture
def broker() -> Iterator[Broker]:
    saved = (
        app.conf.broker_url,
        app.conf.task_always_eager,
        app.conf.task_default_queue,
    )
    queue = f"test-outbox-{uuid.uuid4().hex}"
    url = settings.CELERY_BROKER_URL
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    use_broker(url)
    client = redis.Redis.from_url(url)
    try:
        yield Broker(url=url, queue=queue, client=client)
    finally:
        client.delete(queue)
        client.close()
        app.conf.update(task_always_eager=saved[1], task_default_queue=saved[2])
        use_broker(saved[0])
