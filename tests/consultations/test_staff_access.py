"""Every consultations staff page answers 403 or 404 by the same rule.

The rule is in the docstring of `sendportal/areas/mixins.py`: a stranger to the
area gets 403 whatever the URL names; a member asking for an object that is not
the area's, or a part that is not its parent's, gets 404; a member without the
page's permission gets 403, and nothing changes. The pages are read from the
URL configuration, so a page added later is held to the same rule.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import replace
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import URLPattern
from django.urls import reverse
from django.views import View

from consultations import import_urls
from consultations import staff_urls
from consultations.models import Consultation
from consultations.models import ImportBatch
from consultations.models import Question
from consultations.models import Response
from consultations.models import Survey
from consultations.models import SurveyProposal
from consultations.models import YouSaidWeDid
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from sendportal.audit.models import AuditEvent
from tests.consultations.conftest import make_survey
from tests.consultations.factories import ConsultationFactory
from tests.consultations.factories import ResponseFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.consultations.imports.test_proposal_views import make_proposal
from tests.consultations.imports.test_views import make_batch
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    """One consultations staff route, named `namespace:name`."""

    name: str
    params: tuple[str, ...]
    view_class: type[View]

    @property
    def methods(self) -> list[str]:
        allowed = self.view_class.http_method_names
        return [
            m for m in ("get", "post") if m in allowed and hasattr(self.view_class, m)
        ]

    def __str__(self) -> str:
        return self.name


def pages() -> Iterator[Page]:
    for namespace, patterns in (
        (staff_urls.app_name, staff_urls.urlpatterns),
        (import_urls.app_name, import_urls.urlpatterns),
    ):
        for pattern in patterns:
            assert isinstance(pattern, URLPattern)
            yield Page(
                name=f"{namespace}:{pattern.name}",
                params=tuple(pattern.pattern.converters),
                # as_view() sets view_class; a function view fails here by design
                view_class=pattern.callback.view_class,  # type: ignore[attr-defined]
            )


ALL_PAGES = list(pages())
OBJECT_PAGES = [page for page in ALL_PAGES if page.params]
# What a cabinet member may see: consultations and their summary, nothing else.
CABINET_READS = {
    "consultations_staff:consultation_list",
    "consultations_staff:consultation_detail",
}


@dataclass(frozen=True)
class Objects:
    """A draft consultation with one of each part a staff URL can name."""

    consultation: Consultation
    survey: Survey
    question: Question
    item: YouSaidWeDid
    batch: ImportBatch
    response: Response
    proposal: SurveyProposal

    def url(self, page: Page, area: LocalArea | None = None) -> str:
        """The page's URL for these objects, under `area` (their own by default)."""
        values = {
            "pk": self.consultation.pk,
            "survey_pk": self.survey.pk,
            "question_pk": self.question.pk,
            "item_pk": self.item.pk,
            "response_pk": self.response.pk,
            "file_format": "csv",
            "language": "pl",
            "consultation_pk": self.consultation.pk,
            "index": 1,
        }
        if page.name.startswith(import_urls.app_name):
            values["pk"] = self.batch.pk
        if page.name.startswith(f"{import_urls.app_name}:proposal"):
            values["pk"] = self.proposal.pk
        area = area or self.consultation.area
        kwargs = {"area_slug": area.slug, **{p: values[p] for p in page.params}}
        return reverse(page.name, kwargs=kwargs)


def objects_in(area: LocalArea) -> Objects:
    # The area offers Polish, so that its translation pages exist.
    LocalArea.objects.filter(pk=area.pk).update(languages=["pl"])
    consultation = ConsultationFactory.create(area=area, status="draft")
    survey = make_survey(consultation)
    return Objects(
        consultation=consultation,
        survey=survey,
        question=survey.questions.order_by("sort", "pk")[0],
        item=YouSaidWeDidFactory.create(consultation=consultation),
        batch=make_batch(survey),
        # Agreed to publishing, so that the review page exists.
        response=ResponseFactory.create(survey=survey, publish_consent=True),
        proposal=make_proposal(consultation),
    )


def responses(client: Client, page: Page, url: str) -> Iterator[tuple[str, int]]:
    for method in page.methods:
        yield method, getattr(client, method)(url).status_code


def assert_refused(client: Client, page: Page, urls: list[str], status: int) -> None:
    """Every method of the page answers `status` at each URL, and nothing changes."""
    before = AuditEvent.objects.count(), Question.objects.count()
    for url in urls:
        for method, answer in responses(client, page, url):
            assert answer == status, (method, url)
    assert (AuditEvent.objects.count(), Question.objects.count()) == before


