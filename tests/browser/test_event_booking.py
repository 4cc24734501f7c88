"""The booking journey in Chromium, with 0 axe-core violations in every state."""

import pytest
from django.core import mail
from playwright.sync_api import Page

from events.models import Booking
from events.models import EventStatus
from sendportal.accounts.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import assert_error_page
from tests.browser.conftest import sign_in
from tests.events.factories import AttendanceCountFactory
from tests.events.factories import BookingFactory
from tests.events.factories import EventFactory
from tests.events.factories import EventSessionFactory
from tests.events.factories import FindingFactory
from tests.factories import LocalAreaFactory
from tests.factories import member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fenmere(transactional_db: None):
    return LocalAreaFactory.create(name="Fenmere", slug="fenmere")


def fill_booking(page: Page, *, name: str, email: str) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Parent or carer of a child or young person").check()
    page.get_by_label("Do you have any access requirements? (optional)").fill(
        "Step-free access"
    )


def test_booking_journey_is_accessible_in_every_state(
    fenmere, live_server, page: Page
) -> None:
    event = EventFactory.create(area=fenmere, title="Listening event", capacity=1)
    EventSessionFactory.create(event=event, title="Transition points")
    base = live_server.url

    page.goto(f"{base}/fenmere/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Listening event").click()
    assert_accessible(page)
    page.get_by_role("button", name="Book a place").click()
    assert page.locator("h1").inner_text() == "Book a place"
    assert_accessible(page)

    page.get_by_role("button", name="Book your place").click()
    assert_error_page(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    fill_booking(page, name="Sam Parent", email="sam@example.org")
    page.get_by_role("button", name="Book your place").click()
    assert page.locator("h1").inner_text() == "Booking confirmed"
    assert_accessible(page)
    assert len(mail.outbox) == 1

    # The event is now full: the next person joins the waiting list.
    page.goto(f"{base}{event.get_absolute_url()}")
    assert page.get_by_text("This event is full").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Join the waiting list").click()
    assert page.locator("h1").inner_text() == "Join the waiting list"
    assert_accessible(page)
    fill_booking(page, name="Jo Parent", email="jo@example.org")
    page.get_by_role("button", name="Book your place").click()
    assert page.locator("h1").inner_text() == "You are on the waiting list"
    assert_accessible(page)

    # Jo, unsure it worked, books again with the same address.
    page.goto(f"{base}{event.get_absolute_url()}book/")
    fill_booking(page, name="Jo Parent", email="JO@example.org")
    page.get_by_role("button", name="Book your place").click()
    assert_error_page(page)
    assert page.get_by_text("If you have already booked").is_visible()
    assert_accessible(page)
    assert Booking.objects.filter(email__iexact="jo@example.org").count() == 1

    # Sam cancels through the signed link; Jo is promoted.
    sam = Booking.objects.get(email="sam@example.org")
    page.goto(f"{base}{sam.get_cancel_url()}")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, cancel my booking").click()
    assert page.locator("h1").inner_text() == "Booking cancelled"
    assert_accessible(page)
    assert Booking.objects.get(email="jo@example.org").status == "confirmed"


def test_booking_works_without_javascript_on_a_phone(
    fenmere, live_server, no_js_page: Page, phone_page: Page
) -> None:
    event = EventFactory.create(area=fenmere, title="Coffee morning")
    no_js_page.goto(f"{live_server.url}/fenmere/events/{event.pk}/book/")
    fill_booking(no_js_page, name="Sam Parent", email="sam@example.org")
    no_js_page.get_by_label("How many places do you need?").select_option("2")
    no_js_page.get_by_role("button", name="Book your place").click()
    assert no_js_page.locator("h1").inner_text() == "Booking confirmed"
    assert Booking.objects.get().places == 2
    # Back, and the same details sent again: the browser either kept the
    # form's token (the first booking's confirmation) or not (the family is
    # told they have booked); never a second booking.
    no_js_page.go_back()
    fill_booking(no_js_page, name="Sam Parent", email="sam@example.org")
    no_js_page.get_by_role("button", name="Book your place").click()
    no_js_page.wait_for_load_state("load")
    heading = no_js_page.locator("h1").inner_text()
    if heading != "Booking confirmed":
        assert_error_page(no_js_page)
        assert no_js_page.get_by_text("If you have already booked").is_visible()
    assert Booking.objects.count() == 1
    phone_page.goto(f"{live_server.url}/fenmere/events/{event.pk}/book/")
    assert_accessible(phone_page)
    phone_page.goto(f"{live_server.url}/fenmere/events/{event.pk}/")
    assert_accessible(phone_page)


def test_write_up_and_officer_pages_are_accessible(
    fenmere, live_server, page: Page
) -> None:
    event = EventFactory.create(area=fenmere, status=EventStatus.WRITTEN_UP)
    finding = FindingFactory.create(event=event)
    FindingFactory.create(event=event, session=finding.session, kind="better_if")
    AttendanceCountFactory.create(event=event, count=3)
    BookingFactory.create(event=event, access_requirements="Quiet room")
    page.goto(f"{live_server.url}/fenmere/events/{event.pk}/write-up/")
    # The group's row and the total (one group of 3) both read "fewer than 5".
    cells = page.get_by_role("cell", name="fewer than 5", exact=True)
    assert cells.count() == 2
    assert cells.first.is_visible()
    assert_accessible(page)

    member(fenmere, Role.OFFICER, "officer@fenmere.example")
    sign_in(page, live_server.url, "officer@fenmere.example", "correct horse battery")
    staff = f"{live_server.url}/staff/fenmere/events"
    for path in (
        "/",
        f"/{event.pk}/",
        f"/{event.pk}/bookings/",
        f"/{event.pk}/attendance/",
        f"/{event.pk}/findings/new/",
        f"/{event.pk}/topics/{finding.session_id}/findings/",
        "/new/",
    ):
        page.goto(staff + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    page.get_by_role("button", name="Save event").click()
    assert_error_page(page)
    assert_accessible(page)


def test_demo_event_pages_have_no_axe_violations(
    transactional_db: None, demo_db: None, live_server, page: Page
) -> None:
    from events.models import Event

    paths = []
    for slug in ("northamptonshire", "buckinghamshire", "hertfordshire"):
        paths.append(f"/{slug}/events/")
        # One of each page kind per area keeps the test quick.
        event = Event.objects.public().filter(area__slug=slug).first()
        assert event is not None
        paths.append(event.get_absolute_url())
        if event.status == EventStatus.WRITTEN_UP:
            paths.append(f"/{slug}/events/{event.pk}/write-up/")
    for path in paths:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_the_too_many_forms_page_is_accessible_and_says_when_to_try_again(
    fenmere, live_server, page: Page, phone_page: Page, redis_cache: str, settings
) -> None:
    settings.PUBLIC_FORM_LIMITS = {
        **settings.PUBLIC_FORM_LIMITS,
        "submit": {"address": ((2, 600),)},
    }
    event = EventFactory.create(area=fenmere, title="Coffee morning")
    book_url = f"{live_server.url}/fenmere/events/{event.pk}/book/"
    for n in range(3):
        page.goto(book_url)
        fill_booking(page, name=f"Parent {n}", email=f"parent{n}@example.org")
        page.get_by_role("button", name="Book your place").click()
        page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == (
        "You have sent too many forms in a short time"
    )
    assert page.get_by_text("You can try again in 10 minutes.").is_visible()
    assert page.get_by_role("link", name=fenmere.contact_email).is_visible()
    assert_accessible(page)
    assert Booking.objects.count() == 2

    # The same page on a phone: the next POST from here is refused too.
    phone_page.goto(book_url)
    fill_booking(phone_page, name="Parent 9", email="parent9@example.org")
    phone_page.get_by_role("button", name="Book your place").click()
    assert phone_page.locator("h1").inner_text() == (
        "You have sent too many forms in a short time"
    )
    assert_accessible(phone_page)


def test_the_honeypot_is_out_of_sight_and_of_the_tab_order(
    fenmere, live_server, page: Page
) -> None:
    event = EventFactory.create(area=fenmere)
    page.goto(f"{live_server.url}/fenmere/events/{event.pk}/book/")
    trap = page.locator("input[name=website]")
    # Its wrapper is one pixel, clipped: nothing of the box shows.
    box = page.locator("div:has(> input[name=website])").bounding_box()
    assert box is not None
    assert box["width"] <= 1
    assert box["height"] <= 1
    assert trap.get_attribute("tabindex") == "-1"
    # The trap sits just before the name: Tab and Shift+Tab go past it.
    page.get_by_label("Your name").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.name") != "website"
    page.get_by_label("Your name").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "email"

    # A bot fills everything: a neutral page, nothing stored.
    fill_booking(page, name="Bot", email="bot@example.org")
    trap.fill("http://spam.example")
    page.get_by_role("button", name="Book your place").click()
    assert page.locator("h1").inner_text() == "Thank you"
    assert_accessible(page)
    assert not Booking.objects.exists()
