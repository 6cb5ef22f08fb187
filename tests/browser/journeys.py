"""Steps that the admin journeys in Chromium share (fixtures are in conftest.py; these are plain functions)."""
import pytest
from django.utils import translation
from playwright.sync_api import expect  # only browser test modules import this one, after importorskip

from tests.factories import PASSWORD

TIMEOUT_MS = 20_000  # uploads, renditions and popups take longer than a page load


def sign_in(page, username):
    """Sign in to the admin through its form, as staff do, and wait for the admin's header."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()  # the admin's header: signed in


def success_message(page):
    return page.locator(".messagelist .success")


def reader_page(browser, site):
    """A reader's own browser (no staff session), which may download files."""
    context = browser.new_context(base_url=site.url, locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


def public_url(article, lang="vi"):
    with translation.override(lang):
        return article.get_absolute_url()


# The editor's own selection (Tiptap keeps the editor on its element), once it is the one the page shows, or null
# until then: whether it is a caret at the very end of the document, and the text it covers. ProseMirror types at,
# and its toolbar acts on, its own selection; the keyboard moves the page's, which it takes in a moment later.
CARET = """element => {
    const view = element.editor.view, selection = view.state.selection;
    const shown = element.ownerDocument.getSelection();
    if (!view.hasFocus() || !shown.rangeCount || !view.dom.contains(shown.focusNode)) return null;
    const settled = view.posAtDOM(shown.anchorNode, shown.anchorOffset) === selection.anchor
        && view.posAtDOM(shown.focusNode, shown.focusOffset) === selection.head;
    const end = selection.constructor.atEnd(view.state.doc).head;
    return settled ? {
        atEnd: selection.empty && selection.head === end,
        text: view.state.doc.textBetween(selection.from, selection.to),
    } : null;
}"""


def put_caret_at_end(page, editable):
    """Click into the editor and move the caret to the end of its text, checked before anything is typed.

    Just after it gets focus, ProseMirror may write its previous selection back into the page (a 20 ms timer),
    undoing a Control+End pressed in the meantime; on a busy machine that happens, and the text then goes to
    the start. So: wait for the focus, press Control+End, wait until the editor has taken in the selection the
    page shows, and press again if that is not the end (the write-back happens once, on focus).
    """
    editable.click()
    expect(editable).to_be_focused()
    for _attempt in range(3):
        page.keyboard.press("Control+End")
        caret = page.wait_for_function(CARET, arg=editable.element_handle()).json_value()
        if caret["atEnd"]:
            return
    pytest.fail("the caret did not stay at the end of the editor after Control+End")


def select_typed_words(page, editable, words):
    """Select ``words``, just typed before the caret, with the keyboard as a writer marks them, and wait until the
    editor has taken in that selection: a toolbar button clicked before then acts on the editor's previous one."""
    for _ in range(len(words)):
        page.keyboard.press("Shift+ArrowLeft")
    selected = page.wait_for_function(
        f"element => {{ const caret = ({CARET})(element); return caret && caret.text ? caret : null; }}",
        arg=editable.element_handle(),
    ).json_value()
    assert selected["text"] == words, f"selected {selected['text']!r} instead of {words!r}"




def fill_comment_form(page, body, name="Lê Thị Cúc", email="cuc@example.vn", article="Điều 12"):
    """Fill a draft's comment form by its labels, as a reader does, and answer its CAPTCHA: the answer is read from
    the store the site checks it against (django-simple-captcha), never a test mode."""
    from captcha.models import CaptchaStore

    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Cơ quan, tổ chức (không bắt buộc)").fill("Hiệp hội Nhà thầu")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Góp ý cho Điều (không bắt buộc)").fill(article)
    page.get_by_label("Nội dung góp ý").fill(body)
    page.get_by_label("Tôi đồng ý để dữ liệu cá nhân của tôi được lưu giữ").check()
    picture = page.locator("img.captcha")
    expect(picture).to_have_attribute("alt", "Ảnh một phép cộng hai số, dùng để phân biệt người với máy tự động")
    page.wait_for_load_state("load")
    assert picture.evaluate("img => img.complete && img.naturalWidth") > 0, "the CAPTCHA picture did not load"
    key = page.locator("input[name=captcha_0]").input_value()
    page.get_by_label("Kết quả phép tính trong ảnh").fill(CaptchaStore.objects.get(hashkey=key).response)
