"""The newsroom workflow as staff live it: buttons and actions with messages, the recorded history, scheduled
publishing without a cron job, and the private preview of drafts and unsaved edits."""
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from news.models import Article, ArticleTransition
from tests.factories import HANOI, local_parts
from tests.pages import change_form_data, elements, form_data, texts


def messages_of(response):
    return texts(response.content, "ul", class_="messagelist")


def public_url(article, lang="vi"):
    with translation.override(lang):
        return article.get_absolute_url()


def test_a_draft_goes_from_writer_to_reader_and_every_step_is_recorded(act_as, writers_article, people, client):
    article = writers_article("draft", title_vi="Giao ban tháng 5")
    url = f"/en/admin/news/article/{article.pk}"

    page = act_as("writer").get(f"{url}/change/").content.decode()
    assert texts(page, "button", value="review") == ["Submit for review"]
    response = act_as("writer").post(f"{url}/transition/review/", follow=True)
    assert "“Giao ban tháng 5” was submitted for review." in messages_of(response)
    assert texts(response.content, "button", value="draft") == ["Withdraw from review"]

    editor = act_as("editor")
    assert texts(editor.get(f"{url}/change/").content, "button", value="published") == ["Publish"]
    response = editor.post(f"{url}/transition/published/", follow=True)
    assert "“Giao ban tháng 5” was published." in messages_of(response)
    assert editor.get(public_url(article)).status_code == 200

    response = editor.post(f"{url}/transition/archived/", follow=True)
    assert "“Giao ban tháng 5” was unpublished; readers no longer see it." in messages_of(response)
    assert client.get(public_url(article)).status_code == 404

    steps = list(ArticleTransition.objects.filter(article=article).order_by("at", "pk"))
    assert [(s.from_status, s.to_status, s.by.username) for s in steps] == [
        ("draft", "review", "writer"), ("review", "published", "editor"), ("published", "archived", "editor"),
    ]
    assert all(timezone.now() - s.at < timedelta(minutes=1) for s in steps)

    # The change form shows the history: when, who, from, to.
    history = act_as("editor").get(f"{url}/change/")
    rows = [[cell.text for cell in elements(row_html, "td")] for row_html in _rows(history, "workflow-history")]
    assert [row[1:4] for row in rows] == [
        ["editor", "Published", "Unpublished (archived)"],
        ["editor", "Pending review", "Published"],
        ["writer", "Draft", "Pending review"],
    ]


def _rows(response, section_class):
    """Each <tr> of the tbody inside the section with ``section_class``, as HTML."""
    html = response.content.decode()
    start = html.index(f'class="module {section_class}"')
    body = html[html.index("<tbody>", start): html.index("</tbody>", start)]
    return ["<tr>" + part for part in body.split("<tr>")[1:]]


def test_an_editor_sends_back_with_a_note(act_as, writers_article):
    article = writers_article("review")
    editor = act_as("editor")
    page = editor.get(f"/en/admin/news/article/{article.pk}/change/")
    assert texts(page.content, "button", value="draft") == ["Send back to draft"]
    response = editor.post(
        f"/en/admin/news/article/{article.pk}/transition/draft/", {"note": "Thiếu nguồn số liệu"}, follow=True
    )
    assert f"“{article.title_vi}” was sent back to draft." in messages_of(response)
    step = ArticleTransition.objects.get(article=article)
    assert (step.from_status, step.to_status, step.by.username, step.note) == (
        "review", "draft", "editor", "Thiếu nguồn số liệu"
    )
    assert "Thiếu nguồn số liệu" in response.content.decode()


def test_publishing_an_article_that_is_not_ready_says_why_and_changes_nothing(act_as, writers_article):
    article = writers_article("review", body_vi="")
    response = act_as("editor").post(f"/en/admin/news/article/{article.pk}/transition/published/", follow=True)
    assert any("Vietnamese body" in message for message in messages_of(response))
    article.refresh_from_db()
    assert article.status == "review" and not ArticleTransition.objects.exists()


def test_scheduled_publication_goes_live_at_its_time_without_a_cron_job(act_as, writers_article, client):
    soon = timezone.now() + timedelta(minutes=5)
    article = writers_article("review", published_at=soon)
    editor = act_as("editor")
    page = editor.get(f"/en/admin/news/article/{article.pk}/change/")
    day, time = local_parts(soon)
    assert texts(page.content, "button", value="published") == [f"Schedule for {time} {day}"]

    response = editor.post(f"/en/admin/news/article/{article.pk}/transition/published/", follow=True)
    assert f"“{article.title_vi}” is scheduled: it goes online at {time} {day}." in messages_of(response)
    article.refresh_from_db()
    assert article.status == "published" and article.published_at == soon
    changelist = editor.get("/en/admin/news/article/").content.decode()
    assert f"scheduled for {time} {day}" in changelist  # Hanoi time

    client.logout()
    assert client.get(public_url(article)).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))  # time has come
    assert client.get(public_url(article)).status_code == 200


