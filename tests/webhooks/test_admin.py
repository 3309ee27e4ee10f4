"""Webhooks in the admin site: endpoints registered with a valid address only, the secret shown
once saved, the delivery log and its attempts, in French and in English, never a 500."""

import pytest
from django.urls import reverse

from factcheck.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint
from factcheck.webhooks.admin import WebhookEndpointAdmin

JUNK_URLS = [
    "",
    "javascript:alert(1)",
    "ftp://cms.example.org/hooks",
    "http://cms.example.org/\x00hooks",
    "file:///etc/passwd",
    "http://",
    "https://exa mple.org/",
    "http://[::1",
    "\u202ehttps://cms.example.org",
    "🔥",
]


def add_form(data):
    from django.contrib.admin import site

    form_class = WebhookEndpointAdmin(WebhookEndpoint, site).get_form(None)
    return form_class(data={"wants_approved": "on", "active": "on", **data})


@pytest.mark.parametrize("url", JUNK_URLS)
def test_the_endpoint_form_refuses_junk_addresses(db, url):
    form = add_form({"url": url})
    assert not form.is_valid()
    assert "url" in form.errors


def test_the_endpoint_form_takes_http_and_https(db):
    for url in ("https://cms.example.org/hooks?k=é", "http://intranet.local:8080/hook"):
        assert add_form({"url": url, "description": "CMS « Une » 📰"}).is_valid()


def test_an_administrator_registers_an_endpoint_and_reads_its_secret(client_for, admin_user):
    client = client_for(admin_user)
    add = reverse("admin:factcheck_webhookendpoint_add")
    assert "secret" not in client.get(add).content.decode().lower().split("<form")[1]
    response = client.post(
        add,
        {"url": "https://cms.example.org/hooks", "description": "CMS", "wants_approved": "on"},
        follow=True,
    )
    hook = WebhookEndpoint.objects.get()
    assert hook.secret.startswith("whsec_") and len(hook.secret) == 70
    assert hook.wants_approved and not hook.wants_corrected and not hook.active
    assert hook.secret in response.content.decode()
    page = client.get(reverse("admin:factcheck_webhookendpoint_change", args=[hook.pk]))
    assert hook.secret in page.content.decode()
    # Junk through the real page: a form error, or the NUL guard's 400, never a 500.
    for url in JUNK_URLS:
        response = client.post(add, {"url": url, "wants_approved": "on"})
        assert response.status_code in (200, 400), url
    assert WebhookEndpoint.objects.count() == 1


def test_the_other_roles_do_not_see_webhooks(client_for, editor, reviewer):
    for user in (editor, reviewer):
        client = client_for(user)
        for name in ("webhookendpoint", "webhookdelivery"):
            response = client.get(reverse(f"admin:factcheck_{name}_changelist"))
            assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    "language, words",
    [
        ("fr", ["Points de réception de webhooks", "Livraisons de webhooks", "Tentative"]),
        ("en", ["Webhook endpoints", "Webhook deliveries", "Attempt"]),
    ],
)
def test_the_admin_pages_render_in_french_and_english(client_for, admin_user, language, words):
    hook = WebhookEndpoint.objects.create(url="https://cms.example.org/h", description="« CMS » ’")
    delivery = WebhookDelivery.objects.create(
        endpoint=hook,
        url=hook.url,
        event_id="6f1c2d3e-0000-4000-8000-000000000001",
        event="verdict.approved",
        body='{"claim": {"quote": "l’exacte vérité « 🔥 »\\u0000"}}',
        state=WebhookDelivery.State.PENDING,
        attempts=1,
    )
    from django.utils import timezone

    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=1,
        started_at=timezone.now(),
        status_code=500,
        response_excerpt="<script>alert(1)</script> ✓",
        error="",
    )
    client = client_for(admin_user)
    client.cookies["django_language"] = language
    pages = [
        reverse("admin:factcheck_webhookendpoint_changelist"),
        reverse("admin:factcheck_webhookendpoint_add"),
        reverse("admin:factcheck_webhookendpoint_change", args=[hook.pk]),
        reverse("admin:factcheck_webhookdelivery_changelist"),
        reverse("admin:factcheck_webhookdelivery_changelist") + "?state=pending&event=x",
        reverse("admin:factcheck_webhookdelivery_change", args=[delivery.pk]),
        reverse("admin:index"),
    ]
    html = ""
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html += response.content.decode()
    for word in words:
        assert word in html
    assert "<script>alert(1)</script>" not in html
    assert "l’exacte vérité « 🔥 »" in html
