"""The safe fetcher against the local web server (tests/web.py): what it fetches, and each of
its refusals, one rule at a time. No test reaches the internet: refused addresses are refused
before any connection, and the others are localhost."""

import pytest

from factcheck.intake.fetching import FetchRefused, fetch, forbidden_address


def refusal(url) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        fetch(url)
    return caught.value


def test_fetches_a_page_with_its_time_status_type_and_hash(web):
    fetched = fetch(web.url("/fr-news.html"))
    assert fetched.status == 200
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert "Tu as dit l’exacte vérité".encode() in fetched.body
    assert len(fetched.sha256) == 64
    assert fetched.fetched_at is not None
    assert fetched.final_url == fetched.url == web.url("/fr-news.html")


def test_plain_text_is_accepted(web):
    assert fetch(web.url("/plain.txt")).content_type == "text/plain"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://localhost/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "gopher://localhost/",
        "data:text/html,<p>x</p>",
    ],
)
def test_only_http_and_https(web, url):
    assert refusal(url).code == "scheme"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "127.1.2.3",
        "10.0.0.1",  # private
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # link-local: the cloud metadata service
        "100.64.0.1",  # shared address space (carrier NAT)
        "0.0.0.0",  # unspecified
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "[::1]",
        "[fe80::1]",
        "[fc00::1]",
        "[::ffff:127.0.0.1]",  # IPv4 inside IPv6
        "[2002:7f00:1::]",  # 6to4 around 127.0.0.1
        "[::]",
        "2130706433",  # 127.0.0.1 written as one number: refused after resolution
        "0x7f.1",
    ],
)
def test_private_local_and_reserved_addresses_are_refused(web, address):
    refused = refusal(f"http://{address}:{web.port}/en-news.html")
    assert refused.code == "address"
    assert "private, local or reserved" in refused.message


def test_a_name_resolving_to_loopback_is_refused_unless_allowed(web, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    refused = refusal(web.url("/en-news.html"))
    assert refused.code == "address"
    assert "“localhost”" in refused.message


def test_public_addresses_pass_the_rule():
    assert not forbidden_address("93.184.215.14")
    assert not forbidden_address("2606:4700::1111")
    assert forbidden_address("::ffff:10.0.0.1")


def test_five_redirects_are_followed(web):
    fetched = fetch(web.url("/redirect/5"))
    assert fetched.final_url == web.url("/en-news.html")
    assert fetched.url == web.url("/redirect/5")


def test_a_sixth_redirect_is_refused(web):
    assert refusal(web.url("/redirect/6")).message == "The page redirects more than 5 times."


@pytest.mark.parametrize(
    ("path", "address"), [("/to-loopback", "127.0.0.1"), ("/to-metadata", "169.254.169.254")]
)
def test_a_redirect_to_a_private_address_is_refused(web, path, address):
    refused = refusal(web.url(path))
    assert refused.code == "address"
    assert refused.message.startswith(f"The page redirects to “{address}”")


def test_a_redirect_to_another_scheme_is_refused(web):
    assert refusal(web.url("/to-ftp")).code == "scheme"


def test_a_redirect_without_location_is_refused(web):
    assert refusal(web.url("/redirect-nowhere")).code == "redirect"


def test_a_page_over_the_cap_is_refused_by_its_declared_size(web):
    assert refusal(web.url("/huge-declared")).message == "The page is larger than 1024 kB."


def test_a_page_over_the_cap_is_refused_while_reading(web):
    assert refusal(web.url("/huge")).code == "size"


def test_a_source_copy_is_cut_at_the_cap_instead(web):
    fetched = fetch(web.url("/huge"), truncate=True)
    assert fetched.truncated
    assert len(fetched.body) == 1024 * 1024


def test_a_server_that_says_nothing_is_given_up(web):
    refused = refusal(web.url("/slow"))
    assert refused.code == "timeout"
    assert refused.message == "The page took longer than 2 seconds to arrive."


def test_a_page_that_trickles_in_is_given_up_at_the_total_timeout(web):
    # Each byte arrives well within any read timeout: only the total deadline stops it.
    assert refusal(web.url("/drip")).code == "timeout"


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/binary", "The page is not HTML or plain text (application/octet-stream)."),
        ("/document.pdf", "The page is not HTML or plain text (application/pdf)."),
        ("/no-type", "The page says nothing of its type; only HTML or plain text is read."),
    ],
)
def test_only_html_and_plain_text(web, path, shown):
    refused = refusal(web.url(path))
    assert refused.code == "type"
    assert refused.message == shown


def test_an_error_status_is_refused(web):
    refused = refusal(web.url("/missing"))
    assert refused.message == "The server answered with HTTP status 404 instead of the page."


def test_a_closed_port_is_unreachable(web, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    assert refusal("http://localhost:1/").code == "unreachable"


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@localhost/",
        "http:///nothing",
        "http://exa mple.org/",
        "http://localhost:99999/",
        "http://localhost/a\x00b",
        "http://localhost/a\r\nHost: evil",
        "",
        "🙂",
        "http://[::1/",
    ],
)
def test_junk_addresses_get_one_sentence(web, url):
    refused = refusal(url)
    assert refused.code in {"credentials", "invalid", "scheme"}
    assert refused.message.endswith(".")


def test_refusals_are_translated(web):
    from django.utils import translation

    with translation.override("fr"):
        assert refusal(web.url("/to-loopback")).message.startswith(
            "La page redirige vers «\u00a0127.0.0.1\u00a0»"
        )
        assert refusal("ftp://x/").message == "Seules les adresses http et https peuvent être lues."
