"""No page answers 500, whatever the query string or a posted text field holds.

Every URL pattern of the project (the URL configuration is walked, so a page
added later is fuzzed too) is filled from the demo's rows and asked for with
hostile values in every parameter name the code reads, plus a few it does not:
NUL (encoded and raw), digits that `str.isdigit()` accepts but `int()` refuses
("²") or that are not ASCII ("١"), numbers no column holds, arrays, empty and
very long values. It is asked as every kind of visitor: anonymous, a family
part-way through a consultation, a signed-in person with no role, each staff
role of the object's area and the platform administrator. Any 500 fails the
test, listed as (url, visitor, value) with the exception.

To stay fast, each page is sent every value as one visitor it serves (an
officer for most staff pages), but only when the page read its parameters at
all (seen from request.GET having been built); each other visitor is sent one
value per page, a different one from page to page. NUL is let through to the
views (RefuseNulMiddleware is taken out) so that their own parsing is tried.

One database set-up for everything: the demo, plus the few rows it lacks.
"""

import logging
import re
import time
from collections.abc import Callable
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any
from typing import TypeVar
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models import QuerySet
from django.test import Client
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from consultations.imports import proposal_services
from consultations.imports import services as import_services
from consultations.journey import journey_steps
from consultations.models import Consultation
from consultations.models import Option
from consultations.models import Response
from consultations.models import YouSaidWeDid
from consultations.models.consultations import PUBLIC_CONSULTATION_STATUSES
from consultations.models.consultations import ConsultationStatus
from events.models import Booking
from events.models import Finding
from events.staff_views import STEPS
from follow.models import FollowSubscription
from improvement.models import Action
from improvement.models import BoardMeeting
from improvement.models import FinanceLine
from improvement.models import Kpi
from improvement.models import KpiBreakdown
from improvement.models import Milestone
from improvement.models import Plan
from improvement.models import Workstream
from improvement.reports.models import ProgressReport
from sendportal.accounts.models import Membership
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.areas.models import PartnerOrganisation
from strategies.models import EasyReadSection
from strategies.models import StrategyDocument
from strategies.models import Theme
from tests.accounts.factories import InvitationFactory
from tests.consultations.factories import ConsultationFactory
from tests.consultations.imports.files import csv_bytes
from tests.factories import UserFactory
from tests.helpers import client_for

M = TypeVar("M", bound=Model)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Every query parameter the code reads (checked against the code below), and
# some it does not: the admin's own, and names a visitor might invent.
PARAMETERS = [
    # read by the portal's views
    "q",
    "question",
    "district",
    "respondent_type",
    "theme",
    "page",
    "session",
    "kind",
    "workstream",
    "refresh",
    "change",
    "next",
    "from",
    "supported_by",
    "channel",
    "subscribed",
    # the Django admin's
    "o",
    "p",
    "all",
    "e",
    "_changelist_filters",
    # names nothing reads
    "status",
    "type",
    "sort",
    "period",
    "priority",
    "year",
    "format",
    "id",
]

# Hostile values; each is sent in every parameter at once.
VALUES: dict[str, str] = {
    "NUL": "Leeds\x00",
    "superscript two": "²",
    "Arabic-Indic one": "١",
    "forty nines": "9" * 40,
    "minus one": "-1",
    "empty": "",
    "brackets": "[]",
    "very long": "ab" * 500,
}

# Not a value but a shape: each name twice, a NUL straight in the raw query
# string (not %-encoded), and PHP-style array names.
RAW_QUERIES: dict[str, str] = {
    "arrays": "&".join(f"{name}=1&{name}=2" for name in PARAMETERS),
    "raw NUL": "&".join(f"{name}=\x00" for name in PARAMETERS),
}

# Patterns that cannot be filled, and why.
SKIPPED: dict[str, str] = {
    "django-admin/(?P<url>.*)$": "the admin's catch-all: any other address, a 404",
}

# The values sent to a page that reads no parameter: a raw query string is
# still copied into addresses (sign-in's "next", say).
RAW_READ = {"raw NUL", "very long"}

