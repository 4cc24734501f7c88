"""Faults with real parts: the broker down during families' and staff's pages,
and a worker killed in the middle of a reminder run.

A real Celery worker process does the work, through Redis, from the committed
rows of this test's database, and writes its emails to files counted here.
"""

import datetime
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Response
from consultations.models import ResponseContact
from consultations.models import SentReminder
from consultations.tasks import remind_closing_consultations
from consultations.tasks import send_closing_soon
from events.models import Booking
from improvement.models import ProgressReport
from improvement.reports.models import ReportStatus
from sendportal.accounts.models import User
from sendportal.outbox.models import OutboxTask
from sendportal.outbox.services import enqueue
from sendportal.outbox.tasks import relay_outbox
from tests.consultations.conftest import make_consultation
from tests.consultations.conftest import make_survey
from tests.consultations.factories import ResponseContactFactory
from tests.consultations.test_journey import answer_everything
from tests.consultations.test_journey import url as journey_url
from tests.events.factories import EventFactory
from tests.helpers import client_for
from tests.improvement.factories import PlanFactory
from tests.improvement.reports.conftest import build_quarter
from tests.strategies.factories import StrategyFactory

from .conftest import Broker
from .mailfiles import bodies_to
from .mailfiles import sent_to
from .workers import kill
from .workers import start_worker
from .workers import stop
from .workers import wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Starts Celery worker processes.
    pytest.mark.slow,
]


def test_pages_succeed_with_the_broker_down_and_each_task_runs_once_when_it_returns(
    area, officer: User, broker: Broker, tmp_path: Path, client
) -> None:
    event = EventFactory.create(area=area, title="Listening event")
    quarter = build_quarter(
        PlanFactory.create(strategy=StrategyFactory.create(area=area, approved=True)),
        area,
    )
    consultation = make_consultation(area)
    consultation.closes_at = timezone.now() + datetime.timedelta(days=3)
    consultation.save()
    survey = make_survey(consultation)
    worker = start_worker(broker, tmp_path)
    try:
        with broker.down():
            booked = client.post(
                reverse(
                    "events:booking_create",
                    kwargs={"area_slug": area.slug, "pk": event.pk},
                ),
                {
                    "name": "Sam Parent",
                    "email": "sam@example.org",
                    "respondent_type": "PARENT_CARER",
                    "access_requirements": "",
                    "places": "1",
                },
            )
            assert booked.status_code == HTTPStatus.FOUND
            assert (
                "Booking confirmed" in client.get(booked["Location"]).content.decode()
            )

            requested = client_for(officer).post(
                reverse(
                    "reports_staff:report_request",
                    args=[area.slug, quarter.plan.pk],
                ),
                {
                    "period": quarter.period.start.isoformat(),
                    "executive_summary": "A steady quarter.",
                    "next_steps": "Keep going.",
                },
            )
            assert requested.status_code == HTTPStatus.FOUND
            status_page = client_for(officer).get(requested["Location"])
            assert "The PDF is being made." in status_page.content.decode()

            family = client_for(None)
            answer_everything(family, survey, email="parent@example.org")
            done = family.post(journey_url(survey, "journey_check"))
            assert done["Location"] == journey_url(survey, "journey_done")
            reference = Response.objects.get(survey=survey).reference
            assert reference in family.get(done["Location"]).content.decode()

            # The daily "closing soon" run comes while the broker is still down.
            assert remind_closing_consultations() == 1

        # Nothing was sent, and nothing is duplicated.
        assert Booking.objects.count() == 1
        assert ProgressReport.objects.get().status == ReportStatus.QUEUED
        assert Response.objects.filter(survey=survey).count() == 1
        contact = ResponseContact.objects.get(response__survey=survey)
        assert contact.email == "parent@example.org"
        pending = OutboxTask.objects.pending()
        assert sorted(pending.values_list("task_name", flat=True)) == [
            "consultations.tasks.send_closing_soon",
            "events.tasks.send_booking_confirmation",
            "improvement.reports.tasks.render_report",
        ]
        assert all(task.attempts == 1 for task in pending)
        assert sent_to(tmp_path) == {}

        # The broker is back: beat's next relay sends each task, once.
        assert relay_outbox() == 3
        assert relay_outbox() == 0
        report = ProgressReport.objects.get()
        booking = Booking.objects.get()
        wait_for(
            lambda: sent_to(tmp_path).total() == 3,
            timeout=90,
            workers=(worker,),
        )
        report.refresh_from_db()
        assert report.status == ReportStatus.READY
        # A run that comes again later sends nothing more.
        enqueue(send_closing_soon, consultation.pk)
        time.sleep(3)
        assert sent_to(tmp_path) == {
            "sam@example.org": 1,
            officer.email: 1,
            "parent@example.org": 1,
        }
        (confirmation,) = bodies_to(tmp_path, "sam@example.org")
        assert booking.get_cancel_url() in confirmation
        assert SentReminder.objects.count() == 1
        assert not OutboxTask.objects.pending().exists()
    finally:
        stop(worker)


def test_a_worker_killed_mid_run_resumes_within_seconds_and_emails_no_one_twice(
    broker: Broker, tmp_path: Path, area
) -> None:
    consultation = make_consultation(area)
    survey = make_survey(consultation)
    contacts = [
        ResponseContactFactory.create(
            response__survey=survey, email=f"family{n}@example.org"
        )
        for n in range(24)
    ]
    settings_of_the_run = {
        # Batches of 4, each email taking 0.3 s to be accepted, and a broker
        # that hands back a dead worker's task after 4 s.
        "TASK_BATCH_SIZE": "4",
        "TEST_EMAIL_DELAY": "0.3",
        "CELERY_VISIBILITY_TIMEOUT": "4",
    }
    first = start_worker(broker, tmp_path, **settings_of_the_run)
    second = None
    try:
        enqueue(send_closing_soon, consultation.pk)
        wait_for(lambda: sent_to(tmp_path).total() >= 6, timeout=60, workers=(first,))
        kill(first)
        sent_before = sent_to(tmp_path).total()
        # Killed part-way: in its second batch, with others still queued.
        assert 6 <= sent_before < len(contacts)
        assert SentReminder.objects.count() == sent_before

        second = start_worker(broker, tmp_path, **settings_of_the_run)
        resumed_in = wait_for(
            lambda: SentReminder.objects.count() == len(contacts),
            timeout=60,
            workers=(second,),
        )
        time.sleep(1)
        received = sent_to(tmp_path)
        assert received == {contact.email: 1 for contact in contacts}
        # The killed batch came back after the short visibility timeout, not
        # the 40 minutes it once took.
        assert resumed_in < 30
    finally:
        for worker in (first, second):
            if worker is not None:
                stop(worker)
