"""Static files in production: the manifest's hashed names, each looked up once a process."""

import json

import pytest

from factcheck.core.staticfiles import StaticFiles


def test_a_static_address_is_the_manifest_s_hashed_name_looked_up_once(tmp_path):
    manifest = {
        "version": "1.1",
        "hash": "x",
        "paths": {"factcheck/app.css": "factcheck/app.0f1e.css"},
    }
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    storage = StaticFiles(location=tmp_path, base_url="/static/")
    assert storage.url("factcheck/app.css") == "/static/factcheck/app.0f1e.css"
    storage.hashed_files.clear()
    assert storage.url("factcheck/app.css") == "/static/factcheck/app.0f1e.css"
    # A file the manifest does not know is refused every time, never remembered.
    for _ in range(2):
        with pytest.raises(ValueError):
            storage.url("factcheck/missing.js")
