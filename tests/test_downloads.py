"""Attached files of articles readers cannot see yet are downloaded only by staff the workflow lets see them."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from news.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def attached(writers_article):
    def make(status):
        article = writers_article(status)
        item = Attachment.objects.create(
            article=article, title_vi="Tờ trình", file=SimpleUploadedFile("to-trinh.pdf", PDF)
        )
        return reverse("news:attachment", args=[item.pk])

    return make


# Who gets a draft's file, as they get its preview: the author and editors; nobody else.
@pytest.mark.parametrize("role, expected", [
    ("anonymous", 404), ("no_group", 404), ("writer", 200), ("other_writer", 404),
    ("editor", 200), ("administrator", 200), ("superuser", 200),
])
@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_a_file_readers_cannot_see_yet(attached, act_as, role, expected, status):
    response = act_as(role).get(attached(status))
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert "no-store" in response["Cache-Control"]  # never kept by a shared cache


@pytest.mark.parametrize("role", ["anonymous", "no_group", "other_writer"])
def test_a_published_articles_file_is_everyones(attached, act_as, role):
    assert act_as(role).get(attached("published")).status_code == 200
