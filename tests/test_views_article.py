"""The anniversary article as a reader sees it, in Vietnamese and in English."""
from pathlib import Path

import pytest

from tests.factories import EN_URL, VI_URL
from tests.pages import elements, reading_order, texts

DATA = Path(__file__).parent / "data"


def seed_blocks():
    """The MPI page's text, one block per non-empty line, as the portal showed it."""
    lines = (DATA / "anniversary_vi.txt").read_text(encoding="utf-8").splitlines()
    return [line.rstrip() for line in lines if line.strip()]


def english_blocks():
    return (DATA / "anniversary_en.txt").read_text(encoding="utf-8").strip().split("\n\n")


def assert_in_order(expected, page):
    position = 0
    for block in expected:
        assert block in page[position:], f"missing or out of order: {block[:70]!r}"
        position = page.index(block, position) + 1


@pytest.fixture
def vi_page(client, demo):
    response = client.get(VI_URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def en_page(client, demo):
    response = client.get(EN_URL)
    assert response.status_code == 200
    return response.content.decode()


def test_home_links_the_anniversary_article(client, demo):
    response = client.get("/")
    titles = {link.text for link in elements(response.content, "a", href=VI_URL) if link.text}
    assert titles == {"Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"}


def test_article_page_matches_the_portal_paragraph_for_paragraph(vi_page):
    seed = seed_blocks()
    assert len(seed) == 27  # Sign In, title, date, lead, caption, 20 body paragraphs, Tag:, File đính kèm
    assert_in_order(seed, reading_order(vi_page))


def test_every_body_paragraph_is_verbatim_and_in_order(vi_page):
    body = [element.text for element in elements(vi_page) if element.tag == "p"]
    body = body[body.index(seed_blocks()[5]):][:20]
    assert body == seed_blocks()[5:25]


def test_article_page_layout(vi_page):
    assert texts(vi_page, "h1") == ["Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"]
    assert texts(vi_page, "time", datetime="2024-04-15T15:43:00+07:00")[0] == "15:43 15/04/2024"
    lead = elements(vi_page, "p", class_="article-lead")[0]
    assert lead.text.startswith("(MPI) - Ngày 11/4/2007, Bộ Chính trị ban hành Quyết định số 47-QĐ/TW")
    assert elements(vi_page, "strong")[0].text == lead.text  # the lead is bold
    assert texts(vi_page, "figcaption") == ["Ban chấp hành Đảng bộ Khối khóa XIII, nhiệm kỳ 2020-2025"]
    crumbs = texts(vi_page, "nav", class_="breadcrumb")[0]
    assert "Trang chủ" in crumbs and "Hoạt động Đảng, đoàn thể" in crumbs
    assert elements(vi_page, "html")[0].attrs["lang"] == "vi"
    assert [a.text for a in elements(vi_page, "a", class_="sign-in")] == ["Sign In"]


def test_photo_is_served_with_alt_text_and_size(client, vi_page):
    image = elements(vi_page, "img")[0]
    assert image.attrs["alt"].startswith("Ảnh minh họa")
    assert (image.attrs["width"], image.attrs["height"]) == ("1200", "800")
    # Served as resized renditions of the library image (news/renditions.py), never wider than the original.
    assert image.attrs["src"].startswith("/media/images/renditions/") and image.attrs["src"].endswith(".jpg")
    assert [part.split()[-1] for part in image.attrs["srcset"].split(", ")] == ["480w", "960w", "1200w"]
    [webp] = elements(vi_page, "source", type="image/webp")
    assert webp.attrs["srcset"].count(".webp ") == 3


def test_title_and_open_graph_come_from_the_article(vi_page):
    assert texts(vi_page, "title")[0].startswith("Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối")
    og = {e.attrs["property"]: e.attrs["content"] for e in elements(vi_page, "meta") if "property" in e.attrs}
    assert og["og:title"] == "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"
    assert og["og:url"].endswith(VI_URL)
    assert og["og:image"].endswith(".jpg")
    assert og["og:locale"] == "vi_VN"


def test_hreflang_links_point_to_both_language_versions(vi_page, en_page):
    for page in (vi_page, en_page):
        alternates = {
            e.attrs["hreflang"]: e.attrs["href"] for e in elements(page, "link", rel="alternate") if "hreflang" in e.attrs
        }
        assert alternates["vi"].endswith(VI_URL)
        assert alternates["en"].endswith(EN_URL)


def test_language_switch_lands_on_the_same_article(client, vi_page, en_page):
    [to_english] = elements(vi_page, "a", hreflang="en", lang="en")
    assert to_english.attrs["href"] == EN_URL and to_english.text == "EN"
    [to_vietnamese] = elements(en_page, "a", hreflang="vi", lang="vi")
    assert to_vietnamese.attrs["href"] == VI_URL and to_vietnamese.text == "VN"


def test_english_page_shows_the_translation_with_english_labels(en_page):
    blocks = english_blocks()
    title, caption, lead, body = blocks[0], blocks[1], blocks[2], blocks[3:]
    assert elements(en_page, "html")[0].attrs["lang"] == "en"
    assert texts(en_page, "h1") == [title]
    assert texts(en_page, "figcaption") == [caption]
    assert texts(en_page, "p", class_="article-lead") == [f"(MPI) - {lead}"]
    assert_in_order(body + ["Tags:", "Attachments"], reading_order(en_page))
    assert "File đính kèm" not in en_page and "Tag:" not in texts(en_page, "p")
    assert texts(en_page, "time", datetime="2024-04-15T15:43:00+07:00")[0] == "15:43 15/04/2024"
    assert [a.text for a in elements(en_page, "a", class_="sign-in")] == ["Sign In"]
    assert "Home" in texts(en_page, "nav", class_="breadcrumb")[0]


def test_header_and_footer(vi_page):
    assert "BỘ KẾ HOẠCH VÀ ĐẦU TƯ" in texts(vi_page, "span", class_="brand-vi")
    assert "MINISTRY OF PLANNING AND INVESTMENT" in texts(vi_page, "span", class_="brand-en")
    footer = texts(vi_page, "address")[0]
    assert "6B Hoàng Diệu, Ba Đình, Hà Nội" in footer
    menu = texts(vi_page, "nav", class_="main-menu")[0]
    assert "Hoạt động Đảng, đoàn thể" in menu
    [box] = elements(vi_page, "input", type="search")  # the header's search box, labelled
    assert texts(vi_page, "label", **{"for": box.attrs["id"]}) == ["Tìm kiếm"]


def test_article_page_query_count(client, demo, django_assert_max_num_queries):
    # The article with its tags, attachments and renditions, the section list, its related organizations, menu,
    # footer, and when the next scheduled article goes live and the next draft's comment period opens or closes
    # (page cache expiry: each read once, then kept until an edit stamps the schedule).
    with django_assert_max_num_queries(10):
        assert client.get(VI_URL).status_code == 200


def test_tags_and_attachments_are_listed(client, make_article):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from news.models import Tag

    article = make_article()
    tag = Tag.objects.create(name_vi="Kinh tế", name_en="Economy")
    article.tags.add(tag)
    article.attachments.create(
        title_vi="Báo cáo tổng hợp", file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n" + b"x" * 2038)
    )
    page = client.get(article.get_absolute_url()).content.decode()
    tags = elements(page, "p", class_="article-tags")[0]
    assert tags.text.startswith("Tag:") and "Kinh tế" in tags.text
    assert elements(page, "a", href="/tag/kinh-te/", rel="tag")
    attachments = texts(page, "section", class_="article-attachments")[0]
    assert "File đính kèm" in attachments and "Báo cáo tổng hợp" in attachments
    assert "(PDF, 2,0\xa0KB)" in attachments or "(PDF, 2.0\xa0KB)" in attachments
