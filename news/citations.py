"""Keeping an article's document citations in step with its text (derived data; the parsing is references.py).

On every save of an article the references in each language's body are resolved against the registry:
resolved ones become links (``body_linked_<lang>``) and ``cited_directives`` rows; the rest are remembered
in ``unresolved_references`` so staff can add the missing documents. Saving or deleting a document
re-resolves the articles that may mention it.
"""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.html import escape
from modeltranslation.settings import AVAILABLE_LANGUAGES

from news import page_cache
from news.cache_invalidation import invalidate, tag_for
from news.models import Article, Directive
from news.references import choose_directive, link_references, references_in_html

MISSING = "missing"  # no document with that number (or plenum and term) in the registry
AMBIGUOUS = "ambiguous"  # several documents could be meant and the text does not say which


def candidates_for(references):
    numbers = {ref.number for ref in references if ref.number}
    plenums = {(ref.plenum, ref.term) for ref in references if ref.kind == "plenum"}
    query = Q(number__in=numbers) if numbers else Q(pk__in=[])
    for plenum, term in plenums:
        query |= Q(plenum=plenum, term=term)
    return list(Directive.objects.filter(query)) if (numbers or plenums) else []


def _matches(ref, directive):
    if ref.kind == "plenum":
        return directive.plenum == ref.plenum and directive.term == ref.term
    return directive.number == ref.number


def _texts(article, lang):
    """The HTML of each linkable text of ``article`` in ``lang``: the lead (plain text, escaped) and the body."""
    return {
        "lead": escape(getattr(article, f"lead_{lang}") or ""),
        "body": getattr(article, f"body_{lang}") or "",
    }


def refresh_citations(article):
    """Recompute links, cited documents and unresolved references of ``article`` (already saved)."""
    texts = {lang: _texts(article, lang) for lang in AVAILABLE_LANGUAGES}
    references = {
        (lang, field): references_in_html(html) for lang, fields in texts.items() for field, html in fields.items()
    }
    candidates = candidates_for([ref for refs in references.values() for ref in refs])
    article_date = timezone.localdate(article.published_at) if article.published_at else None

    linked, cited, unresolved = {}, set(), {}
    for (lang, field), refs in references.items():
        # Other mentions of a number in the same language may say which document it is ("... ngày 15/5/2016").
        same_language = [ref for (other_lang, _f), others in references.items() if other_lang == lang for ref in others]
        links = {}
        for ref in refs:
            context = [other for other in same_language if other is not ref and other.number == ref.number != ""]
            directive = choose_directive(ref, candidates, article_date, context)
            if directive is None:
                reason = AMBIGUOUS if any(_matches(ref, d) for d in candidates) else MISSING
                unresolved.setdefault(ref.number or ref.text, reason)
                continue
            with translation.override(lang):
                links[(ref.start, ref.end)] = directive.get_absolute_url()
            cited.add(directive.pk)
        linked[f"{field}_linked_{lang}"] = link_references(texts[lang][field], links) if links else ""

    unresolved_list = [{"reference": text, "reason": reason} for text, reason in sorted(unresolved.items())]
    Article.objects.filter(pk=article.pk).update(unresolved_references=unresolved_list, **linked)
    invalidate(tag_for(Article, article.pk))  # its links changed, maybe with no save of the article itself
    for name, value in linked.items():
        setattr(article, name, value)
    article.unresolved_references = unresolved_list
    article.cited_directives.set(cited)


def articles_mentioning(directive):
    """Articles whose citations may change when ``directive`` is added, edited or removed."""
    query = Q(cited_directives=directive)
    for lang in AVAILABLE_LANGUAGES:
        if directive.number:
            query |= Q(**{f"body_{lang}__contains": directive.number})
        if directive.plenum and directive.term:
            query |= Q(**{f"body_{lang}__contains": f"khóa {directive.term}"})
            query |= Q(**{f"body_{lang}__contains": f"khoá {directive.term}"})
    return Article.objects.filter(query).distinct()


def refresh_later(article_ids):
    """Re-resolve these articles once the current transaction has committed (the registry is then final)."""

    def run():
        with page_cache.one_wait():  # hundreds of articles may cite a document: one wait, not one each
            for article in Article.objects.filter(pk__in=list(article_ids)):
                refresh_citations(article)

    transaction.on_commit(run)
