"""The Vietnamese admin speaks Vietnamese on every page a role can open (issue 9, item 17).

A crawl: for a writer, an editor, an administrator (the groups, no superuser flag) and a superuser, start at
/admin/ with the demo loaded plus articles in every state, revisions, a restored revision and a deleted article,
follow every link that stays in the Vietnamese admin (GET only), and add the pages links may not reach. Each page
must be served in Vietnamese (<html lang="vi">) and show no English interface text, in its visible text or in
the attributes a person meets (title, aria-label, placeholder, alt, the value of a button).

How English is found (``english_words``): a word is English interface text when it is one of the words of the
English source strings (msgids) of the catalogs the admin is built from, Django's, the third-party apps' and
ours, plus a few common interface words, unless it can be read as a Vietnamese syllable ("to", "the", "can") or
is a term the Vietnamese interface keeps (URL, HTML, email). Content is not interface: the values of inputs,
the text of textareas, anything marked lang="en", addresses and file names are left out. The demo's English
texts live only there (the English tabs' inputs), and the test's own data is written in Vietnamese.
"""
import gettext
import json
import re
import unicodedata
from collections import deque
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import django
import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from reversion.models import Version

from news.models import Article, Directive, Image, Organization, Tag
from tests.factories import PASSWORD, article_form, image_upload
from tests.pages import change_form_data, elements, form_data, texts

ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = Path(django.__file__).resolve().parent.parent

# --- the detector ----------------------------------------------------------------------------------------------

# Where the admin's English comes from: the msgids of these catalogs (a complete translation's .mo file lists
# every msgid of its package), and of ours.
VOCABULARY_CATALOGS = [
    "django/conf/locale/de/LC_MESSAGES/django.mo",
    "django/contrib/admin/locale/de/LC_MESSAGES/django.mo",
    "django/contrib/admin/locale/de/LC_MESSAGES/djangojs.mo",
    "django/contrib/auth/locale/de/LC_MESSAGES/django.mo",
    "django/contrib/contenttypes/locale/de/LC_MESSAGES/django.mo",
    "reversion/locale/de/LC_MESSAGES/django.mo",
    "axes/locale/de/LC_MESSAGES/django.mo",
    "django_prose_editor/locale/de/LC_MESSAGES/djangojs.mo",
    "django_prose_editor/locale/fr/LC_MESSAGES/djangojs.mo",
]
# Words a staff member would notice in English whatever the catalogs above say: the issue's own examples, the
# admin's everyday verbs, and the name Django gives a model without a verbose name (Rendition).
COMMON_INTERFACE_WORDS = [
    "add", "added", "action", "actions", "all", "alternative", "and", "are", "below", "body", "cancel", "caption",
    "change", "changed", "changes", "choose", "clear", "close", "columns", "correct", "counts", "date", "delete",
    "deleted", "edit", "editor", "error", "errors", "figure", "filter", "filters", "heading", "hide", "history",
    "home", "image", "insert", "lead", "link", "list", "log", "logout", "name", "new", "next", "none", "not",
    "object", "of", "or", "page", "paragraph", "password", "please", "preview", "previous", "press", "recover",
    "remove", "revert", "reverted", "revision", "rows", "save", "saved", "search", "select", "selected", "show",
    "site", "tab", "table", "text", "this", "time", "title", "today", "update", "user", "users", "view", "welcome",
    "with", "yes", "your", "rendition", "renditions",
]
# Words the Vietnamese interface writes as they are: loanwords ("trang web", "menu", "sapo"), names of file
# formats, and "salt", kept in brackets after "chuỗi muối" in a password's summary as the technical term.
KEPT_IN_VIETNAMESE = {"url", "html", "email", "web", "menu", "sapo", "ok", "id", "jpeg", "webp", "png", "gif", "pdf",
                      "salt"}
# Initial consonant, vowels, final consonant: what a Vietnamese syllable can be, once its marks are folded.
VIETNAMESE_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$"
)
# Words as letters and digits together: a token with a digit ("c4dd58" in a hash, "H2") is not language.
WORD = re.compile(r"[^\W_]+")
# Addresses, paths, file names, e-mail addresses and placeholders ("%(name)s", "{name}") are not language.
NOT_LANGUAGE = re.compile(r"\S*[/\\@]\S*|\S+\.[A-Za-z0-9]{2,5}\b|%\(\w+\)[sd]|\{\w*\}")


