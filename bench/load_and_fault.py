"""Load and fault benchmark: families book and answer while the worker and Redis fail.

Run as `.venv/bin/python bench/load_and_fault.py [--baseline 30] [--fault 60]`
with DATABASE_URL pointing at a local PostgreSQL server. Everything runs on
this machine only (a target other than 127.0.0.1 or localhost is refused):

- its own database, `<DATABASE_URL's name>_loadfault`, dropped, created and
  migrated, with one area, an open consultation (4 questions) closing within
  a week, and an event with more places than the run can book;
- its own redis-server on `--redis-port` (6390; no persistence, as a cache
  and broker that loses its contents when it dies), used as the broker and
  the cache, so stopping it disturbs no other Redis;
- gunicorn (`--web-workers` sync workers, test settings: DEBUG off), a Celery
  worker (prefork, 2 processes) writing emails to files, and the outbox relay
  as beat runs it (`relay_outbox` every second here, and beat's sweep of
  booking emails not sent, `send_missing_booking_emails`, every 10 s with
  STALE_WORK_AFTER=20 s: beat runs it every 5 minutes with 600 s, so the
  bench compresses that recovery into its run).

16 clients (threads), each with its own cookies and X-Forwarded-For (one
trusted proxy; limits raised so the load is not refused as a flood), walk
the consultation journey (start, every question, contact consent with their
own email address, check answers, submit) or book a place, alternately, for
`--baseline` seconds with nothing failing and then `--fault` seconds during
which the Celery worker is SIGKILLed (and started again 5 s later) and Redis
is SIGKILLed and started again empty 20 s later. A POST that fails (no
answer, or a 5xx page) is sent again, the same form with the same token, as
a family pressing the button again would, for up to 90 s.

"Closing soon" runs are asked for just before the worker is killed, just
before Redis is killed and while it is down, and once after the load (as the
next day's run would be): each respondent who asked for updates must get
exactly one "closing soon" email, and each booking exactly one confirmation.
A worker that exits by itself is started again within a second, as the
`restart: unless-stopped` of docker-compose.yml does.

Afterwards it waits (at most `--settle` seconds) for the outbox to empty and
the emails to be recorded, then prints, per phase: journeys the clients saw
confirmed, rows stored for them, lost (confirmed but not stored),
duplicated (one token stored twice, one email address booked twice), emails
expected and written (per recipient: missing, sent twice), 5xx pages,
journeys a second and p50/p99 of the submitting POST. It exits 1 if
anything was lost or duplicated.
"""

import argparse
import datetime
import email
import html.parser
import http.cookiejar
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SLUG = "bench-fault"
CLIENTS = 16
RETRY_FOR = 90.0
REFERENCE = re.compile(r"Your reference number<br><strong>([^<]+)</strong>")


