"""A backup restored into a brand-new database loses nothing: `dumpdata` -> new database -> `loaddata`.

Slow by design (15-35 s): it runs `manage.py migrate` in two new databases of the suite's engine (SQLite files,
or PostgreSQL databases made with CREATE DATABASE) and every step as a command, as an operator would.
`loaddata` saves rows raw; the data derived from them (search index, SQLite's full-text table, document
links and citations) is derived again when the load commits, and must come out the same, neither lost nor
doubled. Media files are not in a dump: production copies MEDIA_ROOT (or the S3 bucket) separately; here the
copy is a copy of the folder, and the load must not add or remake any file in it.
"""
import json
import re
import shutil

import pytest

from tests.fresh_db import (
    BASE_DIR,
    canonical,
    difference,
    dump_all,
    examine,
    fresh_database,
    manage,
    run,
    suite_vendor,
)

pytestmark = pytest.mark.slow

# The backup: everything but what `migrate` makes again (content types and permissions, which the dump then
# names by natural key instead of by id) and the sessions (who happens to be signed in). Revisions (reversion)
# and sign-in records (axes) are history the newsroom and administrators read: they are kept.
BACKUP = [
    "dumpdata", "--natural-foreign", "--natural-primary",
    "--exclude", "contenttypes", "--exclude", "auth.permission", "--exclude", "sessions",
]
SAMPLE = ["generate_sample_data", "--articles", "150", "--directives", "40", "--seed", "7"]
# What a working newsroom adds to that: a writer in a role, an admin revision, a state change, a sign-in record.
NEWSROOM = """
import django; django.setup()
import reversion
from axes.models import AccessLog
from django.contrib.auth.models import Group, User
from news import workflow
from news.models import Article

writer = User.objects.create_user("phongvien", is_staff=True)
writer.groups.add(Group.objects.get(name="Phóng viên"))
editor, article = User.objects.get(username="demo"), Article.objects.get(pk=1)
with reversion.create_revision():
    reversion.add_to_revision(article)
    reversion.set_user(editor)
    reversion.set_comment("Sửa lỗi chính tả")
workflow.record(article, "review", "published", editor, note="Duyệt đăng")
AccessLog.objects.create(username="demo", ip_address="127.0.0.1", user_agent="Firefox", http_accept="text/html",
                         path_info="/admin/login/")
"""
# When the search index last wrote a row: the load's own reindex (on commit) stamps it again. The indexed
# words are compared.
VOLATILE = {"news.searchentry": {"indexed_at"}}


def demo_fixture_article():
    return next(r for r in json.loads((BASE_DIR / "fixtures/demo.json").read_text()) if r["model"] == "news.article")


def files_under(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_backup_restored_into_a_new_database_loses_nothing(tmp_path):
    media_source, media_copy = tmp_path / "media-source", tmp_path / "media-copy"
    backup = tmp_path / "backup.json"
    with fresh_database(tmp_path, "rt_source") as source:
        manage(source, media_source, "migrate", "--noinput")
        loaded = manage(source, media_source, "load_demo").stdout
        password = re.search(r"password '([^']+)'", loaded).group(1)
        manage(source, media_source, *SAMPLE)
        run(source, media_source, "-c", NEWSROOM)
        manage(source, media_source, *BACKUP, "--output", str(backup))
        expected_rows = canonical(dump_all(source, media_source, tmp_path / "source-all.json"), VOLATILE)
        expected = examine(source, media_source, passwords={"demo": password})

    with fresh_database(tmp_path, "rt_copy") as copy:
        shutil.copytree(media_source, media_copy)
        manage(copy, media_copy, "migrate", "--noinput")
        manage(copy, media_copy, "loaddata", str(backup))
        restored_rows = canonical(dump_all(copy, media_copy, tmp_path / "copy-all.json"), VOLATILE)
        restored = examine(copy, media_copy, passwords={"demo": password}, try_writing=True)

    counts = expected["counts"]
    # The source really held the demo and the sample data, with their derived rows.
    assert counts["news.Article"] >= 151 and counts["news.Directive"] >= 47, counts
    assert counts["news.SearchEntry"] > counts["news.Article"] and counts["news.Article_cited_directives"] > 7, counts
    assert counts["reversion.Version"] and counts["news.ArticleTransition"] and counts["axes.AccessLog"], counts

    # Per table, as many rows; then every field of every row, each language's translated fields included.
    changed = {
        label: (n, restored["counts"].get(label)) for label, n in counts.items() if restored["counts"].get(label) != n
    }
    assert not changed, f"row counts (source, restored) differ: {changed}"
    if restored_rows != expected_rows:
        pytest.fail(f"the restored rows differ from the source's:\n{difference(expected_rows, restored_rows)}")

    # What a reader and the newsroom notice: the demo article in both languages with its document links ...
    fixture = demo_fixture_article()["fields"]
    demo = restored["demo"]
    assert (demo["title_vi"], demo["title_en"]) == (fixture["title_vi"], fixture["title_en"])
    assert demo["cited"] and demo["cited"] == expected["demo"]["cited"]
    assert demo["links_vi"] == [f"/van-ban/{slug}/" for slug in demo["cited"]]
    assert demo["links_en"] == [f"/en/documents/{slug}/" for slug in demo["cited"]]
    # ... the same search results, in the same order, the demo article found without diacritics ...
    assert restored["search"] == expected["search"]
    assert ["article", 1] in restored["search"]["vi: dang bo khoi"]
    assert ["article", 1] in restored["search"]["en: Central Agencies"]
    if suite_vendor() == "sqlite":
        # The full-text table is not in a dump: the load must have written one row per entry, no more.
        assert expected["fts_rows_match_entries"] and restored["fts_rows_match_entries"]
    # ... staff sign in with their password, and write on: new ids past the loaded ones (PostgreSQL sequences),
    # citations and search entries for the new article.
    assert restored["passwords_ok"] == {"demo": True}
    writing = restored["writing"]
    assert writing["pk"] > writing["loaded_max_pk"]
    assert writing["cited"] == writing["expected_cited"] and writing["search_entries"] >= 1
    # The load made no rendition again (they were in the dump) and no file appeared or vanished.
    assert files_under(media_copy) == files_under(media_source)
