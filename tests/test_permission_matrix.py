"""Every staff URL × every role × every article state → the expected answer, from one table; a refused request
changes nothing at all (every table of the database and the media folder compared before and after), and a
staff URL missing from the table fails the test.

Roles: anonymous, staff without a group, the writer who wrote the article, another writer, an editor, an
administrator (the Quản trị group, not a superuser) and a superuser. States of the writer's article: draft,
in review, scheduled (published, time to come), published, unpublished (archived), deleted (with a revision
kept, so it can be recovered). URLs about other things (documents, users...) do not depend on the state and
are tried once.
"""
import os
from datetime import date, timedelta
from functools import cached_property

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from reversion.models import Version

from news.models import Article, Attachment, Directive, Image, Organization, Section, Tag
from tests.factories import image_upload
from tests.pages import change_form_data, form_data

ROLES = ["anonymous", "no_group", "writer", "other_writer", "editor", "administrator", "superuser"]
STATES = ["draft", "review", "scheduled", "published", "archived", "deleted"]

# What a role gets. Each is checked precisely; a refused POST must also leave everything as it was.
LOGIN = "login"  # sent to the admin's sign-in page
OK = "ok"  # done: 200, or a redirect after a POST that changed something (checked: something changed)
DENIED = "403"
GONE = "gone"  # "not found": 404, or the admin's own redirect home saying the object does not exist
NOT_FOUND = "404"  # exactly 404 (a preview or download address reveals nothing)
REFUSED = "refused"  # 200 or 302 with a message, and nothing changed (already done, nothing selected...)
NOT_ALLOWED = "405"


def writers_role():
    return Group.objects.get(name="Phóng viên")


def per_state(default, **states):
    """One role's answer that depends on the article's state: ``per_state(DENIED, draft=OK, review=OK)``."""
    return {state: states.get(state, default) for state in STATES}


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Scene:
    """What a request is made about, built lazily: the writer's article in its state (saved once in admin, so it
    has a revision), its lead image and attachment, and the registry's and users' objects."""

    def __init__(self, people, root, section, state):
        self.people, self.root, self.section, self.state = people, root, section, state

    # --- the writer's article --------------------------------------------------------------------------------
    @cached_property
    def article(self):
        image = Image.objects.create(file=image_upload("anh-bai.png"), caption_vi="Ảnh bài", alt_vi="Mô tả",
                                     alt_en="Description")
        article = Article.objects.create(
            title_vi="Bài của phóng viên", title_en="The writer's article", body_vi="<p>Nội dung.</p>",
            body_en="<p>Body.</p>", section=self.section, author=self.people["writer"], image=image,
        )
        Attachment.objects.create(article=article, title_vi="Tờ trình", file=SimpleUploadedFile("to-trinh.pdf", PDF))
        # One admin save keeps a revision (to restore, compare, recover), as newsrooms save.
        saved = self.root.post(f"/admin/news/article/{article.pk}/change/", change_form_data(self.root, article))
        assert saved.status_code == 302
        now = timezone.now().replace(second=0, microsecond=0)
        moves = {
            "review": {"status": "review"},
            "scheduled": {"status": "published", "published_at": now + timedelta(days=1)},
            "published": {"status": "published", "published_at": now - timedelta(hours=1)},
            "archived": {"status": "archived", "published_at": now - timedelta(hours=1)},
        }
        if self.state in moves:
            Article.objects.filter(pk=article.pk).update(**moves[self.state])
        self._made = {"version": Version.objects.get_for_object(article).latest("pk"),
                      "attachment": article.attachments.get(), "image": image}
        if self.state == "deleted":
            pk = article.pk
            article.delete()  # its revision stays: the deleted article can be recovered
            article.pk = pk  # its old addresses are still tried
        else:
            article.refresh_from_db()
        return article

    def _with_article(name):  # noqa: N805  (a property factory used in the class body)
        return property(lambda self: self.article and self._made[name])

    version = _with_article("version")  # its revision from the admin save
    attachment = _with_article("attachment")
    image = _with_article("image")  # its lead image: whether readers see it depends on the article's state

    def a(self, suffix=""):
        return f"/admin/news/article/{self.article.pk}/{suffix}"

    def article_form(self, **changes):
        """The change form as it shows the article (read by a superuser: what a forger copies), with changes."""
        if self.state == "deleted":
            return {"title_vi": "Sửa", "section": self.section.pk, "status": "draft", **changes}
        return change_form_data(self.root, self.article, **changes)

    def recover_form(self):
        """The recover page's form as a superuser sees it (nothing when the article is not deleted)."""
        page = self.root.get(f"/admin/news/article/recover/{self.version.pk}/")
        return form_data(page.content, "article_form") if page.status_code == 200 else {}

    def new_article_form(self, status):
        return {
            "title_vi": "Bài mới", "section": self.section.pk, "status": status, "source_label": "MPI",
            "body_vi": "<p>Nội dung mới.</p>", "published_at_0": "", "published_at_1": "", "base_version": "",
            "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
        }

    def bulk(self, action, **extra):
        return {"action": action, "_selected_action": [self.article.pk], **extra}

    # --- the registry, the library, people ---------------------------------------------------------------------
    def object_url(self, obj, suffix=""):
        opts = obj._meta
        return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/{suffix}"

    @cached_property
    def directive(self):
        directive = Directive.objects.create(number="99-CT/TW", document_type="chi-thi", issued_on=date(2024, 3, 1),
                                             summary_vi="Chỉ thị thử")
        self._admin_save(directive)
        return directive

    @cached_property
    def organization(self):
        organization = Organization.objects.create(name_vi="Cơ quan thử", slug="co-quan-thu")
        self._admin_save(organization)
        return organization

    def deleted_version(self, name):
        """The last revision of the scene's ``name`` object (saved in admin), which is then deleted: what
        "recover" brings back."""
        obj = getattr(self, name)
        version = Version.objects.get_for_object(obj).latest("pk")
        type(obj).objects.filter(pk=obj.pk).delete()
        return version

    @cached_property
    def portal(self):
        """The organization's portal record (identity, About, Access to information), saved once in admin."""
        record = apps.get_model("portal", "Portal").objects.create(owner=self.organization,
                                                                   responsible_name="Người phụ trách")
        self._admin_save(record)
        return record

    @cached_property
    def subject_area(self):
        return apps.get_model("news", "SubjectArea").objects.create(
            slug="linh-vuc-thu", name_vi="Lĩnh vực thử", name_en="Trial area")

    def change_form(self, obj, **changes):
        """What ``obj``'s admin change form posts, as a superuser sees it (what a forger copies), with changes."""
        return {**form_data(self.root.get(self.object_url(obj, "change/")).content), **changes}

    def _admin_save(self, obj):
        url = self.object_url(obj, "change/")
        response = self.root.post(url, self.change_form(obj))
        assert response.status_code == 302, url

    @cached_property
    def tag(self):
        return Tag.objects.create(name_vi="Thẻ thử", name_en="Trial tag")

    @cached_property
    def spare_image(self):
        return Image.objects.create(file=image_upload("anh-le.png"), caption_vi="Ảnh lẻ")

    @cached_property
    def attempt(self):
        return AccessAttempt.objects.create(username="ke-do", ip_address="203.0.113.9", failures_since_start=3,
                                            get_data="", post_data="", http_accept="", path_info="/admin/login/")

    @cached_property
    def access_log(self):
        return AccessLog.objects.create(username="writer", ip_address="203.0.113.9", http_accept="",
                                        path_info="/admin/login/")

    @cached_property
    def failure_log(self):
        return AccessFailureLog.objects.create(username="ke-do", ip_address="203.0.113.9", http_accept="",
                                               path_info="/admin/login/", locked_out=False)

    def user_form(self, user, **changes):
        url = f"/admin/auth/user/{user.pk}/change/"
        return {**form_data(self.root.get(url).content, "user_form"), **changes}

    def group_form(self, group, **changes):
        url = f"/admin/auth/group/{group.pk}/change/"
        return {**form_data(self.root.get(url).content, "group_form"), **changes}

    # --- drafts for public comment (consultation/admin/): the writer's, with a file, saved once in admin ------------
    def _writers_draft(self, status, title):
        from consultation.models import Draft, DraftFile

        now = timezone.now()
        draft = Draft.objects.create(
            title_vi=title, summary_vi="Tóm tắt dự thảo.", document_type="thong-tu", author=self.people["writer"],
            opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), status=status,
            published_at=now - timedelta(hours=1) if status == "published" else None,
        )
        DraftFile.objects.create(draft=draft, title_vi="Dự thảo", file=SimpleUploadedFile("du-thao.pdf", PDF))
        self._admin_save(draft)  # a revision, to compare and restore
        return draft

    @cached_property
    def consultation_draft(self):
        """The writer's draft for comment, still a draft: theirs to change, submit or delete... as the rules say."""
        return self._writers_draft("draft", "Dự thảo của phóng viên")

    @cached_property
    def live_draft(self):
        """The writer's draft, published by an editor: the editors' now."""
        return self._writers_draft("published", "Dự thảo đã đăng")

    @cached_property
    def draft_comment(self):
        """A reader's comment on the writer's live draft, with an attachment, waiting for moderation."""
        from consultation.models import Comment

        return Comment.objects.create(
            draft=self.live_draft, name="Người góp ý", email="gopy@example.vn", body="Góp ý của người đọc.",
            consent_at=timezone.now(), attachment=SimpleUploadedFile("y-kien.pdf", PDF),
        )

    def draft_version(self, draft):
        return Version.objects.get_for_object(draft).latest("pk")

    def new_draft_form(self, status):
        now = timezone.now() + timedelta(days=2)
        return {
            "title_vi": "Dự thảo mới", "summary_vi": "Tóm tắt.", "document_type": "nghi-dinh", "status": status,
            "opens_at_0": now.strftime("%d/%m/%Y"), "opens_at_1": "08:00",
            "closes_at_0": (now + timedelta(days=60)).strftime("%d/%m/%Y"), "closes_at_1": "17:00",
            "published_at_0": "", "published_at_1": "", "files-TOTAL_FORMS": "0", "files-INITIAL_FORMS": "0",
        }


