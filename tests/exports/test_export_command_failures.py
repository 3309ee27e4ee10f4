"""``export_claims --output``: a file appears whole or not at all, and a failure is one line."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from factcheck.exports import exporting
from factcheck.models import Claim
from tests.factories import ArticleFactory, SpeakerFactory

ROWS = exporting.CHUNK_ROWS * 2 + 500  # more than one chunk is written before the failure


def many_claims(count: int = ROWS) -> list[int]:
    article = ArticleFactory(body="Le chômage a baissé de 10 % l’an dernier. 🎉 ‏שלום")
    speaker = SpeakerFactory(name="Élise « Porte-parole »")
    quote = "Le chômage a baissé de 10 % l’an dernier."
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            speaker=speaker,
            quote=quote,
            start_offset=0,
            end_offset=len(quote),
            claim_reviewed=f"Affirmation n° {n}\u00a0: =1+{n}",
        )
        for n in range(count)
    )
    return [claim.pk for claim in claims]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="an undecodable row is SQLite's failure")
def test_export_failing_midway_keeps_the_earlier_file_and_leaves_no_partial_one(db, tmp_path):
    ids = many_claims()
    output = tmp_path / "claims.csv"
    call_command("export_claims", "--all", "--output", str(output), verbosity=0)
    complete = output.read_bytes()
    assert complete.count(b"\r\n") == ROWS + 1
    # A row the database cannot hand back (bytes that are not UTF-8), after two whole chunks:
    # reading it raises from the cursor while the export is being written.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE factcheck_claim SET quote = CAST(X'C328' AS TEXT) WHERE id = %s", [ids[-10]]
        )

    with pytest.raises(CommandError) as failure:
        call_command("export_claims", "--all", "--output", str(output), verbosity=0)

    assert str(failure.value).startswith("Export interrupted, database error:")
    assert "\n" not in str(failure.value)
    assert output.read_bytes() == complete
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]
    # A first export that fails leaves no file at all.
    fresh = tmp_path / "fresh.csv"
    with pytest.raises(CommandError):
        call_command("export_claims", "--all", "--output", str(fresh), verbosity=0)
    assert not fresh.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a backend terminated mid-export")
@pytest.mark.django_db(transaction=True)
def test_export_cut_off_by_the_database_leaves_no_file_and_says_so_in_one_line(tmp_path):
    many_claims(30_000)
    output = tmp_path / "claims.csv"
    output.write_bytes(b"an earlier export\r\n")
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT']}/{settings['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "PGAPPNAME": "export-under-test"}
    export = subprocess.Popen(
        [sys.executable, "manage.py", "export_claims", "--all", "--output", str(output)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        terminated = 0
        deadline = time.monotonic() + 60
        while not terminated and time.monotonic() < deadline and export.poll() is None:
            partial = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
            if partial and partial[0].stat().st_size > 0:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = 'export-under-test'"
                    )
                    terminated = cursor.fetchone()[0]
            time.sleep(0.01)
        _, stderr = export.communicate(timeout=60)
    finally:
        if export.poll() is None:
            export.kill()
    assert terminated, "the export ended before its connection could be cut"
    assert export.returncode == 1
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Export interrupted, database error" in stderr
    assert output.read_bytes() == b"an earlier export\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["claims.csv"]
