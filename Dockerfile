# syntax=docker/dockerfile:1
# Production image for the SEND Co-production Portal. One image serves the web
# (gunicorn), the Celery worker and Celery beat; see docker-compose.yml.

# --- Front-end build: Node exists only in this stage. ---------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static/scss static/scss
RUN npm run --silent build \
    && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/dist/

# --- Runtime ------------------------------------------------------------------
FROM python:3.11-slim-bookworm

# PYTHONPATH: import the project from /app, not the copy `pip install .` puts in
# site-packages, because settings find templates/ and static/ next to the source.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# WeasyPrint's runtime libraries (PDF generation) and a font for its output.
# Versions come from the pinned Debian release of the base image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 django \
    && useradd --system --uid 1000 --gid django --home-dir /app --no-create-home django

WORKDIR /app

# Dependencies first, in their own layer, so code changes do not reinstall them.
# The production lock pins every package with its hashes.
COPY requirements/production.txt requirements/
RUN pip install --require-hashes -r requirements/production.txt

COPY . .
COPY --from=frontend /build/static/dist static/dist
# Only the project itself, built with the locked setuptools.
RUN pip install --no-deps --no-build-isolation . \
    && rm -rf build ./*.egg-info

# collectstatic needs settings to import; these values exist only for the build
# (nothing connects to the database or Redis here).
RUN DJANGO_SETTINGS_MODULE=sendportal.settings.production \
    DJANGO_SECRET_KEY=build-only \
    DJANGO_ALLOWED_HOSTS=localhost \
    DJANGO_CSRF_TRUSTED_ORIGINS=https://localhost \
    DATABASE_URL=postgres://build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    EMAIL_URL=consolemail:// \
    DJANGO_DEFAULT_FROM_EMAIL=build@localhost \
    SITE_URL=https://localhost \
    python manage.py collectstatic --noinput -v 0

# Uploaded and generated files; a volume is mounted here in docker-compose.yml.
RUN mkdir -p /app/media /app/private_media \
    && chown django:django /app/media /app/private_media

ENV DJANGO_SETTINGS_MODULE=sendportal.settings.production \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private_media

# Numeric, so orchestrators can verify the container does not run as root.
USER 1000:1000
EXPOSE 8000

# Production settings reject unknown hosts and redirect plain HTTP, so the probe
# presents the first allowed host and says it came through the TLS proxy.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.').replace('*', 'localhost') or 'localhost'; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

# Shell form so WEB_CONCURRENCY is read at start; exec so gunicorn gets signals.
CMD ["sh", "-c", "exec gunicorn sendportal.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-5} --timeout 30"]
