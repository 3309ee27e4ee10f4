"""URLs of the workbench, the admin site and the login pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from .views import articles, dashboard, placeholders

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    # Logging out after the session expired must not send the user through the login form.
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    # The language switch is on the login page too, so it must work before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Dashboard and articles (issue 3, helper B).
    path("", dashboard.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/import/", articles.article_import, name="article_import"),
    # TEMPORARY (helper B's branch only): a stand-in for helper A's article page, so the import
    # can redirect somewhere; drop this line and views/placeholders.py when merging A's page.
    path("articles/<int:pk>/", placeholders.article_detail, name="article_detail"),
]
