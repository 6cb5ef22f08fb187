"""Drafts for public comment at the desk, in a real browser, in the Vietnamese admin:

a writer creates a draft (dự thảo lấy ý kiến) with its real file and the drafting unit, and submits it; an editor
publishes it; readers' comments arrive (stored as the public form stores them, waiting for moderation); the editor
opens the moderation queue, approves one, rejects one as spam, marks how each was handled with an answer, exports
the comments as CSV and XLSX (downloaded, opened, read back), then writes the report on the comments (báo cáo tiếp
thu, giải trình) and ticks "publish the report".
"""
import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from consultation.models import Comment, Draft
from tests.browser.journeys import sign_in, success_message
from tests.factories import local_parts

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> "
       b"endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
TITLE = "Dự thảo Thông tư hướng dẫn lựa chọn nhà thầu qua mạng"
UNIT = "Đảng bộ Khối các cơ quan Trung ương"


@pytest.fixture
def newsroom(site, make_staff):
    """A writer and an editor (their roles hold the drafts' permissions: tests/conftest.py role_group)."""
    return {"writer": make_staff("writer", "phongvien"), "editor": make_staff("editor", "bientap")}


def sign_out(page):
    page.context.clear_cookies()


def run_action(page, action, *pks):
    for pk in pks:
        page.locator(f'input.action-select[value="{pk}"]').check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    expect(success_message(page)).to_have_count(1)