APPS = ("sendportal", "strategies", "consultations", "events", "improvement")
# `int_param(request.GET, "district")` and the like (sendportal/params.py).
READ_NAME = re.compile(r"""(?:GET|params)(?:\.get(?:list)?\(|\[)\s*["'](\w+)["']""")
PARSED_NAME = re.compile(r"""_param\(\s*(?:self\.)?request\.GET,\s*["'](\w+)["']""")


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(route, namespaced name, pattern) of every URL pattern."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, route, inner)
        else:
            yield route, namespace + pattern.name if pattern.name else "", pattern


def test_the_parameter_list_names_every_parameter_the_code_reads() -> None:
    read: set[str] = set()
    for app in APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text()
            read |= set(READ_NAME.findall(text)) | set(PARSED_NAME.findall(text))
    assert read, "the patterns no longer find how parameters are read"
    assert read <= set(PARAMETERS), sorted(read - set(PARAMETERS))


def one(rows: QuerySet[M]) -> M:
    """The first of `rows`, which the demo must have."""
    row = rows.first()
    assert row is not None, f"the demo has no {rows.model.__name__}"
    return row


class Rows:
    """The demo's rows (and a few it lacks) that URL patterns are filled from."""

    def __init__(self) -> None:
        self.bucks = LocalArea.objects.get(slug="buckinghamshire")
        self.consultation = Consultation.objects.get(area=self.bucks)
        self.survey = one(self.consultation.surveys.all())
        self.open_consultation = next(
            c
            for c in Consultation.objects.select_related("area")
            if c.status == ConsultationStatus.OPEN
        )
        self.open_survey = one(self.open_consultation.surveys.all())
        self.event = one(Finding.objects.filter(event__area=self.bucks)).event
        self.finding = one(self.event.findings.filter(session__isnull=False))
        self.booking = one(Booking.objects.select_related("event__area"))
        self.plan = Plan.objects.get(area=self.bucks)
        self.workstream = one(
            Workstream.objects.for_plan(self.plan).filter(members__isnull=False)
        )
        self.action = one(Action.objects.filter(workstream__plan=self.plan))
        self.milestone = Milestone.objects.create(
            action=self.action, title="Panel appointed", due_date="2026-09-30"
        )
        self.kpi = one(Kpi.objects.filter(plan=self.plan))
        self.breakdown = one(KpiBreakdown.objects.select_related("kpi__plan__area"))
        self.line = one(FinanceLine.objects.select_related("plan__area"))
        self.meeting = one(BoardMeeting.objects.filter(plan=self.plan))
        self.report = ProgressReport.objects.get(plan=self.plan)
        self.response = one(Response.objects.filter(consultation__area=self.bucks))
        self.subscription = FollowSubscription.objects.create(
            response=self.response, email="follower@example.org"
        )
        self.theme = one(Theme.objects.filter(strategy__area=self.bucks))
        self.strategy = self.theme.strategy
        self.document = StrategyDocument.objects.create(
            strategy=self.strategy,
            title="Full strategy",
            kind=StrategyDocument.Kind.FULL,
            url="https://example.org/strategy",
        )
        self.section = EasyReadSection.objects.create(
            strategy=self.strategy,
            heading="Our plan",
            text="We will listen to you.",
            picture_symbol="happy",
        )
        self.membership = one(Membership.objects.filter(area=self.bucks))
        self.invitation = InvitationFactory.create(area=self.bucks)
        self.partner = one(PartnerOrganisation.objects.filter(area=self.bucks))
        self.feedback = one(YouSaidWeDid.objects.filter(consultation=self.consultation))
        self.consented = one(
            Response.objects.filter(
                consultation=self.consultation, publish_consent=True
            ).order_by("pk")
        )
        self.batch = import_services.import_batch_create(
            survey=self.survey,
            # A choice column too, so that "Match answers" shows its form.
            data=csv_bytes(
                [
                    ["Timestamp", "Anything else?", "Responding as"],
                    ["14/02/2026", "No", "Education professional"],
                ]
            ),
            file_name="paper.csv",
            channel="PAPER",
            by=None,
        )
        draft = (
            Consultation.objects.filter(status=ConsultationStatus.DRAFT)
            .select_related("area")
            .first()
        ) or ConsultationFactory.create(
            area=self.bucks, status=ConsultationStatus.DRAFT
        )
        self.proposal = proposal_services.survey_proposal_create(
            consultation=draft,
            data=csv_bytes([["Timestamp", "Anything else?"], ["01/02/2026", "No"]]),
            file_name="export.csv",
            channel="PAPER",
            by=None,
        )

    def option_kwargs(self) -> dict[str, Any]:
        """An answer option of a public consultation, with its area."""
        option = one(
            Option.objects.filter(
                question__survey__consultation__status__in=PUBLIC_CONSULTATION_STATUSES
            ).select_related("question__survey__consultation__area")
        )
        consultation = option.question.survey.consultation
        return self.area(consultation.area, pk=consultation.pk, option_pk=option.pk)

    def kwargs_for(self, name: str, route: str) -> dict[str, Any] | None:
        """The URL arguments of the pattern named `name`, None when unfilled."""
        step_key = journey_steps(self.open_survey, {})[0].key
        # Which object a page is about, by the start of its name; the first
        # that matches wins.
        subjects: list[tuple[str, Callable[[], dict[str, Any]]]] = [
            ("accounts:password_reset_confirm", lambda: {"uidb64": "MQ", "token": "x"}),
            ("accounts:invitation_accept", lambda: {"token": "not-a-token"}),
            (
                "follow:follow_response",
                lambda: self.area(
                    self.bucks,
                    reference=self.response.reference,
                    token=self.response.follow_token,
                ),
            ),
            (
                "follow:follow_booking",
                lambda: self.area(self.booking.event.area, token=self.booking.token),
            ),
            (
                "follow:",
                lambda: self.area(self.bucks, token=self.subscription.token),
            ),
            (
                "accounts_staff:membership",
                lambda: self.area(self.membership.area, pk=self.membership.pk),
            ),
            (
                "accounts_staff:invitation",
                lambda: self.area(self.bucks, pk=self.invitation.pk),
            ),
            (
                "areas_staff:district",
                lambda: self.area(self.bucks, pk=one(self.bucks.districts.all()).pk),
            ),
            ("areas_staff:partner", lambda: self.area(self.bucks, pk=self.partner.pk)),
            (
                "strategies",
                lambda: self.area(
                    self.bucks,
                    pk=self.strategy.pk,
                    priority_pk=one(self.strategy.priorities.all()).pk,
                    document_pk=self.document.pk,
                    section_pk=self.section.pk,
                    theme_pk=self.theme.pk,
                ),
            ),
            ("themes:", lambda: self.area(self.bucks, pk=self.theme.pk)),
            (
                "improvement:",
                lambda: self.area(
                    self.bucks, strategy_pk=self.plan.strategy_id, pk=self.action.pk
                ),
            ),
            (
                "improvement_staff:workstream_member",
                lambda: self.plan_kwargs(
                    workstream_pk=self.workstream.pk,
                    pk=one(self.workstream.members.all()).pk,
                ),
            ),
            (
                "improvement_staff:workstream",
                lambda: self.plan_kwargs(pk=self.workstream.pk),
            ),
            (
                "improvement_staff:milestone",
                lambda: self.plan_kwargs(
                    action_pk=self.action.pk, pk=self.milestone.pk
                ),
            ),
            (
                "improvement_staff:action",
                # Unlinking and removing evidence are POST only (GET: 405).
                lambda: self.plan_kwargs(
                    pk=self.action.pk, theme_pk=self.theme.pk, evidence_pk=1
                ),
            ),
            (
                "improvement_staff:kpi_breakdown",
                lambda: self.area(
                    self.breakdown.kpi.plan.area,
                    plan_pk=self.breakdown.kpi.plan_id,
                    kpi_pk=self.breakdown.kpi_id,
                    pk=self.breakdown.pk,
                ),
            ),
            ("improvement_staff:kpi", lambda: self.plan_kwargs(pk=self.kpi.pk)),
            (
                "improvement_staff:finance_",
                lambda: self.area(
                    self.line.plan.area, plan_pk=self.line.plan_id, pk=self.line.pk
                ),
            ),
            (
                "improvement_staff:finance",
                lambda: self.area(self.line.plan.area, plan_pk=self.line.plan_id),
            ),
            (
                "improvement_staff:board_meeting",
                lambda: self.plan_kwargs(pk=self.meeting.pk),
            ),
            (
                "improvement_staff:",
                lambda: self.plan_kwargs(pk=self.plan.pk, token="not-a-token"),
            ),
            (
                "events_staff:",
                lambda: self.area(
                    self.bucks,
                    pk=self.event.pk,
                    session_pk=self.finding.session_id,
                    finding_pk=self.finding.pk,
                    step=next(iter(STEPS)),
                    file_format="csv",
                ),
            ),
            (
                "events:booking",
                lambda: self.area(
                    self.booking.event.area,
                    pk=self.booking.event_id,
                    token=self.booking.token,
                ),
            ),
            ("events:", lambda: self.area(self.bucks, pk=self.event.pk)),
            (
                "reports",
                lambda: self.area(self.bucks, pk=self.report.pk, plan_pk=self.plan.pk),
            ),
            (
                "consultation_imports:proposal",
                lambda: self.area(
                    self.proposal.area,
                    consultation_pk=self.proposal.consultation_id,
                    pk=self.proposal.pk,
                    index=1,
                ),
            ),
            (
                "consultation_imports:",
                lambda: self.area(
                    self.bucks, survey_pk=self.survey.pk, pk=self.batch.pk
                ),
            ),
            (
                "consultations_staff:",
                lambda: self.area(
                    self.bucks,
                    pk=self.consultation.pk,
                    survey_pk=self.survey.pk,
                    question_pk=one(self.survey.questions.all()).pk,
                    item_pk=self.feedback.pk,
                    response_pk=self.consented.pk,
                    file_format="csv",
                    language="pl",
                ),
            ),
            (
                "consultations:journey_resume",
                lambda: self.area(
                    self.open_consultation.area,
                    pk=self.open_consultation.pk,
                    survey_pk=self.open_survey.pk,
                    token="not-a-token",
                ),
            ),
            (
                "consultations:journey",
                lambda: self.area(
                    self.open_consultation.area,
                    pk=self.open_consultation.pk,
                    survey_pk=self.open_survey.pk,
                    step=step_key,
                ),
            ),
            ("consultations:option_picture", self.option_kwargs),
            (
                "consultations:",
                lambda: self.area(
                    self.bucks,
                    pk=self.consultation.pk,
                    question_pk=one(self.survey.questions.all()).pk,
                ),
            ),
            ("you_said_we_did:", lambda: self.area(self.bucks, year=2021)),
            ("", lambda: self.area(self.bucks)),
        ]
        for prefix, make in subjects:
            if name.startswith(prefix):
                wanted = set(re.findall(r"<(?:\w+:)?(\w+)>", route))
                available = make()
                if not wanted <= set(available):
                    return None
                return {key: available[key] for key in wanted}
        return None

    def area(self, area: LocalArea, **kwargs: Any) -> dict[str, Any]:
        return {"area_slug": area.slug, **kwargs}

    def plan_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return self.area(self.bucks, plan_pk=self.plan.pk, **kwargs)

    def admin_object(self, model: type[Model]) -> str:
        first = model._default_manager.order_by("pk").first()
        return str(first.pk) if first else "1"


