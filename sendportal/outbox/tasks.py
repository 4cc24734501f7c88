"""The outbox relay and its housekeeping (Celery beat)."""

import datetime

from celery import shared_task
from celery.utils.log import get_task_logger
from django.conf import settings

logger = get_task_logger(__name__)


@shared_task
def relay_outbox() -> int:
    """Hand every task still waiting in the outbox to the broker."""
    # Imported here, not at the top: the services import the Celery app, and
    # tasks are the one side that imports lazily.
    from . import services

    total = 0
    # A bounded number of rounds: the next beat run carries on with the rest.
    for _round in range(10):
        result = services.relay()
        total += result.sent
        if result.error or result.sent < settings.OUTBOX_RELAY_BATCH:
            break
    if total:
        logger.info("Relayed %s tasks from the outbox", total)
    return total


@shared_task
def delete_sent_outbox_tasks() -> int:
    """Daily: forget outbox rows the broker accepted more than a week ago."""
    from . import services

    return services.delete_sent(
        older_than=datetime.timedelta(days=settings.OUTBOX_KEEP_SENT_DAYS)
    )