def test_scheduling_through_the_change_form_is_recorded(act_as, writers_article, root):
    article = writers_article("review")
    day, time = local_parts(timezone.now() + timedelta(days=2))
    data = change_form_data(root, article, status="published", published_at_0=day, published_at_1=time)
    response = act_as("editor").post(f"/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published" and article.published_at > timezone.now()
    step = ArticleTransition.objects.get(article=article)
    assert (step.from_status, step.to_status, step.by.username) == ("review", "published", "editor")


def test_bulk_actions_go_through_the_workflow(act_as, writers_article):
    ready = writers_article("review", title_vi="Bài sẵn sàng")
    empty = writers_article("review", title_vi="Bài chưa có nội dung", body_vi="")
    editor = act_as("editor")
    response = editor.post(
        "/en/admin/news/article/", {"action": "publish", "_selected_action": [ready.pk, empty.pk]}, follow=True
    )
    shown = " ".join(messages_of(response))
    assert "1 article published." in shown and "“Bài chưa có nội dung”" in shown
    assert Article.objects.get(pk=ready.pk).status == "published"
    assert Article.objects.get(pk=empty.pk).status == "review"
    # Taking an online article down asks first, naming what readers lose; nothing moves until confirmed.
    asked = editor.post("/en/admin/news/article/", {"action": "make_draft", "_selected_action": [ready.pk]})
    assert asked.status_code == 200 and "Take these articles off the public site?" in asked.content.decode()
    assert Article.objects.get(pk=ready.pk).status == "published"
    response = editor.post(
        "/en/admin/news/article/",
        {"action": "make_draft", "_selected_action": [ready.pk], "post": "yes", "note": "Sai số liệu"}, follow=True,
    )
    assert "1 article returned to draft." in " ".join(messages_of(response))
    assert [(s.from_status, s.to_status, s.note) for s in ArticleTransition.objects.order_by("at", "pk")] == [
        ("review", "published", ""), ("published", "draft", "Sai số liệu"),
    ]
    writer = act_as("writer")
    response = writer.post(
        "/en/admin/news/article/", {"action": "submit_for_review", "_selected_action": [ready.pk]}, follow=True
    )
    assert "1 article submitted for review." in " ".join(messages_of(response))


# --- preview --------------------------------------------------------------------------------------------------

def test_staff_preview_a_draft_as_the_public_page_in_both_languages(act_as, writers_article):
    article = writers_article(
        "draft", title_vi="Bản nháp giao ban", title_en="Briefing draft", body_en="<p>English body.</p>"
    )
    writer = act_as("writer")
    change = writer.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert f"/admin/news/article/{article.pk}/preview/" in change and f"/en/admin/news/article/{article.pk}/preview/" in change

    response = writer.get(f"/admin/news/article/{article.pk}/preview/")
    assert response.status_code == 200
    assert texts(response.content, "h1", class_="article-title") == ["Bản nháp giao ban"]
    assert "Nội dung tiếng Việt." in response.content.decode()
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache", "no-store"} <= cache
    assert "noindex" in response["X-Robots-Tag"]
    assert [t.name for t in response.templates][0] == "news/article_detail.html"

    english = writer.get(f"/en/admin/news/article/{article.pk}/preview/")
    assert texts(english.content, "h1", class_="article-title") == ["Briefing draft"]
    assert "English body." in english.content.decode()
    # Nothing about the preview became public or changed.
    article.refresh_from_db()
    assert article.status == "draft" and article.published_at is None


@pytest.mark.parametrize("who", ["anonymous", "reader", "other_writer"])
def test_preview_is_404_for_anyone_who_may_not_see_the_article(who, act_as, writers_article, client, django_user_model):
    article = writers_article("draft")
    if who == "reader":
        client.force_login(django_user_model.objects.create_user("reader"))  # signed in, not staff
    else:
        client = act_as(who)
    for lang in ("", "/en"):
        response = client.get(f"{lang}/admin/news/article/{article.pk}/preview/")
        assert response.status_code == 404
        assert article.title_vi not in response.content.decode()


def test_preview_of_unsaved_edits_shows_them_and_stores_nothing(act_as, writers_article, root):
    article = writers_article("draft")
    before = (article.title_vi, article.body_vi, article.version)
    data = change_form_data(
        root, article, title_vi="Tiêu đề chưa lưu",
        body_vi='<p>Đoạn mới chưa lưu.</p><script>alert("x")</script><img src=x onerror=alert(1)>',
    )
    writer = act_as("writer")
    response = writer.post(f"/admin/news/article/{article.pk}/preview/", data)
    assert response.status_code == 200
    assert texts(response.content, "h1", class_="article-title") == ["Tiêu đề chưa lưu"]
    body = "".join(texts(response.content, "div", class_="article-body"))
    assert "Đoạn mới chưa lưu." in body
    page = response.content.decode()
    assert 'alert("x")' not in page and "onerror" not in page  # cleaned as a save would clean it
    assert "no-store" in response["Cache-Control"]
    article.refresh_from_db()
    assert (article.title_vi, article.body_vi, article.version) == before
    assert not ArticleTransition.objects.exists()

    invalid = writer.post(f"/en/admin/news/article/{article.pk}/preview/", {**data, "section": ""})
    assert invalid.status_code == 200
    assert "This field is required." in " ".join(texts(invalid.content, "ul", class_="errorlist"))
    article.refresh_from_db()
    assert article.title_vi == before[0]


def test_the_change_form_has_a_preview_button_posting_the_edits(act_as, writers_article):
    article = writers_article("draft")
    page = act_as("writer").get(f"/admin/news/article/{article.pk}/change/").content.decode()
    [button] = elements(page, "button", name="_preview")
    assert button.attrs["formaction"] == f"/admin/news/article/{article.pk}/preview/"
    assert button.attrs["formtarget"] == "_blank"


def test_a_second_click_on_publish_only_says_it_is_done_already(act_as, writers_article):
    article = writers_article("review")
    editor = act_as("editor")
    editor.post(f"/en/admin/news/article/{article.pk}/transition/published/")
    response = editor.post(f"/en/admin/news/article/{article.pk}/transition/published/", follow=True)
    assert response.status_code == 200
    assert "The article is already “Published”." in " ".join(messages_of(response))
    assert ArticleTransition.objects.filter(article=article).count() == 1


def test_a_change_of_state_keeps_a_revision_with_who_made_it(act_as, writers_article, people):
    from reversion.models import Version

    article = writers_article("draft")
    act_as("writer").post(f"/admin/news/article/{article.pk}/transition/review/")
    [version] = Version.objects.get_for_object(article)
    assert version.field_dict["status"] == "review" and version.revision.user == people["writer"]
    article.refresh_from_db()
    assert article.updated_by == people["writer"] and article.version == 2


# --- the change form's buttons --------------------------------------------------------------------------------

def test_publish_saves_the_time_and_text_the_form_shows(act_as, writers_article, client):
    """An editor types a time and a correction, then presses "Publish": both are kept, and it is scheduled."""
    article = writers_article("review")
    editor = act_as("editor")
    later = timezone.now() + timedelta(hours=3)
    day, time = local_parts(later)
    typed_day = later.astimezone(HANOI).strftime("%Y-%m-%d")  # as the English admin reads a date
    data = change_form_data(editor, article, published_at_0=typed_day, published_at_1=time,
                            body_vi="<p>Nội dung đã sửa trước khi đăng.</p>", _move="published")
    response = editor.post(f"/en/admin/news/article/{article.pk}/change/", data, follow=True)
    assert response.redirect_chain[-1][0] == f"/en/admin/news/article/{article.pk}/change/"
    assert messages_of(response) == [f"“{article.title_vi}” is scheduled: it goes online at {time} {day}."]
    article.refresh_from_db()
    assert article.status == "published" and local_parts(article.published_at) == (day, time)
    assert article.body_vi == "<p>Nội dung đã sửa trước khi đăng.</p>"
    step = ArticleTransition.objects.get(article=article)
    assert (step.from_status, step.to_status, step.by.username) == ("review", "published", "editor")
    assert client.get(public_url(article)).status_code == 404  # not before its time


def test_publish_that_cannot_be_done_says_why_and_keeps_what_was_typed(act_as, writers_article):
    article = writers_article("review")
    editor = act_as("editor")
    data = change_form_data(editor, article, title_vi="Tiêu đề mới gõ", body_vi="", _move="published")
    response = editor.post(f"/en/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "An article needs a Vietnamese body before it can be published." in response.content.decode()
    assert form_data(response.content, "article_form")["title_vi"] == "Tiêu đề mới gõ"  # nothing typed is lost
    article.refresh_from_db()
    assert (article.status, article.title_vi) == ("review", "Hội nghị triển khai nhiệm vụ năm 2025")


def test_a_writer_submits_with_the_last_edits(act_as, writers_article):
    article = writers_article("draft")
    writer = act_as("writer")
    data = change_form_data(writer, article, lead_vi="Sapo viết xong.", _move="review")
    assert writer.post(f"/admin/news/article/{article.pk}/change/", data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.lead_vi) == ("review", "Sapo viết xong.")


def test_unpublishing_asks_first(act_as, writers_article, client):
    article = writers_article("published")
    editor = act_as("editor")
    page = editor.get(f"/en/admin/news/article/{article.pk}/change/").content.decode()
    assert _options(page, "status") == ["published"]  # the form itself never takes it down
    link = elements(page, "a", href=f"/en/admin/news/article/{article.pk}/transition/archived/")
    assert [a.text for a in link] == ["Unpublish"]

    asked = editor.get(f"/en/admin/news/article/{article.pk}/transition/archived/")
    assert asked.status_code == 200
    assert texts(asked.content, "h1") == ["Take this article off the public site?"]
    assert "http://testserver" + public_url(article) in asked.content.decode()
    assert Article.objects.get(pk=article.pk).status == "published"  # asking changed nothing

    response = editor.post(f"/en/admin/news/article/{article.pk}/transition/archived/", {"note": "Trùng bài"})
    assert response.status_code == 302
    step = ArticleTransition.objects.get(article=article)
    assert (step.to_status, step.note) == ("archived", "Trùng bài")
    assert client.get(public_url(article)).status_code == 404


def test_a_forged_form_cannot_take_an_article_down_without_asking(act_as, writers_article):
    article = writers_article("published")
    editor = act_as("editor")
    for forged in ({"status": "archived"}, {"_move": "draft"}):
        data = change_form_data(editor, article, **forged)
        assert editor.post(f"/admin/news/article/{article.pk}/change/", data).status_code == 403
    article.refresh_from_db()
    assert article.status == "published" and not ArticleTransition.objects.exists()


@pytest.mark.parametrize("status, public", [("draft", False), ("review", False), ("scheduled", False),
                                            ("published", True), ("archived", False)])
def test_view_on_site_only_where_readers_see_it(act_as, writers_article, status, public):
    fields = {"published_at": timezone.now() + timedelta(days=1)} if status == "scheduled" else {}
    article = writers_article("published" if status == "scheduled" else status, **fields)
    page = act_as("editor").get(f"/admin/news/article/{article.pk}/change/").content.decode()
    view_on_site = [a.attrs["href"] for a in elements(page, "a", class_="viewsitelink")]
    assert view_on_site == ([public_url(article)] if public else [])
    assert f"/admin/news/article/{article.pk}/preview/" in page  # the preview is always offered


def _options(html, name):
    start = html.index(f'name="{name}"')
    return [o.attrs.get("value") for o in elements(html[start:html.index("</select>", start)], "option")]


def test_a_preview_of_a_live_articles_edits_never_becomes_its_public_page(act_as, writers_article, root, client,
                                                                          settings, clock):
    """The public page keeps parts of itself between renders (pagecache.fragments): a preview renders the same
    template with unsaved edits, and must neither show the kept parts nor leave its own for the public page."""
    settings.PAGE_CACHE_ENABLED = False  # every public request renders: only the parts could carry the edit over
    article = writers_article("published", title_vi="Tiêu đề đã đăng")
    clock.shift(1)
    assert texts(client.get(article.get_absolute_url()).content, "h1", class_="article-title") == ["Tiêu đề đã đăng"]
    clock.shift(1)
    client.get(article.get_absolute_url())  # the article's parts found fresh: kept
    editor = act_as("editor")
    data = change_form_data(root, article, title_vi="Tiêu đề sửa chưa lưu", lead_vi="Sapo sửa chưa lưu.")
    preview = editor.post(f"/admin/news/article/{article.pk}/preview/", data)
    assert texts(preview.content, "h1", class_="article-title") == ["Tiêu đề sửa chưa lưu"]
    assert "Sapo sửa chưa lưu." in preview.content.decode()
    clock.shift(1)
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Tiêu đề sửa chưa lưu" not in public and "Sapo sửa chưa lưu." not in public
    assert texts(public.encode(), "h1", class_="article-title") == ["Tiêu đề đã đăng"]
