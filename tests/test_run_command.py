"""The run command's set-up works on its embedded default, SQLite.

Tests otherwise run on PostgreSQL, where a PostgreSQL-only field, lock or query
would pass unnoticed and break `bin/run` on a fresh machine.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Migrates a new SQLite database and loads the demo in a subprocess.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

VISIT_PAGES = """
from django.test import Client
from sendportal.accounts.models import User
from consultations.models import Consultation
from improvement.models import Plan, ProgressReport
from strategies.models import Strategy

public = Client()
pages = ["/", "/hertfordshire/", "/hertfordshire/events/", "/hertfordshire/consultations/"]
pages += [s.get_absolute_url() for s in Strategy.objects.public()]
staff = Client()
staff.force_login(User.objects.get(email="officer@hertfordshire.demo"))
consultation = Consultation.objects.get(area__slug="hertfordshire", status="open")
staff_pages = [consultation.get_staff_url(), consultation.get_staff_url() + "analysis/"]
cabinet = Client()
cabinet.force_login(User.objects.get(email="cabinet@barnsley.demo"))
report = ProgressReport.objects.get(area__slug="barnsley")
cabinet_pages = [Plan.objects.get(area__slug="barnsley").get_staff_url(), report.get_absolute_url()]
for client, urls in ((public, pages), (staff, staff_pages), (cabinet, cabinet_pages)):
    for url in urls:
        status = client.get(url).status_code
        assert status == 200, (url, status)
print("visited", len(pages) + len(staff_pages) + len(cabinet_pages))
"""


def test_migrate_load_demo_and_pages_work_on_sqlite(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="sendportal.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        CELERY_TASK_ALWAYS_EAGER="true",
        # As bin/run exports it: the demo logins work with the password alone.
        TWO_FACTOR_REQUIRED="false",
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )

    def manage(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
        return result.stdout

    manage("migrate", "--noinput", "-v", "0")
    assert "Demo data loaded." in manage("load_demo")
    assert "visited" in manage("shell", "-c", VISIT_PAGES)


def test_email_links_follow_the_port_served_unless_site_url_is_set() -> None:
    """`bin/run` exports PORT; links in emails must point at that port."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "PORT", "DJANGO_SETTINGS_MODULE"}
    }
    show = "from django.conf import settings; print(settings.SITE_URL)"

    def site_url(**extra: str) -> str:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", f"import django; django.setup(); {show}"],
            env={**env, "DJANGO_SETTINGS_MODULE": "sendportal.settings.local", **extra},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8123", SITE_URL="https://send.example.org") == (
        "https://send.example.org"
    )
