"""Background work of the intake area, run by the task queue's workers (manage.py db_worker)."""

from django_tasks import task

from factcheck.intake.services import take_snapshot


@task()
def fetch_snapshot(snapshot_id: int) -> str:
    """Fetch a source's page and keep the desk's copy; returns the snapshot's state."""
    snapshot = take_snapshot(snapshot_id)
    return snapshot.state if snapshot is not None else "gone"
