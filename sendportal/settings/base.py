"""Settings shared by every environment; values come from the environment."""

import datetime
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

# Internationalisation: the portal serves English local areas, and families
# may read its public pages in another language the portal ships
# (locale/<code>/LC_MESSAGES/django.po). The language is kept in a cookie, set
# by the switcher in the footer (Django's set_language view); addresses stay
# the same in every language.
LANGUAGE_CODE = "en-gb"
# Each language named in itself, as the switcher shows it.
LANGUAGES = [
    ("en-gb", "English"),
    ("pl", "Polski"),
]
# The languages, besides English, an area may offer its consultations in
# (LocalArea.languages): officers translate the questions into them.
CONTENT_LANGUAGES = [code for code, _name in LANGUAGES if code != LANGUAGE_CODE]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
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
    # The admin asks for two-factor authentication too (sendportal.admin_site).
    "sendportal.apps.PortalAdminConfig",
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
LOCAL_APPS = [
    # Cross-cutting apps first: domain apps depend on them, never the reverse.
    "sendportal.areas",
    "sendportal.accounts",
    "sendportal.audit",
    "sendportal.outbox",
    "strategies",
    "consultations",
    "events",
    "improvement",
    "follow",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
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
    # The visitor's language: the switcher's cookie, else the browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Ends a signed-in session after SESSION_IDLE_TIMEOUT or
    # SESSION_ABSOLUTE_TIMEOUT, before the sign-in check below.
    "sendportal.accounts.middleware.StaffSessionMiddleware",
    # New views are private until someone deliberately marks them public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Every page that is not public asks for the second factor first.
    "sendportal.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and messages are known, so the 400 page renders as any.
    "sendportal.security.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
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
                "sendportal.accounts.context_processors.session_timeout",
            ],
            "builtins": [
                "sendportal.govuk_format",
                "sendportal.disclosure",
                "sendportal.translations",
            ],
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
# Easy Read pictures (PNG, JPG, WEBP) are smaller still.
PICTURE_MAX_BYTES = env.int("PICTURE_MAX_BYTES", default=2 * 1024 * 1024)
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
# A survey upload not imported after this many days is discarded, its file
# deleted (nightly, consultations-discard-unconfirmed-imports).
SURVEY_IMPORT_KEEP_UNCONFIRMED_DAYS = env.int(
    "SURVEY_IMPORT_KEEP_UNCONFIRMED_DAYS", default=14
)
# The plain-English check beside officers' public texts (advice, never a
# block): the reading grade to aim under, standard and Easy Read, and the
# sentence length past which a sentence is quoted back.
PLAIN_ENGLISH_GRADE_TARGET = env.float("PLAIN_ENGLISH_GRADE_TARGET", default=9)
PLAIN_ENGLISH_EASY_READ_GRADE_TARGET = env.float(
    "PLAIN_ENGLISH_EASY_READ_GRADE_TARGET", default=5
)
PLAIN_ENGLISH_MAX_SENTENCE_WORDS = env.int(
    "PLAIN_ENGLISH_MAX_SENTENCE_WORDS", default=25
)
PLAIN_ENGLISH_EASY_READ_MAX_SENTENCE_WORDS = env.int(
    "PLAIN_ENGLISH_EASY_READ_MAX_SENTENCE_WORDS", default=15
)
# Every PDF render runs in a child process with these limits.
PDF_RENDER_TIMEOUT = env.int("PDF_RENDER_TIMEOUT", default=60)
PDF_RENDER_MEMORY_BYTES = env.int("PDF_RENDER_MEMORY_BYTES", default=1024**3)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Public forms (sendportal/throttle.py). How many POSTs one client address, and
# one email address typed into a form, may send in each window (count,
# seconds), counted in the cache above: Redis in production, so every web
# process shares the counts. "submit" forms store something or send an email
# (booking, cancelling, sending a consultation response, password reset);
# "answer" forms are a consultation's question pages, kept in the session.
PUBLIC_FORM_LIMITS: dict[str, dict[str, tuple[tuple[int, int], ...]]] = {
    "submit": {
        "address": (
            (env.int("PUBLIC_FORM_POSTS_PER_MINUTE", default=10), 60),
            (env.int("PUBLIC_FORM_POSTS_PER_HOUR", default=60), 60 * 60),
        ),
        "email": (
            (env.int("PUBLIC_FORM_POSTS_PER_EMAIL_PER_HOUR", default=10), 60 * 60),
        ),
    },
    "answer": {
        "address": ((env.int("PUBLIC_ANSWER_POSTS_PER_MINUTE", default=60), 60),),
    },
}
# Emails one address may be sent in a day because of what someone typed into
# a public form (booking confirmations, reminders, consultation updates,
# password resets). News of a cancelled event or of a place freed up is always
# sent, and counted.
PUBLIC_EMAILS_PER_ADDRESS_PER_DAY = env.int(
    "PUBLIC_EMAILS_PER_ADDRESS_PER_DAY", default=20
)
# How many proxies in front of the web processes append the client's address
# to X-Forwarded-For. 0 trusts none of that header (anyone can write it) and
# limits by the connection's own address, REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="SEND Portal <no-reply@sendportal.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that stops answering must not hold a task (and the row it
# records the email on) until the task's time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

SESSION_COOKIE_HTTPONLY = True
# Signed-in sessions end when the browser closes (set at sign-in), after
# SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_ABSOLUTE_TIMEOUT
# seconds after signing in, whatever happens in between. The timeout warning
# opens SESSION_TIMEOUT_WARNING seconds before the end.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_TIMEOUT_WARNING = env.int("SESSION_TIMEOUT_WARNING", default=2 * 60)

# Two-factor authentication (an authentication app, with recovery codes) for
# everyone who signs in. Only the demo of the run command switches it off.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "SEND Co-production Portal"

