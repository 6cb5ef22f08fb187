"""The newsroom in a real browser, in the Vietnamese admin: a writer signs in, writes an article in both
language tabs, uploads its photo through the "+" popup, attaches a PDF and submits it; an editor publishes it;
a reader then sees it with the photo's renditions and downloads the attachment under its original name."""
import importlib
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from PIL import Image as PILImage

from news.models import Article, Section

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

TIMEOUT_MS = 20_000  # uploads, renditions and popups take longer than a page load
PASSWORD = "mat-khau-Dai-2025!"
TITLE_VI = "Hội nghị tổng kết công tác năm"
TITLE_EN = "Annual review conference"
SLUG = "hoi-nghi-tong-ket-cong-tac-nam"
CAPTION_VI, CAPTION_EN = "Toàn cảnh hội nghị", "The conference hall"
ALT_VI, ALT_EN = "Đại biểu ngồi trong hội trường lớn", "Delegates seated in the main hall"
PDF_NAME = "bao-cao-tong-ket.pdf"
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture
def site(transactional_db, live_server):
    """The live server without the demo: the test makes everything it uses, as the newsroom would."""
    return live_server


def role(name):
    """The group of migration 0006. A live-server test empties every table when it ends (the permissions come
    back, the groups do not), so after one the group is made again from the migration's own table."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        codenames = importlib.import_module("news.migrations.0006_newsroom_roles").ROLES[name]
        group.permissions.set(Permission.objects.filter(content_type__app_label="news", codename__in=codenames))
    return group


@pytest.fixture
def newsroom(site, django_user_model):
    """A section, a writer (Phóng viên) and an editor (Biên tập viên): the roles of migration 0006."""
    section = Section.objects.create(name_vi="Tin tức - Sự kiện", name_en="News and Events")
    people = {}
    for username, group in (("phongvien", "Phóng viên"), ("bientapvien", "Biên tập viên")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(role(group))
        people[username] = user
    return section, people["phongvien"], people["bientapvien"]


@pytest.fixture
def files(tmp_path):
    """A real JPEG, wide enough for all three rendition widths, and a small real PDF, on disk to upload."""
    photo = tmp_path / "hoi-nghi.jpg"
    picture = PILImage.new("RGB", (2000, 1200), (30, 90, 160))
    picture.paste((220, 40, 40), (500, 300, 1500, 900))  # something to look at, not one flat colour
    picture.save(photo, "JPEG", quality=85)
    pdf = tmp_path / PDF_NAME
    pdf.write_bytes(PDF_BYTES)
    return photo, pdf


def sign_in(page, username):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()  # the admin's header: signed in


def sign_out(page):
    page.locator("#logout-form [type=submit]").click()
    page.wait_for_load_state("load")
    page.goto("/admin/")
    expect(page.locator("#login-form")).to_be_visible()  # the admin asks to sign in again


def editor_of(page, field):
    """The editable area that django-prose-editor puts in place of the field's textarea."""
    return page.locator(f".field-{field} .ProseMirror[contenteditable=true]")


def open_tab(page, field):
    """Click the language tab (modeltranslation) that holds ``field``, e.g. "title_en"."""
    page.locator(f'[role=tab][href="#tab_id_{field}"]').first.click()
    expect(page.locator(f"#id_{field}")).to_be_attached()


