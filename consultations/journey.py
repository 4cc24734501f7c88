"""The family's answering journey: its steps, their forms and the session state.

One question per page, as the GOV.UK question-pages pattern asks. Answers live
in the session until the respondent submits, so going back, changing an answer
or a session-timeout warning loses nothing.
"""

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Layout
from crispy_forms_gds.layout import Size
from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sendportal.areas.models import District
from sendportal.forms import govuk_helper
from sendportal.pictures import SYMBOLS_BY_CODE
from sendportal.pictures import Picture
from sendportal.submissions import new_submission_token
from strategies.codes import ABOUT_A_CHILD
from strategies.codes import AgeBand
from strategies.codes import NeedType
from strategies.codes import RespondentType
from strategies.codes import SettingType
from strategies.codes import SupportLevel

from .models import Question
from .models import QuestionType
from .models import Survey
from .services import Submission

OUTSIDE = "outside"
NOT_SAY = "not_say"
MAX_TEXT = 5000
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Step:
    """One page of the journey: a profile question or a survey question."""

    key: str
    title: str
    kind: str  # radios, checkboxes, text, number, contact
    required: bool
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    question: Question | None = None
    exclusive: tuple[str, ...] = ()
    # What a required answer left out is called in the error message, as the
    # GOV.UK Design System asks ("Select how you are responding").
    error: str = ""
    # Easy Read pages show a picture beside the question and each answer.
    picture: Picture | None = None
    choice_pictures: tuple[Picture | None, ...] = ()

    @property
    def title_sentences(self) -> list[str]:
        """The question one sentence a line ("We will listen to you." then
        "Do you agree?"), as Easy Read writes it."""
        return [line for line in SENTENCE_END.split(self.title.strip()) if line]

    @property
    def hint_sentences(self) -> list[str]:
        """The hint one sentence a line, as Easy Read writes it."""
        return [line for line in SENTENCE_END.split(self.hint.strip()) if line]

    @property
    def pictured_choices(self) -> list[tuple[str, str, Picture | None]]:
        pictures = self.choice_pictures or (None,) * len(self.choices)
        return [
            (code, label, picture)
            for (code, label), picture in zip(self.choices, pictures, strict=True)
        ]


def symbol(code: str) -> Picture:
    """A bundled symbol as a picture, described by its name."""
    found = SYMBOLS_BY_CODE[code]
    return Picture(found.url, str(found.label))


def _districts(survey: Survey) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(d.pk), d.name)
        for d in District.objects.filter(area_id=survey.consultation.area_id)
    )


def _profile_steps(survey: Survey, respondent_type: str | None) -> list[Step]:
    if survey.is_easy_read:
        return _easy_read_profile_steps(survey, respondent_type)
    districts = _districts(survey)
    steps = [
        Step(
            "type",
            _("In what capacity are you responding?"),
            "radios",
            True,
            tuple((c.value, str(c.label)) for c in RespondentType),
            error=_("Select how you are responding"),
        ),
        Step(
            "district",
            _("Which area do you live or work in?"),
            "radios",
            True,
            (
                *districts,
                (OUTSIDE, _("Outside the county")),
                (NOT_SAY, _("Prefer not to say")),
            ),
            error=_("Select the area you live or work in, or prefer not to say"),
        ),
    ]
    if respondent_type in ABOUT_A_CHILD:
        steps += [
            Step(
                "age",
                _("How old is the child or young person you are responding about?"),
                "checkboxes",
                False,
                tuple((c.value, str(c.label)) for c in AgeBand),
                _("Select all that apply."),
            ),
            Step(
                "need",
                _("What are the child or young person’s main areas of need?"),
                "checkboxes",
                False,
                tuple((c.value, str(c.label)) for c in NeedType),
                _("Select all that apply."),
            ),
            Step(
                "setting",
                _("What type of setting does the child or young person attend?"),
                "radios",
                False,
                tuple((c.value, str(c.label)) for c in SettingType),
            ),
            Step(
                "support",
                _("What support does the child or young person currently have?"),
                "radios",
                False,
                tuple((c.value, str(c.label)) for c in SupportLevel),
            ),
        ]
    return steps


