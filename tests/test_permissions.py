"""The newsroom permission matrix: who (anonymous, writer, another writer, editor, administrator) may do what
to an article in admin, and that a refused request changes nothing."""
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from news.models import Article, ArticleTransition
from tests.factories import local_parts
from tests.pages import change_form_data

ROLES = ["anonymous", "writer", "other_writer", "editor", "administrator"]

def snapshot(pk):
    """Everything a refused request must leave as it was."""
    article = Article.objects.filter(pk=pk).first()
    if article is None:
        return None
    return (article.status, article.title_vi, article.published_at, article.version,
            ArticleTransition.objects.filter(article=pk).count())


# Each action: the state of the writer's article it starts from, and what it does (a request).
def _changelist(client, article, root):
    return client.get("/admin/news/article/")


def _add(client, article, root):
    return client.get("/admin/news/article/add/")


def _change(client, article, root):
    return client.post(f"/admin/news/article/{article.pk}/change/",
                       change_form_data(root, article, title_vi="Tiêu đề đã sửa"))


def _transition(target):
    def run(client, article, root):
        return client.post(f"/admin/news/article/{article.pk}/transition/{target}/")

    return run


def _schedule(client, article, root):
    day, time = local_parts(timezone.now() + timedelta(days=1))
    data = change_form_data(root, article, status="published", published_at_0=day, published_at_1=time)
    return client.post(f"/admin/news/article/{article.pk}/change/", data)


def _delete(client, article, root):
    return client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})


def _preview(client, article, root):
    return client.get(f"/admin/news/article/{article.pk}/preview/")


ACTIONS = {
    # name: (starting state, request, does it change the article when allowed)
    "view changelist": ("draft", _changelist, False),
    "add": ("draft", _add, False),
    "change draft": ("draft", _change, True),
    "change published": ("published", _change, True),
    "submit": ("draft", _transition("review"), True),
    "publish": ("review", _transition("published"), True),
    "schedule": ("review", _schedule, True),
    "unpublish": ("published", _transition("archived"), True),
    "send back": ("review", _transition("draft"), True),
    "delete": ("draft", _delete, True),
    "preview": ("draft", _preview, False),
}

LOGIN = "login"  # redirected to the admin sign-in
OK = "ok"  # allowed: 200, or a redirect after a done POST
GONE = "gone"  # the article is not theirs to see: admin's "not found" (redirect to the admin home) or 404
DENIED = 403

# Expected outcome per action, in ROLES order: anonymous, writer (the author), other writer, editor, administrator.
MATRIX = {
    "view changelist": (LOGIN, OK, OK, OK, OK),
    "add": (LOGIN, OK, OK, OK, OK),
    "change draft": (LOGIN, OK, GONE, OK, OK),
    "change published": (LOGIN, DENIED, GONE, OK, OK),
    "submit": (LOGIN, OK, 404, OK, OK),
    "publish": (LOGIN, DENIED, 404, OK, OK),
    "schedule": (LOGIN, DENIED, GONE, OK, OK),
    "unpublish": (LOGIN, DENIED, 404, OK, OK),
    "send back": (LOGIN, OK, 404, OK, OK),  # the author withdraws; an editor sends back
    "delete": (LOGIN, DENIED, DENIED, OK, OK),  # writers may not delete at all
    "preview": (404, OK, 404, OK, OK),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(action, role, act_as, writers_article, root):
    state, run, changes = ACTIONS[action]
    article = writers_article(state)
    expected = MATRIX[action][ROLES.index(role)]
    before = snapshot(article.pk)

    response = run(act_as(role), article, root)

    after = snapshot(article.pk)
    if expected == LOGIN:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    elif expected == GONE:
        # Not theirs: the admin says "not found" (a redirect home with a message) or 404; never the article.
        assert response.status_code == 404 or (response.status_code == 302 and response["Location"] == "/admin/")
    elif expected == OK:
        assert response.status_code in (200, 302), response.content.decode()[:3000]
        if response.status_code == 302:
            assert "/admin/login/" not in response["Location"]
    else:
        assert response.status_code == expected
    if expected == OK and changes:
        assert after != before, "allowed, so the article changed"
    elif expected != OK:
        assert after == before, "refused, so nothing changed"


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


def test_a_writer_sees_own_published_article_read_only(act_as, writers_article):
    article = writers_article("published")
    response = act_as("writer").get(f"/admin/news/article/{article.pk}/change/")
    assert response.status_code == 200
    assert 'name="title_vi"' not in response.content.decode()  # no editable field


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
