"""Nothing struck out, and nothing without consent, reaches the public.

A unique sentinel string is put in text an officer struck out of a published
response, in the answer of a response whose respondent said no (an officer
then tries to publish it and is refused), and in a consented response still
waiting for review; the answers are coded to a theme, and each response has
a contact who is emailed. Then every public page of the area is crawled (from
the area's home page, following every link, plus each public URL pattern of
the consultations app, and each planted response's follow page), every
export and PDF read as text, and every email sent ("You said, we did" and
the weekly follow digest) read: the sentinels appear nowhere.
"""

import io
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import NoReverseMatch
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from consultations import publishing
from consultations.models import Consultation
from consultations.models import PublishedAnswer
from consultations.models import QuestionType
from consultations.models import RedactionReason
from consultations.models import Response
from consultations.models import ResponseContact
from consultations.tasks import send_feedback_published
from follow.models import FollowSubscription
from follow.tasks import send_follow_digests
from improvement.models import Action
from improvement.services import action_update_record
from sendportal.accounts.models import User
from strategies.models import Theme
from tests.helpers import client_for
from tests.test_query_fuzz import Rows
from tests.test_query_fuzz import walk

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

STRUCK = "Zqxv-struck-7301"
REFUSED = "Zqxv-refused-7302"
WAITING = "Zqxv-waiting-7303"
SENTINELS = (STRUCK, REFUSED, WAITING)
MAX_PAGES = 4000


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "action", "src") and value:
                self.hrefs.append(value)


def text_of(page) -> str:
    content_type = page.get("Content-Type", "")
    body = b"".join(page.streaming_content) if page.streaming else page.content
    if "pdf" in content_type:
        return "\n".join(
            page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages
        )
    return body.decode("utf-8", "replace")


def free_text_answer(response: Response):
    return response.answers.filter(
        question__question_type=QuestionType.FREE_TEXT, text_value__gt=""
    ).first()


def plant(consultation: Consultation, officer: User) -> None:
    theme = Theme.objects.for_strategy(consultation.strategy).first()
    responses = list(
        Response.objects.filter(consultation=consultation, publish_consent__isnull=True)
        .filter(
            answers__question__question_type=QuestionType.FREE_TEXT,
            answers__text_value__gt="",
        )
        .distinct()
        .order_by("pk")[:3]
    )
    struck, refused, waiting = responses
    for response, sentinel, consent in (
        (struck, STRUCK, True),
        (refused, REFUSED, False),
        (waiting, WAITING, True),
    ):
        Response.objects.filter(pk=response.pk).update(publish_consent=consent)
        response.publish_consent = consent
        answer = free_text_answer(response)
        answer.text_value = f"We told {sentinel} about it and nothing changed."
        answer.save()
        answer.themes.add(theme)
        ResponseContact.objects.update_or_create(
            response=response,
            defaults={
                "email": f"{response.pk}@example.org",
                "consented_at": response.submitted_at,
            },
        )
    answer = free_text_answer(struck)
    start = answer.text_value.index(STRUCK)
    publishing.response_redact(
        response=struck,
        strikes=[
            publishing.Strike(
                answer.pk, start, start + len(STRUCK), RedactionReason.NAME
            )
        ],
        by=officer,
    )
    publishing.response_publish(response=struck, by=officer)
    with pytest.raises(publishing.PublishingRefusedError):
        publishing.response_publish(response=refused, by=officer)
    assert PublishedAnswer.objects.get(answer=answer).text == (
        "We told [name removed] about it and nothing changed."
    )


def public_pattern_urls() -> list[str]:
    """Each public URL pattern filled from the demo, as tests/test_query_fuzz.py
    fills them (staff, sign-in and admin pages left out)."""
    rows = Rows()
    urls = []
    for route, name, _pattern in walk(get_resolver().url_patterns):
        if route.startswith(("staff/", "django-admin/", "accounts/")) or not name:
            continue
        kwargs = rows.kwargs_for(name, route)
        if kwargs is None:
            continue
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except NoReverseMatch:  # a converter the demo's rows do not fit
            urls.append("")
    return [url for url in urls if url]


def crawl(start_urls: list[str], area_slug: str) -> dict[str, str]:
    """Every page reached anonymously from `start_urls` within the area."""
    client = client_for(None)
    seen: set[str] = set()
    queue = deque(start_urls)
    texts: dict[str, str] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        page = client.get(url)
        if page.status_code in (301, 302):
            location = page["Location"]
            if location.startswith(f"/{area_slug}/"):
                queue.append(location)
            continue
        if page.status_code != 200:
            continue
        text = text_of(page)
        texts[url] = text
        if "html" not in page.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(text)
        for href in parser.hrefs:
            href = urldefrag(href.replace("&amp;", "&")).url
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            if href.startswith("?"):
                href = urlsplit(url).path + href
            if href.startswith(f"/{area_slug}/") and href not in seen:
                queue.append(href)
    assert len(seen) < MAX_PAGES, "the crawl did not finish"
    return texts


