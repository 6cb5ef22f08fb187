"""Revisions and conflicting edits in admin: history, diff, restore, and a stale save that loses no text."""
import pytest
from django.contrib.admin.models import LogEntry
from reversion.models import Version

from news.models import Article, Directive, Organization
from news.templatetags.portal import portal_datetime
from tests.pages import elements, form_data, texts


@pytest.fixture
def editor_a(django_user_model):
    return django_user_model.objects.create_user(
        "an", password="x", first_name="Nguyễn Văn", last_name="An", is_staff=True, is_superuser=True
    )


@pytest.fixture
def editor_b(django_user_model):
    return django_user_model.objects.create_user(
        "binh", password="x", first_name="Trần Thị", last_name="Bình", is_staff=True, is_superuser=True
    )


@pytest.fixture
def client_a(client, editor_a):
    client.force_login(editor_a)
    return client


@pytest.fixture
def client_b(editor_b):
    from django.test import Client

    other = Client()
    other.force_login(editor_b)
    return other


def save_through_admin(client, url, **changes):
    """Open the change form at ``url``, change some fields as staff would, save; return (form, response)."""
    page = client.get(url)
    assert page.status_code == 200, url
    data = form_data(page.content.decode())
    data.update(changes)
    return data, client.post(url, data)


def assert_saved(response):
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")


ARTICLE_URL = "/en/admin/news/article/{}/change/"


@pytest.fixture
def make_article(make_article):
    """Articles in review: an admin save writes them (a live one's edits wait as a draft of changes instead,
    tests/test_pending_changes.py)."""
    return lambda **fields: make_article(**{"status": Article.Status.REVIEW, "published_at": None, **fields})


def test_history_lists_who_saved_and_when(client_a, editor_b, client_b, make_article):
    article = make_article(title_vi="Bản tin sáng")
    assert_saved(save_through_admin(client_a, ARTICLE_URL.format(article.pk), title_vi="Bản tin sáng thứ Hai")[1])
    assert_saved(save_through_admin(client_b, ARTICLE_URL.format(article.pk), title_vi="Bản tin sáng thứ Ba")[1])

    page = client_a.get(f"/en/admin/news/article/{article.pk}/history/").content.decode()
    assert len(elements(page, "tr", class_="revision")) == 2  # one row per save, newest first
    assert texts(page, "td", class_="revision-user") == ["Trần Thị Bình", "Nguyễn Văn An"]
    revisions = Version.objects.get_for_object(article).order_by("-pk")
    assert [t for t in texts(page, "time")] == [portal_datetime(v.revision.date_created) for v in revisions]
    assert Article.objects.get(pk=article.pk).title_vi == "Bản tin sáng thứ Ba"


def test_diff_shows_the_changed_words_escaped(client_a, make_article):
    article = make_article(body_vi="<p>Hội nghị tổng kết công tác năm 2024.</p>")
    url = ARTICLE_URL.format(article.pk)
    assert_saved(save_through_admin(client_a, url, lead_vi="Sáng nay <Bộ> họp.")[1])
    assert_saved(
        save_through_admin(client_a, url, body_vi="<p>Hội nghị sơ kết công tác năm 2024.</p>", lead_vi="Chiều nay <Bộ> họp.")[1]
    )
    older, newer = Version.objects.get_for_object(article).order_by("pk")

    page = client_a.get(
        f"/en/admin/news/article/{article.pk}/history/compare/", {"from": older.pk, "to": newer.pk}
    ).content.decode()
    assert texts(page, "del") == ["Sáng", "tổng"]  # lead, then body
    assert texts(page, "ins") == ["Chiều", "sơ"]
    # The text's own markup is shown as text, never as markup of the page.
    assert "&lt;Bộ&gt; họp." in page and "<Bộ>" not in page
    assert "&lt;p&gt;Hội nghị " in page
    # The history page links to the comparison, both revisions pre-selected.
    history = client_a.get(f"/en/admin/news/article/{article.pk}/history/").content.decode()
    assert elements(history, "form", action=f"/en/admin/news/article/{article.pk}/history/compare/")
    checked = {r.attrs["name"]: r.attrs["value"] for r in elements(history, "input", type="radio") if "checked" in r.attrs}
    assert checked == {"from": str(older.pk), "to": str(newer.pk)}


def test_restoring_an_old_revision_is_a_new_revision(client_a, make_article):
    article = make_article(title_vi="Tiêu đề đầu tiên", body_vi="<p>Bản đầu.</p>")
    url = ARTICLE_URL.format(article.pk)
    assert_saved(save_through_admin(client_a, url, title_vi="Tiêu đề đầu tiên")[1])
    assert_saved(save_through_admin(client_a, url, title_vi="Tiêu đề sửa lại", body_vi="<p>Bản sửa.</p>")[1])
    first = Version.objects.get_for_object(article).order_by("pk").first()
    version_before = Article.objects.get(pk=article.pk).version

    data, response = save_through_admin(client_a, f"/en/admin/news/article/{article.pk}/history/{first.pk}/")
    assert data["title_vi"] == "Tiêu đề đầu tiên"  # the revision form shows the old text
    assert_saved(response)

    restored = Article.objects.get(pk=article.pk)
    assert restored.title_vi == "Tiêu đề đầu tiên" and restored.body_vi == "<p>Bản đầu.</p>"
    # Restoring adds a revision (nothing is rewritten) and the lock counter keeps growing.
    versions = Version.objects.get_for_object(article).order_by("-pk")
    assert versions.count() == 3
    # Recorded like any other change: who restored which revision, and which fields it changed back.
    comment = versions[0].revision.get_comment()
    assert comment.startswith(
        f"Restored the revision saved at {portal_datetime(first.revision.date_created)} by Nguyễn Văn An."
    )
    assert "Title" in comment and "Body" in comment and "Section" not in comment
    logged = LogEntry.objects.filter(object_id=str(article.pk)).latest("pk")
    assert logged.user.username == "an" and logged.get_change_message() == comment
    assert restored.version == version_before + 1
    assert client_a.get(url).status_code == 200  # and the article can be edited on from there
    assert_saved(save_through_admin(client_a, url, title_vi="Tiêu đề sau khôi phục")[1])


