"""Durable addresses: a page whose address changes (a new slug, another section) keeps answering at the old one
with a 301 to the new one, for articles, documents, organizations, sections and tags.

Saving: news/signals.py wires :func:`remember_addresses` (pre_save: the stored object's public path in each
language) and :func:`record_old_addresses` (post_save: each path that changed becomes an OldAddress of the
object). A row names its object, not the next address, so a chain of moves (A -> B -> C) answers in one hop,
to wherever the object is now; moving back to an old address deletes that row, so a live page is never shadowed
by an old one (and the answer below is only given to a 404 anyway).

Answering: :class:`OldAddressMiddleware` turns a reader's 404 into a 301 when the path was an address of an
object that is public now in that language (an article through ``published()``: an unpublished article's old
addresses stay 404). Paths are stored without the language prefix i18n_patterns adds ("/en").
"""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

from news.models import Article, Directive, OldAddress, Organization, Section, Tag
from pagecache.keys import language_of

# The kinds of pages whose old addresses answer.
MODELS = (Article, Directive, Organization, Section, Tag)


def strip_language(url, language):
    """``url`` (a path) without the prefix i18n_patterns gives ``language``: "/en/tags/x/" -> "/tags/x/"."""
    prefix = f"/{language}/"
    if language != settings.LANGUAGE_CODE and url.startswith(prefix):
        return url[len(prefix) - 1:]
    return url


def public_paths(obj):
    """{language: the object's address in it, without the language prefix}, for the languages it has one in.

    An article counts only in the languages it is written in (elsewhere its address is no page of its own).
    """
    paths = {}
    for code, _name in settings.LANGUAGES:
        if isinstance(obj, Article) and not obj.is_written_in(code):
            continue
        with translation.override(code):
            try:
                url = obj.get_absolute_url()
            except NoReverseMatch:  # no slug in that language yet
                continue
        paths[code] = strip_language(url, code)
    return paths


def _stored(sender, pk):
    manager = sender._default_manager
    if sender is Article:
        manager = manager.select_related("section")
    return manager.filter(pk=pk).first()


def remember_addresses(sender, instance, raw=False, **kwargs):
    """pre_save: the addresses the object has before this save (none for a new object or loaded data)."""
    instance._addresses_before = {}
    if raw or instance.pk is None:
        return
    stored = _stored(sender, instance.pk)
    if stored is None:
        return
    if sender is Article and stored.status in (Article.Status.DRAFT, Article.Status.REVIEW):
        return  # never published: no reader has its address yet
    instance._addresses_before = public_paths(stored)


def record_old_addresses(sender, instance, raw=False, **kwargs):
    """post_save: each address the save changed answers for the object from now on; its new ones are its own."""
    before = getattr(instance, "_addresses_before", None)
    if raw or before is None:
        return
    instance._addresses_before = None
    now = public_paths(instance)
    content_type = ContentType.objects.get_for_model(sender)
    for language, path in now.items():
        # Moving back, or taking an address another object left: it is a live page again, not an old one.
        OldAddress.objects.filter(language=language, path=path).delete()
    for language, path in before.items():
        if now.get(language) not in (None, path):
            OldAddress.objects.update_or_create(
                language=language, path=path,
                defaults={"content_type": content_type, "object_id": instance.pk},
            )


def forget_addresses(sender, instance, **kwargs):
    """post_delete: the object's old addresses lead nowhere any more (they answer 404, as its own does)."""
    OldAddress.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


# Pages made from an object's page, whose addresses move with it: {view: (the object's page, its arguments from
# the derived page's, the derived page's arguments from the object)}. Their old addresses are not stored: the
# object's old page is looked up instead.
DERIVED = {
    "news:article_print": (
        "news:article", lambda kwargs: kwargs, lambda article: {"section": article.section.slug, "slug": article.slug},
    ),
    **{
        name: ("news:section", lambda kwargs: {"slug": kwargs["section"]}, lambda section: {"section": section.slug})
        for name in ("news:section_feed", "news:section_atom")
    },
}


def _derived(path_info, language):
    """(the object's page the derived page at ``path_info`` comes from, the derived view's name), or None."""
    try:
        with translation.override(language):
            match = resolve(path_info)
            page, arguments, _ = DERIVED[match.view_name]
            return strip_language(reverse(page, kwargs=arguments(match.kwargs)), language), match.view_name
    except (Resolver404, NoReverseMatch, KeyError):
        return None


def current_address(path_info):
    """Where the object that used to be at ``path_info`` is now (a path with its language prefix), or None.

    Two queries: the old address, then its object (through ``published()`` for an article). The print view of an
    old article address, or a feed of an old section address, leads to the same page of the object now (one query
    more: the derived page's own address is looked up first).
    """
    language = language_of(path_info)

    def old_address(path):
        rows = OldAddress.objects.filter(language=language, path=path)
        return rows.values_list("content_type_id", "object_id").first()

    found, derived = old_address(strip_language(path_info, language)), None
    if found is None:
        derived = _derived(path_info, language)
        found = old_address(derived[0]) if derived else None
    if found is None:
        return None
    model = ContentType.objects.get_for_id(found[0]).model_class()  # cached by Django after the first read
    if model not in MODELS:
        return None
    if model is Article:
        objects = Article.objects.published(language).select_related("section")
    else:
        objects = model._default_manager.all()
    target = objects.filter(pk=found[1]).first()
    if target is None:
        return None
    with translation.override(language):
        if derived is not None:
            return reverse(derived[1], kwargs=DERIVED[derived[1]][2](target))
        return target.get_absolute_url()


class OldAddressMiddleware:
    """A 404 at an old address becomes a 301 to the object's address now (GET and HEAD; see the module).

    A middleware rather than the 404 view: it sees every 404, raised by a view (an article's old slug) or by
    URL resolution, with DEBUG on (the demo) or off, and the views need not know about old addresses. It runs
    below the page cache (a 404 or 301 is never stored) and the security middleware (the 301 gets their
    headers).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        address = current_address(request.path_info)
        if address is None or address == request.path:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{address}?{query}" if query else address)
