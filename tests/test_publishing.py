"""What the public may see: published, its time has come, written in the page's language."""
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from news.models import Article


def test_draft_is_404_for_the_public(client, make_article):
    article = make_article(status=Article.Status.DRAFT)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article.title_vi not in client.get("/").content.decode()


def test_future_article_is_404_until_its_time(client, make_article):
    article = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    article.published_at = timezone.now() - timedelta(seconds=1)
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_drafts_stay_hidden_from_signed_in_staff_on_the_public_site(admin_client, make_article):
    # Previews for staff are a separate, private feature; the public URL never shows a draft.
    article = make_article(status=Article.Status.DRAFT)
    assert admin_client.get(article.get_absolute_url()).status_code == 404


def test_article_without_english_is_not_on_the_english_site(client, make_article):
    article = make_article()
    with translation.override("en"):
        english_url = f"/en/news/{article.section.slug}/{article.slug_vi}/"
    assert client.get(english_url).status_code == 404
    assert article.title_vi not in client.get("/en/").content.decode()
    vi_page = client.get(article.get_absolute_url()).content.decode()
    assert 'hreflang="en" href' not in vi_page.split("</head>")[0]


def test_english_needs_title_and_body(client, make_article):
    title_only = make_article(title_en="Conference on 2025 tasks")
    assert title_only.slug_en == "conference-on-2025-tasks"
    assert not Article.objects.published("en").filter(pk=title_only.pk).exists()
    title_only.body_en = "<p>English body.</p>"
    title_only.save()
    assert Article.objects.published("en").filter(pk=title_only.pk).exists()
    assert client.get("/en/news/news-and-events/conference-on-2025-tasks/").status_code == 200


def test_published_is_chainable(make_article):
    make_article(title_vi="Tin một")
    make_article(title_vi="Tin hai", status=Article.Status.DRAFT)
    assert list(Article.objects.published().filter(title_vi="Tin một").values_list("title_vi", flat=True)) == [
        "Tin một"
    ]
    assert Article.objects.filter(title_vi__startswith="Tin").published().count() == 1


def test_wrong_section_in_url_redirects_to_the_canonical_address(client, make_article):
    article = make_article()
    response = client.get(f"/tin-tuc/chuyen-muc-cu/{article.slug_vi}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_publishing_without_a_time_means_now(make_article, clock):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    article.status = Article.Status.PUBLISHED
    article.full_clean()
    assert article.published_at == timezone.now()


def test_published_without_time_is_refused_by_the_database(make_article):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(published_at=None)


def test_section_page_lists_newest_first_and_paginates(client, make_article, section):
    base = timezone.now() - timedelta(days=30)
    for day in range(25):
        make_article(title_vi=f"Tin số {day:02d}", published_at=base + timedelta(days=day))
    first = client.get(section.get_absolute_url()).content.decode()
    assert "Tin số 24" in first and "Tin số 05" in first and "Tin số 04" not in first
    assert first.index("Tin số 24") < first.index("Tin số 23")
    second = client.get(section.get_absolute_url() + "?page=2").content.decode()
    assert "Tin số 04" in second and "Tin số 00" in second and "Tin số 05" not in second


def test_body_html_is_sanitized_on_save(client, make_article):
    article = make_article(body_vi='<p onclick="steal()">Nội dung<script>alert(1)</script></p><a href="javascript:x">x</a>')
    assert "script" not in article.body_vi and "onclick" not in article.body_vi and "javascript" not in article.body_vi
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "Nội dung" in page
