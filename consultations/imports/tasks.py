"""Background survey imports (large files)."""

from typing import Any

from celery import Task
from celery import shared_task
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)


# A 50,000-row file takes about a minute on a busy two-core machine; the
# limits leave room for larger files. An import may outlast the broker's
# visibility timeout, so the broker may hand it to a second worker while it
# runs: that copy finds the batch's lock taken and stops at once
# (services._claim_import).
class SurveyImportTask(Task[Any, Any]):
    second_delivery_is_harmless = True


@shared_task(base=SurveyImportTask, soft_time_limit=900, time_limit=1200)
def import_survey_responses(batch_id: int) -> str:
    """Import a queued batch of survey responses; a second run does nothing."""
    # Imported here, not at the top: the services import this module to
    # enqueue its tasks, and tasks are the one side that imports lazily.
    from . import services

    batch = services.import_batch_run(batch_id=batch_id)
    logger.info("Survey import %s: %s", batch_id, batch.status)
    return str(batch.status)


@shared_task
def requeue_stale_imports() -> int:
    """Every few minutes: queue again the imports that no worker is running."""
    from . import services

    return services.import_batches_requeue_stale()


@shared_task
def discard_unconfirmed_imports() -> int:
    """Nightly: discard survey uploads that were never imported, with their files."""
    from . import services

    return services.import_batches_discard_unconfirmed()


@shared_task
def delete_expired_survey_proposals() -> int:
    """Nightly: surveys proposed from a file but never created, and their files."""
    from . import proposal_services

    return proposal_services.survey_proposals_delete_expired()
