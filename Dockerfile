# The production image: one image for web (gunicorn), the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_DEBUG=0 STATIC_MANIFEST=1 VAR_DIR=/app/var

# WeasyPrint needs Pango; DejaVu gives the serif Cyrillic font of the printed documents.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY config ./config
COPY schools ./schools
COPY roadmaps ./roadmaps
COPY assessments ./assessments
COPY medals ./medals
COPY reports ./reports
COPY templates ./templates
COPY static ./static
COPY manage.py ./
RUN pip install "setuptools>=68,<81" wheel \
 && pip install --no-build-isolation . \
 && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && useradd --create-home app && mkdir -p /app/var/media && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
