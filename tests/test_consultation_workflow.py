"""Who may see, edit, move and delete drafts for comment, and who sees and handles the comments
(consultation/workflow.py): the roles' rules as the newsroom's, read from what each group grants."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from consultation import workflow
from consultation.models import Comment, Draft
from news.templatetags.portal import portal_datetime

S = Draft.Status
M, D = Comment.Moderation, Comment.Disposition


@pytest.fixture
def writers_draft(make_consultation_draft, people):
    def make(status=S.DRAFT, **fields):
        return make_consultation_draft(status=status, author=people["writer"], **fields)

    return make


@pytest.mark.parametrize("status, writer, other, editor", [
    (S.DRAFT, True, False, True),
    (S.REVIEW, True, False, True),
    (S.PUBLISHED, False, False, True),
    (S.ARCHIVED, False, False, True),
])
def test_who_edits_a_writers_draft_in_each_state(writers_draft, people, status, writer, other, editor):
    draft = writers_draft(status)
    assert workflow.can_edit(people["writer"], draft) is writer
    assert workflow.can_edit(people["other_writer"], draft) is other
    assert workflow.can_edit(people["editor"], draft) is editor
    assert workflow.can_edit(people["administrator"], draft)
    assert not workflow.can_edit(people["no_group"], draft)


def test_a_writer_sees_only_their_own_drafts_an_editor_all(writers_draft, make_consultation_draft, people):
    own = writers_draft()
    theirs = make_consultation_draft(title_vi="Dự thảo của người khác", author=people["other_writer"])
    assert list(workflow.visible_drafts(people["writer"], Draft.objects.all())) == [own]
    assert set(workflow.visible_drafts(people["editor"], Draft.objects.all())) == {own, theirs}
    assert not workflow.can_view(people["writer"], theirs)


def test_the_writer_submits_and_withdraws_but_only_an_editor_publishes(writers_draft, people):
    draft = writers_draft()
    writer, editor = people["writer"], people["editor"]
    assert [m.target for m in workflow.allowed_transitions(writer, draft)] == [S.REVIEW]
    with pytest.raises(PermissionDenied):
        workflow.transition(draft, S.PUBLISHED, writer)
    workflow.transition(draft, S.REVIEW, writer)
    assert Draft.objects.get(pk=draft.pk).status == S.REVIEW
    back = workflow.find(S.REVIEW, S.DRAFT)
    with translation.override("en"):
        assert str(workflow.label(writer, back, draft)) == "Withdraw from review"
        assert str(workflow.label(editor, back, draft)) == "Send back to draft"
    workflow.transition(draft, S.PUBLISHED, editor)
    stored = Draft.objects.get(pk=draft.pk)
    assert stored.status == S.PUBLISHED and stored.published_at is not None
    assert workflow.form_statuses(writer, stored) == {S.PUBLISHED}  # once live, no move is the writer's


def test_publishing_at_a_chosen_time_schedules_and_says_when(writers_draft, people, clock):
    later = timezone.now() + timedelta(days=2)
    draft = writers_draft(S.REVIEW, published_at=later)
    workflow.transition(draft, S.PUBLISHED, people["editor"])
    assert draft.published_at == later
    with translation.override("en"):
        assert str(workflow.public_state(draft)) == f"scheduled for {portal_datetime(later)}"
    assert not Draft.objects.published("vi").filter(pk=draft.pk).exists()
    clock.travel(later)
    assert Draft.objects.published("vi").filter(pk=draft.pk).exists()


def test_a_move_already_made_is_refused_and_changes_nothing(writers_draft, people):
    draft = writers_draft(S.REVIEW)
    with pytest.raises(ValidationError):
        workflow.transition(draft, S.REVIEW, people["writer"])


def test_deleting_a_draft_with_comments_is_an_administrators_act(writers_draft, make_consultation_comment, people):
    draft = writers_draft()
    assert not workflow.can_delete(people["writer"], draft)  # writers do not delete drafts at all
    assert workflow.can_delete(people["editor"], draft)
    make_consultation_comment(draft)
    assert not workflow.can_delete(people["editor"], draft)  # it would delete what people sent
    assert workflow.can_delete(people["administrator"], draft)


def test_only_editors_and_administrators_see_or_handle_comments(people):
    assert not workflow.may_see_comments(people["writer"])
    assert not workflow.may_see_comments(people["no_group"])
    assert workflow.may_see_comments(people["editor"]) and workflow.may_handle_comments(people["editor"])
    assert workflow.may_handle_comments(people["administrator"])
    assert not workflow.can_edit_report(people["writer"], None)
    assert workflow.can_edit_report(people["editor"], None)


def test_handling_a_waiting_comment_approves_it_and_records_who_and_when(
        writers_draft, make_consultation_comment, people, clock):
    comment = make_consultation_comment(writers_draft(S.PUBLISHED))
    assert workflow.handle(comment, people["editor"], disposition=D.ACCEPTED, response="Đã tiếp thu tại Điều 5.")
    stored = Comment.objects.get(pk=comment.pk)
    assert (stored.moderation, stored.disposition) == (M.APPROVED, D.ACCEPTED)
    assert stored.handled_by == people["editor"] and stored.handled_at == timezone.now()
    assert not workflow.handle(stored, people["editor"], disposition=D.ACCEPTED)  # nothing changed: no new stamp


def test_a_rejected_comment_is_not_handled(writers_draft, make_consultation_comment, people):
    comment = make_consultation_comment(writers_draft(S.PUBLISHED), moderation=M.REJECTED)
    with pytest.raises(ValidationError):
        workflow.handle(comment, people["editor"], disposition=D.EXPLAINED)
    assert Comment.objects.get(pk=comment.pk).disposition == D.NONE
