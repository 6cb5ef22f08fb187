"""The image library and attachments as staff and readers meet them: clean stored pictures, renditions made once
and served with srcset, attachments downloaded under their own name, drafts' files kept private."""
import io
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import ExifTags
from PIL import Image as PILImage

from news.models import Article, Attachment, Image, Rendition
from news.renditions import whole_renditions
from tests.factories import article_form, image_upload
from tests.pages import change_form_data, elements, texts

ORIENTATION = 0x0112


def library_image(name="hoi-nghi.png", image_format="PNG", size=(2000, 1000), **fields):
    values = {"alt_vi": "Toàn cảnh hội nghị", "alt_en": "The conference hall", "caption_vi": "Hội nghị"}
    values.update(fields)
    return Image.objects.create(file=image_upload(name, image_format, size), **values)


def media_files(media_root):
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def phone_photo():
    """A JPEG as a phone writes it: stored sideways (orientation 6 = rotate 90° clockwise to view) with GPS."""
    picture = PILImage.new("RGB", (120, 80), (200, 30, 30))
    picture.paste((30, 30, 200), (0, 0, 60, 80))  # left half blue as stored: the top once turned upright
    exif = PILImage.Exif()
    exif[ORIENTATION] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 42.0),
        ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (105.0, 50.0, 4.0),
    }
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=95)
    data = buffer.getvalue()
    with PILImage.open(io.BytesIO(data)) as written:  # the test file really carries what it claims
        assert written.getexif()[ORIENTATION] == 6 and written.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


# --- what is stored -------------------------------------------------------------------------------------------


def test_upload_is_stored_upright_without_exif_or_gps(staff_client, media_root):
    response = staff_client.post("/en/admin/news/image/add/", {
        "file": SimpleUploadedFile("dien-thoai.jpg", phone_photo(), "image/jpeg"),
        "alt_vi": "Ảnh chụp bằng điện thoại", "alt_en": "", "caption_vi": "", "caption_en": "", "credit": "",
    })
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    image = Image.objects.get()
    assert (image.width, image.height) == (80, 120)  # turned upright
    assert "dien-thoai" not in image.file.name  # stored under a server-chosen name
    stored_files = [image.file.path] + [r.file.path for r in image.renditions.all()]
    for path in stored_files:
        with PILImage.open(path) as stored:
            exif = stored.getexif()
            assert not exif.get_ifd(ExifTags.IFD.GPSInfo), path
            assert ORIENTATION not in exif and ExifTags.Base.Make not in exif, path
            assert b"PhoneMaker" not in Path(path).read_bytes()
    with PILImage.open(image.file.path) as stored:
        assert stored.size == (80, 120)
        top, bottom = stored.getpixel((40, 5)), stored.getpixel((40, 115))
    assert top[2] > 150 and bottom[0] > 150  # what was the stored left (blue) is now on top


# --- renditions -----------------------------------------------------------------------------------------------


