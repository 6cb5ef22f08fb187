"""Project hygiene a newcomer relies on: migrations match the models, catalogs are compiled."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# Every catalog we ship: locale/ (ours, refreshed by `make messages`) and locale_overrides/ (kept by hand: the
# strings of Django and the other apps, settings.LOCALE_PATHS), each with its compiled .mo committed.
CATALOGS = sorted(
    path.relative_to(ROOT).as_posix()
    for directory in ("locale", "locale_overrides")
    for path in (ROOT / directory).glob("*/LC_MESSAGES/*.po")
)


def test_every_catalog_is_found():
    assert {"locale/vi/LC_MESSAGES/django.po", "locale/vi/LC_MESSAGES/djangojs.po",
            "locale_overrides/vi/LC_MESSAGES/django.po", "locale_overrides/vi/LC_MESSAGES/djangojs.po"} <= set(CATALOGS)


@pytest.mark.parametrize("catalog", CATALOGS)
def test_compiled_catalog_is_current(catalog):
    po = ROOT / catalog
    mo = po.with_suffix(".mo")
    assert mo.exists(), "run `make messages` and commit the .mo file"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy\nmsgid" not in text and "#, fuzzy, " not in text, "fuzzy entries are not used at run time"
    if shutil.which("msgfmt"):
        fresh = subprocess.run(["msgfmt", "--check", "-o", "-", str(po)], capture_output=True, check=True).stdout
        assert fresh == mo.read_bytes(), f"{mo.name} is older than {po.name}: run `make messages`"


def _entries(catalog):
    return (ROOT / catalog).read_text(encoding="utf-8").split("\n\n")[1:]


@pytest.mark.parametrize("catalog", CATALOGS)
def test_every_interface_string_is_translated(catalog):
    entries = _entries(catalog)
    untranslated = [entry for entry in entries if entry.rstrip().endswith(('msgstr ""', 'msgstr[0] ""'))]
    assert not untranslated, untranslated[:3]


def _msgids(catalog):
    """The (context, msgid) keys of a compiled catalog."""
    import gettext

    with (ROOT / catalog).with_suffix(".mo").open("rb") as file:
        keys = gettext.GNUTranslations(file)._catalog
    return {key[0] if isinstance(key, tuple) else key for key in keys} - {""}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_a_string_is_translated_in_one_place(domain):
    """locale/ comes first in LOCALE_PATHS: a msgid also in locale_overrides/ would be dead there, and whoever
    corrects it in one file would wonder why nothing changed."""
    ours = _msgids(f"locale/vi/LC_MESSAGES/{domain}.po")
    overrides = _msgids(f"locale_overrides/vi/LC_MESSAGES/{domain}.po")
    assert not ours & overrides, sorted(ours & overrides)


def test_no_test_module_imports_another():
    """Tests share fixtures through conftest.py and helpers through non-test modules (factories, pages...)."""
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"(from|import) (tests\.(\w+\.)*(test_|conftest)|\.test_)", line.lstrip())
    ]
    assert not offenders, offenders
