"""The desk's dashboard and notes in a real browser, in the Vietnamese admin, as the roles that use them:

- a writer submits a draft with a note; the editor's start page lists it under "Chờ duyệt" with that note (and
  the editor got an e-mail); the editor sends it back with a note; the writer's start page lists it under
  "Bài của tôi", sent back, with the editor's note, and the article shows the note too;
- an editor filters the article list by "English out of date", opens the article and confirms its English;
- a writer finds their draft in the admin search typed without diacritics, and by a document number in its body.
"""
import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from news.models import Article, Section
from tests.browser.journeys import TIMEOUT_MS, sign_in

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect



def vietnamese(text):
    with translation.override("vi"):
        return gettext(text)


def person(browser, site, username):
    """A browser of one's own, signed in to the admin as ``username``."""
    context = browser.new_context(base_url=site.url, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, username)
    return context, page


@pytest.fixture
def section(site):
    return Section.objects.get(slug_vi="hoat-dong-dang-doan-the")  # the demo's section


def test_a_note_goes_from_the_writer_to_the_editor_and_back(browser, site, make_staff, section):
    writer = make_staff("writer", "phongvien", email="phongvien@example.org")
    make_staff("editor", "bientap", email="bientap@example.org")
    article = Article.objects.create(
        title_vi="Hội nghị tổng kết công tác Đảng năm 2025", body_vi="<p>Sáng nay, Đảng bộ tổ chức hội nghị.</p>",
        lead_vi="Hội nghị tổng kết.", section=section, author=writer, status=Article.Status.DRAFT,
    )
    writer_context, writer_page = person(browser, site, "phongvien")
    editor_context, editor_page = person(browser, site, "bientap")
    try:
        # The writer submits, with a note for the editor.
        writer_page.goto(f"/admin/news/article/{article.pk}/change/")
        writer_page.locator("#workflow-note").fill("Nhờ anh duyệt trước 15 giờ")
        writer_page.get_by_role("button", name=vietnamese("Submit for review"), exact=True).click()
        expect(writer_page.locator(".messagelist .success")).to_be_visible()

        # The editor's start page: waiting for review, with the writer's note; and an e-mail said so.
        editor_page.goto("/admin/")
        waiting = editor_page.locator("#desk-review")
        expect(waiting.get_by_role("heading")).to_have_text("Chờ duyệt")
        item = waiting.locator("li", has_text=article.title_vi)
        expect(item).to_contain_text("Nhờ anh duyệt trước 15 giờ")
        expect(item).to_contain_text("phongvien")
        assert [message.to for message in mail.outbox] == [["bientap@example.org"]]
        assert "Nhờ anh duyệt trước 15 giờ" in mail.outbox[0].body

        # The editor opens it from the dashboard, reads the note there too, and sends it back with one.
        item.get_by_role("link", name=article.title_vi).click()
        expect(editor_page.locator(".desk-note-text")).to_have_text("Nhờ anh duyệt trước 15 giờ")
        editor_page.locator("#workflow-note").fill("Cần bổ sung số liệu quý IV")
        editor_page.get_by_role("button", name=vietnamese("Send back to draft"), exact=True).click()
        expect(editor_page.locator(".messagelist .success")).to_be_visible()

        # The writer's start page: under "Bài của tôi", sent back, with the editor's note.
        writer_page.goto("/admin/")
        mine = writer_page.locator("#desk-mine")
        expect(mine.get_by_role("heading")).to_have_text("Bài của tôi")
        item = mine.locator("li", has_text=article.title_vi)
        expect(item).to_contain_text("bị trả lại cho bạn")
        expect(item).to_contain_text("Cần bổ sung số liệu quý IV")
        expect(writer_page.locator("#desk-review")).to_have_count(0)  # writers review nothing
        assert mail.outbox[-1].to == ["phongvien@example.org"] and "quý IV" in mail.outbox[-1].body
        item.get_by_role("link", name=article.title_vi).click()
        expect(writer_page.locator(".desk-note-text")).to_have_text("Cần bổ sung số liệu quý IV")
    finally:
        writer_context.close()
        editor_context.close()


def test_the_editor_finds_english_out_of_date_and_confirms_it(browser, site, make_staff, section):
    make_staff("editor", "bientap")
    article = Article.objects.create(
        title_vi="Tăng cường công tác dân vận", body_vi="<p>Nội dung.</p>", title_en="Strengthening mass mobilisation",
        body_en="<p>Text.</p>", section=section, status=Article.Status.PUBLISHED,
        published_at=Article.objects.exclude(published_at=None).latest("published_at").published_at,
    )
    article.body_vi = "<p>Nội dung đã bổ sung.</p>"  # the Vietnamese moves on; the English stays behind
    article.save()
    context, page = person(browser, site, "bientap")
    try:
        page.goto("/admin/news/article/")
        page.locator("#changelist-filter").get_by_role("link", name="đã cũ", exact=True).click()
        rows = page.locator("#result_list tbody tr")
        expect(rows.locator("th.field-title")).to_have_text([article.title_vi])
        expect(rows.locator("td.field-has_english")).to_have_text(["đã cũ"])
        rows.get_by_role("link", name=article.title_vi).click()
        notice = page.locator(".desk-english")
        expect(notice.get_by_role("heading")).to_have_text("Bản tiếng Anh đã cũ")
        notice.get_by_role("button", name="Xác nhận bản tiếng Anh đã cập nhật").click()
        expect(page.locator(".messagelist .success")).to_contain_text("Đã xác nhận bản tiếng Anh")
        expect(page.locator(".desk-english")).to_have_count(0)
        page.goto("/admin/")
        expect(page.locator("#desk-english li", has_text=article.title_vi)).to_have_count(0)
    finally:
        context.close()


def test_the_writer_finds_an_article_in_the_admin_without_diacritics(browser, site, make_staff, section):
    writer = make_staff("writer", "phongvien")
    Article.objects.create(title_vi="Hội nghị Đảng bộ Khối quý III", body_vi="<p>Theo Chỉ thị số 05-CT/TW.</p>",
                           section=section, author=writer)
    context, page = person(browser, site, "phongvien")
    try:
        page.goto("/admin/news/article/")
        # Typed as on a keyboard without Vietnamese input: no marks, "d" for "đ"; the draft is found.
        page.locator("#searchbar").fill("dang bo khoi")
        page.locator("#searchbar").press("Enter")
        expect(page.locator("#result_list th.field-title")).to_have_text(["Hội nghị Đảng bộ Khối quý III"])
        # A document number cited only in the body finds it too.
        page.locator("#searchbar").fill("05-CT/TW")
        page.locator("#searchbar").press("Enter")
        expect(page.locator("#result_list th.field-title")).to_have_text(["Hội nghị Đảng bộ Khối quý III"])
    finally:
        context.close()
