"""Staff editing in Django admin: every page opens, articles are written and published, bad input is refused."""
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from news.models import Article, Attachment, Directive, Organization, Section, Tag
from tests.factories import HANOI, article_form, image_upload
from tests.pages import texts

ADMIN_MODELS = ["article", "section", "tag", "organization", "directive"]


@pytest.mark.parametrize("model", ADMIN_MODELS)
@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_staff_open_every_admin_page(staff_client, demo, model, page):
    Tag.objects.get_or_create(pk=1, defaults={"name_vi": "Xây dựng Đảng", "name_en": "Party building"})
    if page == "change":
        url = f"/admin/news/{model}/1/change/"
    else:
        url = f"/admin/news/{model}/" + ("add/" if page == "add" else "")
    response = staff_client.get(url)
    assert response.status_code == 200, url
    if page != "changelist":
        # Translated fields come in vi/en tabs.
        assert "modeltranslation/js/tabbed_translation_fields.js" in response.content.decode()


@pytest.mark.parametrize("model", ADMIN_MODELS)
@pytest.mark.parametrize("suffix", ["", "add/", "1/change/"])
def test_anyone_else_is_sent_to_the_login(client, django_user_model, demo, model, suffix):
    url = f"/admin/news/{model}/{suffix}"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")
    reader = django_user_model.objects.create_user(f"reader-{model}-{len(suffix)}", password="x")
    client.force_login(reader)  # signed in but not staff
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_admin_speaks_vietnamese_by_default(staff_client, demo):  # demo: the header names the portal's owner
    page = staff_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Cổng thông tin Bộ Kế hoạch và Đầu tư" in page
    assert "Tin bài" in page or "tin bài" in page
    english = staff_client.get("/en/admin/").content.decode()
    assert "Ministry of Planning and Investment portal" in english


def test_translation_tabs_script_is_served_locally(staff_client, demo):
    page = staff_client.get("/admin/news/article/1/change/").content.decode()
    assert "/static/news/admin/translation-tabs.js" in page
    assert "googleapis" not in page


def upload_library_image(staff_client, **fields):
    """Upload a photo through the image library's admin form (the article form's "+" popup); returns it."""
    from news.models import Image

    data = {"file": image_upload("anh-hoi-nghi.jpg", "JPEG", (800, 600)), "caption_vi": "", "caption_en": "",
            "alt_vi": "", "alt_en": "", "credit": ""}
    data.update(fields)
    response = staff_client.post("/admin/news/image/add/?_to_field=id&_popup=1", {**data, "_popup": "1"})
    assert response.status_code == 200 and "popup_response" in response.content.decode(), texts(
        response.content, "ul", class_="errorlist"
    )
    return Image.objects.latest("pk")


