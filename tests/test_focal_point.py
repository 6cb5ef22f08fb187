"""The focal point of a library image: the crops of its renditions keep it (the window of each shape is placed
around it, moved back inside the picture at the edges), an editor chooses it on the image's form, and a new
point remakes the crops (the old files go) while the resized copies of the whole picture stay as they were."""
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from news.models import Image, Rendition
from news.renditions import CROPS, crop_box, crop_sizes, cropped, whole_renditions
from tests.pages import elements, form_data, texts

RED, WHITE = (220, 20, 20), (255, 255, 255)


def picture_with_red_square(size, square):
    """A white picture with a red square (left, top, right, bottom) in it, as a PNG upload."""
    picture = PILImage.new("RGB", size, WHITE)
    picture.paste(RED, square)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile("vuong-do.png", buffer.getvalue(), "image/png")


def red_share(path):
    """How much of a stored picture is red (0..1), counted on a small copy."""
    with PILImage.open(path) as stored:
        small = stored.convert("RGB").resize((64, 64))
    data = small.tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    return sum(1 for r, g, b in pixels if r > 150 and g < 100 and b < 100) / len(pixels)


def media_files(media_root):
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


# --- the crop window ------------------------------------------------------------------------------------------


def test_no_focal_point_crops_the_middle():
    assert crop_box((1600, 900), 1) == (350, 0, 1250, 900)
    assert crop_box((900, 1600), 16 / 9) == (0, 547, 900, 1053)


def test_the_window_is_centred_on_the_point_when_the_picture_allows():
    assert crop_box((1600, 900), 1, focal_x=0.4, focal_y=0.1) == (190, 0, 1090, 900)
    left, top, right, bottom = crop_box((2000, 900), 1, focal_x=0.6, focal_y=0.2)
    assert (right - left, bottom - top) == (900, 900)  # the largest square the picture holds
    assert (left + right) / 2 == 0.6 * 2000 and top == 0  # centred across; all of the height


def test_a_point_near_an_edge_moves_the_window_back_inside():
    assert crop_box((1600, 900), 1, focal_x=0.02, focal_y=0.5) == (0, 0, 900, 900)
    assert crop_box((1600, 900), 1, focal_x=1.0, focal_y=0.5) == (700, 0, 1600, 900)
    assert crop_box((900, 1600), 16 / 9, focal_x=0.5, focal_y=0.97) == (0, 1094, 900, 1600)
    assert crop_box((900, 1600), 16 / 9, focal_x=0.5, focal_y=0.0) == (0, 0, 900, 506)


def test_a_window_of_the_pictures_own_shape_is_the_whole_picture():
    assert crop_box((1600, 900), 16 / 9, focal_x=0.1, focal_y=0.9) == (0, 0, 1600, 900)
    assert crop_box((1, 1), 16 / 9) == (0, 0, 1, 1)


def test_crop_sizes_never_take_a_width_of_the_resized_copies():
    assert crop_sizes(2000, 1000) == {"16x9": (1200, 675), "4x3": (1024, 768), "1x1": (720, 720)}
    # 1200 px wide: the resized copies have 480, 960 and 1200; the 16:9 crop is one pixel narrower.
    assert crop_sizes(1200, 800) == {"16x9": (1199, 674), "4x3": (1024, 768), "1x1": (720, 720)}
    # Smaller than the targets: no upscaling, the window's own width (each a different one).
    assert crop_sizes(600, 600) == {"16x9": (599, 337), "4x3": (598, 448), "1x1": (597, 597)}
    assert crop_sizes(None, None) == {}


# --- the rendition files --------------------------------------------------------------------------------------


