"""Restoring a revision and recovering a deleted article go through the workflow, like every other change:
checked before anything is written, never changing the workflow state, and recorded."""
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.utils import timezone
from reversion.models import Version

from news.models import Article, Directive
from tests.pages import change_form_data, form_data, texts


def admin_save(client, article, **changes):
    """Save the article's change form as ``client`` sees it (a revision is kept), with ``changes``."""
    response = client.post(f"/admin/news/article/{article.pk}/change/", change_form_data(client, article, **changes))
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")


def revisions_of(article):
    return list(Version.objects.get_for_object(article).order_by("pk"))


def state_of(pk):
    """What a refused restore must leave as it was: the row, its log and its revisions."""
    article = Article.objects.filter(pk=pk).first()
    row = None if article is None else (
        article.status, article.title_vi, article.body_vi, article.published_at, article.version,
        article.author_id, article.updated_by_id,
    )
    return row, LogEntry.objects.count(), Version.objects.count()


@pytest.fixture
def edited(writers_article, act_as):
    """``edited(status)``: a writer's article saved twice in admin by an editor, then put in ``status``.

    Returns the article and its first revision (the older title "Bản đầu").
    """

    def make(status):
        article = writers_article("draft", title_vi="Bản đầu")
        editor = act_as("editor")
        admin_save(editor, article, title_vi="Bản đầu")
        admin_save(editor, article, title_vi="Bản sửa", body_vi="<p>Nội dung sửa.</p>")
        if status != "draft":
            # A whole minute, as the admin's time field keeps it.
            minute = timezone.now().replace(second=0, microsecond=0)
            Article.objects.filter(pk=article.pk).update(status=status, published_at=minute)
        article.refresh_from_db()
        return article, revisions_of(article)[0]

    return make


def restore(client, article, version):
    """Open the revision, then post its form back as the page shows it (the "Save" of the restore page)."""
    url = f"/admin/news/article/{article.pk}/history/{version.pk}/"
    page = client.get(url)
    data = form_data(page.content, "article_form") if page.status_code == 200 else {}
    return page, client.post(url, data)


def test_an_editor_restores_the_text_of_a_live_article_and_it_stays_live(edited, act_as, client):
    article, first = edited("published")
    published_at = article.published_at
    page, response = restore(act_as("editor"), article, first)
    assert page.status_code == 200 and response.status_code == 302

    article.refresh_from_db()
    assert article.title_vi == "Bản đầu"
    assert article.status == "published" and article.published_at == published_at  # the state is the workflow's
    assert article.updated_by.username == "editor"
    logged = LogEntry.objects.filter(object_id=str(article.pk)).latest("pk")
    assert logged.action_flag == CHANGE and logged.user.username == "editor"
    assert logged.get_change_message().startswith("Đã khôi phục phiên bản")  # "Restored the revision saved at"
    assert client.get(article.get_absolute_url()).status_code == 200  # readers still have it


def test_restoring_an_old_revision_never_brings_back_an_old_state(edited, act_as):
    """The first revision was a draft; restoring its text onto the archived article keeps it archived."""
    article, first = edited("archived")
    assert first.field_dict["status"] == "draft"
    page, response = restore(act_as("editor"), article, first)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title_vi) == ("archived", "Bản đầu")


@pytest.mark.parametrize("status", ["published", "archived"])
def test_another_writer_cannot_restore_anything(edited, act_as, status):
    article, first = edited(status)
    before = state_of(article.pk)
    page, response = restore(act_as("other_writer"), article, first)
    assert page.status_code == 404 and response.status_code == 404
    assert state_of(article.pk) == before


@pytest.mark.parametrize("status", ["published", "archived"])
def test_the_author_cannot_restore_once_the_article_is_the_editors(edited, act_as, status):
    article, first = edited(status)
    before = state_of(article.pk)
    page, response = restore(act_as("writer"), article, first)
    assert page.status_code == 403 and response.status_code == 403
    assert state_of(article.pk) == before
    # Nor is it offered: the history shows the revisions without a way to restore them.
    history = act_as("writer").get(f"/admin/news/article/{article.pk}/history/").content.decode()
    assert f"/history/{first.pk}/" not in history


