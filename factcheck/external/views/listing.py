"""The list of other desks' fact-checks, its search, and the import form (administrators)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from factcheck.core.permissions import can
from factcheck.external import reading, services
from factcheck.external.forms import FeedImportForm, SearchForm
from factcheck.external.parsing import FeedRefused
from factcheck.intake.fetching import FetchRefused
from factcheck.workflow import NotAllowed

PAGE = "factcheck/external_list.html"


def _page(request, *, import_form=None, status=200):
    search = SearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "search_form": search,
        "q": q,
        "reviews": reading.listed(q),
        "total": reading.total(),
        "can_import": can(request.user, "import_external_reviews"),
    }
    if context["can_import"]:
        context["import_form"] = import_form or FeedImportForm()
    return render(request, PAGE, context, status=status)


@require_GET
def external_list(request):
    return _page(request)


@require_POST
def external_import(request):
    if not can(request.user, "import_external_reviews"):
        raise PermissionDenied(_("You are not allowed to import other desks’ fact-checks."))
    form = FeedImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            if "data" in form.cleaned_data:
                done = services.import_feed(data=form.cleaned_data["data"], by=request.user)
            else:
                done = services.import_address(
                    address=form.cleaned_data["address"], by=request.user
                )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.message) from None
        except FeedRefused as refusal:
            form.add_error(None, refusal.message)
        except FetchRefused as refusal:
            form.add_error("address", refusal.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(total)d fact-check imported (%(created)d new, %(updated)d updated).",
                    "%(total)d fact-checks imported (%(created)d new, %(updated)d updated).",
                    done.total,
                )
                % {"total": done.total, "created": done.created, "updated": done.updated},
            )
            return redirect("external_list")
    return _page(request, import_form=form, status=422)
