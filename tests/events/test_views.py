"""Public event pages: listing, booking without an account, cancelling, write-up."""

import datetime
import re
import zoneinfo
from http import HTTPStatus

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Booking
from events.models import BookingStatus
from events.models import EventStatus
from tests.events.factories import AttendanceCountFactory
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.events.factories import EventSessionFactory
from tests.events.factories import FindingFactory
from tests.events.factories import in_days
from tests.subtraction import by_subtraction
from tests.subtraction import hidden_values

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
HOSTILE = '<script>alert("x")</script>'


def booking_url(event):
    return reverse(
        "events:booking_create", kwargs={"area_slug": event.area.slug, "pk": event.pk}
    )


def answers(**changes):
    return {
        "name": "Sam Parent",
        "email": "sam@example.org",
        "respondent_type": "PARENT_CARER",
        "access_requirements": "BSL interpreter",
        "places": "2",
    } | changes


def test_events_page_lists_upcoming_and_past_events_of_the_area_only(
    client, area, other_area
):
    EventFactory.create(area=area, title="Coming soon")
    EventFactory.create(
        area=area,
        title="Last spring",
        status=EventStatus.WRITTEN_UP,
        starts_at=in_days(-60),
    )
    EventFactory.create(area=area, title="Still planning", status="planned")
    EventFactory.create(area=other_area, title="Somewhere else")
    response = client.get(reverse("events:event_list", args=[area.slug]))
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Coming soon" in content
    assert "Last spring" in content
    assert "Read what people said" in content
    assert "Still planning" not in content
    assert "Somewhere else" not in content


