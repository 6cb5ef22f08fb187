"""Draft over live: edits of a published article wait as a draft of changes; readers keep the live version (and the
page cache its stored copy) until an editor publishes the changes, through the same review rules as a new article.
"""
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from reversion.models import Version

from news.models import Article, Tag
from news.models.pending import PendingChange
from tests.pages import change_form_data, form_data, texts

pytestmark = pytest.mark.usefixtures("one_host")  # the page cache as one host: a page stored is served next

NEW_TITLE = "Hội nghị triển khai nhiệm vụ năm 2025 (đã sửa)"


def public_url(article, lang="vi"):
    with translation.override(lang):
        return article.get_absolute_url()


def messages_of(response):
    return " ".join(texts(response.content, "ul", class_="messagelist"))


def change_url(article, suffix="change/"):
    return f"/admin/news/article/{article.pk}/{suffix}"


@pytest.fixture
def live(make_article, people):
    """The writer's article, on the public site since an hour ago."""
    return make_article(author=people["writer"], published_at=timezone.now() - timedelta(hours=1))


def save_form(client, article, **changes):
    return client.post(change_url(article), change_form_data(client, article, **changes))


def test_saving_a_live_article_keeps_the_public_page_and_its_cached_copy(act_as, live, committed):
    reader = Client()
    first = reader.get(public_url(live))
    assert first["X-Page-Cache"] == "miss" and "Hội nghị triển khai nhiệm vụ năm 2025" in first.content.decode()
    assert reader.get(public_url(live))["X-Page-Cache"] == "hit"

    editor = act_as("editor")
    responses = []
    committed(lambda: responses.append(save_form(editor, live, title_vi=NEW_TITLE, lead_vi="Lời dẫn mới.")))
    assert responses[0].status_code == 302
    assert "bạn đọc vẫn thấy bản đã đăng" in messages_of(editor.get(responses[0]["Location"]))

    stored = Article.objects.get(pk=live.pk)
    assert (stored.title_vi, stored.lead_vi) == (live.title_vi, live.lead_vi)  # the article is not written
    again = reader.get(public_url(live))
    assert again["X-Page-Cache"] == "hit"  # its stored copy was not even dropped
    assert NEW_TITLE not in again.content.decode()
    pending = PendingChange.objects.get(article=live)
    assert (pending.values["title_vi"], pending.status, pending.created_by.username) == (NEW_TITLE, "draft", "editor")

    # The editor (and anyone opening it) keeps working on the draft: the form shows the pending values.
    page = editor.get(change_url(live))
    assert form_data(page.content, "article_form")["title_vi"] == NEW_TITLE
    assert "Thay đổi chưa đăng" in texts(page.content, "h2")
    assert "Các trường đã thay đổi: Tiêu đề [vi], Sapo [vi]" in texts(page.content, "p", class_="pending-change-fields")
    # "View on site" still leads to the live page.
    assert editor.get(f"/admin/r/{_article_type()}/{live.pk}/")["Location"].endswith(public_url(live))


def _article_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Article).pk


def test_the_editor_publishes_the_changes_and_readers_see_them(act_as, live, committed):
    reader = Client()
    reader.get(public_url(live))
    editor = act_as("editor")
    tag = Tag.objects.create(name_vi="Kế hoạch", name_en="Planning")
    save_form(editor, live, title_vi=NEW_TITLE, tags=[str(tag.pk)])
    assert list(live.tags.all()) == []  # relations wait too
    revisions = Version.objects.get_for_object(live).count()

    responses = []
    committed(lambda: responses.append(editor.post(change_url(live, "changes/publish/"), {"note": "Sửa tiêu đề"})))
    assert responses[0].status_code == 302
    live.refresh_from_db()
    assert live.title_vi == NEW_TITLE and list(live.tags.all()) == [tag]
    assert (live.status, live.updated_by.username) == ("published", "editor")
    assert not PendingChange.objects.filter(article=live).exists()
    assert Version.objects.get_for_object(live).count() == revisions + 1  # a revision, as for any save
    page = reader.get(public_url(live))
    assert page.status_code == 200 and NEW_TITLE in page.content.decode()


