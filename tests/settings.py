"""Settings for the test suite: the real settings plus a few speed-ups."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production-use"
)
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEY", "dGVzdHMtb25seS1lbmNyeXB0aW9uLWtleS0zMmJ5dGU="
)
os.environ.setdefault("FIELD_HASH_KEY", "dGVzdHMtb25seS1ibGluZC1pbmRleC1rZXktMzJieXQ=")
os.environ.setdefault("DJANGO_HTTPS", "false")

from bureau.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tasks run inline unless a test starts a real worker (tests/test_celery_worker.py),
# which reads the broker from TEST_BROKER_URL.
TEST_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
PRIVATE_MEDIA_ROOT = MEDIA_ROOT = BASE_DIR / "var/test-private"  # noqa: F405

# Several suites can share one database server; each gets its own test database.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": f"test_bureau{os.environ.get('TEST_DB_SUFFIX', '')}"
}
