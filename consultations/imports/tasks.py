"""Background survey imports (large files)."""

from celery import shared_task
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)


# A 50,000-row file takes about a minute on a busy two-core machine; the
# limits leave room for larger files. A second delivery after the broker's
# visibility timeout waits for the first on the survey's row lock, then finds the
# batch done.
# settings.LONGEST_TASK_TIME_LIMIT must stay at least this hard limit (tested).
@shared_task(soft_time_limit=900, time_limit=1200)
def import_survey_responses(batch_id: int) -> str:
    """Import a queued batch of survey responses; a second run does nothing."""
    # Imported here, not at the top: the services import this module to
    # enqueue its tasks, and tasks are the one side that imports lazily.
    from . import services

    batch = services.import_batch_run(batch_id=batch_id)
    logger.info("Survey import %s: %s", batch_id, batch.status)
    return str(batch.status)
