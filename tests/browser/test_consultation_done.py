"""The issue's "done when", in one journey through the demo, in Chromium: a reader comments on the demo's draft open
for comment (the comment waits for moderation; a flood past the limit and a forged token are refused, nothing
saved), an editor moderates and marks the comments, exports them for the drafting unit and writes the report; the
period then closes by itself (the clock moves, nobody edits anything) and readers see the report."""
import csv
import io
import re

import pytest

from consultation.models import Comment, Draft
from tests.browser.journeys import fill_comment_form, sign_in, success_message

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

DEMO_DRAFT = "du-thao-thong-tu-huong-dan-cong-khai-thong-tin-ve-ke-hoach-dau-tu-cong"
SEND = "Gửi góp ý"


def send(page):
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        page.get_by_role("button", name=SEND, exact=True).click()
    return sent.value.status


def test_a_reader_comments_an_editor_handles_it_and_the_report_appears_when_the_period_closes_by_itself(
    page, make_staff, settings, clock
):
    settings.CONSULTATION_COMMENTS_PER_ADDRESS = 2
    draft = Draft.objects.get(slug=DEMO_DRAFT)
    make_staff("editor", "bientap")

    # --- a reader finds the draft and comments on it ---------------------------------------------------------------
    page.goto("/du-thao/")
    page.get_by_role("link", name=draft.title_vi).click()
    expect(page.locator("h1")).to_have_text(draft.title_vi)
    expect(page.locator(".draft-period")).to_contain_text(f"Còn {draft.days_left()} ngày")
    page.get_by_role("link", name=SEND).click()
    fill_comment_form(page, "Đề nghị công khai cả tiến độ giải ngân\ntheo từng quý.", article="Điều 4")
    assert send(page) == 302
    expect(page.locator("h1")).to_have_text("Cảm ơn bạn: góp ý đã được tiếp nhận")
    comment = draft.comments.get()
    assert (comment.moderation, comment.article_ref) == (Comment.Moderation.PENDING, "Điều 4")
    page.goto(draft.get_absolute_url())
    expect(page.locator("main")).not_to_contain_text("Lê Thị Cúc")  # never who sent it

    # --- a forged token is refused, nothing saved ------------------------------------------------------------------
    comment_page = f"/du-thao/{DEMO_DRAFT}/gop-y/"
    page.goto(comment_page)
    fill_comment_form(page, "Góp ý với mã giả mạo")
    page.locator("input[name=csrfmiddlewaretoken]").evaluate("input => { input.value = 'x'.repeat(64); }")
    assert send(page) == 403
    assert draft.comments.count() == 1

    # --- a flood: the second comment from this address is received, the third refused, its text kept --------------
    page.goto(comment_page)
    fill_comment_form(page, "Góp ý thứ hai: đề nghị bỏ khoản 3 Điều 6.", name="Phạm Văn Dũng", email="dung@example.vn",
                      article="Điều 6")
    assert send(page) == 302
    page.goto(comment_page)
    fill_comment_form(page, "Góp ý thứ ba, quá giới hạn", name="Phạm Văn Dũng", email="dung2@example.vn")
    assert send(page) == 429
    expect(page.get_by_role("alert")).to_contain_text("Đã có quá nhiều góp ý cho dự thảo này")
    expect(page.get_by_label("Nội dung góp ý")).to_have_value("Góp ý thứ ba, quá giới hạn")
    assert draft.comments.count() == 2

    # --- an editor moderates and marks them ------------------------------------------------------------------------
    page.context.clear_cookies()
    sign_in(page, "bientap")
    # The start page's block of drafts for comment names the draft and leads to the comments waiting on it.
    page.goto("/admin/")
    drafts_block = page.locator("#desk-drafts")
    expect(drafts_block.get_by_role("heading", name="Dự thảo lấy ý kiến")).to_be_visible()
    expect(drafts_block.get_by_role("link", name=draft.title_vi)).to_be_visible()
    drafts_block.get_by_role("link", name="2 góp ý chờ duyệt").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    first, second = draft.comments.order_by("submitted_at", "pk")
    for pk in (first.pk, second.pk):
        page.locator(f'input.action-select[value="{pk}"]').check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").click()
    expect(success_message(page)).to_have_count(1)
    expect(page.locator("#result_list tbody tr")).to_have_count(0)  # the queue is empty
    page.goto(f"/admin/consultation/comment/{first.pk}/change/")
    page.locator("#id_disposition").select_option("accepted")
    page.locator("#id_response").fill("Đã tiếp thu tại khoản 2 Điều 4.")
    page.locator("input[name=_save]").click()
    expect(success_message(page)).to_have_count(1)
    page.goto(f"/admin/consultation/comment/{second.pk}/change/")
    page.locator("#id_disposition").select_option("explained")
    page.locator("#id_response").fill("Khoản 3 Điều 6 cần giữ để thống nhất với Luật Đầu tư công.")
    page.locator("input[name=_save]").click()
    expect(success_message(page)).to_have_count(1)

    # --- and exports them for the drafting unit ------------------------------------------------------------------
    page.goto(f"/admin/consultation/comment/?draft__id__exact={draft.pk}")
    with page.expect_download() as info:
        page.locator("a.comment-export", has_text="Xuất CSV").click()
    with open(info.value.path(), encoding="utf-8-sig") as downloaded:
        rows = list(csv.reader(io.StringIO(downloaded.read())))
    assert [(row[1], row[5], row[8]) for row in rows[1:]] == [
        ("Lê Thị Cúc", "Điều 4", "Tiếp thu"), ("Phạm Văn Dũng", "Điều 6", "Giải trình")]

    # --- the report, to be published when the period ends ---------------------------------------------------------
    page.goto(f"/admin/consultation/draft/{draft.pk}/change/")
    report = page.locator(".field-report_vi .ProseMirror[contenteditable=true]")
    report.click()
    expect(report).to_be_focused()
    page.keyboard.type("Ban soạn thảo đã tiếp thu 1 góp ý và giải trình 1 góp ý.")
    expect(page.locator("#id_report_vi")).to_have_value(re.compile("tiếp thu 1 góp ý"))  # copied into the form
    page.locator("#id_publish_report").check()
    page.locator("input[name=_continue]").click()
    expect(success_message(page)).to_have_count(1)
    page.context.clear_cookies()
    page.goto(draft.get_absolute_url())
    expect(page.locator(".draft-report-text")).to_have_count(0)  # not before the period ends

    # --- the period closes by itself: nobody edits anything, the clock moves --------------------------------------
    edited = Draft.objects.get(pk=draft.pk).updated_at
    clock.travel(draft.closes_at)
    page.goto(draft.get_absolute_url())
    expect(page.locator(".draft-period")).to_contain_text("Đã hết thời gian lấy ý kiến")
    expect(page.get_by_role("link", name=SEND)).to_have_count(0)
    expect(page.locator(".draft-report-text")).to_have_text("Ban soạn thảo đã tiếp thu 1 góp ý và giải trình 1 góp ý.")
    page.goto(comment_page)
    expect(page.locator("main")).to_contain_text("đã kết thúc")
    assert Draft.objects.get(pk=draft.pk).updated_at == edited
