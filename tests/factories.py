"""What the tests build and share that is not a fixture: constants, uploads, form data (fixtures: conftest.py)."""
import io
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
# The password of every staff member the make_staff fixture creates.
PASSWORD = "mat-khau-Dai-2025!"

# The demo article's public addresses (fixtures/demo.json).
VI_URL = "/tin-tuc/hoat-dong-dang-doan-the/ky-niem-17-nam-ngay-thanh-lap-dang-bo-khoi-cac-co-quan-trung-uong/"
EN_URL = "/en/news/party-and-mass-organization-activities/17th-anniversary-of-the-founding-of-the-party-committee-of-central-agencies/"


def image_upload(name="photo.png", image_format="PNG", size=(64, 48)):
    """A real picture, drawn by Pillow, as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 30, 30)).save(buffer, format=image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def article_form(section, **overrides):
    data = {
        "title_vi": "Hội nghị giao ban tháng 4",
        "title_en": "April briefing",
        "slug_vi": "",
        "slug_en": "",
        "section": section.pk,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "source_label": "MPI",
        "lead_vi": "Sáng nay, Bộ tổ chức giao ban.",
        "lead_en": "This morning the Ministry held its briefing.",
        "body_vi": "<p>Nội dung giao ban.</p>",
        "body_en": "<p>Briefing content.</p>",
        "image": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def local_parts(moment):
    """The date and time a staff member types in the admin for ``moment`` (Hanoi time): ("05/04/2024", "08:30")."""
    local = moment.astimezone(HANOI)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M")
