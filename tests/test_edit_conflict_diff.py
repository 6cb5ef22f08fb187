"""A save from a stale form is refused (news/admin/forms_locking.py) and the message says who saved and what they
changed since the form was opened: short fields old → new, long text and lists by name."""
import pytest
from django.test import Client

from news.models import Article, Section
from news.templatetags.portal import portal_datetime
from tests.pages import form_data, texts


@pytest.fixture
def desk(make_staff, make_article):
    """Minh (writer) and his draft, Lan (editor), each signed in on a client of their own."""
    writer = make_staff("writer", "minh", first_name="Minh")
    editor = make_staff("editor", "lan", first_name="Lan")
    article = make_article(author=writer, status=Article.Status.DRAFT, published_at=None, title_vi="Tiêu đề gốc",
                           body_vi="<p>Nội dung gốc.</p>", body_en="<p>Original.</p>", title_en="Original title")
    clients = {}
    for user in (writer, editor):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    return article, clients


def errors(response):
    return " ".join(texts(response.content, "ul", class_="errorlist"))


def test_the_refusal_names_who_saved_and_what_they_changed(desk):
    article, clients = desk
    url = f"/admin/news/article/{article.pk}/change/"
    elsewhere = Section.objects.create(name_vi="Thông báo", name_en="Announcements")
    minh = form_data(clients["minh"].get(url).content)
    lan = form_data(clients["lan"].get(url).content)

    saved = clients["lan"].post(url, {**lan, "title_vi": "Tiêu đề của Lan", "body_en": "<p>Lan's English.</p>",
                                      "section": elsewhere.pk})
    assert saved.status_code == 302, errors(saved)
    stored = Article.objects.get(pk=article.pk)

    refused = clients["minh"].post(url, {**minh, "lead_vi": "Sapo Minh viết lại."})
    assert refused.status_code == 200
    text = errors(refused)
    assert text.startswith(f"Lan đã lưu tin bài này lúc {portal_datetime(stored.updated_at)}, sau khi bạn mở nó.")
    assert text.endswith(
        "Họ đã sửa: Tiêu đề [vi]: “Tiêu đề gốc” → “Tiêu đề của Lan”; Chuyên mục: “Tin tức - Sự kiện” → “Thông báo”; "
        "Nội dung [en]."
    )
    # Minh's own change is not listed as theirs, and his text is still in the form.
    assert "Sapo" not in text and form_data(refused.content)["lead_vi"] == "Sapo Minh viết lại."
    assert Article.objects.get(pk=article.pk).lead_vi != "Sapo Minh viết lại."

    # Shown again, the form still remembers what Minh opened: saving it again names the same changes.
    again = clients["minh"].post(url, form_data(refused.content))
    assert errors(again) == text


def test_the_english_admin_says_it_in_english(desk):
    article, clients = desk
    url = f"/en/admin/news/article/{article.pk}/change/"
    minh = form_data(clients["minh"].get(url).content)
    lan = form_data(clients["lan"].get(url).content)
    assert clients["lan"].post(url, {**lan, "title_en": ""}).status_code == 302
    text = errors(clients["minh"].post(url, minh))
    assert "Lan saved this article at" in text
    assert text.endswith("They changed: Title [en]: “Original title” → “(empty)”.")


@pytest.mark.parametrize("opened", [None, "{not json", "[1, 2]", '{"title_vi": "x"}'])
def test_a_form_that_does_not_say_what_it_opened_gets_the_plain_refusal(desk, opened):
    article, clients = desk
    url = f"/en/admin/news/article/{article.pk}/change/"
    minh = form_data(clients["minh"].get(url).content)
    lan = form_data(clients["lan"].get(url).content)
    assert clients["lan"].post(url, {**lan, "title_vi": "Mới"}).status_code == 302
    if opened is None:
        del minh["base_values"]
    else:
        minh["base_values"] = opened
    refused = clients["minh"].post(url, minh)
    assert refused.status_code == 200
    text = errors(refused)
    assert text.endswith("reload the page, and apply your changes again.") and "They changed" not in text
    assert Article.objects.get(pk=article.pk).title_vi == "Mới"


def test_on_a_live_article_the_refusal_names_who_saved_the_waiting_changes_and_what_they_changed(
    make_staff, make_article
):
    """Draft over live: a save of a published article waits as its pending change; a form opened before it is
    stale all the same, and the message names the pending change's author and its edits, not the live article's."""
    first = make_staff("editor", "lan", first_name="Lan")
    second = make_staff("editor", "binh", first_name="Bình")
    article = make_article(title_vi="Tiêu đề đang đăng", updated_by=make_staff("editor", "cu", first_name="Cũ"))
    url = f"/admin/news/article/{article.pk}/change/"
    clients = {}
    for user in (first, second):
        clients[user.username] = Client()
        clients[user.username].force_login(user)
    lan = form_data(clients["lan"].get(url).content)
    binh = form_data(clients["binh"].get(url).content)
    assert clients["lan"].post(url, {**lan, "title_vi": "Tiêu đề Lan sửa"}).status_code == 302
    assert Article.objects.get(pk=article.pk).title_vi == "Tiêu đề đang đăng"  # readers keep the live one

    refused = clients["binh"].post(url, {**binh, "lead_vi": "Sapo của Bình."})
    assert refused.status_code == 200
    text = errors(refused)
    assert text.startswith("Lan đã lưu tin bài này lúc") and "Cũ" not in text
    assert text.endswith("Họ đã sửa: Tiêu đề [vi]: “Tiêu đề đang đăng” → “Tiêu đề Lan sửa”.")