def test_the_author_restores_an_own_draft(edited, act_as):
    article, first = edited("draft")
    page, response = restore(act_as("writer"), article, first)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.title_vi, article.updated_by.username) == ("draft", "Bản đầu", "writer")


def test_a_version_of_another_model_is_not_restored_through_the_article_admin(edited, act_as, root, demo):
    article, _first = edited("published")
    directive = Directive.objects.first()
    response = root.post(f"/admin/news/directive/{directive.pk}/change/",
                         {**form_data(root.get(f"/admin/news/directive/{directive.pk}/change/").content),
                          "summary_vi": "Trích yếu đã sửa"})
    assert response.status_code == 302
    foreign = Version.objects.get_for_object(directive).latest("pk")
    before = state_of(article.pk)
    directive_before = Directive.objects.values().get(pk=directive.pk)
    urls = [f"/admin/news/article/{article.pk}/history/{foreign.pk}/", f"/admin/news/article/recover/{foreign.pk}/"]
    for url in urls:
        assert act_as("superuser").post(url, {}).status_code == 404, url
    assert state_of(article.pk) == before
    assert Directive.objects.values().get(pk=directive.pk) == directive_before


def deleted_article(edited, act_as):
    """The writer's article, saved in admin, then deleted from the archive by an editor: (pk, its last version)."""
    article, _first = edited("archived")
    pk = article.pk
    editor = act_as("editor")
    assert editor.post(f"/admin/news/article/{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    return pk, Version.objects.get_deleted(Article).get(object_id=str(pk))


def test_the_author_recovers_a_deleted_article_as_a_draft(edited, act_as, people):
    pk, version = deleted_article(edited, act_as)
    writer = act_as("writer")
    listing = writer.get("/admin/news/article/recover/").content.decode()
    assert "Bản sửa" in listing
    page = writer.get(f"/admin/news/article/recover/{version.pk}/")
    assert page.status_code == 200
    response = writer.post(f"/admin/news/article/recover/{version.pk}/", form_data(page.content, "article_form"))
    assert response.status_code == 302, texts(response.content, "ul", class_="errorlist")

    recovered = Article.objects.get(pk=pk)
    assert recovered.status == "draft" and recovered.author == people["writer"]  # archived once; a draft now
    logged = LogEntry.objects.filter(object_id=str(pk)).latest("pk")
    assert logged.action_flag == ADDITION and logged.user.username == "writer"
    assert logged.get_change_message().startswith("Đã phục hồi sau khi bị xóa")  # "Recovered after deletion"


def test_another_writer_neither_sees_nor_recovers_a_deleted_article(edited, act_as):
    pk, version = deleted_article(edited, act_as)
    other = act_as("other_writer")
    assert "Bản sửa" not in other.get("/admin/news/article/recover/").content.decode()
    before = (Article.objects.count(), LogEntry.objects.count(), Version.objects.count())
    assert other.get(f"/admin/news/article/recover/{version.pk}/").status_code == 404
    assert other.post(f"/admin/news/article/recover/{version.pk}/", {"title_vi": "Lấy lại"}).status_code == 404
    assert (Article.objects.count(), LogEntry.objects.count(), Version.objects.count()) == before
    # An editor sees every deleted article.
    assert "Bản sửa" in act_as("editor").get("/admin/news/article/recover/").content.decode()


def test_recover_refuses_an_article_that_is_not_deleted(edited, act_as):
    article, first = edited("published")
    before = state_of(article.pk)
    assert act_as("superuser").post(f"/admin/news/article/recover/{first.pk}/", {}).status_code == 404
    assert state_of(article.pk) == before


def test_a_restore_that_cannot_save_keeps_nothing(edited, act_as):
    """A stale restore form (someone saved meanwhile) is refused like any stale form: nothing is restored."""
    article, first = edited("draft")
    editor = act_as("editor")
    url = f"/admin/news/article/{article.pk}/history/{first.pk}/"
    data = form_data(editor.get(url).content, "article_form")
    admin_save(act_as("administrator"), article, title_vi="Bản của quản trị")
    before = state_of(article.pk)
    response = act_as("editor").post(url.replace("/admin/", "/en/admin/"), data)
    assert response.status_code == 200 and "after you opened it" in response.content.decode()
    assert state_of(article.pk) == before
