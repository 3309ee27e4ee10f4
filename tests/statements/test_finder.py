"""The finder on the seed article and on awkward text: exact offsets, the right speakers."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.statements.finder import (
    DIRECT,
    ORGANISATION,
    PERSON,
    REPORTED,
    KnownSpeaker,
    find_statements,
    quote_spans,
)
from tests.statements.conftest import (
    MUSK,
    PRESIDENCY,
    WHITE_HOUSE,
    known_seed_speakers,
    seed_body,
)

SPEAKERS = [
    KnownSpeaker(1, "Elon Musk", PERSON, ("Musk", "@elonmusk")),
    KnownSpeaker(2, "Maison Blanche", ORGANISATION, ("White House",)),
    KnownSpeaker(3, "Présidence israélienne", ORGANISATION, ("la présidence",)),
]


def by_quote(proposals):
    return {p.quote: p for p in proposals}


def assert_exact(body, proposals):
    for proposal in proposals:
        assert body[proposal.start : proposal.end] == proposal.quote


def test_seed_article_statements_with_their_speakers():
    body = seed_body()
    proposals = find_statements(body, known_seed_speakers())
    assert_exact(body, proposals)
    found = by_quote(proposals)
    assert found[MUSK].speaker.name == "Elon Musk" and found[MUSK].kind == DIRECT
    assert found[WHITE_HOUSE].speaker.name == "Maison Blanche"
    assert found[PRESIDENCY].speaker.name == "Présidence israélienne"
    # Each is the desk's own speaker (its id), not a new one of the same name.
    assert {found[q].speaker.id for q in (MUSK, WHITE_HOUSE, PRESIDENCY)} == {1, 2, 3}


def test_offsets_are_code_points_under_astral_characters():
    body = (
        "🇫🇷👩🏽‍💻 Le ministre 𝔁 a réagi. « C’est 🤯 une honte absolue pour nous tous », "
        "a déclaré Jean Dupont 🙄.\n\n« Nous 👍🏾 ne céderons jamais sur ce point », a ajouté le ministre."
    )
    proposals = find_statements(body)
    assert_exact(body, proposals)
    found = by_quote(proposals)
    assert found["C’est 🤯 une honte absolue pour nous tous"].speaker.name == "Jean Dupont"
    # "le ministre" stands for the last person named.
    assert found["Nous 👍🏾 ne céderons jamais sur ce point"].speaker.name == "Jean Dupont"
    first = body.index("C’est")
    assert found["C’est 🤯 une honte absolue pour nous tous"].start == first


def test_no_break_spaces_crlf_and_combining_accents():
    nbsp, nnbsp = "\u00a0", "\u202f"
    body = (
        f"La Maison Blanche a réagi.\r\n\r\n«{nbsp}Nous ne laisserons pas passer cela{nnbsp}»,"
        " a déclaré la porte-parole.\r\n\r\n"
        + unicodedata.normalize("NFD", "La présidence israélienne")
        + f" a estimé qu’il fallait «{nbsp}agir vite contre la haine en ligne{nbsp}»."
    )
    proposals = find_statements(body, SPEAKERS)
    assert_exact(body, proposals)
    found = by_quote(proposals)
    assert "Nous ne laisserons pas passer cela" in found
    # Combining accents and case: still the desk's speaker.
    assert found["agir vite contre la haine en ligne"].speaker.id == 3


def test_speakers_match_names_and_aliases_without_accents_or_case():
    for written in ("la MAISON BLANCHE", "White house", "la maison blanche"):
        body = f"{written} a dénoncé « une promotion abjecte de la haine en ligne »."
        (proposal,) = find_statements(body, SPEAKERS)
        assert proposal.speaker.id == 2, written
    body = "« Je vais racheter toute la presse du pays », a lancé MUSK."
    assert find_statements(body, SPEAKERS)[0].speaker.id == 1


def test_new_speakers_are_proposed_as_person_or_organisation():
    body = (
        "« Les chiffres sont faux et tout le monde le sait », a déclaré Marie Curiel.\n\n"
        "« Nous porterons plainte dès demain matin », a indiqué le syndicat Sud-Rail.\n\n"
        "Selon le ministère de la Santé, les hôpitaux ne manquent de rien cet hiver."
    )
    found = by_quote(find_statements(body))
    marie = found["Les chiffres sont faux et tout le monde le sait"].speaker
    assert (marie.name, marie.kind, marie.is_new) == ("Marie Curiel", PERSON, True)
    union = found["Nous porterons plainte dès demain matin"].speaker
    assert union.kind == ORGANISATION
    reported = found["les hôpitaux ne manquent de rien cet hiver"]
    assert reported.kind == REPORTED
    assert (reported.speaker.name, reported.speaker.kind) == ("Ministère de la Santé", ORGANISATION)


def test_titles_scare_quotes_and_nested_quotes():
    body = (
        "Le film « Au nom de la terre » a ému. Ses « fake news » aussi. "
        "« Quand on me dit “tout va bien”, je sais que tout va mal », a dit Paul Martin.\n\n"
        'He watched "The Lord Of The Rings Trilogy" again.'
    )
    proposals = find_statements(body)
    assert [p.quote for p in proposals] == [
        "Quand on me dit “tout va bien”, je sais que tout va mal"
    ]


def test_a_quote_running_over_paragraphs_is_one_statement():
    body = (
        "« Nous ne voulons pas d’une Europe qui régule tout.\n\n"
        "« Il faut trouver un équilibre entre protection et innovation », a dit Anne Roy."
    )
    (proposal,) = find_statements(body)
    assert proposal.start == 2 and proposal.quote.endswith("innovation")
    assert proposal.speaker.name == "Anne Roy"


def test_unclosed_quotes_propose_nothing_and_break_nothing():
    body = "« Une phrase jamais fermée qui continue\n\nEt un autre paragraphe « sans fin"
    assert quote_spans(body) == []
    assert find_statements(body) == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list('«»“”"‘’ ,.!?:;\n\r\t\u00a0\u202f\x00é́aAzZ🙂𝔁\u200f\u05d0-—')
            + ["a déclaré ", "said ", "selon ", "according to ", "Elon Musk", "la présidence"]
            + ["Jean Dupont", " que ", "that ", "Le ", "word ", "mot "]
        ),
        max_size=120,
    ).map("".join)
)
def test_any_text_gives_exact_offsets(body):
    proposals = find_statements(body, SPEAKERS)
    assert_exact(body, proposals)
    assert all(p.start < p.end for p in proposals)


def test_decomposed_accents_do_not_shift_who_was_named_last():
    # Thirty-odd combining accents before the quote: a desk name found after it must stay
    # after it, or "il" would stand for Elon Musk, named only later.
    opening = unicodedata.normalize(
        "NFD", "Émile Zola a évoqué à l’hôpital général l’été déjà éprouvé, été après été. "
    )
    body = opening + "« Je reviendrai très bientôt ici », a-t-il dit. Elon Musk a ri."
    (proposal,) = find_statements(body, SPEAKERS)
    assert unicodedata.normalize("NFC", proposal.speaker.name) == "Émile Zola"
