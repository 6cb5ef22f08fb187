"""The image's page in the admin lists the articles that show it: each a link to the article, with its state and
whether readers see it, newest first, in a fixed number of queries however many articles use the picture."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Image
from tests.factories import image_upload
from tests.pages import elements


@pytest.fixture
def photo(db, media_root):
    return Image.objects.create(file=image_upload("anh.png", "PNG", (800, 450)), alt_vi="Hội trường")


def usage(client, image):
    response = client.get(f"/admin/news/image/{image.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    [field] = elements(html, "div", class_="field-used_in")
    return html, field


def test_each_article_is_a_link_with_its_state(act_as, make_article, photo):
    live = make_article(title_vi="Tin đã đăng", image=photo)
    later = make_article(title_vi="Tin hẹn giờ", image=photo, published_at=timezone.now() + timedelta(days=2))
    draft = make_article(title_vi="Bản nháp", image=photo, status=Article.Status.DRAFT, published_at=None)
    make_article(title_vi="Tin khác, ảnh khác")
    html, _field = usage(act_as("editor"), photo)
    rows = [" ".join(item.text.split()) for item in elements(html, "li")
            if any(title in item.text for title in ("Tin đã đăng", "Tin hẹn giờ", "Bản nháp"))]
    scheduled = timezone.localtime(later.published_at).strftime("%H:%M %d/%m/%Y")
    assert rows == [  # newest first: the scheduled one, the published one, then the draft (no time)
        f"Tin hẹn giờ (ảnh đại diện) — Đã đăng; trên trang công khai: hẹn đăng lúc {scheduled}",
        "Tin đã đăng (ảnh đại diện) — Đã đăng; trên trang công khai: có",
        "Bản nháp (ảnh đại diện) — Bản nháp; trên trang công khai: chưa (bản nháp)",
    ]
    links = {a.text: a.attrs["href"] for a in elements(html, "a") if a.text in {"Tin đã đăng", "Tin hẹn giờ", "Bản nháp"}}
    assert links == {article.title_vi: f"/admin/news/article/{article.pk}/change/" for article in (live, later, draft)}
    assert "Tin khác, ảnh khác" not in html


def test_a_picture_in_the_text_of_an_article_is_listed_too(act_as, make_article, photo):
    # Another image whose number starts with this one's (5 and 51): its pictures are not this one's.
    Image.objects.create(id=int(f"{photo.pk}1"), file=image_upload("khac.png", "PNG", (300, 200)), alt_vi="Khác")
    inside = f'<p>Đoạn đầu.</p><p><img src="/media/x.jpg" alt="Hội trường" data-image="{photo.pk}"></p>'
    make_article(title_vi="Bài có ảnh trong bài", body_vi=inside)
    make_article(title_vi="Bài tiếng Anh có ảnh", body_vi="<p>Chỉ chữ.</p>", body_en=inside, title_en="English")
    make_article(title_vi="Ảnh đại diện và trong bài", image=photo, body_vi=inside)
    make_article(title_vi="Bài dùng ảnh khác", body_vi=inside.replace(f'"{photo.pk}"', f'"{photo.pk}1"'))
    html, _field = usage(act_as("editor"), photo)
    rows = sorted(" ".join(item.text.split()).split(" — ")[0] for item in elements(html, "li") if " — " in item.text)
    assert rows == ["Bài có ảnh trong bài (trong bài)", "Bài tiếng Anh có ảnh (trong bài)",
                    "Ảnh đại diện và trong bài (ảnh đại diện, trong bài)"]


def test_a_writer_sees_only_the_articles_they_may_open_and_a_count_of_the_others(act_as, make_article, people,
                                                                                photo):
    make_article(title_vi="Bài của tôi", image=photo, status=Article.Status.DRAFT, published_at=None,
                 author=people["writer"])
    make_article(title_vi="Nháp của người khác", image=photo, status=Article.Status.DRAFT, published_at=None,
                 author=people["editor"])
    html, field = usage(act_as("writer"), photo)
    assert "Bài của tôi" in field.text and "Nháp của người khác" not in html
    assert "và 1 bài bạn không được mở" in " ".join(field.text.split())


def test_an_unused_picture_says_so(act_as, photo):
    _html, field = usage(act_as("editor"), photo)
    assert " ".join(field.text.split()) == "Dùng trong: chưa tin bài nào dùng"


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_the_list_costs_the_same_queries_for_one_article_and_thirty(act_as, make_article, people, photo, role):
    client = act_as(role)
    mine = {"author": people[role]}  # articles the reader may open: each is named, with its link
    make_article(title_vi="Bài 0", image=photo, status=Article.Status.DRAFT, published_at=None, **mine)
    with CaptureQueriesContext(connection) as one:
        _html, field = usage(client, photo)
    assert field.text.count("Bài ") == 1
    for number in range(1, 30):
        make_article(title_vi=f"Bài {number}", image=photo, status=Article.Status.DRAFT, published_at=None, **mine)
    with CaptureQueriesContext(connection) as thirty:
        _html, field = usage(client, photo)
    assert field.text.count("Bài ") == 30
    assert len(thirty) == len(one), [q["sql"] for q in thirty.captured_queries]
    assert sum("news_article" in q["sql"] and "image_id" in q["sql"] for q in thirty.captured_queries) <= 2


def test_a_picture_shown_in_an_articles_text_is_not_deleted(act_as, make_article, photo):
    article = make_article(title_vi="Bài có ảnh trong bài",
                           body_vi=f'<p>Mở đầu.</p><figure><img src="/x.jpg" alt="" data-image="{photo.pk}"></figure>')
    editor = act_as("editor")
    page = editor.get(f"/admin/news/image/{photo.pk}/delete/").content.decode()
    assert "Bài có ảnh trong bài" in page and f"/admin/news/article/{article.pk}/change/" in page
    editor.post(f"/admin/news/image/{photo.pk}/delete/", {"post": "yes"})
    assert Image.objects.filter(pk=photo.pk).exists()  # the article's page keeps its picture
    editor.post("/admin/news/image/", {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"})
    assert Image.objects.filter(pk=photo.pk).exists()
