"""The portal's identity is data: its name, logo text, address and footer come from the owner organization's record
(settings.PORTAL_OWNER_SLUG) and its portal record, never from a template. Renaming the ministry is an admin edit
that changes every page (header, footer, titles, feeds, the article's publisher, the print view) and the admin's
header; the 500 page, which may not query the database, shows the last name a page was rendered with."""
import json
import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import translation

from news.models import Organization
from news.views.pages import server_error
from portal import identity
from portal.models import Portal
from tests.factories import EN_URL, VI_URL
from tests.pages import elements, form_data, texts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_host")]  # the page cache as one host

ROOT = Path(__file__).resolve().parent.parent
OWNER = "bo-ke-hoach-va-dau-tu"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def brand(html):
    return texts(html, "span", class_="brand-vi") + texts(html, "span", class_="brand-en")


def title(html):
    return texts(html, "title")[0]


def rename_in_admin(client, user, **fields):
    """What an administrator does: open the owner's change form in the admin, change fields, save."""
    client.force_login(user)
    owner = Organization.objects.get(slug=OWNER)
    url = f"/admin/news/organization/{owner.pk}/change/"
    response = client.post(url, {**form_data(client.get(url).content), **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()


# --- No template or module writes the name ---------------------------------------------------------------------------

NAMES = re.compile(r"planning and investment|kế hoạch và đầu tư", re.IGNORECASE)


def test_no_template_or_module_holds_the_ministry_name():
    holders = []
    for folder in ("templates", "news", "portal", "orgsite"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".html", ".py", ".txt", ".xml"} or "sample_data" in path.parts:
                continue  # news/sample_data/words.py: vocabulary of made-up articles, not the portal's name
            if NAMES.search(path.read_text(encoding="utf-8")):
                holders.append(str(path.relative_to(ROOT)))
    assert holders == []


# --- The demo keeps the 2024 identity ------------------------------------------------------------------------------

def test_demo_header_footer_and_titles_name_the_ministry_of_2024(client, demo):
    html = page(client, VI_URL)
    assert brand(html) == ["BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "MINISTRY OF PLANNING AND INVESTMENT"]
    assert title(html).endswith("| Bộ Kế hoạch và Đầu tư")
    footer = texts(html, "address")[0]
    assert footer.startswith("BỘ KẾ HOẠCH VÀ ĐẦU TƯ") and "6B Hoàng Diệu, Ba Đình, Hà Nội" in footer
    assert title(page(client, "/en/")) == "Ministry of Planning and Investment"


# --- Renaming is an admin edit that changes every page --------------------------------------------------------------

def test_renaming_the_owner_in_the_admin_changes_every_page(client, demo, people, settings):
    urls = ["/", "/en/", VI_URL, EN_URL, "/gioi-thieu/", "/en/site-map/", "/van-ban/", "/rss/", "/en/rss/"]
    before = {url: page(client, url) for url in urls}  # every one of them now cached
    assert all("Kế hoạch và Đầu tư" in html or "Planning and Investment" in html for html in before.values())

    rename_in_admin(client, people["administrator"], name_vi="Bộ Tài chính", name_en="Ministry of Finance",
                    short_name_vi="BTC", short_name_en="MOF", address_vi="28 Trần Hưng Đạo, Hà Nội",
                    address_en="28 Tran Hung Dao, Hanoi")

    for url in urls:
        html = page(client, url)
        if "/rss/" in url:
            assert not NAMES.search(html), url  # the feed's title and description
            continue
        # Header, footer and title; the pages' own texts may still tell the ministry's history (About does).
        shown = " ".join([*brand(html), title(html), *texts(html, "address")])
        assert not NAMES.search(shown) and ("Tài chính" in shown or "TÀI CHÍNH" in shown), url
    home, en_home = page(client, "/"), page(client, "/en/")
    assert brand(home) == ["BỘ TÀI CHÍNH", "MINISTRY OF FINANCE"] == brand(en_home)
    assert title(home) == "Bộ Tài chính" and title(en_home) == "Ministry of Finance"
    assert texts(home, "address")[0].startswith("BỘ TÀI CHÍNH") and "28 Trần Hưng Đạo, Hà Nội" in texts(home, "address")[0]
    assert "28 Tran Hung Dao, Hanoi" in texts(en_home, "address")[0]
    assert texts(en_home, "h1") == ["Ministry of Finance: News"]
    article = page(client, EN_URL)
    assert title(article).endswith("| Ministry of Finance")
    [data] = [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', article)]
    assert data["publisher"]["name"] == "Ministry of Finance"
    printed = page(client, EN_URL + "print/")
    assert texts(printed, "p", class_="print-brand") == ["BỘ TÀI CHÍNH · MINISTRY OF FINANCE"]
    feed = page(client, "/en/rss/")
    assert "<title>Ministry of Finance</title>" in feed
    assert "Ministry of Finance portal" in feed  # the description
    # The admin's header: every admin page, in each language.
    client.force_login(people["editor"])
    assert "Ministry of Finance portal" in texts(page(client, "/en/admin/"), "div", id="site-name")[0]
    assert "Bộ Tài chính" in texts(page(client, "/admin/"), "div", id="site-name")[0]


def test_the_logo_text_and_footer_lines_are_portal_data(client, demo):
    page(client, "/")
    portal = Portal.objects.get(owner__slug=OWNER)
    portal.logo_text_vi = "BỘ KẾ HOẠCH VÀ ĐẦU TƯ (2024)"
    portal.footer_text_vi = "Giấy phép số 000/GP-TTĐT\nGhi rõ nguồn khi phát hành lại thông tin từ cổng này."
    portal.save()
    html = page(client, "/")
    assert brand(html) == ["BỘ KẾ HOẠCH VÀ ĐẦU TƯ (2024)", "MINISTRY OF PLANNING AND INVESTMENT"]
    assert '<p class="footer-note">Giấy phép số 000/GP-TTĐT<br>Ghi rõ nguồn khi phát hành lại thông tin từ cổng này.</p>' in html


def test_a_site_without_an_owner_names_nobody(client, section, staff_client):
    html = page(client, "/en/")
    assert title(html) == "News portal"  # a neutral title, until the owner's record exists
    assert texts(html, "address") == []
    assert [element.text for element in elements(html, "a", class_="brand-link")] == ["Home"]
    assert "Portal administration" in texts(page(staff_client, "/en/admin/"), "div", id="site-name")[0]


def test_pointing_the_portal_at_another_owner_is_a_setting(client, demo, settings):
    Organization.objects.create(name_vi="Bộ Tài chính", name_en="Ministry of Finance", slug="bo-tai-chinh")
    settings.PORTAL_OWNER_SLUG = "bo-tai-chinh"
    html = page(client, "/en/about/")
    assert brand(html) == ["BỘ TÀI CHÍNH", "MINISTRY OF FINANCE"]
    assert texts(html, "h1") == ["About: Ministry of Finance"]


# --- The 500 page: no query; the last name a page was rendered with -------------------------------------------------

def render_500(path):
    request = RequestFactory().get(path)
    response = server_error(request)
    assert response.status_code == 500
    return response.content.decode()


def test_500_page_shows_the_last_known_name_without_a_query(client, demo, django_assert_num_queries):
    page(client, "/")  # a page rendered with the identity leaves it in the cache
    with django_assert_num_queries(0):
        html = render_500("/en/khong-co/")
    assert brand(html) == ["BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "MINISTRY OF PLANNING AND INVESTMENT"]
    assert title(html) == "Server error | Ministry of Planning and Investment"
    with django_assert_num_queries(0):
        vietnamese = render_500("/trang/")
    assert title(vietnamese).endswith("| Bộ Kế hoạch và Đầu tư")


def test_500_page_follows_a_rename_and_is_neutral_when_nothing_is_known(demo, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    html = render_500("/en/x/")
    assert title(html) == "Server error"  # nothing known: no name rather than a guess
    assert [element.text for element in elements(html, "a", class_="brand-link")] == ["Home"]
    with django_capture_on_commit_callbacks(execute=True):
        owner = Organization.objects.get(slug=OWNER)
        owner.name_en = "Ministry of Finance"
        owner.save()
    assert title(render_500("/en/x/")) == "Server error | Ministry of Finance"


def test_500_page_survives_a_cache_that_is_down(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(identity.cache, "get", broken)
    html = render_500("/en/x/")
    assert title(html) == "Server error"


# --- The sign-in lockout page names the portal too ------------------------------------------------------------------

def test_lockout_page_header_is_the_portals(client, demo, make_staff, settings):
    make_staff("editor", "bi-khoa")
    with translation.override("en"):
        for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
            response = client.post("/en/admin/login/?next=/en/admin/", {"username": "bi-khoa", "password": "sai"})
    html = response.content.decode()
    assert response.status_code == 429, response.status_code
    assert texts(html, "div", id="site-name") == ["Ministry of Planning and Investment portal"]
