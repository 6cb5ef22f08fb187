"""Keeps the search index (news.models.SearchEntry) in step with articles, directives and organizations.

One entry per object and language, holding what a reader may find there:
- an article, in each language where it is published and has a title, a slug and a body (the rule of
  ``ArticleQuerySet.published()`` without the time: scheduled articles are indexed ahead and the search
  filters on ``published_at`` when it runs, so they go live with no cron); drafts have no entries;
- a directive and an organization, in every language (they are always public; untranslated fields fall back
  to Vietnamese, as on their pages); a directive's entry holds its summary and its full text.

Saves index at once, in the saving transaction. Fixture loads (``raw``) index on commit, when the whole
fixture is in (and after any dumped search rows it carried, which the upsert then overwrites).
``QuerySet.update()`` and ``bulk_create()`` send no signals: run ``manage.py rebuild_search_index`` after them.
"""
from datetime import datetime, time
from functools import partial
from html.parser import HTMLParser

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone, translation

from news.models import Article, Directive, Organization, SearchEntry
from news.search import FTS_TABLE, index_text

KINDS = {
    Article: SearchEntry.Kind.ARTICLE,
    Directive: SearchEntry.Kind.DIRECTIVE,
    Organization: SearchEntry.Kind.ORGANIZATION,
}
FTS_COLUMNS = ("exact_title", "folded_title", "exact_body", "folded_body")
TEXT_FIELDS = ["published_at", "title", "body", *FTS_COLUMNS]


def languages():
    return [code for code, _name in settings.LANGUAGES]


# --- What an object says, per language ---------------------------------------------------------------------

_BLOCKS = {
    "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure", "figcaption",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "hr", "div", "img",
}


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.hidden += 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.hidden = max(0, self.hidden - 1)
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def plain_text(*texts_or_html):
    """Readable text of HTML fragments: tags removed (blocks become spaces), entities decoded, spaces collapsed."""
    parser = _TextOf()
    for html in texts_or_html:
        parser.feed(html or "")
        parser.handle_starttag("p", [])
    parser.close()
    return " ".join("".join(parser.parts).split())


def _article_document(article, lang):
    title = getattr(article, f"title_{lang}", None)
    body = getattr(article, f"body_{lang}", None)
    public = (
        article.status == Article.Status.PUBLISHED
        and article.published_at is not None
        and title
        and body
        and getattr(article, f"slug_{lang}", None) is not None
    )
    if not public:
        return None
    return {
        "title": " ".join(title.split()),
        "body": plain_text(getattr(article, f"lead_{lang}", ""), body),
        "published_at": article.published_at,
    }


def _directive_document(directive, lang):
    with translation.override(lang):
        issued = directive.issued_on
        return {
            "title": str(directive.citation),
            # The full text is the Vietnamese original in both languages, as the document's page shows it.
            "body": plain_text(directive.summary, directive.full_text),
            "published_at": timezone.make_aware(datetime.combine(issued, time.min)) if issued else None,
        }


def _organization_document(organization, lang):
    with translation.override(lang):
        other = [text for text in (organization.short_name, organization.description) if text]
        return {"title": organization.name, "body": plain_text(*other), "published_at": None}


DOCUMENTS = {
    Article: _article_document,
    Directive: _directive_document,
    Organization: _organization_document,
}


def _entry(model, obj, lang):
    """The unsaved SearchEntry of ``obj`` in ``lang``, or None when it has none there."""
    document = DOCUMENTS[model](obj, lang)
    if document is None or not document["title"]:
        return None
    exact_title, folded_title = index_text(document["title"])
    exact_body, folded_body = index_text(document["body"])
    return SearchEntry(
        kind=KINDS[model], object_id=obj.pk, language=lang, exact_title=exact_title, folded_title=folded_title,
        exact_body=exact_body, folded_body=folded_body, **document,
    )