def fold(word):
    """Lower case without marks: "Tiêu" -> "tieu", "Đề" -> "de"."""
    word = word.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def can_be_vietnamese(word):
    return bool(VIETNAMESE_SYLLABLE.match(fold(word)))


def _catalog_words():
    words = set(COMMON_INTERFACE_WORDS)
    paths = [SITE_PACKAGES / path for path in VOCABULARY_CATALOGS] + [ROOT / "locale/vi/LC_MESSAGES/django.mo"]
    for path in paths:
        with path.open("rb") as file:
            catalog = gettext.GNUTranslations(file)._catalog
        for key in catalog:
            msgid = key[0] if isinstance(key, tuple) else key
            msgid = msgid.split("\x04")[-1]  # without the context
            words.update(word.lower() for word in WORD.findall(NOT_LANGUAGE.sub(" ", re.sub(r"<[^>]+>", " ", msgid))))
    return words


ENGLISH = frozenset(
    word for word in _catalog_words()
    if word.isascii() and word.isalpha() and len(word) > 1 and word not in KEPT_IN_VIETNAMESE
    and not can_be_vietnamese(word)
)


def english_words(text):
    """The English interface words in ``text`` (in order, once each); acronyms (up to 4 capitals) are let be."""
    found = []
    for word in WORD.findall(NOT_LANGUAGE.sub(" ", text)):
        if (word.isupper() and len(word) <= 4) or not word.isalpha():
            continue
        if word.lower() in ENGLISH and word.lower() not in found:
            found.append(word.lower())
    return found


SKIPPED_SUBTREES = {"script", "style", "textarea", "template"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "label", "aria-description")
BUTTON_INPUTS = {"submit", "button", "reset"}


class _Reader(HTMLParser):
    """What a person meets on a page: (where, text) pairs for visible text and read attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.stack = []  # (tag, skipped, classes)
        self.html_lang = None

    @property
    def skipping(self):
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        lang = (attrs.get("lang") or "").lower()
        classes = (attrs.get("class") or "").split()
        # A read-only field shows its value (content) as text, where an editable one has it in an input: in a
        # fieldset as <div class="readonly">, in a tabular inline's cell (<td class="field-...">) as a bare <p>.
        # A row of hidden fields (class "hidden") is never shown.
        parent = self.stack[-1] if self.stack else ("", False, [])
        inline_value = tag == "p" and parent[0] == "td" and any(c.startswith("field-") for c in parent[2])
        skipped = (self.skipping or tag in SKIPPED_SUBTREES or "readonly" in classes or "hidden" in classes
                   or inline_value or "hidden" in attrs or (tag != "html" and lang and not lang.startswith("vi")))
        if not skipped:
            where = f"<{tag}>"
            for name in READ_ATTRIBUTES:
                if attrs.get(name):
                    self.found.append((f"{where} {name}", attrs[name]))
            if tag == "input" and (attrs.get("type") or "text").lower() in BUTTON_INPUTS and attrs.get("value"):
                self.found.append((f"{where} value", attrs["value"]))
        if tag not in VOID:
            self.stack.append((tag, skipped, classes))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self.skipping:
            tag = self.stack[-1][0] if self.stack else "?"
            self.found.append((f"<{tag}> text", " ".join(data.split())))


def read_page(html):
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.html_lang, reader.found


# English that no catalog reaches, each with the reason: (page path, where on the page, the text, why). The
# text is taken out of what the page shows before the rest is checked, on matching pages only.
UNTRANSLATABLE = [
    (r"^/admin/news/article/\d+/preview/", r"text", r"^(Tag:|File đính kèm|Website:)$",
     "the public page's own labels, printed as the MPI portal prints them (tests/data/anniversary_vi.txt)"),
    (r"", r"^<img> alt$", r"^(True|False|None)$",
     "Django's yes/no icons: _boolean_icon() (django/contrib/admin/templatetags/admin_list.py) writes the value"),
    (r"^/admin/axes/", r"", r"Attempted Access: \S+ \S+|Access Log for \S+ @ \S+ \S+",
     "django-axes names its records in Python, without gettext (axes/models.py, __str__)"),
    (r"/delete/$", r"", r"\b\w+_\w+ object \(\d+\)|(?i:liên kết) \w+–\w+",
     "rows of many-to-many link tables: Django names them from class names (Model.__str__, related.py)"),
    (r"", r"", r"\b[Rr]enditions?\b",
     "news.Rendition has no verbose_name, so Django names it from its class (giving it one needs a migration)"),
    (r"^/admin/axes/accessattempt/", r"^<span> text$", r"^Status$",
     "django-axes' list column \"status\" has no description: Django titles it from the method's name"),
    (r"^/admin/auth/user/\d+/password/$", r"", r"If disabled, the current password for this user will be lost\.",
     "Django 5.2 appends this sentence in English, outside gettext (django/contrib/auth/forms.py)"),
    (r"^/admin/auth/user/\d+/change/$", r"^<bdi> text$", r"^[A-Za-z0-9+/=]+\*+$",
     "the password's salt and hash, shown masked: their first characters are random (\"Dd****\" read as English)"),
]


def english_on_page(html, path=""):
    """[(where, text, [English words])] for a page's visible text and read attributes."""
    _lang, found = read_page(html)
    rules = [(re.compile(where), re.compile(text)) for page, where, text, _why in UNTRANSLATABLE
             if re.search(page, path)]
    problems = []
    for where, text in found:
        shown = text
        for where_rule, text_rule in rules:
            if where_rule.search(where):
                shown = text_rule.sub("", shown)
        if words := english_words(shown):
            problems.append((where, text, words))
    return problems


