"""Background work of the webhooks area: one attempt at one delivery, run by db_worker."""

from django_tasks import task

from factcheck.webhooks import delivery


@task()
def deliver(delivery_id: int, number: int) -> str:
    """Attempt ``number`` of the delivery; returns its state afterwards."""
    return delivery.attempt(delivery_id, number)
