"""Read models of a consultation's responses for officers, in a fixed number of
queries whatever the number of responses: every count is a GROUP BY."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import TypeVar

from django.db import models
from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from sendportal.disclosure import SuppressedTable
from sendportal.disclosure import fewer_than
from sendportal.disclosure import is_small
from sendportal.disclosure import public_count
from strategies.codes import HELPED
from strategies.codes import Channel
from strategies.codes import Likert
from strategies.codes import RespondentGroup
from strategies.codes import RespondentType
from strategies.codes import SupportedBy
from strategies.codes import group_of

from .models import Answer
from .models import Consultation
from .models import ConsultationStatus
from .models import Question
from .models import QuestionType
from .models import Response
from .scales import AGREEMENT_TYPES

# A group is under-heard when its share is below this fraction of the share
# the officer expected.
UNDER_HEARD_RATIO = 0.75
AGREE = (Likert.STRONGLY_AGREE, Likert.AGREE)
DISAGREE = (Likert.DISAGREE, Likert.STRONGLY_DISAGREE)


@dataclass
class Bar:
    """One bar. On a public chart (`Chart.from_table`) `count` is None when the
    disclosure rule suppresses it, and `total` None when shares may not be shown."""

    label: str
    count: int | None
    total: int | None

    @property
    def percent(self) -> float | None:
        if self.count is None or self.total is None:
            return None
        return round(100 * self.count / self.total, 1) if self.total else 0.0

    @property
    def count_text(self) -> str:
        return fewer_than() if self.count is None else f"{self.count:,}"


@dataclass
class Chart:
    """A bar chart and its table alternative.

    For a question where people could choose more than one option, each bar's
    total is the number of people who answered, so a bar reads as the share of
    people who chose that option and the shares add up to more than 100.
    """

    title: str
    bars: list[Bar]
    multiple: bool = False

    @classmethod
    def from_table(cls, title: str, table: SuppressedTable) -> "Chart":
        """A chart of counts of people for a public page: it draws only what
        the disclosure rule lets the table show."""
        base = table.total.exact if table.percentages_allowed else None
        return cls(title, [Bar(cell.label, cell.shown, base) for cell in table])

    @property
    def total(self) -> int:
        return sum(bar.count or 0 for bar in self.bars)

    @property
    def people(self) -> int:
        """How many the percentages are of (people who answered, for a
        multiple-choice question)."""
        return (self.bars[0].total or 0) if self.bars else 0

    @property
    def shows_percentages(self) -> bool:
        return all(bar.total is not None for bar in self.bars)

    def rows(self) -> list[dict[str, object]]:
        """Bars as drawn: each bar's length as a percentage of the chart's
        width, scaled to the largest shown bar (a suppressed bar has no
        length and is not drawn). The labels and figures are text beside the
        bars, so they keep their size at any screen width."""
        largest = max((bar.count or 0 for bar in self.bars), default=0) or 1
        return [
            {
                "bar": bar,
                "width": None
                if bar.count is None
                else round(100 * bar.count / largest, 1),
            }
            for bar in self.bars
        ]


@dataclass
class HeardRow:
    label: str
    count: int
    percent: float
    expected: int | None
    under_heard: bool


@dataclass
class PriorityRow:
    label: str
    agree: int
    neutral: int
    disagree: int
    total: int

    @property
    def agree_percent(self) -> float:
        return round(100 * self.agree / self.total, 1) if self.total else 0.0

    @property
    def neutral_percent(self) -> float:
        return round(100 * self.neutral / self.total, 1) if self.total else 0.0

    @property
    def disagree_percent(self) -> float:
        return round(100 * self.disagree / self.total, 1) if self.total else 0.0


@dataclass
class ComparisonRow:
    """A priority's agreement in the standard survey beside the Easy Read one."""

    label: str
    standard: PriorityRow
    easy_read: PriorityRow


# Agree, neither, disagree: GOV.UK green, mid grey and red, each segment
# labelled in the legend and by its table, so colour is never the only cue.
AGREEMENT_COLOURS = ("#00703c", "#b1b4b6", "#d4351c")


@dataclass
class Segment:
    """A share of a bar: where it starts and how long it is, in per cent of
    the bar's full length."""

    x: float
    width: float
    colour: str