# --- the detector, tested ----------------------------------------------------------------------------------------

def test_the_detector_flags_english_interface_text():
    assert english_words("Please correct the error below.") == ["please", "correct", "error", "below"]
    for text in ("Revert bài viết", "RECOVER DELETED bài viết", "Show counts", "Insert Figure", "Image URL",
                 "Alternative Text", "Caption", "Edit Link", "Heading 2", "paragraph", "Đã thay đổi Lead [vi]",
                 "2 thư viện ảnh (Save)", "Reverted to previous version"):
        assert english_words(text), text


def test_the_detector_accepts_vietnamese():
    for text in ("Vui lòng sửa lỗi bên dưới.", "Khôi phục bài viết", "Phục hồi bài viết đã xoá", "Chú thích",
                 "Văn bản thay thế", "Tiêu đề 2", "Đoạn văn", "Đã thay đổi Tóm tắt [vi] và Nội dung [vi].",
                 "Địa chỉ URL của ảnh", "Tệp: images/2026/11/anh-hoi-nghi.jpg", "Chỉ thị số 05-CT/TW",
                 "Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối các cơ quan Trung ương", "to", "the", "can"):
        assert english_words(text) == [], text


def test_the_untranslatable_exceptions_hold_only_where_they_are_named():
    icon = '<html lang="vi"><body><img src="/static/admin/img/icon-no.svg" alt="False"><p>{}</p></body></html>'
    assert english_on_page(icon.format("Có"), "/admin/news/article/") == []
    assert english_on_page(icon.format("False"), "/admin/news/article/")  # as text, not as the icon's alt
    record = '<html lang="vi"><body><h1>Attempted Access: 2026-11-29 16:07:50+00:00</h1></body></html>'
    assert english_on_page(record, "/admin/axes/accessattempt/1/change/") == []
    assert english_on_page(record, "/admin/news/article/1/change/")
    masked = '<html lang="vi"><body><p>muối: <bdi>Dd********************</bdi></p></body></html>'
    assert english_on_page(masked, "/admin/auth/user/1/change/") == []
    assert english_on_page(masked, "/admin/news/article/1/change/")


def test_the_detector_reads_attributes_and_leaves_content_alone():
    page = """<html lang="vi"><head><title>Sửa bài viết</title></head><body>
      <a href="#" title="Show counts">Hiện số lượng</a> <img src="x.png" alt="Caption">
      <input type="submit" value="Save"> <input type="text" value="The conference hall">
      <input placeholder="Search"> <button aria-label="Edit Link">Sửa</button>
      <textarea>This morning the Ministry held its briefing.</textarea>
      <p lang="en">An English quotation the page marks as such.</p>
      <table><tr><td class="field-title_en"><p>Form No. 01a (a read-only inline value)</p></td>
      <td class="field-kind"><span>Show all</span></td></tr></table>
      <p>Bài viết <b>Revert</b></p></body></html>"""
    found = english_on_page(page)
    assert [(where, text) for where, text, _words in found] == [
        ("<a> title", "Show counts"), ("<img> alt", "Caption"), ("<input> value", "Save"),
        ("<input> placeholder", "Search"), ("<button> aria-label", "Edit Link"), ("<span> text", "Show all"),
        ("<b> text", "Revert"),
    ]


