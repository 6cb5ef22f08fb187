"""Which cached pages a change drops: the one place that maps saved and deleted objects to page tags.

Tags name what a page shows (the ``pagecache`` package): ``article:12``, ``section:3``, ``tag:5``, ``directive:7``,
``organization:2``, ``image:4`` for one thing; ``articles``, ``directives``, ``organizations``, ``tags`` for
pages listing all of a kind (home, feeds, archives, search, the sitemap); ``menu`` for what every page shows.

Invalidation happens twice: at once (so a test or a shell session without a commit sees it too) and again when
the transaction commits, so a page rendered from data read between the two is dropped as well.
Changes that bypass signals (``QuerySet.update()``, ``bulk_create()``, raw SQL) must call :func:`invalidate`
themselves, or wait for ``PAGE_CACHE_SECONDS``.
"""
from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, Q, Subquery
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

import pagecache
from news.models import (
    Article,
    Attachment,
    Directive,
    DocumentRelation,
    Image,
    Organization,
    OrganizationStatistics,
    Rendition,
    Section,
    SubjectArea,
    Tag,
)

ARTICLES = "articles"
DIRECTIVES = "directives"
ORGANIZATIONS = "organizations"
TAGS = "tags"


def tag_for(model, pk):
    """``article:12`` for an Article with pk 12 (``model`` is a model class or instance)."""
    return f"{model._meta.model_name}:{pk}" if pk is not None else None


def invalidate(*tags):
    """Drop the pages showing ``tags`` now and once more when the current transaction commits."""
    tags = {tag for tag in tags if tag}
    if not tags:
        return
    pagecache.invalidate(*tags)
    transaction.on_commit(lambda: pagecache.invalidate(*tags, wait=True))


def next_go_live():
    """When the next scheduled article becomes public or the next expiring one comes down (``unpublish_at``), in
    epoch seconds, or None: what the page cache's pages and parts listing articles expire at (given to it in
    NewsConfig.ready(); it keeps the answer fresh itself). No edit happens at either moment, so no stamp would.

    One query, two index lookups: each moment is the first row of its column's index past now (a published
    article exists whenever either does, so the outer row is there when it matters).
    """
    now = timezone.now()
    live = Article.objects.filter(status=Article.Status.PUBLISHED).order_by()

    def first(field):
        return Subquery(
            live.filter(**{f"{field}__gt": now}).order_by(field).values(field)[:1], output_field=DateTimeField()
        )

    row = live.annotate(go_live=first("published_at"), comes_down=first("unpublish_at"))
    row = row.values_list("go_live", "comes_down").first()
    moments = [moment for moment in row or () if moment is not None]
    return min(moments).timestamp() if moments else None


def _remember_fields(*names):
    """A pre_save receiver keeping what ``names`` were before the save ({} for a new object): see _before()."""

    def remember(sender, instance, **kwargs):
        instance._page_cache_before = (
            sender._default_manager.filter(pk=instance.pk).values(*names).first() if instance.pk else None
        ) or {}

    return remember


def _before(instance, name):
    return (getattr(instance, "_page_cache_before", None) or {}).get(name)


# --- Articles --------------------------------------------------------------------------------------------------

def article_tags(article, sections=(), related=None):
    """The tags of every page that shows ``article`` while it is public."""
    if related is None:
        related = _related_tags(article)
    return {
        tag_for(Article, article.pk),
        ARTICLES,
        pagecache.SCHEDULE_TAG,
        *(tag_for(Section, pk) for pk in sections),
        *related,
    }


def _related_tags(article):
    """Tags of the tag, document and organization pages that list ``article`` (three small queries)."""
    if article.pk is None:
        return set()
    return {
        *(tag_for(Tag, pk) for pk in article.tags.values_list("pk", flat=True)),
        *(tag_for(Directive, pk) for pk in article.directives.values_list("pk", flat=True)),
        *(tag_for(Directive, pk) for pk in article.cited_directives.values_list("pk", flat=True)),
        *(tag_for(Organization, pk) for pk in article.organizations.values_list("pk", flat=True)),
    }


def _article_saved(sender, instance, **kwargs):
    was_public = _before(instance, "status") == Article.Status.PUBLISHED
    is_public = instance.status == Article.Status.PUBLISHED
    if not (was_public or is_public):
        # A draft shows on no public page (previews are never cached).
        invalidate(tag_for(Article, instance.pk))
        return
    sections = {instance.section_id, _before(instance, "section_id")} - {None}
    invalidate(*article_tags(instance, sections))


def _remember_deleted_article(sender, instance, **kwargs):
    # The many-to-many rows go with the article without m2m_changed: read them while they exist.
    instance._page_cache_deleted = article_tags(instance, {instance.section_id})


