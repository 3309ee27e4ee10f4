"""The XSS corpus in tests/data/xss_vectors.txt, for unit and browser tests."""

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "xss_vectors.txt"


def xss_vectors() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]