# --- the newsroom the crawl walks through ------------------------------------------------------------------------

ROLES = ("writer", "editor", "administrator", "superuser")
# Vietnamese user names: a name is content, and it shows in every page's header.
USERNAMES = {"writer": "phongvien", "editor": "bientapvien", "administrator": "quantri", "superuser": "tongbientap"}
STATES = ("draft", "review", "scheduled", "published", "archived")


# What the sign-in records (django-axes) show as the browser; a client signed in with force_login() has none.
BROWSER = "Mozilla/5.0 (X11) Chromium/120.0"


def sign_in(client, user):
    """Sign ``user`` in through the admin's sign-in form, as a browser does (and as django-axes records it)."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, texts(response.content, "p", class_="errornote")
    return client


def admin_post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (url, texts(response.content, "ul", class_="errorlist"))
    return response


@pytest.fixture
def newsroom(demo, make_staff, make_article, section, client):
    """The demo, a person per role, an article (the writer's) per state, revisions, a restore and a deletion.

    Returns {"staff": {role: user}, "articles": {state: article}, "deleted": Version of the deleted article}.
    """
    staff = {
        role: make_staff(role, USERNAMES[role], first_name="Nguyễn Văn", last_name=USERNAMES[role].title())
        for role in ROLES
    }
    writer = staff["writer"]
    now = timezone.now().replace(second=0, microsecond=0)
    times = {
        "scheduled": now + timedelta(days=2), "published": now - timedelta(days=1), "archived": now - timedelta(days=9),
    }
    articles = {}
    for state in STATES:
        articles[state] = make_article(
            title_vi=f"Bài viết {('nháp', 'chờ duyệt', 'hẹn giờ', 'đã đăng', 'đã gỡ')[STATES.index(state)]}",
            status="published" if state == "scheduled" else state,
            published_at=times.get(state),
            author=writer,
        )

    articles["published"].tags.add(Tag.objects.create(name_vi="Xây dựng Đảng", name_en="Party building"))

    root = sign_in(client, staff["superuser"])
    # Revisions: two saves in the admin (reversion keeps one each), then the first one restored.
    draft = articles["draft"]
    url = f"/admin/news/article/{draft.pk}/change/"
    admin_post(root, url, change_form_data(root, draft, lead_vi="Sáng nay, Bộ tổ chức giao ban."))
    admin_post(root, url, change_form_data(root, draft, lead_vi="Chiều nay, Bộ họp.", body_vi="<p>Nội dung mới.</p>"))
    first = Version.objects.get_for_object(draft).order_by("pk").first()
    revision_url = f"/admin/news/article/{draft.pk}/history/{first.pk}/"
    admin_post(root, revision_url, form_data(root.get(revision_url).content, "article_form"))
    # The registry keeps revisions too.
    for model, obj, field in (("directive", Directive.objects.first(), "summary_vi"),
                              ("organization", Organization.objects.first(), "description_vi")):
        change = f"/admin/news/{model}/{obj.pk}/change/"
        admin_post(root, change, {**form_data(root.get(change).content, f"{model}_form"), field: "Nội dung sửa lại."})
    # A second picture in the library (the list then counts in the plural).
    image_add = "/admin/news/image/add/"
    admin_post(root, image_add, {**form_data(root.get(image_add).content, "image_form"),
                                 "file": image_upload("anh-hoi-truong.png"), "caption_vi": "Hội trường"})
    # A deleted article, written in the admin by the writer (so it has a revision), deleted by an editor.
    writer_client = sign_in(type(client)(), writer)
    admin_post(writer_client, "/admin/news/article/add/", article_form(section, title_vi="Bài viết sẽ bị xoá",
                                                                       slug_vi="bai-viet-se-bi-xoa"))
    doomed = Article.objects.get(title_vi="Bài viết sẽ bị xoá")
    admin_post(root, f"/admin/news/article/{doomed.pk}/delete/", {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).get()
    # A failed sign-in, for the sign-in records (django-axes) that administrators read.
    type(client)().post("/admin/login/", {"username": "phongvien", "password": "sai-mat-khau"},
                        REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT=BROWSER)
    assert AccessAttempt.objects.exists()
    root.logout()
    return {"staff": staff, "articles": articles, "deleted": deleted}


# --- the crawl ---------------------------------------------------------------------------------------------------

MAX_PAGES = 250  # per role; the crawl fails if it needs more, rather than stop quietly
SKIPPED_PATHS = (
    "/admin/logout/",  # signs out
    "/admin/r/",  # "view on site": a redirect to the public site
    "/admin/jsi18n/",  # a script
    "/admin/autocomplete/",  # JSON
)
# Query parameters that show a page already seen again: in a popup, for a relation, sorted, with counts.
SAME_PAGE_PARAMETERS = {"_popup", "_to_field", "_changelist_filters", "o", "_facets"}


def page_kind(url):
    """Linked pages of one kind count once: the change form of one organization stands for the others, one
    filter value for the others ("/admin/news/organization/N/change/", ("parent__id__exact",)). The known pages
    are visited whatever their kind (every article state has its own buttons)."""
    parts = urlsplit(url)
    names = sorted({name for name, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"/\d+/", "/N/", parts.path), tuple(names)


def is_followed(url):
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin/"):
        return False
    if parts.path.startswith(SKIPPED_PATHS):
        return False
    names = {name for name, _value in parse_qsl(parts.query, keep_blank_values=True)}
    return not names & SAME_PAGE_PARAMETERS


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def column_titles(html):
    """The titles of a change list's columns, as shown (the checkbox column has none)."""
    table = re.search(r'<table id="result_list">.*?</thead>', html, re.DOTALL)
    if not table:
        return []
    return [" ".join(th.text.split()) for th in elements(table.group(0), "th") if th.attrs.get("scope") == "col"]


def links_of(html, base):
    parser = _Links()
    parser.feed(html)
    return [urljoin(base, href).split("#")[0] for href in parser.hrefs]


def known_pages(newsroom):
    """Pages links may not reach (or reach only through a form): each kind the issue names."""
    articles, deleted = newsroom["articles"], newsroom["deleted"]
    draft = articles["draft"]
    revision = Version.objects.get_for_object(draft).order_by("pk").first()
    image = Image.objects.first()
    directive, organization = Directive.objects.first(), Organization.objects.first()
    pages = {
        "index": "/admin/",
        "history": f"/admin/news/article/{draft.pk}/history/",
        "revision": f"/admin/news/article/{draft.pk}/history/{revision.pk}/",
        "compare": f"/admin/news/article/{draft.pk}/history/compare/",
        "recover list": "/admin/news/article/recover/",
        "recover": f"/admin/news/article/recover/{deleted.pk}/",
        "preview": f"/admin/news/article/{draft.pk}/preview/",
        "show counts": "/admin/news/article/?_facets=True",
        "password change": "/admin/password_change/",
        "audit": "/admin/audit/",
        "image library": "/admin/news/image/",
        "image change": f"/admin/news/image/{image.pk}/change/",
        "directive history": f"/admin/news/directive/{directive.pk}/history/",
        "organization history": f"/admin/news/organization/{organization.pk}/history/",
        "users": "/admin/auth/user/",
        "groups": "/admin/auth/group/",
    }
    # The change form, history and delete confirmation of one object of every model in the admin.
    from django.contrib import admin

    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}"
            for kind in ("change", "history", "delete"):
                pages.setdefault(f"{model._meta.label_lower} {kind}", f"{base}/{kind}/")
    for state, article in articles.items():
        pages[f"{state} article"] = f"/admin/news/article/{article.pk}/change/"
        pages[f"{state} article delete"] = f"/admin/news/article/{article.pk}/delete/"
    for model in ("article", "section", "tag", "organization", "directive", "image"):
        pages[f"{model} add"] = f"/admin/news/{model}/add/"
    for model, obj in (("section", newsroom["articles"]["draft"].section), ("directive", directive),
                       ("organization", organization)):
        pages[f"{model} change"] = f"/admin/news/{model}/{obj.pk}/change/"
        pages[f"{model} delete"] = f"/admin/news/{model}/{obj.pk}/delete/"
    return pages


