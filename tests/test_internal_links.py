"""Links and pictures chosen in the body editor are references (news/internal_links.py): what readers get.

The sanitizer keeps the two reference attributes only in their exact form; the article page shows each link
with its target's address as it is now (a renamed slug, a moved article, a document or organization renamed),
drops the link of a target readers cannot see (its words stay), shows a library picture's current rendition and
alt text, and the page kept by the page cache changes when a target does. A fixed number of queries whatever the
number of links.
"""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from news import internal_links
from news.models import Article, Directive, Image, Organization, Section
from news.sanitize import sanitize_html
from tests.factories import image_upload


@pytest.mark.parametrize("html, kept", [
    ('<a href="/x/" data-link="article:12">x</a>', 'data-link="article:12"'),
    ('<a href="/x/" data-link="directive:7">x</a>', 'data-link="directive:7"'),
    ('<a href="/x/" data-link="organization:3">x</a>', 'data-link="organization:3"'),
    ('<img src="/a.jpg" alt="A" data-image="5">', 'data-image="5"'),
])
def test_the_sanitizer_keeps_references_in_their_exact_form(html, kept):
    assert kept in sanitize_html(html)
    assert sanitize_html(sanitize_html(html)) == sanitize_html(html)


@pytest.mark.parametrize("html", [
    '<a href="/x/" data-link="user:3">x</a>',
    '<a href="/x/" data-link="article:0">x</a>',
    '<a href="/x/" data-link="article:12 ">x</a>',
    '<a href="/x/" data-link="article:1;directive:2">x</a>',
    '<a href="/x/" data-link="javascript:alert(1)">x</a>',
    '<a href="/x/" data-link=\'article:1" onclick="alert(1)\'>x</a>',
    '<a href="/x/" data-image="5">x</a>',
    '<img src="/a.jpg" data-image="5x">',
    '<img src="/a.jpg" data-image="-5">',
    '<img src="/a.jpg" data-link="article:1">',
    '<p data-link="article:1">x</p>',
])
def test_the_sanitizer_drops_forged_references(html):
    cleaned = sanitize_html(html)
    assert "data-link" not in cleaned and "data-image" not in cleaned and "onclick" not in cleaned


@pytest.fixture
def section2(db):
    return Section.objects.create(name_vi="Hoạt động", name_en="Activities")


@pytest.fixture
def target(make_article):
    return make_article(title_vi="Lễ kỷ niệm 80 năm", slug_vi="le-ky-niem-80-nam", title_en="The 80th anniversary",
                        body_en="<p>Body.</p>", slug_en="80th-anniversary")


def linking(make_article, body, **fields):
    return make_article(title_vi="Bài dẫn liên kết", slug_vi="bai-dan-lien-ket", body_vi=sanitize_html(body),
                        **fields)


def links_of(html):
    """(href, text) of each link in ``html``."""
    return re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', html)


def test_a_link_follows_its_article_to_a_new_slug_and_section(client, make_article, target, section2, one_host):
    article = linking(make_article, f'<p>Xem <a href="/cu/" data-link="article:{target.pk}">lễ kỷ niệm</a>.</p>')
    page = client.get(article.get_absolute_url())
    assert links_of(page.content.decode()).count((target.get_absolute_url(), "lễ kỷ niệm")) == 1

    target.slug_vi = "le-ky-niem-80-nam-thanh-lap"
    target.section = section2
    target.save()
    page = client.get(article.get_absolute_url())  # the page kept by the page cache is dropped with its target
    assert (f"/tin-tuc/{section2.slug_vi}/le-ky-niem-80-nam-thanh-lap/", "lễ kỷ niệm") in links_of(
        page.content.decode())

    # A renamed section (no save of the article) is followed too.
    section2.slug_vi = "hoat-dong-cua-bo"
    section2.save()
    page = client.get(article.get_absolute_url())
    assert ("/tin-tuc/hoat-dong-cua-bo/le-ky-niem-80-nam-thanh-lap/", "lễ kỷ niệm") in links_of(page.content.decode())


def test_the_english_page_links_to_the_english_address(make_article, target):
    article = linking(make_article, f'<p><a href="/cu/" data-link="article:{target.pk}">x</a></p>')
    with translation.override("en"):
        assert links_of(internal_links.render(article.body_vi)) == [(target.get_absolute_url(), "x")]
        assert "/en/" in target.get_absolute_url()


def test_links_to_what_readers_cannot_see_become_their_words(client, make_article, one_host):
    draft = make_article(title_vi="Bản nháp", slug_vi="ban-nhap", status="draft", published_at=None)
    article = linking(make_article, f'<p>Xem <a href="/ban-nhap/" data-link="article:{draft.pk}">bài sắp đăng</a> '
                                    f'và <a href="/x/" data-link="directive:999999">văn bản đã xoá</a>.</p>')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Xem bài sắp đăng và văn bản đã xoá." in html
    assert "/ban-nhap/" not in html and "/x/" not in html

    draft.status = Article.Status.PUBLISHED
    draft.published_at = article.published_at
    draft.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert (draft.get_absolute_url(), "bài sắp đăng") in links_of(html)


