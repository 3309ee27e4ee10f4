"""A URL that fails with an ordinary exception, for the 500 page's test."""

from django.urls import path

from factcheck.urls import handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("boom/", boom)]