def crawl(client, start_pages):
    """Visit ``start_pages`` then every admin page linked from a visited one. Returns (visited, problems):
    visited: {url: status}; problems: ["url: where: text (English words)"]."""
    queue = deque((url, True) for url in start_pages)
    seen_kinds, visited, problems = set(), {}, []
    while queue:
        url, known = queue.popleft()
        kind = page_kind(url)
        if url in visited or (kind in seen_kinds and not known):
            continue
        seen_kinds.add(kind)
        assert len(visited) < MAX_PAGES, f"more than {MAX_PAGES} admin pages: raise MAX_PAGES or narrow page_kind()"
        response = client.get(url)
        visited[url] = response.status_code
        if response.status_code in (301, 302):
            target = urljoin(url, response["Location"])
            if is_followed(target):
                queue.append((target, False))
            continue
        # A refusal (403) or a missing page (404) is read too: staff meet those pages as well.
        if response.status_code not in (200, 403, 404) or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        lang, _found = read_page(html)
        if lang != "vi":
            problems.append(f"{url}: the page is not in Vietnamese (<html lang={lang!r}>)")
        for where, text, words in english_on_page(html, urlsplit(url).path):
            problems.append(f"{url}: {where}: {text[:120]!r} (English: {', '.join(words)})")
        columns = [title for title in column_titles(html) if title]  # the checkboxes' column has none
        if len(columns) != len(set(columns)):
            problems.append(f"{url}: two columns have the same title: {columns}")
        if response.status_code != 200:
            continue
        # One filter at a time: from a filtered list, only pages without a query are followed (combinations of
        # filters show the same words again, and there are thousands).
        filtered = bool(urlsplit(url).query)
        queue.extend(
            (link, False) for link in links_of(html, url)
            if is_followed(link) and not (filtered and urlsplit(link).query)
        )
    return visited, problems


