"""The audit page: administrators see who created, changed, published and deleted what, and when; no one else."""
from datetime import datetime, timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from news.models import Article, Tag
from tests.factories import HANOI
from tests.pages import elements, texts

AUDIT = "/en/admin/audit/"


def staff_in(django_user_model, username, role):
    user = django_user_model.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def audit_rows(html):
    """Each row of the log table as its cells' text: time, user, action, object, details."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [texts(row.split("</tr>", 1)[0], "td") for row in body.split("<tr")[1:]]


@pytest.fixture
def newsroom(django_user_model):
    return {
        "admin": staff_in(django_user_model, "quantri", "Quản trị"),
        "editor": staff_in(django_user_model, "bientap", "Biên tập viên"),
        "writer": staff_in(django_user_model, "phongvien", "Phóng viên"),
    }


def as_user(client, user):
    client.force_login(user)
    return client


def test_administrators_see_who_created_changed_published_and_deleted_what(client, newsroom, make_article):
    editor = as_user(client, newsroom["editor"])
    # Created and changed through admin forms.
    editor.post("/en/admin/news/tag/add/", {"name_vi": "Kinh tế", "name_en": "Economy", "slug_vi": "kinh-te",
                                            "slug_en": "economy"})
    tag = Tag.objects.get(name_vi="Kinh tế")
    editor.post(f"/en/admin/news/tag/{tag.pk}/change/", {"name_vi": "Kinh tế số", "name_en": "Digital economy",
                                                         "slug_vi": "kinh-te", "slug_en": "economy"})
    # Published with the change form's button, and a draft deleted.
    draft = make_article(title_vi="Bài chờ đăng", status=Article.Status.REVIEW, published_at=None)
    editor.post(f"/en/admin/news/article/{draft.pk}/transition/published/")
    assert Article.objects.get(pk=draft.pk).status == Article.Status.PUBLISHED
    doomed = make_article(title_vi="Bài nháp bỏ đi", status=Article.Status.DRAFT, published_at=None)
    editor.post(f"/en/admin/news/article/{doomed.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=doomed.pk).exists()

    page = as_user(client, newsroom["admin"]).get(AUDIT)
    assert page.status_code == 200
    rows = audit_rows(page.content.decode())
    by_action = {}
    for time, user, action, obj, details in rows:
        by_action.setdefault(action, []).append((time, user, obj, details))
    assert {"created", "changed", "published", "deleted"} <= set(by_action)
    assert by_action["created"][0][1] == "bientap" and "Economy" in by_action["created"][0][2]
    assert "Digital economy" in by_action["changed"][-1][2]
    assert by_action["published"][0][1] == "bientap" and by_action["published"][0][2].startswith("Bài chờ đăng")
    assert by_action["published"][0][3] == "Pending review → Published"
    assert "Bài nháp bỏ đi" in by_action["deleted"][0][2]
    # Times in Hanoi, HH:MM dd/mm/YYYY; newest first (the deletion was last).
    now = timezone.localtime(timezone.now(), HANOI)
    assert all(datetime.strptime(row[0], "%H:%M %d/%m/%Y") for row in rows)
    assert abs(datetime.strptime(rows[0][0], "%H:%M %d/%m/%Y") - now.replace(tzinfo=None)) < timedelta(minutes=2)
    assert rows[0][2] == "deleted"
    # Objects still there link to their admin page; the deleted one cannot.
    links = {a.text: a.attrs["href"] for a in elements(page.content, "a") if "/admin/news/" in a.attrs.get("href", "")}
    assert links.get("Digital economy") == f"/en/admin/news/tag/{tag.pk}/change/"
    assert "Bài nháp bỏ đi" not in links


def test_filter_by_user_and_by_action(client, newsroom, make_article):
    article = make_article(status=Article.Status.REVIEW, published_at=None)
    as_user(client, newsroom["editor"]).post(f"/en/admin/news/article/{article.pk}/transition/published/")
    as_user(client, newsroom["admin"]).post(f"/en/admin/news/article/{article.pk}/transition/archived/")

    only_editor = audit_rows(client.get(AUDIT, {"user": newsroom["editor"].pk}).content.decode())
    assert only_editor and {row[1] for row in only_editor} == {"bientap"}
    archived = audit_rows(client.get(AUDIT, {"action": "archived"}).content.decode())
    assert [(row[1], row[2]) for row in archived] == [("quantri", "unpublished (archived)")]
    nothing = client.get(AUDIT, {"user": newsroom["writer"].pk}).content.decode()
    assert "Nothing recorded." in nothing


def test_the_log_is_paginated_newest_first(admin_client, newsroom):
    tag_type = ContentType.objects.get_for_model(Tag)
    for number in range(60):
        LogEntry.objects.create(
            user=newsroom["editor"], content_type=tag_type, object_id=str(number), object_repr=f"Thẻ {number}",
            action_flag=CHANGE, action_time=timezone.now() - timedelta(minutes=60 - number), change_message="[]",
        )
    first = admin_client.get(AUDIT).content.decode()
    assert audit_rows(first)[0][3].startswith("Thẻ 59") and len(audit_rows(first)) == 50
    second = admin_client.get(AUDIT, {"page": 2}).content.decode()
    assert [row[3].split()[1] for row in audit_rows(second)] == [str(n) for n in range(9, -1, -1)]


def test_only_administrators_may_read_it(client, newsroom, admin_client):
    for role in ("editor", "writer"):
        assert as_user(client, newsroom[role]).get(AUDIT).status_code == 403
        assert "/admin/audit/" not in client.get("/en/admin/").content.decode()
    client.logout()
    assert client.get(AUDIT).status_code == 302  # anonymous: to the sign-in page
    index = as_user(client, newsroom["admin"]).get("/en/admin/").content.decode()
    assert 'href="/en/admin/audit/"' in index
    assert admin_client.get("/admin/audit/").status_code == 200  # superusers too, in the Vietnamese admin


def test_every_path_that_changes_content_or_state_is_on_the_audit_page(act_as, people, writers_article, root):
    """Save, a workflow button, a transition, a bulk action, a restore, a recover, archive-for-delete, a real
    delete and an image change: each is a row saying who, when and what."""
    from reversion.models import Version

    from news.models import Image
    from tests.factories import image_upload
    from tests.pages import change_form_data, form_data

    editor = act_as("editor")
    article = writers_article("review", title_vi="Bài theo dõi")
    url = f"/en/admin/news/article/{article.pk}/"
    assert editor.post(f"{url}change/", change_form_data(editor, article, lead_vi="Sapo mới")).status_code == 302
    first = Version.objects.get_for_object(article).get()
    published = change_form_data(editor, article, _move="published")
    assert editor.post(f"{url}change/", published).status_code == 302  # the "Publish" button of the form
    restore = form_data(editor.get(f"{url}history/{first.pk}/").content, "article_form")
    assert editor.post(f"{url}history/{first.pk}/", restore).status_code == 302
    assert editor.post(f"{url}transition/archived/").status_code == 302
    assert editor.post("/en/admin/news/article/", {"action": "make_draft", "_selected_action": [article.pk]}) \
        .status_code == 302
    second = writers_article("published", title_vi="Bài bị gỡ khi xoá")
    assert editor.post(f"/en/admin/news/article/{second.pk}/delete/", {"post": "yes"}).status_code == 302
    draft = writers_article("draft", title_vi="Bài nháp bị xoá")
    assert root.post(f"/en/admin/news/article/{draft.pk}/change/", change_form_data(root, draft)).status_code == 302
    assert editor.post(f"/en/admin/news/article/{draft.pk}/delete/", {"post": "yes"}).status_code == 302
    deleted = Version.objects.get_deleted(Article).get(object_id=str(draft.pk))
    recover = form_data(editor.get(f"/en/admin/news/article/recover/{deleted.pk}/").content, "article_form")
    assert editor.post(f"/en/admin/news/article/recover/{deleted.pk}/", recover).status_code == 302
    image = Image.objects.create(file=image_upload("anh.png"), caption_vi="Ảnh cũ")
    image_form = form_data(editor.get(f"/en/admin/news/image/{image.pk}/change/").content, "image_form")
    assert editor.post(f"/en/admin/news/image/{image.pk}/change/", {**image_form, "caption_vi": "Ảnh mới"}) \
        .status_code == 302

    rows = audit_rows(act_as("administrator").get(AUDIT).content.decode())
    seen = [(user, action, obj.split("\n")[0].strip(), details) for _time, user, action, obj, details in rows]
    wanted = [
        ("changed", "Bài theo dõi", "Lead"),  # the save, naming the field
        ("published", "Bài theo dõi", "Pending review → Published"),  # the button's move
        ("changed", "Bài theo dõi", "Restored the revision saved at"),  # the restore
        ("archived", "Bài theo dõi", "Published → Unpublished (archived)"),  # the Unpublish button
        ("drafted", "Bài theo dõi", "Unpublished (archived) → Draft"),  # the bulk action
        ("archived", "Bài bị gỡ khi xoá", "Archived instead of deleted"),  # delete of a live article
        ("deleted", "Bài nháp bị xoá", ""),  # a real delete
        ("created", "Bài nháp bị xoá", "Recovered after deletion"),  # recover
        ("changed", "Ảnh mới", "Caption"),  # the image library
    ]
    labels = {"changed": "changed", "published": "published", "archived": "unpublished (archived)",
              "drafted": "returned to draft", "deleted": "deleted", "created": "created"}
    for action, obj, detail in wanted:
        assert any(u == "editor" and a == labels[action] and o.startswith(obj) and detail in d
                   for u, a, o, d in seen), (action, obj, detail, seen)
