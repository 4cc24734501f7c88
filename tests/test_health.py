from http import HTTPStatus

import pytest
from django.db.utils import OperationalError

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_redis(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"database": "ok", "redis": "ok"}


def test_health_reports_redis_down_but_stays_up(client, settings) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["redis"] == "unavailable"


def test_health_is_503_when_the_database_is_down(client, monkeypatch) -> None:
    from django.db.backends.utils import CursorWrapper

    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["database"] == "unavailable"
