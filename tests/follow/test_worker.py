"""The weekly digest run by real Celery workers, one killed mid-run.

Each subscriber gets exactly one digest, each change told once, and a second
run of the week (beat firing again, or a redelivered task) sends nothing.
"""

import time
from pathlib import Path

import pytest
from django.utils import timezone

from follow.models import FollowDigest
from follow.models import FollowSubscription
from follow.models import ToldChange
from follow.tasks import send_follow_digests
from sendportal.outbox.services import enqueue
from tests.follow.conftest import SECRET_ANSWER
from tests.follow.conftest import Thread
from tests.outbox.conftest import Broker
from tests.outbox.mailfiles import bodies_to
from tests.outbox.mailfiles import sent_to
from tests.outbox.workers import kill
from tests.outbox.workers import start_worker
from tests.outbox.workers import stop
from tests.outbox.workers import wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # Starts Celery worker processes.
    pytest.mark.slow,
]

SUBSCRIBERS = 12


def test_a_killed_worker_resumes_and_every_subscriber_gets_one_digest(
    broker: Broker, tmp_path: Path, thread: Thread
) -> None:
    subscriptions = [
        FollowSubscription.objects.create(
            response=thread.response,
            email=f"follower{n}@example.org",
            confirmed_at=timezone.now(),
        )
        for n in range(SUBSCRIBERS)
    ]
    thread.update(rag="green")
    thread.update(rag="red")
    settings_of_the_run = {
        "TASK_BATCH_SIZE": "3",
        "TEST_EMAIL_DELAY": "0.3",
        "CELERY_VISIBILITY_TIMEOUT": "4",
    }
    first = start_worker(broker, tmp_path, **settings_of_the_run)
    second = None
    try:
        enqueue(send_follow_digests)
        wait_for(lambda: sent_to(tmp_path).total() >= 4, timeout=60, workers=(first,))
        kill(first)
        assert sent_to(tmp_path).total() < SUBSCRIBERS

        second = start_worker(broker, tmp_path, **settings_of_the_run)
        wait_for(
            lambda: FollowDigest.objects.count() == SUBSCRIBERS,
            timeout=60,
            workers=(second,),
        )
        # The week's run again: nothing new to tell, nobody emailed twice.
        enqueue(send_follow_digests)
        time.sleep(3)
        received = sent_to(tmp_path)
        assert received == {s.email: 1 for s in subscriptions}
        assert ToldChange.objects.count() == 2 * SUBSCRIBERS
        body = bodies_to(tmp_path, "follower0@example.org")[0]
        assert "Rating changed from Amber: at risk to Green: on track" in body
        assert "Rating changed from Green: on track to Red: off track" in body
        assert SECRET_ANSWER not in body
    finally:
        for worker in (first, second):
            if worker is not None:
                stop(worker)
