"""URLs of the workbench, the admin site and the login pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from .views import claim_list, exports

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Claims list, search and exports (issue 4).
    path("claims/", claim_list.claim_list, name="claim_list"),
    path("claims/bulk/", claim_list.claim_bulk, name="claim_bulk"),
    path("claims/export.csv", exports.claims_csv, name="claim_export_csv"),
    path("claims/claimreview.json", exports.claimreview_list, name="claimreview_list"),
    path("claims/<int:pk>/claimreview.json", exports.claimreview_detail, name="claimreview_detail"),
]

# Stand-in for issue 3's claim page so links resolve on this branch: the lead drops it on merge.
urlpatterns.append(
    path(
        "claims/<int:pk>/",
        RedirectView.as_view(url="/admin/factcheck/claim/%(pk)s/change/"),
        name="claim_detail",
    )
)
