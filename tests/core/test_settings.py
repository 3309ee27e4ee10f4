"""Settings come from the environment; production without a secret key refuses to start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never would.
UNSET = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_check(**env):
    base = {k: v for k, v in os.environ.items() if k not in UNSET}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, **env},
        check=False,
    )


def test_production_without_secret_key_is_a_clear_error():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_starts():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="desk.example.org")
    assert result.returncode == 0, result.stderr


def test_local_key_is_generated_and_kept(tmp_path):
    first = run_check(DEBUG="1", FACTCHECK_VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40
    run_check(DEBUG="1", FACTCHECK_VAR_DIR=str(tmp_path))
    assert (tmp_path / "secret_key").read_text() == key


def test_deploy_check_is_clean_with_the_documented_production_settings():
    base = {k: v for k, v in os.environ.items() if k not in UNSET}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            **base,
            "DEBUG": "0",
            "SECRET_KEY": "k" * 30 + "Qz9!x" * 6,
            "ALLOWED_HOSTS": "desk.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