def refuse_unless_local(url: str, what: str) -> None:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in LOCAL_HOSTS:
        sys.exit(f"{what} must be on this machine (127.0.0.1 or localhost), not {host}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="http://127.0.0.1")
    parser.add_argument("--baseline", type=float, default=30)
    parser.add_argument("--fault", type=float, default=60)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--settle", type=float, default=180)
    return parser.parse_args()


ARGS = parse_args()
refuse_unless_local(ARGS.target, "--target")
BASE_DB_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sp")
refuse_unless_local(BASE_DB_URL, "DATABASE_URL")
_db = urllib.parse.urlsplit(BASE_DB_URL)
DB_NAME = f"{_db.path.lstrip('/') or 'sp'}_loadfault"
DB_URL = urllib.parse.urlunsplit(_db._replace(path=f"/{DB_NAME}"))
REDIS_URL = f"redis://127.0.0.1:{ARGS.redis_port}/0"
WORK = Path(tempfile.mkdtemp(prefix="sp-loadfault-"))
MAIL = WORK / "mail"
MAIL.mkdir()

# Every process (this one, gunicorn, the worker, the relay) gets these.
ENV = {
    "DJANGO_SETTINGS_MODULE": "sendportal.settings.test",
    "DATABASE_URL": DB_URL,
    "REDIS_URL": REDIS_URL,
    "CACHE_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "CELERY_TASK_ALWAYS_EAGER": "false",
    "CELERY_SKIP_CHECKS": "1",
    "TRUSTED_PROXY_COUNT": "1",
    "PUBLIC_FORM_POSTS_PER_MINUTE": "100000",
    "PUBLIC_FORM_POSTS_PER_HOUR": "100000",
    "PUBLIC_FORM_POSTS_PER_EMAIL_PER_HOUR": "100000",
    "PUBLIC_ANSWER_POSTS_PER_MINUTE": "100000",
    # A killed worker's task comes back after this (300 s in production).
    "CELERY_VISIBILITY_TIMEOUT": "30",
    "CELERY_TASK_TIME_LIMIT": "25",
    "CELERY_TASK_SOFT_TIME_LIMIT": "20",
    "STALE_WORK_AFTER": "20",
    # A mail server that takes half a second per email, so a run of emails is
    # still going when the worker is killed, and tasks queue up in Redis.
    "TEST_EMAIL_BACKEND": "tests.outbox.mailfiles.SlowFileBackend",
    "TEST_EMAIL_DELAY": "0.5",
    "EMAIL_FILE_PATH": str(MAIL),
    "MEDIA_ROOT": str(WORK / "media"),
    "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
}
os.environ.update(ENV)
sys.path.insert(0, str(ROOT))


def create_database() -> None:
    import psycopg

    admin = urllib.parse.urlunsplit(_db._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


create_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from consultations.models import QuestionType  # noqa: E402
from consultations.models import Response  # noqa: E402
from consultations.models import ResponseContact  # noqa: E402
from consultations.models import SentReminder  # noqa: E402
from consultations.tasks import send_closing_soon  # noqa: E402
from events.models import Booking  # noqa: E402
from sendportal.outbox.models import OutboxTask  # noqa: E402
from sendportal.outbox.services import enqueue  # noqa: E402
from tests.consultations.factories import ConsultationFactory  # noqa: E402
from tests.consultations.factories import OptionFactory  # noqa: E402
from tests.consultations.factories import QuestionFactory  # noqa: E402
from tests.consultations.factories import SurveyFactory  # noqa: E402
from tests.events.factories import EventFactory  # noqa: E402
from tests.factories import DistrictFactory  # noqa: E402
from tests.factories import LocalAreaFactory  # noqa: E402

# --- processes ------------------------------------------------------------


def child_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")} | ENV


def spawn(args: list[str], log: str) -> subprocess.Popen[bytes]:
    out = (WORK / log).open("ab")
    return subprocess.Popen(  # noqa: S603 - this project's own programs, local only
        args,
        cwd=ROOT,
        env=child_env(),
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and its children, as the out-of-memory killer would."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill(process)


def start_redis() -> subprocess.Popen[bytes]:
    process = spawn(
        [
            "redis-server",
            "--port",
            str(ARGS.redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory-policy",
            "noeviction",
        ],
        "redis.log",
    )
    for _ in range(100):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", ARGS.redis_port)) == 0:
                return process
        time.sleep(0.05)
    raise SystemExit("redis-server did not start")


def start_worker() -> subprocess.Popen[bytes]:
    return spawn(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "sendportal",
            "worker",
            "-c",
            "2",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        "worker.log",
    )


RELAY_LOOP = """
import time, django
django.setup()
from django.db import close_old_connections
from sendportal.outbox.services import relay
from events.tasks import send_missing_booking_emails
last_sweep = 0.0
while True:
    close_old_connections()
    try:
        relay()
        if time.monotonic() - last_sweep > 10:
            last_sweep = time.monotonic()
            found = send_missing_booking_emails()
            if found:
                print("sweep", found, flush=True)
    except Exception as error:
        print("relay error", type(error).__name__, flush=True)
    time.sleep(1)
"""


def start_relay() -> subprocess.Popen[bytes]:
    return spawn([sys.executable, "-c", RELAY_LOOP], "relay.log")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_web(port: int) -> subprocess.Popen[bytes]:
    return spawn(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "sendportal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={ARGS.web_workers}",
            "--timeout=60",
            "--log-level=warning",
        ],
        "web.log",
    )


# --- data -------------------------------------------------------------------


@dataclass
class Site:
    start_url: str
    book_url: str
    consultation_id: int
    event_id: int


def build_site() -> Site:
    area = LocalAreaFactory.create(slug=SLUG, name="Bench Fault")
    DistrictFactory.create(area=area, name="North")
    DistrictFactory.create(area=area, name="South")
    consultation = ConsultationFactory.create(
        area=area, closes_at=timezone.now() + datetime.timedelta(days=5)
    )
    survey = SurveyFactory.create(consultation=consultation)
    QuestionFactory.create(survey=survey, text="The plan is clear")
    QuestionFactory.create(survey=survey, text="The plan is ambitious")
    choice = QuestionFactory.create(
        survey=survey,
        text="Which matters most?",
        question_type=QuestionType.SINGLE_CHOICE,
    )
    for label in ("Schools", "Health", "Transport"):
        OptionFactory.create(question=choice, code=label.lower(), label=label)
    QuestionFactory.create(
        survey=survey,
        text="Anything else?",
        question_type=QuestionType.FREE_TEXT,
        required=False,
    )
    event = EventFactory.create(area=area, capacity=100_000)
    kwargs = {"area_slug": SLUG, "pk": consultation.pk, "survey_pk": survey.pk}
    return Site(
        start_url=reverse("consultations:journey_start", kwargs=kwargs),
        book_url=reverse(
            "events:booking_create", kwargs={"area_slug": SLUG, "pk": event.pk}
        ),
        consultation_id=consultation.pk,
        event_id=event.pk,
    )


# --- clients ----------------------------------------------------------------


class FormParser(html.parser.HTMLParser):
    """The fields of the page's main form, and the reference on a done page."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[tuple[str, str]]] = {}
        self.in_form = False
        self.textareas: list[str] = []
        self.strong: list[str] = []
        self._in_strong = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form = True
        elif tag == "input" and self.in_form and a.get("name"):
            self.fields.setdefault(a["name"], []).append(
                (a.get("type", "text"), a.get("value", ""))
            )
        elif tag == "textarea" and self.in_form and a.get("name"):
            self.textareas.append(a["name"])
        elif tag == "strong":
            self._in_strong = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "strong":
            self._in_strong = False

    def handle_data(self, data: str) -> None:
        if self._in_strong and data.strip():
            self.strong.append(data.strip())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Page:
    status: int
    url: str
    body: str
    location: str = ""


@dataclass
class Journey:
    kind: str  # response or booking
    phase: str
    email: str
    token: str = ""  # booking: the form's submission token
    reference: str = ""  # response: the reference shown on the done page
    confirmed: bool = False
    submit_seconds: float = 0.0  # the POST that succeeded
    submit_total: float = 0.0  # from the first press of the button
    retries: int = 0


@dataclass
class Stats:
    journeys: list[Journey] = field(default_factory=list)
    server_errors: Counter[str] = field(default_factory=Counter)
    no_answer: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Family:
    def __init__(self, base: str, number: int, stats: Stats) -> None:
        self.base = base
        self.stats = stats
        self.address = f"198.51.100.{number + 1}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, phase: str, url: str, data: dict[str, Any] | None) -> Page:
        full = url if url.startswith("http") else self.base + url
        headers = {"X-Forwarded-For": self.address}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Referer"] = full
        request = urllib.request.Request(full, data=body, headers=headers)  # noqa: S310 - local only
        try:
            with self.opener.open(request, timeout=60) as answer:
                return Page(answer.status, full, answer.read().decode())
        except urllib.error.HTTPError as error:
            page = Page(
                error.code,
                full,
                error.read().decode(errors="replace"),
                error.headers.get("Location", ""),
            )
            if error.code >= 500:
                with self.stats.lock:
                    self.stats.server_errors[phase] += 1
            return page
        except OSError:
            with self.stats.lock:
                self.stats.no_answer[phase] += 1
            return Page(0, full, "")

    def get(self, phase: str, url: str) -> Page:
        """GET, following redirects; a page that fails is loaded again."""
        started = time.monotonic()
        while True:
            page = self.request(phase, url, None)
            if page.status in (301, 302, 303):
                url = page.location
                continue
            if page.status == 200 or time.monotonic() - started > RETRY_FOR:
                return page
            time.sleep(1)

    def post(
        self, phase: str, url: str, data: dict[str, Any], journey: Journey | None
    ) -> Page:
        """POST until the server answers without failing; the answer (a redirect)."""
        first = time.monotonic()
        while True:
            started = time.monotonic()
            page = self.request(phase, url, data)
            if page.status and page.status < 500:
                if journey is not None:
                    journey.submit_seconds = time.monotonic() - started
                    journey.submit_total = time.monotonic() - first
                return page
            if journey is not None:
                journey.retries += 1
            if time.monotonic() - first > RETRY_FOR:
                return page
            time.sleep(1)

    def answer_form(self, page: Page, email_address: str) -> dict[str, Any]:
        parser = FormParser()
        parser.feed(page.body)
        data: dict[str, Any] = {}
        for name, inputs in parser.fields.items():
            kinds = {kind for kind, _ in inputs}
            if name == "email":
                data[name] = email_address
            elif "radio" in kinds or "checkbox" in kinds:
                values = [value for _, value in inputs]
                # Contact step: "yes" with the family's own address.
                data[name] = "yes" if "yes" in values else values[0]
            elif inputs[0][0] in ("hidden", "text", "number"):
                data[name] = inputs[0][1]
        for name in parser.textareas:
            data[name] = "More help in the holidays, please."
        if "answer" in data and data["answer"] == "" and "inputmode" in page.body:
            data["answer"] = "3"
        return data

    def consultation(self, phase: str, site: Site, n: int) -> Journey:
        journey = Journey("response", phase, f"respond-{phase}-{n}@example.org")
        page = self.get(phase, site.start_url)
        for _ in range(20):
            if page.status != 200:
                return journey
            if page.url.endswith("/check/"):
                data = self.answer_form(page, journey.email)
                answer = self.post(phase, page.url, data, journey)
                if answer.status != 302:
                    return journey
                done = self.get(phase, answer.location)
                shown = REFERENCE.search(done.body)
                if done.status == 200 and shown:
                    journey.reference = shown.group(1).strip()
                    journey.confirmed = True
                return journey
            answer = self.post(
                phase, page.url, self.answer_form(page, journey.email), None
            )
            if answer.status != 302:
                return journey
            page = self.get(phase, answer.location)
        return journey

    def booking(self, phase: str, site: Site, n: int) -> Journey:
        journey = Journey("booking", phase, f"book-{phase}-{n}@example.org")
        page = self.get(phase, site.book_url)
        if page.status != 200:
            return journey
        data = self.answer_form(page, journey.email)
        data.update(
            name=f"Family {n}",
            respondent_type="PARENT_CARER",
            places="1",
            access_requirements="",
        )
        journey.token = data.get("submission_token", "")
        answer = self.post(phase, page.url, data, journey)
        if answer.status == 302 and "/bookings/" in answer.location:
            confirmation = self.get(phase, answer.location)
            journey.confirmed = confirmation.status == 200
        return journey


def run_phase(base: str, site: Site, phase: str, seconds: float, stats: Stats) -> float:
    deadline = time.monotonic() + seconds
    counter = itertools.count()

    def client(number: int) -> None:
        family = Family(base, number, stats)
        for i in itertools.count():
            if time.monotonic() >= deadline:
                return
            n = next(counter)
            walk = family.booking if (number + i) % 2 else family.consultation
            journey = walk(phase, site, n)
            with stats.lock:
                stats.journeys.append(journey)
        close_old_connections()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


# --- faults -------------------------------------------------------------------


class Faults(threading.Thread):
    """Kill the worker at 10 s (back at 15 s); kill Redis at 25 s (back at 45 s).

    A "closing soon" run is asked for at 7 s (its emails are being sent when
    the worker dies), 22 s (its batches wait in Redis when it dies) and 30 s
    (it waits in the outbox for the broker).
    """

    def __init__(self, procs: dict[str, subprocess.Popen[bytes]], site: Site) -> None:
        super().__init__()
        self.procs = procs
        self.site = site
        self.log: list[str] = []
        self.planned_kill = False
        # Set once the run has settled: until then a worker that exits is restarted.
        self.done = threading.Event()

    def at(self, start: float, moment: float) -> None:
        time.sleep(max(0.0, start + moment - time.monotonic()))

    def closing_soon(self, start: float, when: str) -> None:
        with transaction.atomic():
            enqueue(send_closing_soon, self.site.consultation_id)
        close_old_connections()
        self.note(start, f'"closing soon" run asked for {when}')

    def note(self, start: float, what: str) -> None:
        self.log.append(f"{time.monotonic() - start:5.1f} s  {what}")

    def supervise(self, start: float) -> None:
        """Start a worker that exited by itself, as a restart policy would."""
        while not self.done.is_set():
            worker = self.procs["worker"]
            if not self.planned_kill and worker.poll() is not None:
                self.note(
                    start,
                    f"Celery worker exited by itself (code {worker.returncode}); "
                    "started again",
                )
                self.procs["worker"] = start_worker()
            time.sleep(1)

    def run(self) -> None:
        start = time.monotonic()
        threading.Thread(target=self.supervise, args=(start,), daemon=True).start()
        self.at(start, 7)
        self.closing_soon(start, "while the worker runs")
        self.at(start, 10)
        waiting, unacked = broker_backlog()
        self.planned_kill = True
        kill(self.procs["worker"])
        self.note(
            start,
            f"Celery worker SIGKILLed holding {unacked} unacknowledged tasks "
            f"({waiting} queued)",
        )
        self.at(start, 15)
        self.procs["worker"] = start_worker()
        self.planned_kill = False
        self.note(start, "Celery worker started again")
        self.at(start, 24)
        self.closing_soon(start, "just before Redis fails")
        self.at(start, 25)
        waiting, unacked = broker_backlog()
        kill(self.procs["redis"])
        self.note(
            start,
            f"Redis SIGKILLed with {waiting} tasks queued and {unacked} taken "
            "but not acknowledged (all lost with it, as with the cache)",
        )
        self.at(start, 30)
        self.closing_soon(start, "while the broker is down")
        self.at(start, 45)
        self.procs["redis"] = start_redis()
        self.note(start, "Redis started again, empty")


def broker_backlog() -> tuple[int, int]:
    """Tasks queued in Redis, and tasks a worker took but has not acknowledged."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        return int(client.llen("celery")), int(client.hlen("unacked"))
    finally:
        client.close()


# --- counting -------------------------------------------------------------------


def emails_written() -> tuple[Counter[str], Counter[str]]:
    """Booking confirmations and "closing soon" emails written, per recipient."""
    confirmations: Counter[str] = Counter()
    closing: Counter[str] = Counter()
    separator = b"\n" + b"-" * 79 + b"\n"
    for path in MAIL.glob("*.log"):
        for chunk in path.read_bytes().split(separator):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            subject = str(message["Subject"])
            if subject.startswith("Closing soon"):
                closing[str(message["To"])] += 1
            else:
                confirmations[str(message["To"])] += 1
    return confirmations, closing


def settled(site: Site) -> bool:
    close_old_connections()
    if OutboxTask.objects.filter(sent_at__isnull=True).exists():
        return False
    if Booking.objects.filter(
        event_id=site.event_id, confirmation_sent_at__isnull=True
    ).exists():
        return False
    return (
        not ResponseContact.objects.filter(
            response__consultation_id=site.consultation_id, wants_updates=True
        )
        .exclude(reminders__kind="closing_soon")
        .exists()
    )


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(stats: Stats, elapsed: dict[str, float], site: Site, log: str) -> int:
    responses = Counter(
        Response.objects.filter(consultation_id=site.consultation_id).values_list(
            "reference", flat=True
        )
    )
    contacts = Counter(
        ResponseContact.objects.filter(
            response__consultation_id=site.consultation_id
        ).values_list("email", flat=True)
    )
    bookings = list(
        Booking.objects.filter(event_id=site.event_id).values_list(
            "submission_token", "email"
        )
    )
    booking_tokens = Counter(str(token) for token, _ in bookings)
    booking_emails = Counter(address for _, address in bookings)
    confirmations, closing = emails_written()
    reminded = Counter(
        SentReminder.objects.filter(kind="closing_soon").values_list(
            "contact__email", flat=True
        )
    )
    failures = 0
    rows: list[tuple[str, ...]] = []
    figures: dict[str, dict[str, float]] = {}
    for phase in ("baseline", "fault"):
        mine = [j for j in stats.journeys if j.phase == phase]
        done = [j for j in mine if j.confirmed]
        said_booked = [j for j in done if j.kind == "booking"]
        said_sent = [j for j in done if j.kind == "response"]
        lost_bookings = [j for j in said_booked if booking_tokens[j.token] == 0]
        lost_responses = [j for j in said_sent if responses[j.reference] == 0]
        stored_b = sum(1 for _, e in bookings if f"-{phase}-" in e)
        stored_r = sum(1 for e in contacts if f"-{phase}-" in e)
        dup_bookings = sum(
            c - 1 for e, c in booking_emails.items() if f"-{phase}-" in e and c > 1
        )
        dup_responses = sum(
            c - 1 for e, c in contacts.items() if f"-{phase}-" in e and c > 1
        )
        booked_addresses = [e for e in booking_emails if f"-{phase}-" in e]
        contact_addresses = [e for e in contacts if f"-{phase}-" in e]
        missing_conf = sum(1 for e in booked_addresses if confirmations[e] == 0)
        twice_conf = sum(1 for e in booked_addresses if confirmations[e] > 1)
        missing_close = sum(1 for e in contact_addresses if closing[e] == 0)
        twice_close = sum(1 for e in contact_addresses if closing[e] > 1)
        submits = [j.submit_seconds for j in done]
        totals = [j.submit_total for j in done]
        rate = len(done) / elapsed[phase]
        figures[phase] = {
            "rate": rate,
            "p50": percentile(submits, 0.5),
            "p99": percentile(submits, 0.99),
        }
        failures += len(lost_bookings) + len(lost_responses) + dup_bookings
        failures += dup_responses + missing_conf + twice_conf
        failures += missing_close + twice_close
        rows += [
            (phase, "journeys started", str(len(mine))),
            (
                phase,
                "confirmed to the family (bookings / responses)",
                f"{len(said_booked)} / {len(said_sent)}",
            ),
            (phase, "stored (bookings / responses)", f"{stored_b} / {stored_r}"),
            (
                phase,
                "lost: confirmed, not stored",
                f"{len(lost_bookings)} / {len(lost_responses)}",
            ),
            (
                phase,
                "duplicated: one family stored twice",
                f"{dup_bookings} / {dup_responses}",
            ),
            (
                phase,
                "confirmation emails: expected / written / missing / twice",
                f"{len(booked_addresses)} / {sum(confirmations[e] for e in booked_addresses)}"  # noqa: E501
                f" / {missing_conf} / {twice_conf}",
            ),
            (
                phase,
                '"closing soon" emails: expected / written / missing / twice',
                f"{len(contact_addresses)} / {sum(closing[e] for e in contact_addresses)}"  # noqa: E501
                f" / {missing_close} / {twice_close}",
            ),
            (
                phase,
                "5xx pages / requests with no answer",
                f"{stats.server_errors[phase]} / {stats.no_answer[phase]}",
            ),
            (
                phase,
                "POSTs sent again (journeys that needed it)",
                f"{sum(j.retries for j in mine)} ({sum(1 for j in mine if j.retries)})",
            ),
            (phase, "confirmed journeys a second", f"{rate:.2f}"),
            (
                phase,
                "submit POST p50 / p99 (s)",
                f"{figures[phase]['p50']:.3f} / {figures[phase]['p99']:.3f}",
            ),
            (
                phase,
                "first press to confirmation p50 / p99 / max (s)",
                f"{percentile(totals, 0.5):.2f} / {percentile(totals, 0.99):.2f}"
                f" / {max(totals, default=float('nan')):.2f}",
            ),
        ]
    unfinished = [j for j in stats.journeys if not j.confirmed]
    rows.append(
        ("both", "journeys never confirmed to the family", str(len(unfinished)))
    )
    rows.append(
        (
            "both",
            '"closing soon" recorded twice',
            str(sum(c > 1 for c in reminded.values())),
        )
    )
    base, fault = figures["baseline"], figures["fault"]
    rows.append(
        (
            "ratio",
            "fault / baseline: journeys a second, submit p50, p99",
            f"{fault['rate'] / base['rate']:.2f}, {fault['p50'] / base['p50']:.2f}, "
            f"{fault['p99'] / base['p99']:.2f}",
        )
    )
    width = max(len(r[1]) for r in rows)
    for phase, name, value in rows:
        print(f"{phase:9} {name:{width}}  {value}")
    print(log)
    return failures


def main() -> int:
    call_command("migrate", verbosity=0)
    site = build_site()
    port = free_port()
    procs = {"redis": start_redis()}
    procs["web"] = start_web(port)
    procs["worker"] = start_worker()
    procs["relay"] = start_relay()
    base = f"http://127.0.0.1:{port}"
    stats = Stats()
    elapsed: dict[str, float] = {}
    log = ""
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)  # noqa: S310 - local
                break
            except OSError:
                time.sleep(0.2)
        print(f"web {base}, Redis :{ARGS.redis_port}, database {DB_NAME}, files {WORK}")
        # Every gunicorn worker loads its code and templates before timing.
        run_phase(base, site, "warmup", 5, stats)
        elapsed["baseline"] = run_phase(base, site, "baseline", ARGS.baseline, stats)
        faults = Faults(procs, site)
        faults.start()
        elapsed["fault"] = run_phase(base, site, "fault", ARGS.fault, stats)
        faults.join(timeout=60)
        # The next daily run, for respondents who answered after the first.
        with transaction.atomic():
            enqueue(send_closing_soon, site.consultation_id)
        started = time.monotonic()
        while not settled(site) and time.monotonic() - started < ARGS.settle:
            time.sleep(1)
        faults.done.set()
        log = "\n".join(faults.log)
        log += f"\nsettled after {time.monotonic() - started:.0f} s"
        waiting = OutboxTask.objects.filter(sent_at__isnull=True).count()
        log += f" (outbox waiting: {waiting})"
        retried = OutboxTask.objects.filter(attempts__gt=1).count()
        log += f"\noutbox tasks that waited for the broker: {retried}"
        log += "\nphase lengths (to the last journey's end): " + ", ".join(
            f"{phase} {seconds:.0f} s" for phase, seconds in elapsed.items()
        )
        sweeps = (WORK / "relay.log").read_text()
        log += "\nsweep of unsent booking emails: " + (
            ", ".join(line for line in sweeps.splitlines() if "sweep" in line) or "none"
        )
        failures = report(stats, elapsed, site, log)
    finally:
        for name in ("relay", "worker", "web", "redis"):
            stop(procs[name])
    print("FAILED: lost or duplicated" if failures else "OK: 0 lost, 0 duplicated")
    if not failures:
        shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
