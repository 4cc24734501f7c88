"""Anti-automation on public forms: limits in a real Redis, honeypot, email cap."""

import datetime
import time
from http import HTTPStatus

import pytest
import redis
import time_machine
from django.core import mail
from django.test import Client
from django.test import RequestFactory
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Booking
from sendportal import throttle
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def booking_url(event) -> str:
    return reverse("events:booking_create", args=[event.area.slug, event.pk])


def answers(n: int, **changes: str) -> dict[str, str]:
    return {
        "name": f"Parent {n}",
        "email": f"parent{n}@example.org",
        "respondent_type": "PARENT_CARER",
        "places": "1",
    } | changes


def test_200_bookings_from_one_address_stop_at_the_limit(
    redis_cache: str, client: Client, area, settings, django_capture_on_commit_callbacks
) -> None:
    per_minute = settings.PUBLIC_FORM_LIMITS["submit"]["address"][0][0]
    event = EventFactory.create(area=area, capacity=100)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(booking_url(event), answers(n)).status_code for n in range(200)
        ]
    elapsed = time.monotonic() - started

    assert statuses.count(HTTPStatus.FOUND) == per_minute
    assert statuses.count(HTTPStatus.TOO_MANY_REQUESTS) == 200 - per_minute
    assert Booking.objects.count() == per_minute
    assert len(mail.outbox) == per_minute
    # The counts were kept in Redis, not in this process.
    keys = list(redis.Redis.from_url(settings.REDIS_URL).scan_iter(f"{redis_cache}:*"))
    assert keys
    assert elapsed < 60, "the whole run must fit in the one-minute window"


def test_the_limit_page_says_what_happened_when_to_retry_and_whom_to_ask(
    redis_cache: str, client: Client, area, settings
) -> None:
    settings.PUBLIC_FORM_LIMITS = {
        **settings.PUBLIC_FORM_LIMITS,
        "submit": {"address": ((1, 300),)},
    }
    event = EventFactory.create(area=area)
    client.post(booking_url(event), answers(1))
    page = client.post(booking_url(event), answers(2))

    assert page.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 295 <= int(page["Retry-After"]) <= 300
    content = page.content.decode()
    assert "You have sent too many forms in a short time" in content
    assert "We have not saved what you just sent." in content
    assert "You can try again in 5 minutes." in content
    assert area.contact_email in content
    assert Booking.objects.count() == 1


def test_one_email_address_is_limited_whatever_address_it_comes_from(
    redis_cache: str, area, settings, caplog
) -> None:
    settings.PUBLIC_FORM_LIMITS = {
        **settings.PUBLIC_FORM_LIMITS,
        "submit": {"address": ((100, 60),), "email": ((3, 3600),)},
    }
    events = EventFactory.create_batch(5, area=area)
    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{n}")
        .post(booking_url(event), answers(n, email=f"Sam@EXAMPLE.org{' ' * n}"))
        .status_code
        for n, event in enumerate(events)
    ]
    assert statuses == [HTTPStatus.FOUND] * 3 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    assert Booking.objects.count() == 3
    assert "per email, from 198.51.100.4" in caplog.text
    assert "sam@example.org" not in caplog.text.lower()


def test_other_addresses_can_still_book_when_one_is_limited(
    redis_cache: str, area, settings
) -> None:
    settings.PUBLIC_FORM_LIMITS = {
        **settings.PUBLIC_FORM_LIMITS,
        "submit": {"address": ((2, 60),)},
    }
    event = EventFactory.create(area=area)
    flooder = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        flooder.post(booking_url(event), answers(n))
    family = Client(REMOTE_ADDR="192.0.2.44")
    response = family.post(booking_url(event), answers(99))
    assert response.status_code == HTTPStatus.FOUND
    assert Booking.objects.count() == 3


def test_a_window_ends_and_the_address_may_send_again(
    redis_cache: str, client: Client, area, settings
) -> None:
    settings.PUBLIC_FORM_LIMITS = {
        **settings.PUBLIC_FORM_LIMITS,
        "submit": {"address": ((1, 1),)},
    }
    event = EventFactory.create(area=area)
    assert client.post(booking_url(event), answers(1)).status_code == 302
    assert client.post(booking_url(event), answers(2)).status_code == 429
    time.sleep(1.1)  # Redis expires the window itself: a clock in Redis
    assert client.post(booking_url(event), answers(3)).status_code == 302


