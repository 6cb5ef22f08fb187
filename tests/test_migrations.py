"""Migrations: none missing, forwards on an empty database, and the news app back and forth over the demo data.

Slow by design (25-35 s in all): the tests run `manage.py migrate` in brand-new databases of the suite's
engine, in a subprocess, as an operator would. The latest migration is never named here, so a new one is
covered as soon as its file exists; only 0007 is, for its own back-and-forth test.
"""
import json

import pytest
from django.db.migrations.loader import MigrationLoader

from tests.fresh_db import canonical, difference, dump_all, examine, fresh_database, manage, run

pytestmark = pytest.mark.slow

# A writer who holds a newsroom role (a group made by migration 0006), to see whether going back keeps it.
ADD_WRITER = """
import django; django.setup()
from django.contrib.auth.models import Group, User
User.objects.create_user("phongvien", is_staff=True).groups.add(Group.objects.get(name="Phóng viên"))
"""
# What going back to the first migration drops and `relink_citations` derives again (checked on its own below):
CITATION_FIELDS = {"cited_directives", "unresolved_references"} | {
    f"{field}_linked{suffix}" for field in ("lead", "body") for suffix in ("", "_vi", "_en")
}
NOT_KEPT_GOING_BACK = {
    # The tables of 0003 (search) and 0005 (renditions): `rebuild_search_index` (README) writes the index
    # again, with new ids; renditions are made again when a page first shows the image.
    "news.searchentry": {"pk", "indexed_at"},
    "news.rendition": "*",
    # 0007 going back keeps an image in the article's photo columns, which have no upload time.
    "news.image": {"created_at"},
    # 0010's relations between documents and subject areas are staff data in tables going back drops (load the
    # demo again after going back past 0010).
    "news.documentrelation": "*",
    "news.subjectarea": "*",
    "news.directive": {"subject_areas"},
    # Drafts for comment (consultation 0001) depend on news 0001's organizations: going back to news 0001 drops
    # their tables (load the demo again).
    "consultation.draft": "*",
    "consultation.draftfile": "*",
    "consultation.comment": "*",
    # Each has its own test below.
    "news.article": CITATION_FIELDS,
    "auth.user": {"groups"},
}


def news_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(name for app, name in loader.disk_migrations if app == "news")


def test_every_model_change_has_its_migration(tmp_path):
    # makemigrations only reads the applied history from the database: a new, empty SQLite file does.
    process = run(
        f"sqlite:///{tmp_path / 'empty.sqlite3'}", tmp_path / "media",
        "manage.py", "makemigrations", "--check", "--dry-run", check=False,
    )
    assert process.returncode == 0, (
        f"Models changed without a migration (run makemigrations and commit it):\n{process.stdout}{process.stderr}"
    )


def test_migrations_run_forwards_on_an_empty_database(tmp_path):
    media = tmp_path / "media"
    with fresh_database(tmp_path, "mig_empty") as database:
        manage(database, media, "migrate", "--noinput")
        manage(database, media, "migrate", "--check")  # exits 1 when a migration is left unapplied
        plan = manage(database, media, "showmigrations").stdout
    assert "[ ]" not in plan, plan
    for name in news_migrations():
        assert f"[X] {name}\n" in plan, plan


@pytest.fixture(scope="module")
def back_and_forth(tmp_path_factory):
    """The demo (and a writer in a role) before and after the news app goes back to its first migration and
    forwards again, followed by the README's steps after a migration, `rebuild_search_index` and
    `relink_citations`."""
    tmp = tmp_path_factory.mktemp("back-and-forth")
    media = tmp / "media"
    first = news_migrations()[0]
    with fresh_database(tmp, "mig_demo") as database:
        manage(database, media, "migrate", "--noinput")
        manage(database, media, "load_demo", "--no-user")
        run(database, media, "-c", ADD_WRITER)
        before = {"seen": examine(database, media), "records": dump_all(database, media, tmp / "before.json")}
        # Irreversible migrations would stop this (IrreversibleError) and fail every test using the fixture.
        manage(database, media, "migrate", "news", first)
        back = manage(database, media, "showmigrations", "news").stdout
        manage(database, media, "migrate", "--noinput")
        manage(database, media, "migrate", "--check")
        manage(database, media, "rebuild_search_index")
        manage(database, media, "relink_citations")
        after = {"seen": examine(database, media), "records": dump_all(database, media, tmp / "after.json")}
    return {"first": first, "back": back, "before": before, "after": after}


def test_news_migrations_go_back_to_the_first_one_and_forwards_again(back_and_forth):
    first, back = back_and_forth["first"], back_and_forth["back"]
    assert f"[X] {first}\n" in back and back.count("[X]") == 1, back
    assert back.count("[ ]") == len(news_migrations()) - 1, back


def test_demo_content_survives_going_back_and_forth(back_and_forth):
    before, after = back_and_forth["before"], back_and_forth["after"]
    expected = canonical(before["records"], NOT_KEPT_GOING_BACK)
    actual = canonical(after["records"], NOT_KEPT_GOING_BACK)
    if actual != expected:
        pytest.fail(f"rows changed going back and forth:\n{difference(expected, actual)}")
    demo, demo_before = after["seen"]["demo"], before["seen"]["demo"]
    assert (demo["title_vi"], demo["title_en"]) == (demo_before["title_vi"], demo_before["title_en"])
    # The search index, rebuilt, finds what it found before, in the same order.
    assert after["seen"]["search"] == before["seen"]["search"]
    assert ["article", 1] in after["seen"]["search"]["vi: dang bo khoi"]
    assert after["seen"].get("fts_rows_match_entries", True)


def test_citations_survive_going_back_and_forth(back_and_forth):
    before, after = back_and_forth["before"]["seen"]["demo"], back_and_forth["after"]["seen"]["demo"]
    assert before["cited"] and before["links_vi"]
    assert after["cited"] == before["cited"]
    assert (after["links_vi"], after["links_en"]) == (before["links_vi"], before["links_en"])


def test_staff_roles_survive_going_back_and_forth(back_and_forth):
    def roles(records):
        return {r["fields"]["username"]: r["fields"]["groups"] for r in records if r["model"] == "auth.user"}

    before, after = roles(back_and_forth["before"]["records"]), roles(back_and_forth["after"]["records"])
    assert before["phongvien"] == [["Phóng viên"]]
    assert after == before


IMAGE_LIBRARY = "0007_image_library"
SHOW_IMAGES = """
import django, json; django.setup()
from news.models import Article, Image
print(json.dumps({"images": list(Image.objects.order_by("pk").values_list("pk", flat=True)),
                  "demo_image": Article.objects.get(pk=1).image_id}))
"""


def test_image_library_migration_back_and_forth_keeps_one_image_per_photo(tmp_path):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    [before_library] = [name for app, name in loader.graph.node_map[("news", IMAGE_LIBRARY)].parents if app == "news"]
    media = tmp_path / "media"
    with fresh_database(tmp_path, "mig_images") as database:
        manage(database, media, "migrate", "--noinput")
        manage(database, media, "load_demo", "--no-user")
        manage(database, media, "migrate", "news", before_library)
        manage(database, media, "migrate", "--noinput")
        seen = json.loads(run(database, media, "-c", SHOW_IMAGES).stdout)
    assert seen == {"images": [1], "demo_image": 1}