def test_discarding_keeps_the_live_version(act_as, live):
    editor = act_as("editor")
    save_form(editor, live, title_vi=NEW_TITLE)
    response = editor.post(change_url(live, "changes/discard/"), follow=True)
    assert response.status_code == 200
    assert not PendingChange.objects.filter(article=live).exists()
    assert Article.objects.get(pk=live.pk).title_vi == live.title_vi
    assert form_data(editor.get(change_url(live)).content, "article_form")["title_vi"] == live.title_vi


def test_the_writer_prepares_changes_that_an_editor_reviews(act_as, live):
    writer = act_as("writer")
    assert save_form(writer, live, title_vi=NEW_TITLE).status_code == 302
    assert Article.objects.get(pk=live.pk).title_vi == live.title_vi
    # The writer may not publish them, nor take the form's short cut.
    assert writer.post(change_url(live, "changes/publish/")).status_code == 403
    assert writer.post(change_url(live), change_form_data(writer, live, _move="published")).status_code == 403
    assert writer.post(change_url(live, "changes/submit/"), {"note": "Nhờ duyệt"}).status_code == 302
    assert PendingChange.objects.get(article=live).status == "review"
    # Another writer does not even see the article.
    assert act_as("other_writer").post(change_url(live, "changes/discard/")).status_code == 404
    assert PendingChange.objects.filter(article=live).exists()

    editor = act_as("editor")
    assert editor.post(change_url(live, "changes/back/"), {"note": "Thiếu nguồn"}).status_code == 302
    assert (PendingChange.objects.get(article=live).status, PendingChange.objects.get(article=live).note) == (
        "draft", "Thiếu nguồn")
    writer = act_as("writer")
    writer.post(change_url(live, "changes/submit/"))
    assert act_as("editor").post(change_url(live, "changes/publish/")).status_code == 302
    assert Article.objects.get(pk=live.pk).title_vi == NEW_TITLE


def test_the_author_does_not_discard_or_submit_an_editors_correction_of_their_live_article(act_as, live):
    assert save_form(act_as("editor"), live, title_vi=NEW_TITLE).status_code == 302
    writer = act_as("writer")
    for action in ("discard", "submit"):
        assert writer.post(change_url(live, f"changes/{action}/")).status_code == 403
    pending = PendingChange.objects.get(article=live)
    assert (pending.status, pending.values["title_vi"]) == ("draft", NEW_TITLE)
    # Nor are those buttons offered to them.
    assert "changes/discard/" not in writer.get(change_url(live)).content.decode()


def test_the_history_says_which_fields_wait(act_as, live):
    from django.contrib.admin.models import LogEntry

    assert save_form(act_as("editor"), live, title_vi=NEW_TITLE).status_code == 302
    message = LogEntry.objects.filter(object_id=str(live.pk)).latest("pk").get_change_message()
    assert "Tiêu đề [vi]" in message or "Title [vi]" in message, message


def test_a_scheduled_article_is_edited_as_it_is(act_as, make_article):
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    save_form(act_as("editor"), scheduled, title_vi=NEW_TITLE)
    assert Article.objects.get(pk=scheduled.pk).title_vi == NEW_TITLE
    assert not PendingChange.objects.exists()


def test_editors_save_and_publish_from_the_form_at_once(act_as, live):
    editor = act_as("editor")
    save_form(editor, live, title_vi="Bản nháp đầu")
    response = save_form(editor, live, title_vi=NEW_TITLE, _move="published")
    assert response.status_code == 302
    assert Article.objects.get(pk=live.pk).title_vi == NEW_TITLE
    assert not PendingChange.objects.filter(article=live).exists()