def test_documents_and_organizations_links_follow_their_slugs(client, make_article, one_host):
    from datetime import date

    directive = Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2016, 5, 15))
    organization = Organization.objects.create(name_vi="Cục Đầu tư nước ngoài")
    article = linking(make_article, f'<p><a href="/a/" data-link="directive:{directive.pk}">Chỉ thị 05</a> của '
                                    f'<a href="/b/" data-link="organization:{organization.pk}">Cục</a></p>')
    html = client.get(article.get_absolute_url()).content.decode()
    assert links_of(html)[-2:] == [(directive.get_absolute_url(), "Chỉ thị 05"),
                                   (organization.get_absolute_url(), "Cục")] or {
        (directive.get_absolute_url(), "Chỉ thị 05"), (organization.get_absolute_url(), "Cục")} <= set(links_of(html))
    directive.slug = "chi-thi-05-ve-hoc-tap"
    directive.save()
    organization.slug = "cuc-dau-tu-nuoc-ngoai-moi"
    organization.save()
    links = set(links_of(client.get(article.get_absolute_url()).content.decode()))
    assert {("/van-ban/chi-thi-05-ve-hoc-tap/", "Chỉ thị 05"), ("/to-chuc/cuc-dau-tu-nuoc-ngoai-moi/", "Cục")} <= links


def test_a_document_picked_in_the_editor_counts_as_cited(client, make_article, one_host):
    from datetime import date

    directive = Directive.objects.create(number="12-KL/TW", document_type="ket-luan", issued_on=date(2021, 7, 1))
    # The words linked say nothing the citation finder reads ("kết luận này"): only the reference names it.
    article = linking(make_article, f'<p>Theo <a href="/a/" data-link="directive:{directive.pk}">kết luận này</a>.</p>')
    assert list(article.cited_directives.all()) == [directive]
    assert article.get_absolute_url() in client.get(directive.get_absolute_url()).content.decode()


def test_a_library_picture_shows_its_current_rendition_and_alt_text(client, make_article, one_host):
    image = Image.objects.create(file=image_upload("cu.png"), alt_vi="Đại biểu dâng hoa")
    old = image.renditions.get(format="jpeg", width=64).file.url
    article = linking(make_article, f'<figure><img src="{old}" alt="cũ" data-image="{image.pk}">'
                                    '<figcaption>Lễ dâng hoa</figcaption></figure>')
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{old}"' in html and 'alt="Đại biểu dâng hoa"' in html and "Lễ dâng hoa" in html

    image.file = image_upload("moi.png", size=(80, 60))  # a new file: new renditions, the old ones deleted
    image.alt_vi = "Toàn cảnh lễ dâng hoa"
    image.save()
    new = image.renditions.get(format="jpeg", width=80).file.url
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{new}"' in html and old not in html
    assert 'alt="Toàn cảnh lễ dâng hoa"' in html and 'width="80" height="60"' in html


def test_a_body_without_references_costs_no_query(make_article):
    article = make_article(body_vi='<p><a href="/tin-tuc/">Tin tức</a></p>')
    with CaptureQueriesContext(connection) as queries:
        assert article.body_html() == article.body_vi
    assert not queries


def _page_queries(client, article):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_article_page_costs_a_fixed_number_of_queries_with_0_1_and_5_links(client, make_article, settings,
                                                                               clock):
    from datetime import date

    settings.PAGE_CACHE_ENABLED = False  # every request renders its page
    targets = [make_article(title_vi=f"Đích {n}", slug_vi=f"dich-{n}") for n in range(5)]
    directives = [Directive.objects.create(number=f"{n}-CT/TW", document_type="chi-thi",
                                           issued_on=date(2020, 1, 1)) for n in range(1, 6)]
    organizations = [Organization.objects.create(name_vi=f"Tổ chức {n}") for n in range(5)]
    images = [Image.objects.create(file=image_upload(f"{n}.png", size=(8, 8)), alt_vi=f"Ảnh {n}") for n in range(5)]

    def body(count):
        return "<p>Mở đầu.</p>" + "".join(
            f'<p><a href="/a/" data-link="article:{a.pk}">a</a> <a href="/d/" data-link="directive:{d.pk}">d</a> '
            f'<a href="/o/" data-link="organization:{o.pk}">o</a></p>'
            f'<figure><img src="/i.jpg" alt="" data-image="{i.pk}"></figure>'
            for a, d, o, i in list(zip(targets, directives, organizations, images))[:count]
        )

    pages = {count: make_article(title_vi=f"Bài {count} liên kết", slug_vi=f"bai-{count}-lien-ket",
                                 body_vi=body(count)) for count in (0, 1, 5)}
    _page_queries(client, pages[0])  # what every page reads once (the site's parts)
    counts = {count: _page_queries(client, page) for count, page in pages.items()}
    # One query per kind of link, two for the pictures (with their renditions), whatever their number.
    assert counts[1] == counts[5] == counts[0] + 3 + 2, counts
    assert len(links_of(client.get(pages[5].get_absolute_url()).content.decode())) >= 15
