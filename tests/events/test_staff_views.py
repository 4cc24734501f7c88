"""Officers' event pages: planning, lifecycle, bookings export, outcomes."""

import csv
import io
from http import HTTPStatus

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from events.models import EventStatus
from events.models import Finding
from events.models import FindingKind
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.events.factories import EventSessionFactory
from tests.events.factories import FindingFactory
from tests.events.factories import event_form_data
from tests.helpers import staff_url
from tests.markup import radio_values
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory
from tests.strategies.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_officer_plans_an_event_with_london_times(client, area, officer):
    client.force_login(officer)
    url = reverse("events_staff:event_create", args=[area.slug])
    response = client.post(url, event_form_data(accessibility=["bsl", "captions"]))
    event = Event.objects.get()
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()
    assert event.status == EventStatus.PLANNED
    assert event.starts_at.isoformat() == "2030-04-02T09:00:00+00:00"
    assert event.accessibility == ["bsl", "captions"]


def test_event_form_errors_are_summarised_and_answers_kept(client, area, officer):
    client.force_login(officer)
    url = reverse("events_staff:event_create", args=[area.slug])
    response = client.post(
        url, {"title": "Roadshow", "start_time": "25:00", "capacity": "0"}
    )
    content = response.content.decode()
    assert "<title>Error:" in content
    assert "govuk-error-summary" in content
    assert "Enter a venue, or an online joining link, or both" in content
    assert 'value="Roadshow"' in content
    assert not Event.objects.exists()


def test_officer_of_another_area_cannot_reach_the_events(client, area, users_by_role):
    event = EventFactory.create(area=area)
    client.force_login(users_by_role["other_officer"])
    assert client.get(staff_url("event_detail", event)).status_code == 403
    assert client.get(staff_url("booking_list", event)).status_code == 403


def test_cabinet_member_sees_the_event_but_not_the_bookings(
    client, area, users_by_role
):
    event = EventFactory.create(area=area)
    client.force_login(users_by_role["cabinet"])
    assert client.get(staff_url("event_detail", event)).status_code == 200
    assert client.get(staff_url("booking_list", event)).status_code == 403
    export = staff_url("booking_export", event, file_format="csv")
    assert client.get(export).status_code == 403


def test_bookings_list_shows_access_requirements(client, area, officer):
    booking = BookingFactory.create(
        event__area=area, access_requirements="Quiet room, please"
    )
    client.force_login(officer)
    content = client.get(staff_url("booking_list", booking.event)).content.decode()
    assert "Quiet room, please" in content
    assert booking.email in content


