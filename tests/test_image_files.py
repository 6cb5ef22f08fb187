"""Library images as files: what is stored of an upload (animated GIFs re-encoded whole, nothing appended kept),
which decoders ever see an upload, editing an image with or without a new file, and files leaving with their
image (deleted once the deletion commits; random names)."""
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import BmpImagePlugin, GifImagePlugin, PsdImagePlugin, TgaImagePlugin, TiffImagePlugin
from PIL import Image as PILImage

from news import images
from news.models import Image, Rendition
from news.renditions import renditions_for, whole_renditions
from tests.factories import image_upload
from tests.pages import elements, form_data, texts

RANDOM_RENDITION = re.compile(r"^images/renditions/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|webp)$")


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
    assert "its frames add up to more than 2 million pixels" in errors_of(response)
    assert not Image.objects.exists()


def test_animation_with_too_many_frames_is_refused_without_reading_them_all(staff_client, monkeypatch):
    monkeypatch.setattr(images, "MAX_ANIMATION_FRAMES", 10)
    frames = [PILImage.new("RGB", (4, 4), (index, 0, 0)) for index in range(200)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=50)
    reached = []  # every frame Pillow walks to, whether to decode it or only to count frames (n_frames)
    walk = GifImagePlugin.GifImageFile._seek

    def counted_walk(self, frame, *args, **kwargs):
        reached.append(frame)
        return walk(self, frame, *args, **kwargs)

    monkeypatch.setattr(GifImagePlugin.GifImageFile, "_seek", counted_walk)
    response = post_image(staff_client, SimpleUploadedFile("dai.gif", buffer.getvalue(), "image/gif"))
    assert response.status_code == 200
    assert "The animation has more than 10 frames" in errors_of(response)
    assert max(reached) <= 10  # the 190 other frames were never reached
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


def test_saving_through_the_model_never_decodes_other_formats(db, decoders_used):
    # Django measures an ImageField's pixels itself when the field has width_field/height_field, with every
    # decoder Pillow has, as soon as the model is built: the site measures its clean copy instead.
    with pytest.raises(ValidationError) as refused:
        Image.objects.create(file=SimpleUploadedFile("anh.png", picture_bytes("BMP")))
    assert refused.value.code == "image_format"
    assert decoders_used == [] and not Image.objects.exists()


def test_renditions_never_decode_a_stored_file_of_another_format(db, decoders_used, caplog):
    image = Image.objects.create(file=image_upload("anh.png", "PNG", (600, 400)))
    Rendition.objects.filter(image=image).delete()
    Path(image.file.path).write_bytes(picture_bytes("BMP"))  # put in the storage by other means
    image = Image.objects.get(pk=image.pk)
    assert renditions_for(image) == []
    assert decoders_used == [] and "cannot be read" in caplog.text


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


def test_replacing_the_file_in_the_admin_stores_the_new_one_and_deletes_the_old(
    staff_client, media_root, django_capture_on_commit_callbacks
):
    image = Image.objects.create(file=image_upload("cu.png", "PNG", (1200, 600)), alt_vi="Ảnh cũ")
    old_files = media_files(media_root)
    assert len(old_files) == 1 + 6 + 3  # the original, its renditions and its three crops
    url = f"/admin/news/image/{image.pk}/change/"
    data = form_data(staff_client.get(url).content, "image_form")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {**data, "file": image_upload("moi.jpg", "JPEG", (500, 500))})
    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert (image.width, image.height) == (500, 500) and image.file.name.endswith(".jpg")
    renditions = list(image.renditions.all())
    assert sorted((r.width, r.format) for r in whole_renditions(image)) == [
        (w, f) for w in (480, 500) for f in ("jpeg", "webp")
    ]
    assert media_files(media_root) == sorted(
        [Path(image.file.path)] + [Path(r.file.path) for r in renditions]
    )  # the old original and renditions are gone
    assert not set(old_files) & set(media_files(media_root))


# --- files go with their image ----------------------------------------------------------------------------------


def test_renditions_have_random_names(db):
    image = Image.objects.create(file=image_upload("anh.png", "PNG", (2000, 1000)))
    names = [r.file.name for r in image.renditions.all()]
    assert len(names) == 6 + 3 and all(RANDOM_RENDITION.match(name) for name in names), names
    assert not any(re.search(rf"{image.pk}-\d+\.", name) for name in names)


def test_deleting_an_image_in_the_admin_deletes_its_files(staff_client, media_root, django_capture_on_commit_callbacks):
    image = Image.objects.create(file=image_upload("anh.png", "PNG", (1200, 600)))
    kept = Image.objects.create(file=image_upload("khac.png", "PNG", (300, 200)))
    kept_files = [Path(kept.file.path)] + [Path(r.file.path) for r in kept.renditions.all()]
    assert len(media_files(media_root)) == 10 + 6  # 300 px wide: one width, in two formats, and three crops
    page = staff_client.get(f"/admin/news/image/{image.pk}/delete/")
    assert elements(page.content, "input", type="submit")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/news/image/{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists() and not Rendition.objects.filter(image_id=image.pk).exists()
    assert media_files(media_root) == sorted(kept_files)  # the other image's files are untouched


def test_files_stay_while_the_deletion_is_not_committed(db, media_root, django_capture_on_commit_callbacks):
    image = Image.objects.create(file=image_upload("anh.png", "PNG", (1200, 600)))
    pk, files = image.pk, media_files(media_root)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        image.delete()
        raise RuntimeError("the deletion fails after the rows are gone")
    assert Image.objects.filter(pk=pk).exists() and media_files(media_root) == files


def test_a_picture_with_a_long_name_is_accepted(staff_client):
    name = "Hội nghị triển khai nhiệm vụ kế hoạch năm 2025 của Bộ Kế hoạch và Đầu tư tại Hà Nội sáng ngày 6 tháng 1.jpg"
    assert len(name) > 100
    response = post_image(staff_client, image_upload(name, "JPEG", (300, 200)))
    assert response.status_code == 302, errors_of(response)
    assert len(Image.objects.get().file.name) < 100  # stored under the server's own name


@pytest.mark.django_db(transaction=True)
def test_migration_gives_existing_renditions_random_names(media_root):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("news", "0008_indexes_for_scale")]
    after = [("news", "0009_random_rendition_names_long_attachment_names")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        image = old.get_model("news", "Image").objects.create(file="images/2024/04/anh.jpg", width=960, height=480)
        renditions = Path(media_root, "images", "renditions")
        renditions.mkdir(parents=True)
        jpeg = io.BytesIO()
        PILImage.new("RGB", (480, 240), (10, 90, 160)).save(jpeg, "JPEG")
        (renditions / f"{image.pk}-480.jpg").write_bytes(jpeg.getvalue())
        rendition_model = old.get_model("news", "Rendition")
        kept = rendition_model.objects.create(image_id=image.pk, width=480, height=240, format="jpeg",
                                              file=f"images/renditions/{image.pk}-480.jpg")
        lost = rendition_model.objects.create(image_id=image.pk, width=960, height=480, format="jpeg",
                                              file=f"images/renditions/{image.pk}-960.jpg")  # its file is missing

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        renamed = Rendition.objects.get(pk=kept.pk)
        assert RANDOM_RENDITION.match(renamed.file.name), renamed.file.name
        assert Path(renamed.file.path).read_bytes() == jpeg.getvalue()
        assert media_files(media_root) == [Path(renamed.file.path)]  # the guessable name is gone from the disk
        assert not Rendition.objects.filter(pk=lost.pk).exists()  # made again when a page first shows the image
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