# Each row: URL name(s) it covers, whether it depends on the article's state, the request, whether an allowed
# request changes the database, and the answer per role (ROLES order). A cell may vary by state (per_state).
def get(url):
    return lambda scene: ("get", url(scene), None)


def post(url, data=lambda scene: {}):
    return lambda scene: ("post", url(scene), data(scene))


W_EDITS = per_state(DENIED, draft=OK, review=OK, deleted=GONE)  # the author changes own drafts and reviews
E_EDITS = per_state(OK, deleted=GONE)  # editors change any article
W_SEES = per_state(OK, deleted=GONE)
W_RESTORES = per_state(DENIED, draft=OK, review=OK, deleted=NOT_FOUND)
E_RESTORES = per_state(OK, deleted=NOT_FOUND)
PUBLIC_ONLY = per_state(NOT_FOUND, published=OK)
DOWNLOADS = per_state(OK, deleted=NOT_FOUND)
RECOVERS_DELETED = per_state(NOT_FOUND, deleted=OK)
W_CHANGES = per_state(DENIED, draft=REFUSED, review=REFUSED, published=OK, deleted=NOT_FOUND)  # draft over live
E_CHANGES = per_state(REFUSED, published=OK, deleted=NOT_FOUND)
STAFF = (LOGIN, OK, OK, OK, OK, OK, OK)
NEWSROOM = (LOGIN, DENIED, OK, OK, OK, OK, OK)  # anyone with a role
READS_REGISTRY = (LOGIN, DENIED, OK, OK, OK, OK, OK)
KEEPS_REGISTRY = (LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)  # documents, organizations, sections
ADMINISTRATORS = (LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)
SUPERUSER_ONLY = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, OK)
NOBODY = (LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)
EDITORS = (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)  # who sees comments and their senders (consultation)

