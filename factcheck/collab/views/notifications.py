"""The notifications page: a person's notifications, newest first; open one (it is marked read
and the claim page opens), mark one or all read; and the page of switches per kind."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factcheck.collab import notifications
from factcheck.collab.forms import NotificationSettingsForm

PAGE_SIZE = 50
ITEM = "factcheck/partials/_notification.html"


@require_GET
def notification_list(request):
    page = Paginator(notifications.for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "factcheck/notification_list.html", {"page": page})


@require_POST
def notification_open(request, pk):
    """Mark the notification read and go to its claim."""
    notification = notifications.mark_read(pk, user=request.user)
    if notification is None:
        raise Http404
    return redirect(notification.get_absolute_url())


@require_POST
def notification_read(request, pk):
    notification = notifications.mark_read(pk, user=request.user)
    if notification is None:
        raise Http404
    if request.htmx:
        return render(request, ITEM, {"notification": notification})
    return redirect("notification_list")


@require_POST
def notification_read_all(request):
    count = notifications.mark_all_read(request.user)
    message = ngettext(
        "%(count)d notification marked read.", "%(count)d notifications marked read.", count
    )
    messages.success(request, message % {"count": count})
    return redirect("notification_list")


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    saved = notifications.settings_of(request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            notifications.save_settings(
                request.user,
                enabled=set(form.cleaned_data["enabled"]),
                email=set(form.cleaned_data["email"]),
            )
            messages.success(request, _("Notification settings saved."))
            return redirect("notification_settings")
        status = 422
    else:
        form = NotificationSettingsForm(
            initial={
                "enabled": [kind for kind, s in saved.items() if s.enabled],
                "email": [kind for kind, s in saved.items() if s.email],
            }
        )
        status = 200
    context = {
        "form": form,
        "rows": [(kind, kind.label) for kind in saved],
        "enabled": set(form["enabled"].value() or []),
        "email": set(form["email"].value() or []),
        "has_email": bool(request.user.email),
    }
    return render(request, "factcheck/notification_settings.html", context, status=status)
