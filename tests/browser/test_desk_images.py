"""The image library in a real browser, in the Vietnamese admin, as an editor works on a published article's photo:
opens the demo image, sees the article that uses it, clicks the picture where the subject is (the marker goes
there, the two fields follow; typing in a field moves the marker back), types the photographer's credit and saves;
the crops are made again around the point, and a reader finds "Ảnh: …" under the photo on the public page."""
import pytest

from news.models import Article, Image
from news.renditions import CROPS, cropped
from tests.browser.journeys import public_url, reader_page, sign_in, success_message

expect = pytest.importorskip(
    "playwright.sync_api",
    reason="the playwright package is not importable: pip install -r requirements-dev.txt",
    exc_type=ImportError,
).expect

CREDIT = "Trần Minh Đức / TTXVN"


def marker_position(page):
    """Where the marker is, as fractions of the picture's width and height (from the browser's layout)."""
    return page.evaluate("""() => {
        const picture = document.querySelector(".focal-point img").getBoundingClientRect();
        const marker = document.querySelector(".focal-marker").getBoundingClientRect();
        return [(marker.left + marker.width / 2 - picture.left) / picture.width,
                (marker.top + marker.height / 2 - picture.top) / picture.height];
    }""")


def test_the_editor_sets_the_focal_point_and_credit_of_the_demo_photo(page, browser, site, make_staff):
    article = Article.objects.get(pk=1)  # the demo's published article, with its photo
    image = article.image
    old_crops = {name: cropped(image, name).file.name for name in CROPS}
    sign_in(page, make_staff("editor", "bientapvien").username)
    page.goto(f"/admin/news/image/{image.pk}/change/")

    # The article that shows the picture, as a link to it, with its state.
    usage = page.locator(".field-used_in .image-usage li")
    expect(usage).to_have_count(1)
    expect(usage).to_contain_text("Đã đăng")
    expect(usage.get_by_role("link", name=article.title_vi)).to_have_attribute(
        "href", f"/admin/news/article/{article.pk}/change/")

    # No point chosen yet: the marker is in the middle. A click on the picture puts it there.
    picture = page.locator(".focal-point img")
    expect(picture).to_be_visible()
    assert marker_position(page) == pytest.approx([0.5, 0.5], abs=0.02)
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.3})
    across, down = page.get_by_label("Điểm trọng tâm, chiều ngang"), page.get_by_label("Điểm trọng tâm, chiều dọc")
    assert float(across.input_value()) == pytest.approx(0.25, abs=0.01)
    assert float(down.input_value()) == pytest.approx(0.3, abs=0.01)
    assert marker_position(page) == pytest.approx([0.25, 0.3], abs=0.02)
    # The keyboard does it too: typing a number moves the marker.
    down.fill("0.35")
    assert marker_position(page) == pytest.approx([0.25, 0.35], abs=0.02)

    page.get_by_label("Nguồn ảnh").fill(CREDIT)
    page.locator("input[name=_save]").click()
    expect(success_message(page)).to_be_visible()

    image = Image.objects.get(pk=image.pk)
    assert (image.focal_x, image.focal_y, image.credit) == (pytest.approx(0.25, abs=0.01), 0.35, CREDIT)
    new_crops = {name: cropped(image, name).file.name for name in CROPS}
    assert all(new_crops[name] != old_crops[name] for name in CROPS)  # made again around the point

    # The form shows the saved point where it was put.
    page.goto(f"/admin/news/image/{image.pk}/change/")
    assert marker_position(page) == pytest.approx([0.25, 0.35], abs=0.02)

    # A reader sees the credit under the photo.
    context, reader = reader_page(browser, site)
    try:
        reader.goto(public_url(article))
        credit = reader.locator("figure.article-photo .photo-credit")
        expect(credit).to_have_text(f"Ảnh: {CREDIT}")
        photo_box = reader.locator("figure.article-photo img").bounding_box()
        assert credit.bounding_box()["y"] >= photo_box["y"] + photo_box["height"] - 1  # under the picture
    finally:
        context.close()