def portal_urls(rows: Rows) -> tuple[list[tuple[str, str]], list[str]]:
    """(url, area slug) of every pattern, and the routes that could not be filled."""
    urls: list[tuple[str, str]] = []
    unfilled: list[str] = []
    for route, name, pattern in walk(get_resolver().url_patterns):
        if route.startswith("django-admin/"):
            model_admin = getattr(pattern.callback, "model_admin", None)
            arguments = set(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route))
            wanted = {a or b for a, b in arguments}
            kwargs: dict[str, Any] = {}
            if model_admin is not None:
                kwargs["object_id"] = kwargs["id"] = rows.admin_object(
                    model_admin.model
                )
            kwargs |= {"app_label": "consultations", "content_type_id": "1"}
            kwargs.setdefault("object_id", "1")
            # The user admin's password page is not wrapped like the others.
            kwargs.setdefault("id", rows.admin_object(User))
            if not wanted <= set(kwargs) or (not name and "(?P" in route):
                unfilled.append(route)
                continue
            kwargs = {key: kwargs[key] for key in wanted}
            if name:
                urls.append((reverse(name, kwargs=kwargs), ""))
            else:
                urls.append((substitute(route, kwargs), ""))
            continue
        found = rows.kwargs_for(name, route) if name else None
        if found is None:
            unfilled.append(route)
            continue
        urls.append((reverse(name, kwargs=found), found.get("area_slug", "")))
    return urls, unfilled


