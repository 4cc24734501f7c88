"""Booking form for families and officers' event forms (GOV.UK markup)."""

import datetime
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Fieldset
from crispy_forms_gds.layout import Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sendportal.areas.models import LocalArea
from sendportal.bsl import SignedVersionFields
from sendportal.date_fields import GovukDateField
from sendportal.forms import PlainEnglishFormMixin
from sendportal.forms import WordingAdvice
from sendportal.forms import govuk_helper
from sendportal.forms import radios_without_blank
from sendportal.submissions import SubmissionTokenField
from sendportal.submissions import new_submission_token
from strategies.codes import coproduction_field
from strategies.models import Priority
from strategies.models import Strategy
from strategies.models import Theme

from .models import Accessibility
from .models import Booking
from .models import Event
from .models import EventSession
from .models import Finding
from .models import FindingKind
from .models import PhaseFocus
from .models import RespondentType

MAX_PLACES = 4
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M", "%I:%M%p", "%I.%M%p", "%I%p"]


def _choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):  # pragma: no cover
        raise TypeError(f"{name} must be a ModelChoiceField")
    return field


class EmailInput(forms.TextInput):
    """An input of type email that crispy-forms-gds marks red on error.

    The pack adds `govuk-input--error` only to widgets whose class is named
    TextInput, Select or Textarea, so this one keeps that name.
    """

    input_type = "email"


EmailInput.__name__ = "TextInput"


class BookingForm(forms.ModelForm[Booking]):
    respondent_type = forms.ChoiceField(
        label=_("Which of these best describes you?"),
        help_text=_("This helps us check that every group has been heard."),
        choices=RespondentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select which of these best describes you")},
    )
    places = forms.TypedChoiceField(
        label=_("How many places do you need?"),
        help_text=_("Include anyone coming with you, such as your child or a carer."),
        choices=[(n, str(n)) for n in range(1, MAX_PLACES + 1)],
        coerce=int,
        initial=1,
        error_messages={"required": _("Select how many places you need")},
    )
    submission_token = SubmissionTokenField(initial=new_submission_token)

    class Meta:
        model = Booking
        fields = ["name", "email", "respondent_type", "access_requirements", "places"]
        labels = {
            "name": _("Your name"),
            "email": _("Email address"),
            "respondent_type": _("Which of these best describes you?"),
            "access_requirements": _("Do you have any access requirements? (optional)"),
        }
        help_texts = {
            "email": _("We will send your confirmation and a reminder here."),
            "access_requirements": _(
                "For example, a British Sign Language interpreter, step-free "
                "access, a quiet space or dietary needs."
            ),
        }
        error_messages = {
            "name": {"required": _("Enter your name")},
            "email": {
                "required": _("Enter your email address"),
                "invalid": _(
                    "Enter an email address in the correct format, like "
                    "name@example.com"
                ),
            },
            "respondent_type": {
                "required": _("Select which of these best describes you")
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["email"].required = True
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget = EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "maxlength": 254}
        )
        self.helper = govuk_helper(
            Field.text("name"),
            Field.text("email"),
            Field.radios("respondent_type", legend_size=Size.SMALL),
            Field.textarea("access_requirements", rows=4),
            Field.select("places"),
            "submission_token",
            submit=_("Book your place"),
        )


