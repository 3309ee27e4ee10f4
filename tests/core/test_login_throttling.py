"""Login throttling behind the load balancer: the real client is locked out, nobody else."""

import pytest
from django.urls import reverse

from factcheck.core.throttling import client_ip
from tests.factories import UserFactory

BALANCER = "10.0.0.2"  # REMOTE_ADDR of every request that comes through the proxy
PASSWORD = "correct-horse-battery"


@pytest.fixture
def behind_proxy(settings):
    settings.PROXY_COUNT = 1


@pytest.fixture
def admin_account(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def attempt(client, username, password, forwarded_for=None, remote=BALANCER):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("dashboard")


def locked(response) -> bool:
    return response.status_code == 429 and b"Too many attempts" in response.content


def test_five_wrong_passwords_behind_the_proxy_lock_only_the_sender(
    behind_proxy, admin_account, client
):
    attacker, colleague = "203.0.113.5", "198.51.100.7"
    for _ in range(4):
        assert attempt(client, "admin", "wrong", attacker).status_code == 200
    assert locked(attempt(client, "admin", "wrong", attacker))  # the fifth locks
    assert locked(attempt(client, "admin", PASSWORD, attacker))
    # The same account from another client of the same balancer logs in.
    assert logged_in(attempt(client, "admin", PASSWORD, colleague))


def test_a_spoofed_leftmost_entry_does_not_pick_another_clients_address(
    behind_proxy, admin_account, client
):
    victim, attacker = "198.51.100.7", "203.0.113.66"
    # The attacker writes the victim's address; the balancer appends the attacker's real one.
    for _ in range(6):
        attempt(client, "admin", "wrong", f"{victim}, {attacker}")
    assert locked(attempt(client, "admin", PASSWORD, f"{victim}, {attacker}"))
    assert logged_in(attempt(client, "admin", PASSWORD, victim))


def test_spraying_one_password_over_many_names_locks_the_address(
    behind_proxy, settings, admin_account, client
):
    sprayer, colleague = "203.0.113.9", "198.51.100.20"
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    UserFactory(username="sprayer")  # an account of the sprayer's own
    for n in range(limit - 1):
        attempt(client, f"name{n} é🎉", "Printemps2026!", sprayer)
    # A successful login to the sprayer's own account does not wipe the address's count.
    assert logged_in(attempt(client, "sprayer", PASSWORD, sprayer))
    client.logout()
    assert locked(attempt(client, "one-more", "Printemps2026!", sprayer))
    assert locked(attempt(client, "admin", PASSWORD, sprayer))
    assert logged_in(attempt(client, "admin", PASSWORD, colleague))


def test_without_a_proxy_the_header_is_ignored(admin_account, client):
    for n in range(5):
        attempt(client, "admin", "wrong", f"192.0.2.{n}", remote="203.0.113.5")
    assert locked(attempt(client, "admin", PASSWORD, "192.0.2.200", remote="203.0.113.5"))


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, " 198.51.100.7 ,203.0.113.5 ", "203.0.113.5"),
        (2, "198.51.100.7, 203.0.113.5, 10.0.0.9", "203.0.113.5"),
        (1, "2001:DB8::1", "2001:db8::1"),
        (1, "", BALANCER),  # not through the proxy: the peer is all that is known
        (2, "203.0.113.5", BALANCER),
        (1, "unknown", BALANCER),
        (1, "203.0.113.5\x00", BALANCER),
        (1, "‏203.0.113.5", BALANCER),
        (0, "203.0.113.5", BALANCER),
    ],
)
def test_client_ip_reads_the_entry_the_trusted_proxies_wrote(
    settings, rf, proxies, forwarded_for, expected
):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=forwarded_for)
    assert client_ip(request) == expected