def substitute(route: str, kwargs: dict[str, Any]) -> str:
    """The address of an unnamed route, its converters filled from `kwargs`."""
    return "/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda match: str(kwargs[str(match[1])]), route
    )


def visitors(rows: Rows) -> dict[str, Callable[[str], Client]]:
    """Each kind of visitor: a client for an area (by slug)."""
    anonymous = Client()
    family = Client()
    # Part-way through the open consultation: its question pages answer.
    family.get(
        reverse(
            "consultations:journey_start",
            kwargs={
                "area_slug": rows.open_consultation.area.slug,
                "pk": rows.open_consultation.pk,
                "survey_pk": rows.open_survey.pk,
            },
        )
    )
    nobody = client_for(UserFactory.create(email="nobody@example.org"))
    platform = client_for("platform@admin.demo")
    by_role: dict[tuple[str, str], Client] = {}

    def staff(role: str) -> Callable[[str], Client]:
        def for_area(slug: str) -> Client:
            slug = slug or "buckinghamshire"
            if (role, slug) not in by_role:
                by_role[role, slug] = client_for(f"{role}@{slug}.demo")
            return by_role[role, slug]

        return for_area

    return {
        "anonymous": lambda slug: anonymous,
        "family": lambda slug: family,
        "no role": lambda slug: nobody,
        "officer": staff("officer"),
        "workstream lead": staff("lead"),
        "cabinet member": staff("cabinet"),
        "area admin": staff("admin"),
        "platform admin": lambda slug: platform,
    }


