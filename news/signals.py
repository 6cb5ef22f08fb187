"""Derived data kept in step with saved articles and documents: cleaned HTML, the English's translation status
(news/translation_status.py), citations and their links,
document relations waiting for their document. (The page cache's stamps are news/cache_invalidation.py's, the
search entries news/search_index.py's, an image's renditions and files news/models/media.py's.)"""
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from modeltranslation.settings import AVAILABLE_LANGUAGES

from news import citations, translation_status
from news.models import Article, Directive
from news.models.directives import clean_full_text
from news.models.relations import keep_relations_as_placeholders
from news.sanitize import sanitize_html


@receiver(pre_save, sender=Article, dispatch_uid="news_sanitize_article_body")
def sanitize_article_body(sender, instance, raw=False, **kwargs):
    # pre_save also fires for loaddata (raw=True), so fixtures cannot smuggle markup past the allow-list.
    for lang in AVAILABLE_LANGUAGES:
        field = f"body_{lang}"
        setattr(instance, field, sanitize_html(getattr(instance, field)))


@receiver(pre_save, sender=Article, dispatch_uid="news_article_translation_status")
def derive_translation_status(sender, instance, raw=False, update_fields=None, **kwargs):
    if update_fields is not None and not {"vi_edition", "en_made_from"} & set(update_fields):
        return  # a save of other columns (a change of state): the texts are not written
    if raw:
        return  # loaded data (fixtures, backups) is taken as it is
    stored = None
    if instance.pk is not None:
        stored = Article.objects.filter(pk=instance.pk).only(
            "vi_edition", "en_made_from", *(f"{name}_{lang}" for name in translation_status.TRACKED_FIELDS
                                            for lang in AVAILABLE_LANGUAGES)).first()
    translation_status.derive(instance, stored)


@receiver(post_save, sender=Article, dispatch_uid="news_article_citations")
def link_article_citations(sender, instance, raw=False, **kwargs):
    if raw:
        # loaddata: the documents an article cites may come later in the same fixture.
        transaction.on_commit(lambda: citations.refresh_citations(Article.objects.get(pk=instance.pk)))
    else:
        citations.refresh_citations(instance)


@receiver(pre_save, sender=Directive, dispatch_uid="news_sanitize_directive_full_text")
def sanitize_full_text(sender, instance, raw=False, **kwargs):
    # As for article bodies: pre_save also fires for loaddata (raw=True), so a fixture cannot smuggle markup
    # past the allow-list either.
    instance.full_text = clean_full_text(instance.full_text)


@receiver(pre_save, sender=Directive, dispatch_uid="news_directive_remember_keys")
def remember_directive_keys(sender, instance, raw=False, **kwargs):
    # A renumbered document leaves the articles citing its old number to be relinked too (one of two namesakes
    # renumbered makes the other one's citations unambiguous).
    if raw or instance.pk is None:
        return
    before = Directive.objects.filter(pk=instance.pk).values("number", "plenum", "term").first()
    instance._citation_keys_before = citations.directive_keys(**before) if before else set()


@receiver(post_save, sender=Directive, dispatch_uid="news_directive_relinks_articles")
def relink_after_directive_save(sender, instance, raw=False, **kwargs):
    instance.resolve_waiting_relations()  # relations that named it by number and date now link to it
    if not raw:
        keys = getattr(instance, "_citation_keys_before", set())
        citations.refresh_later(citations.articles_mentioning(instance, keys))


@receiver(pre_delete, sender=Directive, dispatch_uid="news_directive_delete_remember")
def remember_citing_articles(sender, instance, using="default", **kwargs):
    instance._articles_to_relink = citations.articles_mentioning(instance)
    keep_relations_as_placeholders(instance, using)  # relations from others wait for it, by number and date


@receiver(post_delete, sender=Directive, dispatch_uid="news_directive_delete_relink")
def relink_after_directive_delete(sender, instance, **kwargs):
    citations.refresh_later(getattr(instance, "_articles_to_relink", []))


# --- Durable addresses (news/addresses.py) ----------------------------------------------------------------------
# An article, document, organization, section or tag whose address a save changes (slug, section) keeps the old
# one answering with a 301: its addresses are read before the save and compared after it.
def _connect_addresses():
    from news import addresses

    for model in addresses.MODELS:
        name = model._meta.model_name
        pre_save.connect(addresses.remember_addresses, sender=model, dispatch_uid=f"news_addresses_before_{name}")
        post_save.connect(addresses.record_old_addresses, sender=model, dispatch_uid=f"news_addresses_after_{name}")
        post_delete.connect(addresses.forget_addresses, sender=model, dispatch_uid=f"news_addresses_deleted_{name}")


_connect_addresses()