def _article_deleted(sender, instance, **kwargs):
    invalidate(*getattr(instance, "_page_cache_deleted", None) or article_tags(instance, {instance.section_id}, set()))


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """An article's tags, documents or organizations changed: its page and the pages listing either side."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "pre_clear":
        # pk_set is None for a clear: the rows about to go are still there.
        manager_name = _m2m_name(sender, reverse)
        pk_set = set(getattr(instance, manager_name).values_list("pk", flat=True)) if manager_name else set()
    # Who replaced whom also shapes the directory (dissolved organizations hang under their successors).
    directory = ORGANIZATIONS if sender is Organization.predecessors.through else None
    invalidate(tag_for(instance, instance.pk), *(tag_for(model, pk) for pk in pk_set or ()), directory)


def _m2m_name(through, reverse):
    for field in (*Article._meta.many_to_many, *Organization._meta.many_to_many):
        if field.remote_field.through is through:
            return field.remote_field.get_accessor_name() if reverse else field.name
    return None


# --- The registry and the rest ---------------------------------------------------------------------------------

def _directive_changed(sender, instance, **kwargs):
    issuers = {instance.issuing_body_id, _before(instance, "issuing_body_id")}
    # The documents related to it show its citation and validity in their panels (read before a delete).
    related = getattr(instance, "_page_cache_related", None)
    related = _related_directive_tags(instance.pk) if related is None else related
    # Articles naming it are relinked on commit (news.citations), which drops their pages.
    invalidate(tag_for(Directive, instance.pk), DIRECTIVES, *(tag_for(Organization, pk) for pk in issuers), *related)


def _related_directive_tags(pk):
    rows = DocumentRelation.objects.filter(Q(source_id=pk) | Q(target_id=pk)).values_list("source_id", "target_id")
    return {tag_for(Directive, other) for row in rows for other in row if other not in (pk, None)}


def _remember_related_directives(sender, instance, **kwargs):
    instance._page_cache_related = _related_directive_tags(instance.pk)


def _relation_changed(sender, instance, **kwargs):
    """Both documents' pages (panel, validity) and the list (its validity and relation filters)."""
    documents = {instance.source_id, instance.target_id, _before(instance, "source_id"), _before(instance, "target_id")}
    invalidate(DIRECTIVES, *(tag_for(Directive, pk) for pk in documents))


def _subject_area_changed(sender, instance, **kwargs):
    invalidate(tag_for(SubjectArea, instance.pk), DIRECTIVES)


def _organization_changed(sender, instance, **kwargs):
    parents = {instance.parent_id, _before(instance, "parent_id")}
    tags = {tag_for(Organization, instance.pk), ORGANIZATIONS, *(tag_for(Organization, pk) for pk in parents)}
    if settings.PORTAL_OWNER_SLUG in {instance.slug, _before(instance, "slug")}:
        tags.add(pagecache.SITE_TAG)  # the footer of every page shows the portal owner
    invalidate(*tags)


def _statistics_changed(sender, instance, **kwargs):
    invalidate(tag_for(Organization, instance.organization_id))


def _section_changed(sender, instance, **kwargs):
    # Every page shows the menu of sections.
    invalidate(tag_for(Section, instance.pk), pagecache.SITE_TAG)


def _tag_changed(sender, instance, **kwargs):
    invalidate(tag_for(Tag, instance.pk), TAGS)


def _image_changed(sender, instance, **kwargs):
    invalidate(tag_for(Image, instance.pk))


def _rendition_changed(sender, instance, **kwargs):
    invalidate(tag_for(Image, instance.image_id))


def _attachment_changed(sender, instance, **kwargs):
    invalidate(tag_for(Article, instance.article_id))


def connect():
    """Wire the signals; called from NewsConfig.ready() after news.signals, so relinking runs first on commit."""
    uid = "news_page_cache_"
    pre_save.connect(
        _remember_fields("status", "section_id"), sender=Article, dispatch_uid=uid + "article_before", weak=False
    )
    post_save.connect(_article_saved, sender=Article, dispatch_uid=uid + "article_saved")
    pre_delete.connect(_remember_deleted_article, sender=Article, dispatch_uid=uid + "article_before_delete")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=uid + "article_deleted")
    for through in (
        Article.tags.through,
        Article.directives.through,
        Article.cited_directives.through,
        Article.organizations.through,
        Organization.predecessors.through,
    ):
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=uid + f"m2m_{through._meta.model_name}")
    remembered = {
        Directive: (("issuing_body_id",), _directive_changed),
        Organization: (("parent_id", "slug"), _organization_changed),
        DocumentRelation: (("source_id", "target_id"), _relation_changed),
    }
    for model, (fields, handler) in remembered.items():
        name = model._meta.model_name
        pre_save.connect(_remember_fields(*fields), sender=model, dispatch_uid=uid + f"{name}_before", weak=False)
        post_save.connect(handler, sender=model, dispatch_uid=uid + f"{name}_saved")
        post_delete.connect(handler, sender=model, dispatch_uid=uid + f"{name}_deleted")
    pre_delete.connect(_remember_related_directives, sender=Directive, dispatch_uid=uid + "directive_before_delete")
    for model, handler in (
        (SubjectArea, _subject_area_changed),
        (OrganizationStatistics, _statistics_changed),
        (Section, _section_changed),
        (Tag, _tag_changed),
        (Image, _image_changed),
        (Rendition, _rendition_changed),
        (Attachment, _attachment_changed),
    ):
        name = model._meta.model_name
        post_save.connect(handler, sender=model, dispatch_uid=uid + f"{name}_saved")
        post_delete.connect(handler, sender=model, dispatch_uid=uid + f"{name}_deleted")
