"""The weekly digest: one per subscriber per week with changes, each change told once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from follow import services
from follow import tasks
from follow.models import FollowDigest
from follow.models import FollowSubscription
from follow.models import ToldChange
from follow.services import follow_erase_expired
from follow.services import follow_subscribe_booking
from follow.services import follow_unsubscribe
from tests.events.factories import BookingFactory
from tests.events.factories import FindingFactory
from tests.follow.conftest import SECRET_ANSWER
from tests.follow.conftest import Thread

pytestmark = pytest.mark.django_db

WEEK = "2026-W49"
NEXT_WEEK = "2026-W50"


def subscribe(thread: Thread, email: str = "parent@example.org") -> FollowSubscription:
    return FollowSubscription.objects.create(
        response=thread.response, email=email, confirmed_at=timezone.now()
    )


def run(week: str = WEEK, *ids: int) -> int:
    pks = list(ids) or list(FollowSubscription.objects.values_list("pk", flat=True))
    return tasks.send_follow_digest_batch(week, pks)


def test_no_digest_without_a_change(thread: Thread) -> None:
    subscribe(thread)
    assert run() == 0
    assert mail.outbox == []
    assert not FollowDigest.objects.exists()


def test_a_change_is_told_once_in_one_digest_a_week(thread: Thread) -> None:
    subscription = subscribe(thread)
    thread.update(rag="green")
    assert run() == 1
    thread.update(rag="red")
    # Same week: nothing more, even with a new change; it waits for next week.
    assert run() == 0
    assert len(mail.outbox) == 1
    assert run(NEXT_WEEK) == 1
    assert run(NEXT_WEEK) == 0
    assert len(mail.outbox) == 2
    assert (
        "Rating changed from Amber: at risk to Green: on track" in mail.outbox[0].body
    )
    assert (
        "Rating changed from Green: on track to Red: off track" in mail.outbox[1].body
    )
    assert "Amber" not in mail.outbox[1].body
    assert ToldChange.objects.filter(subscription=subscription).count() == 2


def test_changes_before_subscribing_are_not_told(thread: Thread) -> None:
    thread.update(rag="green", days_ago=1)
    subscribe(thread)
    assert run() == 0


def test_the_digest_has_no_answers_and_carries_one_click_unsubscribe(
    thread: Thread,
) -> None:
    thread.action.title = "Hire <b>psychologists</b> {{ 7*7 }}"
    thread.action.save()
    subscription = subscribe(thread)
    thread.update(rag="blue", status="complete")
    run()
    message = mail.outbox[0]
    assert SECRET_ANSWER not in message.body
    assert "<script>" not in message.body  # update narratives stay on the page
    assert "Hire <b>psychologists</b> {{ 7*7 }}" in message.body
    assert "The action is complete" in message.body
    assert thread.response.follow_token in message.body
    assert subscription.token in message.extra_headers["List-Unsubscribe"]
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )


def test_a_failed_send_is_retried_without_duplicates(
    thread: Thread, monkeypatch
) -> None:
    subscribe(thread, "one@example.org")
    subscribe(thread, "two@example.org")
    thread.update(rag="green")
    real_send = tasks.EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("SMTP down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(tasks.EmailMessage, "send", flaky)
    with pytest.raises(ConnectionError):
        run()
    assert FollowDigest.objects.count() == 1
    assert run() == 1
    assert run() == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "one@example.org",
        "two@example.org",
    ]


def test_unconfirmed_and_unsubscribed_get_nothing(thread: Thread) -> None:
    FollowSubscription.objects.create(response=thread.response, email="u@example.org")
    gone = subscribe(thread)
    follow_unsubscribe(subscription=gone)
    thread.update(rag="green")
    assert run() == 0


def test_the_weekly_run_queues_each_subscriber_once(
    thread: Thread, django_capture_on_commit_callbacks
) -> None:
    subscribe(thread)
    thread.update(rag="green")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_follow_digests() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_follow_digests() == 0
    assert len(mail.outbox) == 1


def test_a_booker_hears_of_the_write_up_and_of_the_findings_actions(
    thread: Thread,
) -> None:
    booking = BookingFactory.create(event__area=thread.area, event__status="held")
    finding = FindingFactory.create(event=booking.event)
    finding.themes.add(thread.theme)
    subscription = follow_subscribe_booking(booking=booking)
    assert run(WEEK, subscription.pk) == 0
    booking.event.status = "written_up"
    booking.event.save()
    thread.update(rag="green")
    assert run(WEEK, subscription.pk) == 1
    body = mail.outbox[0].body
    assert "The write-up of the event is published" in body
    assert "Recruit two educational psychologists" in body
    assert finding.text not in body
    assert run(NEXT_WEEK, subscription.pk) == 0


def test_a_booker_subscribing_after_the_write_up_is_not_told_it_again(
    thread: Thread,
) -> None:
    booking = BookingFactory.create(event__area=thread.area, event__status="written_up")
    subscription = follow_subscribe_booking(booking=booking)
    assert run(WEEK, subscription.pk) == 0


def test_subscriptions_are_erased_with_the_details_they_came_with(
    thread: Thread,
) -> None:
    kept = subscribe(thread)
    gone = subscribe(thread, "gone@example.org")
    follow_unsubscribe(subscription=gone)
    stale = FollowSubscription.objects.create(
        response=thread.response, email="never@example.org"
    )
    booking = BookingFactory.create(event__area=thread.area)
    erased_booking = follow_subscribe_booking(booking=booking)
    booking.erased_at = timezone.now()
    booking.save()
    later = timezone.now() + datetime.timedelta(days=8)
    assert follow_erase_expired(at=later) == 3
    assert list(FollowSubscription.objects.all()) == [kept]
    assert not FollowSubscription.objects.filter(pk__in=[stale.pk, erased_booking.pk])
    # After the area's retention period from the consultation's close, it goes too.
    consultation = thread.response.consultation
    consultation.opens_at = timezone.now() - datetime.timedelta(days=900)
    consultation.closes_at = timezone.now() - datetime.timedelta(days=800)
    consultation.save()
    assert follow_erase_expired() == 1


def test_asking_twice_at_once_keeps_one_subscription(
    thread: Thread, monkeypatch
) -> None:
    first = services.follow_subscribe_response(
        response=thread.response, email="a@example.org"
    )
    looked = []

    def sees_nothing(**kwargs: object) -> "_Nothing":
        looked.append(kwargs)
        return _Nothing()

    # The second request did not see the first's row before inserting.
    monkeypatch.setattr(services.FollowSubscription.objects, "filter", sees_nothing)
    second = services.follow_subscribe_response(
        response=thread.response, email="a@example.org"
    )
    assert looked
    assert second.pk == first.pk
    assert FollowSubscription.objects.count() == 1


class _Nothing:
    def first(self) -> None:
        return None
