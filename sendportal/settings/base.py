"""Settings shared by every environment; values come from the environment."""

from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab

# Lets runtime code use the generic types of django-stubs (ModelAdmin[Model]...).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in emails; by default the address `bin/run` serves on.
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")

# Internationalisation: the portal serves English local areas.
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/sendportal"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

ROOT_URLCONF = "sendportal.urls"
WSGI_APPLICATION = "sendportal.wsgi.application"

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_forms_gds",
    "rules",
    "django_celery_beat",
    "import_export",
]
LOCAL_APPS = [
    # Cross-cutting apps first: domain apps depend on them, never the reverse.
    "sendportal.areas",
    "sendportal.accounts",
    "sendportal.audit",
    "strategies",
    "consultations",
    "events",
    "improvement",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:dashboard"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sendportal.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # New views are private until someone deliberately marks them public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sendportal.context_processors.portal",
            ],
            "builtins": ["sendportal.govuk_format", "sendportal.disclosure"],
        },
    }
]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Files only staff may read (report PDFs): outside MEDIA_ROOT, served by views.
PRIVATE_MEDIA_ROOT = env.path(
    "PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")
)

# Documents attached to strategies are bounded in size.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Spreadsheet uploads (survey and improvement-plan imports): file size, and
# what an XLSX may unpack to before it is refused as a zip bomb.
SPREADSHEET_MAX_BYTES = env.int("SPREADSHEET_MAX_BYTES", default=20 * 1024 * 1024)
SPREADSHEET_MAX_MEMBERS = env.int("SPREADSHEET_MAX_MEMBERS", default=1000)
SPREADSHEET_MAX_UNCOMPRESSED_BYTES = env.int(
    "SPREADSHEET_MAX_UNCOMPRESSED_BYTES", default=300 * 1024 * 1024
)
IMPROVEMENT_IMPORT_MAX_BYTES = env.int(
    "IMPROVEMENT_IMPORT_MAX_BYTES", default=2 * 1024 * 1024
)
# Survey imports longer than this run in the background with a progress bar.
SURVEY_IMPORT_BACKGROUND_ROWS = env.int("SURVEY_IMPORT_BACKGROUND_ROWS", default=1000)
# Every PDF render runs in a child process with these limits.
PDF_RENDER_TIMEOUT = env.int("PDF_RENDER_TIMEOUT", default=60)
PDF_RENDER_MEMORY_BYTES = env.int("PDF_RENDER_MEMORY_BYTES", default=1024**3)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="SEND Portal <no-reply@sendportal.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Forms: GOV.UK Design System markup through crispy-forms-gds.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
CRISPY_GDS_FRONTEND_VERSION = "5.8.0"

# Celery: tasks take ids and are idempotent, so late acknowledgement is safe and
# a task whose worker dies is redelivered rather than lost.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Large survey imports set their own, longer limit (consultations.imports.tasks);
# no task may run longer than this (tests/test_celery.py).
LONGEST_TASK_TIME_LIMIT = 1200
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 600_000
# The visibility timeout must exceed the longest task, or a running task is
# delivered a second time; the restore settings shorten recovery after a crash.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * LONGEST_TASK_TIME_LIMIT,
    "unacked_restore_interval": 2,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic work. Every task is idempotent: an email is sent once however often
# its task runs.
DAILY = 24 * 60 * 60
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "consultations-remind-closing": {
        "task": "consultations.tasks.remind_closing_consultations",
        "schedule": DAILY,
    },
    "consultations-erase-expired-contacts": {
        "task": "consultations.tasks.erase_expired_contacts",
        "schedule": DAILY,
    },
    "events-send-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": 15 * 60,
    },
    "events-erase-booking-personal-data": {
        "task": "events.tasks.erase_booking_personal_data",
        "schedule": DAILY,
    },
    "improvement-update-reminders": {
        "task": "improvement.tasks.send_update_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "improvement-overdue-digests": {
        "task": "improvement.tasks.send_overdue_digests",
        "schedule": crontab(hour=7, minute=45, day_of_week="mon"),
    },
    "improvement-delete-stale-imports": {
        "task": "improvement.tasks.delete_stale_imports",
        "schedule": crontab(hour=3, minute=15),
    },
}
# Bookers' names, emails and access requirements are erased this many days
# after the event ends; the numbers stay.
EVENT_BOOKING_RETENTION_DAYS = env.int("EVENT_BOOKING_RETENTION_DAYS", default=90)
# Reminders go to confirmed bookings this long before an event starts.
EVENT_REMINDER_HOURS_BEFORE = env.int("EVENT_REMINDER_HOURS_BEFORE", default=48)

IMPORT_EXPORT_SKIP_ADMIN_LOG = True

# Demo data: the password of every demo user (printed by the run command).
DEMO_PASSWORD = env("DEMO_PASSWORD", default="send-demo-password")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "filters": {
        "forbidden_without_traceback": {
            "()": "sendportal.logfilters.ForbiddenWithoutTraceback"
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["forbidden_without_traceback"]},
        # One line per rendering step of every PDF is noise; warnings stay.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
