"""Benchmark: flood an event's booking form through gunicorn with a shared Redis.

Run as `.venv/bin/python bench/public_forms_flood.py [--posts N] [--workers W]`
with DATABASE_URL (a throwaway database: it is migrated, and the run's area
is replaced) and REDIS_URL (a throwaway Redis database: it is flushed) set.
It starts gunicorn with W sync workers on a free port (test settings, the
cache in Redis, one trusted proxy), then sends N bookings for a 100-place
event from 16 threads:

1. from one client address, each booking with its own email address;
2. from 50 client addresses (X-Forwarded-For), the same;
3. from 50 client addresses, all with one email address;

and prints, for each, the answers by status, the bookings stored and the
time taken, for docs/performance.md.
"""

import argparse
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendportal.settings.test")
os.environ.setdefault(
    "CACHE_URL", os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
)
os.environ["TRUSTED_PROXY_COUNT"] = "1"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402

from events.models import Booking  # noqa: E402
from events.models import Event  # noqa: E402
from sendportal.areas.models import LocalArea  # noqa: E402
from tests.events.factories import EventFactory  # noqa: E402
from tests.factories import LocalAreaFactory  # noqa: E402

SLUG = "bench-flood"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def new_event() -> Event:
    Event.objects.filter(area__slug=SLUG).delete()
    area = LocalArea.objects.filter(slug=SLUG).first() or LocalAreaFactory.create(
        slug=SLUG, name="Bench Flood"
    )
    return EventFactory.create(area=area, capacity=100)


def book(base: str, event: Event, n: int, client: str, email: str) -> int:
    """GET the form (CSRF cookie and token), then POST a booking; the status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect()
    )
    url = f"{base}/{SLUG}/events/{event.pk}/book/"
    headers = {"X-Forwarded-For": client}
    get = urllib.request.Request(url, headers=headers)  # noqa: S310 - http://127.0.0.1 only
    page = opener.open(get).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    submission = re.search(r'name="submission_token" value="([^"]+)"', page)
    assert token
    assert submission
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "submission_token": submission.group(1),
            "name": f"Flood {n}",
            "email": email,
            "respondent_type": "PARENT_CARER",
            "places": "1",
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        url, data=data, headers=headers | {"Referer": url}, method="POST"
    )
    try:
        return int(opener.open(request).status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def run(base: str, posts: int, label: str, client, email) -> None:
    event = new_event()
    cache.clear()
    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        statuses = Counter(
            pool.map(lambda n: book(base, event, n, client(n), email(n)), range(posts))
        )
    elapsed = time.monotonic() - started
    stored = Booking.objects.filter(event=event)
    print(
        f"{label}: {posts} POSTs in {elapsed:.1f} s; answers {dict(statuses)}; "
        f"stored {stored.count()} ({stored.filter(status='confirmed').count()} "
        f"confirmed, {stored.filter(status='waiting').count()} waiting)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    port = free_port()
    env = os.environ | {"CELERY_TASK_ALWAYS_EAGER": "true"}
    server = subprocess.Popen(  # noqa: S603 - this project's own gunicorn
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "sendportal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={args.workers}",
            "--log-level=error",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz")  # noqa: S310 - local
                break
            except OSError:
                time.sleep(0.2)
        run(base, args.posts, "one address", lambda n: "203.0.113.7", _email)
        run(base, args.posts, "50 addresses", _fifty, _email)
        run(
            base,
            args.posts,
            "50 addresses, one email",
            _fifty,
            lambda n: "victim@example.org",
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        Event.objects.filter(area__slug=SLUG).delete()


def _email(n: int) -> str:
    return f"flood{n}@example.org"


def _fifty(n: int) -> str:
    return f"198.51.100.{n % 50}"


if __name__ == "__main__":
    main()
