"""URLs of the workbench, the admin site and the login pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, register_converter
from django.views.i18n import set_language

from factcheck.api import views as api
from factcheck.articles.views import edit as article_edit
from factcheck.articles.views import listing as articles
from factcheck.articles.views import reading as annotate
from factcheck.articles.views import versions
from factcheck.claims.views import claim as claims
from factcheck.claims.views import links, speakers
from factcheck.claims.views import listing as claim_list
from factcheck.collab.views import notes, queue
from factcheck.collab.views import notifications as notification_views
from factcheck.desk import views as dashboard
from factcheck.exports import views as exports
from factcheck.external.views import links as external_links
from factcheck.external.views import listing as external
from factcheck.intake.views import importing as intake
from factcheck.intake.views import snapshots
from factcheck.statements import views as statements
from factcheck.verdicts.views import corrections, verdicts


class RowId:
    """A row id in a URL: digits whose number fits a 64-bit integer column; a bigger number is
    a 404 rather than an overflow inside the database driver (SQLite's, past 2**63 - 1)."""

    regex = "[0-9]+"
    biggest = 2**63 - 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.biggest:
            raise ValueError("too big for a row id")  # Django then tries no view: a 404
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(RowId, "id")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    # Claims list, search and exports.
    path("claims/", claim_list.claim_list, name="claim_list"),
    path("claims/bulk/", claim_list.claim_bulk, name="claim_bulk"),
    path("claims/export.csv", exports.claims_csv, name="claim_export_csv"),
    path("claims/claimreview.json", exports.claimreview_list, name="claimreview_list"),
    path("claims/<id:pk>/claimreview.json", exports.claimreview_detail, name="claimreview_detail"),
    # Logging out after the session expired must not send the user through the login form.
    path("accounts/logout/", login_not_required(auth_views.LogoutView.as_view()), name="logout"),
    # The language switch is on the login page too, so it must work before logging in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Dashboard and articles.
    path("", dashboard.dashboard, name="dashboard"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/import/", articles.article_import, name="article_import"),
    path("articles/import/url/", intake.article_import_url, name="article_import_url"),
    path("articles/import/fetched/", intake.article_import_fetched, name="article_import_fetched"),
    path("snapshots/<id:pk>/", snapshots.snapshot_detail, name="snapshot_detail"),
    path("snapshots/<id:pk>/raw/", snapshots.snapshot_raw, name="snapshot_raw"),
    path("sources/<id:pk>/snapshot/", snapshots.source_snapshot, name="source_snapshot"),
    path(
        "sources/<id:pk>/snapshot/retry/",
        snapshots.source_snapshot_retry,
        name="source_snapshot_retry",
    ),
    path("articles/<id:pk>/archive/", articles.article_archive, name="article_archive"),
    path("articles/<id:pk>/restore/", articles.article_restore, name="article_restore"),
    # The article page, the claim panel and the review workflow.
    path("ratings.css", annotate.ratings_css, name="ratings_css"),
    path("articles/<id:pk>/", annotate.article_detail, name="article_detail"),
    path("articles/<id:pk>/body/", annotate.article_body, name="article_body"),
    path("articles/<id:pk>/claims/", annotate.mark_claim, name="mark_claim"),
    path("speakers/search/", annotate.speaker_search, name="speaker_search"),
    path("speakers/", speakers.speaker_list, name="speaker_list"),
    path("speakers/<id:pk>/", speakers.speaker_detail, name="speaker_detail"),
    path("articles/<id:pk>/edit/", article_edit.article_edit, name="article_edit"),
    path("claims/<id:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<id:pk>/edit/", claims.claim_edit, name="claim_edit"),
    path("claims/<id:pk>/assign/", claims.claim_assign, name="claim_assign"),
    path("claims/<id:pk>/not-checkable/", claims.claim_not_checkable, name="claim_not_checkable"),
    path("claims/<id:pk>/reopen/", claims.claim_reopen, name="claim_reopen"),
    path("claims/<id:pk>/facts/", claims.claim_facts, name="claim_facts"),
    path("claims/<id:pk>/withdraw/", claims.claim_withdraw, name="claim_withdraw"),
    path("claims/<id:pk>/restore/", claims.claim_restore, name="claim_restore"),
    path("claims/<id:pk>/words/", annotate.claim_move_words, name="claim_move_words"),
    path("claims/<id:pk>/verdict/", verdicts.verdict_save, name="verdict_save"),
    path("claims/<id:pk>/correction/", verdicts.correction_start, name="correction_start"),
    path("verdicts/<id:pk>/submit/", verdicts.verdict_submit, name="verdict_submit"),
    path("verdicts/<id:pk>/approve/", verdicts.verdict_approve, name="verdict_approve"),
    path("verdicts/<id:pk>/send-back/", verdicts.verdict_send_back, name="verdict_send_back"),
    path("verdicts/<id:pk>/sources/", verdicts.source_add, name="source_add"),
    path("sources/<id:pk>/edit/", verdicts.source_edit, name="source_edit"),
    path("sources/<id:pk>/delete/", verdicts.source_delete, name="source_delete"),
    # Article corrections: body versions and claims found again.
    path("articles/<id:pk>/replace/", versions.article_replace, name="article_replace"),
    path("articles/<id:pk>/versions/", versions.article_versions, name="article_versions"),
    path(
        "articles/<id:pk>/versions/<id:number>/",
        versions.article_version,
        name="article_version",
    ),
    path(
        "claims/<id:pk>/acknowledge-quote/",
        versions.claim_acknowledge_quote,
        name="claim_acknowledge_quote",
    ),
    # The corrections log.
    path("corrections/", corrections.correction_list, name="correction_list"),
]

# Links between claims and similar claims (factcheck/claims/views/links.py).
urlpatterns += [
    path("claims/<id:pk>/links/", links.link_add, name="claim_link_add"),
    path("claims/<id:pk>/links/candidates/", links.link_candidates, name="claim_link_candidates"),
    path("claims/<id:pk>/similar/", links.similar_claims, name="claim_similar"),
    path("links/<id:pk>/delete/", links.link_delete, name="claim_link_delete"),
    path("links/<id:pk>/share-verdict/", links.link_share_verdict, name="claim_link_share"),
]

# Statements found in an article, proposed until accepted or dismissed.
urlpatterns += [
    path("articles/<id:pk>/statements/", statements.statement_list, name="statement_list"),
    path(
        "articles/<id:pk>/statements/accept/", statements.statement_accept, name="statement_accept"
    ),
    path(
        "articles/<id:pk>/statements/dismiss/",
        statements.statement_dismiss,
        name="statement_dismiss",
    ),
]

# Notes on claims, followed claims and notifications (factcheck/collab/).
urlpatterns += [
    path("claims/<id:pk>/notes/", notes.note_add, name="claim_note_add"),
    path("claims/<id:pk>/follow/", notes.claim_follow, name="claim_follow"),
    path("claims/<id:pk>/deadline/", queue.claim_deadline, name="claim_deadline"),
    path("people/mentions/", notes.mention_search, name="mention_search"),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path(
        "notifications/settings/",
        notification_views.notification_settings,
        name="notification_settings",
    ),
    path(
        "notifications/read-all/",
        notification_views.notification_read_all,
        name="notification_read_all",
    ),
    path(
        "notifications/<id:pk>/open/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<id:pk>/read/",
        notification_views.notification_read,
        name="notification_read",
    ),
]

# Other desks' fact-checks (factcheck/external/): the list and import, links as "repeats".
urlpatterns += [
    path("external/", external.external_list, name="external_list"),
    path("external/import/", external.external_import, name="external_import"),
    path("claims/<id:pk>/external/", external_links.external_link_add, name="external_link_add"),
    path(
        "external-links/<id:pk>/delete/",
        external_links.external_link_delete,
        name="external_link_delete",
    ),
]

# The API (factcheck/api/): its OpenAPI description at /api/openapi.json, its page at /api/docs.
patterns, app_name, namespace = api.urls()
urlpatterns += [path("api/", include((patterns, app_name), namespace=namespace))]

# Every uncaught error, a middleware's included: a 503 page when the database is unreachable.
handler500 = "factcheck.core.failures.server_error"
