"""What the body editor's choosers ask the server: library pictures, an upload, and the targets of internal links.

Three admin URLs answering JSON, for static/news/admin/prose-editor-choosers.js (the dialogs of "Ảnh từ thư viện"
and "Liên kết nội bộ"), added to the admin site by :func:`install` (called from orgsite/urls.py, before the
admin's URLs are read), so they live in the admin's namespace, behind its sign-in and CSRF checks:

- ``admin:chooser_images`` (GET ``q``, ``page``, ``lang``): pictures of the library, newest first, found by
  caption, alternative text or credit without diacritics ("le ky niem" finds "Lễ kỷ niệm"), 24 a page, each with
  a thumbnail (its smallest rendition) and what the editor inserts (a rendition, the caption and alt text in the
  editor tab's language ``lang``);
- ``admin:chooser_image_upload`` (POST multipart ``file``, ``caption``, ``alt``, ``credit``, ``lang``): a new
  picture for the library, checked by content as the image admin checks it; a refused file saves nothing and the
  answer says why (400, ``{"errors": {...}}``);
- ``admin:chooser_links`` (GET ``kind`` = article | directive | organization, ``q``, ``page``, ``lang``): what a
  link may lead to. Articles: those the user may see in admin (news/workflow.py) and every published one (its
  page is public anyway); documents by number or summary; organizations by name.

Who: staff who may write articles (``workflow.can_edit(user, None)``) and see the library; uploading also needs
``news.add_image``. Each answer costs a fixed number of queries whatever the library's or the registry's size.
"""
import json

from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.forms import CharField, Form
from django.http import JsonResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from news import workflow
from news.images import CheckedImageFormField
from news.models import Article, Directive, Image, Organization, Rendition, SearchEntry
from news.renditions import target_widths
from news.search import fold, vietnamese_slugify

PER_PAGE = 24
MAX_QUERY = 200  # characters searched; longer queries are cut (nobody searches a picture with a paragraph)
# Columns a list of articles does not need (bodies and leads, in each language).
_ARTICLE_DEFERRED = [f"{field}_{code}" for field in ("body", "body_linked", "lead", "lead_linked")
                     for code in ("vi", "en")]
THUMBNAIL_WIDTH = 480  # the smallest rendition; the dialog shows it at 160 px wide
INSERTED_WIDTH = 960  # what the body shows until the page puts in the current rendition (news/internal_links.py)


def _language(request):
    lang = request.GET.get("lang") or request.POST.get("lang") or translation.get_language()
    return lang if lang in ("vi", "en") else "vi"


