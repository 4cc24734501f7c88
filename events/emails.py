"""The emails bookers receive, with a calendar file for confirmed places."""

import datetime

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Booking
from .models import Event

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_location(event: Event) -> str:
    parts = [event.venue_name, event.venue_address.replace("\n", ", ")]
    if event.online_url:
        parts.append(event.online_url)
    return ", ".join(part for part in parts if part)


def booking_ics(booking: Booking) -> bytes:
    """An iCalendar file (RFC 5545) with the event, for the booker's calendar."""
    event = booking.event
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//SEND Co-production Portal//events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = icalendar.Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    entry.add("uid", f"event-{event.pk}-booking-{booking.pk}@{host}")
    entry.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    entry.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    entry.add("dtend", event.ends_at.astimezone(datetime.UTC))
    entry.add("summary", event.title)
    entry.add("location", event_location(event))
    entry.add("url", absolute_url(event.get_absolute_url()))
    entry.add(
        "description",
        f"{event.area.name}. "
        f"To cancel your place: {absolute_url(booking.get_cancel_url())}",
    )
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    calendar.add_component(entry)
    return calendar.to_ical()


def _message(booking: Booking, template: str, subject: str) -> EmailMessage:
    event = booking.event
    context = {
        "booking": booking,
        "event": event,
        "area": event.area,
        "event_url": absolute_url(event.get_absolute_url()),
        "booking_url": absolute_url(booking.get_absolute_url()),
        "cancel_url": absolute_url(booking.get_cancel_url()),
    }
    body = render_to_string(f"events/emails/{template}.txt", context)
    return EmailMessage(
        subject=subject,
        body=body,
        to=[booking.email],
        reply_to=[event.area.contact_email],
    )


def booking_confirmation_message(booking: Booking) -> EmailMessage:
    from django.utils.translation import gettext as _

    if booking.status == "waiting":
        subject = _("You are on the waiting list: %(title)s")
        return _message(
            booking, "booking_waiting", subject % {"title": booking.event.title}
        )
    message = _message(
        booking,
        "booking_confirmed",
        _("Your place is booked: %(title)s") % {"title": booking.event.title},
    )
    message.attach("event.ics", booking_ics(booking), ICS_CONTENT_TYPE)
    return message


def booking_promoted_message(booking: Booking) -> EmailMessage:
    from django.utils.translation import gettext as _

    message = _message(
        booking,
        "booking_promoted",
        _("A place is now yours: %(title)s") % {"title": booking.event.title},
    )
    message.attach("event.ics", booking_ics(booking), ICS_CONTENT_TYPE)
    return message


def event_reminder_message(booking: Booking) -> EmailMessage:
    from django.utils.translation import gettext as _

    message = _message(
        booking,
        "event_reminder",
        _("Reminder: %(title)s") % {"title": booking.event.title},
    )
    message.attach("event.ics", booking_ics(booking), ICS_CONTENT_TYPE)
    return message


def event_cancelled_message(booking: Booking) -> EmailMessage:
    from django.utils.translation import gettext as _

    return _message(
        booking,
        "event_cancelled",
        _("Event cancelled: %(title)s") % {"title": booking.event.title},
    )
