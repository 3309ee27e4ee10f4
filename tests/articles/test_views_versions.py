"""The pages of article corrections: the new-version form and its report, the versions list,
one version with its diff, the flags in the claim panel and the orphaned claims' box."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from factcheck.articles.body_versions import replace_body
from factcheck.models import Article, ArticleVersion, Claim
from tests.articles.test_body_versions import corrected

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(seeded):
    return Article.objects.get()


def replace_url(article):
    return reverse("article_replace", args=[article.pk])


def post(client, article, **data):
    data.setdefault("base", 1)
    data.setdefault("note", "")
    return client.post(replace_url(article), data)


def test_the_article_page_offers_a_new_version_to_editors_only(as_role, article):
    url = reverse("article_detail", args=[article.pk])
    client, _ = as_role("editor")
    html = client.get(url).content.decode()
    assert replace_url(article) in html
    assert reverse("article_versions", args=[article.pk]) in html
    client, _ = as_role("viewer")
    html = client.get(url).content.decode()
    assert replace_url(article) not in html
    assert reverse("article_versions", args=[article.pk]) in html


def test_the_form_starts_from_the_latest_version(as_role, article):
    client, _ = as_role("editor")
    response = client.get(replace_url(article))
    assert response.status_code == 200
    assert 'name="base" value="1"' in response.content.decode()


def test_pasting_a_corrected_text_shows_the_report(as_role, article):
    client, editor = as_role("editor")
    new = corrected(article.body).replace("\n", "\r\n")
    response = post(client, article, text=new, note="Correction du 28 novembre")
    version_url = reverse("article_version", args=[article.pk, 2])
    assert response.status_code == 302 and response.url == version_url
    html = client.get(version_url).content.decode()
    assert "Version 2 saved" in html
    assert "2 claims found" in html
    assert "1 quote changed" in html
    assert "1 claim orphaned" in html
    assert "<del>abjecte</del>" in html and "<ins>odieuse</ins>" in html
    version = ArticleVersion.objects.get(article=article, number=2)
    assert (version.note, version.origin, version.created_by) == (
        "Correction du 28 novembre",
        "pasted",
        editor,
    )
    article.refresh_from_db()
    assert article.body == corrected(Article.objects.get().versions.get(number=1).body)
    # Shown once: a reload shows the version without the report, and sends nothing again.
    html = client.get(version_url).content.decode()
    assert "Version 2 saved" not in html and "Changes since version 1" in html


def test_sending_the_form_twice_says_nothing_changed(as_role, article):
    client, _ = as_role("editor")
    new = corrected(article.body)
    assert post(client, article, text=new).status_code == 302
    response = post(client, article, text=new)
    assert response.status_code == 422
    assert "same as the current version" in response.content.decode()
    assert ArticleVersion.objects.filter(article=article).count() == 2


def test_the_report_says_which_claims_went_back_to_review(as_role, article, editor, reviewer):
    from tests.articles.test_body_versions import reviewed
    from tests.articles.test_reanchoring import WHITE_HOUSE

    reviewed(WHITE_HOUSE, author=editor, reviewer=reviewer)
    client, _ = as_role("other_editor")
    post(client, article, text=corrected(article.body))
    html = client.get(reverse("article_version", args=[article.pk, 2])).content.decode()
    assert "1 reviewed claim went back to review." in html
    assert "back in review" in html


def test_an_uploaded_file_is_parsed_like_an_import(as_role, article):
    client, _ = as_role("editor")
    data = (" date 2023-11 " + corrected(article.body)).encode("utf-8-sig")
    upload = SimpleUploadedFile("correction.txt", data, content_type="text/plain")
    response = post(client, article, file=upload, text="")
    assert response.status_code == 302
    version = ArticleVersion.objects.get(article=article, number=2)
    assert version.origin == "correction.txt"
    assert not version.body.startswith("\ufeff") and " date" not in version.body[:10]


def test_a_too_large_file_is_refused_by_its_size(as_role, article, settings):
    settings.ARTICLE_MAX_BYTES = 1024
    client, _ = as_role("editor")
    upload = SimpleUploadedFile("gros.txt", b"a" * 2048, content_type="text/plain")
    response = post(client, article, file=upload, text="", note="Trop gros")
    assert response.status_code == 422
    html = response.content.decode()
    assert "too large" in html
    assert 'value="Trop gros"' in html
    assert ArticleVersion.objects.filter(article=article).count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Paste the corrected text or upload a file."),
        ("   ", "Paste the corrected text or upload a file."),
        ("date 2023-13 Un texte", "bad date marker"),
    ],
)
def test_errors_keep_the_note_and_the_text(as_role, article, text, message):
    client, _ = as_role("editor")
    response = post(client, article, text=text, note="Ce que j’ai vu « changer »")
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert "Ce que j’ai vu « changer »" in html
    assert ArticleVersion.objects.filter(article=article).count() == 1


def test_the_same_text_is_refused_next_to_the_field(as_role, article):
    client, _ = as_role("editor")
    response = post(client, article, text=article.body, note="rien")
    assert response.status_code == 422
    html = response.content.decode()
    assert "same as the current version" in html
    assert "Tu as dit l’exacte vérité" in html  # the text stays in the textarea


def test_a_stale_form_keeps_the_text_and_moves_to_the_new_base(as_role, article, other_editor):
    replace_body(article, body=corrected(article.body), by=other_editor)
    client, _ = as_role("editor")
    mine = article.body + "\n\nMon ajout <b>à moi</b>."
    response = post(client, article, text=mine, note="Ma note", base=1)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone saved version 2" in html
    assert "Mon ajout &lt;b&gt;à moi&lt;/b&gt;." in html
    assert 'name="base" value="2"' in html
    assert ArticleVersion.objects.filter(article=article).count() == 2
    # Saving again from the new base is a deliberate replacement.
    response = post(client, article, text=mine, note="Ma note", base=2)
    assert response.status_code == 302
    assert ArticleVersion.objects.filter(article=article).count() == 3


def test_the_article_page_lists_orphaned_claims_and_does_not_highlight_them(
    as_role, article, editor
):
    replace_body(article, body=corrected(article.body), by=editor)
    musk = Claim.objects.get(anchor=Claim.Anchor.ORPHANED)
    changed = Claim.objects.get(anchor=Claim.Anchor.QUOTE_CHANGED)
    client, _ = as_role("viewer")
    html = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert "Claims not found in the current text" in html
    box = html[html.index('id="orphaned-claims"') :]
    assert reverse("claim_detail", args=[musk.pk]) in box
    assert f'data-claim="{musk.pk}"' not in html
    assert f'data-claim="{changed.pk}"' in html
    assert "quote-changed" in html
    body = client.get(reverse("article_body", args=[article.pk])).content.decode()
    assert "Claims not found in the current text" in body


def test_no_orphan_box_when_every_claim_is_found(as_role, article):
    client, _ = as_role("viewer")
    html = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert "Claims not found in the current text" not in html


def test_the_panel_shows_the_changed_quote_with_its_diff(as_role, article, editor):
    new = corrected(article.body).replace("promotion odieuse", "promotion <i>odieuse</i>")
    replace_body(article, body=new, by=editor)
    changed = Claim.objects.get(anchor=Claim.Anchor.QUOTE_CHANGED)
    client, _ = as_role("editor")
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(reverse("claim_detail", args=[changed.pk]), headers=headers)
        html = response.content.decode()
        assert 'data-role="quote-changed"' in html
        assert "<del>abjecte</del>" in html
        assert "<ins>&lt;i&gt;odieuse&lt;/i&gt;</ins>" in html
        assert "<i>odieuse" not in html
        assert 'data-action="acknowledge-quote"' in html
    client, _ = as_role("viewer")
    html = client.get(reverse("claim_detail", args=[changed.pk])).content.decode()
    assert 'data-role="quote-changed"' in html
    assert 'data-action="acknowledge-quote"' not in html


def test_the_panel_flags_an_orphaned_claim(as_role, article, editor):
    replace_body(article, body=corrected(article.body), by=editor)
    musk = Claim.objects.get(anchor=Claim.Anchor.ORPHANED)
    client, _ = as_role("viewer")
    html = client.get(reverse("claim_detail", args=[musk.pk])).content.decode()
    assert 'data-role="orphaned"' in html


def test_acknowledging_a_changed_quote(as_role, article, editor):
    replace_body(article, body=corrected(article.body), by=editor)
    changed = Claim.objects.get(anchor=Claim.Anchor.QUOTE_CHANGED)
    client, _ = as_role("editor")
    url = reverse("claim_acknowledge_quote", args=[changed.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'data-role="quote-changed"' not in response.content.decode()
    changed.refresh_from_db()
    assert (changed.anchor, changed.quote_before) == (Claim.Anchor.FOUND, "")
    assert client.post(url, headers={"HX-Request": "true"}).status_code == 409


def test_the_versions_list_in_a_fixed_number_of_queries(
    as_role, article, editor, django_assert_max_num_queries
):
    client, _ = as_role("viewer")
    url = reverse("article_versions", args=[article.pk])
    with django_assert_max_num_queries(9) as few:  # 8, and the header’s unread count
        client.get(url)
    body = article.body
    for number in range(2, 12):
        body = f"{body}\n\nAjout numéro {number}."
        replace_body(article, body=body, by=editor, note=f"ajout {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert "ajout 11" in html and ">edith<" in html
    assert html.count("data-version=") == 11


def test_a_version_shows_its_text_and_its_diff_escaped(as_role, article, editor):
    new = corrected(article.body) + "\n\n<script>alert('x')</script> « fin »"
    replace_body(article, body=new, by=editor, note="Note <b>grasse</b>")
    client, _ = as_role("viewer")
    html = client.get(reverse("article_version", args=[article.pk, 2])).content.decode()
    assert "Changes since version 1" in html
    assert "<ins>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; « fin »</ins>" in html
    assert "<del>abjecte</del>" in html
    assert "Note &lt;b&gt;grasse&lt;/b&gt;" in html
    assert "<script>alert" not in html
    first = client.get(reverse("article_version", args=[article.pk, 1])).content.decode()
    assert "Changes since" not in first and "Tu as dit l’exacte vérité" in first
    assert client.get(reverse("article_version", args=[article.pk, 3])).status_code == 404


def test_the_admin_shows_versions_and_keeps_the_body_out_of_reach(client_for, admin_user, article):
    replace_body(article, body=corrected(article.body), by=admin_user, note="Note de version")
    client = client_for(admin_user)
    url = reverse("admin:factcheck_article_change", args=[article.pk])
    html = client.get(url).content.decode()
    assert "Note de version" in html
    assert 'name="body"' not in html
    assert client.get(reverse("admin:factcheck_article_add")).status_code == 200
    assert 'name="body"' in client.get(reverse("admin:factcheck_article_add")).content.decode()


def test_the_claim_history_says_the_quote_changed(as_role, article, editor):
    replace_body(article, body=corrected(article.body), by=editor)
    changed = Claim.objects.get(anchor=Claim.Anchor.QUOTE_CHANGED)
    client, _ = as_role("viewer")
    html = client.get(reverse("claim_detail", args=[changed.pk])).content.decode()
    history = html[html.index('class="history"') :]
    assert "found → quote changed" in history
    assert "edith" in history


def test_a_stale_upload_comes_back_as_text(as_role, article, other_editor):
    replace_body(article, body=corrected(article.body), by=other_editor)
    client, _ = as_role("editor")
    upload = SimpleUploadedFile(
        "v2.txt", (article.body + "\n\nFin « ajoutée ».").encode(), content_type="text/plain"
    )
    response = post(client, article, file=upload, text="", base=1)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Fin « ajoutée »." in html
    assert "Paste the corrected text or upload a file." not in html  # no second, wrong error


def test_a_post_without_a_base_replaces_the_current_version(as_role, article):
    client, _ = as_role("editor")
    response = client.post(replace_url(article), {"text": corrected(article.body)})
    assert response.status_code == 302
    assert ArticleVersion.objects.filter(article=article).count() == 2
