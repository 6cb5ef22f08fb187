"""Keeping an article's document citations in step with its text (derived data; the parsing is references.py).

On every save of an article the references in each language's lead and body are resolved against the registry:
resolved ones become links (``lead_linked_<lang>``, ``body_linked_<lang>``) and ``cited_directives`` rows, and
every reference, resolved or not, is a row of the references table (``ArticleReference``) with the key the
registry answers to. ``unresolved_references`` keeps the article's missing and ambiguous references as a short
list derived from the same resolution (written in the same UPDATE as the links, so it costs nothing more); the
admin's list of missing documents and its counts read the table.

Saving, renumbering or deleting a document re-resolves the articles whose references it may answer, found in
the table by their key (an index lookup), whichever field and language cite it and however it was written
("TƯ" or "TW", "NĐ" or "ND", a plenum in English or Vietnamese).
"""
import html

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import escape
from modeltranslation.settings import AVAILABLE_LANGUAGES

from news import page_cache
from news.cache_invalidation import invalidate, tag_for
from news.models import Article, ArticleReference, Directive
from news.references import directive_keys, link_references, number_variants, references_in_html, resolve

LINKED = ArticleReference.Status.LINKED
MISSING = ArticleReference.Status.MISSING  # the registry has no document that fits what the text says
AMBIGUOUS = ArticleReference.Status.AMBIGUOUS  # several documents fit and the text does not say which
FIELDS = ("lead", "body")
# The columns that say what a row is: a row whose values are all unchanged is kept as it is (same id).
_ROW_FIELDS = ("language", "field", "position", "kind", "key", "number", "document_type", "issued_on", "term",
               "plenum", "text", "directive_id", "status")


def candidates_for(references):
    """The registry entries any of ``references`` may mean (one query)."""
    numbers = set().union(*(number_variants(ref.key) for ref in references if ref.kind != "plenum"))
    plenums = {(ref.plenum, ref.term) for ref in references if ref.kind == "plenum"}
    if not (numbers or plenums):
        return []
    query = Q(number__in=numbers) if numbers else Q(pk__in=[])
    for plenum, term in plenums:
        query |= Q(plenum=plenum, term=term)
    return list(Directive.objects.filter(query))


def _texts(article, lang):
    """The HTML of each linkable text of ``article`` in ``lang``: the lead (plain text, escaped) and the body."""
    return {
        "lead": escape(getattr(article, f"lead_{lang}") or ""),
        "body": getattr(article, f"body_{lang}") or "",
    }


def reference_row(article_id, language, field, ref, directive_id, status):
    """The table's row for ``ref`` (a news.references.Reference found in that field of the article)."""
    return ArticleReference(
        article_id=article_id, language=language, field=field, position=ref.start, kind=ref.kind,
        key=ref.key[:100], number=ref.number[:100], document_type=ref.document_type, issued_on=ref.issued_on,
        term=ref.term, plenum=ref.plenum, text=html.unescape(ref.text)[:300], directive_id=directive_id,
        status=status,
    )


def refresh_citations(article):
    """Recompute links, cited documents and references of ``article`` (already saved)."""
    texts = {lang: _texts(article, lang) for lang in AVAILABLE_LANGUAGES}
    references = {(lang, field): references_in_html(texts[lang][field]) for lang in texts for field in FIELDS}
    candidates = candidates_for([ref for refs in references.values() for ref in refs])
    article_date = timezone.localdate(article.published_at) if article.published_at else None

    linked, cited, unresolved, rows = {}, set(), {}, []
    for (lang, field), refs in references.items():
        # Other mentions of a number in the same language may say which document it is ("... ngày 15/5/2016").
        same_language = [ref for (other_lang, _f), others in references.items() if other_lang == lang for ref in others]
        links = {}
        for ref in refs:
            context = [other for other in same_language
                       if other is not ref and other.kind != "plenum" and ref.kind != "plenum" and other.key == ref.key]
            directive, status = resolve(ref, candidates, article_date, context)
            if directive is None:
                unresolved.setdefault(ref.number or ref.text, status)
            else:
                with translation.override(lang):
                    links[(ref.start, ref.end)] = directive.get_absolute_url()
                cited.add(directive.pk)
            rows.append(reference_row(article.pk, lang, field, ref, directive and directive.pk, status))
        linked[f"{field}_linked_{lang}"] = link_references(texts[lang][field], links) if links else ""

    # A document linked by picking it in the body editor is cited too (its "cited by" list names the article).
    from news.internal_links import references as chosen_references

    picked = {pk for lang in texts for pk in chosen_references(texts[lang]["body"]).get("directive", ())}
    if picked - cited:
        cited |= set(Directive.objects.filter(pk__in=picked - cited).values_list("pk", flat=True))

    unresolved_list = [{"reference": text, "reason": reason} for text, reason in sorted(unresolved.items())]
    Article.objects.filter(pk=article.pk).update(unresolved_references=unresolved_list, **linked)
    invalidate(tag_for(Article, article.pk))  # its links changed, maybe with no save of the article itself
    for name, value in linked.items():
        setattr(article, name, value)
    article.unresolved_references = unresolved_list
    article.cited_directives.set(cited)
    _store_rows(article.pk, rows)


def _signature(row):
    return tuple(getattr(row, name) for name in _ROW_FIELDS)


def _store_rows(article_id, rows):
    """Make the article's rows in the table ``rows``: unchanged ones stay (with their ids), the rest is replaced."""
    wanted = {}
    for row in rows:
        wanted.setdefault(_signature(row), []).append(row)
    stale = []
    for existing in ArticleReference.objects.filter(article_id=article_id):
        same = wanted.get(_signature(existing))
        if same:
            same.pop()
        else:
            stale.append(existing.pk)
    if stale:
        ArticleReference.objects.filter(pk__in=stale).delete()
    new = [row for group in wanted.values() for row in group]
    if new:
        ArticleReference.objects.bulk_create(new)


def keys_of(directive):
    """The keys of the references that may mean ``directive`` (a Directive, saved or not)."""
    return directive_keys(directive.number, directive.plenum, directive.term)


def articles_mentioning(directive, keys=()):
    """Ids of the articles whose citations may change when ``directive`` is added, edited or removed.

    Those citing it now, and those with a reference it answers to (or answered to before an edit: ``keys``),
    found through the references table's index on the key: one query, whatever the number of articles.
    """
    keys = set(keys) | keys_of(directive)
    pk = directive.pk or 0  # an unsaved document is cited by no row
    by_reference = ArticleReference.objects.filter(Q(key__in=keys) | Q(directive_id=pk))
    # Links made before the table was filled (an upgrade not yet followed by relink_citations) count too.
    by_link = Article.cited_directives.through.objects.filter(directive_id=pk)
    return set(
        by_reference.order_by().values_list("article_id", flat=True)
        .union(by_link.order_by().values_list("article_id", flat=True))
    )


def refresh_later(article_ids):
    """Re-resolve these articles once the current transaction has committed (the registry is then final)."""
    article_ids = list(article_ids)
    if not article_ids:
        return

    def run():
        with page_cache.one_wait():  # hundreds of articles may cite a document: one wait, not one each
            for pk in sorted(article_ids):
                # Each article whole or not at all, and after (not alongside) a save of it under way elsewhere.
                with transaction.atomic():
                    article = Article.objects.select_for_update().filter(pk=pk).first()
                    if article is not None:
                        refresh_citations(article)

    transaction.on_commit(run)