# What each role must have been able to open: proof that the crawl reached the pages the issue names.
MUST_OPEN = {
    "writer": {"index", "history", "revision", "compare", "recover list", "preview", "show counts",
               "password change", "image library", "draft article", "review article", "article add"},
    "editor": {"index", "history", "revision", "compare", "recover list", "recover", "preview", "show counts",
               "password change", "image library", "image change", "draft article delete", "published article",
               "published article delete", "scheduled article", "archived article", "article add"},
    "administrator": {"index", "history", "revision", "compare", "recover list", "recover", "preview", "audit",
                      "show counts", "users", "groups", "directive history", "organization history",
                      "section add", "directive delete", "organization delete", "section delete"},
    "superuser": {"index", "history", "revision", "compare", "recover list", "recover", "preview", "audit",
                  "show counts", "users", "groups", "directive add", "directive history", "image add",
                  "password change", "auth.user change", "auth.group change", "news.tag change",
                  "axes.accessattempt change", "axes.accesslog change"},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_a_role_opens_is_in_vietnamese(client, newsroom, role):
    sign_in(client, newsroom["staff"][role])
    pages = known_pages(newsroom)
    visited, problems = crawl(client, list(pages.values()))
    unopened = sorted(name for name in MUST_OPEN[role] if visited.get(pages[name]) != 200)
    assert not unopened, f"{role} could not open: {unopened}"
    assert len(visited) > 30, visited  # the crawl followed links, not only the known pages
    assert not problems, f"{role}: English in the Vietnamese admin ({len(problems)}):\n" + "\n".join(problems)


# --- change messages: field labels as the admin stores them --------------------------------------------------------

def stored_labels(user):
    """{English label: Vietnamese label} of every field an admin form (and its inlines) can name in a change
    message. Django stores the labels untranslated ("Lead [vi]": modeltranslation's label of lead_vi, in English)
    and translates them only when the history is shown, with gettext(label): each needs its own catalog entry."""
    from django.contrib import admin
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get("/admin/")
    request.user = user
    labels = {}
    for model, model_admin in admin.site._registry.items():
        for obj in (None, model()):  # the add form and the change form (they differ for users)
            forms = [model_admin.get_form(request, obj)]
            forms += [formset.form for formset, _inline in model_admin.get_formsets_with_inlines(request, obj)]
            for form in forms:
                # An inline's rows are named by their model ("Added attachment “…”"), lower case.
                with translation.override(None):
                    english = str(form._meta.model._meta.verbose_name)
                with translation.override("vi"):
                    labels[english] = str(form._meta.model._meta.verbose_name)
                for name, field in form.base_fields.items():
                    with translation.override(None):
                        english = str(field.label or name)
                    with translation.override("vi"):
                        labels[english] = str(field.label or name)
    return labels


# Labels our public pages also use for the MPI portal's own words ("Website:", "File đính kèm"): the history
# shows those words too.
SHARED_WITH_PUBLIC_PAGES = {"Website", "Attached file"}


@pytest.mark.django_db
def test_change_messages_name_fields_as_the_vietnamese_form_does(make_staff):
    """Each label has a Vietnamese entry; one kept in locale_overrides/ (not used elsewhere) reads as the form's."""
    from django.utils import translation
    from django.utils.text import capfirst

    with (ROOT / "locale/vi/LC_MESSAGES/django.mo").open("rb") as file:
        ours = set(gettext.GNUTranslations(file)._catalog)
    missing = []
    with translation.override("vi"):
        for english, vietnamese in sorted(stored_labels(make_staff("superuser")).items()):
            shown = translation.gettext(english)
            if english in SHARED_WITH_PUBLIC_PAGES or (english in ours and not english_words(shown)):
                continue  # our own catalog words it for the public pages too
            if capfirst(shown) != capfirst(vietnamese):
                missing.append(f'msgid "{english}"\nmsgstr "{vietnamese}"\n')
    assert not missing, (
        "The history would name these fields in English (or unlike the form); add them to "
        "locale_overrides/vi/LC_MESSAGES/django.po:\n\n" + "\n".join(missing)
    )


# --- the admin's scripts ---------------------------------------------------------------------------------------------

EDITOR_JS = SITE_PACKAGES / "django_prose_editor/static/django_prose_editor/editor.js"
OUR_EDITOR_LABELS = ROOT / "static/news/admin/prose-editor-labels.js"
JS_STRING = r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"


def editor_msgids():
    """The strings django-prose-editor's script asks gettext for (its bundle calls gettext under a short name)."""
    source = EDITOR_JS.read_text(encoding="utf-8")
    alias = re.search(r"([\w$]+)=window\.gettext\|\|", source).group(1)
    calls = re.findall(re.escape(alias) + r"\(", source)
    literals = re.findall(re.escape(alias) + r"\(" + JS_STRING + r"\)", source)
    assert len(literals) == len(calls), "the editor calls gettext with something else than a string: read it"
    return {json.loads('"' + text[1:-1] + '"') if text[0] == "'" else json.loads(text) for text in literals}


def admin_script_msgids():
    """The strings Django's admin scripts ask gettext for (German, a complete translation, lists them all)."""
    path = SITE_PACKAGES / "django/contrib/admin/locale/de/LC_MESSAGES/djangojs.mo"
    with path.open("rb") as file:
        keys = gettext.GNUTranslations(file)._catalog
    return {key[0] if isinstance(key, tuple) else key for key in keys} - {""}


def js_catalog(client, admin="/admin/"):
    """The catalog the admin's jsi18n script gives the page's scripts: {msgid: translation}."""
    response = client.get(f"{admin}jsi18n/")
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.DOTALL)
    return json.loads(found.group(1)) if found else {}  # English: no catalog at all


