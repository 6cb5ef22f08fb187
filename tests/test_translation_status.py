"""Translation status in the admin (news/translation_status.py): the article list's "English" filter and column,
and on the article "English out of date" with the button confirming it, for whoever may edit the article."""
import pytest
from django.urls import reverse

from news.models import Article
from tests.pages import elements, texts

S = Article.Status
LIST = "/admin/news/article/"


@pytest.fixture
def three(make_article, people):
    """One article per English state, all the writer's: up to date, out of date, missing."""
    current = make_article(title_vi="Có bản tiếng Anh", title_en="With English", body_en="<p>English.</p>",
                           author=people["writer"])
    stale = make_article(title_vi="Bài có bản dịch cũ", title_en="Stale English", body_en="<p>English.</p>",
                         author=people["writer"])
    stale.body_vi = "<p>Nội dung tiếng Việt đã sửa.</p>"
    stale.save()
    missing = make_article(title_vi="Chưa có tiếng Anh", author=people["writer"])
    return {"current": current, "stale": stale, "missing": missing}


def listed(response):
    return sorted(texts(response.content, "th", class_="field-title"))


@pytest.mark.parametrize("choice, expected", [
    ("missing", ["Chưa có tiếng Anh"]),
    ("out_of_date", ["Bài có bản dịch cũ"]),
    ("current", ["Có bản tiếng Anh"]),
])
def test_the_english_filter(act_as, three, choice, expected):
    assert listed(act_as("editor").get(LIST, {"english": choice})) == expected


def test_the_filter_and_column_speak_vietnamese(act_as, three):
    response = act_as("editor").get(LIST)
    page = response.content.decode()
    for choice in ("chưa có", "đã cũ", "đã cập nhật"):
        assert f">{choice}</a>" in page
    column = dict(zip(texts(response.content, "th", class_="field-title"),
                      texts(response.content, "td", class_="field-has_english")))
    assert column == {"Có bản tiếng Anh": "có", "Bài có bản dịch cũ": "đã cũ", "Chưa có tiếng Anh": "không"}


def test_staff_see_english_out_of_date_on_the_article_and_confirm_it(act_as, three):
    client = act_as("editor")
    page = client.get(reverse("admin:news_article_change", args=[three["stale"].pk]))
    assert "Bản tiếng Anh đã cũ" in texts(page.content, "h2")
    url = reverse("admin:news_article_confirm_english", args=[three["stale"].pk])
    [form] = [form for form in elements(page.content, "form") if form.attrs.get("action") == url]
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:news_article_change", args=[three["stale"].pk])
    assert "Đã xác nhận bản tiếng Anh của “Bài có bản dịch cũ” là mới nhất." in texts(response.content, "li")
    assert "Bản tiếng Anh đã cũ" not in texts(response.content, "h2")
    assert listed(client.get(LIST, {"english": "out_of_date"})) == []
    # Changing the Vietnamese again puts it out of date again.
    stale = Article.objects.get(pk=three["stale"].pk)
    stale.title_vi = "Bản tiếng Anh lại cũ"
    stale.save()
    assert listed(client.get(LIST, {"english": "out_of_date"})) == ["Bản tiếng Anh lại cũ"]


def test_up_to_date_or_missing_english_shows_nothing(act_as, three):
    for key in ("current", "missing"):
        page = act_as("editor").get(reverse("admin:news_article_change", args=[three[key].pk]))
        assert "Bản tiếng Anh đã cũ" not in texts(page.content, "h2")


def test_a_writer_confirms_their_draft_but_not_their_published_article(act_as, three, people, make_article):
    draft = make_article(title_vi="Nháp có tiếng Anh", title_en="Draft", body_en="<p>x</p>", status=S.DRAFT,
                         published_at=None, author=people["writer"])
    draft.lead_vi = "Sapo mới."
    draft.save()
    client = act_as("writer")
    assert client.post(reverse("admin:news_article_confirm_english", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.en_made_from == draft.vi_edition
    # The published one is the editors': the writer reads that it is out of date, with no button, and a forged
    # confirmation is refused and changes nothing.
    stale = three["stale"]
    page = client.get(reverse("admin:news_article_change", args=[stale.pk]))
    url = reverse("admin:news_article_confirm_english", args=[stale.pk])
    assert "Bản tiếng Anh đã cũ" in texts(page.content, "h2")
    assert not [form for form in elements(page.content, "form") if form.attrs.get("action") == url]
    before = Article.objects.filter(pk=stale.pk).values_list("en_made_from", "vi_edition").get()
    assert client.post(url).status_code == 403
    assert Article.objects.filter(pk=stale.pk).values_list("en_made_from", "vi_edition").get() == before


def test_confirming_what_is_not_out_of_date_changes_nothing(act_as, three):
    current = three["current"]
    response = act_as("editor").post(reverse("admin:news_article_confirm_english", args=[current.pk]), follow=True)
    assert any("Không có gì để xác nhận" in text for text in texts(response.content, "li"))


def test_the_change_form_shows_the_latest_note_to_the_other_side(act_as, people, writers_article):
    from news import workflow

    article = writers_article()
    workflow.transition(article, S.REVIEW, people["writer"], note="Nhờ anh xem đoạn hai")
    page = act_as("editor").get(reverse("admin:news_article_change", args=[article.pk]))
    assert "Ghi chú mới nhất" in texts(page.content, "h2")
    assert "Nhờ anh xem đoạn hai" in texts(page.content, "span", class_="desk-note-text")
    workflow.transition(article, S.DRAFT, people["editor"], note="Bổ sung nguồn")
    page = act_as("writer").get(reverse("admin:news_article_change", args=[article.pk]))
    assert texts(page.content, "span", class_="desk-note-text") == ["Bổ sung nguồn"]
