"""Draft over live in a real browser, in the Vietnamese admin: an editor corrects the title of a live article and
saves; readers still see the old title, the preview of the changes shows the new one; the editor publishes the
changes with a note, and readers see them.
"""
import pytest

from news.models import Article
from news.models.pending import PendingChange
from tests.browser.journeys import sign_in
from tests.factories import VI_URL

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

TIMEOUT_MS = 20_000


def test_the_editor_corrects_a_live_article_and_publishes_the_changes(page, browser, site, make_staff):
    editor = make_staff("editor", "bientapvien")
    reader_context = browser.new_context(base_url=site.url, locale="vi-VN")
    reader_context.set_default_timeout(TIMEOUT_MS)
    reader = reader_context.new_page()
    try:
        assert reader.goto(VI_URL).status == 200
        old_title = reader.locator("h1").inner_text()
        article = Article.objects.get(title_vi=old_title)
        new_title = f"{old_title} (đính chính)"

        sign_in(page, editor.username)
        page.goto(f"/admin/news/article/{article.pk}/change/")
        expect(page.locator(".pending-change-hint")).to_contain_text("đang có trên trang công khai")
        page.locator("#id_title_vi").fill(new_title)
        page.locator("input[name=_continue]").click()  # "Lưu và tiếp tục chỉnh sửa"
        expect(page.locator(".messagelist .success")).to_contain_text("bạn đọc vẫn thấy bản đã đăng")

        # The form goes on showing the draft, under the banner saying who started it and what changed.
        banner = page.locator("section.pending-change")
        expect(banner.get_by_role("heading")).to_have_text("Thay đổi chưa đăng")
        expect(banner).to_contain_text("bientapvien")
        expect(banner).to_contain_text("Bản nháp thay đổi")
        expect(banner.locator(".pending-change-fields")).to_contain_text("Tiêu đề [vi]")
        expect(page.locator("#id_title_vi")).to_have_value(new_title)
        # Readers, and the list's "view on site", still get the live version.
        reader.goto(VI_URL)
        expect(reader.locator("h1")).to_have_text(old_title)
        page.goto("/admin/news/article/")
        row = page.locator("#result_list tr", has_text=old_title)
        expect(row).to_contain_text("Bản nháp thay đổi")

        # The preview of the changes shows the new title; the preview of the published version the old one.
        page.goto(f"/admin/news/article/{article.pk}/change/")
        with page.expect_popup() as popup_info:
            page.locator(".object-tools").get_by_role("link", name="Xem trước các thay đổi (tiếng Việt)").click()
        preview = popup_info.value
        expect(preview.locator("h1")).to_have_text(new_title)
        preview.close()
        with page.expect_popup() as popup_info:
            page.locator(".object-tools").get_by_role("link", name="Xem trước bản đã đăng (tiếng Việt)").click()
        preview = popup_info.value
        expect(preview.locator("h1")).to_have_text(old_title)
        preview.close()

        # Publishing the changes, with a note for the newsroom.
        publish = banner.locator("form", has=page.get_by_role("button", name="Đăng các thay đổi"))
        publish.locator("input[name=note]").fill("Đính chính tiêu đề")
        publish.get_by_role("button", name="Đăng các thay đổi").click()
        expect(page.locator(".messagelist .success")).to_contain_text("bạn đọc thấy chúng từ bây giờ")
        expect(page.locator("section.pending-change")).to_have_count(0)
        assert not PendingChange.objects.filter(article=article).exists()
        reader.goto(VI_URL)
        expect(reader.locator("h1")).to_have_text(new_title)
    finally:
        reader_context.close()