def test_a_stale_form_is_refused_for_pending_edits_and_nothing_is_lost(act_as, live, people):
    first, second = Client(), Client()
    first.force_login(people["editor"])
    second.force_login(people["administrator"])
    form_one = change_form_data(first, live, title_vi="Sửa của người thứ nhất")
    form_two = change_form_data(second, live, title_vi="Sửa của người thứ hai")
    assert first.post(change_url(live), form_one).status_code == 302
    refused = second.post(change_url(live), form_two)
    assert refused.status_code == 200  # the form again, with what they typed and the conflict message
    assert form_data(refused.content, "article_form")["title_vi"] == "Sửa của người thứ hai"
    assert texts(refused.content, "ul", class_="errorlist")
    assert PendingChange.objects.get(article=live).values["title_vi"] == "Sửa của người thứ nhất"
    assert Article.objects.get(pk=live.pk).title_vi == live.title_vi


def test_previews_show_either_version(act_as, live):
    editor = act_as("editor")
    tag = Tag.objects.create(name_vi="Kế hoạch đầu tư", name_en="Investment planning")
    save_form(editor, live, title_vi=NEW_TITLE, tags=[str(tag.pk)])
    published = editor.get(change_url(live, "preview/")).content.decode()
    assert NEW_TITLE not in published and "Kế hoạch đầu tư" not in published
    changes = editor.get(change_url(live, "preview/") + "?version=pending").content.decode()
    assert NEW_TITLE in changes and "Kế hoạch đầu tư" in changes
    page = editor.get(change_url(live)).content.decode()
    assert f"/admin/news/article/{live.pk}/preview/?version=pending" in page


def test_no_revision_is_restored_over_waiting_changes(act_as, live):
    editor = act_as("editor")
    save_form(editor, live, _move="published")  # a revision to restore
    version = Version.objects.get_for_object(live).latest("pk")
    save_form(editor, live, title_vi=NEW_TITLE)
    response = editor.get(change_url(live, f"history/{version.pk}/"))
    assert response.status_code == 302 and response["Location"] == change_url(live)
    assert PendingChange.objects.get(article=live).values["title_vi"] == NEW_TITLE


def test_the_list_marks_articles_with_changes_waiting(act_as, live):
    editor = act_as("editor")
    save_form(editor, live, title_vi=NEW_TITLE)
    page = editor.get("/en/admin/news/article/").content
    # In the "on the public site" column: readers see it, and changes wait.
    assert texts(page, "td", class_="field-public_state") == ["yes; Draft of changes"]


def test_the_change_form_and_list_take_a_fixed_number_of_queries(act_as, make_article):
    editor = act_as("editor")

    def add(count):
        tags = [Tag.objects.create(name_vi=f"Thẻ {Tag.objects.count()}") for _n in range(count)]
        for _n in range(count):
            article = make_article(title_vi=f"Bài {Article.objects.count()}",
                                   published_at=timezone.now() - timedelta(hours=1))
            PendingChange.objects.create(article=article, values={
                "title_vi": f"{article.title_vi} (sửa)", "tags": list(Tag.objects.values_list("pk", flat=True))})
        return tags

    def queries():
        first = Article.objects.order_by("pk").first()
        counts = []
        for url in (change_url(first), "/admin/news/article/", change_url(first, "preview/") + "?version=pending"):
            with CaptureQueriesContext(connection) as captured:
                assert editor.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    add(1)
    queries()  # once, so that what a process keeps after its first request (content types...) is kept
    with_one = queries()
    add(29)
    assert queries() == with_one


def test_the_people_concerned_hear_of_the_changes_with_the_note(act_as, live, people, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    for role in ("writer", "editor"):
        people[role].email = f"{role}@mpi.gov.vn"
        people[role].save()
    with django_capture_on_commit_callbacks(execute=True):
        save_form(act_as("writer"), live, title_vi=NEW_TITLE)
        act_as("writer").post(change_url(live, "changes/submit/"), {"note": "Nhờ anh duyệt"})
    assert [(mail.to, "Nhờ anh duyệt" in mail.body) for mail in mailoutbox] == [(["editor@mpi.gov.vn"], True)]
    with django_capture_on_commit_callbacks(execute=True):
        act_as("editor").post(change_url(live, "changes/publish/"), {"note": "Đã đăng"})
    assert [mail.to for mail in mailoutbox[1:]] == [["writer@mpi.gov.vn"]]
    assert "Đã đăng" in mailoutbox[1].body
