"""The family's answering journey: its steps, their forms and the session state.

One question per page, as the GOV.UK question-pages pattern asks. Answers live
in the session until the respondent submits, so going back, changing an answer
or a session-timeout warning loses nothing.
"""

import math
import re
import uuid
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from typing import TypeVar

from crispy_forms_gds.layout import Button
from crispy_forms_gds.layout import Div
from crispy_forms_gds.layout import Field
from crispy_forms_gds.layout import Layout
from crispy_forms_gds.layout import Size
from django import forms
from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from sendportal.areas.models import District
from sendportal.forms import govuk_helper
from sendportal.params import int_value
from sendportal.pictures import SYMBOLS_BY_CODE
from sendportal.pictures import Picture
from sendportal.submissions import new_submission_token
from strategies.codes import ABOUT_A_CHILD
from strategies.codes import HELPED
from strategies.codes import AgeBand
from strategies.codes import Channel
from strategies.codes import NeedType
from strategies.codes import RespondentType
from strategies.codes import SettingType
from strategies.codes import SupportedBy
from strategies.codes import SupportLevel

from .models import Question
from .models import QuestionType
from .models import Survey
from .services import Submission

OUTSIDE = "outside"
NOT_SAY = "not_say"
MAX_TEXT = 5000
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SAVE_BUTTON = "save"

T = TypeVar("T")


def _read_once(survey: Survey, name: str, load: Callable[[], list[T]]) -> list[T]:
    """What `load` reads for this survey, read once per survey instance: the
    counter and the time estimate work the journey out for many answers."""
    cache: dict[str, list[T]] = survey.__dict__.setdefault("_journey_reads", {})
    if name not in cache:
        cache[name] = load()
    return cache[name]


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
        _read_once(
            survey,
            "districts",
            lambda: [
                (str(d.pk), d.name)
                for d in District.objects.filter(area_id=survey.consultation.area_id)
            ],
        )
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
    choices = question.pictured_choices(translated=True)
    return Step(
        f"q{question.pk}",
        question.translated("text"),
        kind,
        question.required,
        tuple((code, label) for code, label, _picture in choices),
        question.translated("help_text"),
        question,
        exclusive,
        str(QUESTION_ERRORS[QuestionType(question.question_type)]),
        picture=question.picture,
        choice_pictures=tuple(picture for _code, _label, picture in choices)
        if any(picture for _code, _label, picture in choices)
        else (),
    )


HELPED_STEP = "helped"


def _helped_step(survey: Survey) -> Step:
    """ "Did someone help you answer?", asked of everyone before the contact page.

    Easy Read respondents are often helped by a parent, a teacher or an
    advocate; knowing it lets officers read the answers fairly.
    """
    return Step(
        HELPED_STEP,
        _("Did someone help you answer?"),
        "radios",
        True,
        (
            (SupportedBy.NOBODY, _("No, I answered on my own")),
            (SupportedBy.PARENT_CARER, _("Yes, a parent or carer")),
            (SupportedBy.TEACHER_SUPPORT_WORKER, _("Yes, a teacher or support worker")),
            (SupportedBy.ADVOCATE, _("Yes, an advocate")),
            (SupportedBy.SOMEONE_ELSE, _("Yes, someone else")),
            (SupportedBy.PREFER_NOT_SAY, _("I’d rather not say")),
        ),
        _("For example, someone read the questions to you or wrote down your answers."),
        error=_("Select if someone helped you answer, or I’d rather not say"),
        picture=symbol("helper") if survey.is_easy_read else None,
        choice_pictures=tuple(
            symbol(code)
            for code in ("person", "family", "teacher", "handshake", "helper", "no")
        )
        if survey.is_easy_read
        else (),
    )


PUBLISH_STEP = "publish"
YES = "yes"
NO = "no"


def _publish_step(survey: Survey) -> Step:
    """ "May we publish your answers, without your name?", asked of everyone
    after "Did someone help you answer?". An officer reads and removes names
    and contact details before anything is published (docs/publishing-responses.md).
    """
    if survey.is_easy_read:
        return Step(
            PUBLISH_STEP,
            _("Can we show your answers to other people? We will not show your name."),
            "radios",
            True,
            (
                (YES, _("Yes, you can show my answers")),
                (NO, _("No, keep them private")),
            ),
            _(
                "We will take out anything that says who you are. "
                "Then we might put your answers on our website."
            ),
            error=_("Pick yes or no"),
            picture=symbol("megaphone"),
            choice_pictures=(symbol("yes"), symbol("no")),
        )
    return Step(
        PUBLISH_STEP,
        _("May we publish your answers, without your name?"),
        "radios",
        True,
        (
            (YES, _("Yes, you may publish my answers")),
            (NO, _("No, do not publish them")),
        ),
        _(
            "Before anything is published, we remove names, contact details and "
            "anything else that could identify you or your child."
        ),
        error=_("Select yes if we may publish your answers"),
    )


