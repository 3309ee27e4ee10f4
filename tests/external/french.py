"""The browser French check (tests/browser/test_french.py) on server-rendered HTML: the text
nodes and the placeholder, title and aria-label of every element, outside scripts and outside
elements marked in another language, each compared with the English of the French catalogue."""

from html.parser import HTMLParser

from tests.browser.test_french import english_catalogue, english_in

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[list[str]] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped: a script or another language)

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        skipped = (
            self._skipped()
            or tag in ("script", "style", "template")
            or (lang is not None and tag != "html" and not lang.startswith("fr"))
        )
        if not skipped:
            for name in ("placeholder", "title", "aria-label"):
                if (attrs.get(name) or "").strip():
                    self.found.append([name, attrs[name].strip()])
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self._skipped():
            self.found.append(["text", data.strip()])


def english_on(html: str) -> set:
    reader = _Reader()
    reader.feed(html)
    plain, patterns = english_catalogue()
    return english_in(reader.found, plain, patterns)
