"""Every vector of the XSS corpus comes out of clean_html as inert, allow-listed markup."""

from html.parser import HTMLParser

import pytest

from factcheck.core.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html
from tests.xss import xss_vectors


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)


def test_the_corpus_is_large_enough():
    assert len(xss_vectors()) >= 60


@pytest.mark.parametrize("vector", xss_vectors())
def test_vector_is_made_inert(vector):
    cleaned = clean_html(vector)
    inspector = Inspector()
    inspector.feed(cleaned)
    inspector.close()
    assert set(inspector.tags) <= ALLOWED_TAGS
    for tag, name, value in inspector.attributes:
        assert name in ALLOWED_ATTRIBUTES.get(tag, []) or (tag, name) == ("a", "rel"), (tag, name)
        if name == "href":
            assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}, value
    # Cleaning is stable: what is stored is what is shown.
    assert clean_html(cleaned) == cleaned