def test_staff_write_a_draft_then_publish_it_with_photo_and_attachment(staff_client, section, client, staff):
    photo = upload_library_image(
        staff_client,
        caption_vi="Toàn cảnh hội nghị",
        alt_vi="Phòng họp với các đại biểu ngồi quanh bàn",
        alt_en="A meeting room with delegates around the table",
    )
    response = staff_client.post(
        "/admin/news/article/add/",
        article_form(
            section,
            image=photo.pk,
            **{
                "attachments-TOTAL_FORMS": "1",
                "attachments-0-title_vi": "Báo cáo giao ban",
                "attachments-0-title_en": "Briefing report",
                "attachments-0-position": "0",
                "attachments-0-file": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n%test\n", "application/pdf"),
            },
        ),
    )
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")
    article = Article.objects.get(title_vi="Hội nghị giao ban tháng 4")
    assert article.status == "draft" and article.author == staff
    assert (article.image.width, article.image.height) == (800, 600) and article.image.uploaded_by == staff
    assert article.slug_vi == "hoi-nghi-giao-ban-thang-4" and article.slug_en == "april-briefing"
    assert article.attachments.get().original_name == "bao-cao.pdf"
    assert "bao-cao" not in article.attachments.get().file.name  # stored under a server-chosen name
    assert client.get(article.get_absolute_url()).status_code == 404  # a draft

    changelist = staff_client.post(
        "/admin/news/article/", {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    assert "Đã đăng 1 tin bài." in changelist.content.decode()
    article.refresh_from_db()
    assert article.status == "published" and article.published_at
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Toàn cảnh hội nghị" in page and "Báo cáo giao ban" in page and "(PDF," in page
    with translation.override("en"):
        english_url = article.get_absolute_url()
    assert english_url == "/en/news/news-and-events/april-briefing/"
    assert "Briefing report" in client.get(english_url).content.decode()


def test_vietnamese_dates_are_day_first(staff_client, section):
    response = staff_client.post(
        "/admin/news/article/add/",
        article_form(section, status="published", published_at_0="05/04/2024", published_at_1="08:30"),
    )
    assert response.status_code == 302
    published_at = Article.objects.get().published_at
    assert published_at == datetime(2024, 4, 5, 8, 30, tzinfo=HANOI)


def test_malformed_date_is_refused_and_nothing_is_saved(staff_client, section):
    response = staff_client.post(
        "/admin/news/article/add/",
        article_form(section, status="published", published_at_0="31/02/2024", published_at_1="08:30"),
    )
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.content.decode()
    assert not Article.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_and_the_article_is_kept(staff_client, make_article):
    article = make_article()
    data = article_form(
        article.section,
        title_vi=article.title_vi,
        slug_vi=article.slug_vi,
        status="published",
        published_at_0="06/01/2025",
        published_at_1="09:30",
        image="999",  # no such library image
        body_vi="<p>Nội dung đã sửa nhưng chưa lưu.</p>",
    )
    response = staff_client.post(f"/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "Nội dung đã sửa nhưng chưa lưu." in response.content.decode()  # what was typed is shown back
    article.refresh_from_db()
    assert not article.image and article.body_vi == "<p>Nội dung tiếng Việt.</p>"
    # The upload itself goes through the image library's form, which reads the content.
    response = staff_client.post("/admin/news/image/add/", {
        "file": SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
        "alt_vi": "Ảnh", "caption_vi": "", "caption_en": "", "alt_en": "", "credit": "",
    })
    assert response.status_code == 200
    errors = " ".join(texts(response.content, "ul", class_="errorlist"))
    assert "hình ảnh hợp lệ" in errors or "không phải là ảnh hợp lệ" in errors
    from news.models import Image

    assert not Image.objects.exists()


def test_image_check_reads_the_content_not_the_name(make_article):
    from django.core.exceptions import ValidationError

    from news.images import validate_image_file

    with pytest.raises(ValidationError) as refused:
        validate_image_file(SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64))  # truncated PNG
    assert "không phải là ảnh hợp lệ" in str(refused.value)
    validate_image_file(image_upload("a-real.png", "PNG"))
    with pytest.raises(ValidationError) as refused:  # a real PNG, but named as something else
        validate_image_file(image_upload("looks-like-a.gif", "PNG"))
    assert refused.value.code == "image_name_mismatch"


def test_photo_needs_alternative_text(staff_client, section):
    photo = upload_library_image(staff_client, alt_vi="Phòng họp", alt_en="")
    published = {"status": "published", "published_at_0": "05/04/2024", "published_at_1": "08:30"}
    # English admin: the message is asserted in its English msgid (the Vietnamese catalog comes later).
    response = staff_client.post("/en/admin/news/article/add/", article_form(section, image=photo.pk, **published))
    assert response.status_code == 200
    assert "Describe the lead image (alternative text)" in response.content.decode()
    assert "English" in " ".join(texts(response.content, "ul", class_="errorlist"))
    assert not Article.objects.exists()
    # A draft may use it; so may an article published in Vietnamese only.
    response = staff_client.post("/admin/news/article/add/", article_form(section, image=photo.pk))
    assert response.status_code == 302
    response = staff_client.post("/admin/news/article/add/", article_form(
        section, image=photo.pk, title_vi="Tin chỉ có tiếng Việt", title_en="", lead_en="", body_en="", **published,
    ))
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")


def test_attachment_content_must_match_its_name(staff_client, section):
    response = staff_client.post(
        "/admin/news/article/add/",
        article_form(
            section,
            **{
                "attachments-TOTAL_FORMS": "1",
                "attachments-0-title_vi": "Tài liệu",
                "attachments-0-position": "0",
                "attachments-0-file": SimpleUploadedFile("tai-lieu.pdf", b"<html>not a pdf</html>", "application/pdf"),
            },
        ),
    )
    assert response.status_code == 200
    assert "nội dung không khớp với tên tệp" in response.content.decode()
    assert not Article.objects.exists() and not Attachment.objects.exists()


def test_duplicate_directive_is_refused_in_admin(staff_client, demo):
    # The document form's inlines (its relations to other documents, from each side), here empty.
    no_relations = {f"{side}-{count}": "0" for side in ("relations_from", "relations_to")
                    for count in ("TOTAL_FORMS", "INITIAL_FORMS")}
    response = staff_client.post(
        "/admin/news/directive/add/",
        {
            "number": "47-qđ/tw",
            "document_type": "quyet-dinh",
            "issued_on": "11/04/2007",
            "summary_vi": "Bản trùng",
            **no_relations,
        },
    )
    assert response.status_code == 200
    assert "Đã có văn bản mang số ký hiệu này với cùng ngày ban hành." in response.content.decode()
    assert Directive.objects.filter(number="47-QĐ/TW").count() == 1
    again = staff_client.post(
        "/admin/news/directive/add/",
        {"number": "47-QĐ/TW", "document_type": "quyet-dinh", "issued_on": "02/03/2022", "summary_vi": "Khóa khác",
         **no_relations},
    )
    assert again.status_code == 302
    assert Directive.objects.filter(number="47-QĐ/TW").count() == 2


def test_statistics_inline_on_organization(staff_client, demo):
    page = staff_client.get("/admin/news/organization/4/change/").content.decode()
    assert "78432" in page and "5529" in page


def test_section_and_tag_need_both_languages(staff_client):
    response = staff_client.post("/admin/news/section/add/", {"name_vi": "Đầu tư", "slug_vi": "dau-tu", "position": 0})
    assert response.status_code == 200
    assert not Section.objects.exists()
    response = staff_client.post(
        "/admin/news/tag/add/", {"name_vi": "Đầu tư", "name_en": "Investment", "slug_vi": "dau-tu", "slug_en": "investment"}
    )
    assert response.status_code == 302 and Tag.objects.get().slug_en == "investment"


def test_organization_admin_searchable_for_autocomplete(staff_client, demo):
    response = staff_client.get(
        "/admin/autocomplete/", {"term": "Khối", "app_label": "news", "model_name": "article", "field_name": "organizations"}
    )
    assert response.status_code == 200
    names = [item["text"] for item in response.json()["results"]]
    assert "Đảng bộ Khối các cơ quan Trung ương" in names
    assert Organization.objects.count() == 16  # demo.json's 13 and the owner's 3 units of fixtures/portal.json
