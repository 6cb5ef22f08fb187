"""The portal's own pages, as a reader meets them: About (Giới thiệu), Access to information (Tiếp cận thông tin)
and the HTML site map, in both languages, from the demo's data; cached and dropped when what they show changes;
a fixed number of queries whatever the data; the favicon."""
import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Directive, Image, Organization, Section
from portal.models import InformationItem, Leader, Portal
from tests.factories import image_upload
from tests.pages import elements, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]  # the page cache as one host

ABOUT, ACCESS, SITE_MAP = "/gioi-thieu/", "/tiep-can-thong-tin/", "/so-do-trang/"
EN_ABOUT, EN_ACCESS, EN_SITE_MAP = "/en/about/", "/en/access-to-information/", "/en/site-map/"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def links(html):
    """(address, text) of every link on the page."""
    return {(element.attrs.get("href"), element.text) for element in elements(html, "a")}


def hrefs(html):
    return {href for href, _text in links(html)}


# --- About ----------------------------------------------------------------------------------------------------------

def test_about_shows_functions_chart_leadership_and_contacts_in_vietnamese(client, demo):
    html = page(client, ABOUT)
    assert elements(html, "html")[0].attrs["lang"] == "vi"
    [heading] = texts(html, "h1")
    assert heading.endswith(": Bộ Kế hoạch và Đầu tư")
    body = " ".join(texts(html, "main"))
    assert "thực hiện chức năng quản lý nhà nước về kế hoạch, đầu tư phát triển và thống kê" in body
    # The chart is the organization tree: the owner, then its units, each a link to its page.
    chart = elements(html, "div", class_="portal-chart")[0].text
    assert chart.index("Bộ Kế hoạch và Đầu tư") < chart.index("Tổng cục Thống kê")
    assert ("/to-chuc/tong-cuc-thong-ke/", "Tổng cục Thống kê") in links(html)
    assert ("/to-chuc/vu-quan-ly-quy-hoach/", "Vụ Quản lý quy hoạch") in links(html)
    assert texts(html, "h3") == ["Nguyễn Chí Dũng"]
    assert texts(html, "p", class_="portal-leader-title") == ["Bộ trưởng"]
    assert "6B Hoàng Diệu, Ba Đình, Hà Nội" in elements(html, "dl", class_="portal-contacts")[0].text


def test_about_in_english_and_the_language_switch(client, demo):
    html = page(client, EN_ABOUT)
    assert elements(html, "html")[0].attrs["lang"] == "en"
    assert texts(html, "h1") == ["About: Ministry of Planning and Investment"]
    assert "performing the state management of planning, development investment and statistics" in html
    assert texts(html, "p", class_="portal-leader-title") == ["Minister"]
    assert [h for h in texts(html, "h2")][:5] == [
        "Functions, tasks and powers", "Organization chart", "Leadership", "Addresses and contacts",
        "Official responsible for the portal",
    ]
    [to_vietnamese] = elements(html, "a", hreflang="vi", lang="vi")
    assert to_vietnamese.attrs["href"] == ABOUT
    [to_english] = elements(page(client, ABOUT), "a", hreflang="en", lang="en")
    assert to_english.attrs["href"] == EN_ABOUT


def test_about_shows_the_responsible_official_once_entered(client, demo, committed):
    def change():
        portal = Portal.objects.get(owner__slug="bo-ke-hoach-va-dau-tu")
        portal.responsible_name = "Nguyễn Văn A"
        portal.responsible_position_vi, portal.responsible_position_en = "Giám đốc Trung tâm", "Director of the Centre"
        portal.responsible_email = "cong-thong-tin@example.org"
        portal.save()

    page(client, EN_ABOUT)
    committed(change)
    html = page(client, EN_ABOUT)
    assert "Nguyễn Văn A" in html and "Director of the Centre" in html
    assert ("mailto:cong-thong-tin@example.org", "cong-thong-tin@example.org") in links(html)
    # Every page's footer names them too (decree 42/2022: who answers for the portal).
    footer = texts(page(client, "/en/"), "p", class_="footer-responsible")
    assert footer == ["Responsible for the portal: Nguyễn Văn A, Director of the Centre"]


def test_about_leader_portrait_from_the_image_library(client, demo):
    image = Image.objects.create(file=image_upload("chan-dung.png", size=(300, 400)), alt_vi="Ảnh chân dung")
    Leader.objects.filter(pk=1).update(portrait=image)
    html = page(client, EN_ABOUT)
    [portrait] = [img for img in elements(html, "img") if "Nguyễn Chí Dũng" == img.attrs.get("alt")]
    assert portrait.attrs["src"]


# --- Access to information -------------------------------------------------------------------------------------------

