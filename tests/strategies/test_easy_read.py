"""The Easy Read version of a strategy: its audited changes, the staff pages,
the public page and its PDF, and who may see each."""

import io
from http import HTTPStatus
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse
from django.test import Client
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from weasyprint.urls import URLFetcherResponse

from sendportal.accounts.models import User
from sendportal.audit.models import AuditEvent
from sendportal.pdf import StaticOnlyFetcher
from sendportal.pdf import render_pdf_in_process
from strategies import services
from strategies.models import EasyReadSection
from strategies.models import Strategy
from strategies.models import StrategyStatus
from strategies.pdf import easy_read_html
from tests.helpers import client_for
from tests.helpers import staff_url
from tests.strategies.factories import EasyReadSectionFactory
from tests.strategies.factories import StrategyFactory
from tests.test_pdf import image_count as _image_count

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} =SUM(A1)"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def published(area) -> Strategy:
    return StrategyFactory.create(
        area=area, title="Local Offer plan", status=StrategyStatus.IN_CONSULTATION
    )


def _verbs(strategy: Strategy) -> list[str]:
    return list(
        AuditEvent.objects.for_subject(strategy)
        .order_by("created_at", "pk")
        .values_list("verb", flat=True)
    )


def _save(
    strategy: Strategy,
    by: User,
    heading: str,
    *,
    text: str = "Help at home.",
    symbol: str = "",
    alt: str = "",
    upload: SimpleUploadedFile | None = None,
    **options: Any,
) -> EasyReadSection:
    """Add (or, given `section`, change) a section through the service."""
    return services.easy_read_section_save(
        strategy=strategy,
        by=by,
        data={
            "heading": heading,
            "text": text,
            "picture_symbol": symbol,
            "picture_alt": alt,
        },
        picture_image=upload,
        **options,
    )


# Services ---------------------------------------------------------------------


def test_sections_are_added_at_the_end_changed_moved_and_removed_with_audit(
    officer: User, published: Strategy
) -> None:
    first = _save(
        published, officer, "About this plan", text="It is about you.", symbol="person"
    )
    second = _save(
        published, officer, "School", text="Help at school.", symbol="school"
    )
    assert [s.heading for s in published.easy_read_sections.all()] == [
        "About this plan",
        "School",
    ]
    _save(
        published,
        officer,
        "At school",
        text="Help at school.",
        symbol="school",
        section=second,
    )
    services.easy_read_section_move(section=second, up=True, by=officer)
    assert [s.heading for s in published.easy_read_sections.all()] == [
        "At school",
        "About this plan",
    ]
    # Moving the first section up again changes nothing and records nothing.
    services.easy_read_section_move(
        section=EasyReadSection.objects.get(pk=second.pk), up=True, by=officer
    )
    services.easy_read_section_remove(section=first, by=officer)
    assert list(published.easy_read_sections.values_list("heading", flat=True)) == [
        "At school"
    ]
    assert _verbs(published) == [
        "easy_read_section.added",
        "easy_read_section.added",
        "easy_read_section.changed",
        "easy_read_section.moved",
        "easy_read_section.removed",
    ]
    changed = AuditEvent.objects.get(verb="easy_read_section.changed")
    assert changed.changes["heading"] == ["School", "At school"]
    assert changed.actor == officer


def test_an_approved_strategys_easy_read_version_can_still_be_corrected(
    officer: User, area
) -> None:
    strategy = StrategyFactory.create(area=area, approved=True)
    section = _save(
        strategy, officer, "Our plan", text="We made a plan.", symbol="list"
    )
    assert section.pk
    assert strategy.has_easy_read_version()


def test_an_uploaded_picture_replaces_the_old_one_and_can_be_removed(
    officer: User, published: Strategy, media, django_capture_on_commit_callbacks
) -> None:
    data = {
        "heading": "Home",
        "text": "Help at home.",
        "picture_symbol": "",
        "picture_alt": "Our house",
    }
    section = services.easy_read_section_save(
        strategy=published,
        by=officer,
        data=data,
        picture_image=SimpleUploadedFile("house.png", _png()),
    )
    old_name = section.picture_image.name
    assert (media / old_name).is_file()
    with django_capture_on_commit_callbacks(execute=True):
        section = services.easy_read_section_save(
            strategy=published,
            by=officer,
            data=data,
            picture_image=SimpleUploadedFile("house2.png", _png()),
            section=section,
        )
    assert section.picture_image.name != old_name
    assert not (media / old_name).exists()
    assert section.picture is not None
    assert section.picture.alt == "Our house"
    changed = AuditEvent.objects.filter(verb="easy_read_section.changed").get()
    assert changed.changes["picture_image"][0] == old_name
    section = services.easy_read_section_save(
        strategy=published,
        by=officer,
        data={**data, "picture_symbol": "home"},
        remove_picture_image=True,
        section=section,
    )
    section.refresh_from_db()
    assert not section.picture_image
    assert section.picture is not None
    assert section.picture.url.endswith("home.svg")