def test_no_public_page_export_or_email_shows_struck_or_unconsented_text(
    demo_db: None, django_capture_on_commit_callbacks
) -> None:
    consultation = Consultation.objects.get(area__slug="buckinghamshire")
    officer = User.objects.get(email="officer@buckinghamshire.demo")
    plant(consultation, officer)
    area = consultation.area.slug
    listed = reverse(
        "consultations:published_responses",
        kwargs={"area_slug": area, "pk": consultation.pk},
    )
    themes = Theme.objects.for_strategy(consultation.strategy)
    start = [
        f"/{area}/",
        consultation.get_absolute_url(),
        reverse(
            "consultations:feedback_detail",
            kwargs={"area_slug": area, "pk": consultation.pk},
        ),
        listed,
        *[f"{listed}?theme={theme.pk}" for theme in themes],
        # Each planted response's follow page (reached only with its link).
        *[
            response.get_follow_url()
            for response in Response.objects.filter(
                answers__text_value__contains="Zqxv-"
            )
        ],
        *[url for url in public_pattern_urls() if url.startswith(f"/{area}/")],
    ]
    texts = crawl(start, area)
    assert listed in texts
    assert "We told [name removed] about it and nothing changed." in texts[listed]
    assert len(texts) > 30, sorted(texts)
    pdfs = [url for url in texts if url.endswith(".pdf")]
    assert pdfs, "no PDF was read"
    assert all(texts[url].strip() for url in pdfs), "a PDF read as no text"
    leaks = [
        (url, sentinel)
        for url, text in texts.items()
        for sentinel in SENTINELS
        if sentinel in text
    ]
    assert leaks == []

    mail.outbox.clear()
    ResponseContact.objects.filter(response__consultation=consultation).update(
        wants_updates=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_feedback_published(consultation.pk)
    assert mail.outbox, "no email was sent to look in"
    for message in mail.outbox:
        bodies = [message.subject, message.body] + [
            str(content) for content, _type in getattr(message, "alternatives", [])
        ]
        for sentinel in SENTINELS:
            assert all(sentinel not in body for body in bodies), message.to

    # The weekly digest of each planted response, after an action of the
    # planted theme changes.
    mail.outbox.clear()
    planted = Response.objects.filter(answers__text_value__contains="Zqxv-")
    for response in planted:
        FollowSubscription.objects.create(
            response=response,
            email=f"follow-{response.pk}@example.org",
            confirmed_at=timezone.now(),
        )
    action = Action.objects.filter(
        theme_links__theme__answers__response__in=planted
    ).first()
    assert action is not None, "no action responds to the planted theme"
    action_update_record(
        action=action,
        by=officer,
        rag="red",
        status=action.status,
        narrative="A plain update.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_follow_digests() == planted.count()
    assert len(mail.outbox) == planted.count()
    for message in mail.outbox:
        for sentinel in SENTINELS:
            assert sentinel not in f"{message.subject} {message.body}", message.to

    # The staff can still read what was struck (so the test can fail).
    review = client_for(officer).get(
        reverse(
            "consultations_staff:response_review",
            kwargs={
                "area_slug": area,
                "pk": consultation.pk,
                "response_pk": Response.objects.get(
                    answers__text_value__contains=STRUCK
                ).pk,
            },
        )
    )
    assert STRUCK in review.text


def test_a_response_without_consent_never_reaches_the_published_list(
    demo_db: None,
) -> None:
    consultation = Consultation.objects.get(area__slug="buckinghamshire")
    officer = User.objects.get(email="officer@buckinghamshire.demo")
    plant(consultation, officer)
    refused = Response.objects.get(answers__text_value__contains=REFUSED)
    page = client_for(officer).post(
        reverse(
            "consultations_staff:response_review",
            kwargs={
                "area_slug": consultation.area.slug,
                "pk": consultation.pk,
                "response_pk": refused.pk,
            },
        ),
        {"action": "publish"},
    )
    assert page.status_code == 404
    assert not PublishedAnswer.objects.filter(publication__response=refused).exists()
    assert refused.pk not in set(
        PublishedAnswer.objects.published().values_list(
            "publication__response", flat=True
        )
    )
