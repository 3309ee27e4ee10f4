"""``manage.py import_article``: good files import, bad ones say why and write nothing."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from factcheck.models import Article

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_6beb8dc5a699d974.txt"


@pytest.fixture
def write(tmp_path):
    def write(content: bytes, name="article.txt") -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


def test_imports_the_seed_with_options(db, capsys):
    call_command(
        "import_article",
        str(SEED),
        "--title",
        "Musk à Jérusalem",
        "--outlet",
        "Le Quotidien",
        "--url",
        "https://example.org/musk-herzog",
        "--language",
        "fr",
    )
    article = Article.objects.get()
    assert article.title == "Musk à Jérusalem"
    assert article.outlet == "Le Quotidien"
    assert article.url == "https://example.org/musk-herzog"
    assert article.published == "2023-11"
    assert article.body == SEED.read_text(encoding="utf-8")[len(" date 2023-11 ") :]
    assert article.origin == SEED.name
    assert "Imported article" in capsys.readouterr().out


def test_plain_text_file_imports_without_date(db, write):
    call_command("import_article", str(write("Un texte simple.\n\nAvec « guillemets ».".encode())))
    article = Article.objects.get()
    assert article.published == ""
    assert article.title == "Un texte simple"


def test_dry_run_writes_nothing(db):
    call_command("import_article", str(SEED), "--dry-run")
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("Éléphant".encode("cp1252"), "not UTF-8"),
        (b"date 2023-13 Le texte.", "impossible date"),
        (b"date 2023-11", "no article text"),
    ],
)
def test_bad_files_fail_with_one_line_naming_the_file(db, write, content, message):
    path = write(content)
    with pytest.raises(CommandError) as failure:
        call_command("import_article", str(path))
    text = str(failure.value)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert "\n" not in text
    assert not Article.objects.exists()


def test_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_article", str(tmp_path / "absent.txt"))
    assert not Article.objects.exists()


def test_url_must_be_web_and_unique(db, write):
    path = write(b"Texte.")
    with pytest.raises(CommandError, match="url: Enter a web address"):
        call_command("import_article", str(path), "--url", "javascript:alert(1)")
    call_command("import_article", str(path), "--url", "https://example.org/a")
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_article", str(path), "--url", "https://example.org/a")
    assert Article.objects.count() == 1


def test_nonzero_exit_from_the_shell(tmp_path):
    """The real command line: a one-line error on stderr and a non-zero exit status."""
    import os
    import subprocess
    import sys

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"date 2023-13 x")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_article", str(bad), "--dry-run"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1", "LANGUAGE_CODE": "en"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"CommandError: {bad}: bad date marker “date 2023-13”: “2023-13” is an impossible date."
    )
