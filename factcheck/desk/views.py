"""The dashboard: what waits for me, what waits for my review, the desk's counts."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from factcheck.core.permissions import can
from factcheck.desk import queries

REVIEW_LIST_LENGTH = 20


@require_GET
def dashboard(request):
    user = request.user
    context = {
        "status_counts": queries.claim_counts_by_status(user),
        "rating_counts": queries.rating_counts(),
        "recently_reviewed": queries.recently_reviewed(),
        "can_check": can(user, "write_verdict"),
        "can_review": can(user, "review_verdict"),
    }
    if context["can_check"]:
        context["my_claims"] = queries.my_open_claims(user)
        context["sent_back"] = queries.sent_back_to(user)
    if context["can_review"]:
        waiting = queries.waiting_for_review_by(user)
        context["waiting_count"] = waiting.count()
        context["waiting"] = waiting[:REVIEW_LIST_LENGTH]
    return render(request, "factcheck/dashboard.html", context)
