"""Project hygiene a newcomer relies on: migrations match the models, catalogs are compiled."""
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_compiled_catalog_is_current():
    po = ROOT / "locale/vi/LC_MESSAGES/django.po"
    mo = ROOT / "locale/vi/LC_MESSAGES/django.mo"
    assert mo.exists(), "run `make messages` and commit the .mo file"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy\nmsgid" not in text, "fuzzy entries are not used at run time"
    if shutil.which("msgfmt"):
        fresh = subprocess.run(["msgfmt", "--check", "-o", "-", str(po)], capture_output=True, check=True).stdout
        assert fresh == mo.read_bytes(), "django.mo is older than django.po: run `make messages`"


def test_every_interface_string_is_translated():
    entries = (ROOT / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [entry for entry in entries if entry.rstrip().endswith('msgstr ""') and "msgid_plural" not in entry]
    assert not untranslated, untranslated[:3]