def test_a_draft_goes_from_the_writer_to_readers_comments_handled_exported_and_reported(page, newsroom, clock):
    # --- the writer drafts it, with its file, and submits it ---------------------------------------------------
    sign_in(page, "phongvien")
    page.goto("/admin/consultation/draft/add/")
    expect(page.locator("h1")).to_contain_text("dự thảo lấy ý kiến")
    page.locator("#id_title_vi").fill(TITLE)
    page.locator("#id_summary_vi").fill("Hướng dẫn việc lựa chọn nhà thầu qua Hệ thống mạng đấu thầu quốc gia.")
    page.locator("#id_document_type").select_option("thong-tu")
    page.locator(".field-drafting_unit .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Đảng bộ Khối các")
    page.locator(".select2-results__option", has_text=UNIT).first.click()
    opens, closes = timezone.now() - timedelta(hours=1), timezone.now() + timedelta(days=60)
    for field, moment in (("opens_at", opens), ("closes_at", closes)):
        day, time = local_parts(moment)
        page.locator(f"#id_{field}_0").fill(day)
        page.locator(f"#id_{field}_1").fill(time)
    page.locator("#files-group .add-row a").click()
    page.locator("#id_files-0-title_vi").fill("Dự thảo Thông tư")
    page.locator("#id_files-0-file").set_input_files(
        {"name": "du-thao-thong-tu.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.locator("input[name=_continue]").click()
    expect(success_message(page)).to_have_count(1)
    draft = Draft.objects.get(title_vi=TITLE)
    assert (draft.author.username, draft.drafting_unit.name_vi, draft.status) == ("phongvien", UNIT, "draft")
    expect(page.locator("#files-group")).to_contain_text("du-thao-thong-tu.pdf")
    page.locator("button[name=_move][value=review]").click()
    expect(success_message(page)).to_have_count(1)
    assert Draft.objects.get(pk=draft.pk).status == "review"
    expect(page.locator("button[name=_move][value=published]")).to_have_count(0)  # not the writer's to publish
    sign_out(page)

    # --- the editor publishes it --------------------------------------------------------------------------------
    sign_in(page, "bientap")
    page.goto(f"/admin/consultation/draft/{draft.pk}/change/")
    page.locator("button[name=_move][value=published]").click()
    expect(success_message(page)).to_have_count(1)
    assert Draft.objects.published("vi").filter(pk=draft.pk).exists()

    # --- readers comment (as the public form stores them: waiting for moderation) --------------------------------
    sent = {
        "first": ("Trần Thị Bình", "Điều 5", "Đề nghị làm rõ khái niệm hồ sơ dự thầu qua mạng."),
        "spam": ("Khuyến mãi", "", "=HYPERLINK(\"http://lua-dao.example\",\"Nhận quà\")"),
        "third": ("Lê Văn Cường", "Điều 9", "Thời hạn 3 ngày là quá ngắn, đề nghị 5 ngày."),
    }
    comments = {
        key: Comment.objects.create(draft=draft, name=name, email=f"{key}@example.vn", organisation="Công ty B",
                                    article_ref=ref, body=body, consent_at=timezone.now())
        for key, (name, ref, body) in sent.items()
    }

    # --- the moderation queue: one approved, one rejected -------------------------------------------------------
    page.goto("/admin/consultation/draft/")
    # Every column of the list is in sight on a 1280 px window (period, days left, comments waiting...).
    edges = page.locator("#result_list thead th").evaluate_all(
        "cells => cells.map(cell => cell.getBoundingClientRect().right)")
    assert max(edges) <= 1280, edges
    row = page.locator("#result_list tr", has_text=TITLE)
    expect(row.locator("td.field-waiting_queue")).to_have_text("3")
    row.locator("td.field-waiting_queue a").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    run_action(page, "approve", comments["first"].pk)
    run_action(page, "reject", comments["spam"].pk)
    expect(page.locator("#result_list tbody tr")).to_have_count(1)  # the queue: only the third still waits
    assert Comment.objects.get(pk=comments["spam"].pk).moderation == "rejected"

    # --- how each was handled, with an answer ---------------------------------------------------------------------
    page.goto(f"/admin/consultation/comment/{comments['first'].pk}/change/")
    expect(page.locator(".field-name")).to_contain_text("Trần Thị Bình")  # read-only: the sender's data
    expect(page.locator("#id_name")).to_have_count(0)
    page.locator("#id_disposition").select_option("accepted")
    page.locator("#id_response").fill("Đã tiếp thu, bổ sung định nghĩa tại khoản 2 Điều 5.")
    page.locator("input[name=_save]").click()
    expect(success_message(page)).to_have_count(1)
    page.goto(f"/admin/consultation/comment/?draft__id__exact={draft.pk}")
    run_action(page, "mark_not_accepted", comments["third"].pk)
    handled = Comment.objects.get(pk=comments["third"].pk)
    assert (handled.moderation, handled.disposition, handled.handled_by.username) == (
        "approved", "not_accepted", "bientap")

    # --- exports for the drafting unit: the file opened and read -----------------------------------------------
    with page.expect_download() as info:
        page.locator("a.comment-export", has_text="Xuất CSV").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    assert rows[0][:3] == ["Thời gian gửi", "Họ và tên", "Thư điện tử"]
    assert [(r[1], r[5], r[8]) for r in rows[1:]] == [
        ("Trần Thị Bình", "Điều 5", "Tiếp thu"), ("Khuyến mãi", "", "Chưa xử lý"),
        ("Lê Văn Cường", "Điều 9", "Không tiếp thu")]
    assert rows[2][6].startswith("'=HYPERLINK")  # never a formula in the unit's spreadsheet
    assert rows[1][9] == "Đã tiếp thu, bổ sung định nghĩa tại khoản 2 Điều 5."

    from openpyxl import load_workbook

    with page.expect_download() as info:
        page.locator("a.comment-export", has_text="Xuất XLSX").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as downloaded:  # saved under a temporary name, without ".xlsx"
        sheet = load_workbook(io.BytesIO(downloaded.read())).active
    assert [sheet.cell(row=n, column=2).value for n in (2, 3, 4)] == ["Trần Thị Bình", "Khuyến mãi", "Lê Văn Cường"]
    assert sheet.cell(row=3, column=7).data_type == "s"

    # --- the report on the comments, published with the draft -----------------------------------------------------
    page.goto(f"/admin/consultation/draft/{draft.pk}/change/")
    expect(page.locator(".draft-comments")).to_contain_text("3 góp ý")
    report = page.locator(".field-report_vi .ProseMirror[contenteditable=true]")
    report.click()
    expect(report).to_be_focused()
    page.keyboard.type("Ban soạn thảo đã tiếp thu 1 góp ý và giải trình 1 góp ý.")
    page.locator("#id_publish_report").check()
    page.locator("input[name=_continue]").click()
    expect(success_message(page)).to_have_count(1)
    draft.refresh_from_db()
    assert draft.publish_report
    assert draft.report_vi == "<p>Ban soạn thảo đã tiếp thu 1 góp ý và giải trình 1 góp ý.</p>"
    assert not draft.report_is_public()  # readers see it once the period has ended
    clock.travel(closes)
    assert draft.report_is_public()