# The Easy Read profile: who is answering, in plain words. Each answer is
# stored as the standard RespondentType code, so "who we heard from" and the
# analysis count Easy Read responses with the rest (docs/easy-read.md). A
# young person's type depends on their age: under 16 or 16 to 25.
YOUNG = RespondentType.CYP
EASY_READ_TYPES = (
    (YOUNG, gettext_lazy("I am a young person"), "child"),
    (RespondentType.PARENT_CARER, gettext_lazy("I am a parent or carer"), "family"),
    (RespondentType.OTHER, gettext_lazy("I am someone else"), "person"),
    (RespondentType.PREFER_NOT_SAY, gettext_lazy("I do not want to say"), "no"),
)
# Simple age bands onto the standard ones. A child under 5 does not answer a
# survey on their own, so "10 or under" is stored as 5 to 10.
EASY_READ_AGES = (
    (AgeBand.AGE_5_10, gettext_lazy("10 or under"), "child"),
    (AgeBand.AGE_11_15, gettext_lazy("11 to 15"), "backpack"),
    (AgeBand.AGE_16_19, gettext_lazy("16 to 19"), "college"),
    (AgeBand.AGE_20_25, gettext_lazy("20 to 25"), "work"),
    (NOT_SAY, gettext_lazy("I do not want to say"), "no"),
)
AGES_16_TO_25 = frozenset({AgeBand.AGE_16_19, AgeBand.AGE_20_25})
DONT_KNOW = "dont_know"


def _choices(
    items: tuple[tuple[str, Any, str], ...],
) -> tuple[tuple[tuple[str, str], ...], tuple[Picture, ...]]:
    return (
        tuple((code, str(label)) for code, label, _symbol in items),
        tuple(symbol(code) for _code, _label, code in items),
    )


def _easy_read_profile_steps(survey: Survey, respondent_type: str | None) -> list[Step]:
    """Who is answering, in plain words: nothing about a child someone cares
    for and no professional roles."""
    type_choices, type_pictures = _choices(EASY_READ_TYPES)
    steps = [
        Step(
            "type",
            _("Who are you?"),
            "radios",
            True,
            type_choices,
            _("Pick the answer that fits you best."),
            error=_("Pick who you are"),
            picture=symbol("person"),
            choice_pictures=type_pictures,
        )
    ]
    if respondent_type in (RespondentType.CYP, RespondentType.YOUNG_PERSON):
        age_choices, age_pictures = _choices(EASY_READ_AGES)
        steps.append(
            Step(
                "age",
                _("How old are you?"),
                "radios",
                False,
                age_choices,
                picture=symbol("calendar"),
                choice_pictures=age_pictures,
            )
        )
    districts = _districts(survey)
    steps.append(
        Step(
            "district",
            _("Where do you live?"),
            "radios",
            False,
            (
                *districts,
                (DONT_KNOW, _("I do not know")),
                (NOT_SAY, _("I do not want to say")),
            ),
            picture=symbol("home"),
            choice_pictures=(
                *(symbol("home") for _district in districts),
                symbol("question"),
                symbol("no"),
            ),
        )
    )
    return steps


def respondent_type_of(survey: Survey, answers: Mapping[str, Any]) -> str | None:
    """The RespondentType code of what the respondent said about themselves."""
    respondent_type = answers.get("type")
    if survey.is_easy_read and respondent_type == YOUNG:
        return (
            RespondentType.YOUNG_PERSON
            if answers.get("age") in AGES_16_TO_25
            else RespondentType.CYP
        )
    return respondent_type


# How a required survey question left unanswered is named, by its type.
QUESTION_ERRORS = {
    QuestionType.LIKERT: gettext_lazy("Select how much you agree or disagree"),
    QuestionType.SINGLE_CHOICE: gettext_lazy("Select one answer"),
    QuestionType.MULTI_CHOICE: gettext_lazy("Select at least one answer"),
    QuestionType.CONSENT: gettext_lazy("Select yes or no"),
    QuestionType.FREE_TEXT: gettext_lazy("Enter your answer"),
    QuestionType.NUMBER: gettext_lazy("Enter a number"),
    QuestionType.YES_NOT_SURE_NO: gettext_lazy("Pick yes, not sure or no"),
    QuestionType.FACES_AGREE: gettext_lazy("Pick the face that fits what you think"),
}


def _question_step(question: Question) -> Step:
    kind = {
        QuestionType.MULTI_CHOICE: "checkboxes",
        QuestionType.FREE_TEXT: "text",
        QuestionType.NUMBER: "number",
    }.get(QuestionType(question.question_type), "radios")
    exclusive = tuple(o.code for o in question.options.all() if o.is_exclusive)
    choices = question.pictured_choices()
    return Step(
        f"q{question.pk}",
        question.text,
        kind,
        question.required,
        tuple((code, label) for code, label, _picture in choices),
        question.help_text,
        question,
        exclusive,
        str(QUESTION_ERRORS[QuestionType(question.question_type)]),
        picture=question.picture,
        choice_pictures=tuple(picture for _code, _label, picture in choices)
        if any(picture for _code, _label, picture in choices)
        else (),
    )


