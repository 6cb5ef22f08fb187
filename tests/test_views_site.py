"""Front page, archive, feeds, sitemap, robots.txt, print view, share block and error pages."""
import json
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from tests.factories import EN_URL, VI_URL
from tests.pages import elements, texts

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_front_page_has_lead_latest_sections_and_documents(client, demo, make_article):
    make_article(title_vi="Tin mới về đầu tư công")
    html = client.get("/").content.decode()
    lead = elements(html, "section", class_="front-lead")[0].text
    assert "Kỷ niệm 17 năm" in lead  # the newest article with a photo leads
    assert "Tin mới về đầu tư công" in elements(html, "section", class_="front-latest")[0].text
    blocks = texts(html, "section", class_="front-block")
    assert any(block.startswith("Hoạt động Đảng, đoàn thể") for block in blocks)
    assert any(block.startswith("Văn bản mới") and "Kết luận 21-KL/TW" in block for block in blocks)
    assert len(elements(html, "h1")) == 1


def test_month_archive_lists_that_month(client, demo):
    html = client.get("/luu-tru/2024/04/").content.decode()
    assert texts(html, "h1") == ["Tin tháng 04/2024"]
    assert elements(html, "a", href=VI_URL)
    assert "Tháng 04/2024" in texts(client.get("/luu-tru/2024/").content.decode(), "a")
    assert client.get("/en/archive/2024/04/").status_code == 200


def test_feeds_per_language_and_section(client, demo):
    rss = ET.fromstring(client.get("/rss/").content)
    assert rss.find("channel/language").text == "vi"
    assert rss.find("channel/item/title").text == "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"
    assert rss.find("channel/item/link").text.endswith(VI_URL)
    english = ET.fromstring(client.get("/en/rss/").content)
    assert english.find("channel/item/link").text.endswith(EN_URL)
    section = ET.fromstring(client.get("/rss/hoat-dong-dang-doan-the/").content)
    assert section.find("channel/title").text.startswith("Hoạt động Đảng, đoàn thể")
    atom = client.get("/en/atom/party-and-mass-organization-activities/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert client.get("/rss/khong-co/").status_code == 404


def test_sitemap_lists_every_public_page_with_alternates(client, demo, make_article):
    from news.models import Article

    draft = make_article(title_vi="Bản nháp", status=Article.Status.DRAFT)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    urls = {}
    for section in sections:
        page = ET.fromstring(client.get(section.replace("http://testserver", "")).content)
        for url in page.iter(f"{SITEMAP}url"):
            urls[url.find(f"{SITEMAP}loc").text] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
    article = urls[f"http://testserver{VI_URL}"]
    assert article["en"] == f"http://testserver{EN_URL}" and article["x-default"] == f"http://testserver{VI_URL}"
    for expected in ("/van-ban/quyet-dinh-47-qd-tw-2007-04-11/", "/en/documents/quyet-dinh-47-qd-tw-2007-04-11/",
                     "/to-chuc/dang-bo-khoi-cac-co-quan-trung-uong/", "/chuyen-muc/hoat-dong-dang-doan-the/",
                     "/en/sections/party-and-mass-organization-activities/"):
        assert f"http://testserver{expected}" in urls
    assert not any(draft.slug_vi in url for url in urls)
    vi_only = make_article(title_vi="Chỉ có tiếng Việt")
    page = client.get("/sitemap-articles.xml").content.decode()
    assert vi_only.slug_vi in page and "/en/news/news-and-events/" not in page


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /en/admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_print_view_is_the_article_alone(client, demo):
    html = client.get(VI_URL + "in/").content.decode()
    assert texts(html, "h1") == ["Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"]
    assert not elements(html, "nav") and not elements(html, "a", class_="sign-in")
    assert elements(html, "meta", name="robots", content="noindex")
    assert "Ban chấp hành Đảng bộ Khối khóa XIII, nhiệm kỳ 2020-2025" in texts(html, "figcaption")
    article = client.get(VI_URL).content.decode()
    [print_link] = [a for a in elements(article, "a") if a.text == "In bài"]
    assert print_link.attrs["href"] == VI_URL + "in/"


def test_share_block_needs_no_third_party_script(client, demo):
    html = client.get(VI_URL).content.decode()
    tools = elements(html, "aside", class_="article-tools")[0]
    assert "Facebook" in tools.text and "Thư điện tử" in tools.text
    scripts = [s for s in elements(html, "script") if s.attrs.get("type") != "application/ld+json"]
    assert scripts == []


def test_json_ld_news_article(client, demo):
    html = client.get(EN_URL).content.decode()
    [block] = elements(html, "script", type="application/ld+json")
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "en"
    assert data["headline"] == "17th Anniversary of the Founding of the Party Committee of Central Agencies"
    assert data["datePublished"] == "2024-04-15T08:43:00+00:00"
    assert data["image"][0].endswith(".jpg")


def test_every_page_has_a_canonical_url(client, demo):
    html = client.get("/van-ban/?type=chi-thi").content.decode()
    [canonical] = elements(html, "link", rel="canonical")
    assert canonical.attrs["href"] == "http://testserver/van-ban/"


@pytest.mark.parametrize(
    "path, language, heading, home",
    [("/khong-co-trang-nay/", "vi", "Không tìm thấy trang", "/"), ("/en/no-such-page/", "en", "Page not found", "/en/")],
)
def test_404_in_the_site_layout_and_language(client, demo, path, language, heading, home):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert elements(html, "html")[0].attrs["lang"] == language
    assert texts(html, "h1") == [heading]
    assert elements(html, "a", class_="sign-in") and elements(html, "nav", class_="main-menu")
    assert any(a.attrs.get("href") == home for a in elements(html, "a"))


@pytest.mark.parametrize("path, language, heading", [("/loi/", "vi", "Lỗi máy chủ"), ("/en/boom/", "en", "Server error")])
def test_500_in_both_languages_without_the_database(client, path, language, heading, settings):
    from django.urls import path as url_path

    def boom(request):
        raise RuntimeError("boom")

    import orgsite.urls

    urlconf = type("urlconf", (), {"urlpatterns": [url_path(path.strip("/") + "/", boom)] + orgsite.urls.urlpatterns,
                                   "handler500": orgsite.urls.handler500})
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=urlconf):
        response = client.get(path)
    assert response.status_code == 500
    html = response.content.decode()
    assert elements(html, "html")[0].attrs["lang"] == language
    assert texts(html, "h1") == [heading]


