"""The newsroom in a real browser, in the Vietnamese admin, one journey per role as a newsroom works:

- the writer drafts a bilingual article citing documents, uploads its photo from the article form, attaches a
  PDF with a long official name, is asked before leaving unsaved text, fixes the photo's English alt text
  afterwards, and submits it;
- the editor types a time and presses "Đăng", finds the article under the "scheduled" filter, sees it go live
  at that minute (the clock is the test's), restores an older revision of the live article (it stays live),
  and unpublishes it after confirming; a reader sees each step;
- the administrator adds a document an article cites, gives a new colleague the writer's role (never the
  superuser flag), recovers a deleted article and reads all of it on the audit page.
"""
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage
from reversion.models import Version

from news.models import Article, Attachment, Directive, Image, Section
from tests.browser.journeys import TIMEOUT_MS, public_url, reader_page, sign_in, success_message
from tests.factories import HANOI, PASSWORD, image_upload, local_parts
from tests.pages import change_form_data

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

TITLE_VI = "Hội nghị tổng kết công tác năm"
TITLE_EN = "Annual review conference"
SLUG = "hoi-nghi-tong-ket-cong-tac-nam"
CITING_VI = ("Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị và Nghị quyết số 99-NQ/TW ngày "
             "02/01/2026, Bộ tổ chức hội nghị tổng kết công tác năm.")
CAPTION_VI, CAPTION_EN = "Toàn cảnh hội nghị", "The conference hall"
ALT_VI, ALT_EN = "Đại biểu ngồi trong hội trường lớn", "Delegates seated in the main hall"
# Official documents carry long names; the download keeps the whole of it.
LONG_PDF_NAME = ("Báo cáo tổng kết công tác xây dựng Đảng năm 2025 và phương hướng nhiệm vụ năm 2026 của Đảng bộ "
                 "Bộ Kế hoạch và Đầu tư trình Ban Thường vụ Đảng ủy Khối các cơ quan Trung ương.pdf")
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture
def section(site):
    return Section.objects.get(slug_vi="hoat-dong-dang-doan-the")  # the demo's section


@pytest.fixture
def files(tmp_path):
    """A real JPEG, wide enough for every rendition width, and a small real PDF with a long name, on disk."""
    photo = tmp_path / "hoi-nghi.jpg"
    picture = PILImage.new("RGB", (2000, 1200), (30, 90, 160))
    picture.paste((220, 40, 40), (500, 300, 1500, 900))  # something to look at, not one flat colour
    picture.save(photo, "JPEG", quality=85)
    pdf = tmp_path / LONG_PDF_NAME
    pdf.write_bytes(PDF_BYTES)
    return photo, pdf


def editor_of(page, field):
    """The editable area that django-prose-editor puts in place of the field's textarea."""
    return page.locator(f".field-{field} .ProseMirror[contenteditable=true]")


def open_tab(page, field):
    """Click the language tab (modeltranslation) that holds ``field``, e.g. "title_en"."""
    page.locator(f'[role=tab][href="#tab_id_{field}"]').first.click()
    expect(page.locator(f"#id_{field}")).to_be_attached()


def type_into_body(page, field, text):
    body = editor_of(page, field)
    expect(body).to_be_visible()
    body.click()
    expect(body).to_be_focused()
    page.keyboard.type(text)
    expect(body).to_contain_text(text)