def test_the_crops_keep_a_red_square_in_the_corner_chosen_as_focal_point(db, media_root):
    # The red square at the top left of a wide picture: a square crop of the middle would leave it out.
    image = Image.objects.create(
        file=picture_with_red_square((1600, 900), (0, 0, 200, 200)), focal_x=0.06, focal_y=0.11, alt_vi="Ô đỏ",
    )
    square = cropped(image, "1x1")
    assert (square.width, square.height) == (720, 720)
    with PILImage.open(square.file.path) as stored:
        assert stored.size == (720, 720) and stored.format == "JPEG"
        assert stored.convert("RGB").getpixel((40, 40))[0] > 200  # the top left corner is the red square's
        assert stored.convert("RGB").getpixel((40, 40))[1] < 60
    assert red_share(square.file.path) == pytest.approx((200 / 900) ** 2, abs=0.01)
    centred = Image.objects.create(file=picture_with_red_square((1600, 900), (0, 0, 200, 200)), alt_vi="Ô đỏ")
    assert red_share(cropped(centred, "1x1").file.path) == 0  # without the point, the middle: no red at all
    # The whole picture's resized copies do not move: the square is in them wherever the point is.
    assert all(red_share(r.file.path) > 0.02 for r in whole_renditions(image))


def test_a_focal_point_set_outside_the_admin_remakes_the_crops_too(db, media_root,
                                                                   django_capture_on_commit_callbacks):
    image = Image.objects.create(file=picture_with_red_square((1600, 900), (0, 0, 200, 200)), alt_vi="Ô đỏ")
    assert red_share(cropped(image, "1x1").file.path) == 0  # the middle
    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x, image.focal_y = 0.06, 0.11  # a script, a shell: no admin form
        image.save()
    image = Image.objects.get(pk=image.pk)
    assert red_share(cropped(image, "1x1").file.path) == pytest.approx((200 / 900) ** 2, abs=0.01)


