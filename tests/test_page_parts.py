"""Parts every page shares (the menu, the footer's identity, "more from this section", the related organizations)
are kept between renders: a page that must be rendered again reads only what is its own, and a part is never
older than the last edit of what it shows."""
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Tag
from portal.models import Portal
from tests.factories import VI_URL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]

HOME = "/"


def page(client, url=VI_URL):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_parts_kept_are_not_read_again(client, demo, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    client.get(VI_URL, HTTP_HOST="localhost:8001")
    with CaptureQueriesContext(connection) as again:
        response = client.get(VI_URL, HTTP_HOST="localhost:8002")
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    tables = " ".join(query["sql"] for query in again.captured_queries)
    # Neither the menu's sections, nor the identity (the owner organization and its portal row), nor the article,
    # nor its related organizations are read for the second render.
    assert '"news_section"' not in tables
    assert '"portal_portal"' not in tables
    assert '"news_organization"' not in tables
    assert '"news_article"' not in tables


def test_a_renamed_section_is_in_the_menu_of_every_page(client, demo, committed):
    assert "Hoạt động Đảng, đoàn thể" in page(client, HOME)
    page(client)
    section = demo.section
    section.name_vi = "Hoạt động của Đảng và các đoàn thể"
    committed(section.save)
    for url in (HOME, "/van-ban/"):
        assert "Hoạt động của Đảng và các đoàn thể" in page(client, url), url


def test_a_new_footer_is_on_every_page(client, demo, committed):
    page(client, HOME)
    page(client)
    portal = Portal.objects.get()
    portal.footer_text = "Giấy phép số 99/GP-TTĐT mới"
    committed(portal.save)
    for url in (HOME, VI_URL):
        assert "Giấy phép số 99/GP-TTĐT mới" in page(client, url), url


def test_a_new_article_of_the_section_is_listed_under_the_others(client, demo, committed):
    assert "Bài mới cùng chuyên mục" not in page(client)

    def publish():
        Article.objects.create(
            title_vi="Bài mới cùng chuyên mục", body_vi="<p>Nội dung.</p>", section=demo.section,
            status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(minutes=1),
        )

    committed(publish)
    assert "Bài mới cùng chuyên mục" in page(client)


def test_a_scheduled_article_is_listed_when_its_time_comes(client, demo, committed, clock):
    # A minute: well within the time a page and its parts are kept (PAGE_CACHE_SECONDS), so only the go-live
    # can end them.
    def schedule():
        Article.objects.create(
            title_vi="Bài hẹn giờ cùng chuyên mục", body_vi="<p>Nội dung.</p>", section=demo.section,
            status=Article.Status.PUBLISHED, published_at=timezone.now() + timedelta(minutes=1),
        )

    committed(schedule)
    clock.shift(1)  # a part begun in the second of a change is not trusted (core.fresh): one begun after is
    assert "Bài hẹn giờ cùng chuyên mục" not in page(client)
    clock.shift(60)
    assert "Bài hẹn giờ cùng chuyên mục" in page(client)


def test_an_organization_dissolving_at_midnight_is_marked_dissolved_after_midnight(
    client, demo, committed, clock, settings
):
    # A minute before midnight, then a minute after: within the time a part is kept, so only the date can end it.
    # The whole page is not stored here: a stored page may show it up to PAGE_CACHE_SECONDS late (it carries no date).
    settings.PAGE_CACHE_ENABLED = False
    today = timezone.localdate()
    clock.travel(timezone.make_aware(datetime.combine(today, time(23, 59))))
    organization = demo.organizations.filter(dissolved_on__isnull=True).order_by("pk").first()
    assert organization is not None, "the demo article is about current organizations"
    tomorrow = today + timedelta(days=1)
    organization.dissolved_on = tomorrow
    committed(organization.save)
    clock.shift(1)
    marked = f"{organization.name_vi}</a> <span class=\"org-dissolved\">(đã giải thể ngày {tomorrow:%d/%m/%Y})"
    assert marked not in page(client)
    clock.shift(119)
    assert marked in page(client)  # nothing was saved: the date alone changed what the part shows


def test_a_renamed_organization_is_renamed_under_the_article(client, demo, committed):
    page(client)
    organization = demo.organizations.filter(dissolved_on__isnull=True).order_by("pk").first()
    organization.name_vi = "Đảng bộ Khối (tên mới)"
    committed(organization.save)
    assert "Đảng bộ Khối (tên mới)" in page(client)




def test_a_new_caption_of_the_article_photo_is_shown(client, demo, committed, clock):
    clock.shift(1)  # the article's part begins after the demo was loaded: it is kept
    page(client)
    image = demo.image
    image.caption_vi = "Chú thích ảnh mới"
    committed(image.save)
    clock.shift(1)
    assert "Chú thích ảnh mới" in page(client)


def test_a_tag_renamed_is_renamed_under_the_article(client, demo, committed, clock):
    tag = Tag.objects.create(name_vi="Kỷ niệm", name_en="Anniversary")
    committed(lambda: demo.tags.add(tag))
    clock.shift(1)
    assert "Kỷ niệm</a>" in page(client)
    tag.name_vi = "Thẻ đổi tên"
    committed(tag.save)
    clock.shift(1)
    assert "Thẻ đổi tên" in page(client)


def test_a_part_checked_within_the_lease_is_used_again_without_asking_the_cache(client, demo, settings, clock):
    """As a page is: an edit in another process reaches this one's parts once the lease it waits out has run."""
    import time as wall_clock

    from news.cache_invalidation import tag_for
    from pagecache import core

    settings.PAGE_CACHE_ENABLED = False  # rendered each time: only the parts are kept
    settings.PAGE_CACHE_LEASE = 0.3
    clock.shift(1)
    page(client)  # the parts rendered and stored
    clock.shift(1)
    page(client)  # found fresh in the cache: checked now
    Article.objects.filter(pk=demo.pk).update(title_vi="Sửa ở tiến trình khác")
    core._write_stamps({tag_for(Article, demo.pk)}, wall_clock.time())  # that process's stamp; nothing here forgets
    assert "Sửa ở tiến trình khác" not in page(client)
    clock.shift(0.3)
    assert "Sửa ở tiến trình khác" in page(client)


def test_a_part_whose_lease_ran_out_is_checked_by_its_stamps_alone(client, demo, settings, clock, monkeypatch):
    """Once the lease is over, the process asks for the parts' stamps (a few bytes), all in one round trip, not
    the parts again."""
    from django.core.cache import cache

    from pagecache.fragments import MEMO_PREFIX

    settings.PAGE_CACHE_ENABLED = False
    settings.PAGE_CACHE_LEASE = 0.3
    clock.shift(1)
    page(client)
    clock.shift(1)
    page(client)  # found fresh: kept in the process
    asked, calls = [], []
    original = cache.get_many

    def recording(keys, *args, **kwargs):
        asked.extend(keys)
        calls.append(keys)
        return original(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", recording)
    clock.shift(0.3)
    assert "Kỷ niệm 17 năm" in page(client)
    assert asked and not [key for key in asked if key.startswith(MEMO_PREFIX)]
    assert len(calls) == 1  # the menu, footer, identity, article and its parts: their stamps together