CONTACT_STEP = Step(
    "contact",
    str(gettext_lazy("Would you like us to email you about this consultation?")),
    "contact",
    True,
)


def journey_steps(survey: Survey, answers: Mapping[str, Any]) -> list[Step]:
    """The pages this respondent sees, given what they have answered so far."""
    steps = _profile_steps(survey, answers.get("type"))
    respondent_type = respondent_type_of(survey, answers)
    questions = survey.questions.select_related("section").prefetch_related("options")
    steps += [_question_step(q) for q in questions if q.is_for(respondent_type)]
    if survey.is_easy_read:
        steps.append(
            Step(
                CONTACT_STEP.key,
                _("Do you want us to email you?"),
                "contact",
                True,
                (("yes", _("Yes")), ("no", _("No"))),
                _(
                    "We will email you when the survey is about to end. "
                    "We will email you to say what we did."
                ),
                error=_("Pick yes or no"),
                picture=symbol("email"),
                choice_pictures=(symbol("yes"), symbol("no")),
            )
        )
        return steps
    steps.append(
        Step(
            CONTACT_STEP.key,
            _("Would you like us to email you about this consultation?"),
            "contact",
            True,
            ((("yes", _("Yes")), ("no", _("No")))),
            _(
                "We will only email you when it is about to close and when we "
                "publish what we did with what people said."
            ),
        )
    )
    return steps


class StepForm(forms.Form):
    """The form of one journey page; the answer field is always called "answer"."""

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        # crispy-forms-gds writes labels and hints with |safe, and both hold
        # an officer's words: escaped here, they show as typed.
        title = conditional_escape(step.title)
        label = title if step.required else _("%(title)s (optional)") % {"title": title}
        hint = conditional_escape(step.hint)
        choose = step.error or _("Select an answer")
        if step.kind == "radios":
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                choices=step.choices,
                required=step.required,
                help_text=hint,
                widget=forms.RadioSelect,
                error_messages={"required": choose, "invalid_choice": choose},
            )
            layout = Field.radios("answer", legend_size=Size.LARGE, legend_tag="h1")
        elif step.kind == "checkboxes":
            self.fields["answer"] = forms.MultipleChoiceField(
                label=label,
                choices=step.choices,
                required=step.required,
                help_text=hint,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": step.error or _("Select at least one answer"),
                    "invalid_choice": choose,
                },
            )
            layout = Field.checkboxes("answer", legend_size=Size.LARGE, legend_tag="h1")
        elif step.kind == "number":
            self.fields["answer"] = forms.IntegerField(
                label=label,
                required=step.required,
                help_text=hint,
                min_value=0,
                max_value=1_000_000,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": step.error or _("Enter a number"),
                    "invalid": _("Enter a whole number, like 3"),
                    "min_value": _("Enter a number that is 0 or more"),
                    "max_value": _("Enter a number up to 1,000,000"),
                },
            )
            layout = Field.text(
                "answer", label_size=Size.LARGE, label_tag="h1", field_width=10
            )
        elif step.kind == "text":
            self.fields["answer"] = forms.CharField(
                label=label,
                required=step.required,
                help_text=hint,
                max_length=MAX_TEXT,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 8}),
                error_messages={
                    "required": step.error or _("Enter your answer"),
                    "max_length": _("Your answer must be %(limit)s characters or fewer")
                    % {"limit": f"{MAX_TEXT:,}"},
                },
            )
            layout = Field.textarea("answer", label_size=Size.LARGE, label_tag="h1")
        else:
            self.fields["answer"] = forms.ChoiceField(
                label=label,
                choices=step.choices,
                help_text=hint,
                widget=forms.RadioSelect,
                error_messages={"required": choose, "invalid_choice": choose},
            )
            self.fields["email"] = forms.EmailField(
                label=_("Email address (only if you chose yes)"),
                required=False,
                max_length=254,
                widget=forms.EmailInput(
                    attrs={"autocomplete": "email", "spellcheck": "false"}
                ),
                error_messages={
                    "invalid": _(
                        "Enter an email address in the correct format, "
                        "like name@example.com"
                    )
                },
            )
            layout = Layout(
                Field.radios("answer", legend_size=Size.LARGE, legend_tag="h1"),
                Field.text("email"),
            )
        self.helper = govuk_helper(layout, submit=_("Continue"), submit_name="continue")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answer = cleaned.get("answer")
        if (
            self.step.exclusive
            and isinstance(answer, list)
            and len(answer) > 1
            and set(answer) & set(self.step.exclusive)
        ):
            self.add_error(
                "answer",
                _("Select “%(label)s” on its own, or other answers")
                % {"label": dict(self.step.choices)[self.step.exclusive[0]]},
            )
        needs_email = self.step.kind == "contact" and answer == "yes"
        if needs_email and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter your email address"))
        return cleaned

    def choice_items(self) -> list[dict[str, Any]]:
        """The answers of a radios or checkboxes page for a template that
        lays them out itself, with their pictures (Easy Read). The first
        input's id is the field's, where the error summary links to."""
        value = self["answer"].value()
        chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
        return [
            {
                "id": "id_answer" if index == 1 else f"id_answer_{index}",
                "code": code,
                "label": label,
                "picture": picture,
                "checked": code in chosen,
            }
            for index, (code, label, picture) in enumerate(
                self.step.pictured_choices, start=1
            )
        ]

    def stored_value(self) -> Any:
        """The answer as kept in the session (JSON-safe)."""
        if self.step.kind == "contact":
            answer = self.cleaned_data["answer"]
            email = self.cleaned_data.get("email", "") if answer == "yes" else ""
            return {"answer": answer, "email": email}
        return self.cleaned_data.get("answer")


