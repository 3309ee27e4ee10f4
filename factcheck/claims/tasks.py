"""Background work of the claims area, run by the task queue's workers (manage.py db_worker):
the similar-claims comparisons a request or an approval could not finish within its budget."""

from django_tasks import task

from factcheck.claims import similar
from factcheck.models import Claim


@task()
def find_similar(claim_id: int) -> str:
    """Store the reviewed claims that look like the claim's quote (unless already stored)."""
    claim = Claim.objects.filter(pk=claim_id).only("pk", "quote").first()
    if claim is None:
        return "gone"
    if not similar.stored_for_quote(claim):
        similar.refresh(claim)
    return "stored"


@task()
def join_similar(claim_id: int) -> str:
    """The claim was reviewed or reworded: put it in the stored lists of the claims it looks like."""
    claim = Claim.objects.filter(pk=claim_id).only("pk", "quote").first()
    if claim is None:
        return "gone"
    similar.joined(claim)
    return "joined"
