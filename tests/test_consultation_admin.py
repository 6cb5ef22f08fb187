"""Drafts for comment and their comments in the Vietnamese admin (consultation/admin/): the draft form (tabs, files
checked by content, the period), moves refused on the server whatever the form posts, the report for editors, the
list's filters and columns, revisions; comment moderation and handling, the staff-only attachment, query counts.
The exports are in tests/test_consultation_exports.py; every URL × role is in tests/test_permission_matrix.py."""
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reversion.models import Version

from consultation.models import Comment, Draft, DraftFile
from tests.factories import local_parts
from tests.pages import elements, form_data, texts

S = Draft.Status
M, D = Comment.Moderation, Comment.Disposition
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DRAFTS = "/admin/consultation/draft/"
COMMENTS = "/admin/consultation/comment/"


@pytest.fixture
def signed_in(client, people):
    def sign_in(role):
        client.force_login(people[role])
        return client

    return sign_in


def new_draft_form(client, **changes):
    """The add form as the page shows it, filled in as a writer would: a title, a summary, the period, one file."""
    data = form_data(client.get(DRAFTS + "add/").content, "draft_form")
    opens, closes = timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=61)
    data.update({
        "title_vi": "Dự thảo Nghị định về đấu thầu qua mạng", "summary_vi": "Quy định việc đấu thầu qua mạng.",
        "document_type": "nghi-dinh",
        "opens_at_0": local_parts(opens)[0], "opens_at_1": local_parts(opens)[1],
        "closes_at_0": local_parts(closes)[0], "closes_at_1": local_parts(closes)[1],
        "files-TOTAL_FORMS": "1", "files-0-kind": "draft", "files-0-title_vi": "Dự thảo Nghị định",
        "files-0-position": "0", "files-0-file": SimpleUploadedFile("du-thao.pdf", PDF),
    })
    data.update(changes)
    return data


def change_form(client, draft, **changes):
    page = client.get(f"{DRAFTS}{draft.pk}/change/")
    assert page.status_code == 200
    return {**form_data(page.content, "draft_form"), **changes}


def errors(response):
    return " ".join(texts(response.content, "ul", class_="errorlist"))


# --- the draft form ----------------------------------------------------------------------------------------------

