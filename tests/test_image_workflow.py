"""The image library and the workflow: a picture that readers see on a published (or scheduled) article is
changed only by an editor; the image page says where the picture is used."""
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Image
from tests.factories import image_upload
from tests.pages import form_data, texts


@pytest.fixture
def pictured(writers_article):
    """``pictured(status)``: the writer's article in ``status``, with a library picture as its lead image."""

    def make(status, when=None):
        image = Image.objects.create(file=image_upload("anh.png"), caption_vi="Chú thích cũ", alt_vi="Mô tả cũ",
                                     alt_en="Old description")
        fields = {"image": image}
        if status == "published":
            fields["published_at"] = when or timezone.now() - timedelta(hours=1)
        writers_article(status, **fields)
        return image

    return make


def edit_caption(client, image, caption):
    url = f"/admin/news/image/{image.pk}/change/"
    page = client.get(url)
    data = form_data(page.content, "image_form") if page.status_code == 200 else {}
    return page, client.post(url, {**data, "caption_vi": caption})


def stored(image):
    image.refresh_from_db()
    return image.caption_vi, image.alt_vi, image.file.name


@pytest.mark.parametrize("live", ["published", "scheduled"])
def test_a_writer_cannot_change_a_picture_readers_see(pictured, act_as, live):
    when = timezone.now() + timedelta(days=1) if live == "scheduled" else None
    image = pictured("published", when)
    before = stored(image)
    page, response = edit_caption(act_as("writer"), image, "Chú thích mới")
    assert response.status_code == 403
    assert stored(image) == before
    # The page opens read-only, says why and whom to ask, and where the picture is shown.
    html = page.content.decode()
    assert page.status_code == 200 and 'name="caption_vi"' not in html
    # "only an editor may change it"
    assert any("chỉ biên tập viên mới được sửa ảnh" in text for text in texts(html, "ul", class_="messagelist"))
    assert "Hội nghị triển khai nhiệm vụ năm 2025" in " ".join(texts(html, "div", class_="field-used_in"))


def test_a_picture_inside_a_live_article_text_is_an_editors_too(writers_article, act_as):
    image = Image.objects.create(file=image_upload("anh.png"), caption_vi="Chú thích cũ", alt_vi="Mô tả cũ")
    # Chosen in the body editor: no lead image, the picture is in the text (news/internal_links.py).
    writers_article("published", published_at=timezone.now() - timedelta(hours=1),
                    body_vi=f'<p>Mở đầu.</p><figure><img src="/x.jpg" alt="" data-image="{image.pk}"></figure>')
    before = stored(image)
    page, response = edit_caption(act_as("writer"), image, "Chú thích mới")
    assert response.status_code == 403 and stored(image) == before
    page, response = edit_caption(act_as("editor"), image, "Chú thích mới")
    assert response.status_code == 302 and stored(image)[0] == "Chú thích mới"


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_a_writer_fixes_a_picture_no_reader_sees(pictured, act_as, status):
    image = pictured(status)
    page, response = edit_caption(act_as("writer"), image, "Chú thích mới")
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    assert stored(image)[0] == "Chú thích mới"


@pytest.mark.parametrize("role", ["editor", "administrator", "superuser"])
def test_an_editor_changes_a_live_picture(pictured, act_as, role):
    image = pictured("published")
    page, response = edit_caption(act_as(role), image, "Chú thích của biên tập viên")
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    assert stored(image)[0] == "Chú thích của biên tập viên"


def test_the_image_page_lists_the_articles_using_it(pictured, act_as, writers_article):
    image = pictured("published")
    writers_article("draft", title_vi="Bản nháp dùng cùng ảnh", image=image)
    html = act_as("editor").get(f"/admin/news/image/{image.pk}/change/").content.decode()
    used = " ".join(texts(html, "div", class_="field-used_in"))
    assert "Hội nghị triển khai nhiệm vụ năm 2025" in used and "Bản nháp dùng cùng ảnh" in used
