"""A reader in a real browser: from the home page to the anniversary article, by mouse and by keyboard,
to English and back, and on a 320 px wide phone."""
import re
from pathlib import Path

import pytest

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

from tests.browser.journeys import reader_page  # noqa: E402 (it imports playwright: after the skip)

VI_URL = "/tin-tuc/hoat-dong-dang-doan-the/ky-niem-17-nam-ngay-thanh-lap-dang-bo-khoi-cac-co-quan-trung-uong/"
EN_URL = (
    "/en/news/party-and-mass-organization-activities/"
    "17th-anniversary-of-the-founding-of-the-party-committee-of-central-agencies/"
)
TITLE_VI = "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương"
TITLE_EN = "17th Anniversary of the Founding of the Party Committee of Central Agencies"
CAPTION_VI = "Ban chấp hành Đảng bộ Khối khóa XIII, nhiệm kỳ 2020-2025"
DATE = "15:43 15/04/2024"


def test_reader_opens_the_article_tabs_through_it_and_switches_language(page, site):
    page.goto("/")
    page.get_by_role("link", name=TITLE_VI, exact=True).first.click()  # the home page may list it more than once
    expect(page).to_have_url(site.url + VI_URL)
    page.wait_for_load_state("load")  # click() returns once the navigation commits; the photo loads later
    expect(page.locator("h1")).to_have_text(TITLE_VI)
    expect(page.locator(".article-date time")).to_have_text(DATE)
    expect(page.locator("figcaption")).to_have_text(CAPTION_VI)
    photo = page.locator(".article-photo img")
    expect(photo).to_have_attribute("alt", re.compile(r"^Ảnh minh họa"))
    # One of the library image's renditions (srcset), chosen by the browser for the screen, has loaded.
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0, "the article photo did not load"
    assert "/media/images/renditions/" in photo.evaluate("img => img.currentSrc")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # Keyboard: the skip link is the first stop, hidden until focused, and leads into <main>.
    skip_link = page.locator("a.skip-link")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert skip_link.evaluate("link => getComputedStyle(link).outlineStyle") != "none", "no visible focus ring"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is the first link inside main, not the header again
    expect(page.locator("main .breadcrumb a").first).to_be_focused()

    # Language switch, both ways, landing on the same article.
    page.locator(".language-switch").get_by_role("link", name="EN", exact=True).click()
    expect(page).to_have_url(site.url + EN_URL)
    expect(page.locator("h1")).to_have_text(TITLE_EN)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".article-date time")).to_have_text(DATE)

    page.locator(".language-switch").get_by_role("link", name="VN", exact=True).click()
    expect(page).to_have_url(site.url + VI_URL)
    expect(page.locator("h1")).to_have_text(TITLE_VI)
    expect(page.locator("html")).to_have_attribute("lang", "vi")


@pytest.mark.parametrize("path", [VI_URL, EN_URL], ids=["vi", "en"])
def test_article_fits_a_320px_screen_without_horizontal_scrolling(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    expect(page.locator("h1")).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > 320 + 1:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 321)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.className ? '.' + [...e.classList].join('.') : '')
                          + ' right=' + Math.round(e.getBoundingClientRect().right))"""
        )
        pytest.fail(f"horizontal scrolling at 320 px: scrollWidth={scroll_width}; widest elements: {wide}")


def test_reader_follows_a_cited_document_and_comes_back(page, site):
    page.goto(VI_URL)
    page.locator("a.directive-ref", has_text="Kết luận số 01-KL/TW").first.click()
    expect(page).to_have_url(site.url + "/van-ban/ket-luan-01-kl-tw-2021-05-18/")
    expect(page.locator("h1")).to_have_text("Kết luận 01-KL/TW")
    expect(page.locator("table.facts")).to_contain_text("18/05/2021")
    page.go_back()
    expect(page).to_have_url(site.url + VI_URL)
    expect(page.locator("h1")).to_have_text(TITLE_VI)

    # From the document page, the article that cites it is one click away.
    page.goto("/van-ban/quyet-dinh-47-qd-tw-2007-04-11/")
    page.get_by_role("link", name=TITLE_VI, exact=True).click()
    expect(page).to_have_url(site.url + VI_URL)


@pytest.mark.parametrize("path", ["/van-ban/", "/to-chuc/dang-bo-khoi-cac-co-quan-trung-uong/"], ids=["documents", "organization"])
def test_registry_pages_fit_a_320px_screen(page, site, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    # Wide tables scroll inside their own box; the page itself must not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 321


@pytest.mark.parametrize("query", ["dang bo khoi", "ĐẢNG BỘ KHỐI"])
def test_reader_searches_without_diacritics_from_the_header(page, site, query):
    page.goto("/")
    box = page.get_by_role("searchbox", name="Tìm kiếm")
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q="))
    result = page.locator(".search-results").get_by_role("link", name=TITLE_VI, exact=True)
    expect(result).to_be_visible()
    expect(page.locator(".search-results mark").first).to_be_visible()
    result.click()
    expect(page).to_have_url(site.url + VI_URL)


def test_reader_downloads_the_filtered_registry_as_csv(browser, site):
    """The "Tải về CSV" link of the registry gives the list as filtered, as a file a spreadsheet opens."""
    context, page = reader_page(browser, site)
    try:
        page.goto("/van-ban/?type=quyet-dinh")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải về CSV").click()
        assert re.fullmatch(r"van-ban-\d{4}-\d{2}-\d{2}\.csv", download.value.suggested_filename)
        rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
        assert rows[0].startswith("Số ký hiệu,")  # headers in the reader's language
        assert any(row.startswith("47-QĐ/TW,") for row in rows)
        assert not any(row.startswith("01-KL/TW,") for row in rows)  # a conclusion: not in the filtered list
    finally:
        context.close()