def send(client: Client, method: str, url: str, **kwargs: Any) -> tuple[int, str, bool]:
    """The status of one request, its exception if it raised, and whether
    anything read its parameters (request.GET is built on first use); whatever
    it wrote to the database (or broke there) is rolled back."""
    savepoint = transaction.savepoint()
    try:
        response = client.generic(method, url, **kwargs)
    finally:
        transaction.savepoint_rollback(savepoint)
    problem = ""
    # The test client keeps the exception the view raised.
    if exc_info := getattr(response, "exc_info", None):
        kind, value, _ = exc_info
        problem = f"{kind.__name__}: {str(value)[:120]}"
    read = "GET" in vars(response.wsgi_request)
    return response.status_code, problem, read


def queries() -> Iterator[tuple[str, str]]:
    """(label, raw query string) of every hostile query."""
    for label, value in VALUES.items():
        yield label, urlencode([(name, value) for name in PARAMETERS])
    yield from RAW_QUERIES.items()


def primary_visitor(url: str) -> str:
    """Who is sent every hostile query for a page: a visitor who is served it.
    The other visitors are sent one each, in turn, so across the pages each
    of them meets every value."""
    if url.startswith(("/django-admin/", "/staff/platform/")):
        return "platform admin"
    if "/people/" in url or "/settings/" in url:
        return "area admin"
    if url.startswith(("/staff/", "/accounts/")):
        return "officer"
    if "/surveys/" in url:
        return "family"
    return "anonymous"


def fuzzed_fully(url: str) -> bool:
    """Every admin page of a model but its change list reads the same few
    parameters through the same code: those are sent one value each, in turn."""
    return not url.startswith("/django-admin/") or url.count("/") <= 4


def sent_to(url: str, visitor: str) -> bool:
    """Whether `visitor` is sent anything for the page. The admin sends
    everyone but a platform administrator to its sign-in page by one wrapper
    (admin_view) before any of its views runs: they are sent its home page and
    one change list, not each of its 170-odd pages."""
    if not url.startswith("/django-admin/") or visitor == "platform admin":
        return True
    return url in {"/django-admin/", "/django-admin/consultations/answer/"}


def without_nul_refusal(settings: Any) -> None:
    """Let NUL reach the views: their own parsing is what is under test."""
    settings.MIDDLEWARE = [
        entry
        for entry in settings.MIDDLEWARE
        if entry != "sendportal.security.RefuseNulMiddleware"
    ]