def choose_in_autocomplete(page, field, text):
    """Pick ``text`` in an autocomplete (select2) field, as a user does: open, type, click the result."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


# --- the writer ---------------------------------------------------------------------------------------------------

def test_the_writer_drafts_with_photo_citations_and_a_long_attachment_then_submits(page, make_staff, section, files):
    writer = make_staff("writer", "phongvien")
    make_staff("administrator", "quantri")  # the newsroom has an administrator, whom the writer is told to ask
    photo, pdf = files
    sign_in(page, writer.username)
    page.goto("/admin/news/article/add/")
    page.locator("#id_title_vi").press_sequentially(TITLE_VI)  # typed: the slug follows each keystroke
    expect(page.locator("#id_slug_vi")).to_have_value(SLUG)
    open_tab(page, "title_en")
    page.locator("#id_title_en").fill(TITLE_EN)
    choose_in_autocomplete(page, "section", "Hoạt động Đảng")
    type_into_body(page, "body_vi", CITING_VI)
    open_tab(page, "body_en")
    type_into_body(page, "body_en", "This morning the Ministry held its annual review conference.")

    # The photo, from the article form: "+" opens the library's form in a popup. The English alt text is
    # forgotten for now (the writer comes back to it below).
    with page.expect_popup() as popup_info:
        page.locator("#add_id_image").click()
    popup = popup_info.value
    popup.set_default_timeout(TIMEOUT_MS)
    popup.wait_for_load_state("load")
    popup.locator("#id_file").set_input_files(str(photo))
    popup.locator("#id_caption_vi").fill(CAPTION_VI)
    popup.locator("#id_alt_vi").fill(ALT_VI)
    open_tab(popup, "caption_en")
    popup.locator("#id_caption_en").fill(CAPTION_EN)
    with popup.expect_event("close", timeout=TIMEOUT_MS):
        popup.locator("input[name=_save]").click()
    expect(page.locator(".field-image .select2-selection__rendered")).to_contain_text(CAPTION_VI)

    # The attachment: a new row of the inline, with its title and the PDF with the long official name.
    page.locator("#attachments-group .add-row a").click()
    row = page.locator("#attachments-group tr.form-row:not(.empty-form)").first
    row.locator('[role=tab][href$="-title_vi"]').click()
    row.locator("input[name$='-title_vi']").fill("Báo cáo tổng kết")
    row.locator("input[type=file][name$='-file']").set_input_files(str(pdf))

    page.locator("input[name=_continue]").click()  # "Lưu và tiếp tục chỉnh sửa": a draft
    expect(success_message(page)).to_have_count(1)
    expect(page.locator(".errornote")).to_have_count(0)
    article = Article.objects.get(title_vi=TITLE_VI)
    assert (article.status, article.author, article.title_en) == ("draft", writer, TITLE_EN)
    assert Attachment.objects.get(article=article).original_name == LONG_PDF_NAME
    # Shown by its name, not by where it is stored.
    expect(page.locator("#attachments-group")).to_contain_text(LONG_PDF_NAME[:40])
    # What the text cites: the document in the registry is linked; the missing one is named, with whom to ask.
    citations = page.locator(".field-citations")
    expect(citations.get_by_role("link", name="05-CT/TW")).to_be_visible()
    expect(citations).to_contain_text("99-NQ/TW")
    expect(citations).to_contain_text("Quản trị")
    expect(citations.get_by_role("link", name="99-NQ/TW")).to_have_count(0)  # not theirs to add

    # Typing and then leaving asks first; staying keeps what was typed.
    page.locator("#id_lead_vi").fill("Sáng nay, Bộ tổ chức hội nghị tổng kết.")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.locator(".breadcrumbs a").nth(1).click()
    expect(page.locator("#id_lead_vi")).to_have_value("Sáng nay, Bộ tổ chức hội nghị tổng kết.")
    assert asked == ["beforeunload"]

    # The photo's English alt text, fixed afterwards from the article: the pencil opens the image in a popup.
    with page.expect_popup() as popup_info:
        page.locator("#change_id_image").click()
    popup = popup_info.value
    popup.set_default_timeout(TIMEOUT_MS)
    popup.wait_for_load_state("load")
    open_tab(popup, "alt_en")
    popup.locator("#id_alt_en").fill(ALT_EN)
    with popup.expect_event("close", timeout=TIMEOUT_MS):
        popup.locator("input[name=_save]").click()
    assert Image.objects.get(pk=article.image_id).alt_en == ALT_EN

    # "Gửi duyệt" saves what the form shows (the lead typed above) and sends it to the editors.
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(success_message(page)).to_have_text(f"Đã gửi duyệt “{TITLE_VI}”.")
    article.refresh_from_db()
    assert (article.status, article.lead_vi) == ("review", "Sáng nay, Bộ tổ chức hội nghị tổng kết.")
    expect(page.get_by_role("button", name="Rút lại, không gửi duyệt")).to_be_visible()  # theirs to withdraw


# --- the editor ---------------------------------------------------------------------------------------------------

@pytest.fixture
def submitted(section, make_staff):
    """The writer's article, pending review, with its photo (described in both languages) and its attachment."""
    writer = make_staff("writer", "phongvien")
    image = Image.objects.create(file=image_upload("hoi-nghi.jpg", "JPEG", (1200, 800)), caption_vi=CAPTION_VI,
                                 alt_vi=ALT_VI, alt_en=ALT_EN)
    article = Article.objects.create(
        title_vi=TITLE_VI, title_en=TITLE_EN, body_vi=f"<p>{CITING_VI}</p>", body_en="<p>Annual review.</p>",
        lead_vi="Sáng nay, Bộ tổ chức hội nghị.", section=section, author=writer, image=image,
        status=Article.Status.REVIEW,
    )
    Attachment.objects.create(article=article, title_vi="Báo cáo tổng kết",
                              file=SimpleUploadedFile(LONG_PDF_NAME, PDF_BYTES))
    return article


