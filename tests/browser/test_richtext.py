"""An editor in a real browser: the article body's rich-text editor works in both language tabs and what it
makes (bold text) is stored as HTML; what the sanitizer drops never reaches the stored body."""
import re

import pytest

from news.models import Article, Section
from tests.browser.journeys import put_caret_at_end

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect


@pytest.fixture
def site(transactional_db, live_server):
    """The live server without the demo: these tests make the one article they edit."""
    return live_server


@pytest.fixture
def draft(site):
    section = Section.objects.create(name_vi="Tin tức - Sự kiện", name_en="News and Events")
    return Article.objects.create(
        title_vi="Bản nháp soạn thảo", title_en="Editing draft", section=section,
        body_vi="<p>Đoạn đầu.</p>", body_en="<p>First paragraph.</p>",
    )


def editor_of(page, field):
    """The editable area that django-prose-editor puts in place of the field's textarea."""
    return page.locator(f".field-{field} .ProseMirror[contenteditable=true]")


# Whether the editor's own selection (Tiptap keeps the editor on its element) is a caret at the very end of the
# document, and is the one the page shows. ProseMirror types at its own selection; the page's is what the
# keyboard moves.
def type_at_end(page, editable, text, bold=""):
    put_caret_at_end(page, editable)
    page.keyboard.press("Enter")
    page.keyboard.type(text)
    if bold:
        page.keyboard.press("Control+b")
        page.keyboard.type(bold)
        page.keyboard.press("Control+b")


def test_bold_typed_in_each_language_tab_is_stored_as_strong(signed_in, draft):
    page = signed_in
    page.goto(f"/admin/news/article/{draft.pk}/change/")
    vietnamese = editor_of(page, "body_vi")
    expect(vietnamese).to_be_visible()
    expect(page.locator("#id_body_vi")).to_be_hidden()  # the textarea is replaced, not shown beside it
    expect(vietnamese).to_contain_text("Đoạn đầu.")
    type_at_end(page, vietnamese, "Câu có ", bold="chữ đậm")
    expect(vietnamese.locator("strong")).to_have_text("chữ đậm")

    # The English body lives in the other tab of the same fieldset; its editor appears with the tab.
    english = editor_of(page, "body_en")
    expect(english).to_be_hidden()
    page.locator('[role=tab][href="#tab_id_body_en"]').click()
    expect(english).to_be_visible()
    type_at_end(page, english, "A sentence with ", bold="bold words")
    expect(english.locator("strong")).to_have_text("bold words")
    # What the form posts: the editors' HTML, copied into the fields on each change.
    body_vi = re.compile(r"^<p>Đoạn đầu\.</p><p>Câu có <strong>chữ đậm</strong>")  # typed at the end, not the start
    expect(page.locator("#id_body_vi")).to_have_value(body_vi)
    expect(page.locator("#id_body_en")).to_have_value(re.compile("<strong>bold words</strong>"))

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_have_count(1)  # saved: the change page again, with a message

    draft.refresh_from_db()
    assert "<strong>chữ đậm</strong>" in draft.body_vi
    assert draft.body_vi.startswith("<p>Đoạn đầu.</p>")
    assert "<strong>bold words</strong>" in draft.body_en


def test_markup_forged_into_the_submitted_body_is_cleaned_when_saved(signed_in, draft):
    page = signed_in
    page.goto(f"/admin/news/article/{draft.pk}/change/")
    expect(editor_of(page, "body_vi")).to_be_visible()
    # The editor's own schema would never produce this; a forged submission can, and the server cleans it.
    page.evaluate(
        """() => {
            const form = document.querySelector('#article_form');
            form.addEventListener('submit', () => {
                document.querySelector('#id_body_vi').value =
                    '<p>Giữ <em>nghiêng</em></p><img src=x onerror=alert(1)><script>alert(2)</script>';
            }, {capture: true});
        }"""
    )
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_have_count(1)  # saved: the change page again, with a message
    draft.refresh_from_db()
    assert draft.body_vi == '<p>Giữ <em>nghiêng</em></p><img src="x">'


def test_an_image_with_a_caption_is_inserted_and_stored_as_a_figure(signed_in, draft):
    page = signed_in
    page.goto(f"/admin/news/article/{draft.pk}/change/")
    vietnamese = editor_of(page, "body_vi")
    expect(vietnamese).to_contain_text("Đoạn đầu.")
    put_caret_at_end(page, vietnamese)
    page.locator(".field-body_vi").get_by_title("Chèn ảnh").click()  # the figure button, as the Vietnamese admin names it
    dialog = page.locator("dialog[open]")
    dialog.locator("input[name=imageUrl]").fill("/media/images/2025/01/hoi-nghi.jpg")
    dialog.locator("input[name=altText]").fill("Toàn cảnh hội nghị")
    dialog.locator("input[name=caption]").fill("Hội nghị giao ban tháng 1")
    dialog.locator("button[type=submit], button:has-text('OK'), button:has-text('Save')").first.click()
    expect(vietnamese.locator("figure figcaption")).to_have_text("Hội nghị giao ban tháng 1")
    # What the form posts (the editor's classes are dropped on save).
    expect(page.locator("#id_body_vi")).to_have_value(re.compile(r"<figcaption[^>]*>Hội nghị giao ban tháng 1<"))

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_have_count(1)  # saved: the change page again, with a message
    draft.refresh_from_db()
    assert (
        '<figure><img src="/media/images/2025/01/hoi-nghi.jpg" alt="Toàn cảnh hội nghị">'
        "<figcaption>Hội nghị giao ban tháng 1</figcaption></figure>"
    ) in draft.body_vi
