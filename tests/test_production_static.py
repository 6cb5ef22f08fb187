"""Static files in production: collectstatic writes hashed, compressed names; WhiteNoise serves them for good.

Tests and `make demo` keep the plain storage (no collectstatic); STATIC_MANIFEST=on switches, as here.
"""
import gzip
import json
import re

import brotli
import pytest

from tests.processes import ROOT, django_process

# collectstatic, then a process serving the files, each started as an operator does (tests/processes.py).
pytestmark = pytest.mark.slow

# Run in the production storage's process: what a page links to, and how WhiteNoise answers for it.
_SERVE = """
import json, django
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("css/site.css")
response = Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip")
print(json.dumps({"url": url, "status": response.status_code, "encoding": response.get("Content-Encoding"),
                  "cache": response.get("Cache-Control")}))
"""


def test_collectstatic_writes_hashed_compressed_files_that_pages_link_to(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "orgsite.settings", "STATIC_MANIFEST": "on", "STATIC_ROOT": str(tmp_path)}
    process = django_process(["collectstatic", "--noinput"], env, timeout=300)
    assert process.returncode == 0, process.stdout + process.stderr

    hashed = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    original = (ROOT / "static/css/site.css").read_bytes()
    assert (tmp_path / hashed).read_bytes() == original
    assert gzip.decompress((tmp_path / f"{hashed}.gz").read_bytes()) == original
    assert brotli.decompress((tmp_path / f"{hashed}.br").read_bytes()) == original

    served = django_process(_SERVE, env)
    assert served.returncode == 0, served.stderr
    answer = json.loads(served.stdout)
    assert answer["url"] == f"/static/{hashed}"
    assert (answer["status"], answer["encoding"]) == (200, "br")
    assert "immutable" in answer["cache"] and "max-age=315360000" in answer["cache"]  # ten years: the name changes