def test_a_tall_picture_keeps_the_subject_at_its_bottom_in_the_wide_crop(db, media_root):
    image = Image.objects.create(
        file=picture_with_red_square((900, 1600), (350, 1400, 550, 1600)), focal_x=0.5, focal_y=0.94,
    )
    for name in CROPS:
        rendition = cropped(image, name)
        aspect_w, aspect_h, _target = CROPS[name]
        assert abs(rendition.width / rendition.height - aspect_w / aspect_h) < 0.01
        with PILImage.open(rendition.file.path) as stored:
            assert stored.size == (rendition.width, rendition.height)
        assert red_share(rendition.file.path) > 0.02, name
    wide = cropped(image, "16x9")
    with PILImage.open(wide.file.path) as stored:
        bottom_middle = stored.convert("RGB").getpixel((stored.width // 2, stored.height - 5))
    assert bottom_middle[0] > 200 and bottom_middle[1] < 60  # the square sits at the bottom of the window


# --- chosen in the admin --------------------------------------------------------------------------------------


@pytest.fixture
def red_corner_image(db, media_root):
    return Image.objects.create(
        file=picture_with_red_square((1600, 900), (1400, 700, 1600, 900)), alt_vi="Ô đỏ ở góc", credit="Tuấn Anh",
    )


def test_the_form_shows_the_picture_with_its_marker_and_the_two_labelled_fields(act_as, red_corner_image):
    page = act_as("editor").get(f"/admin/news/image/{red_corner_image.pk}/change/").content.decode()
    [frame] = elements(page, "div", class_="focal-point")
    assert frame.attrs["data-focal-hint"] == "Bấm vào ảnh để chọn điểm mà các bản cắt giữ lại."
    [picture] = elements(page, "img", alt="Ảnh: bấm vào điểm mà các bản cắt phải giữ lại")
    assert picture.attrs["src"] == whole_renditions(red_corner_image)[0].file.url  # the 480 px copy
    [marker] = elements(page, "span", class_="focal-marker")
    assert "left: 50%" in marker.attrs["style"] and "top: 50%" in marker.attrs["style"]  # no point yet: middle
    assert texts(page, "label", **{"for": "id_focal_x"}) == ["Điểm trọng tâm, chiều ngang:"]
    assert texts(page, "label", **{"for": "id_focal_y"}) == ["Điểm trọng tâm, chiều dọc:"]
    [across] = elements(page, "input", id="id_focal_x")
    assert (across.attrs["type"], across.attrs["min"], across.attrs["max"]) == ("number", "0", "1")
    assert any(s.attrs.get("src", "").endswith("news/admin/focal-point.js") for s in elements(page, "script"))
    assert any(link.attrs.get("href", "").endswith("news/admin/focal-point.css") for link in elements(page, "link"))


def test_a_new_focal_point_remakes_the_crops_only(act_as, red_corner_image, media_root,
                                                    django_capture_on_commit_callbacks):
    image = red_corner_image
    before = {r.pk: r.file.name for r in image.renditions.all()}
    old_crops = {cropped(image, name).file.name for name in CROPS}
    assert red_share(cropped(image, "1x1").file.path) == 0  # the middle square misses the corner
    client = act_as("editor")
    url = f"/admin/news/image/{image.pk}/change/"
    data = form_data(client.get(url).content, "image_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "focal_x": "0.94", "focal_y": "0.89"})
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    image = Image.objects.get(pk=image.pk)
    assert (image.focal_x, image.focal_y) == (0.94, 0.89)
    new_crops = {cropped(image, name).file.name for name in CROPS}
    assert not new_crops & old_crops  # new files, new addresses: no browser or cache keeps the old crop
    assert red_share(cropped(image, "1x1").file.path) == pytest.approx((200 / 900) ** 2, abs=0.01)
    # The resized copies are the same rows and files; the old crops' files are deleted.
    assert {r.pk: r.file.name for r in whole_renditions(image)}.items() <= before.items()
    stored = {p.relative_to(media_root).as_posix() for p in media_files(media_root)}
    assert not old_crops & stored and new_crops <= stored
    assert len(stored) == 1 + Rendition.objects.filter(image=image).count() == 1 + 4 + 3  # 480, 960; 3 crops
    # The form shows the new point where it was put.
    [marker] = elements(client.get(url).content, "span", class_="focal-marker")
    assert marker.attrs["style"] == "left: 94.0%; top: 89.0%"


def test_saving_other_fields_leaves_the_crops_alone(act_as, red_corner_image, django_capture_on_commit_callbacks):
    image = red_corner_image
    before = sorted(r.file.name for r in image.renditions.all())
    client = act_as("editor")
    url = f"/admin/news/image/{image.pk}/change/"
    data = form_data(client.get(url).content, "image_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "credit": "Minh Đức"})
    assert response.status_code == 302
    assert sorted(r.file.name for r in image.renditions.all()) == before


@pytest.mark.parametrize("value", ["1.5", "-0.1", "abc", "nan"])
def test_a_focal_point_outside_the_picture_is_refused_with_a_message(act_as, red_corner_image, value):
    image = red_corner_image
    before = sorted(r.file.name for r in image.renditions.all())
    client = act_as("editor")
    url = f"/admin/news/image/{image.pk}/change/"
    data = form_data(client.get(url).content, "image_form")
    response = client.post(url, {**data, "focal_x": value, "focal_y": "0.5", "credit": "Đổi"})
    assert response.status_code == 200
    errors = texts(response.content, "ul", class_="errorlist")
    assert "Nhập một số từ 0 đến 1: tỉ lệ của ảnh tính từ góc trên bên trái (0.5 là chính giữa), hoặc để trống." \
        in errors
    # Nothing saved, and what was typed is still in the form to be corrected.
    image = Image.objects.get(pk=image.pk)
    assert (image.focal_x, image.focal_y, image.credit) == (None, None, "Tuấn Anh")
    assert sorted(r.file.name for r in image.renditions.all()) == before
    [credit] = elements(response.content, "input", id="id_credit")
    assert credit.attrs["value"] == "Đổi"


def test_the_english_admin_says_it_in_english(act_as, red_corner_image):
    client = act_as("editor")
    url = f"/en/admin/news/image/{red_corner_image.pk}/change/"
    data = form_data(client.get(url).content, "image_form")
    response = client.post(url, {**data, "focal_y": "2"})
    assert ("Give a number from 0 to 1: a fraction of the picture from its top left corner (0.5 is the middle), "
            "or leave it empty.") in texts(response.content, "ul", class_="errorlist")
