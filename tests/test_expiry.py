"""Expiry: an article given a time to come down (``unpublish_at``) leaves every public page at that moment,
with no cron job and no stale stored page, as a scheduled article arrives at its go-live."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pagecache
from news import workflow
from news.cache_invalidation import next_go_live
from news.models import Article, Tag
from tests.factories import local_parts
from tests.pages import elements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]

TITLE = "Thông báo tuyển dụng khánh thành"


def url_of(obj, language="vi"):
    with translation.override(language):
        return obj.get_absolute_url()


@pytest.fixture
def expiring(make_article, clock):
    """A live article (both languages, one tag) that comes down in 90 seconds, and that moment."""
    comes_down = timezone.now() + timedelta(seconds=90)
    article = make_article(
        title_vi=TITLE, title_en="Recruitment notice", body_en="<p>English body.</p>",
        published_at=timezone.now() - timedelta(days=1), unpublish_at=comes_down,
    )
    article.tags.add(Tag.objects.create(name_vi="Tuyển dụng", name_en="Recruitment"))
    clock.shift(0.1)  # readers come after the save (a page rendered at its stamp is not kept)
    return article, comes_down


def pages_showing(article):
    """Every public page listing ``article``, with the text it shows there."""
    tag = article.tags.get()
    return {
        url_of(article): TITLE,
        url_of(article, "en"): "Recruitment notice",
        url_of(article) + "in/": TITLE,
        "/": TITLE,
        "/en/": "Recruitment notice",
        url_of(article.section): TITLE,
        url_of(tag): TITLE,
        "/rss/": TITLE,
        "/en/rss/": "Recruitment notice",
        "/sitemap-articles.xml": url_of(article),
        "/tim-kiem/?q=khanh+thanh": f'href="{url_of(article)}"',  # the title is highlighted there
        "/luu-tru/{:%Y/%m}/".format(timezone.localtime(article.published_at)): TITLE,
    }


def test_until_its_time_the_article_is_everywhere_then_nowhere_and_no_stored_page_outlives_it(
    client, expiring, clock
):
    article, comes_down = expiring
    pages = pages_showing(article)
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200 and text in response.content.decode(), url
        assert client.get(url)["X-Page-Cache"] == "hit", url  # stored: the question is whether it outlives the time

    clock.travel(comes_down - timedelta(milliseconds=1))
    article_page = client.get(url_of(article))
    assert article_page["X-Page-Cache"] == "hit" and TITLE in article_page.content.decode()

    clock.travel(comes_down)
    for url, text in pages.items():
        response = client.get(url)
        if url.startswith(url_of(article)) or url == url_of(article, "en"):
            assert response.status_code == 404, url
        else:
            assert response.status_code == 200, url
            assert response["X-Page-Cache"] == "miss", url
            assert text not in response.content.decode(), url


def test_the_time_to_come_down_must_follow_the_publication(make_article):
    article = make_article()
    article.unpublish_at = article.published_at - timedelta(hours=1)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        article.full_clean()
    day, time = local_parts(article.published_at)
    assert refused.value.message_dict["unpublish_at"] == [
        f"The time to come down must be after the publication time ({time} {day})."
    ]
    article.unpublish_at = article.published_at + timedelta(days=30)
    article.full_clean()


def test_the_change_list_says_when_it_comes_down_and_that_it_expired(act_as, make_article, clock):
    comes_down = timezone.now() + timedelta(hours=2)
    make_article(title_vi="Sắp gỡ", published_at=timezone.now() - timedelta(days=1), unpublish_at=comes_down)
    make_article(title_vi="Đang đăng", published_at=timezone.now() - timedelta(days=1))
    editor = act_as("editor")
    day, time = local_parts(comes_down)

    def rows(query):
        html = editor.get("/en/admin/news/article/" + query).content.decode()
        titles = [cell.text for cell in elements(html, "th", class_="field-title")]
        return dict(zip(titles, [cell.text for cell in elements(html, "td", class_="field-public_state")]))

    assert rows("?public=online") == {"Sắp gỡ": f"yes, comes down at {time} {day}", "Đang đăng": "yes"}
    assert rows("?public=expired") == {}
    clock.travel(comes_down)
    assert rows("?public=online") == {"Đang đăng": "yes"}
    assert rows("?public=expired") == {"Sắp gỡ": f"no (expired at {time} {day})"}
    with translation.override("vi"):
        assert str(workflow.public_state(Article.objects.get(title_vi="Sắp gỡ"))) == f"không (hết hạn lúc {time} {day})"


def test_a_scheduled_article_with_an_end_says_both(make_article):
    goes_live = timezone.now() + timedelta(hours=1)
    comes_down = goes_live + timedelta(days=7)
    article = make_article(published_at=goes_live, unpublish_at=comes_down)
    with translation.override("en"):
        state = str(workflow.public_state(article))
    (live_day, live_time), (down_day, down_time) = local_parts(goes_live), local_parts(comes_down)
    assert state == f"scheduled for {live_time} {live_day}, comes down at {down_time} {down_day}"


def test_the_next_moment_the_page_cache_waits_for_is_a_go_live_or_a_time_to_come_down(
    make_article, clock, django_assert_num_queries
):
    now = timezone.now()
    with django_assert_num_queries(1):
        assert next_go_live() is None
    make_article(title_vi="Hết hạn sau", published_at=now - timedelta(days=1), unpublish_at=now + timedelta(hours=3))
    assert next_go_live() == (now + timedelta(hours=3)).timestamp()
    make_article(title_vi="Lên sau", published_at=now + timedelta(hours=2))
    with django_assert_num_queries(1):
        assert next_go_live() == (now + timedelta(hours=2)).timestamp()
    # Drafts and articles already taken down do not count, nor moments past.
    make_article(title_vi="Nháp", status=Article.Status.DRAFT, published_at=None, unpublish_at=now + timedelta(hours=1))
    make_article(title_vi="Đã hết", published_at=now - timedelta(days=2), unpublish_at=now - timedelta(days=1))
    assert next_go_live() == (now + timedelta(hours=2)).timestamp()


@pytest.mark.parametrize("url", ["/", "ARTICLE", "/rss/", "/sitemap-articles.xml"])
def test_expiring_articles_cost_no_query_more(client, make_article, section, clock, url):
    def build(count, expiring):
        now = timezone.now()
        made = [
            make_article(
                title_vi=f"Tin {'hết hạn' if expiring else 'thường'} {number}", published_at=now - timedelta(days=1),
                unpublish_at=now + timedelta(days=number + 1) if expiring else None,
            )
            for number in range(count)
        ]
        return url_of(made[0]) if url == "ARTICLE" else url

    def count(address):
        clock.shift(1)
        cache.clear()  # each count from a cold cache: the same parts and memos to read each time
        pagecache.reset()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        Article.objects.all().delete()
        return len(queries)

    plain = count(build(1, expiring=False))
    assert count(build(1, expiring=True)) == plain
    assert count(build(30, expiring=True)) == plain


def test_search_counts_only_what_it_lists_once_the_article_came_down(client, expiring, clock):
    article, comes_down = expiring
    assert "1 kết quả" in client.get("/tim-kiem/?q=khanh+thanh").content.decode()
    clock.travel(comes_down)
    page = client.get("/tim-kiem/?q=khanh+thanh").content.decode()
    # The entry stays in the index (nothing saved the article), but the count and the list both leave it out.
    assert "1 kết quả" not in page and f'href="{url_of(article)}"' not in page