def test_the_editor_schedules_sees_it_go_live_restores_and_unpublishes(page, browser, site, make_staff, submitted,
                                                                      clock):
    editor = make_staff("editor", "bientapvien")
    article = submitted
    sign_in(page, editor.username)
    page.goto("/admin/news/article/")
    page.locator("#changelist-filter").get_by_role("link", name="chưa (chờ duyệt)").click()
    page.get_by_role("link", name=TITLE_VI, exact=True).click()

    # The time typed in the form is the one "Đăng" publishes at: in two hours, so it is scheduled.
    goes_live = (timezone.now() + timedelta(hours=2)).astimezone(HANOI).replace(second=0, microsecond=0)
    day, time = local_parts(goes_live)
    page.locator("#id_published_at_0").fill(day)
    page.locator("#id_published_at_1").fill(time)
    page.get_by_role("button", name="Đăng", exact=True).click()
    expect(success_message(page)).to_contain_text(f"{time} {day}")
    article.refresh_from_db()
    assert article.status == "published" and article.published_at == goes_live

    # Found under "scheduled", and not yet on the public site.
    page.goto("/admin/news/article/")
    page.locator("#changelist-filter").get_by_role("link", name="đã hẹn giờ").click()
    expect(page.locator("#result_list").get_by_role("link", name=TITLE_VI, exact=True)).to_be_visible()
    reader_context, reader = reader_page(browser, site)
    try:
        assert reader.goto(public_url(article)).status == 404
        clock.travel(goes_live - timedelta(seconds=1))
        assert reader.goto(public_url(article)).status == 404
        clock.travel(goes_live)  # that minute: live, with no one acting
        assert reader.goto(public_url(article)).status == 200
        expect(reader.locator("h1")).to_have_text(TITLE_VI)
        img = reader.locator(".article-photo picture img")
        expect(img).to_have_attribute("alt", ALT_VI)
        assert [int(w) for w in re.findall(r" (\d+)w", img.get_attribute("srcset"))] == [480, 960, 1200]
        link = reader.locator(".article-attachments a", has_text="Báo cáo tổng kết")
        with reader.expect_download() as download_info:
            link.click()
        assert download_info.value.suggested_filename == LONG_PDF_NAME

        # A correction saved on the live article, then the older revision restored: it stays live.
        page.goto(f"/admin/news/article/{article.pk}/change/")
        page.locator("#id_title_vi").fill(f"{TITLE_VI} (bản sửa)")
        # A plain save of a live article waits as a draft of changes (test_desk_draft_over_live.py); this one is
        # published with the save.
        page.get_by_role("button", name="Lưu và đăng các thay đổi", exact=True).click()
        expect(success_message(page)).to_have_count(1)
        assert reader.goto(public_url(article)).status == 200
        expect(reader.locator("h1")).to_have_text(f"{TITLE_VI} (bản sửa)")

        page.get_by_role("link", name="Lịch sử").click()
        older = page.locator("#change-history tbody tr").nth(1)  # newest first: the one before the correction
        older.locator("th a").click()
        expect(page.locator("#id_title_vi")).to_have_value(TITLE_VI)
        page.locator("input[name=_save]").click()
        expect(page.locator(".messagelist")).to_contain_text("Đã khôi phục phiên bản")
        article.refresh_from_db()
        assert (article.title_vi, article.status, article.published_at) == (TITLE_VI, "published", goes_live)
        reader.goto(public_url(article))
        expect(reader.locator("h1")).to_have_text(TITLE_VI)

        # Unpublishing asks first, naming the address readers lose.
        page.goto(f"/admin/news/article/{article.pk}/change/")
        page.get_by_role("link", name="Gỡ xuống", exact=True).click()
        expect(page.locator("h1")).to_have_text("Gỡ tin bài này khỏi trang công khai?")
        expect(page.locator("#content-main")).to_contain_text(public_url(article))
        assert Article.objects.get(pk=article.pk).status == "published"  # asking changed nothing
        page.locator("#id_unpublish_note").fill("Chờ số liệu chính thức")
        page.get_by_role("button", name="Đồng ý: Gỡ xuống").click()
        expect(success_message(page)).to_have_count(1)
        article.refresh_from_db()
        assert article.status == "archived"
        assert reader.goto(public_url(article)).status == 404
    finally:
        reader_context.close()
    assert list(article.transitions.order_by("at", "pk").values_list("to_status", "note")) == [
        ("published", "lưu từ biểu mẫu"), ("archived", "Chờ số liệu chính thức"),
    ]