def test_the_pages_read_from_the_url_configuration_include_every_kind() -> None:
    names = {page.name for page in ALL_PAGES}
    assert {
        "consultations_staff:consultation_detail",
        "consultations_staff:question_action",
        "consultations_staff:feedback_update",
        "consultation_imports:import_upload",
        "consultation_imports:batch_undo",
    } <= names
    assert len(OBJECT_PAGES) >= 20


def test_an_officer_reaches_every_page_for_their_own_area(
    users_by_role: dict[str, User | None], area: LocalArea
) -> None:
    """The control for the refusals below: the same URLs do work."""
    objects = objects_in(area)
    client = client_for(users_by_role["officer"])
    for page in ALL_PAGES:
        if "get" in page.methods:
            status = client.get(objects.url(page)).status_code
            assert status in (HTTPStatus.OK, HTTPStatus.FOUND), (page, status)


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=str)
def test_an_officer_naming_another_areas_object_gets_404(
    users_by_role: dict[str, User | None],
    area: LocalArea,
    other_area: LocalArea,
    page: Page,
) -> None:
    elsewhere = objects_in(other_area)
    client = client_for(users_by_role["officer"])
    assert_refused(client, page, [elsewhere.url(page, area=area)], HTTPStatus.NOT_FOUND)


@pytest.mark.parametrize("page", ALL_PAGES, ids=str)
def test_a_stranger_to_the_area_gets_403_whatever_the_url_names(
    users_by_role: dict[str, User | None],
    area: LocalArea,
    other_area: LocalArea,
    page: Page,
) -> None:
    """An officer of another area learns nothing: real and unknown ids alike."""
    own = objects_in(area)
    theirs = objects_in(other_area)
    client = client_for(users_by_role["other_officer"])
    urls = [objects.url(page, area=area) for objects in (own, theirs)]
    assert_refused(client, page, urls, HTTPStatus.FORBIDDEN)


@pytest.mark.parametrize("page", ALL_PAGES, ids=str)
def test_a_cabinet_member_reads_consultations_but_changes_nothing(
    users_by_role: dict[str, User | None], area: LocalArea, page: Page
) -> None:
    objects = objects_in(area)
    client = client_for(users_by_role["cabinet"])
    before = AuditEvent.objects.count()
    for method, status in responses(client, page, objects.url(page)):
        if method == "get" and page.name in CABINET_READS:
            assert status == HTTPStatus.OK
        else:
            assert status == HTTPStatus.FORBIDDEN, method
    assert AuditEvent.objects.count() == before
    objects.consultation.refresh_from_db()
    assert objects.consultation.status == "draft"


def test_a_cabinet_member_sees_the_consultation_page_without_its_actions(
    users_by_role: dict[str, User | None], area: LocalArea
) -> None:
    objects = objects_in(area)
    detail = next(p for p in ALL_PAGES if p.name.endswith(":consultation_detail"))
    publish = next(p for p in ALL_PAGES if p.name.endswith(":consultation_publish"))
    client = client_for(users_by_role["cabinet"])
    page = client.get(objects.url(detail)).content.decode()
    assert objects.consultation.title in page
    assert objects.url(publish) not in page
    assert client.post(objects.url(publish)).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("question_create", "survey"),
        ("question_update", "survey"),
        ("question_update", "question"),
        ("question_action", "question"),
        ("feedback_update", "item"),
    ],
)
def test_a_part_of_another_consultation_in_the_same_area_is_not_found(
    users_by_role: dict[str, User | None], area: LocalArea, name: str, part: str
) -> None:
    mine = objects_in(area)
    sibling = objects_in(area)
    # This consultation's URL, naming one part of the other consultation.
    mixed = replace(mine, **{part: getattr(sibling, part)})
    page = next(p for p in ALL_PAGES if p.name == f"consultations_staff:{name}")
    client = client_for(users_by_role["officer"])
    assert_refused(client, page, [mixed.url(page)], HTTPStatus.NOT_FOUND)
    for method, status in responses(client, page, mine.url(page)):
        assert status != HTTPStatus.NOT_FOUND, method


def test_a_question_page_of_an_opened_consultation_is_refused_on_get_and_post(
    users_by_role: dict[str, User | None], area: LocalArea
) -> None:
    """Questions freeze once families can answer: 403, the same for both methods."""
    objects = objects_in(area)
    Consultation.objects.filter(pk=objects.consultation.pk).update(status="open")
    client = client_for(users_by_role["officer"])
    for name in ("question_create", "question_update", "question_action"):
        page = next(p for p in ALL_PAGES if p.name == f"consultations_staff:{name}")
        assert_refused(client, page, [objects.url(page)], HTTPStatus.FORBIDDEN)
