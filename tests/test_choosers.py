"""The body editor's choosers (news/admin/choosers.py): what the picture and internal-link dialogs are given.

Who may ask, finding pictures and targets without typing the diacritics, an upload refused for what is not a
picture (and nothing saved), and a fixed number of queries whatever the library's or the registry's size.
"""
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PillowImage

from news.models import Article, Directive, Image, Organization
from tests.factories import image_upload

IMAGES = "/admin/choosers/images/"
UPLOAD = "/admin/choosers/images/upload/"
LINKS = "/admin/choosers/links/"


def test_the_urls_are_the_admins():
    assert reverse("admin:chooser_images") == IMAGES
    assert reverse("admin:chooser_image_upload") == UPLOAD
    assert reverse("admin:chooser_links") == LINKS


@pytest.fixture
def library(db):
    return [
        Image.objects.create(file=image_upload("le.png"), caption_vi="Lễ kỷ niệm 80 năm ngày thành lập",
                             caption_en="The 80th anniversary ceremony", alt_vi="Đại biểu dâng hoa",
                             alt_en="Delegates lay flowers"),
        Image.objects.create(file=image_upload("hoi-nghi.png"), caption_vi="Hội nghị giao ban",
                             alt_vi="Toàn cảnh hội nghị"),
    ]


def test_pictures_are_found_without_diacritics_with_what_the_editor_inserts(act_as, library):
    client = act_as("writer")
    answer = client.get(IMAGES, {"q": "le KY niem"}).json()
    assert [picture["id"] for picture in answer["results"]] == [library[0].pk]
    picture = answer["results"][0]
    assert picture["caption"] == "Lễ kỷ niệm 80 năm ngày thành lập"
    assert picture["alt"] == "Đại biểu dâng hoa"
    rendition = library[0].renditions.get(format="jpeg", width=64, height=48)  # its one size (and no crop)
    assert picture["src"] == picture["thumbnail"] == rendition.file.url
    # The English tab gets the English texts; a search matches alt text too.
    english = client.get(IMAGES, {"q": "dang hoa", "lang": "en"}).json()["results"][0]
    assert (english["caption"], english["alt"]) == ("The 80th anniversary ceremony", "Delegates lay flowers")


def test_pictures_come_newest_first_a_page_at_a_time(act_as, library):
    from news.admin import choosers

    answer = act_as("writer").get(IMAGES).json()
    assert [picture["id"] for picture in answer["results"]] == [library[1].pk, library[0].pk]
    assert answer["has_next"] is False
    more = [Image.objects.create(file=image_upload(f"{n}.png"), caption_vi=f"Ảnh {n}")
            for n in range(choosers.PER_PAGE)]
    first = act_as("writer").get(IMAGES).json()
    second = act_as("writer").get(IMAGES, {"page": 2}).json()
    assert first["has_next"] and not second["has_next"]
    assert [p["id"] for p in first["results"]][:2] == [more[-1].pk, more[-2].pk]
    assert [p["id"] for p in second["results"]] == [library[1].pk, library[0].pk]


@pytest.mark.parametrize("role, answer", [("anonymous", 302), ("no_group", 403), ("writer", 200), ("editor", 200)])
def test_who_may_ask(act_as, people, role, answer):
    client = act_as(role)
    for url in (IMAGES, f"{LINKS}?kind=article"):
        response = client.get(url)
        assert response.status_code == answer, url
        if answer == 302:
            assert response["Location"].startswith("/admin/login/")


def test_the_upload_is_checked_like_the_image_admins_and_saves_nothing_when_refused(act_as, media_root):
    client = act_as("writer")
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = client.post(UPLOAD, {"file": fake, "caption": "Ảnh giả"})
    assert response.status_code == 400
    errors = response.json()["errors"]["file"]
    assert errors and all(message.strip() for message in errors)
    assert not Image.objects.exists()
    assert not any(media_root.rglob("*.*"))

    response = client.post(UPLOAD, {"file": image_upload("moi.png"), "caption": "Ảnh mới", "alt": "Mô tả ảnh",
                                    "credit": "TTXVN", "lang": "vi"})
    assert response.status_code == 200
    image = Image.objects.get()
    assert (image.caption_vi, image.alt_vi, image.credit, image.uploaded_by) == (
        "Ảnh mới", "Mô tả ảnh", "TTXVN", response.wsgi_request.user)
    assert response.json()["id"] == image.pk and response.json()["alt"] == "Mô tả ảnh"
    assert response.json()["src"] == image.renditions.get(format="jpeg", width=64, height=48).file.url


def test_the_upload_in_the_english_tab_fills_the_english_texts(act_as):
    response = act_as("editor").post(UPLOAD, {"file": image_upload("en.png"), "caption": "Ceremony",
                                              "alt": "Flowers", "lang": "en"})
    image = Image.objects.get(pk=response.json()["id"])
    assert (image.caption_en, image.alt_en) == ("Ceremony", "Flowers")
    assert not image.caption_vi


def test_upload_is_post_only_and_needs_the_right_to_add_pictures(act_as):
    assert act_as("writer").get(UPLOAD).status_code == 405
    response = act_as("no_group").post(UPLOAD, {"file": image_upload("x.png")})
    assert response.status_code == 403
    assert not Image.objects.exists()


def test_upload_needs_the_csrf_token(people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["writer"])
    assert client.post(UPLOAD, {"file": image_upload("x.png")}).status_code == 403
    assert not Image.objects.exists()


