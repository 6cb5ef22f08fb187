"""Uploads are checked by their content: real malformed files, made here, are refused with a clear message."""
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from news.attachments import validate_attachment_file
from news.images import validate_image_file
from news.models import Attachment, Image
from tests.factories import article_form, image_upload
from tests.pages import texts


def post_image(client, upload, **fields):
    """The image library's add form, in the English admin (messages are English msgids)."""
    data = {"file": upload, "caption_vi": "", "caption_en": "", "alt_vi": "Ảnh", "alt_en": "", "credit": ""}
    data.update(fields)
    return client.post("/en/admin/news/image/add/", data)


def errors_of(response):
    return " ".join(texts(response.content, "ul", class_="errorlist"))


def jpeg_bytes(size=(200, 150)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (20, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def png_with_declared_size(width, height):
    """A PNG whose header (IHDR) declares ``width`` x ``height`` but which carries a few bytes of pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert(document.cookie)</script><rect width="10" height="10"/></svg>'
)


# --- images ---------------------------------------------------------------------------------------------------


def test_a_real_picture_is_accepted(staff_client):
    response = post_image(staff_client, image_upload("hoi-nghi.jpg", "JPEG", (300, 200)))
    assert response.status_code == 302
    assert Image.objects.get().width == 300


def test_truncated_jpeg_is_refused(staff_client):
    data = jpeg_bytes()
    response = post_image(staff_client, SimpleUploadedFile("anh.jpg", data[: len(data) // 2], "image/jpeg"))
    assert response.status_code == 200
    assert "not a valid image or is damaged" in errors_of(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize("size", [(100_000, 100_000), (8_000, 8_000)])
def test_png_declaring_a_huge_size_is_refused_before_decoding(staff_client, size):
    # 8000 x 8000 is over the site's 40 million pixels but under Pillow's own bomb limit: our header check
    # refuses it. Its pixel data is only a few bytes: had it been decoded, it would be reported as damaged.
    upload = SimpleUploadedFile("bom.png", png_with_declared_size(*size), "image/png")
    response = post_image(staff_client, upload)
    assert response.status_code == 200
    assert "too large in pixels (at most 40 million pixels)" in errors_of(response)
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_svg_is_refused_whatever_its_name(staff_client, name):
    response = post_image(staff_client, SimpleUploadedFile(name, SVG_WITH_SCRIPT, "image/svg+xml"))
    assert response.status_code == 200
    assert "SVG images are not accepted" in errors_of(response)
    assert not Image.objects.exists()


def test_png_named_jpg_is_refused(staff_client):
    response = post_image(staff_client, image_upload("anh.jpg", "PNG"))
    assert response.status_code == 200
    assert "named anh.jpg but contains a PNG picture" in errors_of(response)
    assert not Image.objects.exists()


def test_html_named_as_an_image_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_image_file(SimpleUploadedFile("anh.gif", b"<html><script>alert(1)</script></html>"))
    assert refused.value.code == "invalid_image"


def test_saving_through_the_model_checks_too(db):
    with pytest.raises(ValidationError):
        Image.objects.create(file=SimpleUploadedFile("bom.png", png_with_declared_size(9_000, 9_000)))
    assert not Image.objects.exists()


def test_image_size_limit_has_a_clear_message(staff_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1024
    response = post_image(staff_client, image_upload("lon.png", "PNG", (400, 400)))
    assert response.status_code == 200
    assert "the limit is 1.0\xa0KB" in errors_of(response)


# --- attachments ------------------------------------------------------------------------------------------------


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PPTX = zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
ODT = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})
ODS = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office/>"})
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
PLAIN_ZIP = zip_bytes({"bao-cao/ghi-chu.txt": "ghi chú"})


@pytest.mark.parametrize(
    "name, content",
    [
        ("bao-cao.pdf", b"%PDF-1.7\n%test\n"),
        ("cong-van.doc", OLE), ("bang.xls", OLE), ("trinh-chieu.ppt", OLE),
        ("cong-van.docx", DOCX), ("bang.xlsx", XLSX), ("trinh-chieu.pptx", PPTX),
        ("van-ban.odt", ODT), ("bang.ods", ODS), ("ho-so.zip", PLAIN_ZIP),
    ],
)
def test_accepted_documents(name, content):
    validate_attachment_file(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name, content",
    [
        ("bao-cao.pdf", b"<html><script>alert(1)</script></html>"),  # HTML named .pdf
        ("cong-van.docx", PLAIN_ZIP),  # a ZIP, but not a Word document
        ("bang.xlsx", DOCX),  # a Word document named as a spreadsheet
        ("van-ban.odt", ODS),  # an OpenDocument spreadsheet named as text
        ("cong-van.docx", b"PK\x03\x04" + b"\0" * 40),  # a ZIP signature with no archive behind it
        ("trang.html", b"<html></html>"),
        ("anh.svg", SVG_WITH_SCRIPT),
        ("chuong-trinh.exe", b"MZ\x90\x00"),
        ("bao-cao.doc", b"%PDF-1.7\n"),  # a PDF named .doc
    ],
)
def test_refused_documents(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_attachment_file(SimpleUploadedFile(name, content))
    assert refused.value.code == "file_type"


def test_zip_that_is_not_a_word_document_is_refused_in_the_article_form(staff_client, section):
    response = staff_client.post(
        "/en/admin/news/article/add/",
        article_form(
            section,
            **{
                "attachments-TOTAL_FORMS": "1",
                "attachments-0-title_vi": "Công văn",
                "attachments-0-position": "0",
                "attachments-0-file": SimpleUploadedFile("cong-van.docx", PLAIN_ZIP),
            },
        ),
    )
    assert response.status_code == 200
    assert "its content does not match its name" in response.content.decode()
    assert not Attachment.objects.exists()


def test_attachment_size_limit_has_a_clear_message(settings):
    settings.MAX_ATTACHMENT_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        validate_attachment_file(SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n" + b"x" * 200))
    assert refused.value.code == "file_too_large"
    assert "100\xa0byte" in refused.value.messages[0]  # the limit, in the active language's units