def test_access_to_information_lists_what_is_published_and_how_to_ask(client, demo):
    html = page(client, ACCESS)
    assert texts(html, "h1") and elements(html, "html")[0].attrs["lang"] == "vi"
    found = hrefs(html)
    assert "/van-ban/" in found  # the registry
    assert "/van-ban/?type=ke-hoach" in found  # plans
    assert "/gioi-thieu/" in found
    assert "104/2016/QH13" in html and "13/2018/NĐ-CP" in html
    forms = " ".join(texts(html, "li"))
    for form in ("Mẫu số 01a", "Mẫu số 01b", "Mẫu số 06"):
        assert form in forms
    assert "Phiếu yêu cầu cung cấp thông tin" in " ".join(texts(html, "ol"))


def test_access_to_information_in_english(client, demo):
    html = page(client, EN_ACCESS)
    assert elements(html, "html")[0].attrs["lang"] == "en"
    assert texts(html, "h1") == ["Access to information"]
    found = links(html)
    assert ("/en/documents/", "Legal and administrative documents") in found
    assert ("/en/about/", "Functions, tasks, powers and organization chart") in found
    assert "Form No. 01a: a citizen's information request" in " ".join(texts(html, "li"))
    assert texts(html, "h2") == ["Information published", "How to request information",
                                 "Focal point for providing information"]


def test_a_link_that_is_not_an_address_is_shown_as_text(client, demo):
    portal = Portal.objects.get(pk=1)
    InformationItem.objects.create(portal=portal, title_vi="Ngân sách", link="javascript:alert(1)")
    InformationItem.objects.create(portal=portal, title_vi="Thống kê", link="https://example.org/thong-ke")
    html = page(client, ACCESS)
    assert "javascript:" not in html
    assert "Ngân sách" in texts(html, "span")
    assert ("https://example.org/thong-ke", "Thống kê") in links(html)


def test_rich_text_is_cleaned_on_save(demo):
    portal = Portal.objects.get(pk=1)
    portal.access_procedure_vi = '<p onclick="x()">Gửi phiếu<script>alert(1)</script></p>'
    portal.save()
    portal.refresh_from_db()
    assert "script" not in portal.access_procedure_vi and "onclick" not in portal.access_procedure_vi
    assert "Gửi phiếu" in portal.access_procedure_vi


# --- The site map --------------------------------------------------------------------------------------------------

def test_site_map_lists_the_sections_pages_documents_and_organizations_that_exist(client, demo):
    Organization.objects.create(name_vi="Phòng Tổng hợp", slug="phong-tong-hop", parent_id=903)  # a third level
    html = page(client, SITE_MAP)
    found = hrefs(html)
    for path in (ABOUT, ACCESS, "/van-ban/", "/to-chuc/", "/sitemap.xml", "/rss/", "/"):
        assert path in found, path
    assert "/chuyen-muc/hoat-dong-dang-doan-the/" in found  # the demo's section
    # Document types: those the registry has, and only those.
    present = set(Directive.objects.values_list("document_type", flat=True))
    listed = {href.split("=")[1] for href in found if href.startswith("/van-ban/?type=")}
    assert listed == present
    # Two levels of the organization tree: the top ones and their units; the directory has the rest.
    assert {"/to-chuc/bo-ke-hoach-va-dau-tu/", "/to-chuc/tong-cuc-thong-ke/"} <= found
    assert "/to-chuc/phong-tong-hop/" not in found
    assert "/to-chuc/ban-chap-hanh-trung-uong-dang/" in found and "/to-chuc/bo-chinh-tri/" in found


def test_site_map_in_english_and_linked_from_every_footer(client, demo):
    html = page(client, EN_SITE_MAP)
    found = links(html)
    assert ("/en/about/", "About") in found and ("/en/access-to-information/", "Access to information") in found
    assert "/en/sections/party-and-mass-organization-activities/" in hrefs(html)
    for url, expected in (("/", {ABOUT, ACCESS, SITE_MAP}), ("/en/", {EN_ABOUT, EN_ACCESS, EN_SITE_MAP}),
                          (EN_ABOUT, {EN_ABOUT, EN_ACCESS, EN_SITE_MAP})):
        footer = page(client, url).split('<ul class="footer-links">')[1].split("</ul>")[0]
        assert expected <= hrefs(footer), url


def test_site_map_follows_new_sections_and_organizations(client, demo, committed):
    page(client, SITE_MAP)
    committed(lambda: Section.objects.create(name_vi="Kinh tế", name_en="Economy"))
    committed(lambda: Organization.objects.create(name_vi="Bộ Tài chính", name_en="Ministry of Finance"))
    found = hrefs(page(client, SITE_MAP))
    assert "/chuyen-muc/kinh-te/" in found and "/to-chuc/bo-tai-chinh/" in found


# --- Cached, and dropped when what they show changes ----------------------------------------------------------------

