"""Handing background tasks to Celery through the outbox.

`enqueue()` is the one way the portal's code starts a background task. It
stores the task in the current transaction, so a committed change always has
its task and a rolled-back one never does, and tries the broker straight
after the commit. When the broker is down the change still succeeds: the row
stays pending, and the relay (`relay_outbox`, run by beat) sends it once the
broker answers again.

Delivery is at least once: a relay that dies between handing a task to the
broker and recording that leaves the row pending, and it is sent again. Every
task is therefore idempotent, recording what it has done per recipient, so a
second delivery finds the work done (docs/operations.md, "Background tasks").
"""

import datetime
import hashlib
import json
import logging
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import TypeAlias

from celery import Task
from django.conf import settings
from django.db import DatabaseError
from django.db import transaction
from django.db.models import Count
from django.db.models import F
from django.db.models import Min
from django.utils import timezone
from kombu import Producer

from sendportal.celery import app

from .models import OutboxTask
from .models import OutboxTaskQuerySet

logger = logging.getLogger(__name__)

JSONValue: TypeAlias = (
    str | int | float | bool | Sequence["JSONValue"] | Mapping[str, "JSONValue"] | None
)


def intent_key(task_name: str, args: list[Any]) -> str:
    """The task and its arguments as a short, stable key."""
    text = json.dumps([task_name, args], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Handoff:
    """What runs after the commit: one attempt at the broker, at once.

    Tests read `task_name` and `args` to see what a change queued.
    """

    task_name: str
    args: tuple[JSONValue, ...]
    key: str

    def __call__(self) -> None:
        try:
            relay(key=self.key)
        except DatabaseError:
            # The change is committed and its task stored: beat's relay sends
            # it, and the page the change came from still succeeds.
            logger.exception("Could not hand %s to the broker", self.task_name)


def enqueue(task: Task, *args: JSONValue) -> None:
    """Run `task(*args)` in the background once the current transaction commits.

    The arguments must be JSON (ids, not objects). Asking again for the same
    task and arguments while the first request is still pending adds nothing.
    """
    # Round-trips through JSON so a bad argument fails here, in the caller,
    # and the task receives exactly what the worker would.
    payload = json.loads(json.dumps(list(args)))
    key = intent_key(task.name, payload)
    OutboxTask.objects.bulk_create(
        [OutboxTask(task_name=task.name, args=payload, key=key)],
        ignore_conflicts=True,
    )
    transaction.on_commit(Handoff(task.name, tuple(args), key))


def in_batches(ids: Iterable[int], size: int | None = None) -> Iterator[list[int]]:
    """Recipients in the small batches that background emails are sent in.

    Each batch is its own task, so a worker killed mid-run loses only the
    batch it was on, and that batch comes back within the broker's
    visibility timeout.
    """
    size = size or settings.TASK_BATCH_SIZE
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class RelayResult:
    sent: int = 0
    error: str = ""


def _publish(producer: Producer, row: OutboxTask) -> None:
    # Fails fast when the broker is down: this also runs in web requests.
    connection = producer.connection
    assert connection is not None  # noqa: S101 - a pooled producer has one
    connection.ensure_connection(
        max_retries=1,
        interval_start=0,
        interval_step=0,
        timeout=settings.OUTBOX_BROKER_TIMEOUT,
    )
    app.send_task(
        row.task_name,
        args=row.args,
        task_id=str(row.task_id),
        producer=producer,
        retry=False,
    )


def _run_eagerly(pending: OutboxTaskQuerySet, limit: int) -> RelayResult:
    """Without a broker (tests, `bin/run` without Redis): run each task inline.

    The row is marked sent first, so a task's own error propagates to the
    caller as it would from a worker, and the task is never run twice.
    """
    result = RelayResult()
    for row in list(pending[:limit]):
        now = timezone.now()
        claimed = OutboxTask.objects.filter(pk=row.pk, sent_at__isnull=True).update(
            sent_at=now, last_attempt_at=now, attempts=F("attempts") + 1
        )
        if claimed:
            result.sent += 1
            app.tasks[row.task_name].apply_async(
                args=row.args, task_id=str(row.task_id)
            )
    return result


def relay(*, key: str | None = None, limit: int | None = None) -> RelayResult:
    """Hand pending tasks to the broker, oldest first; stop at the first failure.

    Each row is locked while it is published (other relays skip it), then
    marked sent in the same transaction.
    """
    limit = limit or settings.OUTBOX_RELAY_BATCH
    pending = OutboxTask.objects.pending()
    if key is not None:
        pending = pending.filter(key=key)
    if app.conf.task_always_eager:
        return _run_eagerly(pending, limit)
    result = RelayResult()
    with app.producer_or_acquire() as producer:
        while result.sent < limit:
            with transaction.atomic():
                row = pending.select_for_update(skip_locked=True).first()
                if row is None:
                    break
                row.attempts += 1
                row.last_attempt_at = timezone.now()
                try:
                    _publish(producer, row)
                except Exception as error:
                    # Whatever the transport raised, the row waits for the relay.
                    row.last_error = f"{type(error).__name__}: {error}"[:2000]
                    row.save(
                        update_fields=["attempts", "last_attempt_at", "last_error"]
                    )
                    result.error = row.last_error
                    logger.warning(
                        "Broker unavailable; %s stays in the outbox: %s",
                        row.task_name,
                        row.last_error,
                    )
                    break
                row.sent_at = row.last_attempt_at
                row.last_error = ""
                row.save(
                    update_fields=[
                        "attempts",
                        "last_attempt_at",
                        "last_error",
                        "sent_at",
                    ]
                )
            result.sent += 1
    return result


def outbox_replay(*, task: OutboxTask) -> RelayResult:
    """Send a task again: a pending one now, a sent one as a new copy.

    For a task that reached the broker but whose work went wrong; the task's
    own records keep a second run from repeating what the first one did.
    """
    if not task.is_pending:
        OutboxTask.objects.bulk_create(
            [OutboxTask(task_name=task.task_name, args=task.args, key=task.key)],
            ignore_conflicts=True,
        )
    return relay(key=task.key)


def delete_sent(*, older_than: datetime.timedelta) -> int:
    """Forget tasks the broker accepted long ago."""
    cutoff = timezone.now() - older_than
    deleted, _ = OutboxTask.objects.sent().filter(sent_at__lt=cutoff).delete()
    return deleted


@dataclass(frozen=True)
class OutboxHealth:
    pending: int
    oldest_pending_seconds: float | None

    @property
    def is_healthy(self) -> bool:
        return (
            self.oldest_pending_seconds is None
            or self.oldest_pending_seconds <= settings.OUTBOX_HEALTHY_MAX_AGE
        )


def outbox_health(*, now: datetime.datetime | None = None) -> OutboxHealth:
    """How many tasks wait for the broker, and how long the oldest has waited."""
    now = now or timezone.now()
    figures = OutboxTask.objects.filter(sent_at__isnull=True).aggregate(
        pending=Count("pk"), oldest=Min("created_at")
    )
    oldest = figures["oldest"]
    return OutboxHealth(
        pending=figures["pending"],
        oldest_pending_seconds=None
        if oldest is None
        else round(max((now - oldest).total_seconds(), 0.0), 1),
    )