def test_a_writer_adds_a_draft_with_its_file_and_is_its_author(signed_in, people):
    client = signed_in("writer")
    response = client.post(DRAFTS + "add/", new_draft_form(client))
    assert response.status_code == 302, errors(response)
    draft = Draft.objects.get()
    assert (draft.author, draft.status) == (people["writer"], S.DRAFT)
    assert draft.slug == "du-thao-nghi-dinh-ve-dau-thau-qua-mang"
    item = draft.files.get()
    assert (item.original_name, item.size, item.title_vi) == ("du-thao.pdf", len(PDF), "Dự thảo Nghị định")
    # The form names the file by the name it was sent under, linking to the staff download (not /media/).
    page = client.get(f"{DRAFTS}{draft.pk}/change/").content.decode()
    link = [a for a in elements(page, "a") if a.text == "du-thao.pdf"][0]
    assert link.attrs["href"] == f"{DRAFTS}{draft.pk}/files/{item.pk}/"
    assert "/media/consultation" not in page
    download = client.get(link.attrs["href"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith('attachment; filename="du-thao.pdf"')
    assert version_count(draft) == 1  # a revision per admin save (django-reversion)


def version_count(obj):
    return Version.objects.get_for_object(obj).count()


def test_the_form_is_tabbed_by_language(signed_in):
    page = signed_in("writer").get(DRAFTS + "add/").content.decode()
    names = {e.attrs.get("name") for e in elements(page) if e.tag in ("input", "textarea")}
    assert {"title_vi", "title_en", "summary_vi", "summary_en"} <= names
    assert "modeltranslation" in page  # the tabs' script and styles


def test_a_period_closing_before_it_opens_is_refused_in_vietnamese_and_nothing_typed_is_lost(signed_in):
    client = signed_in("writer")
    data = new_draft_form(client)
    data["closes_at_0"], data["closes_at_1"] = data["opens_at_0"], data["opens_at_1"]
    response = client.post(DRAFTS + "add/", data)
    assert response.status_code == 200
    assert "Thời gian lấy ý kiến phải kết thúc sau khi bắt đầu." in errors(response)
    assert form_data(response.content, "draft_form")["title_vi"] == "Dự thảo Nghị định về đấu thầu qua mạng"
    assert not Draft.objects.exists() and not DraftFile.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(signed_in):
    client = signed_in("writer")
    response = client.post(DRAFTS + "add/", new_draft_form(client, **{
        "files-0-file": SimpleUploadedFile("du-thao.pdf", b"MZ\x90\x00 not a pdf at all")}))
    assert response.status_code == 200 and errors(response)
    assert not Draft.objects.exists()


def test_a_writer_is_offered_only_their_moves(signed_in, make_consultation_draft, people):
    draft = make_consultation_draft(author=people["writer"])
    page = signed_in("writer").get(f"{DRAFTS}{draft.pk}/change/").content.decode()
    status_field = page.split('id="id_status"', 1)[1].split("</select>", 1)[0]
    assert [e.attrs["value"] for e in elements(status_field, "option")] == [S.DRAFT, S.REVIEW]
    assert [e.attrs["value"] for e in elements(page, "button", name="_move")] == [S.REVIEW]


# --- moves refused on the server ---------------------------------------------------------------------------------

def test_a_writer_cannot_publish_by_forging_the_form(signed_in, make_consultation_draft, people):
    client = signed_in("writer")
    assert client.post(DRAFTS + "add/", new_draft_form(client, status="published")).status_code == 403
    assert not Draft.objects.exists()
    draft = make_consultation_draft(author=people["writer"], status=S.REVIEW)
    for forged in ({"status": "published"}, {"_move": "published"}, {"status": "archived"}):
        response = client.post(f"{DRAFTS}{draft.pk}/change/", change_form(client, draft, **forged))
        assert response.status_code == 403, forged
    assert Draft.objects.get(pk=draft.pk).status == S.REVIEW
    response = client.post(DRAFTS, {"action": "publish", "_selected_action": [draft.pk]})
    assert response.status_code == 403
    assert Draft.objects.get(pk=draft.pk).status == S.REVIEW


def test_the_writer_submits_with_the_button_and_the_editor_publishes_now(signed_in, make_consultation_draft,
                                                                          people, clock):
    draft = make_consultation_draft(author=people["writer"])
    client = signed_in("writer")
    response = client.post(f"{DRAFTS}{draft.pk}/change/", change_form(client, draft, _move="review"))
    assert response.status_code == 302 and Draft.objects.get(pk=draft.pk).status == S.REVIEW
    client = signed_in("editor")
    response = client.post(f"{DRAFTS}{draft.pk}/change/", change_form(client, Draft.objects.get(pk=draft.pk),
                                                                      _move="published"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (S.PUBLISHED, timezone.now())  # no time chosen: now
    assert Draft.objects.published("vi").filter(pk=draft.pk).exists()
    # Once live it is the editors': the writer may read it, not change it, nor move it.
    client = signed_in("writer")
    page = client.get(f"{DRAFTS}{draft.pk}/change/")
    assert page.status_code == 200 and not elements(page.content, "button", name="_move")
    assert client.post(f"{DRAFTS}{draft.pk}/change/", {"title_vi": "Sửa"}).status_code == 403


def test_the_editor_unpublishes_by_action(signed_in, make_consultation_draft):
    draft = make_consultation_draft(status=S.PUBLISHED)
    response = signed_in("editor").post(DRAFTS, {"action": "unpublish", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    assert Draft.objects.get(pk=draft.pk).status == S.ARCHIVED
    assert not Draft.objects.published("vi").filter(pk=draft.pk).exists()


# --- the report: the editors' ----------------------------------------------------------------------------------

def test_the_report_is_the_editors_a_writers_forged_report_is_ignored(signed_in, make_consultation_draft, people):
    draft = make_consultation_draft(author=people["writer"])
    client = signed_in("writer")
    page = client.get(f"{DRAFTS}{draft.pk}/change/").content
    assert not elements(page, "textarea", name="report_vi")
    data = change_form(client, draft, title_vi="Tiêu đề mới", report_vi="<p>Báo cáo giả</p>", publish_report="on")
    assert client.post(f"{DRAFTS}{draft.pk}/change/", data).status_code == 302
    draft.refresh_from_db()
    assert (draft.title_vi, draft.report_vi or "", draft.publish_report) == ("Tiêu đề mới", "", False)

    client = signed_in("editor")
    data = change_form(client, draft, report_vi='<p onclick="x()">Đã tiếp thu <script>1</script>5 góp ý.</p>',
                       publish_report="on")
    assert client.post(f"{DRAFTS}{draft.pk}/change/", data).status_code == 302
    draft.refresh_from_db()
    assert draft.publish_report and draft.report_vi == "<p>Đã tiếp thu 5 góp ý.</p>"  # cleaned on save


# --- the list ----------------------------------------------------------------------------------------------------

def test_the_list_filters_by_period_and_shows_days_left_and_comments_waiting(
        signed_in, make_consultation_draft, make_consultation_comment, clock):
    now = timezone.now()
    upcoming = make_consultation_draft(title_vi="Dự thảo sắp mở", opens_at=now + timedelta(days=2),
                                       closes_at=now + timedelta(days=40))
    open_ = make_consultation_draft(title_vi="Dự thảo đang mở", closes_at=now + timedelta(days=9, hours=1))
    closed = make_consultation_draft(title_vi="Dự thảo đã đóng", opens_at=now - timedelta(days=60),
                                     closes_at=now - timedelta(days=1))
    for moderation in (M.PENDING, M.PENDING, M.APPROVED):
        make_consultation_comment(open_, moderation=moderation)
    client = signed_in("editor")
    for period, draft in (("upcoming", upcoming), ("open", open_), ("closed", closed)):
        page = client.get(DRAFTS, {"period": period}).content
        assert texts(page, "th", class_="field-title") == [draft.title_vi], period
    page = client.get(DRAFTS, {"period": "open"}).content
    assert texts(page, "td", class_="field-days_left") == ["10"]
    waiting = elements(page, "td", class_="field-waiting_queue")[0]
    assert waiting.text == "2"
    queue = [a for a in elements(page, "a") if a.text == "2"][0].attrs["href"]
    assert queue == f"{COMMENTS}?draft__id__exact={open_.pk}&moderation__exact=pending"


def test_a_writer_lists_only_their_drafts_and_no_link_to_comments(signed_in, make_consultation_draft,
                                                                  make_consultation_comment, people):
    own = make_consultation_draft(title_vi="Dự thảo của tôi", author=people["writer"])
    make_consultation_draft(title_vi="Dự thảo của người khác", author=people["other_writer"])
    make_consultation_comment(own)
    page = signed_in("writer").get(DRAFTS).content.decode()
    assert texts(page, "th", class_="field-title") == ["Dự thảo của tôi"]
    assert texts(page, "td", class_="field-waiting") == ["1"]
    assert COMMENTS not in page


# --- revisions --------------------------------------------------------------------------------------------------

def test_a_writer_cannot_restore_a_revision_of_a_live_draft(signed_in, make_consultation_draft, people):
    draft = make_consultation_draft(author=people["writer"])
    client = signed_in("writer")
    assert client.post(f"{DRAFTS}{draft.pk}/change/", change_form(client, draft, title_vi="Bản một")).status_code == 302
    version = Version.objects.get_for_object(draft).latest("pk")
    Draft.objects.filter(pk=draft.pk).update(status=S.PUBLISHED, published_at=timezone.now(), title_vi="Bản đăng")
    assert client.get(f"{DRAFTS}{draft.pk}/history/").status_code == 200
    response = client.post(f"{DRAFTS}{draft.pk}/history/{version.pk}/", {})
    assert response.status_code == 403
    assert Draft.objects.get(pk=draft.pk).title_vi == "Bản đăng"


def test_restoring_a_revision_keeps_the_state(signed_in, make_consultation_draft):
    draft = make_consultation_draft()
    client = signed_in("editor")
    assert client.post(f"{DRAFTS}{draft.pk}/change/", change_form(client, draft, title_vi="Bản cũ")).status_code == 302
    old = Version.objects.get_for_object(draft).latest("pk")
    Draft.objects.filter(pk=draft.pk).update(status=S.PUBLISHED, published_at=timezone.now(), title_vi="Bản mới")
    page = client.get(f"{DRAFTS}{draft.pk}/history/{old.pk}/")
    assert page.status_code == 200
    data = form_data(page.content, "draft_form")
    assert client.post(f"{DRAFTS}{draft.pk}/history/{old.pk}/", data).status_code == 302
    draft.refresh_from_db()
    assert (draft.title_vi, draft.status) == ("Bản cũ", S.PUBLISHED)


def test_a_writer_cannot_bring_back_the_report_by_restoring_a_revision(signed_in, make_consultation_draft, people):
    draft = make_consultation_draft(author=people["writer"])
    client = signed_in("editor")
    data = change_form(client, draft, report_vi="<p>Báo cáo bị bỏ</p>", publish_report="on")
    assert client.post(f"{DRAFTS}{draft.pk}/change/", data).status_code == 302
    with_report = Version.objects.get_for_object(draft).latest("pk")
    data = change_form(client, draft, report_vi="")
    data.pop("publish_report", None)
    assert client.post(f"{DRAFTS}{draft.pk}/change/", data).status_code == 302

    client = signed_in("writer")
    response = client.post(f"{DRAFTS}{draft.pk}/history/{with_report.pk}/", change_form(client, draft))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.report_vi or "", draft.publish_report) == ("", False)
    # A revision with the report as it is now is the writer's to restore.
    data = change_form(client, draft, title_vi="Bản của phóng viên")
    assert client.post(f"{DRAFTS}{draft.pk}/change/", data).status_code == 302
    own = Version.objects.get_for_object(draft).latest("pk")
    Draft.objects.filter(pk=draft.pk).update(title_vi="Bản sau")
    restore = f"{DRAFTS}{draft.pk}/history/{own.pk}/"
    assert client.post(restore, form_data(client.get(restore).content, "draft_form")).status_code == 302
    assert Draft.objects.get(pk=draft.pk).title_vi == "Bản của phóng viên"


# --- comments: moderation and handling ------------------------------------------------------------------------------

@pytest.fixture
def commented(make_consultation_draft, make_consultation_comment):
    draft = make_consultation_draft(status=S.PUBLISHED)
    return draft, [
        make_consultation_comment(draft, name="Trần Thị Bình", body="Góp ý thứ nhất"),
        make_consultation_comment(draft, name="Lê Văn Cường", body="Mua thuốc giá rẻ tại đây"),
        make_consultation_comment(draft, name="Phạm Dũng", article_ref="Điều 7", body="Góp ý về Điều 7"),
    ]


def test_writers_never_see_comments_nor_who_sent_them(signed_in, commented):
    draft, comments = commented
    client = signed_in("writer")
    assert client.get(COMMENTS).status_code == 403
    assert client.get(f"{COMMENTS}{comments[0].pk}/change/").status_code == 403
    assert client.get(f"{COMMENTS}export/csv/").status_code == 403
    assert "Trần Thị Bình" not in client.get("/admin/").content.decode()


def test_the_moderation_queue_approves_rejects_and_marks_handling(signed_in, commented, people, clock):
    draft, (first, spam, third) = commented
    client = signed_in("editor")
    Comment.objects.filter(pk=third.pk).update(moderation=M.APPROVED)
    page = client.get(COMMENTS, {"moderation__exact": "pending"}).content
    assert texts(page, "td", class_="field-excerpt") == ["Góp ý thứ nhất", "Mua thuốc giá rẻ tại đây"]
    assert client.post(COMMENTS, {"action": "approve", "_selected_action": [first.pk]}).status_code == 302
    assert client.post(COMMENTS, {"action": "reject", "_selected_action": [spam.pk]}).status_code == 302
    client.post(COMMENTS, {"action": "mark_explained", "_selected_action": [first.pk, spam.pk]})
    first.refresh_from_db(), spam.refresh_from_db()
    assert (first.moderation, first.disposition, first.handled_by) == (M.APPROVED, D.EXPLAINED, people["editor"])
    assert (spam.moderation, spam.disposition) == (M.REJECTED, D.NONE)  # refused, with a warning
    assert client.get(COMMENTS, {"moderation__exact": "pending"}).content.count(b"field-excerpt") == 0


def test_the_change_form_sets_handling_and_answer_and_keeps_personal_data_read_only(signed_in, commented, people,
                                                                                   clock):
    _draft, (first, *_rest) = commented
    client = signed_in("editor")
    url = f"{COMMENTS}{first.pk}/change/"
    page = client.get(url).content.decode()
    assert "Trần Thị Bình" in page and not elements(page, "input", name="name")
    data = {**form_data(page, "comment_form"), "disposition": "accepted", "response": "Đã tiếp thu tại khoản 2.",
            "name": "Tên giả", "body": "Nội dung giả"}
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert (first.moderation, first.disposition, first.response) == (M.APPROVED, D.ACCEPTED, "Đã tiếp thu tại khoản 2.")
    assert (first.name, first.body) == ("Trần Thị Bình", "Góp ý thứ nhất")
    assert first.handled_by == people["editor"] and first.handled_at == timezone.now()


def test_a_rejected_comment_cannot_be_marked_handled_in_the_form(signed_in, commented):
    _draft, (first, *_rest) = commented
    client = signed_in("editor")
    url = f"{COMMENTS}{first.pk}/change/"
    data = {**form_data(client.get(url).content, "comment_form"), "moderation": "rejected", "disposition": "accepted"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Góp ý đã bị từ chối (thư rác, lạm dụng) thì không xử lý: hãy duyệt nó trước." in errors(response)
    assert Comment.objects.get(pk=first.pk).disposition == D.NONE


def test_a_comment_is_shown_as_text_never_html(signed_in, make_consultation_draft, make_consultation_comment):
    comment = make_consultation_comment(make_consultation_draft(), body='<img src=x onerror="alert(1)"> xin chào')
    client = signed_in("editor")
    for url in (COMMENTS, f"{COMMENTS}{comment.pk}/change/"):
        page = client.get(url).content.decode()
        assert "<img src=x" not in page and "&lt;img src=x" in page


def test_filters_by_draft_article_and_search(signed_in, commented, make_consultation_draft, make_consultation_comment):
    draft, _comments = commented
    other = make_consultation_draft(title_vi="Dự thảo khác")
    make_consultation_comment(other, article_ref="Điều 7", body="Ở dự thảo khác")
    client = signed_in("editor")
    page = client.get(COMMENTS, {"draft__id__exact": draft.pk, "dieu": "Điều 7"}).content
    assert texts(page, "td", class_="field-excerpt") == ["Góp ý về Điều 7"]
    page = client.get(COMMENTS, {"q": "thuốc"}).content
    assert texts(page, "td", class_="field-excerpt") == ["Mua thuốc giá rẻ tại đây"]


def test_the_attachment_is_downloaded_through_a_staff_view_only(signed_in, make_consultation_draft,
                                                                make_consultation_comment, client):
    comment = make_consultation_comment(make_consultation_draft(),
                                        attachment=SimpleUploadedFile("y-kien.pdf", PDF))
    url = f"{COMMENTS}{comment.pk}/attachment/"
    page = signed_in("editor").get(f"{COMMENTS}{comment.pk}/change/").content.decode()
    assert [a.attrs["href"] for a in elements(page, "a") if a.text == "y-kien.pdf"] == [url]
    assert comment.attachment.name not in page  # the stored path (under /media/) is never shown
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert signed_in("writer").get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_nobody_adds_a_comment_in_the_admin(signed_in):
    assert signed_in("administrator").get(COMMENTS + "add/").status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_the_comment_list_costs_the_same_queries_for_1_or_30_comments(
        count, signed_in, make_consultation_draft, make_consultation_comment, django_assert_num_queries):
    draft = make_consultation_draft()
    for number in range(count):
        make_consultation_comment(draft, body=f"Góp ý số {number}", handled_by=None)
    client = signed_in("editor")
    client.get(COMMENTS)  # the session, the permissions cached
    with django_assert_num_queries(QUERIES_OF_THE_COMMENT_LIST):
        response = client.get(COMMENTS)
    assert response.content.count(b'class="field-excerpt"') == count


# Session, user, groups' permissions, the count, the page, the filters' choices (drafts, articles): the same for
# 1 comment and for a full page.
QUERIES_OF_THE_COMMENT_LIST = 9


def test_the_editor_schedules_by_giving_a_time_to_come(signed_in, make_consultation_draft, clock):
    draft = make_consultation_draft(status=S.REVIEW)
    client = signed_in("editor")
    later = (timezone.now() + timedelta(days=3)).replace(second=0)
    day, time = local_parts(later)
    data = change_form(client, draft, _move="published", published_at_0=day, published_at_1=time)
    response = client.post(f"{DRAFTS}{draft.pk}/change/", data, follow=True)
    assert f"dự thảo sẽ lên trang lúc {time} {day}" in " ".join(texts(response.content, "li", class_="success"))
    assert not Draft.objects.published("vi").filter(pk=draft.pk).exists()
    clock.travel(later)
    assert Draft.objects.published("vi").filter(pk=draft.pk).exists()


def test_the_list_filters_by_drafting_unit(signed_in, make_consultation_draft):
    from news.models import Organization

    unit = Organization.objects.create(name_vi="Vụ Quản lý đấu thầu", slug="vu-quan-ly-dau-thau")
    make_consultation_draft(title_vi="Dự thảo của Vụ", drafting_unit=unit)
    make_consultation_draft(title_vi="Dự thảo khác")
    page = signed_in("editor").get(DRAFTS, {"drafting_unit__id__exact": unit.pk}).content
    assert texts(page, "th", class_="field-title") == ["Dự thảo của Vụ"]
    assert "Vụ Quản lý đấu thầu" in texts(page, "nav", id="changelist-filter")[0]


def test_the_report_file_is_downloaded_under_the_drafts_name(signed_in, make_consultation_draft):
    draft = make_consultation_draft(slug="du-thao-a", report_file=SimpleUploadedFile("bc.pdf", PDF))
    response = signed_in("editor").get(f"{DRAFTS}{draft.pk}/files/report/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert 'filename="bao-cao-du-thao-a.pdf"' in response["Content-Disposition"]
    assert signed_in("writer").get(f"{DRAFTS}{draft.pk}/files/report/").status_code == 404  # not their draft