@pytest.fixture
def targets(writers_article, make_article, people):
    return {
        "published": make_article(title_vi="Lễ kỷ niệm 80 năm thành lập Bộ", slug_vi="le-ky-niem-80-nam"),
        "own draft": writers_article("draft", title_vi="Bản nháp kỷ niệm của tôi"),
        "other's draft": make_article(title_vi="Bản nháp kỷ niệm của người khác", status="draft",
                                      published_at=None, author=people["editor"]),
        # Published, but not for readers yet, or not any more: another's embargo is not the writer's to read.
        "other's scheduled": make_article(title_vi="Kỷ niệm hẹn đăng", author=people["editor"],
                                          published_at=timezone.now() + timedelta(days=1)),
        "other's expired": make_article(title_vi="Kỷ niệm đã gỡ", author=people["editor"],
                                        published_at=timezone.now() - timedelta(days=2),
                                        unpublish_at=timezone.now() - timedelta(days=1)),
    }


def test_a_writer_may_link_to_public_articles_and_own_drafts_found_without_diacritics(act_as, targets):
    answer = act_as("writer").get(LINKS, {"kind": "article", "q": "ky niem"}).json()
    found = {result["id"]: result for result in answer["results"]}
    assert set(found) == {targets["published"].pk, targets["own draft"].pk}
    published = found[targets["published"].pk]
    assert published["link"] == f"article:{targets['published'].pk}"
    assert published["url"] == targets["published"].get_absolute_url()
    # An editor sees (and may link to) every article, as in the admin's list.
    answer = act_as("editor").get(LINKS, {"kind": "article", "q": "KỶ NIỆM"}).json()
    assert {result["id"] for result in answer["results"]} == {article.pk for article in targets.values()}


def test_documents_and_organizations_are_found_by_number_summary_and_name(act_as, db):
    directive = Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2016, 5, 15),
                                         summary_vi="Về đẩy mạnh học tập và làm theo tư tưởng")
    organization = Organization.objects.create(name_vi="Cục Đầu tư nước ngoài", name_en="Foreign Investment Agency")
    client = act_as("writer")
    by_number = client.get(LINKS, {"kind": "directive", "q": "05-CT"}).json()["results"]
    assert [(r["id"], r["link"], r["url"]) for r in by_number] == [
        (directive.pk, f"directive:{directive.pk}", directive.get_absolute_url())]
    assert [r["id"] for r in client.get(LINKS, {"kind": "directive", "q": "học tập"}).json()["results"]] == [
        directive.pk]
    by_name = client.get(LINKS, {"kind": "organization", "q": "dau tu nuoc ngoai"}).json()["results"]
    assert [(r["id"], r["link"]) for r in by_name] == [(organization.pk, f"organization:{organization.pk}")]
    assert client.get(LINKS, {"kind": "user"}).status_code == 400


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("kind", ["picture", "article", "directive", "organization"])
def test_a_fixed_number_of_queries_at_1_and_30_objects(act_as, make_article, kind):
    def make(n):
        if kind == "picture":
            Image.objects.create(file=image_upload(f"{n}.png", size=(8, 8)), caption_vi=f"Ảnh số {n}")
        elif kind == "article":
            make_article(title_vi=f"Bài số {n}", slug_vi=f"bai-so-{n}")
        elif kind == "directive":
            Directive.objects.create(number=f"{n}-CT/TW", document_type="chi-thi", issued_on=date(2020, 1, 1),
                                     summary_vi=f"Chỉ thị số {n}")
        else:
            Organization.objects.create(name_vi=f"Tổ chức số {n}")

    url, params = (IMAGES, {"q": "so"}) if kind == "picture" else (LINKS, {"kind": kind, "q": "so"})
    if kind == "directive":
        params["q"] = "chi thi"
    client = act_as("writer")
    make(1)
    client.get(url, params)  # the session and permissions, as on any admin page
    one, shown = _count_queries(client, url, params)
    assert shown == 1
    for n in range(2, 31):
        make(n)
    many, shown = _count_queries(client, url, params)
    assert shown == 24  # a page
    assert many == one


def test_each_body_tab_tells_its_choosers_its_language_and_where_to_ask(act_as):
    import html
    import json
    import re

    page = act_as("writer").get("/admin/news/article/add/").content.decode()
    configs = {
        name: json.loads(html.unescape(config)) for name, config in re.findall(
            r'<textarea name="(body_vi|body_en)"[^>]*data-django-prose-editor-configurable="([^"]*)"', page)
    }
    assert set(configs) == {"body_vi", "body_en"}
    for name, language in (("body_vi", "vi"), ("body_en", "en")):
        choosers = configs[name]["extensions"]["Choosers"]
        assert choosers == {"images": IMAGES, "upload": UPLOAD, "links": LINKS, "language": language}
        assert any(module.endswith("news/admin/prose-editor-choosers.js") for module in configs[name]["js_modules"])
    english = act_as("writer").get("/en/admin/news/article/add/").content.decode()
    assert 'data-django-prose-editor-configurable="' in english and "/en/admin/choosers/images/" in english


def test_only_article_bodies_get_the_choosers(act_as):
    # Only article bodies are shown through news/internal_links.py; a document's full text keeps plain links.
    page = act_as("administrator").get("/admin/news/directive/add/").content.decode()
    assert "data-django-prose-editor-configurable" in page and "Choosers" not in page
