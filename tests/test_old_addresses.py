"""Durable addresses: after a slug or section change, the old address answers with a 301 to the new one (articles,
documents, organizations, sections, tags; both languages), in one hop, and never in place of a live page."""
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pagecache
from news.models import Article, Directive, OldAddress, Organization, Section, Tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]


def addresses(obj):
    """{language: the object's address in it}."""
    found = {}
    for code in ("vi", "en"):
        with translation.override(code):
            found[code] = obj.get_absolute_url()
    return found


def assert_moved(client, old, new):
    """Each old address answers 301 to the new one in its language, which answers 200."""
    for code in old:
        response = client.get(old[code])
        assert (response.status_code, response["Location"]) == (301, new[code]), (code, old[code])
        assert client.get(new[code]).status_code == 200, new[code]


@pytest.fixture
def article(make_article):
    return make_article(
        title_vi="Hội nghị giao ban", title_en="Briefing", body_en="<p>English.</p>",
        published_at=timezone.now() - timedelta(days=1),
    )


def renamed(obj, **slugs):
    for field, value in slugs.items():
        setattr(obj, field, value)
    obj.save()
    return obj


KINDS = {
    "article": lambda make_article, section: make_article(
        title_vi="Hội nghị giao ban", title_en="Briefing", body_en="<p>English.</p>",
        published_at=timezone.now() - timedelta(days=1),
    ),
    "section": lambda make_article, section: section,
    "tag": lambda make_article, section: Tag.objects.create(name_vi="Đầu tư công", name_en="Public investment"),
    "document": lambda make_article, section: Directive.objects.create(
        number="12/2024/QH15", document_type="luat", issued_on=date(2024, 6, 1),
    ),
    "organization": lambda make_article, section: Organization.objects.create(name_vi="Vụ Tổ chức cán bộ"),
}
NEW_SLUGS = {
    "article": {"slug_vi": "hoi-nghi-giao-ban-thang-4", "slug_en": "april-briefing"},
    "section": {"slug_vi": "tin-hoat-dong", "slug_en": "activities"},
    "tag": {"slug_vi": "dau-tu-cong-2025", "slug_en": "public-investment-2025"},
    "document": {"slug": "luat-12-2024-qh15"},
    "organization": {"slug": "vu-to-chuc"},
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_new_slug_leaves_the_old_address_answering_with_a_301_in_both_languages(client, make_article, section,
                                                                                   kind):
    obj = KINDS[kind](make_article, section)
    old = addresses(obj)
    assert all(client.get(url).status_code == 200 for url in old.values())
    renamed(obj, **NEW_SLUGS[kind])
    new = addresses(obj)
    assert set(old.values()).isdisjoint(new.values())
    assert_moved(client, old, new)


def test_an_article_moved_to_another_section_and_renamed_is_found_at_every_address_it_had(client, article):
    first = addresses(article)
    other = Section.objects.create(name_vi="Thông cáo báo chí", name_en="Press releases")
    article.section = other
    renamed(article, slug_vi="giao-ban-thang-4")
    second = addresses(article)
    renamed(article, slug_vi="giao-ban-quy-2", slug_en="second-quarter-briefing")
    third = addresses(article)
    # A -> B -> C: every earlier address leads to C in one hop.
    assert_moved(client, first, third)
    assert_moved(client, {"vi": second["vi"]}, third)


def test_the_query_a_page_reads_goes_along(client, section, make_article):
    make_article()
    old = addresses(section)["vi"]
    renamed(section, slug_vi="tin-hoat-dong")
    assert client.get(old + "?page=1")["Location"] == addresses(section)["vi"] + "?page=1"


def test_moving_back_makes_the_first_address_live_again_and_the_other_one_old(client, article):
    first = addresses(article)
    renamed(article, slug_vi="ten-moi", slug_en="new-name")
    second = addresses(article)
    renamed(article, slug_vi=article.slug_vi.replace("ten-moi", "hoi-nghi-giao-ban"), slug_en="briefing")
    assert addresses(article) == first
    assert OldAddress.objects.filter(path__in=[first["vi"], first["en"].removeprefix("/en")]).count() == 0
    assert all(client.get(url).status_code == 200 for url in first.values())
    assert_moved(client, second, first)


def test_an_old_address_never_shadows_a_page_that_took_it(client, make_article, article):
    old = addresses(article)
    renamed(article, slug_vi="hoi-nghi-da-doi-ten", slug_en="renamed-briefing")
    make_article(title_vi="Bài khác", slug_vi=old["vi"].rstrip("/").rsplit("/", 1)[1])  # takes the old address
    response = client.get(old["vi"])
    assert response.status_code == 200 and "Bài khác" in response.content.decode()
    assert not OldAddress.objects.filter(language="vi", path=old["vi"]).exists()


@pytest.mark.parametrize("status", [Article.Status.ARCHIVED, Article.Status.DRAFT])
def test_the_old_address_of_an_article_readers_cannot_see_stays_404(client, article, status):
    old = addresses(article)
    renamed(article, slug_vi="da-doi-ten", slug_en="renamed")
    Article.objects.filter(pk=article.pk).update(status=status)
    for url in old.values():
        assert client.get(url).status_code == 404, url


def test_a_draft_renamed_before_it_was_ever_published_leaves_no_old_address(writers_article):
    draft = writers_article("draft")
    renamed(draft, slug_vi="ten-khac")
    assert not OldAddress.objects.exists()


def test_an_article_without_english_leaves_no_english_old_address(make_article):
    article = make_article(published_at=timezone.now() - timedelta(days=1))
    renamed(article, slug_vi="ten-khac")
    assert list(OldAddress.objects.values_list("language", flat=True)) == ["vi"]


def test_head_follows_and_a_post_does_not(client, article):
    old = addresses(article)
    renamed(article, slug_vi="ten-moi")
    assert client.head(old["vi"]).status_code == 301
    assert client.post(old["vi"]).status_code in (403, 404, 405)


def test_a_deleted_object_leaves_its_old_addresses_at_404(client):
    tag = Tag.objects.create(name_vi="Tạm thời", name_en="Temporary")
    old = addresses(tag)
    renamed(tag, slug_vi="tam", slug_en="temp")
    tag.delete()
    assert not OldAddress.objects.exists()
    assert client.get(old["vi"]).status_code == 404


def test_the_redirect_costs_the_same_queries_with_one_old_address_or_thirty(client, make_article, clock):
    def moved_articles(count):
        made = []
        for number in range(count):
            article = make_article(title_vi=f"Tin {number}", published_at=timezone.now() - timedelta(days=1))
            old = addresses(article)["vi"]
            renamed(article, slug_vi=f"tin-moi-{number}")
            made.append(old)
        return made

    def count(url):
        clock.shift(1)
        cache.clear()  # from a cold cache each time: the same parts of the 404 page to read
        pagecache.reset()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 301
        return len(queries)

    small = count(moved_articles(1)[0])
    Article.objects.all().delete()
    large = moved_articles(30)
    assert count(large[0]) == small and count(large[-1]) == small
    assert small <= 10, small


def test_the_print_view_and_the_section_feeds_follow_their_page(client, article, section):
    with translation.override("en"):
        old_print = reverse("news:article_print", kwargs={"section": section.slug, "slug": article.slug})
    old_feeds = ["/rss/tin-tuc-su-kien/", "/atom/tin-tuc-su-kien/", "/en/rss/news-and-events/"]
    assert all(client.get(url).status_code == 200 for url in [old_print, *old_feeds])
    renamed(article, slug_en="april-briefing")
    renamed(section, slug_vi="tin-hoat-dong", slug_en="activities")
    response = client.get(old_print)
    assert (response.status_code, response["Location"]) == (301, "/en/news/activities/april-briefing/print/")
    assert client.get(response["Location"]).status_code == 200
    for old, new in zip(old_feeds, ["/rss/tin-hoat-dong/", "/atom/tin-hoat-dong/", "/en/rss/activities/"]):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200
