"""How well the statement finder does on the labelled corpus (tests/data/statements/): recall
and precision of the statements, speaker accuracy, and the time it takes per article.

    .venv/bin/python bench/finder.py [--verbose]

No database: the finder is pure. --verbose lists every miss, extra and wrong speaker.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.statements.finder import KnownSpeaker, find_statements  # noqa: E402
from tests.statements.corpus import desk_speakers, evaluate, load  # noqa: E402

REPEAT = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    articles = load()
    speakers = desk_speakers()
    score = evaluate(articles, speakers)
    characters = sum(len(a.body) for a in articles)
    began = time.perf_counter()
    for _ in range(REPEAT):
        for article in articles:
            find_statements(article.body, speakers)
    per_article = (time.perf_counter() - began) / REPEAT / len(articles)
    languages = sorted({a.language for a in articles})
    print(f"corpus: {len(articles)} articles ({', '.join(languages)}), {characters:,} characters")
    print(f"statements labelled {score.labels}, proposed {score.proposals}, found {score.found}")
    print(f"recall    {score.recall:.3f}   (aim >= 0.9)")
    print(f"precision {score.precision:.3f}   (aim >= 0.8)")
    print(f"speaker   {score.speaker_accuracy:.3f}   (aim >= 0.8, of the statements found)")
    print(f"exact spans {score.exact}/{score.found}")
    print(f"time      {per_article * 1000:.2f} ms per article")
    # A long article on a big desk: every article of the corpus six times over (the article
    # page shows up to 100,000 characters at once) and 2,000 speakers with two aliases each.
    long_body = "\n\n".join(a.body for a in articles * 6)
    big_desk = speakers + [
        KnownSpeaker(10_000 + n, f"Personne Numéro{n}", "person", (f"Numéro{n}", f"@n{n}"))
        for n in range(2_000)
    ]
    began = time.perf_counter()
    found = find_statements(long_body, big_desk)
    long_seconds = time.perf_counter() - began
    began = time.perf_counter()
    for _ in range(REPEAT):
        for article in articles:
            find_statements(article.body, big_desk)
    short_seconds = (time.perf_counter() - began) / REPEAT
    # Compare per 1,000 characters within this run: the machine's load moves absolute times.
    print(
        f"long     {len(long_body):,} characters, {len(big_desk):,} speakers: "
        f"{long_seconds * 1000:.0f} ms, {len(found)} proposals; "
        f"{long_seconds * 1e6 / len(long_body):.1f} ms per 1,000 characters against "
        f"{short_seconds * 1e6 / characters:.1f} for the corpus's articles on the same desk"
    )
    heldout = [a for a in articles if a.heldout]
    if heldout:
        held = evaluate(heldout, speakers)
        print(
            f"held out ({len(heldout)} articles, {held.labels} statements, not used to tune): "
            f"recall {held.recall:.3f}, precision {held.precision:.3f}, "
            f"speaker {held.speaker_accuracy:.3f}"
        )
    if options.verbose:
        for file, quote in score.misses:
            print(f"MISS   {file}: {quote[:80]!r}")
        for file, quote in score.extras:
            print(f"EXTRA  {file}: {quote[:80]!r}")
        for file, quote, expected, got in score.wrong_speakers:
            print(f"WHO    {file}: {quote[:50]!r} expected {expected!r}, got {got!r}")


if __name__ == "__main__":
    main()
