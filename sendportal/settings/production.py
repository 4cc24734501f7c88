"""Production settings: every secret and host comes from the environment."""

from .base import *  # noqa: F403
from .base import REDIS_URL
from .base import env

DEBUG = False
# Not read from the environment: only the run command's demo may switch it off.
TWO_FACTOR_REQUIRED = True
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# Rate limits and caches must be shared by every web process.
CACHES = {"default": env.cache_url("CACHE_URL", default=REDIS_URL)}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# TLS terminates at the load balancer, which sets X-Forwarded-Proto and adds
# the client's address to X-Forwarded-For (the address the limits on public
# forms and the sign-in lockout count); set TRUSTED_PROXY_COUNT=2 behind a CDN
# and a load balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
