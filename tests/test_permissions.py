"""Forged requests in the newsroom: what each role is offered, and that forging the rest gets 403 and changes
nothing. The full table of every staff URL × role × state is tests/test_permission_matrix.py."""
from html.parser import HTMLParser

from django.test import Client

from news.models import Article, ArticleTransition
from tests.pages import change_form_data

ROLES = ["anonymous", "writer", "other_writer", "editor", "administrator"]

def snapshot(pk):
    """Everything a refused request must leave as it was."""
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        return None
    return (article.status, article.title_vi, article.published_at, article.version,
            ArticleTransition.objects.filter(article=pk).count())


def test_a_writer_forging_publish_in_the_change_form_gets_403_and_nothing_changes(act_as, writers_article, root):
    article = writers_article("draft")
    data = change_form_data(root, article, status="published", title_vi="Đăng lén")
    before = snapshot(article.pk)
    response = act_as("writer").post(f"/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == 403
    assert snapshot(article.pk) == before


def test_a_writer_forging_publish_on_the_transition_address_gets_403(act_as, writers_article):
    for state in ("draft", "review"):
        article = writers_article(state, title_vi=f"Bài {state}")
        before = snapshot(article.pk)
        response = act_as("writer").post(f"/admin/news/article/{article.pk}/transition/published/")
        assert response.status_code == 403
        assert snapshot(article.pk) == before


def test_a_writer_cannot_create_an_article_already_published(act_as, section):
    data = {
        "title_vi": "Tin đăng thẳng", "section": section.pk, "status": "published", "source_label": "MPI",
        "body_vi": "<p>Nội dung.</p>", "published_at_0": "", "published_at_1": "",
        "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
    }
    response = act_as("writer").post("/admin/news/article/add/", data)
    assert response.status_code == 403
    assert not Article.objects.exists()
    response = act_as("writer").post("/admin/news/article/add/", {**data, "status": "review"})
    assert response.status_code == 302
    assert Article.objects.get().status == "review"


def test_a_writer_forging_a_bulk_publish_gets_403(act_as, writers_article):
    article = writers_article("review")
    before = snapshot(article.pk)
    for action in ("publish", "make_draft", "delete_selected"):
        response = act_as("writer").post("/admin/news/article/", {"action": action, "_selected_action": [article.pk]})
        assert response.status_code == 403, action
    assert snapshot(article.pk) == before


def test_each_role_is_offered_only_its_actions_and_states(act_as, writers_article):
    article = writers_article("draft")
    page = act_as("writer").get(f"/admin/news/article/{article.pk}/change/").content.decode()
    states = _options(page, "status")
    assert states == ["draft", "review"]
    assert _options(act_as("writer").get("/admin/news/article/").content.decode(), "action") == [
        "", "submit_for_review"
    ]
    editor_page = act_as("editor").get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert _options(editor_page, "status") == ["draft", "review", "published"]
    editor_actions = _options(act_as("editor").get("/admin/news/article/").content.decode(), "action")
    assert {"submit_for_review", "publish", "make_draft", "delete_selected"} <= set(editor_actions)


def test_writers_list_only_their_own_articles(act_as, writers_article, people):
    writers_article("draft", title_vi="Bài của phóng viên")
    writers_article("draft", title_vi="Bài của người khác", author=people["other_writer"])
    page = act_as("writer").get("/admin/news/article/").content.decode()
    assert "Bài của phóng viên" in page and "Bài của người khác" not in page
    editor_page = act_as("editor").get("/admin/news/article/").content.decode()
    assert "Bài của phóng viên" in editor_page and "Bài của người khác" in editor_page


def test_a_writer_edits_own_published_article_only_as_changes_for_review(act_as, writers_article):
    article = writers_article("published")
    response = act_as("writer").get(f"/admin/news/article/{article.pk}/change/")
    assert response.status_code == 200
    # Editable, but a save waits as a draft of changes for an editor (draft over live, test_pending_changes).
    data = change_form_data(act_as("writer"), article, title_vi="Tiêu đề phóng viên sửa")
    assert act_as("writer").post(f"/admin/news/article/{article.pk}/change/", data).status_code == 302
    assert Article.objects.get(pk=article.pk).title_vi == article.title_vi


def test_transitions_are_post_only_and_csrf_protected(people, writers_article):
    article = writers_article("draft")
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["writer"])
    assert client.get(f"/admin/news/article/{article.pk}/transition/review/").status_code == 405  # only a POST moves
    assert client.post(f"/admin/news/article/{article.pk}/transition/review/").status_code == 403  # no token
    assert Article.objects.get(pk=article.pk).status == "draft"


def _options(html, select_name):
    """The values a <select name=...> offers."""
    values, inside = [], False

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            nonlocal inside
            attrs = dict(attrs)
            if tag == "select":
                inside = attrs.get("name") == select_name
            elif tag == "option" and inside:
                values.append(attrs.get("value", ""))

        def handle_endtag(self, tag):
            nonlocal inside
            if tag == "select":
                inside = False

    Reader().feed(html)
    return values
