"""Settings for the run command: a zero-configuration portal on this machine."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")

from .base import *  # noqa: F403
from .base import BASE_DIR
from .base import env

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
