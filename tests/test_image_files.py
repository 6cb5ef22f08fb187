"""Library images as files: what is stored of an upload (animated GIFs re-encoded whole, nothing appended kept),
which decoders ever see an upload, and editing an image without a new file."""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import BmpImagePlugin, PsdImagePlugin, TgaImagePlugin, TiffImagePlugin
from PIL import Image as PILImage

from news.models import Image
from tests.factories import image_upload
from tests.pages import form_data, texts


def media_files(media_root):
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def errors_of(response):
    return " ".join(texts(response.content, "ul", class_="errorlist"))


def post_image(client, upload, **fields):
    """The image library's add form, in the English admin (messages are English msgids)."""
    data = {"file": upload, "caption_vi": "", "caption_en": "", "alt_vi": "Ảnh", "alt_en": "", "credit": ""}
    data.update(fields)
    return client.post("/en/admin/news/image/add/", data)


# --- animated GIFs --------------------------------------------------------------------------------------------

DURATIONS = [120, 300, 80]


def animated_gif():
    """Three frames, a square moving over a transparent background, played twice; with a comment, then an HTML
    page and a ZIP archive appended after the GIF's end (polyglot files: a browser or unzip reads those)."""
    frames = []
    for index, colour in enumerate([(200, 30, 30), (30, 160, 60), (40, 60, 200)]):
        frame = PILImage.new("RGBA", (60, 40), (0, 0, 0, 0))
        frame.paste(colour + (255,), (index * 15, 5, index * 15 + 20, 30))
        frames.append(frame)
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=DURATIONS, loop=2,
                   disposal=2, comment=b"Made with a secret tool, author Nguyen Van A")
    appended_zip = io.BytesIO()
    with zipfile.ZipFile(appended_zip, "w") as archive:
        archive.writestr("payload.txt", "hidden")
    data = buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>" + appended_zip.getvalue()
    # What the test claims the upload carries, it carries.
    assert b"secret tool" in data and b"<script>" in data and zipfile.is_zipfile(io.BytesIO(data))
    return data


def shown_frames(data):
    """Each frame as a viewer shows it (RGBA), with its duration; and the loop count (None: plays once)."""
    with PILImage.open(io.BytesIO(data)) as picture:
        loop = picture.info.get("loop")
        frames = []
        for index in range(picture.n_frames):
            picture.seek(index)
            frames.append((picture.convert("RGBA").tobytes(), picture.info.get("duration")))
    return frames, loop


def test_animated_gif_is_stored_with_every_frame_and_nothing_else(staff_client):
    original = animated_gif()
    response = post_image(staff_client, SimpleUploadedFile("dong.gif", original, "image/gif"))
    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    stored = Path(image.file.path).read_bytes()
    assert stored.startswith(b"GIF89a") and stored.endswith(b";")  # ends where the GIF ends
    assert b"secret tool" not in stored and b"<script>" not in stored and b"PK\x03\x04" not in stored
    assert not zipfile.is_zipfile(io.BytesIO(stored))
    frames, loop = shown_frames(stored)
    assert (frames, loop) == shown_frames(original)  # same pictures, durations and loop count
    assert [duration for _, duration in frames] == DURATIONS and loop == 2
    with PILImage.open(io.BytesIO(stored)) as picture:
        assert picture.convert("RGBA").getpixel((55, 35))[3] == 0  # the background stays transparent
    assert (image.width, image.height) == (60, 40)


def test_an_animation_that_plays_once_still_does(db):
    frames = [PILImage.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=[100, 200])  # no loop
    image = Image.objects.create(file=SimpleUploadedFile("mot-lan.gif", buffer.getvalue()))
    frames, loop = shown_frames(Path(image.file.path).read_bytes())
    assert len(frames) == 2 and loop is None


def test_animation_over_the_pixel_limit_in_all_its_frames_is_refused(staff_client, settings):
    settings.MAX_IMAGE_PIXELS = 2_000_000  # the test's frames: 40 of 300 x 200 = 2.4 million pixels
    frames = [PILImage.new("RGB", (300, 200), (index * 6, 0, 0)) for index in range(40)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=50)
    response = post_image(staff_client, SimpleUploadedFile("dai.gif", buffer.getvalue(), "image/gif"))
    assert response.status_code == 200
    assert "its 40 frames add up to more than 2 million pixels" in errors_of(response)
    assert not Image.objects.exists()


# --- decoders ---------------------------------------------------------------------------------------------------


def picture_bytes(image_format, **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", (32, 24), (10, 90, 160)).save(buffer, image_format, **options)
    return buffer.getvalue()


# Photoshop's header (signature, version 1, 3 channels, 24 x 32 pixels, 8 bits, RGB), then empty sections.
PSD_HEADER = b"8BPS\x00\x01" + b"\x00" * 6 + b"\x00\x03" + b"\x00\x00\x00\x18\x00\x00\x00\x20\x00\x08\x00\x03"
PSD_LIKE = PSD_HEADER + b"\x00\x00\x00\x00" * 3 + b"\x00\x00" + b"\x00" * 64


@pytest.fixture
def decoders_used(monkeypatch):
    """The formats whose Pillow decoder was asked to open a file during the test (none should be, but ours)."""
    used = []
    for plugin, image_format in [
        (BmpImagePlugin.BmpImageFile, "BMP"), (TiffImagePlugin.TiffImageFile, "TIFF"),
        (PsdImagePlugin.PsdImageFile, "PSD"), (TgaImagePlugin.TgaImageFile, "TGA"),
    ]:
        def spy(self, _original=plugin._open, _format=image_format):
            used.append(_format)
            return _original(self)

        monkeypatch.setattr(plugin, "_open", spy)
    return used


@pytest.mark.parametrize(
    "content, refusal",
    [
        (picture_bytes("BMP"), "Image format BMP is not accepted"),
        (picture_bytes("TIFF"), "Image format TIFF is not accepted"),
        (PSD_LIKE, "Image format PSD is not accepted"),
        (picture_bytes("TGA"), "not a valid image or is damaged"),  # no signature: no decoder either
    ],
    ids=["bmp", "tiff", "psd", "tga"],
)
def test_other_formats_named_png_are_refused_without_their_decoder(staff_client, decoders_used, content, refusal):
    response = post_image(staff_client, SimpleUploadedFile("anh.png", content, "image/png"))
    assert response.status_code == 200
    assert refusal in errors_of(response)
    assert decoders_used == []
    assert not Image.objects.exists()


# --- editing an image in the library ----------------------------------------------------------------------------


def test_editing_the_alt_text_without_a_new_file_saves_it(staff_client, media_root):
    image = Image.objects.create(file=image_upload("anh.png", "PNG", (600, 400)), alt_vi="Hội trường")
    files = media_files(media_root)
    url = f"/admin/news/image/{image.pk}/change/"
    data = form_data(staff_client.get(url).content, "image_form")  # as a browser posts it: no file chosen
    assert "file" not in data
    response = staff_client.post(url, {**data, "alt_en": "The conference hall"})
    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert image.alt_en == "The conference hall" and (image.width, image.height) == (600, 400)
    assert media_files(media_root) == files  # nothing stored again, nothing made again


def test_an_editor_fixes_the_demo_images_english_alt_text(demo, act_as):
    client = act_as("editor")
    url = f"/admin/news/image/{demo.image_id}/change/"
    data = form_data(client.get(url).content, "image_form")
    response = client.post(url, {**data, "alt_en": "Members of the executive committee in three rows"})
    assert response.status_code == 302, errors_of(response)
    assert Image.objects.get(pk=demo.image_id).alt_en == "Members of the executive committee in three rows"
