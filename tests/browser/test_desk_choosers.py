"""The body editor's choosers in a real browser, in the Vietnamese admin, as a writer uses them.

A writer starts an article, links words to the demo's anniversary article and to a document by picking them
("Liên kết nội bộ"), puts in a picture of the library found without typing its diacritics and uploads another in
the same dialog ("Ảnh từ thư viện"), and saves. The preview shows the pictures with their captions and the links
at the targets' addresses; when the anniversary article's slug is renamed, the link follows it.
"""
import re

import pytest
from PIL import Image as PILImage

from news.models import Article, Directive, Image
from tests.browser.journeys import put_caret_at_end, select_typed_words, sign_in

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

TITLE = "Bài viết có ảnh và liên kết nội bộ"


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "le-trao-giai.jpg"
    picture = PILImage.new("RGB", (1200, 800), (30, 90, 160))
    picture.paste((220, 40, 40), (300, 200, 900, 600))
    picture.save(path, "JPEG", quality=85)
    return path


def test_the_writer_picks_pictures_and_links_and_the_links_follow_their_targets(page, site, make_staff, photo):
    writer = make_staff("writer", "phongvien")
    anniversary = Article.objects.get(slug_vi__startswith="ky-niem-17-nam")  # the demo's article
    directive = Directive.objects.get(number="05-CT/TW")
    demo_picture = Image.objects.get(caption_vi__startswith="Ban chấp hành Đảng bộ Khối")
    sign_in(page, writer.username)
    page.goto("/admin/news/article/add/")
    page.locator("#id_title_vi").fill(TITLE)
    page.locator(".field-section .select2-selection").click()  # the section's autocomplete
    page.locator(".select2-container--open .select2-search__field").fill("Hoạt động Đảng")
    page.locator(".select2-results__option", has_text="Hoạt động Đảng").first.click()
    body = page.locator(".field-body_vi .ProseMirror[contenteditable=true]")
    toolbar = page.locator(".field-body_vi .prose-menubar")

    # A link to the anniversary article: the words are marked, the article is found without diacritics.
    put_caret_at_end(page, body)  # the editor has settled its selection after taking the focus
    page.keyboard.type("Nhân dịp lễ kỷ niệm")
    select_typed_words(page, body, "lễ kỷ niệm")
    toolbar.get_by_role("button", name="Liên kết nội bộ").click()
    dialog = page.get_by_role("dialog", name="Liên kết nội bộ")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("radio", name="Bài viết")).to_be_checked()
    dialog.get_by_label("Tìm theo tiêu đề, số hiệu hoặc tên").fill("ky niem 17 nam")
    dialog.get_by_role("button", name=anniversary.title_vi).click()
    expect(dialog).to_have_count(0)
    expect(body).to_be_focused()  # back in the text, after the linked words: what is typed next is not linked
    page.keyboard.type(" 17 năm")
    expect(body).to_contain_text("Nhân dịp lễ kỷ niệm 17 năm")
    expect(body.get_by_role("link", name="lễ kỷ niệm", exact=True)).to_have_count(1)

    # A link to a document, found by its number.
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Thực hiện Chỉ thị 05")
    select_typed_words(page, body, "Chỉ thị 05")
    toolbar.get_by_role("button", name="Liên kết nội bộ").click()
    dialog = page.get_by_role("dialog", name="Liên kết nội bộ")
    dialog.get_by_role("radio", name="Văn bản").check()
    dialog.get_by_label("Tìm theo tiêu đề, số hiệu hoặc tên").fill("05-CT")
    dialog.get_by_role("button", name=str(directive.citation)).click()
    expect(body.get_by_role("link", name="Chỉ thị 05")).to_have_count(1)

    # A picked link whose address is then typed by hand in the editor's own link dialog: what was typed wins.
    page.keyboard.type(" và cổng văn bản")
    select_typed_words(page, body, "cổng văn bản")
    toolbar.get_by_role("button", name="Liên kết nội bộ").click()
    dialog = page.get_by_role("dialog", name="Liên kết nội bộ")
    dialog.get_by_role("radio", name="Văn bản").check()
    dialog.get_by_label("Tìm theo tiêu đề, số hiệu hoặc tên").fill("12-NQ")
    dialog.get_by_role("button", name="Nghị quyết 12-NQ/TW").click()
    body.get_by_role("link", name="cổng văn bản").click()
    toolbar.get_by_role("button", name="Chèn liên kết").click()
    own_dialog = page.locator("dialog.prose-editor-dialog:not(.choosers-dialog)")
    own_dialog.get_by_label("Địa chỉ (URL)").fill("https://vanban.chinhphu.vn/")
    own_dialog.get_by_role("button", name="Cập nhật").click()
    expect(body.get_by_role("link", name="cổng văn bản")).to_have_attribute("href", "https://vanban.chinhphu.vn/")

    # A picture of the library, found by its caption typed without diacritics, in a new paragraph at the end.
    put_caret_at_end(page, body)
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Ảnh từ thư viện").click()
    dialog = page.get_by_role("dialog", name="Ảnh từ thư viện")
    dialog.get_by_label("Tìm ảnh theo chú thích hoặc mô tả").fill("ban chap hanh")
    expect(dialog.get_by_role("status")).to_have_text("Tìm thấy 1.")
    expect(dialog.get_by_role("button", name="Xem thêm")).to_be_hidden()  # nothing more to show
    dialog.get_by_role("button", name=demo_picture.caption_vi).click()
    expect(body.locator(f'figure img[data-image="{demo_picture.pk}"]')).to_have_count(1)
    expect(body.locator("figure figcaption").first).to_have_text(demo_picture.caption_vi)

    # A new picture, uploaded in the same dialog: first a file that is not a picture, refused, nothing saved.
    fake = photo.parent / "khong-phai-anh.jpg"
    fake.write_text("Đây không phải là ảnh")
    toolbar.get_by_role("button", name="Ảnh từ thư viện").click()
    dialog = page.get_by_role("dialog", name="Ảnh từ thư viện")
    expect(dialog.get_by_role("alert")).to_be_hidden()
    dialog.get_by_label("Tệp ảnh (JPEG, PNG, WebP hoặc GIF)").set_input_files(str(fake))
    dialog.get_by_label("Chú thích dưới ảnh", exact=True).fill("Lễ trao giải")
    dialog.get_by_role("button", name="Tải lên và chèn").click()
    expect(dialog.get_by_role("alert")).to_be_visible()  # the reason, as the image admin gives it
    expect(dialog.get_by_role("alert")).to_contain_text("không phải là ảnh")
    expect(dialog.get_by_role("alert")).not_to_contain_text("Không tải được ảnh lên")
    assert Image.objects.count() == 1
    dialog.get_by_label("Tệp ảnh (JPEG, PNG, WebP hoặc GIF)").set_input_files(str(photo))
    dialog.get_by_label("Văn bản thay thế (ảnh cho thấy gì)").fill("Đại biểu nhận giải trên sân khấu")
    dialog.get_by_role("button", name="Tải lên và chèn").click()
    expect(dialog).to_have_count(0)
    uploaded = Image.objects.get(caption_vi="Lễ trao giải")
    assert (uploaded.alt_vi, uploaded.uploaded_by) == ("Đại biểu nhận giải trên sân khấu", writer)
    expect(body.locator(f'figure img[data-image="{uploaded.pk}"]')).to_have_attribute(
        "alt", "Đại biểu nhận giải trên sân khấu")

    page.locator("input[name=_continue]").click()  # "Lưu và tiếp tục chỉnh sửa"
    expect(page.locator(".messagelist .success")).to_have_count(1)
    article = Article.objects.get(title_vi=TITLE)
    assert f'data-link="article:{anniversary.pk}"' in article.body_vi
    assert f'data-link="directive:{directive.pk}"' in article.body_vi
    assert f'data-image="{demo_picture.pk}"' in article.body_vi and f'data-image="{uploaded.pk}"' in article.body_vi
    hand_typed = Directive.objects.get(number="12-NQ/TW")
    assert f'data-link="directive:{hand_typed.pk}"' not in article.body_vi
    assert re.search(r"<a href=\"https://vanban.chinhphu.vn/\"[^>]*>cổng văn bản</a>", article.body_vi), article.body_vi

    # The preview shows what readers will get: the pictures with their captions, the links at today's addresses.
    page.goto(f"/admin/news/article/{article.pk}/preview/")
    main = page.locator("main")
    expect(main.locator("figure figcaption", has_text="Lễ trao giải")).to_be_visible()
    expect(main.get_by_role("img", name="Đại biểu nhận giải trên sân khấu")).to_be_visible()
    expect(main.get_by_role("link", name="lễ kỷ niệm")).to_have_attribute("href", anniversary.get_absolute_url())
    expect(main.get_by_role("link", name="Chỉ thị 05")).to_have_attribute("href", directive.get_absolute_url())
    expect(main.get_by_role("link", name="cổng văn bản")).to_have_attribute("href", "https://vanban.chinhphu.vn/")

    # The anniversary article gets a new address: the link follows it.
    anniversary.slug_vi = "ky-niem-17-nam-dang-bo-khoi"
    anniversary.save()
    page.reload()
    expect(main.get_by_role("link", name="lễ kỷ niệm")).to_have_attribute(
        "href", f"/tin-tuc/{anniversary.section.slug_vi}/ky-niem-17-nam-dang-bo-khoi/")
