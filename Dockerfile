# One image for every process: gunicorn (web), the Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=bureau.settings

# gettext compiles the translations below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 bureau
WORKDIR /app
COPY . .
RUN pip install --editable .

# Translations and static files are part of the image. Settings need these variables
# to load; the placeholder values are never used at run time (.env supplies the real ones).
RUN DJANGO_SECRET_KEY=build-only FIELD_ENCRYPTION_KEY=build-only FIELD_HASH_KEY=build-only \
    DATABASE_URL=postgres://build@localhost/build \
    sh -c "python manage.py compilemessages -v 0 && python manage.py collectstatic --no-input -v 0" \
    && mkdir -p var/private \
    && chown -R bureau:bureau var

USER bureau
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn bureau.wsgi --bind 0.0.0.0:8000 --workers 4 --access-logfile -"]