def test_article_sitemap_pages_list_every_url_once_across_languages(client, make_article, monkeypatch):
    """Pages are cut in the database (Vietnamese pairs, then English): none lost or repeated at a boundary."""
    from datetime import timedelta

    from django.utils import timezone

    from news.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    now = timezone.now()
    for number in range(4):
        make_article(title_vi=f"Bài song ngữ {number}", title_en=f"Bilingual story {number}",
                     body_en="<p>English.</p>", published_at=now - timedelta(hours=number))
    for number in range(3):
        make_article(title_vi=f"Bài tiếng Việt {number}", published_at=now - timedelta(days=1, hours=number))
    index = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "sitemap-articles" in loc.text]
    assert len(pages) == 4  # 7 Vietnamese + 4 English addresses, 3 a page
    listed = []
    for page in pages:
        tree = ET.fromstring(client.get(page.replace("http://testserver", "")).content)
        listed += [url.find(f"{SITEMAP}loc").text for url in tree.iter(f"{SITEMAP}url")]
    assert len(listed) == len(set(listed)) == 11
    assert sum("/en/news/" in url for url in listed) == 4


def test_article_sitemap_leaves_out_english_pages_without_a_vietnamese_one(client, make_article):
    english_only = make_article(title_vi="", body_vi="", lead_vi="", title_en="English only story",
                                body_en="<p>English.</p>")
    assert english_only.slug_en
    page = client.get("/sitemap-articles.xml").content.decode()
    assert english_only.slug_en not in page


# --- The organization directory: current organizations, and the dissolved ones apart ---------------------------


def directory_branches(html):
    """{name: text of its <li>} for every organization of the directory's current tree (its units nested)."""
    start = html.index('<div class="org-tree">')
    tree = html[start:html.index("</div>\n", start)]
    return {li.text.split("\n")[0].strip(): li.text for li in elements(tree, "li")}


def top_level(html):
    """The names at the top of the directory's current tree."""
    start = html.index('<div class="org-tree">')
    tree = html[start:]
    depth, names = 0, []
    for token in tree.split("<")[1:]:
        if token.startswith("ul"):
            depth += 1
        elif token.startswith("/ul"):
            depth -= 1
            if depth == 0:
                return names
        elif token.startswith("a ") and depth == 1:
            names.append(token.split(">", 1)[1])
    return names