def test_every_string_the_admin_scripts_ask_for_is_vietnamese(staff_client):
    ours = set(re.findall(r"gettext\(" + JS_STRING + r"\)", OUR_EDITOR_LABELS.read_text(encoding="utf-8")))
    ours = {json.loads(text) for text in ours}
    assert {"Paragraph", "Heading %s", "Insert link"} <= ours  # the extraction found them
    editor = editor_msgids()
    assert {"Insert Figure", "Image URL", "Alternative Text", "Caption", "Edit Link"} <= editor
    wanted = {"the rich-text editor": editor, "our editor menu": ours, "Django's admin": admin_script_msgids()}
    catalog = js_catalog(staff_client)
    missing = {source: sorted(msgids - catalog.keys()) for source, msgids in wanted.items() if msgids - catalog.keys()}
    assert not missing, missing
    english = {msgid: catalog[msgid] for msgid in editor | ours if english_words(str(catalog[msgid]))}
    assert not english, english
    # The English admin's catalog has none of it: its scripts show their own English.
    assert not (editor | ours) & js_catalog(staff_client, "/en/admin/").keys()


# --- screens a person reaches by doing something ---------------------------------------------------------------------

def assert_vietnamese(response, where):
    html = response.content.decode()
    lang, _found = read_page(html)
    assert lang == "vi", where
    english = english_on_page(html, where)
    assert not english, f"{where}: {english}"
    return html