class EventForm(PlainEnglishFormMixin, forms.ModelForm[Event], SignedVersionFields):
    date = GovukDateField(
        label=_("Date"),
        help_text=_("For example, 14 3 2027"),
        thing=_("the date of the event"),
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        help_text=_("For example, 10:00 or 18:30"),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": _("Enter a start time"),
            "invalid": _("Enter a start time like 10:00 or 18:30"),
        },
    )
    end_time = forms.TimeField(
        label=_("End time"),
        help_text=_("For example, 12:30"),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": _("Enter an end time"),
            "invalid": _("Enter an end time like 12:30 or 20:00"),
        },
    )
    booking_closes_on = GovukDateField(
        label=_("Last day for booking (optional)"),
        help_text=_("Leave blank to take bookings until the event starts."),
        required=False,
        thing=_("the last day for booking"),
    )
    online_url = forms.URLField(
        label=_("Online joining link (optional)"),
        help_text=_("Sent only to people with a confirmed place."),
        required=False,
        assume_scheme="https",
        max_length=200,
    )
    recording_url = forms.URLField(
        label=_("Link to a recording or video summary (optional)"),
        required=False,
        assume_scheme="https",
        max_length=200,
    )
    # The model allows 0 but its constraint does not: say so in the form's words.
    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        error_messages={
            "required": _("Enter the number of places"),
            "invalid": _("Enter the number of places as a whole number"),
            "min_value": _("The number of places must be 1 or more"),
        },
    )
    bookings_per_email = forms.IntegerField(
        label=_("How many bookings can one email address make?"),
        help_text=_(
            "Usually 1, so nobody books twice by mistake. Each booking can be "
            "for up to %(places)s places. Allow more if, for example, a school "
            "or a support worker books for several families."
        )
        % {"places": MAX_PLACES},
        min_value=1,
        max_value=50,
        initial=1,
        # Left blank, it is the usual 1.
        required=False,
        error_messages={
            "invalid": _("Enter the number of bookings as a whole number, like 1"),
            "min_value": _("One email address must be able to make 1 booking or more"),
            "max_value": _("Enter a number of bookings of 50 or fewer"),
        },
    )
    coproduction_level = coproduction_field()
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility offered"),
        choices=Accessibility.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "event_type",
            "strategy",
            "phase_focus",
            "description",
            "venue_name",
            "venue_address",
            "online_url",
            "district",
            "capacity",
            "bookings_per_email",
            "accessibility",
            "recording_url",
            "write_up",
            "coproduction_level",
            "bsl_video_url",
            "bsl_transcript",
        ]
        labels = {
            "title": _("Title"),
            "event_type": _("Type of event"),
            "strategy": _("Which strategy is it about? (optional)"),
            "phase_focus": _("Which age group is it for?"),
            "description": _("Description (optional)"),
            "venue_name": _("Venue (leave blank for an online event)"),
            "venue_address": _("Venue address (optional)"),
            "online_url": _("Online joining link (optional)"),
            "district": _("District (optional)"),
            "recording_url": _("Link to a recording or video summary (optional)"),
            "write_up": _("Summary for the public write-up (optional)"),
        }
        error_messages = {
            "title": {"required": _("Enter a title")},
            "event_type": {"required": _("Select the type of event")},
            "phase_focus": {"required": _("Select which age group it is for")},
        }

    def __init__(self, *args: Any, area: LocalArea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.instance
        strategy_field = _choice_field(self, "strategy")
        strategy_field.queryset = Strategy.objects.for_area(area)
        district_field = _choice_field(self, "district")
        district_field.queryset = area.districts.all()
        self.fields["capacity"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["bookings_per_email"].widget = forms.TextInput(
            attrs={"inputmode": "numeric"}
        )
        self.fields["phase_focus"].widget = forms.RadioSelect(
            choices=PhaseFocus.choices
        )
        if event.pk:
            starts = timezone.localtime(event.starts_at)
            stored = {
                "date": starts.date(),
                "start_time": starts.strftime("%H:%M"),
                "end_time": timezone.localtime(event.ends_at).strftime("%H:%M"),
                # Booking closes at the end of the last day.
                "booking_closes_on": (
                    timezone.localtime(event.booking_closes_at)
                    - datetime.timedelta(microseconds=1)
                ).date()
                if event.booking_closes_at
                else None,
            }
            # Under what was typed, when "Check the wording" shows it again.
            for name, value in stored.items():
                self.initial.setdefault(name, value)
        self.helper = govuk_helper(
            Field.text("title"),
            Field.select("event_type"),
            Field.select("strategy"),
            Field.radios("phase_focus", legend_size=Size.SMALL),
            WordingAdvice(Field.textarea("description", rows=4)),
            Field.radios("coproduction_level", legend_size=Size.SMALL),
            Fieldset(
                Field("date"),
                Field.text("start_time", field_width=5),
                Field.text("end_time", field_width=5),
                legend=_("When"),
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("venue_name"),
                Field.textarea("venue_address", rows=3),
                Field.text("online_url"),
                Field.select("district"),
                legend=_("Where"),
                legend_size=Size.MEDIUM,
            ),
            Field.text("capacity", field_width=4),
            Field.text("bookings_per_email", field_width=2),
            Field.checkboxes("accessibility", legend_size=Size.SMALL, small=True),
            Field("booking_closes_on"),
            Field.text("recording_url"),
            WordingAdvice(Field.textarea("write_up", rows=6)),
            self.layout(),
            submit=_("Save event"),
            check_wording=True,
        )

    def clean_bookings_per_email(self) -> int:
        return self.cleaned_data.get("bookings_per_email") or 1

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date = cleaned.get("date")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if date and start and end:
            cleaned["starts_at"] = timezone.make_aware(
                datetime.datetime.combine(date, start)
            )
            cleaned["ends_at"] = timezone.make_aware(
                datetime.datetime.combine(date, end)
            )
            if end <= start:
                self.add_error("end_time", _("The end time must be after the start"))
        if not cleaned.get("venue_name") and not cleaned.get("online_url"):
            self.add_error(
                "venue_name", _("Enter a venue, or an online joining link, or both")
            )
        closes_on = cleaned.get("booking_closes_on")
        cleaned["booking_closes_at"] = (
            timezone.make_aware(
                datetime.datetime.combine(
                    closes_on + datetime.timedelta(days=1), datetime.time()
                )
            )
            if closes_on
            else None
        )
        if closes_on and date and closes_on > date:
            self.add_error(
                "booking_closes_on",
                _("The last day for booking must be on or before the event"),
            )
        return cleaned


class EventSessionForm(PlainEnglishFormMixin, forms.ModelForm[EventSession]):
    class Meta:
        model = EventSession
        fields = ["title", "description", "priority", "sort"]
        labels = {
            "title": _("Topic"),
            "description": _("Description (optional)"),
            "priority": _("Which priority is it about? (optional)"),
            "sort": _("Position in the list"),
        }
        error_messages = {
            "title": {"required": _("Enter the topic")},
            "sort": {
                "required": _("Enter the topic’s position in the list, like 1"),
                "invalid": _("Enter the position as a whole number, like 1"),
            },
        }

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        priority_field = _choice_field(self, "priority")
        priority_field.queryset = _priorities_for(event)
        self.fields["sort"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.helper = govuk_helper(
            Field.text("title"),
            WordingAdvice(Field.textarea("description", rows=3)),
            Field.select("priority"),
            Field.text("sort", field_width=2),
            submit=_("Save topic"),
            check_wording=True,
        )


def _priorities_for(event: Event) -> Any:
    if event.strategy_id:
        return Priority.objects.filter(strategy_id=event.strategy_id)
    return Priority.objects.filter(strategy__area_id=event.area_id)


class FindingForm(forms.ModelForm[Finding]):
    class Meta:
        model = Finding
        fields = ["session", "kind", "text", "themes", "priority"]
        labels = {
            "session": _("Topic (optional)"),
            "kind": _("What kind of finding is it?"),
            "text": _("What was said"),
            "themes": _("Themes (optional)"),
            "priority": _("Priority (optional)"),
        }
        error_messages = {
            "kind": {"required": _("Select what kind of finding it is")},
            "text": {"required": _("Enter what was said")},
        }
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        session_field = _choice_field(self, "session")
        session_field.queryset = event.sessions.all()
        themes_field = _choice_field(self, "themes")
        themes = Theme.objects.filter(
            strategy__area_id=event.area_id, retired_at__isnull=True
        )
        if event.strategy_id:
            themes = themes.filter(strategy_id=event.strategy_id)
        themes_field.queryset = themes
        priority_field = _choice_field(self, "priority")
        priority_field.queryset = _priorities_for(event)
        radios_without_blank(self, "kind")
        self.helper = govuk_helper(
            Field.select("session"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("text", rows=3),
            Field.checkboxes("themes", legend_size=Size.SMALL, small=True),
            Field.select("priority"),
            submit=_("Save finding"),
        )


class AttendanceForm(forms.Form):
    """One number field per respondent type."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in RespondentType.choices:
            self.fields[code] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=100_000,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Enter a whole number, like 12"),
                    "min_value": _("Enter 0 or more"),
                    "max_value": _("Enter a number below 100,000"),
                },
            )
        self.helper = govuk_helper(
            *(Field.text(code, field_width=4) for code in RespondentType.values),
            submit=_("Save attendance"),
        )


class TopicFindingsForm(forms.Form):
    """A topic's flipchart typed up at once: one statement per line, per kind."""

    themes = forms.ModelMultipleChoiceField(
        label=_("Themes for every statement (optional)"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priority = forms.ModelChoiceField(
        label=_("Priority for every statement (optional)"),
        queryset=Priority.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, session: EventSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = session.event
        for kind, label in FindingKind.choices:
            self.fields[kind] = forms.CharField(
                label=label,
                help_text=_("One statement per line."),
                required=False,
                max_length=10_000,
                widget=forms.Textarea,
            )
        themes = Theme.objects.filter(
            strategy__area_id=event.area_id, retired_at__isnull=True
        )
        if event.strategy_id:
            themes = themes.filter(strategy_id=event.strategy_id)
        _choice_field(self, "themes").queryset = themes
        _choice_field(self, "priority").queryset = _priorities_for(event)
        self.initial.setdefault("priority", session.priority_id)
        self.helper = govuk_helper(
            *(Field.textarea(kind, rows=4) for kind in FindingKind.values),
            Field.checkboxes("themes", legend_size=Size.SMALL, small=True),
            Field.select("priority"),
            submit=_("Save findings"),
        )

    def statements(self) -> dict[str, list[str]]:
        return {
            kind: [
                line.strip()
                for line in self.cleaned_data.get(kind, "").splitlines()
                if line.strip()
            ]
            for kind in FindingKind.values
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(self.statements().values()):
            raise forms.ValidationError(
                _("Enter at least one statement"), code="required"
            )
        for kind, lines in self.statements().items():
            if any(len(line) > 2000 for line in lines):
                self.add_error(
                    kind, _("Each statement must be 2,000 characters or fewer")
                )
        return cleaned