def test_no_page_answers_500_to_any_query_string(demo_db: None, settings) -> None:
    without_nul_refusal(settings)
    started, cpu = time.monotonic(), time.process_time()
    rows = Rows()
    urls, unfilled = portal_urls(rows)
    assert set(unfilled) == set(SKIPPED), sorted(unfilled)
    assert len(urls) > 300
    clients = visitors(rows)
    hostile = list(queries())
    failures: list[str] = []
    sent = fully = 0
    logging.disable(logging.CRITICAL)  # thousands of expected 403s and 404s
    try:
        for index, (url, slug) in enumerate(urls):
            primary = primary_visitor(url) if fuzzed_fully(url) else None
            for number, (visitor, client_in) in enumerate(clients.items()):
                if not sent_to(url, visitor):
                    continue
                client = client_in(slug)
                client.raise_request_exception = False
                todo = [hostile[(index + number) % len(hostile)]]
                while todo:
                    label, query = todo.pop()
                    status, problem, read = send(client, "GET", url, QUERY_STRING=query)
                    sent += 1
                    if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
                        failures.append(f"{url} as {visitor} with {label}: {problem}")
                    if visitor == primary:
                        # Every other value too when the page read its
                        # parameters; when nothing did, only those that the
                        # raw query string (a "next" address) could carry.
                        primary = None
                        todo = [
                            entry
                            for entry in hostile
                            if entry[0] != label and (read or entry[0] in RAW_READ)
                        ]
                        fully += read
    finally:
        logging.disable(logging.NOTSET)
    print(
        f"{len(urls)} pages ({fully} read parameters), {sent} requests "
        f"in {time.monotonic() - started:.1f} s "
        f"({time.process_time() - cpu:.1f} s of this process's CPU)"
    )
    assert not failures, f"{len(failures)} answered 500:\n" + "\n".join(failures)


FIELD_NAME = re.compile(rb'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')
POSTED_VALUES = {
    "NUL": "Leeds\x00Bradford",
    "superscript two": "²",
    "forty nines": "9" * 40,
    "very long": "ab" * 5000,
}


def test_no_form_answers_500_to_odd_posted_values(demo_db: None) -> None:
    """The public forms (a question of the journey, booking, cancelling,
    signing in) and some staff forms, each field the page shows sent odd
    values (twice, as a list)."""
    rows = Rows()
    clients = visitors(rows)
    journey_step = reverse(
        "consultations:journey_step",
        kwargs=rows.kwargs_for(
            "consultations:journey_step", "<area_slug><pk><survey_pk><step>"
        ),
    )
    bucks = rows.bucks.slug
    forms = [
        ("family", journey_step),
        (
            "anonymous",
            reverse(
                "events:booking_create",
                kwargs={
                    "area_slug": rows.booking.event.area.slug,
                    "pk": rows.booking.event_id,
                },
            ),
        ),
        (
            "anonymous",
            reverse(
                "events:booking_cancel",
                kwargs={
                    "area_slug": rows.booking.event.area.slug,
                    "token": rows.booking.token,
                },
            ),
        ),
        ("anonymous", reverse("accounts:login")),
        (
            "officer",
            reverse(
                "events_staff:finding_create",
                kwargs={"area_slug": bucks, "pk": rows.event.pk},
            ),
        ),
        (
            "officer",
            reverse(
                "consultations_staff:free_text",
                kwargs={"area_slug": bucks, "pk": rows.consultation.pk},
            ),
        ),
        (
            "officer",
            reverse(
                "improvement_staff:action_create",
                kwargs={"area_slug": bucks, "plan_pk": rows.plan.pk},
            ),
        ),
        ("officer", reverse("events_staff:event_create", kwargs={"area_slug": bucks})),
        (
            "officer",
            reverse(
                "consultation_imports:batch_values",
                kwargs={"area_slug": bucks, "pk": rows.batch.pk},
            ),
        ),
        (
            "area admin",
            reverse("areas_staff:district_add", kwargs={"area_slug": bucks}),
        ),
    ]
    failures: list[str] = []
    logging.disable(logging.CRITICAL)
    try:
        for visitor, url in forms:
            client = clients[visitor](bucks)
            client.raise_request_exception = False
            names = set(FIELD_NAME.findall(client.get(url).content)) - {
                b"csrfmiddlewaretoken"
            }
            assert names, f"{url} shows no form to {visitor}"
            for label, value in POSTED_VALUES.items():
                data = {name.decode(): [value, value] for name in names}
                status, problem, _ = send(
                    client,
                    "POST",
                    url,
                    data=urlencode(data, doseq=True),
                    content_type="application/x-www-form-urlencoded",
                )
                if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
                    failures.append(f"POST {url} as {visitor} with {label}: {problem}")
    finally:
        logging.disable(logging.NOTSET)
    assert not failures, "\n".join(failures)
