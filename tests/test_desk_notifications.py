"""E-mail of the newsroom (desk/notifications.py): who is told of what, never of their own change, in Vietnamese,
with the note and a link to the article; NEWSROOM_EMAILS off sends nothing; a move rolled back tells nobody."""
import pytest
from django.core import mail
from django.db import transaction

from desk.notifications import notify
from news import workflow
from news.models import Article

S = Article.Status


@pytest.fixture
def newsroom(make_staff):
    """A writer, two editors, an administrator (all with e-mail), an editor without one and an inactive editor."""
    return {
        "writer": make_staff("writer", "phongvien", email="phongvien@example.org"),
        "editor": make_staff("editor", "bientap1", email="bientap1@example.org"),
        "editor2": make_staff("editor", "bientap2", email="bientap2@example.org"),
        "admin": make_staff("superuser", "quantri", email="quantri@example.org"),
        "no_mail": make_staff("editor", "khongthu"),
        "gone": make_staff("editor", "danghi", email="danghi@example.org", is_active=False),
        "other_writer": make_staff("writer", "phongvien2", email="phongvien2@example.org"),
    }


@pytest.fixture
def draft(make_article, newsroom):
    return make_article(title_vi="Hội nghị Đảng bộ Khối", status=S.DRAFT, published_at=None,
                        author=newsroom["writer"])


def move(committed, article, target, user, note=""):
    committed(lambda: workflow.transition(article, target, user, note=note))


def addressees():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submission_tells_every_editor_with_an_address_but_not_the_writer(committed, draft, newsroom):
    move(committed, draft, S.REVIEW, newsroom["writer"], note="Nhờ anh xem lại đoạn cuối")
    assert addressees() == ["bientap1@example.org", "bientap2@example.org", "quantri@example.org"]
    message = mail.outbox[0]
    assert "Hội nghị Đảng bộ Khối" in message.subject
    assert "Nhờ anh xem lại đoạn cuối" in message.body
    assert f"/admin/news/article/{draft.pk}/change/" in message.body
    assert message.subject.startswith("Chờ duyệt")  # the site's language, whoever made the move


def test_an_editor_submitting_is_not_told_of_it(committed, draft, newsroom):
    move(committed, draft, S.REVIEW, newsroom["editor"])
    assert "bientap1@example.org" not in addressees()
    assert addressees() == ["bientap2@example.org", "quantri@example.org"]  # the author is told nothing either


def test_sent_back_published_and_unpublished_go_to_the_author_alone(committed, draft, newsroom):
    move(committed, draft, S.REVIEW, newsroom["writer"])
    mail.outbox.clear()
    move(committed, draft, S.DRAFT, newsroom["editor"], note="Thiếu nguồn trích dẫn")
    assert addressees() == ["phongvien@example.org"]
    assert "Thiếu nguồn trích dẫn" in mail.outbox[0].body
    mail.outbox.clear()
    move(committed, draft, S.PUBLISHED, newsroom["editor"], note="Đã đăng")
    assert addressees() == ["phongvien@example.org"] and "Đã đăng" in mail.outbox[0].body
    mail.outbox.clear()
    move(committed, draft, S.ARCHIVED, newsroom["editor"], note="Gỡ theo yêu cầu")
    assert addressees() == ["phongvien@example.org"] and "Gỡ theo yêu cầu" in mail.outbox[0].body
    mail.outbox.clear()
    # Reopening the unpublished article as a draft sends nothing back to anyone: no "sent back to you" mail.
    move(committed, draft, S.DRAFT, newsroom["editor"])
    assert addressees() == []


def test_a_writer_withdrawing_their_own_article_tells_nobody(committed, draft, newsroom):
    move(committed, draft, S.REVIEW, newsroom["writer"])
    mail.outbox.clear()
    move(committed, draft, S.DRAFT, newsroom["writer"])
    assert mail.outbox == []


def test_an_editor_publishing_their_own_article_tells_nobody(committed, make_article, newsroom):
    article = make_article(status=S.DRAFT, published_at=None, author=newsroom["editor"])
    move(committed, article, S.PUBLISHED, newsroom["editor"])
    assert mail.outbox == []


def test_scheduling_tells_the_author_when(committed, draft, newsroom, clock):
    from datetime import timedelta

    from django.utils import timezone

    draft.published_at = timezone.now() + timedelta(days=2)
    draft.save()
    move(committed, draft, S.PUBLISHED, newsroom["editor"])
    [message] = mail.outbox
    assert message.to == ["phongvien@example.org"]
    assert message.subject.startswith("Hẹn đăng")
    assert timezone.localtime(draft.published_at).strftime("%H:%M %d/%m/%Y") in message.body


def test_the_setting_turns_it_off(committed, draft, newsroom, settings):
    settings.NEWSROOM_EMAILS = False
    move(committed, draft, S.REVIEW, newsroom["writer"], note="ghi chú")
    assert mail.outbox == []


def test_a_move_rolled_back_tells_nobody(draft, newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                workflow.transition(draft, S.REVIEW, newsroom["writer"])
                raise RuntimeError("the request failed later")
        except RuntimeError:
            pass
    assert mail.outbox == []


def test_the_admins_placeholder_note_is_not_sent_as_a_note(committed, draft, newsroom):
    # Saving the form with a new state and no note typed records "saved in the form" (news/admin/workflow.py).
    committed(lambda: workflow.record(draft, S.DRAFT, S.REVIEW, newsroom["writer"], note="saved in the form"))
    assert mail.outbox and all("Ghi chú" not in message.body for message in mail.outbox)


def test_a_submission_through_the_admin_form_with_a_note(client, draft, newsroom, django_capture_on_commit_callbacks):
    client.force_login(newsroom["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/news/article/{draft.pk}/transition/review/", {"note": "Bài đã sửa xong"})
    assert response.status_code == 302
    assert addressees() == ["bientap1@example.org", "bientap2@example.org", "quantri@example.org"]
    assert all("Bài đã sửa xong" in message.body for message in mail.outbox)


@pytest.mark.parametrize("event, told", [
    ("changes_submitted", ["bientap2@example.org", "quantri@example.org"]),
    ("changes_published", ["phongvien@example.org"]),
    ("changes_sent_back", ["phongvien@example.org"]),
])
def test_pending_changes_events(committed, make_article, newsroom, event, told):
    live = make_article(title_vi="Bài đang đăng", author=newsroom["writer"])
    committed(lambda: notify(event, live, newsroom["editor"], note="Sửa số liệu"))
    assert addressees() == told
    assert all("Sửa số liệu" in message.body and "Bài đang đăng" in message.subject for message in mail.outbox)


def test_pending_changes_go_to_whoever_made_them_when_named(committed, make_article, newsroom):
    live = make_article(title_vi="Bài đang đăng", author=newsroom["writer"])
    committed(lambda: notify("changes_sent_back", live, newsroom["editor"], author=newsroom["other_writer"]))
    assert addressees() == ["phongvien2@example.org"]


def test_an_unknown_event_is_a_programming_error(draft, newsroom):
    with pytest.raises(ValueError):
        notify("nothing", draft, newsroom["editor"])
