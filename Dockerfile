# QualityHub production image: gunicorn serving Django, static files through WhiteNoise.
# The same image runs the Celery worker (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    QUALITYHUB_ENV=production

# Pango and HarfBuzz for WeasyPrint's PDFs, and fonts for the text in them.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# collectstatic needs settings but no secrets: a key that exists only in this build step.
RUN SECRET_KEY=collectstatic-build-step-only python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent qualityhub \
    && mkdir -p /app/media \
    && chown qualityhub /app/media
USER qualityhub

EXPOSE 8000
# uvicorn workers (ASGI) for the live pages' event streams; see qualityhub/gunicorn_conf.py.
CMD ["gunicorn", "-c", "qualityhub/gunicorn_conf.py", "qualityhub.asgi:application"]
