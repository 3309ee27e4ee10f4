"""Finding a quote in a body: exact, disambiguated by context, then tolerant of typography."""

from factcheck.articles.anchoring import find_quote

BODY = (
    "Il a dit « oui ». Puis elle a dit « oui » aussi.\n\n"
    "Le patron de X a répondu : « Tu as dit l’exacte vérité »."
)


def test_exact_quote():
    anchor = find_quote(BODY, "Tu as dit l’exacte vérité")
    assert BODY[anchor.start : anchor.end] == "Tu as dit l’exacte vérité"
    assert anchor.prefix.endswith("répondu : « ")
    assert anchor.suffix.startswith(" ».")


def test_repeated_quote_is_picked_by_its_context():
    first = find_quote(BODY, "oui", prefix="Il a dit « ")
    second = find_quote(BODY, "oui", prefix="elle a dit « ", suffix=" » aussi")
    assert first.start < second.start
    assert BODY[second.start - 12 : second.start] == "elle a dit « "[-12:]


def test_repeated_quote_without_context_uses_the_hint():
    second = BODY.index("oui", BODY.index("oui") + 1)
    assert find_quote(BODY, "oui", hint=second - 2).start == second


def test_straight_apostrophes_and_quotes_find_curly_ones():
    anchor = find_quote(BODY, "Tu as dit l'exacte vérité")
    assert anchor.quote == "Tu as dit l’exacte vérité"
    anchor = find_quote(BODY, 'répondu : "Tu as dit')
    assert anchor.quote == "répondu : « Tu as dit"


def test_whitespace_and_line_breaks_of_a_browser_selection():
    anchor = find_quote(BODY, "aussi.\n\n\n  Le   patron")
    assert anchor.quote == "aussi.\n\nLe patron"
    anchor = find_quote(BODY, "aussi. Le\u00a0patron")
    assert anchor.quote == "aussi.\n\nLe patron"


def test_case_is_forgiven_only_when_nothing_exact_exists():
    assert find_quote(BODY, "TU AS DIT").quote == "Tu as dit"


def test_absent_or_empty_quotes():
    assert find_quote(BODY, "Tu n’as rien dit") is None
    assert find_quote(BODY, "   ") is None
    assert find_quote(BODY, "") is None