# --- the administrator ----------------------------------------------------------------------------------------------

def test_the_administrator_adds_a_cited_document_a_colleague_and_recovers_an_article(page, make_staff, submitted):
    administrator = make_staff("administrator", "quantri")
    editor = make_staff("editor", "bientapvien")
    # Earlier that day an editor deleted a draft (after saving it in the admin, so a revision was kept).
    office = Client()
    office.force_login(editor)
    draft = Article.objects.create(title_vi="Bản nháp lỡ xoá", body_vi="<p>Nội dung.</p>", section=submitted.section,
                                   author=submitted.author)
    assert office.post(f"/admin/news/article/{draft.pk}/change/", change_form_data(office, draft)).status_code == 302
    assert office.post(f"/admin/news/article/{draft.pk}/delete/", {"post": "yes"}).status_code == 302

    sign_in(page, administrator.username)
    # A document the article cites is missing from the registry: the administrator may add it from there.
    page.goto(f"/admin/news/article/{submitted.pk}/change/")
    page.locator(".field-citations").get_by_role("link", name="99-NQ/TW").click()
    expect(page.locator("#id_number")).to_have_value("99-NQ/TW")
    page.locator("#id_document_type").select_option("nghi-quyet")
    page.locator("#id_issued_on").fill("02/01/2026")
    page.locator("#id_summary_vi").fill("Về công tác tổng kết năm")
    page.locator("input[name=_save]").click()
    expect(success_message(page)).to_have_count(1)
    directive = Directive.objects.get(number="99-NQ/TW")
    page.goto(f"/admin/news/article/{submitted.pk}/change/")
    # The article now links it (its citations are linked again when the document is saved).
    linked = page.locator(f'.field-citations a[href="/admin/news/directive/{directive.pk}/change/"]')
    expect(linked).to_contain_text("99-NQ/TW")

    # A new colleague with the writer's role; the superuser flag is not the administrator's to give.
    page.goto("/admin/auth/user/add/")
    page.locator("#id_username").fill("phongvien2")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("input[name=_continue]").click()
    expect(page.locator("#id_is_superuser")).to_have_count(0)
    page.locator("#id_is_staff").check()
    page.locator("#id_groups_from").select_option(label="Phóng viên")
    page.locator("#id_groups_add").click()
    page.locator("input[name=_save]").click()
    expect(success_message(page)).to_have_count(1)
    colleague = type(administrator).objects.get(username="phongvien2")
    assert colleague.is_staff and not colleague.is_superuser
    assert list(colleague.groups.values_list("name", flat=True)) == ["Phóng viên"]

    # The deleted draft comes back, as a draft of its author.
    page.goto("/admin/news/article/recover/")
    page.locator("#change-history").get_by_role("link").first.click()
    expect(page.locator("#id_title_vi")).to_have_value("Bản nháp lỡ xoá")
    page.locator("input[name=_save]").click()
    recovered = Article.objects.get(title_vi="Bản nháp lỡ xoá")
    assert (recovered.status, recovered.author) == ("draft", submitted.author)

    # The audit page says who did what, and when.
    page.goto("/admin/audit/")
    log = page.locator("#audit-log")
    for who, what in [("quantri", "99-NQ/TW"), ("quantri", "phongvien2"), ("quantri", "Bản nháp lỡ xoá"),
                      ("bientapvien", "Bản nháp lỡ xoá")]:
        expect(log.locator("tr", has_text=who).filter(has_text=what).first).to_be_visible()
    assert Version.objects.get_for_object(recovered).count() >= 2


def test_slug_filled_while_typing_a_vietnamese_title_keeps_its_letters(page, make_staff):
    sign_in(page, make_staff("writer", "phongvien").username)
    page.goto("/admin/news/article/add/")
    page.locator("#id_title_vi").press_sequentially(TITLE_VI)
    expect(page.locator("#id_slug_vi")).to_have_value(SLUG, timeout=3_000)
