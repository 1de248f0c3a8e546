from celery import shared_task
from django.db import OperationalError

from bureau import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def email_notifications_task(ids: list[int]) -> int:
    return services.email_notifications(ids=ids)