def _page(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


def _words(request):
    """The words searched for, each as typed and folded ("Kỷ" -> ("Kỷ", "ky"))."""
    return [(word, fold(word)) for word in request.GET.get("q", "")[:MAX_QUERY].split()]


def _may_choose(user):
    return workflow.can_edit(user, None) and user.has_perm("news.view_image")


def _whole_jpegs(image):
    """The image's JPEG renditions of the whole picture (not crops), narrowest first, from the prefetched rows."""
    widths = set(target_widths(image.width)) if image.width else None  # crops never take a resized copy's width
    jpegs = [r for r in image.renditions.all()
             if r.format == Rendition.Format.JPEG and (widths is None or r.width in widths)]
    return sorted(jpegs, key=lambda r: r.width)


def image_data(image, lang):
    """What the dialog shows of ``image`` and what the editor inserts (JSON-ready)."""
    jpegs = _whole_jpegs(image)
    thumbnail = jpegs[0] if jpegs else None
    inserted = ([r for r in jpegs if r.width <= INSERTED_WIDTH] or jpegs or [None])[-1]
    caption = getattr(image, f"caption_{lang}") or ""
    alt = getattr(image, f"alt_{lang}") or ""
    return {
        "id": image.pk,
        "caption": caption,
        "alt": alt,
        "credit": image.credit,
        "label": caption or alt or image.caption_vi or image.alt_vi or _("Picture %(number)s") % {"number": image.pk},
        "thumbnail": thumbnail.file.url if thumbnail else image.file.url,
        "src": inserted.file.url if inserted else image.file.url,
        "width": inserted.width if inserted else image.width,
        "height": inserted.height if inserted else image.height,
    }


def _paged(rows_or_queryset, page):
    start = (page - 1) * PER_PAGE
    window = list(rows_or_queryset[start:start + PER_PAGE + 1])
    return window[:PER_PAGE], len(window) > PER_PAGE


@require_GET
def images_view(request):
    """Library pictures for the picture chooser: search without diacritics, newest first, a page at a time."""
    if not _may_choose(request.user):
        raise PermissionDenied
    lang, page, words = _language(request), _page(request), _words(request)
    texts = Image.objects.order_by("-created_at", "-pk").values_list(
        "pk", "caption_vi", "caption_en", "alt_vi", "alt_en", "credit")
    if words:
        # Folded in Python (one query reading five short columns): the library's captions are not in the site's
        # search index, and folding in SQL is not the same on SQLite and PostgreSQL.
        matching = [pk for pk, *parts in texts.iterator() if all(f in fold(" ".join(filter(None, parts))) for _w, f in words)]
        ids, has_next = _paged(matching, page)
    else:
        ids, has_next = _paged(texts.values_list("pk", flat=True), page)
    found = Image.objects.filter(pk__in=ids).prefetch_related("renditions").in_bulk()
    return JsonResponse({
        "results": [image_data(found[pk], lang) for pk in ids if pk in found],
        "page": page, "has_next": has_next,
    })


class UploadForm(Form):
    file = CheckedImageFormField()
    caption = CharField(max_length=300, required=False)
    alt = CharField(max_length=300, required=False)
    credit = CharField(max_length=200, required=False)


@require_POST
def image_upload_view(request):
    """A new library picture from the chooser's upload field: checked like the image admin's, or nothing saved."""
    if not (_may_choose(request.user) and request.user.has_perm("news.add_image")):
        raise PermissionDenied
    lang = _language(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    data = form.cleaned_data
    image = Image(file=data["file"], credit=data["credit"], uploaded_by=request.user,
                  **{f"caption_{lang}": data["caption"], f"alt_{lang}": data["alt"]})
    image.save()
    # In the audit page and the image's history like an upload through the image admin.
    LogEntry.objects.log_actions(
        request.user.pk, [image], ADDITION, change_message=json.dumps([{"added": {}}]), single_object=True,
    )
    image = Image.objects.prefetch_related("renditions").get(pk=image.pk)
    return JsonResponse(image_data(image, lang))


def _article_targets(user, words):
    if workflow.may_edit_any(user):
        query = Q()
    else:  # what the admin shows them, and what readers see now (not another's scheduled or expired article)
        visible = workflow.visible_articles(user, Article.objects.all())
        query = Q(pk__in=visible.values("pk"))
        for code, _name in settings.LANGUAGES:
            query |= Q(pk__in=Article.objects.published(code).values("pk"))
    for word, folded in words:
        # Slugs are the titles folded ("le-ky-niem-..."), for drafts too; the titles as typed catch the rest.
        slug_word = vietnamese_slugify(folded)
        query &= (Q(title_vi__icontains=word) | Q(title_en__icontains=word)
                  | (Q(slug_vi__contains=slug_word) | Q(slug_en__contains=slug_word) if slug_word else Q(pk=None)))
    return (Article.objects.filter(query).select_related("section").defer(*_ARTICLE_DEFERRED)
            .order_by(F("published_at").desc(nulls_first=True), "-pk"))


def _directive_targets(words):
    query = Q()
    for word, folded in words:
        # The search index's folded words: the citation ("chi thi 05 ct tw") and the summary with the full text.
        folded_titles = SearchEntry.objects.filter(
            Q(folded_title__contains=folded) | Q(folded_body__contains=folded), kind="directive").values("object_id")
        query &= (Q(number__icontains=word) | Q(summary_vi__icontains=word) | Q(summary_en__icontains=word)
                  | Q(pk__in=folded_titles))
    return Directive.objects.filter(query).only(
        "pk", "slug", "number", "document_type", "issued_on", "plenum", "term", "summary_vi", "summary_en",
    ).order_by(F("issued_on").desc(nulls_last=True), "-pk")


def _organization_targets(words):
    query = Q()
    for word, folded in words:
        slug_word = vietnamese_slugify(folded)
        query &= (Q(name_vi__icontains=word) | Q(name_en__icontains=word) | Q(short_name__icontains=word)
                  | (Q(slug__contains=slug_word) if slug_word else Q(pk=None)))
    return Organization.objects.filter(query).only("pk", "slug", "name_vi", "name_en", "short_name").order_by("name_vi", "pk")


def _target(kind, obj, lang):
    with translation.override(lang):
        if kind == "article":
            return {"label": obj.title_vi if lang == "vi" else (obj.title_en or obj.title_vi),
                    "detail": _("%(section)s · readers see it: %(state)s") % {
                        "section": obj.section.name, "state": workflow.public_state(obj)},
                    "url": obj.get_absolute_url()}
        if kind == "directive":
            return {"label": str(obj.citation), "detail": obj.summary or "", "url": obj.get_absolute_url()}
        return {"label": obj.name, "detail": obj.short_name, "url": obj.get_absolute_url()}


@require_GET
def links_view(request):
    """Targets for the internal-link chooser: articles, documents or organizations, found by what staff type."""
    if not workflow.can_edit(request.user, None):
        raise PermissionDenied
    kind, lang, page, words = request.GET.get("kind"), _language(request), _page(request), _words(request)
    if kind == "article":
        targets = _article_targets(request.user, words)
    elif kind == "directive":
        targets = _directive_targets(words)
    elif kind == "organization":
        targets = _organization_targets(words)
    else:
        return JsonResponse({"errors": {"kind": [_("Choose what to link to.")]}}, status=400)
    objects, has_next = _paged(targets, page)
    results = [{"kind": kind, "id": obj.pk, "link": f"{kind}:{obj.pk}", **_target(kind, obj, lang)} for obj in objects]
    return JsonResponse({"results": results, "page": page, "has_next": has_next})


def urls(site):
    return [
        path("choosers/images/", site.admin_view(images_view), name="chooser_images"),
        path("choosers/images/upload/", site.admin_view(image_upload_view), name="chooser_image_upload"),
        path("choosers/links/", site.admin_view(links_view), name="chooser_links"),
    ]


def install(site):
    """Add the choosers' URLs to ``site`` (names "admin:chooser_images", "admin:chooser_image_upload",
    "admin:chooser_links"). Call it before the site's URLs are read (orgsite/urls.py does)."""
    if getattr(site, "_choosers_installed", False):
        return
    get_urls = site.get_urls
    site.get_urls = lambda: [*urls(site), *get_urls()]
    site._choosers_installed = True