# Sign-in lockout (django-axes): SIGN_IN_FAILURE_LIMIT wrong passwords for one
# email address from one address lock that pair out for SIGN_IN_LOCKOUT_MINUTES;
# an account (from any address) and an address (for any account) have higher
# limits of their own, so one address cannot lock out someone elsewhere with a
# few tries (sendportal.accounts.lockout).
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
SIGN_IN_ACCOUNT_FAILURE_LIMIT = env.int("SIGN_IN_ACCOUNT_FAILURE_LIMIT", default=20)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env.int("SIGN_IN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=15)
)
AXES_HANDLER = "sendportal.accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "sendportal.accounts.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "sendportal.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "sendportal.accounts.sign_in_views.locked_out"
# Tries during a lockout are refused unchecked and do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A right password clears the wrong ones typed for it from the same address.
AXES_RESET_ON_SUCCESS = True
# No row per successful sign-in: the log line is enough, and keeps no address.
AXES_DISABLE_ACCESS_LOG = True
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
# a task whose worker dies is redelivered rather than lost. The portal's code
# hands every task over through the outbox (sendportal/outbox/services.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task that a killed worker was running goes back to the queue after the
# visibility timeout: short, so the work resumes within minutes. Every task
# must finish well within it (its hard time limit), or the broker would hand
# it to a second worker while it still runs; long work is split into small
# batches instead (tests/test_celery.py). The one exception, the survey
# import, declares that a second delivery is harmless.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=240)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=180)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 600_000
# The restore settings make a worker look for unacknowledged tasks of dead
# workers every 2 s instead of every 100 s (docs/operations.md).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": 2,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The outbox: how often beat relays waiting tasks, how many per round, how
# long a web request waits for the broker before leaving a task to the relay,
# and when /healthz calls the outbox unhealthy (its oldest waiting task, in
# seconds). Sent rows are kept for a week, to look into.
OUTBOX_RELAY_INTERVAL = env.int("OUTBOX_RELAY_INTERVAL", default=20)
OUTBOX_RELAY_BATCH = env.int("OUTBOX_RELAY_BATCH", default=200)
OUTBOX_BROKER_TIMEOUT = env.float("OUTBOX_BROKER_TIMEOUT", default=1.0)
OUTBOX_HEALTHY_MAX_AGE = env.int("OUTBOX_HEALTHY_MAX_AGE", default=120)
OUTBOX_KEEP_SENT_DAYS = env.int("OUTBOX_KEEP_SENT_DAYS", default=7)
# Emails to many people (reminders, a cancelled event) go in tasks of this
# many recipients each.
TASK_BATCH_SIZE = env.int("TASK_BATCH_SIZE", default=20)
# Work that should have finished by now is started again (a report still
# queued or rendering, a booking without its confirmation email, a survey
# import no worker is running); a report that fails this many renders is
# marked failed, for someone to try again.
STALE_WORK_AFTER = env.int("STALE_WORK_AFTER", default=600)
REPORT_RENDER_MAX_ATTEMPTS = env.int("REPORT_RENDER_MAX_ATTEMPTS", default=3)

# Periodic work. Every task is idempotent: an email is sent once however often
# its task runs.
DAILY = 24 * 60 * 60
EVERY_FIVE_MINUTES = 5 * 60
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "outbox-relay": {
        "task": "sendportal.outbox.tasks.relay_outbox",
        "schedule": OUTBOX_RELAY_INTERVAL,
    },
    "outbox-delete-sent": {
        "task": "sendportal.outbox.tasks.delete_sent_outbox_tasks",
        "schedule": DAILY,
    },
    "consultations-remind-closing": {
        "task": "consultations.tasks.remind_closing_consultations",
        "schedule": DAILY,
    },
    "consultations-erase-expired-contacts": {
        "task": "consultations.tasks.erase_expired_contacts",
        "schedule": DAILY,
    },
    "consultations-erase-expired-saved-journeys": {
        "task": "consultations.tasks.erase_expired_saved_journeys",
        "schedule": DAILY,
    },
    "consultations-delete-expired-survey-proposals": {
        "task": "consultations.imports.tasks.delete_expired_survey_proposals",
        "schedule": crontab(hour=3, minute=30),
    },
    "consultations-requeue-stale-imports": {
        "task": "consultations.imports.tasks.requeue_stale_imports",
        "schedule": EVERY_FIVE_MINUTES,
    },
    "consultations-discard-unconfirmed-imports": {
        "task": "consultations.imports.tasks.discard_unconfirmed_imports",
        "schedule": crontab(hour=3, minute=30),
    },
    "events-send-reminders": {
        "task": "events.tasks.send_event_reminders",
        "schedule": 15 * 60,
    },
    "events-send-missing-booking-emails": {
        "task": "events.tasks.send_missing_booking_emails",
        "schedule": EVERY_FIVE_MINUTES,
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
    "follow-weekly-digests": {
        "task": "follow.tasks.send_follow_digests",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon"),
    },
    "follow-erase-expired-subscriptions": {
        "task": "follow.tasks.erase_expired_follow_subscriptions",
        "schedule": DAILY,
    },
    "improvement-delete-stale-imports": {
        "task": "improvement.tasks.delete_stale_imports",
        "schedule": crontab(hour=3, minute=15),
    },
    "improvement-requeue-stale-reports": {
        "task": "improvement.reports.tasks.requeue_stale_reports",
        "schedule": EVERY_FIVE_MINUTES,
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
        # Its lines mask the email and address; sendportal.accounts.sign_in
        # logs each sign-in by user id and address instead.
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["forbidden_without_traceback"]},
        # One line per rendering step of every PDF is noise; warnings stay.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