def shown_messages(html):
    """The texts of the admin's messages (saved, restored...) on a page."""
    found = re.search(r'<ul class="messagelist">(.*?)</ul>', html, re.DOTALL)
    return [" ".join(text.split()) for text in texts(found.group(1), "li")] if found else []


def test_restoring_a_revision_speaks_vietnamese(client, newsroom):
    """The revert form, its message once saved, and the history that records it."""
    draft = newsroom["articles"]["draft"]
    sign_in(client, newsroom["staff"]["editor"])
    first = Version.objects.get_for_object(draft).order_by("pk").first()
    url = f"/admin/news/article/{draft.pk}/history/{first.pk}/"
    page = assert_vietnamese(client.get(url), url)
    assert "Nhấn nút “Lưu” bên dưới để khôi phục phiên bản này." in texts(page, "p")
    assert "Khôi phục tin bài" in " ".join(texts(page, "div", class_="breadcrumbs"))

    response = client.post(url, form_data(page, "article_form"), follow=True)
    html = assert_vietnamese(response, url)
    assert shown_messages(html), "no message after restoring"
    history = assert_vietnamese(client.get(f"/admin/news/article/{draft.pk}/history/"), "history")
    assert "Đã thay đổi Sapo [vi] và Nội dung [vi]." in texts(history, "td")  # the admin saves of the fixture


def test_recovering_a_deleted_article_speaks_vietnamese(client, newsroom):
    """The list of deleted articles, the recover form and its message once saved."""
    sign_in(client, newsroom["staff"]["editor"])
    listing = assert_vietnamese(client.get("/admin/news/article/recover/"), "recover list")
    assert texts(listing, "h1") == ["Phục hồi tin bài đã xóa"]
    assert "Bài viết sẽ bị xoá" in texts(listing, "td")
    changelist = assert_vietnamese(client.get("/admin/news/article/"), "article list")
    assert "Phục hồi tin bài đã xóa" in texts(changelist, "a")

    url = f"/admin/news/article/recover/{newsroom['deleted'].pk}/"
    page = assert_vietnamese(client.get(url), url)
    assert "Nhấn nút “Lưu” bên dưới để phục hồi phiên bản này." in texts(page, "p")
    response = client.post(url, form_data(page, "article_form"), follow=True)
    html = assert_vietnamese(response, url)
    assert Article.objects.filter(title_vi="Bài viết sẽ bị xoá").exists()
    assert shown_messages(html), "no message after recovering"


def test_a_form_with_errors_says_so_in_vietnamese(client, newsroom):
    draft = newsroom["articles"]["draft"]
    sign_in(client, newsroom["staff"]["writer"])
    url = f"/admin/news/article/{draft.pk}/change/"
    response = client.post(url, change_form_data(client, draft, title_vi=""))
    assert response.status_code == 200
    html = assert_vietnamese(response, url)
    assert texts(html, "p", class_="errornote") == ["Vui lòng sửa lỗi bên dưới."]


def test_the_image_library_counts_and_titles_its_columns_in_vietnamese(client, newsroom):
    sign_in(client, newsroom["staff"]["editor"])
    html = assert_vietnamese(client.get("/admin/news/image/"), "image library")
    assert Image.objects.count() == 2
    assert "2 hình ảnh" in " ".join(" ".join(text.split()) for text in texts(html, "p", class_="paginator"))
    titles = [title for title in column_titles(html) if title]  # the first column holds the checkboxes
    assert titles[:2] == ["Ảnh thu nhỏ", "Ảnh"] and len(titles) == len(set(titles)), titles


def test_signing_in_and_being_locked_out_speak_vietnamese(client, newsroom):
    assert_vietnamese(client.get("/admin/login/"), "sign-in")
    for attempt in range(5):
        response = client.post("/admin/login/", {"username": "phongvien", "password": f"sai-{attempt}"},
                               REMOTE_ADDR="198.51.100.4", HTTP_USER_AGENT=BROWSER)
        if attempt == 0:
            html = assert_vietnamese(response, "failed sign-in")
            assert texts(html, "p", class_="errornote")[0].startswith("Vui lòng nhập đúng tên đăng nhập và mật khẩu")
    assert response.status_code == 429
    assert_vietnamese(response, "locked out")