def test_with_the_cache_down_families_can_still_book(
    client: Client, area, settings, caplog, django_capture_on_commit_callbacks
) -> None:
    # Nothing listens on port 1: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    event = EventFactory.create(area=area)
    with (
        caplog.at_level("WARNING", logger="sendportal.throttle"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(booking_url(event), answers(1))
    assert response.status_code == HTTPStatus.FOUND
    assert Booking.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "cache unavailable" in caplog.text


def test_a_filled_honeypot_stores_nothing_and_says_nothing_about_why(
    client: Client, area
) -> None:
    event = EventFactory.create(area=area)
    page = client.get(booking_url(event)).content.decode()
    assert 'name="website"' in page
    assert 'tabindex="-1"' in page
    assert 'autocomplete="off"' in page

    response = client.post(booking_url(event), answers(1, website="http://spam"))
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert "Thank you" in content
    assert area.contact_email in content
    for word in ("automated", "honeypot", "spam", "website", "error"):
        assert word not in content.lower(), word
    assert not Booking.objects.exists()
    assert mail.outbox == []


def test_a_filled_honeypot_does_not_cancel_a_booking(client: Client, area) -> None:
    booking = BookingFactory.create(event__area=area)
    response = client.post(booking.get_cancel_url(), {"website": "x"})
    assert response.status_code == HTTPStatus.OK
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_the_email_cap_stops_the_next_email_to_one_address_that_day(
    redis_cache: str, area, settings, officer, django_capture_on_commit_callbacks
) -> None:
    settings.PUBLIC_EMAILS_PER_ADDRESS_PER_DAY = 3
    events = EventFactory.create_batch(5, area=area)
    data = {**answers(1), "places": 1}
    with django_capture_on_commit_callbacks(execute=True):
        for n, event in enumerate(events[:4]):
            email = "sam@example.org" if n % 2 else "SAM@example.org"
            services.booking_create(event=event, data={**data, "email": email})
    assert len(mail.outbox) == 3
    assert Booking.objects.filter(confirmation_sent_at__isnull=False).count() == 4

    # Being told an event is cancelled is never held back, though counted.
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=events[0], by=officer)
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].subject.startswith("Event cancelled")

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.booking_create(event=events[4], data=data)
    assert len(mail.outbox) == 5


def test_the_email_cap_counts_each_address_apart(redis_cache: str, settings) -> None:
    settings.PUBLIC_EMAILS_PER_ADDRESS_PER_DAY = 2
    results = [throttle.email_allowed("a@example.org") for _ in range(3)]
    assert results == [True, True, False]
    assert throttle.email_allowed("b@example.org")
    assert throttle.email_allowed("a@example.org", essential=True)


def test_password_reset_is_limited_and_its_emails_capped(
    redis_cache: str, client: Client, officer, settings
) -> None:
    settings.PUBLIC_EMAILS_PER_ADDRESS_PER_DAY = 2
    url = reverse("accounts:password_reset")
    statuses = [
        client.post(url, {"email": officer.email}).status_code for _ in range(4)
    ]
    assert statuses == [HTTPStatus.FOUND] * 4
    assert len(mail.outbox) == 2
    assert client.post(url, {"email": officer.email, "website": "x"}).status_code == 200
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # the header is not trusted
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # a forged entry is ignored
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),  # shorter than the proxies: not trusted
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, proxies: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert throttle.client_address(request) == expected


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(1, "1 minute"), (60, "1 minute"), (61, "2 minutes"), (3600, "60 minutes")],
)
def test_the_wait_is_said_in_whole_minutes_rounded_up(seconds, words) -> None:
    assert throttle.wait_in_words(seconds) == words


def test_a_long_wait_is_said_in_hours() -> None:
    assert throttle.wait_in_words(2 * 60 * 60) == "2 hours"


# Public pages with a form that take no part in these checks, and why.
NOT_PUBLIC_FORMS = {
    # Signing in has its own limits, by account and address.
    "accounts:login",
    # Ends the signed-in person's own session; it changes nothing else.
    "accounts:logout",
}


def public_views(patterns=None, prefix: str = "", namespace: str = ""):
    """(name, route, view) of every URL pattern anyone may use without signing
    in (marked `login_not_required`), outside /staff/ and the admin."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("staff/", "django-admin/")):
            continue
        if isinstance(pattern, URLResolver):
            space = pattern.namespace or namespace
            yield from public_views(pattern.url_patterns, route, space)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            if getattr(pattern.callback, "login_required", True) is False:
                yield name, route, pattern.callback


def takes_posts(view) -> bool:
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return hasattr(view, "public_form_scope")
    return hasattr(view_class, "post") and "post" in view_class.http_method_names


def test_every_public_page_that_takes_a_post_is_limited_and_has_a_honeypot() -> None:
    checked = []
    for name, route, view in public_views():
        if name in NOT_PUBLIC_FORMS or not takes_posts(view):
            continue
        view_class = getattr(view, "view_class", None)
        limited = hasattr(view, "public_form_scope") or (
            view_class is not None and issubclass(view_class, throttle.PublicFormMixin)
        )
        assert limited, f"{name} ({route}) takes POSTs without the public-form checks"
        checked.append(name)
    assert set(checked) >= {
        "events:booking_create",
        "events:booking_cancel",
        "consultations:journey_step",
        "consultations:journey_check",
        "accounts:password_reset",
        "accounts:password_reset_confirm",
        "accounts:invitation_accept",
    }