# Staff pages ------------------------------------------------------------------


def test_an_officer_adds_a_section_with_a_symbol_from_the_strategys_page(
    officer: User, published: Strategy
) -> None:
    client = client_for(officer)
    strategy_page = client.get(published.get_staff_url()).content.decode()
    easy_read_url = staff_url("easy_read", published)
    assert easy_read_url in strategy_page
    add_url = staff_url("easy_read_section_create", published)
    assert add_url in client.get(easy_read_url).content.decode()
    form = client.get(add_url).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert "Happy face" in form
    response = client.post(
        add_url,
        {
            "heading": "Help at school",
            "text": "Teachers will help you.\nThey will listen.",
            "picture_symbol": "school",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    section = published.easy_read_sections.get()
    assert section.sentences == ["Teachers will help you.", "They will listen."]
    page = client.get(easy_read_url).content.decode()
    assert "Help at school" in page
    assert "/static/symbols/school.svg" in page


def test_a_section_needs_a_picture_and_an_upload_needs_a_description(
    officer: User, published: Strategy, media
) -> None:
    client = client_for(officer)
    add_url = staff_url("easy_read_section_create", published)
    page = client.post(add_url, {"heading": "Home", "text": "Help at home."})
    assert page.status_code == HTTPStatus.OK
    assert "Choose a picture or upload your own picture" in page.content.decode()
    page = client.post(
        add_url,
        {
            "heading": "Home",
            "text": "Help at home.",
            "picture_image": SimpleUploadedFile("h.png", _png()),
        },
    )
    assert "Enter a few words saying what your picture shows" in page.content.decode()
    page = client.post(
        add_url,
        {
            "heading": "Home",
            "text": "Help at home.",
            "picture_alt": "A house",
            "picture_image": SimpleUploadedFile("h.png", b"<svg onload=alert(1)>"),
        },
    )
    assert "govuk-error-summary" in page.content.decode()
    assert not published.easy_read_sections.exists()


def test_sections_move_and_are_removed_after_a_confirmation_page(
    officer: User, published: Strategy
) -> None:
    first = EasyReadSectionFactory.create(strategy=published, heading="First")
    second = EasyReadSectionFactory.create(strategy=published, heading="Second")
    client = client_for(officer)
    client.post(
        staff_url("easy_read_section_move", published, section_pk=second.pk),
        {"direction": "up"},
    )
    assert [s.heading for s in published.easy_read_sections.all()] == [
        "Second",
        "First",
    ]
    remove_url = staff_url("easy_read_section_remove", published, section_pk=first.pk)
    confirm = client.get(remove_url).content.decode()
    assert "Remove this Easy Read section?" in confirm
    assert published.easy_read_sections.count() == 2
    client.post(remove_url)
    assert [s.heading for s in published.easy_read_sections.all()] == ["Second"]


def test_a_cabinet_member_reads_the_easy_read_version_but_cannot_change_it(
    users_by_role, published: Strategy
) -> None:
    section = EasyReadSectionFactory.create(strategy=published, heading="Our plan")
    client = client_for(users_by_role["cabinet"])
    page = client.get(staff_url("easy_read", published))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "Our plan" in html
    assert staff_url("easy_read_section_create", published) not in html
    assert "Move up" not in html
    for url in (
        staff_url("easy_read_section_create", published),
        staff_url("easy_read_section_update", published, section_pk=section.pk),
        staff_url("easy_read_section_remove", published, section_pk=section.pk),
    ):
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    move = staff_url("easy_read_section_move", published, section_pk=section.pk)
    assert client.post(move, {"direction": "up"}).status_code == HTTPStatus.FORBIDDEN


def test_another_areas_officer_can_neither_read_nor_change_it(
    users_by_role, published: Strategy
) -> None:
    section = EasyReadSectionFactory.create(strategy=published)
    client = client_for(users_by_role["other_officer"])
    assert (
        client.get(staff_url("easy_read", published)).status_code
        == HTTPStatus.FORBIDDEN
    )
    update = staff_url("easy_read_section_update", published, section_pk=section.pk)
    assert (
        client.post(
            update, {"heading": "x", "text": "y", "picture_symbol": "yes"}
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    section.refresh_from_db()
    assert section.heading != "x"


def test_a_section_of_another_strategy_is_not_found_through_this_one(
    officer: User, published: Strategy, area
) -> None:
    other = EasyReadSectionFactory.create(strategy=StrategyFactory.create(area=area))
    client = client_for(officer)
    url = staff_url("easy_read_section_update", published, section_pk=other.pk)
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# The public page --------------------------------------------------------------


def test_the_public_strategy_page_links_to_the_easy_read_page_and_pdf(
    client: Client, published: Strategy
) -> None:
    assert (
        published.get_easy_read_url()
        not in client.get(published.get_absolute_url()).content.decode()
    )
    EasyReadSectionFactory.create(strategy=published, heading="What this plan is about")
    html = client.get(published.get_absolute_url()).content.decode()
    assert published.get_easy_read_url() in html
    assert published.get_easy_read_pdf_url() in html
    page = client.get(published.get_easy_read_url())
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "What this plan is about" in html
    assert "We will listen to you." in html
    assert "govuk-body-l" in html
    assert 'alt="School"' in html


def test_a_draft_strategys_easy_read_version_is_not_public(
    client: Client, area, users_by_role
) -> None:
    draft = StrategyFactory.create(area=area)
    section = EasyReadSectionFactory.create(strategy=draft)
    for url in (
        draft.get_easy_read_url(),
        draft.get_easy_read_pdf_url(),
        section.picture_image_url()
        or f"{draft.get_easy_read_url()}pictures/{section.pk}/",
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert (
        client_for(users_by_role["other_officer"])
        .get(draft.get_easy_read_url())
        .status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        client_for(users_by_role["cabinet"]).get(draft.get_easy_read_url()).status_code
        == HTTPStatus.OK
    )


def test_a_strategy_without_sections_has_no_easy_read_page(
    client: Client, published: Strategy
) -> None:
    assert client.get(published.get_easy_read_url()).status_code == HTTPStatus.NOT_FOUND


def test_an_uploaded_picture_is_served_only_with_its_strategy(
    client: Client, officer: User, published: Strategy, media
) -> None:
    section = _save(
        published,
        officer,
        "Home",
        alt="Our house",
        upload=SimpleUploadedFile("house.png", _png()),
    )
    url = section.picture_image_url()
    change = client_for(officer).get(
        staff_url("easy_read_section_update", published, section_pk=section.pk)
    )
    assert "Remove the uploaded picture (Our house)" in change.content.decode()
    assert url in client.get(published.get_easy_read_url()).content.decode()
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    published.status = StrategyStatus.DRAFT
    published.save()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_hostile_text_is_shown_as_typed_on_the_page(
    client: Client, published: Strategy
) -> None:
    EasyReadSectionFactory.create(strategy=published, heading=HOSTILE, text=HOSTILE)
    html = client.get(published.get_easy_read_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} =SUM(A1)" in html


# The PDF ----------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _drawing_length(pdf: bytes) -> int:
    """How long the first page's drawing instructions are."""
    contents = PdfReader(io.BytesIO(pdf)).pages[0].get_contents()
    assert contents is not None
    return len(contents.get_data())


def test_the_pdf_is_tagged_and_has_every_heading_and_the_symbols(
    client: Client, published: Strategy, officer: User, media
) -> None:
    EasyReadSectionFactory.create(
        strategy=published, heading="Help at school", picture_symbol="school"
    )
    EasyReadSectionFactory.create(strategy=published, heading=HOSTILE, text=HOSTILE)
    _save(
        published,
        officer,
        "Help at home",
        text="We help at home.",
        alt="Our house",
        upload=SimpleUploadedFile("house.png", _png()),
    )
    response = client.get(published.get_easy_read_pdf_url())
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = response.content
    text = _pdf_text(pdf)
    for heading in ("Help at school", "Help at home", HOSTILE):
        assert heading in text
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.root_object
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    mark_info = catalog["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject)
    assert mark_info["/Marked"]
    assert reader.metadata is not None
    assert (
        reader.metadata.title == f"Easy Read: Local Offer plan {published.period_label}"
    )
    # The uploaded PNG is embedded as an image (the symbols are drawn as vectors).
    assert _image_count(pdf) == 1


class RecordingFetcher(StaticOnlyFetcher):
    """The portal's fetcher, noting what it served."""

    def __init__(self) -> None:
        super().__init__()
        self.served: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        response = super().fetch(url, headers)
        self.served.append(url if url.startswith("https:") else url[:40])
        return response


def test_the_pdf_draws_the_bundled_symbols_and_uploads_and_fetches_nothing_else(
    published: Strategy, officer: User, media
) -> None:
    EasyReadSectionFactory.create(strategy=published, picture_symbol="school")
    _save(
        published,
        officer,
        "Home",
        text="Help.",
        alt="A house",
        upload=SimpleUploadedFile("house.png", _png()),
    )
    fetcher = RecordingFetcher()
    sections = list(published.easy_read_sections.all())
    with_pictures = render_pdf_in_process(easy_read_html(published, sections), fetcher)
    assert fetcher.refused == []
    assert any(url.endswith("symbols/school.svg") for url in fetcher.served)
    assert any(url.startswith("data:image/png;base64,") for url in fetcher.served)
    for section in sections:
        section.picture_symbol = ""
        section.picture_image = ""
    without = render_pdf_in_process(easy_read_html(published, sections))
    # The symbol's shapes are in the page's drawing instructions.
    assert _drawing_length(with_pictures) > _drawing_length(without) + 1000


def test_a_changed_section_gives_a_new_pdf(client: Client, published: Strategy) -> None:
    section = EasyReadSectionFactory.create(strategy=published, heading="Before")
    assert "Before" in _pdf_text(client.get(published.get_easy_read_pdf_url()).content)
    section.heading = "After"
    section.save()
    text = _pdf_text(client.get(published.get_easy_read_pdf_url()).content)
    assert "After" in text
    assert "Before" not in text


def test_an_unchanged_pdf_comes_from_the_cache_and_a_failed_render_says_so(
    client: Client, published: Strategy, settings
) -> None:
    section = EasyReadSectionFactory.create(strategy=published, heading="Kept")
    url = published.get_easy_read_pdf_url()
    first = client.get(url).content
    # Renders now fail (no time to finish), so only a cached file can be served.
    settings.PDF_RENDER_TIMEOUT = 0.001
    assert client.get(url).content == first
    section.heading = "Changed"
    section.save()
    failed = client.get(url, follow=True)
    assert failed.redirect_chain[-1][0] == published.get_easy_read_url()
    assert "the PDF could not be made just now" in failed.content.decode()


def test_the_section_text_is_checked_against_the_easy_read_targets(
    officer: User, published: Strategy
) -> None:
    client = client_for(officer)
    hard = (
        "The local area partnership will commission an integrated multi-agency "
        "pathway ensuring EHCP assessments are completed within statutory timescales."
    )
    page = client.post(
        staff_url("easy_read_section_create", published),
        {
            "heading": "Plans",
            "text": hard,
            "picture_symbol": "list",
            "check_wording": "",
        },
    ).content.decode()
    assert not published.easy_read_sections.exists()
    assert "This is an Easy Read text." in page
    assert "(target 5)" in page
    assert "EHCP" in page
    EasyReadSectionFactory.create(strategy=published, text=hard)
    listing = client.get(staff_url("easy_read", published)).content.decode()
    assert "How easy the wording is to read" in listing
    assert "Easy Read section 1" in listing


def test_a_new_version_starts_with_a_copy_of_the_easy_read_version(
    officer: User, area, media
) -> None:
    approved = StrategyFactory.create(area=area, approved=True)
    EasyReadSectionFactory.create(strategy=approved, heading="Our plan", sort=1)
    _save(
        approved,
        officer,
        "Home",
        alt="A house",
        upload=SimpleUploadedFile("house.png", _png()),
    )
    draft = services.strategy_new_version(strategy=approved, by=officer)
    copies = list(draft.easy_read_sections.all())
    assert [c.heading for c in copies] == ["Our plan", "Home"]
    original = approved.easy_read_sections.get(heading="Home")
    assert copies[1].picture_image.name != original.picture_image.name
    assert (media / copies[1].picture_image.name).read_bytes() == _png()
    assert copies[1].picture_alt == "A house"
