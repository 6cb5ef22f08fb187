import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from PIL import Image

from news.models import Article, Section

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and demo files go to a per-test folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with an empty cache: a page stored by one test must not answer in the next."""
    from django.core.cache import cache

    from news import page_cache

    cache.clear()
    page_cache.recent.forget()


@pytest.fixture(autouse=True)
def vietnamese():
    """Tests start, like the site, in Vietnamese; a request to /en/ must not leak English into the next test."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo data as `make demo` loads it (media copied into the test's MEDIA_ROOT).

    Commit hooks run as after a real load, so the data derived on commit (the search index) is there too.
    """
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--no-user", verbosity=0)
    return Article.objects.get(pk=1)


@pytest.fixture
def staff(django_user_model):
    """A superuser staff member, as the admin tests sign in."""
    return django_user_model.objects.create_user("bientap", password="x", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def section(db):
    return Section.objects.create(name_vi="Tin tức - Sự kiện", name_en="News and Events")


@pytest.fixture
def make_article(section):
    def make(**fields):
        values = {
            "title_vi": "Hội nghị triển khai nhiệm vụ năm 2025",
            "body_vi": "<p>Nội dung tiếng Việt.</p>",
            "lead_vi": "Sáng nay, Bộ tổ chức hội nghị.",
            "status": Article.Status.PUBLISHED,
            "published_at": datetime(2025, 1, 6, 9, 30, tzinfo=HANOI),
            "section": section,
        }
        values.update(fields)
        return Article.objects.create(**values)

    return make


def image_upload(name="photo.png", image_format="PNG", size=(64, 48)):
    """A real picture, drawn by Pillow, as an upload."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 30, 30)).save(buffer, format=image_format)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
