"""Content Security Policy on every page; login throttling with a clear message."""

from django.urls import reverse


def test_csp_header_forbids_inline_scripts(client_for, editor, seeded):
    response = client_for(editor).get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_login_is_throttled_after_five_failures(client, editor):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "edith", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "edith", "password": "wrong"})
    assert response.status_code == 429
    response = client.post(
        reverse("login"), {"username": "edith", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_login_resets_the_count(client, editor):
    for _ in range(3):
        client.post(reverse("login"), {"username": "edith", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "edith", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