@dataclass
class AgreementBar:
    """A priority's bar, split into agree, neither and disagree shares."""

    row: PriorityRow
    segments: list[Segment]


def agreement_rows(rows: list[PriorityRow]) -> list[AgreementBar]:
    """Each priority as one bar split into agree, neither and disagree shares."""
    bars = []
    for row in rows:
        x = 0.0
        segments = []
        counts = (row.agree, row.neutral, row.disagree)
        for count, colour in zip(counts, AGREEMENT_COLOURS, strict=True):
            width = round(100 * count / row.total, 1) if row.total else 0.0
            segments.append(Segment(x, width, colour))
            x = round(x + width, 1)
        bars.append(AgreementBar(row=row, segments=segments))
    return bars


@dataclass(frozen=True)
class SourceRow:
    """Responses of one channel from one source: an import batch's source
    document and who keyed it, or answered on the portal itself."""

    channel: str
    source: str
    keyed_by: str
    count: int
    batch_id: int | None = None


@dataclass
class Analysis:
    total: int
    by_type: Chart
    by_district: Chart
    by_channel: Chart
    over_time: Chart
    heard: list[HeardRow]
    questions: list[tuple[Question, Chart]] = field(default_factory=list)
    priorities: list[PriorityRow] = field(default_factory=list)
    free_text_count: int = 0
    # Only when an Easy Read survey has agreement answers about a priority.
    comparison: list[ComparisonRow] = field(default_factory=list)
    by_supported: Chart = field(default_factory=lambda: Chart("", []))
    # Responses whose respondent said someone helped them answer.
    helped: int = 0
    # How responses were collected: by channel, then by import batch.
    sources: list[SourceRow] = field(default_factory=list)

    def agreement_rows(self) -> list["AgreementBar"]:
        return agreement_rows(self.priorities)


def _chart(title: str, counts: dict[str, int], labels: dict[str, str]) -> Chart:
    total = sum(counts.values())
    return Chart(
        title,
        [Bar(labels.get(key, key), n, total) for key, n in counts.items()],
    )


def labels(choices: type[models.TextChoices]) -> dict[str, str]:
    return {c.value: str(c.label) for c in choices}


# The "Who helped" filter of the analysis, free-text and export pages.
HELPED_FILTER = "helped"
NOT_RECORDED_FILTER = "not_recorded"


def supported_filter_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Everyone")),
        (HELPED_FILTER, _("Answered with help (anyone)")),
        *((c.value, str(c.label)) for c in SupportedBy),
        (NOT_RECORDED_FILTER, _("Not recorded")),
    ]


def supported_filter_value(value: str | None) -> str:
    """The filter value as given when it is one of the choices, else "" (all)."""
    valid = {code for code, _label in supported_filter_choices()}
    return value if value in valid else ""


Rows = TypeVar("Rows", bound=QuerySet[Any])


def filter_supported(queryset: Rows, value: str, *, response_path: str = "") -> Rows:
    """Responses (or their answers, through `response_path`) by who helped."""
    name = f"{response_path}supported_by"
    if value == HELPED_FILTER:
        return queryset.filter(**{f"{name}__in": list(HELPED)})
    if value == NOT_RECORDED_FILTER:
        return queryset.filter(**{name: ""})
    if value in SupportedBy.values:
        return queryset.filter(**{name: value})
    return queryset


def channel_filter_choices() -> list[tuple[str, str]]:
    return [("", _("Every way")), *((c.value, str(c.label)) for c in Channel)]


def channel_filter_value(value: str | None) -> str:
    """The channel filter as given when it is a channel, else "" (all)."""
    return value if value in Channel.values else ""


def filter_channel(queryset: Rows, value: str, *, response_path: str = "") -> Rows:
    """Responses (or their answers, through `response_path`) by channel."""
    if value in Channel.values:
        return queryset.filter(**{f"{response_path}channel": value})
    return queryset


def filter_responses(
    queryset: Rows, *, supported: str = "", channel: str = "", response_path: str = ""
) -> Rows:
    """The analysis and export filters together: who helped, and channel."""
    queryset = filter_supported(queryset, supported, response_path=response_path)
    return filter_channel(queryset, channel, response_path=response_path)


