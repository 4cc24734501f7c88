"""The Celery app knows every task that the beat schedule and the services send."""

from django.conf import settings

from sendportal.celery import app


def test_every_periodic_task_and_the_report_renderer_are_registered() -> None:
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled
    missing = scheduled - set(app.tasks)
    assert missing == set()
    assert "improvement.reports.tasks.render_report" in app.tasks
    assert "consultations.imports.tasks.run_survey_import" in app.tasks
