"""The admin's start page for the newsroom (desk/dashboard.py): what waits for whom, for each role, in Vietnamese,
each block linking to the article list filtered the same way; a fixed number of queries whatever the data."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news import workflow
from news.models import Article, ArticleReference
from tests.pages import elements, texts

S = Article.Status


def block(response, key):
    """The block's heading, its items' text and its links, or None when the page does not show it."""
    html = response.content.decode()
    start = html.find(f'<section class="module desk-block" id="desk-{key}"')
    if start < 0:
        return None
    section = html[start:html.index("</section>", start)]
    return {
        "heading": " ".join(texts(section, "h2")),
        "items": [" ".join(text.split()) for text in texts(section, "li")],
        "links": [a.attrs["href"] for a in elements(section, "a")],
    }


def titles(response, key):
    return [item.split(" · ")[0] for item in block(response, key)["items"]]


@pytest.fixture
def submitted(writers_article, people):
    """Three articles of the writer submitted for review one after the other, the second with a note."""
    articles = []
    for number, note in enumerate(["", "Nhờ chị duyệt gấp", ""], 1):
        article = writers_article(title_vi=f"Bài chờ duyệt số {number}")
        workflow.transition(article, S.REVIEW, people["writer"], note=note)
        articles.append(article)
    return articles


def test_the_editor_sees_what_waits_for_review_oldest_first_with_the_writers_note(act_as, submitted):
    response = act_as("editor").get("/admin/")
    review = block(response, "review")
    assert review["heading"] == "Chờ duyệt"
    assert titles(response, "review") == ["Bài chờ duyệt số 1", "Bài chờ duyệt số 2", "Bài chờ duyệt số 3"]
    assert "Nhờ chị duyệt gấp" in review["items"][1]
    assert "Ghi chú của writer" in review["items"][1]
    assert reverse("admin:news_article_changelist") + "?public=review" in review["links"]
    # The list it links to shows the same articles.
    listed = texts(act_as("editor").get(review["links"][0]).content, "th", class_="field-title")
    assert sorted(listed) == sorted(titles(response, "review"))


def test_the_editor_sees_changes_to_live_articles_sent_for_review_with_the_note(act_as, make_article, people):
    from tests.pages import change_form_data

    live = make_article(title_vi="Bài đang đăng", author=people["writer"],
                        published_at=timezone.now() - timedelta(hours=1))
    writer = act_as("writer")
    url = f"/admin/news/article/{live.pk}/"
    assert writer.post(url + "change/", change_form_data(writer, live, title_vi="Bài đang đăng, sửa")).status_code == 302
    editor = act_as("editor")
    assert block(editor.get("/admin/"), "changes")["items"] == []  # a draft of changes is the writer's still
    assert writer.post(url + "changes/submit/", {"note": "Sửa số liệu"}).status_code == 302

    changes = block(editor.get("/admin/"), "changes")
    assert changes["heading"] == "Thay đổi của bài đang đăng chờ duyệt"
    assert len(changes["items"]) == 1 and changes["items"][0].startswith("Bài đang đăng ·")  # the live title
    assert "Sửa số liệu" in changes["items"][0]
    listed = texts(editor.get(changes["links"][0]).content, "th", class_="field-title")
    assert listed == ["Bài đang đăng"]
    assert block(act_as("writer").get("/admin/"), "changes") is None  # writers do not review

    # Sent back with a note: the writer's start page says so, with the note.
    assert editor.post(url + "changes/back/", {"note": "Ghi rõ nguồn"}).status_code == 302
    mine = block(act_as("writer").get("/admin/"), "my_changes")
    assert len(mine["items"]) == 1 and "bị trả lại cho bạn" in mine["items"][0] and "Ghi rõ nguồn" in mine["items"][0]


def test_the_waiting_order_is_the_time_of_submission_not_of_writing(act_as, writers_article, people, clock):
    early = writers_article(title_vi="Viết trước, gửi sau")
    late = writers_article(title_vi="Viết sau, gửi trước")
    workflow.transition(late, S.REVIEW, people["writer"])
    clock.shift(3600)
    workflow.transition(early, S.REVIEW, people["writer"])
    assert titles(act_as("editor").get("/admin/"), "review") == ["Viết sau, gửi trước", "Viết trước, gửi sau"]


def test_a_writer_sees_their_own_articles_and_what_was_sent_back_with_the_editors_note(act_as, submitted, people,
                                                                                     writers_article, make_article):
    workflow.transition(submitted[0], S.DRAFT, people["editor"], note="Cần bổ sung số liệu")
    make_article(title_vi="Bài nháp của người khác", status=S.DRAFT, published_at=None,
                 author=people["other_writer"])
    response = act_as("writer").get("/admin/")
    assert block(response, "review") is None  # a writer reviews nothing
    mine = block(response, "mine")
    assert mine["heading"] == "Bài của tôi"
    assert sorted(titles(response, "mine")) == ["Bài chờ duyệt số 1", "Bài chờ duyệt số 2", "Bài chờ duyệt số 3"]
    [sent_back] = [item for item in mine["items"] if item.startswith("Bài chờ duyệt số 1")]
    assert "bị trả lại cho bạn" in sent_back and "Cần bổ sung số liệu" in sent_back
    assert "Ghi chú của editor" in sent_back
    listed = texts(act_as("writer").get(mine["links"][0]).content, "th", class_="field-title")
    assert sorted(listed) == sorted(titles(response, "mine"))


def test_scheduled_with_times_and_recently_published(act_as, make_article, people, clock):
    soon = timezone.now() + timedelta(days=1)
    make_article(title_vi="Bài hẹn giờ", published_at=soon)
    make_article(title_vi="Bài đã đăng", published_at=timezone.now() - timedelta(hours=1))
    response = act_as("editor").get("/admin/")
    scheduled = block(response, "scheduled")
    assert scheduled["heading"] == "Hẹn đăng"
    [item] = scheduled["items"]
    assert item.startswith("Bài hẹn giờ") and timezone.localtime(soon).strftime("%H:%M %d/%m/%Y") in item
    assert titles(response, "recent") == ["Bài đã đăng"]
    assert block(response, "recent")["heading"] == "Mới đăng"
    for key, value in (("scheduled", "Bài hẹn giờ"), ("recent", "Bài đã đăng")):
        listed = texts(act_as("editor").get(block(response, key)["links"][0]).content, "th", class_="field-title")
        assert listed == [value]


def test_english_out_of_date_is_listed_and_counted(act_as, make_article):
    current = make_article(title_vi="Có tiếng Anh", title_en="Has English", body_en="<p>English.</p>")
    stale = make_article(title_vi="Tiếng Anh đã cũ", title_en="Stale English", body_en="<p>English.</p>")
    stale.body_vi = "<p>Nội dung mới hơn.</p>"
    stale.save()
    make_article(title_vi="Chưa dịch")
    response = act_as("editor").get("/admin/")
    english = block(response, "english")
    assert english["heading"] == "Tiếng Anh còn thiếu hoặc đã cũ"
    assert titles(response, "english") == ["Tiếng Anh đã cũ"]
    counts = texts(response.content, "p", class_="desk-counts")
    assert counts == ["Bản tiếng Anh đã cũ: 1 · Chưa có tiếng Anh: 1"]
    listed = texts(act_as("editor").get(english["links"][0]).content, "th", class_="field-title")
    assert listed == ["Tiếng Anh đã cũ"] and current.title_vi not in listed


def test_documents_missing_from_the_registry_by_number_with_counts(act_as, make_article):
    for number in range(3):
        make_article(title_vi=f"Bài trích {number}", body_vi="<p>Theo Chỉ thị số 99-CT/TW của Ban Bí thư.</p>")
    make_article(title_vi="Bài trích khác", body_vi="<p>Theo Quyết định số 77-QĐ/TW.</p>")
    assert ArticleReference.objects.filter(status=ArticleReference.Status.MISSING).count() == 4
    response = act_as("editor").get("/admin/")
    documents = block(response, "documents")
    assert documents["items"][0].startswith("99-CT/TW") and "3 bài" in documents["items"][0]
    assert documents["items"][1].startswith("77-QĐ/TW") and "1 bài" in documents["items"][1]
    listed = texts(act_as("editor").get(documents["links"][1]).content, "th", class_="field-title")
    assert sorted(listed) == ["Bài trích 0", "Bài trích 1", "Bài trích 2"]


def test_a_writer_sees_only_their_own_in_every_block(act_as, make_article, people):
    make_article(title_vi="Bài đã đăng của người khác", body_vi="<p>Chỉ thị số 98-CT/TW.</p>")
    mine = make_article(title_vi="Bài đã đăng của tôi", author=people["writer"])
    response = act_as("writer").get("/admin/")
    assert titles(response, "recent") == [mine.title_vi]
    assert block(response, "documents")["items"] == []


def test_only_on_the_start_page(act_as):
    assert block(act_as("editor").get("/admin/news/"), "recent") is None


def test_the_audit_link_is_still_there_for_administrators(act_as):
    response = act_as("administrator").get("/admin/")
    assert elements(response.content, "div", id="audit-module")
    assert block(response, "review") is not None


def test_staff_without_articles_get_no_dashboard(act_as):
    assert not elements(act_as("no_group").get("/admin/").content, "div", id="desk-dashboard")


def _many(make_article, people, numbers):
    now = timezone.now()
    for number in numbers:
        author = people["writer"]
        make_article(title_vi=f"Nháp {number}", status=S.DRAFT, published_at=None, author=author)
        article = make_article(title_vi=f"Chờ {number}", status=S.DRAFT, published_at=None, author=author)
        workflow.transition(article, S.REVIEW, author, note=f"ghi chú {number}")
        make_article(title_vi=f"Hẹn {number}", published_at=now + timedelta(days=1 + number))
        published = make_article(title_vi=f"Đăng {number}", published_at=now - timedelta(hours=1 + number),
                                 title_en=f"English {number}", body_en="<p>x</p>")
        published.body_vi = f"<p>Chỉ thị số {100 + number}-CT/TW.</p>"  # its English now out of date
        published.save()


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_a_fixed_number_of_queries_whatever_the_number_of_articles(act_as, make_article, people, role,
                                                                    django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = act_as(role)
    _many(make_article, people, range(1))
    client.get("/admin/")  # sessions and caches settle
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/")
    _many(make_article, people, range(1, 30))
    with django_assert_num_queries(len(one)):
        response = client.get("/admin/")
    # Every block is full (8 shown, "see all" for the rest): the count held with the blocks full, not empty.
    keys = ["review", "scheduled", "recent", "english", "documents"] if role == "editor" else ["mine"]
    assert block(response, "changes") is None or block(response, "changes")["items"] == []
    assert all(len(block(response, key)["items"]) == 8 for key in keys)


# --- Drafts for public comment (consultation/) ---------------------------------------------------------------------

def test_drafts_for_comment_that_wait_for_someone_are_on_their_start_page(act_as, people, make_consultation_draft,
                                                                         make_consultation_comment, clock):
    from consultation.models import Draft

    review = make_consultation_draft(title_vi="Dự thảo gửi duyệt", status=Draft.Status.REVIEW,
                                     author=people["writer"])
    live = make_consultation_draft(title_vi="Dự thảo đang lấy ý kiến", status=Draft.Status.PUBLISHED)
    for number in range(2):
        make_consultation_comment(live, body=f"Góp ý {number}")
    make_consultation_draft(title_vi="Dự thảo đã xong", status=Draft.Status.PUBLISHED)  # nothing waits: not listed

    editors = block(act_as("editor").get("/admin/"), "drafts")
    assert editors["heading"] == "Dự thảo lấy ý kiến"
    assert titles_of(editors) == ["Dự thảo đang lấy ý kiến", "Dự thảo gửi duyệt"]  # most comments waiting first
    assert "2 góp ý chờ duyệt" in editors["items"][0] and "Chờ duyệt" in editors["items"][1]
    assert any("moderation__exact=pending" in link and f"draft__id__exact={live.pk}" in link
               for link in editors["links"])

    writers = block(act_as("writer").get("/admin/"), "drafts")
    assert titles_of(writers) == ["Dự thảo gửi duyệt"]  # their own, never the comments (nor who sent them)
    assert "góp ý chờ duyệt" not in " ".join(writers["items"])


def titles_of(found):
    return [item.split(" · ")[0] for item in found["items"]]
