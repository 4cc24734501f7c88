"""Settings for the test suite: real PostgreSQL and Redis on localhost."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")

from .base import *  # noqa: F403
from .base import env

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A Celery worker that a test starts writes its emails to files for the test
# to read (tests/outbox/workers.py); the test process keeps them in memory.
EMAIL_BACKEND = env(
    "TEST_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
if env("EMAIL_FILE_PATH", default=""):
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
MEDIA_ROOT = env.path(
    "MEDIA_ROOT", default=str(Path(tempfile.gettempdir()) / "sendportal-test-media")
)
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT",
    default=str(Path(tempfile.gettempdir()) / "sendportal-test-private"),
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# As in production, whatever the shell running the tests exports.
TWO_FACTOR_REQUIRED = True