TABLE = {
    # --- articles: list and new ------------------------------------------------------------------------------
    "article list": (["news_article_changelist"], False, get(lambda s: "/admin/news/article/"), False, NEWSROOM),
    "article add form": (["news_article_add"], False, get(lambda s: "/admin/news/article/add/"), False, NEWSROOM),
    "article add": ([], False, post(lambda s: "/admin/news/article/add/", lambda s: s.new_article_form("draft")),
                    True, NEWSROOM),
    "article add published": ([], False, post(lambda s: "/admin/news/article/add/",
                                              lambda s: s.new_article_form("published")),
                              True, (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    # --- one article ---------------------------------------------------------------------------------------------
    # Opening the form records who has it open (desk/presence.py): the only read that writes.
    "article open": (["news_article_change", "?"], True, get(lambda s: s.a("change/")), True,
                     (LOGIN, DENIED, W_SEES, GONE, W_SEES, W_SEES, W_SEES)),
    # The author's save of their live article is kept as changes for review (draft over live, news/admin/pending.py);
    # its attachments are not theirs to change then (the upload is ignored: nothing changes).
    "article save": ([], True, post(lambda s: s.a("change/"), lambda s: s.article_form(title_vi="Tiêu đề sửa")),
                     True, (LOGIN, DENIED, {**W_EDITS, "published": OK}, GONE, E_EDITS, E_EDITS, E_EDITS)),
    "article attach a file": ([], True, post(lambda s: s.a("change/"), lambda s: s.article_form(**{
        "attachments-TOTAL_FORMS": "2", "attachments-1-title_vi": "Phụ lục", "attachments-1-position": "1",
        "attachments-1-file": SimpleUploadedFile("phu-luc.pdf", PDF)})),
        True, (LOGIN, DENIED, {**W_EDITS, "published": REFUSED}, GONE, E_EDITS, E_EDITS, E_EDITS)),
    "article publish button": ([], True, post(lambda s: s.a("change/"), lambda s: s.article_form(_move="published")),
                               True, (LOGIN, DENIED, per_state(DENIED, deleted=GONE), GONE,
                                      per_state(OK, archived=DENIED, deleted=GONE),
                                      per_state(OK, archived=DENIED, deleted=GONE),
                                      per_state(OK, archived=DENIED, deleted=GONE))),
    "article unpublish in the form": ([], True, post(lambda s: s.a("change/"),
                                                     lambda s: s.article_form(status="archived")),
                                      True, (LOGIN, DENIED, per_state(DENIED, deleted=GONE), GONE,
                                             per_state(DENIED, archived=OK, deleted=GONE),
                                             per_state(DENIED, archived=OK, deleted=GONE),
                                             per_state(DENIED, archived=OK, deleted=GONE))),
    "submit": (["news_article_transition"], True, post(lambda s: s.a("transition/review/")), True,
               (LOGIN, NOT_FOUND, per_state(DENIED, draft=OK, review=REFUSED, deleted=NOT_FOUND), NOT_FOUND,
                *[per_state(DENIED, draft=OK, review=REFUSED, deleted=NOT_FOUND)] * 3)),
    "publish": ([], True, post(lambda s: s.a("transition/published/")), True,
                (LOGIN, NOT_FOUND,
                 per_state(DENIED, scheduled=REFUSED, published=REFUSED, deleted=NOT_FOUND), NOT_FOUND,
                 *[per_state(OK, scheduled=REFUSED, published=REFUSED, archived=DENIED, deleted=NOT_FOUND)] * 3)),
    "unpublish": ([], True, post(lambda s: s.a("transition/archived/")), True,
                  (LOGIN, NOT_FOUND, per_state(DENIED, archived=REFUSED, deleted=NOT_FOUND), NOT_FOUND,
                   *[per_state(DENIED, scheduled=OK, published=OK, archived=REFUSED, deleted=NOT_FOUND)] * 3)),
    "unpublish, asked first": ([], True, get(lambda s: s.a("transition/archived/")), False,
                               (LOGIN, NOT_FOUND,
                                per_state(NOT_ALLOWED, scheduled=DENIED, published=DENIED, deleted=NOT_FOUND),
                                NOT_FOUND,
                                *[per_state(NOT_ALLOWED, scheduled=OK, published=OK, deleted=NOT_FOUND)] * 3)),
    "back to draft": ([], True, post(lambda s: s.a("transition/draft/")), True,
                      (LOGIN, NOT_FOUND, per_state(DENIED, draft=REFUSED, review=OK, deleted=NOT_FOUND), NOT_FOUND,
                       *[per_state(OK, draft=REFUSED, deleted=NOT_FOUND)] * 3)),
    "delete, asked first": (["news_article_delete"], True, get(lambda s: s.a("delete/")), False,
                            (LOGIN, DENIED, DENIED, DENIED, E_EDITS, E_EDITS, E_EDITS)),
    "delete": ([], True, post(lambda s: s.a("delete/"), lambda s: {"post": "yes"}), True,
               (LOGIN, DENIED, DENIED, DENIED, E_EDITS, E_EDITS, E_EDITS)),
    "history": (["news_article_history"], True, get(lambda s: s.a("history/")), False,
                (LOGIN, DENIED, W_SEES, GONE, W_SEES, W_SEES, W_SEES)),
    "compare revisions": (["news_article_revision_diff"], True, get(lambda s: s.a("history/compare/")), False,
                          (LOGIN, NOT_FOUND, per_state(OK, deleted=NOT_FOUND), NOT_FOUND,
                           *[per_state(OK, deleted=NOT_FOUND)] * 3)),
    "open a revision": (["news_article_revision"], True, get(lambda s: s.a(f"history/{s.version.pk}/")), False,
                        (LOGIN, NOT_FOUND, W_RESTORES, NOT_FOUND, E_RESTORES, E_RESTORES, E_RESTORES)),
    "restore a revision": ([], True, post(lambda s: s.a(f"history/{s.version.pk}/"),
                                          lambda s: s.article_form(title_vi="Bản khôi phục")),
                           True, (LOGIN, NOT_FOUND, W_RESTORES, NOT_FOUND, E_RESTORES, E_RESTORES, E_RESTORES)),
    "deleted articles": (["news_article_recoverlist"], False, get(lambda s: "/admin/news/article/recover/"), False,
                         NEWSROOM),
    "open a deleted article": (["news_article_recover"], True,
                               get(lambda s: f"/admin/news/article/recover/{s.version.pk}/"), False,
                               (LOGIN, DENIED, RECOVERS_DELETED, NOT_FOUND, RECOVERS_DELETED, RECOVERS_DELETED,
                                RECOVERS_DELETED)),
    "recover a deleted article": ([], True, post(lambda s: f"/admin/news/article/recover/{s.version.pk}/",
                                                 lambda s: s.recover_form()),
                                  True, (LOGIN, DENIED, RECOVERS_DELETED, NOT_FOUND, RECOVERS_DELETED,
                                         RECOVERS_DELETED, RECOVERS_DELETED)),
    "preview": (["news_article_preview"], True, get(lambda s: s.a("preview/")), False,
                (NOT_FOUND, NOT_FOUND, per_state(OK, deleted=NOT_FOUND), NOT_FOUND,
                 *[per_state(OK, deleted=NOT_FOUND)] * 3)),
    "preview unsaved edits": ([], True, post(lambda s: s.a("preview/"), lambda s: s.article_form(title_vi="Nháp")),
                              False, (NOT_FOUND, NOT_FOUND,
                                      per_state(DENIED, draft=OK, review=OK, published=OK, deleted=NOT_FOUND),
                                      NOT_FOUND, *[per_state(OK, deleted=NOT_FOUND)] * 3)),
    "view on site": (["view_on_site"], True, get(lambda s: "/admin/r/{}/{}/".format(
        ContentType.objects.get_for_model(Article).pk, s.article.pk)), False,
        (LOGIN, *[per_state(OK, deleted=NOT_FOUND)] * 6)),
    "bulk submit": ([], True, post(lambda s: "/admin/news/article/", lambda s: s.bulk("submit_for_review")), True,
                    (LOGIN, DENIED, per_state(REFUSED, draft=OK), REFUSED, *[per_state(REFUSED, draft=OK)] * 3)),
    "bulk publish": ([], True, post(lambda s: "/admin/news/article/", lambda s: s.bulk("publish")), True,
                     (LOGIN, DENIED, DENIED, DENIED, *[per_state(REFUSED, draft=OK, review=OK)] * 3)),
    "bulk back to draft, asked first": ([], True, post(lambda s: "/admin/news/article/",
                                                        lambda s: s.bulk("make_draft")), True,
                                        (LOGIN, DENIED, DENIED, DENIED,
                                         *[per_state(REFUSED, review=OK, archived=OK)] * 3)),
    "bulk back to draft": ([], True, post(lambda s: "/admin/news/article/", lambda s: s.bulk("make_draft", post="yes")),
                           True, (LOGIN, DENIED, DENIED, DENIED, *[per_state(OK, draft=REFUSED, deleted=REFUSED)] * 3)),
    "bulk delete": ([], True, post(lambda s: "/admin/news/article/", lambda s: s.bulk("delete_selected", post="yes")),
                    True, (LOGIN, DENIED, DENIED, DENIED, *[per_state(OK, deleted=REFUSED)] * 3)),
    "download the attachment": ([], True, get(lambda s: f"/tai-lieu/{s.attachment.pk}/"), False,
                                (PUBLIC_ONLY, PUBLIC_ONLY, DOWNLOADS, PUBLIC_ONLY, DOWNLOADS, DOWNLOADS, DOWNLOADS)),
    # --- the image library: the article's lead image, whose use depends on the article's state ---------------------
    "image list": (["news_image_changelist"], False, get(lambda s: "/admin/news/image/"), False, NEWSROOM),
    "image add form": (["news_image_add"], False, get(lambda s: "/admin/news/image/add/"), False, NEWSROOM),
    "image upload": ([], False, post(lambda s: "/admin/news/image/add/", lambda s: {
        "file": image_upload("moi.png"), "caption_vi": "Ảnh mới", "alt_vi": "Mô tả"}), True, NEWSROOM),
    "image open": (["news_image_change", "?"], True, get(lambda s: s.object_url(s.image, "change/")), False,
                   NEWSROOM),
    "image caption": ([], True, post(lambda s: s.object_url(s.image, "change/"), lambda s: {
        "caption_vi": "Chú thích mới", "alt_vi": "Mô tả", "alt_en": "Description"}), True,
        (LOGIN, DENIED, *[per_state(OK, scheduled=DENIED, published=DENIED)] * 2, OK, OK, OK)),
    "image history": (["news_image_history"], True, get(lambda s: s.object_url(s.image, "history/")), False,
                      NEWSROOM),
    "image delete": (["news_image_delete"], True, post(lambda s: s.object_url(s.image, "delete/"),
                                                       lambda s: {"post": "yes"}), True,
                     (LOGIN, DENIED, DENIED, DENIED, *[per_state(REFUSED, deleted=OK)] * 3)),  # in use: protected
    "unused image delete": ([], False, post(lambda s: s.object_url(s.spare_image, "delete/"),
                                            lambda s: {"post": "yes"}), True,
                            (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    # --- documents and organizations (with revisions), sections and tags ----------------------------------------------
    **{
        f"{name} {what}": row for name, model, keeper in [
            ("directive", Directive, KEEPS_REGISTRY), ("organization", Organization, KEEPS_REGISTRY),
        ] for what, row in {
            "list": ([f"news_{name}_changelist"], False, get(lambda s, n=name: f"/admin/news/{n}/"), False,
                     READS_REGISTRY),
            "add form": ([f"news_{name}_add"], False, get(lambda s, n=name: f"/admin/news/{n}/add/"), False, keeper),
            "open": ([f"news_{name}_change", "?"], False, get(lambda s, n=name: s.object_url(getattr(s, n), "change/")),
                     False, READS_REGISTRY),
            "save": ([], False, post(lambda s, n=name: s.object_url(getattr(s, n), "change/"),
                                     lambda s, n=name: s.change_form(getattr(s, n), slug=f"{n}-da-sua")), True, keeper),
            "delete": ([f"news_{name}_delete"], False, post(lambda s, n=name: s.object_url(getattr(s, n), "delete/"),
                                                            lambda s: {"post": "yes"}), True, keeper),
            "history": ([f"news_{name}_history"], False,
                        get(lambda s, n=name: s.object_url(getattr(s, n), "history/")), False, READS_REGISTRY),
            "compare": ([f"news_{name}_revision_diff"], False,
                        get(lambda s, n=name: s.object_url(getattr(s, n), "history/compare/")), False, READS_REGISTRY),
            "revision": ([f"news_{name}_revision"], False, post(lambda s, n=name: s.object_url(
                getattr(s, n), f"history/{Version.objects.get_for_object(getattr(s, n)).latest('pk').pk}/"),
                lambda s, n=name: s.change_form(getattr(s, n))), True, keeper),
            "deleted list": ([f"news_{name}_recoverlist"], False, get(lambda s, n=name: f"/admin/news/{n}/recover/"),
                             False, keeper),
            "recover": ([f"news_{name}_recover"], False, post(
                lambda s, n=name: f"/admin/news/{n}/recover/{s.deleted_version(n).pk}/",
                lambda s: {}), True,
                (LOGIN, DENIED, DENIED, DENIED, DENIED, REFUSED, REFUSED)),  # an empty form: shown again, not saved
        }.items()
    },
    **{
        f"{name} {what}": row for name, adder in [
            ("section", KEEPS_REGISTRY), ("tag", (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
        ] for what, row in {
            "list": ([f"news_{name}_changelist"], False, get(lambda s, n=name: f"/admin/news/{n}/"), False,
                     READS_REGISTRY),
            "add form": ([f"news_{name}_add"], False, get(lambda s, n=name: f"/admin/news/{n}/add/"), False, adder),
            "open": ([f"news_{name}_change", "?"], False,
                     get(lambda s, n=name: s.object_url(getattr(s, n), "change/")), False, READS_REGISTRY),
            "save": ([], False, post(lambda s, n=name: s.object_url(getattr(s, n), "change/"),
                                     lambda s, n=name: s.change_form(getattr(s, n), name_vi="Tên mới")), True, adder),
            "history": ([f"news_{name}_history"], False,
                        get(lambda s, n=name: s.object_url(getattr(s, n), "history/")), False, READS_REGISTRY),
            "delete": ([f"news_{name}_delete"], False, post(lambda s, n=name: s.object_url(getattr(s, n), "delete/"),
                                                            lambda s: {"post": "yes"}), True,
                       KEEPS_REGISTRY if name == "section" else (LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
        }.items()
    },
    # --- people and roles ------------------------------------------------------------------------------------------
    "user list": (["auth_user_changelist"], False, get(lambda s: "/admin/auth/user/"), False, ADMINISTRATORS),
    "user add": (["auth_user_add"], False, post(lambda s: "/admin/auth/user/add/", lambda s: {
        "username": "phongvien-moi", "password1": "Mat-khau-Dai-2026!", "password2": "Mat-khau-Dai-2026!",
        "usable_password": "true"}), True, ADMINISTRATORS),
    "user open": (["auth_user_change", "?"], False, get(lambda s: f"/admin/auth/user/{s.people['writer'].pk}/change/"),
                  False, ADMINISTRATORS),
    "user save": ([], False, post(lambda s: f"/admin/auth/user/{s.people['writer'].pk}/change/",
                                  lambda s: s.user_form(s.people["writer"], first_name="Lan")), True, ADMINISTRATORS),
    "user made superuser": ([], False, post(lambda s: f"/admin/auth/user/{s.people['administrator'].pk}/change/",
                                            lambda s: s.user_form(s.people["administrator"], is_superuser="on")),
                            True, SUPERUSER_ONLY),
    "superuser's account": ([], False, post(lambda s: f"/admin/auth/user/{s.people['superuser'].pk}/change/",
                                            lambda s: s.user_form(s.people["superuser"], first_name="Lan")), True,
                            SUPERUSER_ONLY),
    "user password": (["auth_user_password_change"], False, post(
        lambda s: f"/admin/auth/user/{s.people['writer'].pk}/password/",
        lambda s: {"password1": "Mat-khau-Moi-2026!", "password2": "Mat-khau-Moi-2026!"}), True, ADMINISTRATORS),
    "superuser's password": ([], False, post(
        lambda s: f"/admin/auth/user/{s.people['superuser'].pk}/password/",
        lambda s: {"password1": "Mat-khau-Moi-2026!", "password2": "Mat-khau-Moi-2026!"}), True, SUPERUSER_ONLY),
    "user history": (["auth_user_history"], False, get(lambda s: f"/admin/auth/user/{s.people['writer'].pk}/history/"),
                     False, ADMINISTRATORS),
    "user delete": (["auth_user_delete"], False, post(lambda s: f"/admin/auth/user/{s.people['no_group'].pk}/delete/",
                                                      lambda s: {"post": "yes"}), True, ADMINISTRATORS),
    "role list": (["auth_group_changelist"], False, get(lambda s: "/admin/auth/group/"), False, ADMINISTRATORS),
    "role add form": (["auth_group_add"], False, get(lambda s: "/admin/auth/group/add/"), False, ADMINISTRATORS),
    "role open": (["auth_group_change", "?"], False, get(lambda s: "/admin/auth/group/{}/change/".format(
        writers_role().pk)), False, ADMINISTRATORS),
    "role save": ([], False, post(lambda s: "/admin/auth/group/{}/change/".format(writers_role().pk),
                                  lambda s: s.group_form(writers_role(), name="Phóng viên mới")),
                  True, ADMINISTRATORS),
    "role history": (["auth_group_history"], False, get(lambda s: "/admin/auth/group/{}/history/".format(
        writers_role().pk)), False, ADMINISTRATORS),
    "role delete": (["auth_group_delete"], False, post(lambda s: "/admin/auth/group/{}/delete/".format(
        writers_role().pk), lambda s: {"post": "yes"}), True, ADMINISTRATORS),
    # --- sign-in lockouts (django-axes): a superuser's business; its records are never added by hand --------------
    **{
        f"{kind} {what}": row for kind, attr in [
            ("accessattempt", "attempt"), ("accesslog", "access_log"), ("accessfailurelog", "failure_log"),
        ] for what, row in {
            "list": ([f"axes_{kind}_changelist"], False, get(lambda s, k=kind: f"/admin/axes/{k}/"), False,
                     SUPERUSER_ONLY),
            "add form": ([f"axes_{kind}_add"], False, get(lambda s, k=kind: f"/admin/axes/{k}/add/"), False, NOBODY),
            "open": ([f"axes_{kind}_change", "?"], False,
                     get(lambda s, k=kind, a=attr: f"/admin/axes/{k}/{getattr(s, a).pk}/change/"), False,
                     SUPERUSER_ONLY),
            "history": ([f"axes_{kind}_history"], False,
                        get(lambda s, k=kind, a=attr: f"/admin/axes/{k}/{getattr(s, a).pk}/history/"), False,
                        SUPERUSER_ONLY),
            "delete": ([f"axes_{kind}_delete"], False,
                       post(lambda s, k=kind, a=attr: f"/admin/axes/{k}/{getattr(s, a).pk}/delete/",
                            lambda s: {"post": "yes"}), True, SUPERUSER_ONLY),
        }.items()
    },
    # --- the portal's record (portal/: identity, About, Access to information): administrators keep it -------------
    **{
        f"portal {what}": row for what, row in {
            "app": ([], False, get(lambda s: "/admin/portal/"), False, (LOGIN, NOT_FOUND, OK, OK, OK, OK, OK)),
            "list": (["portal_portal_changelist"], False, get(lambda s: "/admin/portal/portal/"), False,
                     READS_REGISTRY),
            "add form": (["portal_portal_add"], False, get(lambda s: "/admin/portal/portal/add/"), False,
                         KEEPS_REGISTRY),
            "add": ([], False, post(lambda s: "/admin/portal/portal/add/", lambda s: {
                **form_data(s.root.get("/admin/portal/portal/add/").content),
                "owner": Organization.objects.create(name_vi="Cơ quan có cổng mới", slug="co-quan-co-cong-moi").pk}),
                True, KEEPS_REGISTRY),
            "open": (["portal_portal_change", "?"], False, get(lambda s: s.object_url(s.portal, "change/")), False,
                     READS_REGISTRY),
            "save": ([], False, post(lambda s: s.object_url(s.portal, "change/"),
                                     lambda s: s.change_form(s.portal, responsible_name="Người khác")), True,
                     KEEPS_REGISTRY),
            "delete": (["portal_portal_delete"], False, post(lambda s: s.object_url(s.portal, "delete/"),
                                                             lambda s: {"post": "yes"}), True, KEEPS_REGISTRY),
            "history": (["portal_portal_history"], False, get(lambda s: s.object_url(s.portal, "history/")), False,
                        READS_REGISTRY),
            "compare": (["portal_portal_revision_diff"], False,
                        get(lambda s: s.object_url(s.portal, "history/compare/")), False, READS_REGISTRY),
            "revision": (["portal_portal_revision"], False, post(lambda s: s.object_url(
                s.portal, f"history/{Version.objects.get_for_object(s.portal).latest('pk').pk}/"),
                lambda s: s.change_form(s.portal)), True, KEEPS_REGISTRY),
            "deleted list": (["portal_portal_recoverlist"], False, get(lambda s: "/admin/portal/portal/recover/"),
                             False, KEEPS_REGISTRY),
            "recover": (["portal_portal_recover"], False, post(
                lambda s: f"/admin/portal/portal/recover/{s.deleted_version('portal').pk}/", lambda s: {}), True,
                (LOGIN, DENIED, DENIED, DENIED, DENIED, REFUSED, REFUSED)),  # an empty form: shown again, not saved
        }.items()
    },
    # --- the registry's subject areas (lĩnh vực): the newsroom reads them, administrators keep them ---------------
    **{
        f"subject area {what}": row for what, row in {
            "list": (["news_subjectarea_changelist"], False, get(lambda s: "/admin/news/subjectarea/"), False,
                     READS_REGISTRY),
            "add form": (["news_subjectarea_add"], False, get(lambda s: "/admin/news/subjectarea/add/"), False,
                         KEEPS_REGISTRY),
            "add": ([], False, post(lambda s: "/admin/news/subjectarea/add/", lambda s: {
                "name_vi": "Thống kê", "name_en": "Statistics", "slug": "thong-ke", "position": "1"}), True,
                KEEPS_REGISTRY),
            "open": (["news_subjectarea_change", "?"], False, get(lambda s: s.object_url(s.subject_area, "change/")),
                     False, READS_REGISTRY),
            "save": ([], False, post(lambda s: s.object_url(s.subject_area, "change/"),
                                     lambda s: s.change_form(s.subject_area, name_vi="Tên mới")), True, KEEPS_REGISTRY),
            "history": (["news_subjectarea_history"], False, get(lambda s: s.object_url(s.subject_area, "history/")),
                        False, READS_REGISTRY),
            "delete": (["news_subjectarea_delete"], False, post(lambda s: s.object_url(s.subject_area, "delete/"),
                                                                lambda s: {"post": "yes"}), True, KEEPS_REGISTRY),
        }.items()
    },
    # --- who else is here (desk/presence.py): the change form's heartbeat and leave, for who may see the article --
    "presence heartbeat": (["desk:presence"], True, post(lambda s: f"/admin/desk/presence/{s.article.pk}/"), True,
                           (LOGIN, NOT_FOUND, per_state(OK, deleted=NOT_FOUND), NOT_FOUND,
                            *[per_state(OK, deleted=NOT_FOUND)] * 3)),
    "presence heartbeat, read": ([], True, get(lambda s: f"/admin/desk/presence/{s.article.pk}/"), False,
                                 (LOGIN, *[NOT_ALLOWED] * 6)),
    # Only the superuser who built the scene has it open, and a leave from a page older than that keeps it:
    # an allowed leave has nothing to forget here (tests/test_desk_presence.py sees it forget).
    "presence leave": (["desk:presence_leave"], True, post(lambda s: f"/admin/desk/presence/{s.article.pk}/leave/",
                                                           lambda s: {"seen": "2020-01-01T00:00:00+00:00"}),
                       False, (LOGIN, NOT_FOUND, per_state(OK, deleted=NOT_FOUND), NOT_FOUND,
                               *[per_state(OK, deleted=NOT_FOUND)] * 3)),
    # --- translation status (news/admin/articles.py): confirming the English, for whoever may edit the article ------
    # The scene's English is made out of date first (the Vietnamese moved on), so an allowed confirmation changes it.
    "confirm English": (["news_article_confirm_english"], True, post(
        lambda s: s.a("confirm-english/"),
        lambda s: (Article.objects.filter(pk=s.article.pk).update(vi_edition=F("vi_edition") + 1), {})[1]),
        True, (LOGIN, NOT_FOUND, per_state(DENIED, draft=OK, review=OK, deleted=NOT_FOUND), NOT_FOUND,
               *[per_state(OK, deleted=NOT_FOUND)] * 3)),
    "confirm English, read": ([], False, get(lambda s: s.a("confirm-english/")), False,
                              (LOGIN, *[NOT_ALLOWED] * 6)),
    # --- the body editor's choosers (news/admin/choosers.py): pictures, an upload, internal-link targets -------------
    "chooser pictures": (["chooser_images"], False, get(lambda s: "/admin/choosers/images/?q=anh"), False, NEWSROOM),
    "chooser upload": (["chooser_image_upload"], False, post(lambda s: "/admin/choosers/images/upload/", lambda s: {
        "file": image_upload("chon.png"), "caption": "Ảnh chọn", "alt": "Mô tả", "lang": "vi"}), True, NEWSROOM),
    "chooser upload by GET": ([], False, get(lambda s: "/admin/choosers/images/upload/"), False,
                              (LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)),
    **{
        f"chooser links to {kind}": (["chooser_links"], False, get(
            lambda s, k=kind: f"/admin/choosers/links/?kind={k}&q=a"), False, NEWSROOM)
        for kind in ("article", "directive", "organization")
    },
    # --- draft over live (news/admin/pending.py): changes to the live article waiting for an editor ----------------
    # Only a live article keeps changes waiting: the scene's gets some (the writer's) in the "published" state; in
    # the others there are none to act on (REFUSED: a message, nothing changed).
    "changes: publish": (["news_article_pending"], True, post(lambda s: with_changes(s, "publish")), True,
                         (LOGIN, NOT_FOUND, per_state(DENIED, deleted=NOT_FOUND), NOT_FOUND, *[E_CHANGES] * 3)),
    "changes: submit for review": ([], True, post(lambda s: with_changes(s, "submit")), True,
                                   (LOGIN, NOT_FOUND, W_CHANGES, NOT_FOUND, *[E_CHANGES] * 3)),
    "changes: send back or withdraw": ([], True, post(lambda s: with_changes(s, "back", status="review")), True,
                                       (LOGIN, NOT_FOUND, W_CHANGES, NOT_FOUND, *[E_CHANGES] * 3)),
    "changes: discard": ([], True, post(lambda s: with_changes(s, "discard")), True,
                         (LOGIN, NOT_FOUND, W_CHANGES, NOT_FOUND, *[E_CHANGES] * 3)),
    "changes by GET": ([], False, get(lambda s: with_changes(s, "publish")), False, (LOGIN, *[NOT_ALLOWED] * 6)),
    "changes: preview": ([], True, get(lambda s: with_changes(s, "preview/?version=pending")), False,
                         (NOT_FOUND, NOT_FOUND, per_state(NOT_FOUND, published=OK), NOT_FOUND,
                          *[per_state(NOT_FOUND, published=OK)] * 3)),
    # --- the site's own pages ---------------------------------------------------------------------------------------
    "admin home": (["index"], False, get(lambda s: "/admin/"), False, STAFF),
    "news app": (["app_list"], False, get(lambda s: "/admin/news/"), False, (LOGIN, NOT_FOUND, OK, OK, OK, OK, OK)),
    "users app": ([], False, get(lambda s: "/admin/auth/"), False, (LOGIN, *[NOT_FOUND] * 4, OK, OK)),
    "audit": (["audit"], False, get(lambda s: "/admin/audit/"), False, ADMINISTRATORS),
    "own password": (["password_change", "password_change_done"], False, get(lambda s: "/admin/password_change/"),
                     False, STAFF),
    "autocomplete images": (["autocomplete"], False, get(
        lambda s: "/admin/autocomplete/?app_label=news&model_name=article&field_name=image&term=anh"), False,
        NEWSROOM),
    # --- drafts for public comment (consultation/admin/drafts.py): the newsroom's roles, as for articles ------------
    # The writer's draft in its draft state, and the same writer's draft once an editor published it ("live").
    **{
        f"consultation draft {what}": row for what, row in {
            "app": ([], False, get(lambda s: "/admin/consultation/"), False, (LOGIN, NOT_FOUND, OK, OK, OK, OK, OK)),
            "list": (["consultation_draft_changelist"], False, get(lambda s: "/admin/consultation/draft/"), False,
                     NEWSROOM),
            "list filtered": ([], False, get(lambda s: "/admin/consultation/draft/?period=open&status__exact=draft"),
                              False, NEWSROOM),
            "add form": (["consultation_draft_add"], False, get(lambda s: "/admin/consultation/draft/add/"), False,
                         NEWSROOM),
            "add": ([], False, post(lambda s: "/admin/consultation/draft/add/", lambda s: s.new_draft_form("draft")),
                    True, NEWSROOM),
            "add published": ([], False, post(lambda s: "/admin/consultation/draft/add/",
                                              lambda s: s.new_draft_form("published")),
                              True, (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
            "open": (["consultation_draft_change"], False, get(lambda s: s.object_url(s.consultation_draft, "change/")),
                     False, (LOGIN, DENIED, OK, GONE, OK, OK, OK)),
            "open live": ([], False, get(lambda s: s.object_url(s.live_draft, "change/")), False,
                          (LOGIN, DENIED, OK, GONE, OK, OK, OK)),  # the writer reads it, read-only
            "save": ([], False, post(lambda s: s.object_url(s.consultation_draft, "change/"),
                                     lambda s: s.change_form(s.consultation_draft, title_vi="Tiêu đề sửa")),
                     True, (LOGIN, DENIED, OK, GONE, OK, OK, OK)),
            "save live": ([], False, post(lambda s: s.object_url(s.live_draft, "change/"),
                                          lambda s: s.change_form(s.live_draft, title_vi="Tiêu đề sửa")),
                          True, (LOGIN, DENIED, DENIED, GONE, OK, OK, OK)),
            "submit button": ([], False, post(lambda s: s.object_url(s.consultation_draft, "change/"),
                                              lambda s: s.change_form(s.consultation_draft, _move="review")),
                              True, (LOGIN, DENIED, OK, GONE, OK, OK, OK)),
            "publish forged in the form": ([], False, post(lambda s: s.object_url(s.consultation_draft, "change/"),
                                                           lambda s: s.change_form(s.consultation_draft,
                                                                                   status="published")),
                                           True, (LOGIN, DENIED, DENIED, GONE, OK, OK, OK)),
            "publish action": ([], False, post(lambda s: "/admin/consultation/draft/", lambda s: {
                "action": "publish", "_selected_action": [s.consultation_draft.pk]}),
                True, (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
            "unpublish action": ([], False, post(lambda s: "/admin/consultation/draft/", lambda s: {
                "action": "unpublish", "_selected_action": [s.live_draft.pk]}),
                True, (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
            "submit action": ([], False, post(lambda s: "/admin/consultation/draft/", lambda s: {
                "action": "submit_for_review", "_selected_action": [s.consultation_draft.pk]}),
                True, (LOGIN, DENIED, OK, REFUSED, OK, OK, OK)),  # another's draft is not in their list: none selected
            "delete, asked first": (["consultation_draft_delete"], False,
                                    get(lambda s: s.object_url(s.consultation_draft, "delete/")), False,
                                    (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
            "delete": ([], False, post(lambda s: s.object_url(s.consultation_draft, "delete/"),
                                       lambda s: {"post": "yes"}), True, (LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
            # A draft people commented on: deleting it deletes what they sent, which only administrators may.
            "delete commented": ([], False, post(lambda s: s.draft_comment and s.object_url(s.live_draft, "delete/"),
                                                 lambda s: {"post": "yes"}), True,
                                 (LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
            "history": (["consultation_draft_history"], False,
                        get(lambda s: s.object_url(s.consultation_draft, "history/")), False,
                        (LOGIN, DENIED, OK, GONE, OK, OK, OK)),
            "compare": (["consultation_draft_revision_diff"], False,
                        get(lambda s: s.object_url(s.consultation_draft, "history/compare/")), False,
                        (LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
            "open a revision": (["consultation_draft_revision"], False, get(lambda s: s.object_url(
                s.consultation_draft, f"history/{s.draft_version(s.consultation_draft).pk}/")), False,
                (LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
            "restore a revision": ([], False, post(lambda s: s.object_url(
                s.consultation_draft, f"history/{s.draft_version(s.consultation_draft).pk}/"),
                lambda s: s.change_form(s.consultation_draft, title_vi="Bản khôi phục")), True,
                (LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
            "restore a revision of the live draft": ([], False, post(lambda s: s.object_url(
                s.live_draft, f"history/{s.draft_version(s.live_draft).pk}/"),
                lambda s: s.change_form(s.live_draft, title_vi="Bản khôi phục")), True,
                (LOGIN, NOT_FOUND, DENIED, NOT_FOUND, OK, OK, OK)),
            "deleted list": (["consultation_draft_recoverlist"], False,
                             get(lambda s: "/admin/consultation/draft/recover/"), False, NEWSROOM),
            "recover": (["consultation_draft_recover"], False, post(
                lambda s: f"/admin/consultation/draft/recover/{s.deleted_version('consultation_draft').pk}/",
                lambda s: {}), True,
                (LOGIN, DENIED, REFUSED, NOT_FOUND, REFUSED, REFUSED, REFUSED)),  # an empty form: shown again
            "file": (["consultation_draft_file"], False, get(lambda s: s.object_url(
                s.consultation_draft, f"files/{s.consultation_draft.files.get().pk}/")), False,
                (LOGIN, NOT_FOUND, OK, NOT_FOUND, OK, OK, OK)),
            "autocomplete drafting unit": ([], False, get(
                lambda s: "/admin/autocomplete/?app_label=consultation&model_name=draft&field_name=drafting_unit"
                          "&term=co"), False, NEWSROOM),
        }.items()
    },
    # --- comments on drafts (consultation/admin/comments.py): personal data, editors and administrators only -------
    **{
        f"consultation comment {what}": row for what, row in {
            "list": (["consultation_comment_changelist"], False, get(lambda s: s.draft_comment and
                                                                     "/admin/consultation/comment/"), False, EDITORS),
            "moderation queue": ([], False, get(lambda s: s.draft_comment and
                                                "/admin/consultation/comment/?moderation__exact=pending"), False,
                                 EDITORS),
            "add form": (["consultation_comment_add"], False, get(lambda s: "/admin/consultation/comment/add/"),
                         False, NOBODY),  # comments come from the public form only
            "open": (["consultation_comment_change"], False,
                     get(lambda s: s.object_url(s.draft_comment, "change/")), False, EDITORS),
            "handle": ([], False, post(lambda s: s.object_url(s.draft_comment, "change/"), lambda s: {
                **s.change_form(s.draft_comment), "moderation": "approved", "disposition": "accepted",
                "response": "Đã tiếp thu."}), True, EDITORS),
            "approve action": ([], False, post(lambda s: "/admin/consultation/comment/", lambda s: {
                "action": "approve", "_selected_action": [s.draft_comment.pk]}), True, EDITORS),
            "export action": ([], False, post(lambda s: "/admin/consultation/comment/", lambda s: {
                "action": "export_csv", "_selected_action": [s.draft_comment.pk]}), False, EDITORS),
            "delete": (["consultation_comment_delete"], False, post(lambda s: s.object_url(s.draft_comment, "delete/"),
                                                                  lambda s: {"post": "yes"}), True, ADMINISTRATORS),
            "history": (["consultation_comment_history"], False,
                        get(lambda s: s.object_url(s.draft_comment, "history/")), False,
                        (LOGIN, GONE, GONE, GONE, OK, OK, OK)),
            "attachment": (["consultation_comment_attachment"], False,
                           get(lambda s: s.object_url(s.draft_comment, "attachment/")), False, EDITORS),
            **{
                f"export {kind}": (["consultation_comment_export"], False, get(
                    lambda s, k=kind: f"/admin/consultation/comment/export/{k}/?draft__id__exact={s.live_draft.pk}"
                    if s.draft_comment else ""), False, EDITORS)
                for kind in ("csv", "xlsx")
            },
        }.items()
    },
}

def with_changes(scene, action, status="draft"):
    """The address of ``action`` on the scene's article's waiting changes (the writer's, when it is live)."""
    from news.models.pending import PendingChange

    if scene.state == "published":
        PendingChange.objects.get_or_create(article=scene.article, defaults={
            "values": {"title_vi": "Tiêu đề chờ đăng"}, "status": status, "created_by": scene.people["writer"]})
    return scene.a(action if action.endswith("/") or "?" in action else f"changes/{action}/")


# Admin URLs that are not a staff member's way to content, each with why it is not in the table.
NOT_IN_THE_TABLE = {
    "login": "signing in (tests/test_security.py)",
    "logout": "signing out",
    "jsi18n": "the admin's translated strings for scripts: the same for everyone signed in",
}


def _admin_url_names():
    """Every URL name in the admin's namespace ("?" for the unnamed catch-alls of each model)."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "admin":
                names.add(pattern.name or "?")
            elif isinstance(pattern, URLPattern) and namespace == "desk":  # the desk's endpoints under /admin/desk/
                names.add(f"desk:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_staff_url_is_in_the_table():
    covered = {name for names, *_rest in TABLE.values() for name in names}
    missing = _admin_url_names() - covered - set(NOT_IN_THE_TABLE)
    assert not missing, f"admin URLs with no row in the permission table: {sorted(missing)}"
    assert set(admin.site._registry) >= {Article, Image, Directive, Organization, Section, Tag}


def _cases():
    """One case per row and state; each tries every role (ROLES order)."""
    for action, (_names, stateful, _request, _changes, answers) in TABLE.items():
        for state in STATES if stateful else [None]:
            expected = [answer[state or "draft"] if isinstance(answer, dict) else answer for answer in answers]
            yield pytest.param(action, state, expected, id=f"{action}|{state or '-'}")


def everything(media_root):
    """Every row of every table but the sessions (signing in writes one), and every file in the media folder."""
    rows = {}
    for model in apps.get_models():
        if model is Session:
            continue
        rows[model._meta.label] = sorted(map(repr, model._default_manager.values_list()))
    files = sorted(os.path.relpath(os.path.join(folder, name), media_root)
                   for folder, _dirs, names in os.walk(media_root) for name in names)
    return rows, files


@pytest.mark.parametrize("action, state, expected", list(_cases()))
def test_permission(action, state, expected, people, root, section, act_as, media_root):
    _names, _stateful, make_request, changes, _answers = TABLE[action]
    scene = Scene(people, root, section, state or "draft")
    method, url, data = make_request(scene)  # builds what the request is about, as the superuser
    wrong = []
    for role, answer in zip(ROLES, expected):
        # Each role meets the scene as it was built: whatever an allowed request did is rolled back after it.
        with transaction.atomic():
            client = act_as(role)
            for value in (data or {}).values():
                if hasattr(value, "seek"):
                    value.seek(0)  # an upload is read again by each role's request
            before = everything(media_root)
            response = getattr(client, method)(url, data) if method == "post" else client.get(url)
            after = everything(media_root)
            transaction.set_rollback(True)
        problem = _mismatch(answer, response, changes, before, after)  # only POSTs and "article open" change
        if problem:
            wrong.append(f"{role}: expected {answer}, {problem}")
    assert not wrong, f"{method.upper()} {url}\n" + "\n".join(wrong)


def _mismatch(expected, response, may_change, before, after):
    """What is wrong with ``response`` for the ``expected`` answer, or None."""
    code, location = response.status_code, response.get("Location", "")
    answered = {
        LOGIN: code == 302 and location.startswith("/admin/login/"),
        GONE: code == 404 or (code == 302 and location == "/admin/"),
        OK: code in (200, 302) and not location.startswith("/admin/login/"),
    }
    answered[REFUSED] = answered[OK]
    if not answered.get(expected, str(code) == expected):
        return f"got {code} {location}".rstrip()
    changed = [label for label in after[0] if after[0][label] != before[0][label]]
    if after[1] != before[1]:
        changed.append("media files")
    if expected == OK and may_change and not changed:
        return "allowed, yet nothing was saved"
    if (expected != OK or not may_change) and changed:
        return f"refused or read-only, yet changed {changed}"
    return None


def test_the_table_tries_every_role_and_state():
    cases = list(_cases())
    assert {case.values[1] for case in cases} == set(STATES) | {None}
    assert sum(len(case.values[2]) for case in cases) > 1000  # requests, each checked
    assert all(len(answers) == len(ROLES) for *_rest, answers in TABLE.values())
