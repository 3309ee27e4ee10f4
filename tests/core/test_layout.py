"""Login everywhere, the header (navigation, user, role) and the language switch."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "article_list", "article_import"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_login_page_opens_without_login(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert f'action="{reverse("set_language")}"' in html  # the switch is there before login
    assert 'aria-label="Main"' not in html  # no navigation for anonymous visitors


def test_login_form_logs_in_and_lands_on_dashboard(client, editor):
    response = client.post(
        reverse("login"), {"username": "edith", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_login_goes_back_to_the_page_asked_for(client, editor):
    response = client.post(
        reverse("login") + "?next=/articles/",
        {"username": "edith", "password": "correct-horse-battery", "next": "/articles/"},
    )
    assert response["Location"] == "/articles/"


def test_logout_with_an_expired_session_goes_to_login(client):
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_static_files_need_no_login(live_server):
    import urllib.request

    with urllib.request.urlopen(f"{live_server.url}/static/factcheck/workbench.css") as response:
        assert response.status == 200
        assert b"--accent" in response.read()


def test_anonymous_switches_language_and_stays_on_the_page(client):
    back = reverse("login") + "?next=/articles/"
    response = client.post(reverse("set_language"), {"language": "en", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 300  # remembered, not per browser session
    page = client.get(back)
    assert '<html lang="en">' in page.content.decode()


def test_logged_in_user_switches_to_french_and_back(client_for, editor):
    client = client_for(editor)
    client.post(reverse("set_language"), {"language": "fr", "next": "/articles/"})
    assert '<html lang="fr">' in client.get("/articles/").content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/articles/?q=x"})
    assert response["Location"] == "/articles/?q=x"
    assert '<html lang="en">' in client.get("/articles/").content.decode()


def test_switch_refuses_to_send_the_user_elsewhere(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("name", "current"),
    [("dashboard", "Dashboard"), ("article_list", "Articles"), ("article_import", "Articles")],
)
def test_header_marks_the_current_section(client_for, editor, name, current):
    client = client_for(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse(name)).content.decode()
    assert html.count('aria-current="page"') == 1
    assert f'aria-current="page">{current}</a>' in html


@pytest.mark.parametrize(
    ("fixture", "role"),
    [
        ("viewer", "viewer"),
        ("editor", "editor"),
        ("reviewer", "reviewer"),
        ("admin_user", "administrator"),
    ],
)
def test_header_shows_user_and_role(request, client_for, fixture, role):
    user = request.getfixturevalue(fixture)
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("dashboard")).content.decode()
    assert f'<span class="user-name">{user.get_username()}</span>' in html
    assert f'<span class="role-badge role-{role}">{role}</span>' in html