def test_directive_and_organization_saves_keep_revisions(client_a, demo):
    directive, organization = Directive.objects.first(), Organization.objects.first()
    assert_saved(save_through_admin(
        client_a, f"/en/admin/news/directive/{directive.pk}/change/", summary_vi="Trích yếu mới", signer="Người ký"
    )[1])
    assert_saved(save_through_admin(
        client_a, f"/en/admin/news/organization/{organization.pk}/change/", description_vi="Mô tả mới của tổ chức."
    )[1])

    for model, obj, field in [("directive", directive, "summary_vi"), ("organization", organization, "description_vi")]:
        version = Version.objects.get_for_object(obj).get()
        assert version.revision.user.username == "an" and version.field_dict[field].startswith(("Trích", "Mô tả"))
        history = client_a.get(f"/en/admin/news/{model}/{obj.pk}/history/").content.decode()
        assert texts(history, "td", class_="revision-user") == ["Nguyễn Văn An"]
    # The organization's figures (an inline) are part of its revision.
    org_version = Version.objects.get_for_object(organization).get()
    followed = {v.content_type.model for v in org_version.revision.version_set.all()}
    assert followed == {"organization"} | ({"organizationstatistics"} if organization.statistics.exists() else set())


def test_ordinary_saves_outside_admin_make_no_revision(make_article):
    article = make_article()
    article.title_vi = "Sửa bằng mã"
    article.save()
    assert not Version.objects.get_for_object(article).exists()


def test_second_editor_saving_a_stale_form_is_refused_and_loses_no_text(
    client_a, client_b, editor_a, editor_b, make_article
):
    article = make_article(title_vi="Tiêu đề gốc", body_vi="<p>Nội dung gốc.</p>")
    url = ARTICLE_URL.format(article.pk)
    form_a = form_data(client_a.get(url).content.decode())
    form_b = form_data(client_b.get(url).content.decode())
    assert form_a["base_version"] == form_b["base_version"] == "1"

    assert_saved(client_a.post(url, {**form_a, "title_vi": "Tiêu đề của An", "body_vi": "<p>An viết.</p>"}))
    saved_by_a = Article.objects.get(pk=article.pk)

    response = client_b.post(url, {**form_b, "title_vi": "Tiêu đề của Bình", "body_vi": "<p>Bình viết lại cả bài.</p>"})
    assert response.status_code == 200
    page = response.content.decode()
    errors = " ".join(texts(page, "ul", class_="errorlist"))
    assert (
        f"Nguyễn Văn An saved this article at {portal_datetime(saved_by_a.updated_at)}, after you opened it. "
        "Your text is below: copy what you need, reload the page, and apply your changes again."
    ) in errors
    shown = form_data(page)
    assert shown["title_vi"] == "Tiêu đề của Bình" and shown["body_vi"] == "<p>Bình viết lại cả bài.</p>"

    stored = Article.objects.get(pk=article.pk)
    assert (stored.title_vi, stored.body_vi) == ("Tiêu đề của An", "<p>An viết.</p>")
    assert stored.version == 2 and stored.updated_by == editor_a
    assert Version.objects.get_for_object(article).count() == 1  # the refused save left no revision

    # Bình reloads the page and applies the change again: now it is saved.
    assert_saved(save_through_admin(client_b, url, title_vi="Tiêu đề của Bình")[1])
    stored = Article.objects.get(pk=article.pk)
    assert stored.title_vi == "Tiêu đề của Bình" and stored.version == 3 and stored.updated_by == editor_b


def test_the_vietnamese_admin_refuses_a_stale_save_too(client_a, client_b, make_article):
    article = make_article()
    url = f"/admin/news/article/{article.pk}/change/"
    form_b = form_data(client_b.get(url).content.decode())
    assert_saved(save_through_admin(client_a, url, title_vi="Lần sửa thứ nhất")[1])
    response = client_b.post(url, {**form_b, "title_vi": "Lần sửa của Bình"})
    assert response.status_code == 200 and "Nguyễn Văn An" in " ".join(texts(response.content, "ul", class_="errorlist"))
    assert Article.objects.get(pk=article.pk).title_vi == "Lần sửa thứ nhất"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_never_both_win(client_a, client_b, make_article):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need a server database (SQLite serialises them in the test process)")
    import threading

    from django.db import connections

    article = make_article()
    url = ARTICLE_URL.format(article.pk)
    forms = {name: form_data(c.get(url).content.decode()) for name, c in [("a", client_a), ("b", client_b)]}
    start, results = threading.Barrier(2), {}

    def save(name, client):
        try:
            start.wait()
            results[name] = client.post(url, {**forms[name], "title_vi": f"Bản của {name}"})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=item) for item in [("a", client_a), ("b", client_b)]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = sorted(response.status_code for response in results.values())
    assert codes == [200, 302]
    winner = next(name for name, response in results.items() if response.status_code == 302)
    loser = results["b" if winner == "a" else "a"]
    assert "after you opened it" in " ".join(texts(loser.content, "ul", class_="errorlist"))
    stored = Article.objects.get(pk=article.pk)
    assert stored.title_vi == f"Bản của {winner}" and stored.version == 2
    assert Version.objects.get_for_object(article).count() == 1