def test_bookings_export_escapes_formulae_in_csv_and_xlsx(client, area, officer):
    event = EventFactory.create(area=area)
    BookingFactory.create(
        event=event, name='=HYPERLINK("http://x")', access_requirements="@SUM(1)"
    )
    client.force_login(officer)
    response = client.get(staff_url("booking_export", event, file_format="csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Name", "Email"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][5] == "'@SUM(1)"
    response = client.get(staff_url("booking_export", event, file_format="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
    assert sheet.title == "Bookings"
    bad = staff_url("booking_export", event, file_format="html")
    assert client.get(bad).status_code == 404


def test_officer_cancels_an_event_after_confirming(
    client, area, officer, django_capture_on_commit_callbacks
):
    event = EventFactory.create(area=area)
    BookingFactory.create(event=event)
    client.force_login(officer)
    url = staff_url("event_transition", event, step="cancel")
    assert "Cancel this event?" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert len(mail.outbox) == 1
    assert client.get(url).status_code == 403


def test_officer_records_attendance_and_coded_findings(client, area, officer):
    strategy = StrategyFactory.create(area=area)
    priority = PriorityFactory.create(strategy=strategy)
    theme = ThemeFactory.create(strategy=strategy, priority=priority)
    event = EventFactory.create(area=area, strategy=strategy, status="held")
    session = EventSessionFactory.create(event=event, priority=priority)
    client.force_login(officer)
    response = client.post(
        staff_url("attendance_update", event),
        {"PARENT_CARER": "31", "YOUNG_PERSON": "7", "HEALTH": ""},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert dict(event.attendance_counts.values_list("respondent_type", "count")) == {
        "PARENT_CARER": 31,
        "YOUNG_PERSON": 7,
    }
    response = client.post(
        staff_url("finding_create", event),
        {
            "session": session.pk,
            "kind": "better_if",
            "text": "Plans were shared before transition meetings",
            "themes": [theme.pk],
            "priority": priority.pk,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    finding = Finding.objects.get()
    assert list(finding.themes.all()) == [theme]
    assert finding.priority == priority
    page = client.get(staff_url("event_detail", event)).content.decode()
    assert "Plans were shared before transition meetings" in page


def test_findings_cannot_be_recorded_before_the_event_is_held(client, area, officer):
    event = EventFactory.create(area=area)
    client.force_login(officer)
    assert client.get(staff_url("finding_create", event)).status_code == 403
    assert client.get(staff_url("attendance_update", event)).status_code == 403


def test_staff_event_list_runs_the_same_queries_for_one_event_or_many(
    client, area, officer, django_assert_num_queries
):
    url = reverse("events_staff:event_list", args=[area.slug])
    client.force_login(officer)
    BookingFactory.create(event=EventFactory.create(area=area))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == HTTPStatus.OK
    for _ in range(5):
        BookingFactory.create(event=EventFactory.create(area=area))
    with django_assert_num_queries(len(one)):
        client.get(url)


def test_officer_types_up_a_topic_with_three_of_each_coded_alike(client, area, officer):
    strategy = StrategyFactory.create(area=area)
    priority = PriorityFactory.create(strategy=strategy)
    theme = ThemeFactory.create(strategy=strategy, priority=priority)
    event = EventFactory.create(area=area, strategy=strategy, status="held")
    session = EventSessionFactory.create(event=event, priority=priority)
    client.force_login(officer)
    url = staff_url("topic_findings", event, session_pk=session.pk)
    page = client.get(url).content.decode()
    assert "What works well at the moment" in page
    assert f'value="{priority.pk}" selected' in page
    response = client.post(
        url,
        {
            "works_well": "Visits before the move\n\nPassports\r\nSENCO meetings",
            "better_if": "Plans on time\nNo repeating\nOptions from Year 9",
            "themes": [theme.pk],
            "priority": priority.pk,
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    findings = Finding.objects.filter(session=session)
    assert findings.filter(kind="works_well").count() == 3
    assert findings.filter(kind="better_if").count() == 3
    assert all(list(f.themes.all()) == [theme] for f in findings)
    assert all(f.priority == priority for f in findings)


def test_topic_entry_with_no_statements_is_an_error(client, area, officer):
    event = EventFactory.create(area=area, status="held")
    session = EventSessionFactory.create(event=event)
    client.force_login(officer)
    response = client.post(staff_url("topic_findings", event, session_pk=session.pk))
    assert "Enter at least one statement" in response.content.decode()
    assert not Finding.objects.exists()


def test_hostile_booking_text_stays_inert_on_staff_pages(client, area, officer):
    hostile = '<img src=x onerror="alert(1)">'
    booking = BookingFactory.create(
        event__area=area, name=hostile, access_requirements=hostile
    )
    client.force_login(officer)
    content = client.get(staff_url("booking_list", booking.event)).content.decode()
    assert hostile not in content
    assert "&lt;img src=x" in content


def test_editing_an_event_shows_its_answers_and_keeps_the_booking_window(
    client, area, officer
):
    client.force_login(officer)
    url = reverse("events_staff:event_create", args=[area.slug])
    data = {
        "title": "Roadshow",
        "event_type": "roadshow",
        "phase_focus": "all",
        "date_0": "2",
        "date_1": "4",
        "date_2": "2030",
        "start_time": "10:00",
        "end_time": "12:00",
        "venue_name": "Town hall",
        "capacity": "30",
        "booking_closes_on_0": "31",
        "booking_closes_on_1": "3",
        "booking_closes_on_2": "2030",
    }
    client.post(url, data)
    event = Event.objects.get()
    # Booking closes at the end of 31 March, London time (BST from 31 March).
    assert str(event.booking_closes_at) == "2030-03-31 23:00:00+00:00"
    edit_url = staff_url("event_update", event)
    page = client.get(edit_url).content.decode()
    assert 'value="31"' in page
    assert 'value="10:00"' in page
    response = client.post(edit_url, data | {"title": "Spring roadshow"})
    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.title == "Spring roadshow"
    assert str(event.booking_closes_at) == "2030-03-31 23:00:00+00:00"


def test_a_topic_or_finding_of_another_event_is_not_found_under_this_one(
    client, area, officer
):
    event = EventFactory.create(area=area, status="held")
    elsewhere = EventFactory.create(area=area, status="held")
    session = EventSessionFactory.create(event=elsewhere)
    finding = FindingFactory.create(event=elsewhere)
    client.force_login(officer)
    for url in (
        staff_url("session_update", event, session_pk=session.pk),
        staff_url("topic_findings", event, session_pk=session.pk),
        staff_url("finding_update", event, finding_pk=finding.pk),
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url
        assert client.post(url, {"title": "Moved"}).status_code == 404, url
    session.refresh_from_db()
    assert session.event == elsewhere


def test_a_member_without_the_permission_is_refused_before_a_topic_is_looked_up(
    client, area, users_by_role
):
    event = EventFactory.create(area=area, status="held")
    client.force_login(users_by_role["cabinet"])
    # 999999 names no topic: the answer must not depend on whether it exists.
    for url in (
        staff_url("session_update", event, session_pk=999999),
        staff_url("topic_findings", event, session_pk=999999),
        staff_url("finding_update", event, finding_pk=999999),
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url


def test_each_lifecycle_step_asks_for_its_own_permission(client, area, officer):
    held = EventFactory.create(area=area, status="held")
    client.force_login(officer)
    # A held event can still be written up, but no longer cancelled.
    assert (
        client.get(staff_url("event_transition", held, step="written_up")).status_code
        == 200
    )
    response = client.post(staff_url("event_transition", held, step="cancel"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    held.refresh_from_db()
    assert held.status == EventStatus.HELD


def test_an_unknown_lifecycle_step_is_not_found_but_a_stranger_is_refused_first(
    client, area, officer, users_by_role
):
    event = EventFactory.create(area=area)
    url = staff_url("event_transition", event, step="delete")
    client.force_login(officer)
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(users_by_role["no_role"])
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    event.refresh_from_db()
    assert event.status == EventStatus.OPEN


def test_only_editors_plan_or_edit_events(client, area, users_by_role):
    event = EventFactory.create(area=area)
    for role in ("cabinet", "lead"):
        client.force_login(users_by_role[role])
        create = reverse("events_staff:event_create", args=[area.slug])
        assert client.get(create).status_code == HTTPStatus.FORBIDDEN, role
        response = client.post(staff_url("event_update", event), {"title": "Taken"})
        assert response.status_code == HTTPStatus.FORBIDDEN, role
    event.refresh_from_db()
    assert event.title != "Taken"


def test_a_cancelled_event_cannot_be_edited(client, area, officer):
    event = EventFactory.create(area=area, status="cancelled")
    client.force_login(officer)
    assert client.get(staff_url("event_update", event)).status_code == 403
    assert client.get(staff_url("session_create", event)).status_code == 403


def test_the_bookings_export_refuses_a_stranger_before_it_looks_at_the_event(
    client, area, users_by_role
):
    client.force_login(users_by_role["no_role"])
    url = reverse(
        "events_staff:booking_export",
        kwargs={"area_slug": area.slug, "pk": 999999, "file_format": "csv"},
    )
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_a_blank_attendance_box_removes_the_count_recorded_before(
    client, area, officer
):
    event = EventFactory.create(area=area, status="held")
    client.force_login(officer)
    url = staff_url("attendance_update", event)
    client.post(url, {"PARENT_CARER": "12", "HEALTH": "4"})
    response = client.post(url, {"PARENT_CARER": "12", "HEALTH": ""})
    assert response.status_code == HTTPStatus.FOUND
    assert dict(event.attendance_counts.values_list("respondent_type", "count")) == {
        "PARENT_CARER": 12
    }


def test_the_finding_page_offers_kinds_without_a_blank_radio(client, area, officer):
    event = EventFactory.create(area=area, status="held")
    client.force_login(officer)
    page = client.get(staff_url("finding_create", event)).content.decode()
    assert radio_values(page, "kind") == FindingKind.values
    refused = client.post(
        staff_url("finding_create", event), {"kind": "", "text": "Said"}
    )
    assert refused.status_code == HTTPStatus.OK
    assert b"Select what kind of finding it is" in refused.content


def test_officer_sets_how_many_bookings_one_email_address_can_make(
    client, area, officer
):
    client.force_login(officer)
    client.post(
        reverse("events_staff:event_create", args=[area.slug]), event_form_data()
    )
    event = Event.objects.get()
    assert event.bookings_per_email == 1  # left as it was shown
    edit_url = staff_url("event_update", event)
    page = client.get(edit_url).content.decode()
    assert "How many bookings can one email address make?" in page
    assert 'name="bookings_per_email" value="1"' in page
    response = client.post(edit_url, event_form_data(bookings_per_email="3"))
    assert response.status_code == HTTPStatus.FOUND
    event.refresh_from_db()
    assert event.bookings_per_email == 3
    detail = client.get(staff_url("event_detail", event)).content.decode()
    assert "Bookings one email address can make" in detail
    refused = client.post(edit_url, event_form_data(bookings_per_email="0"))
    assert "One email address must be able to make 1 booking or more" in (
        refused.content.decode()
    )
    event.refresh_from_db()
    assert event.bookings_per_email == 3


@pytest.mark.parametrize("session", ["²", "١", "9" * 40, "-1", ""])
def test_an_odd_topic_in_the_add_a_finding_link_is_ignored(
    client, area, officer, session
):
    # "²".isdigit() is true, int("²") is not: the page once answered 500.
    event = EventFactory.create(area=area, status="held")
    EventSessionFactory.create(event=event)
    client.force_login(officer)
    page = client.get(staff_url("finding_create", event), {"session": session})
    assert page.status_code == HTTPStatus.OK
    assert page.context["form"].initial.get("session") is None


def test_the_add_a_finding_link_chooses_its_topic(client, area, officer):
    event = EventFactory.create(area=area, status="held")
    topic = EventSessionFactory.create(event=event)
    client.force_login(officer)
    page = client.get(
        staff_url("finding_create", event), {"session": topic.pk, "kind": "nonsense"}
    )
    assert page.context["form"].initial.get("session") == topic.pk