# --- Writing the index ------------------------------------------------------------------------------------
# PostgreSQL indexes the word columns itself (GIN). On SQLite the FTS5 table is written here, in the same
# transaction, copied from the rows just written (rowid = id).

_FTS_COPY = f"INSERT INTO {FTS_TABLE} (rowid, {', '.join(FTS_COLUMNS)}) SELECT id, {', '.join(FTS_COLUMNS)} "
_FTS_COPY += f"FROM {SearchEntry._meta.db_table}"


def _fts_forget(cursor, ids):
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(chunk))})", chunk)


def _write(entries, using):
    """Insert or update ``entries`` in one statement (upsert on kind, object, language)."""
    if not entries:
        return
    SearchEntry.objects.using(using).bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["kind", "object_id", "language"],
        update_fields=TEXT_FIELDS + ["indexed_at"],
    )
    connection = connections[using]
    if connection.vendor == "sqlite":
        ids = [entry.pk for entry in entries]  # set by bulk_create (RETURNING)
        with connection.cursor() as cursor:
            _fts_forget(cursor, ids)
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                cursor.execute(f"{_FTS_COPY} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)


def _delete(queryset, using):
    connection = connections[using]
    if connection.vendor == "sqlite":
        ids = list(queryset.values_list("pk", flat=True))
        if not ids:
            return
        with connection.cursor() as cursor:
            _fts_forget(cursor, ids)
        queryset = SearchEntry.objects.using(using).filter(pk__in=ids)
    queryset.delete()


def index_object(obj, using="default"):
    """Write ``obj``'s entries (an Article, Directive or Organization) and remove those it no longer has."""
    model = type(obj)._meta.concrete_model
    entries, gone = [], []
    for lang in languages():
        entry = _entry(model, obj, lang)
        if entry:
            entries.append(entry)
        else:
            gone.append(lang)
    with transaction.atomic(using=using):
        _write(entries, using)
        if gone:
            _delete(
                SearchEntry.objects.using(using).filter(kind=KINDS[model], object_id=obj.pk, language__in=gone), using
            )


def remove_object(model, pk, using="default"):
    with transaction.atomic(using=using):
        _delete(SearchEntry.objects.using(using).filter(kind=KINDS[model], object_id=pk), using)


def reindex(model, pk, using="default"):
    """Index the object ``model`` ``pk`` as it is now in the database (or remove it, if it is gone)."""
    obj = model._default_manager.using(using).filter(pk=pk).first()
    if obj is None:
        remove_object(model, pk, using)
    else:
        index_object(obj, using)


def rebuild(using="default", batch_size=500):
    """Rewrite the whole index from the objects; returns the number of entries written."""
    connection = connections[using]
    written = 0
    with transaction.atomic(using=using):
        SearchEntry.objects.using(using).all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {FTS_TABLE}")
        for model in KINDS:
            batch = []
            for obj in model._default_manager.using(using).order_by("pk").iterator(chunk_size=batch_size):
                for lang in languages():
                    entry = _entry(model, obj, lang)
                    if entry:
                        batch.append(entry)
                if len(batch) >= batch_size:
                    _write(batch, using)
                    written += len(batch)
                    batch = []
            _write(batch, using)
            written += len(batch)
    return written


# --- Signals ------------------------------------------------------------------------------------------------


def _saved(sender, instance, raw=False, using="default", **kwargs):
    if raw:
        # loaddata: index once the whole fixture is in, from the stored row.
        model = type(instance)._meta.concrete_model
        transaction.on_commit(partial(reindex, model, instance.pk, using), using=using)
    else:
        index_object(instance, using)


def _deleted(sender, instance, using="default", **kwargs):
    remove_object(type(instance)._meta.concrete_model, instance.pk, using)


for _model in KINDS:
    receiver(post_save, sender=_model, dispatch_uid=f"news_search_index_save_{_model.__name__}")(_saved)
    receiver(post_delete, sender=_model, dispatch_uid=f"news_search_index_delete_{_model.__name__}")(_deleted)
