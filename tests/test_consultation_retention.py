"""Commenters' personal data is erased CONSULTATION_PERSONAL_DATA_DAYS after the period closes (13/2023/NĐ-CP), by
``manage.py erase_commenter_data``: name, contact, organisation, address hash and the attached file go; the comment,
its Điều and how it was handled stay. Time is moved with the clock."""
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from consultation.models import Comment, Draft

pytestmark = pytest.mark.django_db

DAYS = 30


@pytest.fixture(autouse=True)
def retention(settings):
    settings.CONSULTATION_PERSONAL_DATA_DAYS = DAYS


def erase():
    out = io.StringIO()
    call_command("erase_commenter_data", stdout=out)
    return out.getvalue()


def pdf_file():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (255, 255, 255)).save(buffer, format="PDF")
    return ContentFile(buffer.getvalue(), name="Góp ý của Nguyễn Văn An.pdf")


@pytest.fixture
def closing(make_consultation_draft, make_consultation_comment, clock, media_root, staff):
    """A draft closing in an hour, with a handled comment carrying an attachment, and one on a draft still open."""
    now = timezone.now()
    draft = make_consultation_draft(status=Draft.Status.PUBLISHED, slug="sap-dong", closes_at=now + timedelta(hours=1))
    comment = make_consultation_comment(
        draft, attachment=pdf_file(), address_hash="a" * 64, disposition=Comment.Disposition.EXPLAINED,
        response="Ban soạn thảo đã giải trình.", handled_by=staff, handled_at=now, moderation="approved",
    )
    later = make_consultation_draft(status=Draft.Status.PUBLISHED, slug="con-mo", closes_at=now + timedelta(days=90))
    other = make_consultation_comment(later, address_hash="b" * 64)
    return draft, comment, other


def test_personal_data_is_erased_once_its_time_is_over_and_the_comment_stays(closing, clock, settings):
    draft, comment, other = closing
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / comment.attachment.name  # never under MEDIA_ROOT
    assert stored.is_file() and comment.attachment_name == "Góp ý của Nguyễn Văn An.pdf"

    # One second before the time is over: nothing erased.
    clock.travel(draft.closes_at + timedelta(days=DAYS) - timedelta(seconds=1))
    assert erase().strip() == "Erased the personal data of 0 comment(s)."
    comment.refresh_from_db()
    assert comment.name == "Nguyễn Văn An" and stored.is_file()

    clock.shift(2)
    assert erase().strip() == "Erased the personal data of 1 comment(s)."
    comment.refresh_from_db()
    assert (comment.name, comment.email, comment.phone, comment.organisation, comment.address_hash) == ("",) * 5
    assert not comment.attachment and comment.attachment_name == ""
    assert not stored.exists()
    assert comment.personal_data_erased_at == timezone.now()
    # What the report needs stays.
    assert comment.body == "Đề nghị làm rõ khái niệm nhà thầu." and comment.article_ref == "Điều 5"
    assert comment.disposition == Comment.Disposition.EXPLAINED
    assert comment.response == "Ban soạn thảo đã giải trình." and comment.handled_by is not None
    assert comment.moderation == "approved" and comment.submitted_at and comment.consent_at
    # The comment on the draft still open keeps everything.
    other.refresh_from_db()
    assert other.name == "Nguyễn Văn An" and other.address_hash == "b" * 64 and other.personal_data_erased_at is None


def test_running_it_again_erases_nothing_twice(closing, clock):
    draft, comment, _other = closing
    clock.travel(draft.closes_at + timedelta(days=DAYS + 1))
    assert "1 comment" in erase()
    comment.refresh_from_db()
    erased_at = comment.personal_data_erased_at
    clock.shift(3600)
    assert erase().strip() == "Erased the personal data of 0 comment(s)."
    comment.refresh_from_db()
    assert comment.personal_data_erased_at == erased_at


def test_a_missing_file_does_not_stop_the_erasure(closing, clock, settings):
    draft, comment, _other = closing
    (Path(settings.PRIVATE_MEDIA_ROOT) / comment.attachment.name).unlink()  # gone already (restored backup, manual clean-up)
    clock.travel(draft.closes_at + timedelta(days=DAYS + 1))
    assert "1 comment" in erase()
    comment.refresh_from_db()
    assert comment.personal_data_erased_at is not None and not comment.attachment


def test_deleting_a_comment_or_its_draft_deletes_the_attached_file(closing, client, people, settings,
                                                                  make_consultation_comment,
                                                                  django_capture_on_commit_callbacks):
    # A row deleted in the admin is out of erase_commenter_data's reach: its file must not stay behind, with no
    # end, in the private storage.
    draft, comment, _other = closing
    second = make_consultation_comment(draft, attachment=pdf_file())
    stored = [Path(settings.PRIVATE_MEDIA_ROOT) / item.attachment.name for item in (comment, second)]
    assert all(path.is_file() for path in stored)
    client.force_login(people["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/consultation/comment/{second.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Comment.objects.filter(pk=second.pk).exists()
    assert stored[0].is_file() and not stored[1].exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/consultation/draft/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Comment.objects.filter(pk=comment.pk).exists()
    assert not stored[0].exists()


def test_a_file_is_kept_when_the_deletion_is_rolled_back(closing, settings):
    from django.db import transaction

    _draft, comment, _other = closing
    stored, pk = Path(settings.PRIVATE_MEDIA_ROOT) / comment.attachment.name, comment.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        comment.delete()
        raise RuntimeError
    assert stored.is_file() and Comment.objects.filter(pk=pk).exists()
