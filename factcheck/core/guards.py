"""Request guards that hold for every page: bad bytes refused, a role required, cache and
browser-feature headers set.

- A NUL character in any query or form parameter is answered 400 before a view runs: no field
  accepts one, and PostgreSQL refuses it in text (an error 500 otherwise).
- A logged-in user with no role (``permissions.can(user, "view")``) sees one page that says so,
  whatever URL they ask for, except the pages that need no login (logging out, the language).
- A logged-in user's responses are ``Cache-Control: private, no-store``: pages and exports hold
  the desk's unpublished work, which no shared cache nor the browser's disk may keep.
- Every response carries a ``Permissions-Policy`` that turns off the browser features the
  workbench never uses.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from factcheck.core.permissions import can

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def _holds_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


class RequestGuardMiddleware:
    """Place after AuthenticationMiddleware (it reads ``request.user``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            response = HttpResponseBadRequest(
                _("The request holds a NUL character, which no field accepts."),
                content_type="text/plain; charset=utf-8",
            )
        else:
            response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        needs_login = getattr(view_func, "login_required", True)
        if needs_login and user.is_authenticated and not can(user, "view"):
            return render(request, "factcheck/no_role.html", status=403)
        return None