def test_renditions_are_made_once_in_three_widths_and_two_formats(db, media_root):
    image = library_image(size=(2000, 1000))
    renditions = {(r.width, r.format): r for r in whole_renditions(image)}
    assert sorted(renditions) == [(w, f) for w in (480, 960, 1600) for f in ("jpeg", "webp")]
    for (width, fmt), rendition in renditions.items():
        with PILImage.open(rendition.file.path) as stored:
            assert stored.format == fmt.upper() and stored.size == (width, width // 2)
    # And the crops pages need in a fixed shape (tests/test_focal_point.py): 16:9, 4:3, 1:1, in JPEG.
    crops = {(r.width, r.height, r.format) for r in image.renditions.all()} - {
        (r.width, r.height, r.format) for r in renditions.values()
    }
    assert crops == {(1200, 675, "jpeg"), (1024, 768, "jpeg"), (720, 720, "jpeg")}
    files = media_files(media_root)
    image.caption_vi = "Chú thích mới"
    image.save()  # editing the text does not remake the pictures
    assert media_files(media_root) == files and Rendition.objects.count() == 6 + 3


def test_no_rendition_is_wider_than_the_original(db):
    assert sorted({r.width for r in whole_renditions(library_image(size=(1200, 800)))}) == [480, 960, 1200]
    assert sorted({r.width for r in whole_renditions(library_image(size=(300, 200)))}) == [300]
    assert max(r.width for r in library_image(size=(300, 200)).renditions.all()) == 300  # nor any crop


def test_a_new_file_replaces_the_old_renditions(db, media_root, django_capture_on_commit_callbacks):
    image = library_image(size=(1000, 500))
    with django_capture_on_commit_callbacks(execute=True):
        image.file = image_upload("moi.png", "PNG", (600, 600))
        image.save()
    assert sorted({r.width for r in whole_renditions(image)}) == [480, 600]
    # Only the new original and renditions' files are left, and they show the new picture.
    assert media_files(media_root) == sorted(
        [Path(image.file.path)] + [Path(r.file.path) for r in image.renditions.all()]
    )
    for rendition in whole_renditions(image):
        with PILImage.open(rendition.file.path) as stored:
            assert stored.width == stored.height


def test_article_page_serves_the_renditions_with_srcset(client, make_article, media_root):
    article = make_article(image=library_image(size=(2000, 1000)), title_en="Conference", body_en="<p>Body.</p>")
    page = client.get(article.get_absolute_url()).content.decode()
    [picture] = elements(page, "picture")
    [source] = elements(page, "source", type="image/webp")
    assert [part.split()[-1] for part in source.attrs["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    assert source.attrs["sizes"]
    [img] = elements(page, "img", alt="Toàn cảnh hội nghị")
    assert img.attrs["src"] == Rendition.objects.get(width=960, format="jpeg").file.url
    assert img.attrs["srcset"].count(".jpg ") == 3 and img.attrs["sizes"] == source.attrs["sizes"]
    assert (img.attrs["width"], img.attrs["height"]) == ("2000", "1000")
    for url in [img.attrs["src"]] + [part.split()[0] for part in source.attrs["srcset"].split(", ")]:
        assert (Path(media_root) / url.removeprefix("/media/")).exists(), url
    og = {e.attrs["property"]: e.attrs["content"] for e in elements(page, "meta") if "property" in e.attrs}
    assert og["og:image"].startswith("http://testserver/media/images/renditions/")
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "675")  # the 16:9 crop
    with translation.override("en"):
        english = client.get(article.get_absolute_url()).content.decode()
    assert elements(english, "img", alt="The conference hall")


def test_home_lead_and_print_view_use_the_renditions(client, make_article):
    article = make_article(image=library_image(size=(1000, 600)))
    home = client.get("/").content.decode()
    lead = elements(home, "section", class_="front-lead")
    assert lead and elements(home, "source", type="image/webp")
    [img] = [i for i in elements(home, "img") if "srcset" in i.attrs]
    assert img.attrs["alt"] == ""  # decorative next to the linked title
    with translation.override("vi"):
        from django.urls import reverse

        print_url = reverse("news:article_print", kwargs={"section": article.section.slug, "slug": article.slug})
    printed = client.get(print_url).content.decode()
    assert elements(printed, "img", alt="Toàn cảnh hội nghị")[0].attrs["srcset"].count("w,") == 2  # 480, 960, 1000


def test_pages_reuse_renditions_and_do_not_grow_in_queries(client, make_article, media_root, clock):
    # On the wall clock this test compared different things from run to run: whether the page cache serves a
    # page, and whether it asks the database when the next article goes live, depends on whether more than
    # PAGE_CACHE_CLOCK_SKEW (1 s) has passed since the last change (the renditions that the first view makes,
    # the article's creation). On a busy machine the first view took longer than that, so the third view found
    # the go-live time remembered and made one query fewer (8 against 7). The clock stands still here: each view
    # is a render (no change is older than the skew), compared with the same cache state.
    image = library_image(size=(2000, 1000))
    image.renditions.all().delete()  # as after loading data whose renditions were never made
    for path in media_files(Path(media_root, "images", "renditions")):
        path.unlink()
    article = make_article(image=image)
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200  # the first view makes them, once
    files = media_files(media_root)
    assert Rendition.objects.count() == 6 + 3  # and the three crops
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as third:
        response = client.get(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert media_files(media_root) == files and Rendition.objects.count() == 6 + 3  # nothing made again
    assert len(second) == len(third)
    assert not any("news_rendition" in q["sql"] and "INSERT" in q["sql"] for q in second.captured_queries)
    assert sum("news_rendition" in q["sql"] for q in second.captured_queries) == 1  # one prefetch for all nine


# --- admin ----------------------------------------------------------------------------------------------------


def test_image_library_lists_thumbnails_and_finds_by_caption_or_alt(staff_client):
    library_image(caption_vi="Lễ kỷ niệm", alt_vi="Đại biểu dâng hoa")
    library_image(caption_vi="Hội thảo", alt_vi="Bàn tròn", size=(800, 400))
    page = staff_client.get("/admin/news/image/").content.decode()
    thumbnails = [img for img in elements(page, "img") if "/media/images/renditions/" in img.attrs.get("src", "")]
    smallest = {r.file.url for r in Rendition.objects.filter(width=480, format="jpeg")}
    assert len(thumbnails) == 2 and {t.attrs["src"] for t in thumbnails} == smallest
    found = staff_client.get("/admin/news/image/?q=dâng hoa").content.decode()
    assert "Lễ kỷ niệm" in found and "Hội thảo" not in found
    assert "Hội thảo" in staff_client.get("/admin/news/image/?q=hội thảo").content.decode()


def test_article_form_picks_the_image_with_autocomplete_and_can_add_one(staff_client, section):
    page = staff_client.get("/admin/news/article/add/").content.decode()
    [select] = elements(page, "select", name="image")
    assert "admin-autocomplete" in select.attrs["class"]
    assert elements(page, "a", id="add_id_image")  # the "+" popup uploads a new picture
    image = library_image(caption_vi="Lễ kỷ niệm")
    found = staff_client.get(
        "/admin/autocomplete/", {"term": "kỷ niệm", "app_label": "news", "model_name": "article", "field_name": "image"}
    ).json()
    assert [item["id"] for item in found["results"]] == [str(image.pk)]


# --- attachments ----------------------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n%" + "Báo cáo".encode() + b"\n%%EOF\n"


def attach(article, name="Báo cáo tổng hợp.pdf"):
    return article.attachments.create(title_vi="Báo cáo tổng hợp", file=SimpleUploadedFile(name, PDF))


def test_attachment_downloads_under_its_original_name(client, make_article):
    article = make_article()
    attachment = attach(article)
    assert "Báo cáo" not in attachment.file.name  # stored under a server-chosen name
    page = client.get(article.get_absolute_url()).content.decode()
    [link] = [a for a in elements(page, "a") if a.text == "Báo cáo tổng hợp"]
    assert "/media/" not in link.attrs["href"]
    response = client.get(link.attrs["href"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20h%E1%BB%A3p.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


def test_drafts_attachments_are_not_downloadable_by_the_public(client, make_article, django_user_model):
    draft = make_article(status="draft")
    attachment = attach(draft)
    from django.urls import reverse

    url = reverse("news:attachment", kwargs={"pk": attachment.pk})
    assert client.get(url).status_code == 404
    reader = django_user_model.objects.create_user("docgia", password="x")
    client.force_login(reader)
    assert client.get(url).status_code == 404
    # Published in Vietnamese only: not downloadable from the English site either.
    published = make_article(title_vi="Tin khác")
    published_attachment = attach(published)
    with translation.override("en"):
        english_url = reverse("news:attachment", kwargs={"pk": published_attachment.pk})
    with translation.override("vi"):
        vietnamese_url = reverse("news:attachment", kwargs={"pk": published_attachment.pk})
    assert client.get(english_url).status_code == 404
    assert client.get(vietnamese_url).status_code == 200


def test_staff_can_download_a_drafts_attachment(staff_client, make_article):
    from django.urls import reverse

    attachment = attach(make_article(status="draft"))
    response = staff_client.get(reverse("news:attachment", kwargs={"pk": attachment.pk}))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


# An official document's name as it is filed: 182 characters, most of them Vietnamese letters.
LONG_NAME = (
    "Quyết định số 1234-QĐ-BKHĐT ngày 15 tháng 4 năm 2024 của Bộ trưởng Bộ Kế hoạch và Đầu tư về việc ban hành "
    "Kế hoạch thực hiện Chỉ thị số 05-CT-TW của Bộ Chính trị năm 2024.pdf"
)


def test_attachment_with_a_long_name_is_saved_and_downloaded_under_it(staff_client, client, section):
    assert len(LONG_NAME) > 150
    response = staff_client.post("/en/admin/news/article/add/", article_form(section, **{
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title_vi": "Quyết định ban hành kế hoạch",
        "attachments-0-position": "0",
        "attachments-0-file": SimpleUploadedFile(LONG_NAME, PDF, "application/pdf"),
    }))
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    attachment = Attachment.objects.get()
    assert attachment.original_name == LONG_NAME and len(attachment.file.name) < 100
    Article.objects.filter(pk=attachment.article_id).update(status="published", published_at=timezone.now())
    download = client.get(reverse("news:attachment", kwargs={"pk": attachment.pk}))
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("filename*=utf-8''")[1]) == LONG_NAME


def test_a_name_past_255_characters_is_shortened_keeping_its_extension(staff_client, section):
    name = "Phụ lục " * 40 + "kèm theo.xlsx"
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    response = staff_client.post("/en/admin/news/article/add/", article_form(section, **{
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title_vi": "Phụ lục",
        "attachments-0-position": "0",
        "attachments-0-file": SimpleUploadedFile(name, xlsx.getvalue()),
    }))
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    kept = Attachment.objects.get().original_name
    assert len(kept) == 255 and kept.endswith(".xlsx") and name.startswith(kept[:-5])


def test_article_form_shows_each_attachment_by_its_name_linking_to_its_download(staff_client, make_article):
    article = make_article(status="draft", published_at=None)
    attachment = attach(article, name="Báo cáo tổng hợp quý I.pdf")
    page = staff_client.get(f"/admin/news/article/{article.pk}/change/")
    html = page.content.decode()
    assert attachment.file.name not in html  # "news/attachments/2026/11/3f2a....pdf" means nothing to staff
    [link] = [a for a in elements(html, "a") if a.text == "Báo cáo tổng hợp quý I.pdf"]
    assert link.attrs["href"] == reverse("news:attachment", kwargs={"pk": attachment.pk})
    download = staff_client.get(link.attrs["href"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # Saving the article again, without touching the attachment, keeps it as it was.
    response = staff_client.post(f"/admin/news/article/{article.pk}/change/", change_form_data(staff_client, article))
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    assert list(article.attachments.values_list("file", "original_name")) == [
        (attachment.file.name, "Báo cáo tổng hợp quý I.pdf")
    ]


def test_missing_attachment_is_404(client, db):
    assert client.get("/attachments/999/").status_code == 404


# --- moving existing photos into the library (migration 0007) -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_moves_each_articles_photo_into_the_library_and_back():
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("news", "0006_newsroom_roles")], [("news", "0007_image_library")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = MigrationExecutor(connection).loader.project_state(before).apps
        section = old.get_model("news", "Section").objects.create(name="Tin", name_vi="Tin", slug_vi="tin")
        article_model = old.get_model("news", "Article")
        article_model.objects.create(
            title="Có ảnh", title_vi="Có ảnh", slug_vi="co-anh", section=section,
            photo="news/photos/2024/04/anh.jpg", photo_width=1200, photo_height=800,
            photo_caption="Chú thích", photo_caption_vi="Chú thích", photo_caption_en="Caption",
            photo_alt="Mô tả", photo_alt_vi="Mô tả", photo_alt_en="Description",
        )
        article_model.objects.create(title="Không ảnh", title_vi="Không ảnh", slug_vi="khong-anh", section=section)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        with_photo = new.get_model("news", "Article").objects.get(slug_vi="co-anh")
        image = with_photo.image
        assert image.file.name == "news/photos/2024/04/anh.jpg" and (image.width, image.height) == (1200, 800)
        assert (image.caption_vi, image.caption_en, image.alt_vi, image.alt_en) == (
            "Chú thích", "Caption", "Mô tả", "Description"
        )
        assert new.get_model("news", "Article").objects.get(slug_vi="khong-anh").image is None
        assert new.get_model("news", "Image").objects.count() == 1

        executor = MigrationExecutor(connection)
        executor.migrate(before)  # and back: the photo columns are filled again
        old = MigrationExecutor(connection).loader.project_state(before).apps
        restored = old.get_model("news", "Article").objects.get(slug_vi="co-anh")
        assert restored.photo.name == "news/photos/2024/04/anh.jpg" and restored.photo_alt_en == "Description"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
