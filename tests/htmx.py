"""The test client's header for an htmx request: the fragment a page swaps, not the page."""

HTMX = {"HTTP_HX_REQUEST": "true"}
