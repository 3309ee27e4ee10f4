"""The finder on the labelled corpus: the aims of bench/finder.py, held by a test."""

from tests.statements.corpus import evaluate, load


def test_corpus_is_varied_and_every_label_stands_in_its_article():
    articles = load()  # raises when a label is not in its text
    assert len(articles) >= 12
    assert {a.language for a in articles} == {"fr", "en"}
    bodies = "".join(a.body for a in articles)
    for trap in ("\r\n", "\u00a0", "«", "“", '"', "😢"):
        assert trap in bodies


def test_recall_precision_and_speakers_reach_their_aims():
    score = evaluate()
    assert score.recall >= 0.9, score.misses
    assert score.precision >= 0.8, score.extras
    assert score.speaker_accuracy >= 0.8, score.wrong_speakers
