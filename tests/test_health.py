import datetime
from http import HTTPStatus

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from sendportal.outbox.models import OutboxTask

pytestmark = pytest.mark.django_db


def waiting_task(age_seconds: int, name: str = "events.tasks.x") -> OutboxTask:
    return OutboxTask.objects.create(
        task_name=name,
        args=[age_seconds],
        key=f"{name}:{age_seconds}",
        created_at=timezone.now() - datetime.timedelta(seconds=age_seconds),
    )


def test_health_reports_database_redis_broker_and_an_empty_outbox(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "database": "ok",
        "redis": "ok",
        "broker": "ok",
        "outbox": "ok",
        "outbox_pending": 0,
        "outbox_oldest_pending_seconds": None,
    }
    assert response["Cache-Control"] == "no-store"


def test_health_reports_redis_down_but_stays_up(client, settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["redis"] == "unavailable"


def test_health_reports_the_broker_down_but_stays_up(client, settings) -> None:
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["broker"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_health_shows_how_long_the_oldest_task_has_waited(client, settings) -> None:
    settings.OUTBOX_HEALTHY_MAX_AGE = 120
    waiting_task(30)
    waiting_task(90)
    OutboxTask.objects.create(
        task_name="events.tasks.sent",
        key="sent",
        created_at=timezone.now() - datetime.timedelta(hours=2),
        sent_at=timezone.now(),
    )
    state = client.get("/healthz").json()
    assert state["outbox"] == "ok"
    assert state["outbox_pending"] == 2
    assert 90 <= state["outbox_oldest_pending_seconds"] < 100


def test_an_outbox_task_waiting_past_the_threshold_makes_the_outbox_stale(
    client, settings
) -> None:
    settings.OUTBOX_HEALTHY_MAX_AGE = 120
    waiting_task(30)
    waiting_task(121)
    response = client.get("/healthz")
    # Pages still work: monitoring reads the field, the load balancer the status.
    assert response.status_code == HTTPStatus.OK
    state = response.json()
    assert state["outbox"] == "stale"
    assert state["outbox_pending"] == 2
    assert state["outbox_oldest_pending_seconds"] >= 121


def test_health_is_503_when_the_database_is_down(client, monkeypatch) -> None:
    from django.db.backends.utils import CursorWrapper

    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "unavailable"
    assert response.json()["outbox"] == "unavailable"