def test_directory_lists_the_dissolved_blocs_under_their_successor_not_as_current_units(client, demo):
    html = client.get("/to-chuc/").content.decode()
    assert top_level(html) == ["Ban Chấp hành Trung ương Đảng", "Bộ Kế hoạch và Đầu tư"]
    committee = elements(html, "a", href="/to-chuc/dang-bo-khoi-cac-co-quan-trung-uong/")[0]
    [formerly] = elements(html, "div", class_="org-formerly")
    assert formerly.text.startswith("Hình thành từ:")
    blocs = [a.text for a in elements(html[html.index('<div class="org-formerly">'):], "a")][:8]
    assert blocs == [
        "Ban Cán sự Đảng Ngoài nước", "Đảng bộ Khối Dân vận", "Đảng bộ Khối Đối ngoại", "Đảng bộ Khối I",
        "Đảng bộ Khối Khoa giáo", "Đảng bộ Khối Kinh tế", "Đảng bộ Khối Nội chính", "Đảng bộ Khối Tư tưởng",
    ]
    assert texts(html, "span", class_="org-dissolved") == [texts(html, "span", class_="org-dissolved")[0]] * 8
    assert "11/04/2007" in texts(html, "span", class_="org-dissolved")[0]
    # The blocs come after the committee that replaced them, inside its branch of the Central Committee.
    central = directory_branches(html)["Ban Chấp hành Trung ương Đảng"]
    assert central.index(committee.text) < central.index("Đảng bộ Khối Kinh tế")
    assert not elements(html, "section", class_="org-dissolved-part")  # every dissolved one has a successor


def test_directory_in_english_too(client, demo):
    html = client.get("/en/organizations/").content.decode()
    assert top_level(html) == ["Ministry of Planning and Investment", "Party Central Committee"]
    assert texts(html, "span", class_="org-formerly-label") == ["Formed from:"]


def test_dissolved_with_no_successor_are_listed_apart_and_their_units_with_them(client, db):
    from datetime import date

    from news.models import Organization

    ministry = Organization.objects.create(name_vi="Bộ Thủy sản", dissolved_on=date(2007, 8, 1))
    Organization.objects.create(name_vi="Vụ Kế hoạch Thủy sản", parent=ministry, dissolved_on=date(2007, 8, 1))
    survivor = Organization.objects.create(name_vi="Viện Nghiên cứu Hải sản", parent=ministry)
    html = client.get("/to-chuc/").content.decode()
    assert top_level(html) == [survivor.name_vi]  # a current unit is never hidden among dissolved ones
    [part] = elements(html, "section", class_="org-dissolved-part")
    assert texts(html, "h2", id="dissolved-heading")
    assert part.text.index("Bộ Thủy sản") < part.text.index("Vụ Kế hoạch Thủy sản")
    assert "Viện Nghiên cứu Hải sản" not in part.text
    assert len(texts(html, "span", class_="org-dissolved")) == 2


def test_a_dissolved_organization_page_says_since_when_and_links_its_successor(client, demo):
    html = client.get("/to-chuc/dang-bo-khoi-kinh-te/").content.decode()
    [status] = elements(html, "p", class_="org-status")
    assert "11/04/2007" in status.text and "Đảng bộ Khối các cơ quan Trung ương" in status.text
    assert elements(html, "a", href="/to-chuc/dang-bo-khoi-cac-co-quan-trung-uong/")
    assert not elements(client.get("/to-chuc/dang-bo-khoi-cac-co-quan-trung-uong/").content, "p", class_="org-status")


def test_an_organization_page_keeps_its_dissolved_units_apart_from_the_current_ones(client, demo):
    from datetime import date

    from news.models import Organization

    committee = Organization.objects.get(slug="dang-bo-khoi-cac-co-quan-trung-uong")
    Organization.objects.create(name_vi="Đảng ủy Ngoài nước", parent=committee)
    Organization.objects.create(name_vi="Đảng ủy cũ thử nghiệm", parent=committee, dissolved_on=date(2015, 1, 1))
    html = client.get(committee.get_absolute_url()).content.decode()
    terms = texts(html, "dt")
    details = texts(html, "dd")
    units = details[terms.index("Đơn vị trực thuộc")]
    assert "Đảng ủy Ngoài nước" in units and "Đảng ủy cũ thử nghiệm" not in units
    former = details[len(terms) - 1]
    assert "Đảng ủy cũ thử nghiệm" in former and "01/01/2015" in former


def test_changing_who_replaced_whom_refreshes_the_directory(client, demo, settings, django_capture_on_commit_callbacks):
    from news.models import Organization

    settings.PAGE_CACHE_CLOCK_SKEW = 0
    settings.PAGE_CACHE_LEASE = 0
    client.get("/to-chuc/")
    assert client.get("/to-chuc/")["X-Page-Cache"] == "hit"
    committee = Organization.objects.get(slug="dang-bo-khoi-cac-co-quan-trung-uong")
    overseas = Organization.objects.get(slug="ban-can-su-dang-ngoai-nuoc")
    with django_capture_on_commit_callbacks(execute=True):
        committee.predecessors.remove(overseas)  # no save of either organization
    html = client.get("/to-chuc/").content.decode()
    [part] = elements(html, "section", class_="org-dissolved-part")
    assert "Ban Cán sự Đảng Ngoài nước" in part.text