@pytest.mark.parametrize("url", [ABOUT, EN_ABOUT, ACCESS, EN_ACCESS, SITE_MAP, EN_SITE_MAP])
def test_second_visit_is_served_from_the_cache_without_a_query(client, demo, url, django_assert_num_queries):
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_editing_the_portal_record_drops_its_pages_and_only_what_shows_it(client, demo, committed, make_article):
    other = make_article(title_vi="Tin khác", published_at=timezone.now() - timezone.timedelta(hours=1))
    for url in (ABOUT, ACCESS, other.get_absolute_url()):
        page(client, url)

    def change():
        portal = Portal.objects.get(pk=1)
        portal.functions_vi = "<p>Chức năng đã sửa.</p>"
        portal.save()

    committed(change)
    assert "Chức năng đã sửa." in page(client, ABOUT)
    # The functions show on About alone: the news keeps its cached page.
    assert client.get(other.get_absolute_url())["X-Page-Cache"] == "hit"
    committed(lambda: Leader.objects.create(portal_id=1, name="Trần Văn B", job_title_vi="Thứ trưởng"))
    assert "Trần Văn B" in page(client, ABOUT)
    committed(lambda: InformationItem.objects.create(portal_id=1, title_vi="Kế hoạch năm 2024", kind="published"))
    assert "Kế hoạch năm 2024" in page(client, ACCESS)


def test_a_new_unit_of_the_owner_shows_on_the_chart(client, demo, committed):
    page(client, ABOUT)
    committed(lambda: Organization.objects.create(name_vi="Cục Đầu tư nước ngoài", parent_id=13))
    assert "Cục Đầu tư nước ngoài" in elements(page(client, ABOUT), "div", class_="portal-chart")[0].text


def test_a_dissolved_unit_leaves_the_chart(client, demo, committed):
    def dissolve():
        unit = Organization.objects.get(slug="vu-quan-ly-quy-hoach")
        unit.dissolved_on = timezone.localdate() - timezone.timedelta(days=1)
        unit.save()

    committed(dissolve)
    assert "Vụ Quản lý quy hoạch" not in elements(page(client, ABOUT), "div", class_="portal-chart")[0].text


# --- Queries: fixed whatever the data ------------------------------------------------------------------------------

def _queries(client, url):
    from django.core.cache import cache

    import pagecache

    cache.clear()
    pagecache.recent.forget()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(first, count):
    """``count`` more of everything these pages list: leaders with portraits, items, units, sections, documents."""
    portal = Portal.objects.get(pk=1)
    for number in range(first, first + count):
        image = Image.objects.create(file=image_upload(f"chan-dung-{number}.png"), alt_vi="Ảnh")
        Leader.objects.create(portal=portal, name=f"Lãnh đạo {number}", job_title_vi="Thứ trưởng", portrait=image)
        InformationItem.objects.create(portal=portal, title_vi=f"Thông tin {number}", link=f"/van-ban/?q={number}",
                                       kind=InformationItem.Kind.PUBLISHED if number % 2 else InformationItem.Kind.FORM)
        unit = Organization.objects.create(name_vi=f"Vụ số {number}", parent_id=13, address_vi=f"Số {number}")
        Organization.objects.create(name_vi=f"Phòng số {number}", parent=unit, phone=f"024 {number}")
        Organization.objects.create(name_vi=f"Cơ quan số {number}")
        Section.objects.create(name_vi=f"Chuyên mục {number}", name_en=f"Section {number}")
        Directive.objects.create(number=f"{number}/QĐ-BKHĐT", document_type="quyet-dinh",
                                 issued_on=timezone.localdate(), summary_vi="Quyết định")


@pytest.mark.parametrize("url", [ABOUT, EN_ABOUT, ACCESS, SITE_MAP, EN_SITE_MAP])
def test_query_count_does_not_grow_with_the_data(client, demo, clock, url):
    _grow(0, 1)
    client.get(url)  # renditions of any image are made on the first render, not counted
    small = _queries(client, url)
    _grow(1, 25)
    client.get(url)
    large = _queries(client, url)
    assert large == small, (url, small, large)
    assert small <= 8, small


# --- The favicon -----------------------------------------------------------------------------------------------------

def test_favicon_is_served_and_linked(client):
    from PIL import Image as PillowImage

    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/portal/favicon.ico"
    assert "max-age=86400" in response["Cache-Control"]
    path = finders.find("portal/favicon.ico")
    assert path, "static/portal/favicon.ico is missing: run scripts/draw_favicon.py"
    with PillowImage.open(path) as icon:
        assert icon.format == "ICO" and {(16, 16), (32, 32)} <= set(icon.info["sizes"])
    svg = finders.find("portal/favicon.svg")
    with open(svg, encoding="utf-8") as handle:
        assert handle.read().startswith("<svg")


def test_every_page_links_its_icons(client, demo):
    for url in ("/", "/en/", ABOUT):
        html = page(client, url)
        icons = {element.attrs["href"] for element in elements(html, "link") if "icon" in element.attrs["rel"]}
        assert icons == {"/static/portal/favicon.ico", "/static/portal/favicon.svg",
                         "/static/portal/apple-touch-icon.png"}