def publish_consent_of(answers: Mapping[str, Any]) -> bool | None:
    """The answer to the publishing question: None when it was not asked."""
    value = answers.get(PUBLISH_STEP)
    return {YES: True, NO: False}.get(value) if value else None


# What sending a response confirms, fitting who answered: the person's own
# views, said with help when someone helped (kept short for Easy Read).
HELPED_DECLARATIONS = {
    SupportedBy.PARENT_CARER: gettext_lazy(
        "By sending this, you tell us these are the views of the person "
        "answering. A parent or carer helped them to answer."
    ),
    SupportedBy.TEACHER_SUPPORT_WORKER: gettext_lazy(
        "By sending this, you tell us these are the views of the person "
        "answering. A teacher or support worker helped them to answer."
    ),
    SupportedBy.ADVOCATE: gettext_lazy(
        "By sending this, you tell us these are the views of the person "
        "answering. An advocate helped them to answer."
    ),
    SupportedBy.SOMEONE_ELSE: gettext_lazy(
        "By sending this, you tell us these are the views of the person "
        "answering. Someone else helped them to answer."
    ),
}


def declaration(survey: Survey, answers: Mapping[str, Any]) -> str:
    """The sentence above "Accept and send" on the check page."""
    helper = answers.get(HELPED_STEP)
    if helper in HELPED:
        return str(HELPED_DECLARATIONS[helper])
    if survey.is_easy_read:
        return _("By sending this, you tell us these answers are what you think.")
    return _(
        "By sending this response you confirm that, to the best of your "
        "knowledge, the answers you are giving are your own views."
    )


CONTACT_STEP = Step(
    "contact",
    str(gettext_lazy("Would you like us to email you about this consultation?")),
    "contact",
    True,
)


def too_young_to_give_an_email(survey: Survey, answers: Mapping[str, Any]) -> bool:
    """Whether a child said they are 10 or under on the Easy Read survey.

    A child under 13 cannot consent alone to an online service keeping their
    email address (UK GDPR article 8, the ICO's Children's code), so the Easy
    Read survey does not ask its youngest band for one. Its next band, 11 to
    15, cannot be told apart at 13, and is still asked.
    """
    return (
        survey.is_easy_read
        and answers.get("type") == YOUNG
        and answers.get("age") == AgeBand.AGE_5_10
    )


def journey_steps(survey: Survey, answers: Mapping[str, Any]) -> list[Step]:
    """The pages this respondent sees, given what they have answered so far."""
    steps = _profile_steps(survey, answers.get("type"))
    respondent_type = respondent_type_of(survey, answers)
    questions = _read_once(
        survey,
        "questions",
        lambda: list(
            survey.questions.select_related("section").prefetch_related("options")
        ),
    )
    steps += [_question_step(q) for q in questions if q.is_for(respondent_type)]
    steps.append(_helped_step(survey))
    steps.append(_publish_step(survey))
    if survey.is_easy_read:
        if too_young_to_give_an_email(survey, answers):
            return steps
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


def _open_profile_choices(steps: list[Step], answers: Mapping[str, Any]) -> list[Step]:
    """The profile questions with one answer to choose not answered yet: the
    answers that may change which pages follow."""
    return [
        step
        for step in steps
        if step.question is None and step.kind == "radios" and step.key not in answers
    ]


@dataclass(frozen=True)
class Progress:
    """Where a page is in the journey: "Question 3 of 12", or "Question 3"."""

    number: int
    total: int | None


def journey_progress(
    survey: Survey, answers: Mapping[str, Any], steps: list[Step], index: int
) -> Progress:
    """The counter of the page `steps[index]`, recomputed from the pages this
    respondent will see.

    The rule: the number is the page's place among the pages the answers so
    far lead to, every profile page and the contact page included. The total
    ("of N") is shown only when no answer still to give can change it: for
    every profile question not yet answered that has one answer to choose
    (such as "In what capacity are you responding?", which decides the
    questions about a child and the questions shown to some respondents only),
    each of its answers leads to the same number of pages. Before such an
    answer the page shows "Question 1" alone; from then on the total is that
    of the pages the person goes on to see, so it never jumps, and the last
    page says "Question 12 of 12". The questions are weighed one at a time:
    two profile answers that change the pages only together are not foreseen.
    """
    total = len(steps)
    for step in _open_profile_choices(steps, answers):
        for value, _label in step.choices:
            if len(journey_steps(survey, {**answers, step.key: value})) != total:
                return Progress(index + 1, None)
    return Progress(index + 1, total)


