"""The sections' sitemap: a section's lastmod moves only when its page changes for readers.

Drafts, articles in review or scheduled for later, and unpublished articles edited afterwards change nothing a
reader sees; a public article's edit, a scheduled article going live and an article taken off the site do.
"""
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from news.models import Article, ArticleTransition
from pagecache import invalidate_everything
from tests.factories import HANOI

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SECTION_URLS = ("http://testserver/chuyen-muc/tin-tuc-su-kien/", "http://testserver/en/sections/news-and-events/")
S = Article.Status


def hanoi(*args):
    return datetime(*args, tzinfo=HANOI)


def section_lastmods(client):
    """{section address: lastmod as the sitemap writes it (a day)} for the section of the `section` fixture."""
    response = client.get("/sitemap-sections.xml")
    assert response.status_code == 200
    found = {}
    for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
        location = url.find(f"{SITEMAP}loc").text
        if location in SECTION_URLS:
            lastmod = url.find(f"{SITEMAP}lastmod")
            found[location] = None if lastmod is None else lastmod.text
    assert sorted(found) == sorted(SECTION_URLS)
    return found


def expect(client, day):
    assert section_lastmods(client) == {url: day for url in SECTION_URLS}


def set_times(article, **times):
    """Give ``article`` times it had in the past (updated_at is set on every save), and drop the stored pages."""
    Article.objects.filter(pk=article.pk).update(**times)
    invalidate_everything()


@pytest.fixture
def online(make_article):
    """A public article of the section, published 06/01/2025 and last edited 10/01/2025."""
    article = make_article(title_vi="Bài đã đăng", published_at=hanoi(2025, 1, 6, 9, 30))
    set_times(article, updated_at=hanoi(2025, 1, 10, 8, 0))
    return article


def test_drafts_reviews_and_scheduled_articles_edited_later_leave_it(client, online, make_article):
    later = timezone.now() + timedelta(days=3)
    draft = make_article(title_vi="Bản nháp", status=S.DRAFT, published_at=None)
    make_article(title_vi="Chờ duyệt", status=S.REVIEW, published_at=None)
    make_article(title_vi="Hẹn giờ", published_at=later)  # published, its time not yet come
    expect(client, "2025-01-10")
    draft.title_vi = "Bản nháp, sửa lại"
    draft.save()
    expect(client, "2025-01-10")


def test_the_public_articles_own_edit_moves_it(client, online):
    expect(client, "2025-01-10")
    online.title_vi = "Bài đã đăng, đính chính"
    online.save()
    expect(client, timezone.localdate().isoformat())


def test_a_scheduled_article_counts_from_the_moment_it_goes_live(client, online, make_article):
    went_live = timezone.now() - timedelta(days=2)
    scheduled = make_article(title_vi="Hẹn giờ", published_at=went_live)
    set_times(scheduled, updated_at=went_live - timedelta(days=3))  # saved while it was waiting
    expect(client, timezone.localdate(went_live).isoformat())


def test_taking_an_article_off_the_site_moves_it_and_later_edits_of_it_do_not(client, online, make_article):
    old = make_article(title_vi="Bài sẽ gỡ", published_at=hanoi(2025, 1, 2, 9, 0))
    ArticleTransition.objects.create(article=old, from_status=S.PUBLISHED, to_status=S.ARCHIVED,
                                     at=hanoi(2025, 2, 15, 14, 0))
    set_times(old, status=S.ARCHIVED, updated_at=hanoi(2025, 3, 1, 8, 0))  # edited again once archived
    # An article scheduled for later and withdrawn before its time never was on the page.
    never = make_article(title_vi="Không bao giờ lên", published_at=hanoi(2025, 4, 1, 9, 0))
    ArticleTransition.objects.create(article=never, from_status=S.PUBLISHED, to_status=S.DRAFT,
                                     at=hanoi(2025, 3, 20, 9, 0))
    set_times(never, status=S.DRAFT, updated_at=hanoi(2025, 3, 20, 9, 0))
    expect(client, "2025-02-15")


def test_a_section_without_public_articles_has_no_lastmod(client, make_article):
    make_article(title_vi="Bản nháp", status=S.DRAFT, published_at=None)
    expect(client, None)


def test_the_index_dates_the_sections_sitemap_by_the_newest_public_change(client, online, make_article):
    make_article(title_vi="Bản nháp", status=S.DRAFT, published_at=None)  # edited now, after every public change
    index = ET.fromstring(client.get("/sitemap.xml").content)
    dates = {
        entry.find(f"{SITEMAP}loc").text: entry.find(f"{SITEMAP}lastmod").text
        for entry in index.iter(f"{SITEMAP}sitemap") if entry.find(f"{SITEMAP}lastmod") is not None
    }
    assert datetime.fromisoformat(dates["http://testserver/sitemap-sections.xml"]) == hanoi(2025, 1, 10, 8, 0)
