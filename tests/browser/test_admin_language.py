"""The admin's scripts speak the admin's language, in Chromium: the rich-text editor's menu, tooltips and dialogs
are Vietnamese in /admin/ and English in /en/admin/, and the translation tabs' language menu names the language
the tabs show.

The editor (django-prose-editor) asks Django's JavaScript catalog for its dialogs' words; its menu buttons are
named by our LocalizedMenu extension (static/news/admin/prose-editor-labels.js); the Vietnamese is in
locale/vi and locale_overrides/vi (djangojs.po).
"""
import pytest

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

# Menu buttons by the name the editor gives them (data-name), as each admin names them.
MENU = {
    "vi": {
        "bulletList": "Danh sách gạch đầu dòng", "orderedList": "Danh sách đánh số", "blockquote": "Trích dẫn",
        "figure": "Chèn ảnh", "bold": "In đậm", "italic": "In nghiêng", "link": "Chèn liên kết",
        "table": "Chèn bảng", "history:undo": "Hoàn tác", "history:redo": "Làm lại", "html": "Sửa mã HTML",
    },
    "en": {
        "bulletList": "Bulleted list", "orderedList": "Numbered list", "blockquote": "Quotation",
        "figure": "Insert image", "bold": "Bold", "italic": "Italic", "link": "Insert link",
        "table": "Insert table", "history:undo": "Undo", "history:redo": "Redo", "html": "Edit HTML",
    },
}
# The paragraph and heading menu (a dropdown), top to bottom.
BLOCK_TYPES = {
    "vi": ["Tiêu đề 2", "Tiêu đề 3", "Tiêu đề 4", "Đoạn văn"],
    "en": ["Heading 2", "Heading 3", "Heading 4", "Paragraph"],
}
# Dialogs: (title, field labels, buttons).
FIGURE_DIALOG = {
    "vi": ("Chèn ảnh", ["Địa chỉ ảnh (URL)", "Văn bản thay thế", "Chú thích"], ["Chèn", "Hủy bỏ"]),
    "en": ("Insert Figure", ["Image URL", "Alternative Text", "Caption"], ["Insert", "Cancel"]),
}
LINK_DIALOG = {
    "vi": ("Sửa liên kết", ["Địa chỉ (URL)", "Tiêu đề"], ["Cập nhật", "Hủy bỏ"]),
    "en": ("Edit Link", ["URL", "Title"], ["Update", "Cancel"]),
}
# What django-prose-editor 0.28 shows without a catalog or our extension: none of it may show in /admin/.
EDITOR_ENGLISH = [
    "paragraph", "Paragraph", "heading 2", "Heading 2", "unordered list", "ordered list", "blockquote", "figure",
    "bold", "italic", "insert link", "Insert table", "undo", "redo", "edit HTML", "Insert Figure", "Image URL",
    "Alternative Text", "Caption", "Edit Link", "URL", "Title", "Update", "Insert", "Cancel",
]
ADMIN = {"vi": "/admin", "en": "/en/admin"}


def open_article(page, language):
    """The demo article's change form in the Vietnamese or English admin."""
    page.goto(f"{ADMIN[language]}/news/article/1/change/")
    expect(page.locator(".prose-editor .ProseMirror[contenteditable=true]").first).to_be_attached()


def vietnamese_body(page):
    """The editor of the Vietnamese body, its tab opened (the English admin opens the English one)."""
    page.locator('[role=tab][href="#tab_id_body_vi"]').click()
    editor = page.locator(".field-body_vi .prose-editor")
    expect(editor.locator(".ProseMirror[contenteditable=true]")).to_be_visible()
    return editor


def dialog_texts(page):
    dialog = page.locator("dialog[open]")
    expect(dialog).to_be_visible()
    title = dialog.locator(".prose-editor-dialog-title").inner_text().strip()
    # A label holds its field's help text too (in a span of its own): the label's own words come first.
    labels = [label.split("\n")[0].strip() for label in dialog.locator("label").all_inner_texts()]
    buttons = [text.strip() for text in dialog.locator("button").all_inner_texts()]
    return title, labels, buttons


def shown_words(editor):
    """Every tooltip, accessible name and option text of the editor's menu."""
    return editor.evaluate(
        """element => [...element.querySelectorAll(".prose-menubar button, .prose-menubar__option")]
            .flatMap(button => [button.title, button.getAttribute("aria-label"),
                                button.classList.contains("prose-menubar__option") ? button.innerText : ""])
            .map(text => (text || "").trim()).filter(Boolean)"""
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_editor_menu_speaks_the_admin_language(signed_in, language):
    page = signed_in
    open_article(page, language)
    editor = vietnamese_body(page)
    for name, label in MENU[language].items():
        button = editor.locator(f'.prose-menubar__group button[data-name="{name}"]')
        expect(button).to_have_attribute("title", label)
        expect(button).to_have_attribute("aria-label", label)

    # The paragraph and heading menu.
    editor.locator(".ProseMirror[contenteditable=true] p").first.click()
    editor.locator(".prose-menubar__selected").click()
    options = editor.locator(".prose-menubar__picker .prose-menubar__option:not(.hidden)")
    expect(options).to_have_text(BLOCK_TYPES[language])
    # The menu shows the current block's type: the cursor is in a paragraph.
    expect(editor.locator(".prose-menubar__selected button")).to_have_attribute("title", BLOCK_TYPES[language][-1])
    page.keyboard.press("Escape")

    if language == "vi":
        english = [word for word in shown_words(editor) if word in EDITOR_ENGLISH]
        assert not english, english


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_editor_dialogs_speak_the_admin_language(signed_in, language):
    page = signed_in
    open_article(page, language)
    editor = vietnamese_body(page)
    text = editor.locator(".ProseMirror[contenteditable=true] p").first

    # The picture dialog (a figure: image, alternative text, caption).
    text.click()
    editor.locator('.prose-menubar__group button[data-name="figure"]').click()
    assert dialog_texts(page) == FIGURE_DIALOG[language]
    page.locator("dialog[open] button", has_text=FIGURE_DIALOG[language][2][1]).click()
    expect(page.locator("dialog[open]")).to_have_count(0)

    # The link dialog, for a selected word.
    text.dblclick()
    editor.locator('.prose-menubar__group button[data-name="link"]').click()
    assert dialog_texts(page) == LINK_DIALOG[language]
    page.locator("dialog[open] button", has_text=LINK_DIALOG[language][2][1]).click()
    expect(page.locator("dialog[open]")).to_have_count(0)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_language_menu_names_the_language_the_tabs_show(signed_in, language):
    page = signed_in
    open_article(page, language)
    menu = page.locator("#modeltranslation-main-switch")
    first_tab = page.locator(".ui-tabs-nav > li.ui-tabs-active > a").first
    expect(first_tab).to_have_text(language)  # the tabs open on the admin's language
    expect(menu.locator("option:checked")).to_have_text(language)
    # Choosing the other language in the menu switches the tabs, as before.
    other = "en" if language == "vi" else "vi"
    menu.select_option(label=other)
    expect(first_tab).to_have_count(1)
    expect(page.locator(".ui-tabs-nav > li.ui-tabs-active > a").first).to_have_text(other)