# Seconds one page takes to read and answer, by its kind and, for a survey
# question, its type; timed so that the estimate errs on the long side.
PROFILE_SECONDS = {"radios": 10, "checkboxes": 15, "contact": 20}
QUESTION_SECONDS: dict[str, int] = {
    QuestionType.LIKERT: 10,
    QuestionType.CONSENT: 10,
    QuestionType.SINGLE_CHOICE: 15,
    QuestionType.NUMBER: 15,
    QuestionType.MULTI_CHOICE: 20,
    QuestionType.FREE_TEXT: 90,
    QuestionType.YES_NOT_SURE_NO: 10,
    QuestionType.FACES_AGREE: 10,
}
# A type of question not timed above.
DEFAULT_QUESTION_SECONDS = 15
# Reading the start page, then checking the answers and sending them.
OVERHEAD_SECONDS = 60


def journey_seconds(steps: list[Step]) -> int:
    """How long the pages `steps` take to answer, in seconds."""
    seconds = OVERHEAD_SECONDS
    for step in steps:
        if step.question is not None:
            seconds += QUESTION_SECONDS.get(
                step.question.question_type, DEFAULT_QUESTION_SECONDS
            )
        else:
            seconds += PROFILE_SECONDS.get(step.kind, 10)
    return seconds


@dataclass(frozen=True)
class TimeEstimate:
    """The shortest and longest time a survey takes, in whole minutes."""

    shortest: int
    longest: int

    def __str__(self) -> str:
        if self.shortest == self.longest:
            return ngettext(
                "It takes about %(count)s minute.",
                "It takes about %(count)s minutes.",
                self.longest,
            ) % {"count": self.longest}
        return _(
            "It takes about %(shortest)s to %(longest)s minutes, "
            "depending on your answers."
        ) % {"shortest": self.shortest, "longest": self.longest}


def survey_time_estimate(survey: Survey) -> TimeEstimate:
    """How long the survey takes, rounded up to minutes: the shortest and the
    longest over the answers to the first profile question that changes which
    pages follow (the kind of respondent)."""
    steps = journey_steps(survey, {})
    paths = [steps]
    for step in _open_profile_choices(steps, {}):
        branches = [
            journey_steps(survey, {step.key: value}) for value, _ in step.choices
        ]
        if len({tuple(page.key for page in branch) for branch in branches}) > 1:
            paths = branches
            break
    minutes = [max(1, math.ceil(journey_seconds(steps) / 60)) for steps in paths]
    return TimeEstimate(min(minutes), max(minutes))


class StepForm(forms.Form):
    """The form of one journey page; the answer field is always called "answer"."""

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        # Labels and hints hold an officer's words: the portal's copies of the
        # crispy-forms-gds templates (templates/gds/) escape them.
        title = step.title
        label = title if step.required else _("%(title)s (optional)") % {"title": title}
        hint = step.hint
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
        self.helper = govuk_helper(
            layout,
            Div(
                Button.primary("continue", _("Continue")),
                Button.secondary(SAVE_BUTTON, _("Save and come back later")),
                css_class="govuk-button-group",
            ),
        )

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


class SaveForm(forms.Form):
    """The email address a link to the saved answers goes to."""

    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy(
            "We use it only to send you the link, then we delete it."
        ),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter your email address"),
            "invalid": gettext_lazy(
                "Enter an email address in the correct format, like name@example.com"
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = govuk_helper(
            Field.text("email", label_size=Size.SMALL),
            submit=_("Send me the link"),
        )


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

    @property
    def saved_journey_id(self) -> int | None:
        """The saved answers this session saved or came back to, if any."""
        value = self.data.get("saved")
        return int(value) if value is not None else None

    def set_saved(self, saved_journey_id: int, email: str = "") -> None:
        self.data["saved"] = saved_journey_id
        if email:
            self.data["saved_email"] = email
        self.save()

    @property
    def saved_email(self) -> str:
        """Where the latest link to the saved answers went (for the page saying so)."""
        return str(self.data.get("saved_email", ""))

    def restore(self, saved_journey_id: int, answers: Mapping[str, Any]) -> None:
        """Start again from saved answers, as a new journey with its own token."""
        self.data = {
            "token": str(new_submission_token()),
            "answers": dict(answers),
            "saved": saved_journey_id,
        }
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
        district_id=int_value(district),
        age_bands=_age_bands(state.survey, answers) if about_child else (),
        need_codes=answers.get("need") or () if about_child else (),
        setting_type=(answers.get("setting") or "") if about_child else "",
        support_level=(answers.get("support") or "") if about_child else "",
        answers={
            step.question.pk: answers.get(step.key)
            for step in steps
            if step.question is not None
        },
        supported_by=answers.get(HELPED_STEP) or "",
        publish_consent=publish_consent_of(answers),
        channel=(
            Channel.EASY_READ_SURVEY
            if state.survey.is_easy_read
            else Channel.ONLINE_SURVEY
        ),
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
