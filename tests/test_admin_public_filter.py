"""The article list's "on the public site" filter: one choice per state readers know, agreeing with the column."""
from datetime import timedelta

from django.utils import timezone

from news.models import Article
from tests.factories import local_parts
from tests.pages import change_form_data, elements

LIST = "/en/admin/news/article/"
S = Article.Status


def filter_links(html):
    """{choice label: its link} of the "on the public site" filter in the list's side bar."""
    headings = [h.text for h in elements(html, "summary")] + [h.text for h in elements(html, "h3")]
    assert any("on the public site" in heading for heading in headings), headings
    return {a.text: a.attrs["href"] for a in elements(html, "a") if a.attrs.get("href", "").startswith("?public=")}


def rows(client, query):
    """[(title, what the "on the public site" column says)] of the list filtered by ``query``."""
    html = client.get(LIST + query).content.decode()
    titles = [cell.text for cell in elements(html, "th", class_="field-title")]
    states = [cell.text for cell in elements(html, "td", class_="field-public_state")]
    return list(zip(titles, states))


def test_an_editor_finds_the_article_they_just_scheduled_under_scheduled(act_as, writers_article, root):
    article = writers_article("review", title_vi="Thông cáo hẹn giờ")
    day, time = local_parts(timezone.now() + timedelta(days=2))
    editor = act_as("editor")
    data = change_form_data(root, article, status="published", published_at_0=day, published_at_1=time)
    assert editor.post(f"/admin/news/article/{article.pk}/change/", data).status_code == 302

    links = filter_links(editor.get(LIST).content.decode())
    assert list(links) == [
        "no (draft)", "no (pending review)", "scheduled", "yes (online)", "no (expired)", "no (unpublished)",
    ]
    assert rows(editor, links["scheduled"]) == [("Thông cáo hẹn giờ", f"scheduled for {time} {day}")]
    assert rows(editor, links["yes (online)"]) == []


def test_every_article_is_under_exactly_one_choice_as_the_column_says(act_as, writers_article):
    now = timezone.now()
    writers_article("draft", title_vi="Nháp")
    writers_article("review", title_vi="Chờ duyệt")
    writers_article("published", title_vi="Hẹn giờ", published_at=now + timedelta(hours=1))
    writers_article("published", title_vi="Đang đăng", published_at=now - timedelta(minutes=1))
    writers_article("archived", title_vi="Đã gỡ", published_at=now - timedelta(days=3))
    writers_article("published", title_vi="Hết hạn", published_at=now - timedelta(days=3),
                    unpublish_at=now - timedelta(minutes=1))
    editor = act_as("editor")
    links = filter_links(editor.get(LIST).content.decode())
    found = {label: rows(editor, link) for label, link in links.items()}
    assert found == {
        "no (draft)": [("Nháp", "no (draft)")],
        "no (pending review)": [("Chờ duyệt", "no (pending review)")],
        "scheduled": [("Hẹn giờ", found["scheduled"][0][1])],
        "yes (online)": [("Đang đăng", "yes")],
        "no (expired)": [("Hết hạn", found["no (expired)"][0][1])],
        "no (unpublished)": [("Đã gỡ", "no (unpublished)")],
    }
    assert found["no (expired)"][0][1].startswith("no (expired at ")
    assert found["scheduled"][0][1].startswith("scheduled for ")


def test_a_scheduled_article_moves_to_online_when_its_time_comes(act_as, writers_article):
    article = writers_article("published", title_vi="Sắp lên", published_at=timezone.now() + timedelta(minutes=5))
    editor = act_as("editor")
    assert [title for title, _state in rows(editor, "?public=scheduled")] == ["Sắp lên"]
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert [title for title, _state in rows(editor, "?public=scheduled")] == []
    assert [title for title, _state in rows(editor, "?public=online")] == ["Sắp lên"]


def test_a_writer_filters_their_own_articles(act_as, writers_article, make_article, people):
    writers_article("draft", title_vi="Nháp của tôi")
    make_article(title_vi="Nháp của người khác", status=S.DRAFT, published_at=None, author=people["other_writer"])
    writer = act_as("writer")
    assert [title for title, _state in rows(writer, "?public=draft")] == ["Nháp của tôi"]


def test_old_links_by_status_still_filter(act_as, writers_article):
    writers_article("draft", title_vi="Nháp")
    writers_article("review", title_vi="Chờ duyệt")
    assert [title for title, _state in rows(act_as("editor"), "?status__exact=review")] == ["Chờ duyệt"]