def collected_sources(responses: QuerySet[Response]) -> list[SourceRow]:
    """How `responses` were collected: a row per channel and import batch, the
    largest channel first, then its batches by size (one query)."""
    rows = list(
        responses.values_list(
            "channel",
            "import_batch_id",
            "import_batch__source_document",
            "import_batch__keyed_by",
            "import_batch__file_name",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    by_channel: dict[str, int] = defaultdict(int)
    for row in rows:
        by_channel[row[0]] += row[-1]
    channel_labels = labels(Channel)
    result = []
    for channel, batch_id, source, keyed_by, file_name, n in sorted(
        rows, key=lambda row: (-by_channel[row[0]], row[0], -row[-1], row[1] or 0)
    ):
        if batch_id is None:
            where = _("Answered on the portal")
        else:
            where = source or _("Not recorded (file %(name)s)") % {"name": file_name}
        result.append(
            SourceRow(
                channel=channel_labels.get(channel, channel),
                source=where,
                keyed_by=keyed_by or "",
                count=n,
                batch_id=batch_id,
            )
        )
    return result


def public_helped_count(counts: Mapping[str, int]) -> str | None:
    """How many answered with help, as a public page may say it beside the
    published number of responses; None when it may not be said.

    `counts` are responses by who helped ("" for not asked). Nothing is said
    when nobody was asked or helped, nor when those not helped are 1 to 4: the number
    of responses minus an exact "answered with help" would give them away.
    """
    if not any(n for code, n in counts.items() if code):
        return None
    helped = sum(n for code, n in counts.items() if code in HELPED)
    rest = sum(counts.values()) - helped
    if not helped or (is_small(rest) and not is_small(helped)):
        return None
    return public_count(helped)


def analyse(
    consultation: Consultation, *, supported: str = "", channel: str = ""
) -> Analysis:
    """Counts by respondent type, district, channel, week, question, priority and
    who helped, of every response or only those `supported` and `channel` pick
    out."""
    responses = filter_responses(
        Response.objects.for_consultation(consultation),
        supported=supported,
        channel=channel,
    )
    by_type: dict[str, int] = defaultdict(int)
    by_supported_code: dict[str, int] = defaultdict(int)
    for respondent_type, supported_by, n in (
        responses.values_list("respondent_type", "supported_by")
        .annotate(n=Count("id"))
        .order_by("-n")
    ):
        by_type[respondent_type] += n
        by_supported_code[supported_by] += n
    by_type = dict(sorted(by_type.items(), key=lambda item: -item[1]))
    # In the code list's order, answered with help first.
    supported_labels = {
        **labels(SupportedBy),
        "": _("Not recorded"),
    }
    order = [
        *(code for code in SupportedBy if code in HELPED),
        SupportedBy.NOBODY,
        SupportedBy.PREFER_NOT_SAY,
        "",
    ]
    by_supported = {
        code: by_supported_code[code] for code in order if by_supported_code.get(code)
    }
    by_district = {
        (name or _("Not given")): n
        for name, n in responses.values_list("district__name")
        .annotate(n=Count("id"))
        .order_by("-n")
    }
    by_channel = dict(
        responses.values_list("channel").annotate(n=Count("id")).order_by("-n")
    )
    by_week = {
        timezone.localtime(week).strftime("%-d %b %Y") if week else "": n
        for week, n in responses.annotate(week=TruncWeek("submitted_at"))
        .values_list("week")
        .annotate(n=Count("id"))
        .order_by("week")
    }
    total = sum(by_type.values())
    questions = list(
        Question.objects.filter(survey__consultation=consultation)
        .select_related("priority", "survey")
        .prefetch_related("options")
        .order_by("survey__sort", "survey_id", "sort", "pk")
    )
    option_counts: dict[int, dict[str, int]] = defaultdict(dict)
    # People who chose at least one option of each question: the base of the
    # shares, since one person may choose several options of a question.
    people_answering = dict(
        filter_responses(
            Answer.objects.filter(response__consultation=consultation),
            supported=supported,
            channel=channel,
            response_path="response__",
        )
        .exclude(option_code="")
        .values_list("question_id")
        .annotate(people=Count("response_id", distinct=True))
        .order_by()
    )
    free_text_count = 0
    answers = filter_responses(
        Answer.objects.filter(response__consultation=consultation),
        supported=supported,
        channel=channel,
        response_path="response__",
    )
    for question_id, code, text_count, n in (
        answers.values_list("question_id", "option_code")
        .annotate(texts=Count("id", filter=~Q(text_value="")), n=Count("id"))
        .order_by()
    ):
        if code:
            option_counts[question_id][code] = n
        else:
            free_text_count += text_count
    question_charts = []
    priority_rows: dict[int, PriorityRow] = {}
    # Per priority, per survey kind (False standard, True Easy Read).
    by_kind: dict[int, dict[bool, PriorityRow]] = defaultdict(dict)
    for question in questions:
        if question.question_type in (QuestionType.FREE_TEXT, QuestionType.NUMBER):
            continue
        counts = option_counts.get(question.pk, {})
        choices = question.choices()
        answered = sum(counts.values())
        multiple = question.question_type == QuestionType.MULTI_CHOICE
        base = people_answering.get(question.pk, 0) if multiple else answered
        chart = Chart(
            question.text,
            [Bar(label, counts.get(code, 0), base) for code, label in choices],
            multiple=multiple,
        )
        question_charts.append((question, chart))
        if question.priority and question.question_type in AGREEMENT_TYPES:
            # Easy Read scales store the standard codes (consultations/scales.py),
            # so both surveys add up in the same row.
            label = str(question.priority)
            rows = (
                priority_rows.setdefault(
                    question.priority.pk, PriorityRow(label, 0, 0, 0, 0)
                ),
                by_kind[question.priority.pk].setdefault(
                    question.survey.is_easy_read, PriorityRow(label, 0, 0, 0, 0)
                ),
            )
            for row in rows:
                _add_agreement(row, counts, answered)
    comparison = [
        ComparisonRow(
            row.label,
            by_kind[pk].get(False) or PriorityRow(row.label, 0, 0, 0, 0),
            by_kind[pk][True],
        )
        for pk, row in priority_rows.items()
        if True in by_kind[pk]
    ]
    return Analysis(
        total=total,
        by_type=_chart(_("By respondent type"), by_type, labels(RespondentType)),
        by_district=_chart(_("By district"), by_district, {}),
        by_channel=_chart(_("By channel"), by_channel, labels(Channel)),
        over_time=_chart(_("Responses per week"), by_week, {}),
        heard=heard_against_expected(consultation, by_type),
        questions=question_charts,
        priorities=list(priority_rows.values()),
        free_text_count=free_text_count,
        comparison=comparison,
        by_supported=_chart(
            _("Who helped them answer"), by_supported, supported_labels
        ),
        helped=sum(by_supported_code.get(code, 0) for code in HELPED),
        sources=collected_sources(responses),
    )


def _add_agreement(row: PriorityRow, counts: dict[str, int], answered: int) -> None:
    row.agree += sum(counts.get(c, 0) for c in AGREE)
    row.disagree += sum(counts.get(c, 0) for c in DISAGREE)
    row.neutral += counts.get(Likert.NEITHER, 0)
    row.total += answered - counts.get(Likert.DONT_KNOW, 0)


def heard_against_expected(
    consultation: Consultation, by_type: dict[str, int]
) -> list[HeardRow]:
    """Each group's share of responses against the mix the officer expected."""
    groups: dict[str, int] = defaultdict(int)
    for respondent_type, n in by_type.items():
        groups[group_of(respondent_type)] += n
    total = sum(groups.values())
    still_open = consultation.current_status in (
        ConsultationStatus.OPEN,
        ConsultationStatus.SCHEDULED,
    )
    rows = []
    for group in RespondentGroup:
        count = groups.get(group.value, 0)
        percent = round(100 * count / total, 1) if total else 0.0
        expected = consultation.expected_mix.get(group.value)
        under = bool(still_open and expected and percent < expected * UNDER_HEARD_RATIO)
        rows.append(HeardRow(str(group.label), count, percent, expected, under))
    return rows
