"""Deleting in admin loses nothing readers depend on: published articles go to the archive, cited documents stay."""
from datetime import date

import pytest
from django.contrib.auth.models import Group

from news.models import Article, ArticleTransition, Directive, Organization, Tag
from tests.pages import texts

CITING_TEXT = "<p>Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị.</p>"


def staff_in(django_user_model, username, role):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model):
    return staff_in(django_user_model, "bientap", "Biên tập viên")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def directive(db):
    return Directive.objects.create(
        number="35-CT/TW", document_type=Directive.DocumentType.DIRECTIVE, issued_on=date(2024, 6, 14)
    )


@pytest.fixture
def published(make_article, directive):
    article = make_article(title_en="Conference on the 2025 tasks", body_en="<p>English body.</p>", body_vi=CITING_TEXT)
    article.tags.add(Tag.objects.create(name_vi="Xây dựng Đảng", name_en="Party building"))
    article.organizations.add(Organization.objects.create(name_vi="Đảng bộ Khối các cơ quan Trung ương"))
    return article


def test_deleting_a_published_article_asks_first_and_names_what_depends_on_it(editor_client, published):
    page = editor_client.get(f"/en/admin/news/article/{published.pk}/delete/").content.decode()
    assert "Unpublish and archive instead of deleting?" in page
    assert f"http://testserver{published.get_absolute_url()}" in page  # the Vietnamese address
    assert "http://testserver/en/news/" in page  # and the English one
    assert "Tin tức - Sự kiện" in page or "News and Events" in page
    assert "Party building" in page
    assert "35-CT/TW" in page
    assert "Đảng bộ Khối các cơ quan Trung ương" in page
    assert Article.objects.get(pk=published.pk).status == Article.Status.PUBLISHED  # asking changed nothing


def test_confirming_archives_the_article_instead_of_deleting_it(client, editor_client, editor, published):
    public_url = published.get_absolute_url()
    assert client.get(public_url).status_code == 200

    response = editor_client.post(f"/en/admin/news/article/{published.pk}/delete/", {"post": "yes"}, follow=True)
    assert "The article was unpublished and archived; it can be restored from the archive." in texts(
        response.content, "li"
    )
    article = Article.objects.get(pk=published.pk)  # still there, text intact
    assert article.status == Article.Status.ARCHIVED and article.body_vi.startswith("<p>Thực hiện")
    move = ArticleTransition.objects.get(article=article)
    assert (move.from_status, move.to_status, move.by) == ("published", "archived", editor)

    editor_client.logout()
    assert client.get(public_url).status_code == 404


def test_a_draft_is_really_deleted_after_djangos_confirmation(editor_client, make_article):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    page = editor_client.get(f"/en/admin/news/article/{draft.pk}/delete/").content.decode()
    assert "Are you sure you want to delete" in page
    response = editor_client.post(f"/en/admin/news/article/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_bulk_delete_archives_published_articles_and_deletes_drafts(editor_client, published, make_article):
    draft = make_article(title_vi="Bản nháp", status=Article.Status.DRAFT, published_at=None)
    selection = {"action": "delete_selected", "_selected_action": [published.pk, draft.pk]}
    page = editor_client.post("/en/admin/news/article/", selection).content.decode()
    assert "Unpublish and archive instead of deleting?" in page
    assert "Conference on the 2025 tasks" in page and "Bản nháp" in page and "35-CT/TW" in page
    assert Article.objects.count() == 2

    response = editor_client.post("/en/admin/news/article/", {**selection, "post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "1 article was unpublished and archived; it can be restored from the archive." in texts(
        response.content, "li"
    )
    assert Article.objects.get(pk=published.pk).status == Article.Status.ARCHIVED
    assert not Article.objects.filter(pk=draft.pk).exists()


def test_staff_without_delete_permission_cannot_archive_by_delete(client, django_user_model, published):
    writer = staff_in(django_user_model, "phongvien", "Phóng viên")
    published.author = writer
    published.save()
    client.force_login(writer)
    assert client.post(f"/en/admin/news/article/{published.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Article.objects.get(pk=published.pk).status == Article.Status.PUBLISHED


@pytest.fixture
def admin_user_client(client, django_user_model):
    client.force_login(staff_in(django_user_model, "quantri", "Quản trị"))
    return client


def test_a_cited_document_is_not_deleted_and_the_page_names_the_articles(
    admin_user_client, published, directive, make_article
):
    related = make_article(title_vi="Bài liên quan", status=Article.Status.DRAFT, published_at=None)
    related.directives.add(directive)
    assert list(directive.citing_articles.all()) == [published]

    page = admin_user_client.get(f"/en/admin/news/directive/{directive.pk}/delete/").content.decode()
    assert "cannot be deleted: 2 articles cite it" in page
    assert "Conference on the 2025 tasks" in page and "Bài liên quan" in page
    assert "Remove the citations first" in page

    forged = admin_user_client.post(f"/en/admin/news/directive/{directive.pk}/delete/", {"post": "yes"})
    assert forged.status_code == 409
    bulk = admin_user_client.post(
        "/en/admin/news/directive/", {"action": "delete_selected", "_selected_action": [directive.pk], "post": "yes"}
    )
    assert "Remove the citations first" in bulk.content.decode()
    assert Directive.objects.filter(pk=directive.pk).exists()


def test_a_document_nothing_cites_is_deleted_as_usual(admin_user_client, directive):
    page = admin_user_client.get(f"/en/admin/news/directive/{directive.pk}/delete/").content.decode()
    assert "Are you sure you want to delete" in page
    assert admin_user_client.post(f"/en/admin/news/directive/{directive.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Directive.objects.filter(pk=directive.pk).exists()