def choose_in_autocomplete(page, field, text):
    """Pick ``text`` in an autocomplete (select2) field, as a user does: open, type, click the result."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def success_message(page):
    return page.locator(".messagelist .success")


@pytest.fixture(autouse=True)
def patient_expect():
    """expect() waits as long as the pages do here; the default is restored for the other tests."""
    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=5_000)


def test_writer_submits_editor_publishes_reader_sees_photo_and_attachment(page, site, newsroom, files, browser):
    page.set_default_timeout(TIMEOUT_MS)
    section, writer, editor = newsroom
    photo, pdf = files

    # --- the writer -------------------------------------------------------------------------------------------
    sign_in(page, writer.username)
    page.goto("/admin/news/article/add/")
    page.locator("#id_title_vi").press_sequentially(TITLE_VI)  # typed: the slug follows each keystroke
    expect(page.locator("#id_slug_vi")).not_to_have_value("")  # its letters: see the slug test below
    open_tab(page, "title_en")
    page.locator("#id_title_en").fill(TITLE_EN)
    choose_in_autocomplete(page, "section", "Tin tức - Sự kiện")

    body_vi = editor_of(page, "body_vi")
    expect(body_vi).to_be_visible()
    body_vi.click()
    page.keyboard.type("Sáng nay, Bộ tổ chức hội nghị tổng kết công tác năm.")
    open_tab(page, "body_en")
    body_en = editor_of(page, "body_en")
    expect(body_en).to_be_visible()
    body_en.click()
    page.keyboard.type("This morning the Ministry held its annual review conference.")

    # The photo: "+" beside the image field opens the library's form in a popup window.
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
    open_tab(popup, "alt_en")
    popup.locator("#id_alt_en").fill(ALT_EN)
    with popup.expect_event("close", timeout=TIMEOUT_MS):
        popup.locator("input[name=_save]").click()
    expect(page.locator("#id_image")).to_have_value(re.compile(r"^\d+$"))
    expect(page.locator(".field-image .select2-selection__rendered")).to_contain_text(CAPTION_VI)

    # The attachment: a new row of the inline, with its title and the PDF.
    page.locator("#attachments-group .add-row a").click()
    row = page.locator("#attachments-group tr.form-row:not(.empty-form)").first
    # The row's title has its own vi/en tabs; the language last chosen on the page (en) is the one open.
    row.locator('[role=tab][href$="-title_vi"]').click()
    row.locator("input[name$='-title_vi']").fill("Báo cáo tổng kết")
    row.locator('[role=tab][href$="-title_en"]').click()
    row.locator("input[name$='-title_en']").fill("Review report")
    row.locator("input[type=file][name$='-file']").set_input_files(str(pdf))

    page.locator("input[name=_continue]").click()  # "Lưu và tiếp tục chỉnh sửa": saved as a draft
    page.wait_for_load_state("load")
    expect(page.locator(".errornote")).to_have_count(0)
    expect(success_message(page)).to_have_count(1)
    article = Article.objects.get(title_vi=TITLE_VI)
    assert article.status == Article.Status.DRAFT
    assert article.author == writer
    assert article.title_en == TITLE_EN and article.section == section
    assert "Sáng nay, Bộ tổ chức" in article.body_vi and "annual review conference" in article.body_en
    assert article.image.alt_vi == ALT_VI and article.image.alt_en == ALT_EN
    attachment = article.attachments.get()
    assert attachment.original_name == PDF_NAME and attachment.size == len(PDF_BYTES)

    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    page.wait_for_load_state("load")
    expect(success_message(page)).to_have_text(f"Đã gửi duyệt “{TITLE_VI}”.")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    sign_out(page)

    # --- the editor -------------------------------------------------------------------------------------------
    sign_in(page, editor.username)
    page.goto("/admin/news/article/")
    page.get_by_role("link", name=TITLE_VI, exact=True).click()
    expect(page.locator(".workflow-state")).to_be_visible()
    page.get_by_role("button", name="Đăng", exact=True).click()
    page.wait_for_load_state("load")
    expect(success_message(page)).to_have_text(f"Đã đăng “{TITLE_VI}”.")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at

    # --- a reader, not signed in ------------------------------------------------------------------------------
    with translation.override("vi"):
        url = article.get_absolute_url()
    reader_context = browser.new_context(base_url=site.url, locale="vi-VN", accept_downloads=True)
    try:
        reader_context.set_default_timeout(TIMEOUT_MS)
        reader = reader_context.new_page()
        response = reader.goto(url)
        assert response.status == 200
        expect(reader.locator("h1")).to_have_text(TITLE_VI)

        webp = reader.locator(".article-photo picture source[type='image/webp']")
        srcset = webp.get_attribute("srcset")
        assert [int(w) for w in re.findall(r" (\d+)w", srcset)] == [480, 960, 1600], srcset
        img = reader.locator(".article-photo picture img")
        expect(img).to_have_attribute("alt", ALT_VI)
        expect(img).to_have_attribute("width", "2000")
        expect(img).to_have_attribute("height", "1200")
        expect(reader.locator(".article-photo figcaption")).to_have_text(CAPTION_VI)
        reader.wait_for_load_state("load")
        assert img.evaluate("img => img.complete && img.naturalWidth") > 0, "the article photo did not load"

        rendition_urls = [(u, "image/webp") for u in re.findall(r"(\S+) \d+w", srcset)]
        rendition_urls += [(u, "image/jpeg") for u in re.findall(r"(\S+) \d+w", img.get_attribute("srcset"))]
        assert len(rendition_urls) == 6
        for rendition_url, content_type in rendition_urls:
            loaded = reader.request.get(rendition_url)
            assert loaded.status == 200, rendition_url
            assert loaded.headers["content-type"] == content_type, rendition_url

        link = reader.locator(".article-attachments a", has_text="Báo cáo tổng kết")
        expect(reader.locator(".article-attachments")).to_contain_text("PDF")
        with reader.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename == PDF_NAME
        with open(download.path(), "rb") as saved:
            assert saved.read() == PDF_BYTES
        fetched = reader.request.get(link.get_attribute("href"))
        assert fetched.status == 200
        disposition = fetched.headers["content-disposition"]
        assert disposition.startswith("attachment") and PDF_NAME in disposition
    finally:
        reader_context.close()


def test_slug_filled_while_typing_a_vietnamese_title_keeps_its_letters(page, newsroom):
    sign_in(page, newsroom[1].username)
    page.goto("/admin/news/article/add/")
    page.locator("#id_title_vi").press_sequentially(TITLE_VI)
    expect(page.locator("#id_slug_vi")).to_have_value(SLUG, timeout=3_000)