def test_planned_event_page_is_hidden_from_the_public(client, area):
    event = EventFactory.create(area=area, status=EventStatus.PLANNED)
    assert client.get(event.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_event_of_another_area_is_not_found_under_this_area(client, area, other_area):
    event = EventFactory.create(area=other_area)
    url = reverse(
        "events:event_detail", kwargs={"area_slug": area.slug, "pk": event.pk}
    )
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_booking_form_keeps_answers_and_shows_an_error_summary(client, area):
    event = EventFactory.create(area=area)
    response = client.post(
        booking_url(event), answers(email="not-an-email", name="", places="2")
    )
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "govuk-error-summary" in content
    assert "Enter your name" in content
    assert "Enter an email address in the correct format" in content
    assert 'value="not-an-email"' in content
    assert "BSL interpreter" in content
    assert not Booking.objects.exists()


def test_booking_confirms_and_emails_an_ics_calendar_file(
    client, area, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://send.fenmere.example"
    event = EventFactory.create(
        area=area,
        title="Listening event",
        starts_at=datetime.datetime(2030, 6, 14, 10, 0, tzinfo=LONDON),
        ends_at=datetime.datetime(2030, 6, 14, 12, 30, tzinfo=LONDON),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(booking_url(event), answers())
    booking = Booking.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == booking.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Booking confirmed" in page
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.places == 2
    (message,) = mail.outbox
    assert "https://send.fenmere.example" + booking.get_cancel_url() in message.body
    assert "Friday 14 June 2030, 10am to 12:30pm" in message.body
    assert "Your 2 places are booked." in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == "event.ics"
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Listening event"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTSTART").astimezone(datetime.UTC).hour == 9  # BST
    assert vevent.decoded("DTEND") == event.ends_at
    assert "Fenmere Library" in str(vevent["LOCATION"])
    assert str(vevent["UID"]).startswith(f"event-{event.pk}-booking-{booking.pk}@")
    assert str(calendar["VERSION"]) == "2.0"


def test_full_event_offers_the_waiting_list(client, area):
    event = EventFactory.create(area=area, capacity=1)
    BookingFactory.create(event=event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Join the waiting list" in page
    response = client.post(booking_url(event), answers(places="1"), follow=True)
    assert "You are on the waiting list" in response.content.decode()
    assert Booking.objects.get(email="sam@example.org").status == "waiting"


def test_closed_event_sends_people_back_to_the_event_page(client, area):
    event = EventFactory.create(area=area, status=EventStatus.HELD)
    response = client.get(booking_url(event))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == event.get_absolute_url()
    assert client.post(booking_url(event), answers()).status_code == HTTPStatus.FOUND
    assert not Booking.objects.exists()


def test_signed_link_cancels_the_booking(client, area):
    booking = BookingFactory.create(event__area=area)
    cancel_url = booking.get_cancel_url()
    assert "Are you sure" in client.get(cancel_url).content.decode()
    response = client.post(cancel_url, follow=True)
    assert "Booking cancelled" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_tampered_cancel_link_is_not_found(client, area):
    booking = BookingFactory.create(event__area=area)
    other = BookingFactory.create(event__area=area)
    other_payload = other.token.rsplit(":", 1)[0]
    forged_token = other_payload + ":" + booking.token.rsplit(":", 1)[1]
    forged = booking.get_cancel_url().replace(booking.token, forged_token)
    assert client.post(forged).status_code == HTTPStatus.NOT_FOUND
    url = reverse(
        "events:booking_cancel", kwargs={"area_slug": area.slug, "token": other.pk}
    )
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    other.refresh_from_db()
    assert other.status == BookingStatus.CONFIRMED


def test_hostile_text_stays_inert_on_pages(client, area):
    event = EventFactory.create(
        area=area, title=HOSTILE, description=HOSTILE, status=EventStatus.WRITTEN_UP
    )
    FindingFactory.create(event=event, text=HOSTILE, session__title=HOSTILE)
    booking = BookingFactory.create(event=event, name=HOSTILE)
    for url in (
        event.get_absolute_url(),
        reverse("events:event_writeup", args=[area.slug, event.pk]),
        booking.get_absolute_url(),
    ):
        content = client.get(url).content.decode()
        assert HOSTILE not in content
        assert "&lt;script&gt;" in content


def test_write_up_shows_findings_by_topic_and_suppresses_small_numbers(client, area):
    event = EventFactory.create(
        area=area,
        status=EventStatus.WRITTEN_UP,
        recording_url="https://video.example/summary",
    )
    session = EventSessionFactory.create(event=event, title="Transition points")
    FindingFactory.create(event=event, session=session, text="Staff listen to us")
    FindingFactory.create(
        event=event, session=session, kind="better_if", text="Less waiting"
    )
    AttendanceCountFactory.create(event=event, respondent_type="PARENT_CARER", count=23)
    AttendanceCountFactory.create(event=event, respondent_type="HEALTH", count=3)
    content = client.get(
        reverse("events:event_writeup", args=[area.slug, event.pk])
    ).content.decode()
    assert "Transition points" in content
    assert "What works well at the moment" in content
    assert "What would be better if" in content
    assert "Less waiting" in content
    assert "23" in content
    assert "fewer than 5" in content
    assert ">3<" not in content
    assert ">26<" not in content
    assert ">24 to 27<" in content
    assert "https://video.example/summary" in content


def test_write_up_is_not_public_before_it_is_published(client, area):
    event = EventFactory.create(area=area, status=EventStatus.HELD)
    url = reverse("events:event_writeup", args=[area.slug, event.pk])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_asking_for_more_places_than_the_event_has_is_an_error_on_places(client, area):
    event = EventFactory.create(area=area, capacity=1)
    response = client.post(booking_url(event), answers(places="2"))
    content = response.content.decode()
    assert "This event has 1 places. Choose fewer places." in content
    assert 'href="#id_places"' in content
    assert not Booking.objects.exists()


def test_event_list_runs_the_same_queries_for_one_event_or_many(
    client, area, django_assert_num_queries
):
    url = reverse("events:event_list", args=[area.slug])
    BookingFactory.create(event=EventFactory.create(area=area))
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        BookingFactory.create(event=EventFactory.create(area=area))
    with django_assert_num_queries(len(one)):
        client.get(url)


def test_times_are_shown_in_london_time_in_the_govuk_style(client, area):
    event = EventFactory.create(
        area=area,
        starts_at=datetime.datetime(2030, 7, 1, 9, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 7, 1, 13, 0, tzinfo=datetime.UTC),
    )
    content = client.get(event.get_absolute_url()).content.decode()
    assert "Monday 1 July 2030, 10:30am to 2pm" in content


def test_email_field_is_marked_as_in_error_when_wrong(client, area):
    event = EventFactory.create(area=area)
    content = client.post(booking_url(event), answers(email="nope")).content.decode()
    (tag,) = re.findall(r'<input[^>]*id="id_email"[^>]*>', content)
    assert 'type="email"' in tag
    assert "govuk-input--error" in tag


@pytest.mark.parametrize(
    ("health", "total"), [(1, "24 to 27"), (4, "24 to 27"), (5, "28")]
)
def test_write_up_hides_counts_under_five_and_the_total_beside_them(
    client, area, health, total
):
    event = EventFactory.create(area=area, status=EventStatus.WRITTEN_UP)
    AttendanceCountFactory.create(event=event, respondent_type="PARENT_CARER", count=23)
    AttendanceCountFactory.create(event=event, respondent_type="HEALTH", count=health)
    AttendanceCountFactory.create(event=event, respondent_type="YOUNG_PERSON", count=0)
    response = client.get(reverse("events:event_writeup", args=[area.slug, event.pk]))
    attendance = response.context["attendance"]
    small = "fewer than 5" if health < 5 else str(health)
    assert [str(cell) for cell in attendance] == ["23", "0", small]
    assert str(attendance.total) == total
    content = response.content.decode()
    assert (f">{health}<" in content) == (health >= 5)
    assert ("fewer than 5" in content) == (health < 5)
    assert f">{total}<" in content
    # 0 is shown as 0, as on every public page.
    assert "Young person with SEND (16 to 25)" in content


def who_came(content: str) -> tuple[list[str], str]:
    """The write-up's "Who came" table as a reader sees it: cells and total."""
    table = content.split("Who came</h2>")[1].split("</table>")[0]
    cells = [
        " ".join(cell.split())
        for cell in re.findall(
            r'<td class="govuk-table__cell[^"]*">(.*?)</td>', table, re.S
        )
    ]
    return cells[:-1], cells[-1]


def test_a_group_of_3_at_an_event_cannot_be_worked_out_from_the_total(client, area):
    event = EventFactory.create(area=area, status=EventStatus.WRITTEN_UP)
    AttendanceCountFactory.create(event=event, respondent_type="PARENT_CARER", count=23)
    health = AttendanceCountFactory.create(
        event=event, respondent_type="HEALTH", count=3
    )
    url = reverse("events:event_writeup", args=[area.slug, event.pk])
    page = client.get(url).content.decode()
    cells, total = who_came(page)
    assert cells == ["23", "fewer than 5"]
    shown = [cell for cell in cells if cell != "fewer than 5"]
    assert by_subtraction(total, shown) is None
    assert hidden_values(total, shown) == {1, 2, 3, 4}
    # The page would read the same had 1, 2 or 4 health professionals come.
    for other in (1, 2, 4):
        health.count = other
        health.save()
        assert who_came(client.get(url).content.decode()) == (cells, total)


def form_token(client, event) -> str:
    page = client.get(booking_url(event)).content.decode()
    (token,) = re.findall(r'name="submission_token" value="([0-9a-f-]{36})"', page)
    return token


def test_a_retry_with_the_same_token_shows_the_first_confirmation(
    client, area, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area)
    token = form_token(client, event)
    assert form_token(client, event) != token  # each form shown has its own
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(booking_url(event), answers(submission_token=token))
        # The family pressed reload on an error page: the browser sends it again.
        again = client.post(booking_url(event), answers(submission_token=token))
    booking = Booking.objects.get()
    assert first.status_code == again.status_code == HTTPStatus.FOUND
    assert first["Location"] == again["Location"] == booking.get_absolute_url()
    assert booking.submission_token is not None
    assert str(booking.submission_token) == token
    assert len(mail.outbox) == 1


def test_a_mangled_token_still_books_without_an_error(client, area):
    event = EventFactory.create(area=area)
    response = client.post(booking_url(event), answers(submission_token="nonsense"))
    assert response.status_code == HTTPStatus.FOUND
    assert Booking.objects.get().submission_token is None


def test_booking_again_with_the_same_email_says_what_to_do_and_keeps_one_booking(
    client, area
):
    event = EventFactory.create(area=area)
    client.post(booking_url(event), answers(submission_token=form_token(client, event)))
    response = client.post(
        booking_url(event),
        answers(email="SAM@example.org", submission_token=form_token(client, event)),
    )
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<title>Error:" in content
    assert "govuk-error-summary" in content
    assert 'href="#id_email"' in content
    assert "You already have a booking for this event with this email address" in (
        content
    )
    assert "Find the confirmation email we sent you" in content
    assert "cancel your booking with that link, then book again" in content
    assert f"mailto:{area.contact_email}" in content
    assert 'value="SAM@example.org"' in content
    assert Booking.objects.count() == 1


def test_pages_with_a_bookers_details_are_not_stored_by_any_cache(client, area):
    booking = BookingFactory.create(event__area=area)
    event = booking.event
    for url in (booking.get_absolute_url(), booking.get_cancel_url()):
        assert client.get(url)["Cache-Control"] == "no-store", url
    refused = client.post(booking_url(event), answers(email="not-an-email"))
    assert refused["Cache-Control"] == "no-store"
    # Pages about the event alone may be cached as usual.
    assert "Cache-Control" not in client.get(event.get_absolute_url())