def initial_for(step: Step, value: Any) -> dict[str, Any]:
    if step.kind == "contact" and isinstance(value, dict):
        return {"answer": value.get("answer"), "email": value.get("email", "")}
    return {"answer": value}


def display_picture(step: Step, value: Any) -> Picture | None:
    """The picture of a one-answer choice, shown beside it on Easy Read pages."""
    if isinstance(value, dict):
        value = value.get("answer")
    for code, _label, picture in step.pictured_choices:
        if code == str(value):
            return picture
    return None


def display_value(step: Step, value: Any) -> str:
    """The answer as shown on "Check your answers"."""
    labels = dict(step.choices)
    if value in (None, "", []):
        return _("Not answered")
    if step.kind == "contact":
        if value.get("answer") == "yes":
            return _("Yes, at %(email)s") % {"email": value.get("email", "")}
        return _("No")
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(labels.get(str(value), value))


class JourneyState:
    """A respondent's progress through one survey, kept in their session."""

    def __init__(self, session: SessionBase, survey: Survey) -> None:
        self.session = session
        self.survey = survey
        self.key = f"consultations:survey:{survey.pk}"
        self.data: dict[str, Any] = session.get(self.key) or {}

    @property
    def started(self) -> bool:
        return "token" in self.data

    def start(self) -> None:
        """Begin, or begin again after a submitted response."""
        if not self.started or self.data.get("reference"):
            self.data = {"token": str(new_submission_token()), "answers": {}}
            self.save()

    @property
    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = self.data.setdefault("answers", {})
        return answers

    @property
    def token(self) -> uuid.UUID:
        return uuid.UUID(self.data["token"])

    @property
    def reference(self) -> str | None:
        return self.data.get("reference")

    def set_answer(self, key: str, value: Any) -> None:
        self.answers[key] = value
        self.save()

    def set_reference(self, reference: str) -> None:
        self.data["reference"] = reference
        self.save()

    def save(self) -> None:
        self.session[self.key] = self.data
        self.session.modified = True


def build_submission(state: JourneyState, steps: list[Step]) -> Submission:
    """Turn the answers of the steps still in the journey into a Submission."""
    answers = state.answers
    district = answers.get("district")
    contact = answers.get("contact") or {}
    respondent_type = respondent_type_of(state.survey, answers)
    about_child = respondent_type in ABOUT_A_CHILD
    return Submission(
        token=state.token,
        respondent_type=respondent_type or RespondentType.PREFER_NOT_SAY,
        district_id=int(district) if district and district.isdigit() else None,
        age_bands=_age_bands(state.survey, answers) if about_child else (),
        need_codes=answers.get("need") or () if about_child else (),
        setting_type=(answers.get("setting") or "") if about_child else "",
        support_level=(answers.get("support") or "") if about_child else "",
        answers={
            step.question.pk: answers.get(step.key)
            for step in steps
            if step.question is not None
        },
        contact_email=contact.get("email", "")
        if contact.get("answer") == "yes"
        else "",
    )


def _age_bands(survey: Survey, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The standard profile asks the ages of the children someone answers
    about; the Easy Read one asks a young person their own age."""
    age = answers.get("age")
    if survey.is_easy_read:
        young = answers.get("type") == YOUNG
        return (age,) if young and age in AgeBand.values else ()
    return tuple(age or ())


def first_unanswered(state: JourneyState, steps: list[Step]) -> Step | None:
    """The first page not yet answered, to resume or to refuse a submit."""
    for step in steps:
        if step.key not in state.answers:
            return step
    return None
